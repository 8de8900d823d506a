"""File › Back Up Now and File › Restore from Backup…: a consistent copy
beside the project (``storage.backups``), and one put back in its place —
the project closed first, the copy restored in a worker, then opened again."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from storage import TandemError


class BackupActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.restore_dialog = None

    def back_up(self):
        """File › Back Up Now: a consistent copy beside the project, in a worker."""
        from storage import backups, migrate

        path = self.w.store.path

        def done(taken: str) -> None:
            self.w.status_label.setText(f"Wrote the backup {Path(taken).name}.")

        self.w.status_label.setText("Writing a backup copy…")
        return self.w._run(lambda _p: str(backups.take_backup(path, migrate.HEAD, "asked")), done)

    def open_restore(self):
        """File › Restore from Backup…: choose a backup; the project is closed,
        the copy put in its place (in a worker), and the project opened again."""
        from app.backups.restore_dialog import RestoreDialog

        self.restore_dialog = RestoreDialog(self.w.store.path, self.w)
        self.restore_dialog.sig_restore_requested.connect(self.restore_backup)
        self.restore_dialog.open()
        return self.restore_dialog

    def restore_backup(self, backup: str):
        from storage import backups

        path = self.w.store.path
        self.w._close_store()
        self.w.document_view.set_document(None)
        self.w.status_label.setText(f"Restoring {Path(backup).name}…")

        def run(_progress):
            try:
                return backups.restore(path, Path(backup)), ""
            except TandemError as exc:
                return None, str(exc)

        def done(result) -> None:
            restored, error = result
            self.w.open_path(path)  # the restored copy, or the project as it was when restoring failed
            if error:
                self.w._error("Restore from backup", error)
            else:
                chosen, kept = restored
                self.w.status_label.setText(f"Restored from {chosen.name}" + (
                    f"; the project as it was is kept as {kept.name}." if kept is not None else "."))
            self.w.sig_project_restored.emit(str(path))

        return self.w._run(run, done)
