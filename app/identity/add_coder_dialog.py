"""Coding › Add Coder…: the person working adds a teammate (coder or lead)
and goes on working as themselves; the audit log names them as who added."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.identity.role_choice import RoleChoice
from coding import coders
from storage import TandemError


class AddCoderDialog(QDialog):
    sig_coder_added = Signal(str)  # the new coder's name

    def __init__(self, workspace, parent: Optional[QWidget] = None):
        """``workspace``: the person working now, who adds the coder."""
        super().__init__(parent)
        self.setWindowTitle("Add Coder")
        self.ws = workspace
        with workspace.store.session() as s:  # the core says whether this person may add a lead
            refusal = coders.lead_refusal(s, coders.find_coder(s, workspace.me.name))
        self.name = QLineEdit(placeholderText="Their name, as the team will see it")
        self.roles = RoleChoice(refusal)
        self.role_coder, self.role_lead = self.roles.coder, self.roles.lead
        self.message = QLabel(objectName="message", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("Role:", self.roles)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Add a member of the team. You go on coding as {workspace.me.name}; they "
                                "choose their name when they open the project.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(440, self.sizeHint().height())

    def accept(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.message.setText("Type the new coder's name.")
            return
        role = self.roles.role()
        self.ws.wait()  # the steps asked for before go first
        try:
            with self.ws.store.transaction(self.ws.acting) as s:
                added = coders.create_coder(s, name, role=role, by=coders.find_coder(s, self.ws.me.name)).name
        except TandemError as exc:
            self.message.setText(str(exc))
            return
        self.sig_coder_added.emit(added)
        super().accept()
