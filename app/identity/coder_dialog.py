"""Who is coding? Picked (or created) when a project opens, remembered per
machine and project in QSettings; every coding, memo and decision carries it."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.identity.coders_model import CodersModel
from app.identity.role_choice import RoleChoice
from coding import coders, views
from storage import ProjectStore, TandemError


class CoderDialog(QDialog):
    sig_coder_chosen = Signal(object)  # CoderSummary

    def __init__(self, store: ProjectStore, parent: Optional[QWidget] = None, me: Optional[str] = None):
        """``me``: the name of the coder working now, if any (a lead may add a lead)."""
        super().__init__(parent)
        self.setWindowTitle("Who is coding?")
        self.store = store
        self.me = me
        self.model = CodersModel(self)
        with store.session() as s:
            self.model.set_coders([c for c in views.coder_summaries(s) if c.role != "consensus"])
            refusal = coders.lead_refusal(s, coders.find_coder(s, me) if me else None)  # the core decides
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.doubleClicked.connect(self._on_list_double_clicked)
        self.new_name = QLineEdit(placeholderText="Your name, as the team will see it")
        self.new_name.textEdited.connect(self._on_new_name_text_edited)
        self.roles = RoleChoice(refusal)
        self.role_coder, self.role_lead = self.roles.coder, self.roles.lead
        self.message = QLabel(objectName="message", wordWrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Or add yourself:", self.new_name)
        form.addRow("Role:", self.roles)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the coder you are. With independent (blind) coding on, "
                                "you will see only your own codings. Your choice is recorded in the "
                                "project's audit log with this computer's login. To add someone else, "
                                "choose yourself, then File › Add Coder…", wordWrap=True))
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def choose(self, name: str) -> None:
        """Select an existing coder by name (keyboard users and tests)."""
        for row in range(self.model.rowCount()):
            if self.model.coder_at(row).name == name:
                self.list.setCurrentIndex(self.model.index(row))
                self.new_name.clear()
                return

    def accept(self) -> None:
        name = self.new_name.text().strip()
        if name:
            role = self.roles.role()
            try:
                with self.store.transaction(name) as s:
                    by = coders.find_coder(s, self.me) if self.me else None
                    coders.record_identity(s, coders.create_coder(s, name, role=role, by=by), _login())
                with self.store.session() as s:
                    chosen = next(c for c in views.coder_summaries(s) if c.name == name)
            except TandemError as exc:
                self.message.setText(str(exc))
                return
        else:
            selected = self.list.selectionModel().selectedIndexes()  # not the current row: focus sets it
            chosen = self.model.coder_at(selected[0].row()) if selected else None
            if chosen is None:
                self.message.setText("Choose a coder from the list, or type the name of a new one.")
                return
            if not self.store.note():  # a read-only or damaged project is read without a log entry
                try:
                    with self.store.transaction(chosen.name) as s:
                        coders.record_identity(s, coders.get_coder(s, chosen.name), _login())
                except TandemError as exc:
                    self.message.setText(str(exc))
                    return
        self.sig_coder_chosen.emit(chosen)
        super().accept()

    def _on_list_double_clicked(self, _index) -> None:
        self.new_name.clear()
        self.accept()

    def _on_new_name_text_edited(self, text: str) -> None:
        if text.strip():
            self.list.clearSelection()


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in this environment
        return "unknown"
