"""A project on the team server in the main window: File › Open Server
Project…, reopening one from Open Recent (its address kept without the
password; asked again unless ~/.pgpass has it), who acts (the connection
says, not the identity dialog), changes by the other coder shown as they
happen (``app.server.live_updates``), and a change stopped by a lost
connection held until the person retries or discards it.

Connecting runs in a worker: an unreachable server keeps nobody waiting.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMessageBox

from app import settings
from app.common import worker
from storage import TandemError


class ServerActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.dialog = None
        self.live = None        # app.server.live_updates.LiveUpdates while a project is open with a coder
        self.lost_box = None    # the question after a lost connection
        self.server: Optional[tuple[str, Optional[tuple[str, str]]]] = None  # (address, (name, role)) on a server
        self.action = QAction("Open &Server Project…", window)
        self.action.setToolTip("A project on the team's PostgreSQL server")
        self.action.triggered.connect(lambda: self.ask())
        window.menuBar().actions()[0].menu().insertAction(window.recent_menu.menuAction(), self.action)
        self.label = QLabel(objectName="server_label")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        window.sig_project_opened.connect(self._on_window_project_opened)
        window.sig_identity_chosen.connect(self._on_window_identity_chosen)
        window.installEventFilter(self)

    # --- opening ---
    def open_location(self, location: str) -> None:
        """A recent project: a file, or a server's address (a password asked for when needed)."""
        from storage.server import is_server_url

        if is_server_url(location):
            self.open_url(location)
        else:
            self.w.open_path(Path(location))

    def ask(self, url: str = "", problem: str = ""):
        """The connection dialog, with what was tried and why it failed."""
        from app.server.connection_dialog import ConnectionDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_problem(problem)
            return self.dialog
        self.dialog = ConnectionDialog(self.w, url, problem)
        self.dialog.sig_connection_requested.connect(self.open_url)
        self.dialog.open()
        return self.dialog

    def open_url(self, url: str, password: str = "") -> worker.Task:
        """Connect (in a worker) and open the project there; on failure the
        dialog says why, with the address filled in."""
        from storage.server import without_password

        def connect(_progress):
            from coding import team_server
            from storage.server import open_server

            store = open_server(url, password or None)
            try:
                return store, team_server.identity(store.engine)
            except BaseException:
                store.close()  # not left connected when the project cannot be opened after all
                raise

        shown = without_password(url)
        task = worker.Task(connect)
        task.signals.sig_result_ready.connect(lambda result: self._on_connect_task_result_ready(shown, *result))
        task.signals.sig_task_failed.connect(lambda exc: self._on_connect_task_failed(shown, exc))
        self.w.busy.setRange(0, 0)
        self.w.busy.show()
        self.w.status_label.setText(f"Connecting to {shown}…")
        return worker.start(task)

    def _on_connect_task_result_ready(self, url: str, store, who) -> None:
        from storage.server import describe, parse

        self.w.busy.hide()
        if self.dialog is not None:
            self.dialog.accept()
        self.server = (url, who)
        self.w._set_store(store)
        settings.remember_project(url)
        self.w.sig_project_opened.emit(url)
        self.w._show_first_source()
        self.label.setText(f"Server {describe(parse(url))}")
        self.label.show()
        me = next((c for c in self.w._coders if who is not None and c.name == who[0]), None)
        if me is not None:  # the connection says who acts
            self.w.set_identity(me)
            self.w.action_identity.setEnabled(False)
            self.w.action_identity.setToolTip("On a team server you act as the user you connect as.")
        else:  # the server's administrator: who acts is chosen as for a file
            self.w.resolve_identity()

    def _on_connect_task_failed(self, url: str, exc: Exception) -> None:
        self.w.busy.hide()
        self.w.status_label.setText(f"Could not open {url}.")
        self.ask(url, str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}")

    # --- the project open ---
    def _on_window_project_opened(self, location: str) -> None:
        self._stop_live()
        if self.server is not None and self.server[0] != location:  # a file (or another server) now
            self.server = None
            self.label.hide()

    def _on_window_identity_chosen(self, _name: str) -> None:
        from app.server.live_updates import LiveUpdates
        from sqlalchemy.exc import DBAPIError

        self._stop_live()
        ws = self.w.workspace
        ws.sig_connection_lost.connect(self._on_workspace_connection_lost)
        ws.steps.hold_when_lost = True  # a step the lost connection stopped waits for Retry or Discard
        try:
            self.live = LiveUpdates(self.w.store, ws.acting.name, self)
        except DBAPIError:  # the server went away meanwhile: changes show on the next open
            return
        self.live.sig_change_arrived.connect(self._on_live_change_arrived)
        self.live.sig_state_changed.connect(self._show_state)
        self._show_state(self.live.state)
        if self.server is not None:
            where = self.label.text().split(" · ")[0].removeprefix("Server ")
            self.w.setWindowTitle(f"{self.w.store.title()} on {where} as {ws.me.name} ({ws.me.role}) — Tandem")

    def _on_live_change_arrived(self, change) -> None:
        if self.live is not None and self.w.store is self.live.store and self.w.workspace is not None:
            self.w._on_workspace_project_changed(change)  # the one notification, as for one's own steps

    def _show_state(self, state: str) -> None:
        if self.server is None:
            return
        where = self.label.text().split(" · ")[0]
        note = {"live": "changes shown as they happen", "polling": "changes checked every few seconds",
                "reconnecting": "connection lost: reconnecting…"}[state]
        self.label.setText(f"{where} · {note}")

    def _stop_live(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live.deleteLater()
            self.live = None

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.w and event.type() == QEvent.Type.Close:
            self._stop_live()
        return False

    # --- a change the lost connection stopped ---
    def _on_workspace_connection_lost(self, title: str, message: str) -> None:
        steps, unsure = self.w.workspace.steps, self.w.workspace.steps.unsure
        if unsure:  # broken during COMMIT: Retry does the looking the core's message asks for
            message = ("The connection to the server was lost while your change was being saved, and the server "
                       "cannot be asked yet whether it saved it.")
            choice = (f"Your change “{title}” is kept. Retry asks the server first and saves it only if the server "
                      "does not have it. Discard does not try again: if the server did save it, it stays, and "
                      "appears once the server answers (Undo cannot take it back).")
            status = "The connection to the server was lost while saving; whether your change was saved is not known yet."
        else:
            choice = f"Your change “{title}” is kept: Retry saves it now, Discard lets it go."
            status = "The connection to the server was lost; your change was not saved yet."
        box = self.lost_box = QMessageBox(
            QMessageBox.Icon.Warning, "Connection lost", f"{message}\n\n{choice}",
            QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard, self.w)
        box.setObjectName("connection_lost_box")
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
        self.w.status_label.setText(status)

        def answered(_result) -> None:
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Retry):
                trying = f"Trying “{title}” again…"
                self.w.status_label.setText(trying)

                def done(busy: bool) -> None:  # once: "saved", unless something else was said meanwhile
                    if not busy:
                        steps.sig_busy_changed.disconnect(done)
                        if self.w.status_label.text() == trying:
                            self.w.status_label.setText(f"“{title}” saved.")

                steps.sig_busy_changed.connect(done)
                steps.retry()
            else:
                self.w.status_label.setText(f"“{title}” let go" + (
                    ": if the server saved it, it is shown once the server answers." if unsure else "; not saved."))
                steps.discard()
                if self.live is not None:  # a step the server may have saved: show what it has
                    self.live.look()

        box.finished.connect(answered)
        box.open()
