"""File › Export: the theme table's dialog, and the codebook, coded
segments, code × attribute matrix, memos and the REFI-QDA project and
codebook, each written in a worker as the person working may read them
(blind mode)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject

from app.common.folders import remember_folder, start_folder


class ExportActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.table_dialog = None

    def open_theme_table(self):
        """File > Export > Theme Table: the options, a preview, the Word file."""
        from app.exporting.theme_table_dialog import ThemeTableDialog
        from app.shell.project_state import _attribute_names
        from coding.reconcile.decisions import consensus_layer

        assert self.w.store is not None
        from coding.themes import theme_depth

        with self.w.store.session() as s:
            layer = consensus_layer(s)
            attributes = [name for name, in s.execute(_attribute_names())]
            depth = theme_depth(s)
        layers = ([layer.name] if layer is not None else []) + [c.name for c in self.w.shown_coders()]
        self.table_dialog = ThemeTableDialog(self.w.store, self.w.acting(), layers, attributes, self.w, themes_at=depth)
        self.table_dialog.sig_table_written.connect(self._on_export_written)
        self.table_dialog.open()
        return self.table_dialog


    EXPORTS = {"codebook": ("codebook.docx", "Word (*.docx);;Excel (*.xlsx);;CSV (*.csv)"),
               "segments": ("coded-segments.xlsx", "Excel (*.xlsx);;CSV (*.csv)"),
               "matrix": ("code-matrix.xlsx", "Excel (*.xlsx);;CSV (*.csv)"),
               "memos": ("memos.docx", "Word (*.docx)"),
               "qdpx": ("project.qdpx", "REFI-QDA project (*.qdpx)"),  # REFI-QDA exchange
               "qdc": ("codebook.qdc", "REFI-QDA codebook (*.qdc)")}

    def export_file(self, kind: str, path: Optional[Path] = None, attribute: str = ""):
        """File > Export > codebook, segments, matrix, memos, qdpx or qdc: written in a
        worker, as the person coding may read it (blind mode)."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        assert self.w.store is not None
        if path is None:
            name, filters = self.EXPORTS[kind]
            chosen, _ = QFileDialog.getSaveFileName(self.w, "Export", str(start_folder(self.w.store) / name), filters)
            if not chosen:
                return None
            path = Path(chosen)
        if kind == "matrix" and not attribute:
            with self.w.store.session() as s:
                from app.shell.project_state import _attribute_names

                names = [n for n, in s.execute(_attribute_names())]
            if not names:
                self.w._error("Export", "The matrix counts codes by a case attribute, and the project has none yet.")
                return None
            attribute, ok = QInputDialog.getItem(self.w, "Code × attribute matrix", "Count cases by:", names, 0, False)
            if not ok:
                return None
        store, acting = self.w.store, self.w.acting()

        def run():
            with store.session() as s:
                if kind == "codebook":
                    from exporters.codebook_report import export_codebook
                    export_codebook(s, acting, path)
                elif kind == "segments":
                    from exporters.segments import export_segments
                    export_segments(s, acting, path)
                elif kind == "matrix":
                    from exporters.matrix import export_matrix
                    export_matrix(s, acting, path, attribute)
                elif kind == "qdpx":
                    from exporters.refi_qda import export_project
                    export_project(s, acting, path)
                elif kind == "qdc":
                    from exporters.refi_qda import export_codebook as export_qdc
                    export_qdc(s, path)
                else:
                    from exporters.memos_docx import export_memos
                    export_memos(s, acting, path)
            return str(path)

        self.w.status_label.setText(f"Writing {path.name}…")
        return self.w._run(lambda _progress: run(), self._on_export_written)  # the busy bar; a failure is shown

    def _on_export_written(self, written: str) -> None:
        """Any export, the theme table's too: said in the status bar."""
        remember_folder(Path(written))
        self.w.status_label.setText(f"Wrote {written}")
        self.w.sig_export_written.emit(written)
