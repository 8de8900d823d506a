"""File › Open Server Project…: where the team's project lives (host, port,
database, schema, user), or a pasted postgresql:// address, and the
password — typed here, or left empty for libpq to find in ~/.pgpass.

The dialog stays open while Tandem connects, and shows why a connection
failed in one line (the caller says so: ``show_problem``).  The password is
never kept: the address it hands on has none in it.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)
from sqlalchemy.engine import URL

DEFAULT_PORT = 5432


class ConnectionDialog(QDialog):
    sig_connection_requested = Signal(str, str)  # the address without a password, the password ("" for none)

    def __init__(self, parent: Optional[QWidget] = None, url: str = "", problem: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Open Server Project")
        self.setMinimumWidth(520)  # an address and its placeholders read whole
        self._syncing = False
        self.address = QLineEdit(placeholderText="postgresql://USER@HOST:PORT/DATABASE (or fill in below)")
        self.host = QLineEdit("localhost")
        self.port = QSpinBox(minimum=1, maximum=65535, value=DEFAULT_PORT)
        self.database = QLineEdit(placeholderText="the team's database")
        self.schema = QLineEdit(placeholderText="empty: the database's own (public)")
        self.user = QLineEdit(placeholderText="your database role (your team's lead gives it to you)")
        self.password = QLineEdit(placeholderText="empty: from your ~/.pgpass file, or none needed")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(objectName="problem", wordWrap=True)
        self.problem.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton("&Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Address:", self.address)
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&Schema:", self.schema)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A project on the team's PostgreSQL server. You act as the user you connect "
                                "as; the password is not remembered.", wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.address.textEdited.connect(self._on_address_text_edited)
        for field in (self.host, self.database, self.schema, self.user):
            field.textEdited.connect(self._on_parts_edited)
        self.port.valueChanged.connect(self._on_parts_edited)
        if url:
            self.address.setText(url)
            self._on_address_text_edited(url)
        self.show_problem(problem)
        (self.password if url else self.address).setFocus()

    # --- what the caller does ---
    def show_problem(self, message: str) -> None:
        """Why the last attempt failed ("" for none); the fields can be corrected."""
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.connect_button.setEnabled(True)
        self.connect_button.setText("&Connect")

    def url(self) -> str:
        """The address as the fields give it, without the password."""
        from storage.server import without_password

        return without_password(self.address.text())

    # --- handlers ---
    def _on_buttons_accepted(self) -> None:
        if not self.database.text().strip() or not self.user.text().strip():
            self.show_problem("Give the database and your user (or paste the server's address).")
            return
        self.connect_button.setEnabled(False)
        self.connect_button.setText("Connecting…")
        self.problem.hide()
        self.sig_connection_requested.emit(self.url(), self.password.text())

    def _on_address_text_edited(self, text: str) -> None:
        """A pasted address fills the fields (a password in it goes to the password field)."""
        from sqlalchemy import make_url
        from sqlalchemy.exc import ArgumentError

        if self._syncing:
            return
        try:
            url = make_url(text.strip())
        except ArgumentError:
            return  # still being typed
        from storage.server import schema_of, without_password

        self._syncing = True
        try:
            self.host.setText(url.host or "localhost")
            self.port.setValue(url.port or DEFAULT_PORT)
            self.database.setText(url.database or "")
            self.schema.setText(schema_of(url))
            self.user.setText(url.username or "")
            if url.password:
                self.password.setText(url.password)
                self.address.setText(without_password(text))
        finally:
            self._syncing = False

    def _on_parts_edited(self, *_args) -> None:
        if self._syncing:
            return
        schema = self.schema.text().strip()
        url = URL.create("postgresql", username=self.user.text().strip() or None,
                         host=self.host.text().strip() or None, port=self.port.value(),
                         database=self.database.text().strip() or None,
                         query={"options": f"-csearch_path={schema}"} if schema else {})
        self._syncing = True
        try:
            self.address.setText(url.render_as_string(hide_password=False))
        finally:
            self._syncing = False
