"""File › Export › Theme Table…: the options of the Word theme table (whose
codings, sections by a case attribute, layout, quotes per theme, attribution,
caption and note), a preview of its rows, and the file written in a worker."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QLabel,
                               QLineEdit, QSpinBox, QTextBrowser, QVBoxLayout, QWidget)

from app.common import worker
from app.common.folders import start_folder
from storage import ProjectStore, TandemError


class ThemeTableDialog(QDialog):
    sig_preview_ready = Signal(object)  # the ThemeTable shown
    sig_table_written = Signal(str)     # the path
    sig_export_failed = Signal(str)

    def __init__(self, store: ProjectStore, acting, layers: list[str], attributes: list[str],
                 parent: Optional[QWidget] = None, themes_at: int = 1):
        super().__init__(parent)
        self.setObjectName("theme_table_dialog")
        self.setWindowTitle("Export theme table")
        self.resize(760, 620)
        self.store, self.acting = store, acting
        self.coder = QComboBox()
        self.coder.addItems(layers)
        self.section_by = QComboBox()
        self.section_by.addItem("(no sections)", "")
        for name in attributes:
            self.section_by.addItem(name, name)
        self.layout_box = QComboBox()
        self.layout_box.addItem("category as a merged first column", "grouped")
        self.layout_box.addItem("category as a row above its themes", "sectioned")
        self.themes_at = QSpinBox(minimum=1, maximum=5, value=themes_at)
        self.quotes = QSpinBox(minimum=0, maximum=50, value=3, specialValueText="all")
        self.attribution = QCheckBox("Attribute each quote (“— mentor, survey”)")
        self.landscape = QCheckBox("Landscape page")
        self.caption = QLineEdit("Themes and representative quotes")
        self.note = QLineEdit()
        self.note.setPlaceholderText("Your table note (after the footnote)")
        form = QFormLayout()
        for label, widget in (("Quotes from", self.coder), ("Sections by", self.section_by),
                              ("Layout", self.layout_box), ("Themes at depth", self.themes_at),
                              ("Quotes per theme", self.quotes), ("", self.attribution), ("", self.landscape),
                              ("Caption", self.caption), ("Note", self.note)):
            form.addRow(label, widget)
        for w in (self.coder, self.section_by, self.layout_box):
            w.currentIndexChanged.connect(self.preview)
        for w in (self.themes_at, self.quotes):
            w.valueChanged.connect(self.preview)
        self.preview_text = QTextBrowser()
        self.preview_text.setObjectName("preview")
        self.status = QLabel("")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.preview_text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._task: Optional[worker.Task] = None
        self.preview()

    def options(self) -> dict:
        return {"coder": self.coder.currentText() or None, "section_by": self.section_by.currentData() or None,
                "themes_at": self.themes_at.value(), "quotes": self.quotes.value() or None}

    def preview(self, *_args) -> worker.Task:
        """The table's rows, read in a worker."""
        from coding.themes import theme_table

        store, acting, options = self.store, self.acting, self.options()

        def run(_progress):
            with store.session() as s:
                return theme_table(s, acting, **options)

        if self._task is not None:
            self._task.cancel()
        task = self._task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_preview_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        self.status.setText("Reading the themes…")
        return worker.start(task)

    def _on_preview_task_result_ready(self, table) -> None:
        import html

        parts = []
        for section in table.sections:
            if section.label:
                parts.append(f"<h3>{html.escape(section.label)}</h3>")
            for category in section.categories:
                parts.append(f"<p><i>{html.escape(category.name)}</i></p><ul>")
                for theme in category.themes:
                    text = theme.quotes[0].text if theme.quotes else ""
                    first = html.escape(text if len(text) <= 140 else text[:139] + "…")
                    parts.append(f"<li><b>{html.escape(theme.name)}</b> — {len(theme.quotes)} quote"
                                 f"{'s' if len(theme.quotes) != 1 else ''}: “{first}”</li>")
                parts.append("</ul>")
        self.preview_text.setHtml("".join(parts) or "<i>No theme has quotes in these codings.</i>")
        self.status.setText(table.footnote())
        self.sig_preview_ready.emit(table)

    def _on_task_failed(self, exc: Exception) -> None:
        message = str(exc) if isinstance(exc, TandemError) else f"{type(exc).__name__}: {exc}"
        self.status.setText(message)
        self.sig_export_failed.emit(message)

    def _on_buttons_accepted(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save theme table",
                                              str(start_folder(self.store) / "theme-table.docx"), "Word (*.docx)")
        if name:
            self.export(Path(name if name.lower().endswith(".docx") else name + ".docx"))

    def export(self, path: Path) -> worker.Task:
        from coding.themes import theme_table
        from exporters.theme_table import export_theme_table

        store, acting, options = self.store, self.acting, self.options()
        layout, attribution, landscape = self.layout_box.currentData(), self.attribution.isChecked(), \
            self.landscape.isChecked()
        note, caption = self.note.text(), self.caption.text()

        def run(_progress):
            with store.session() as s:
                table = theme_table(s, acting, **options)
            export_theme_table(table, path, layout=layout, attribution=attribution, note=note,
                               caption_text=caption, landscape=landscape)
            return str(path)

        task = worker.Task(run)
        task.signals.sig_result_ready.connect(self._on_export_task_result_ready)
        task.signals.sig_task_failed.connect(self._on_task_failed)
        self.status.setText(f"Writing {path.name}…")
        return worker.start(task)

    def _on_export_task_result_ready(self, path: str) -> None:
        self.status.setText(f"Wrote {path}")
        self.sig_table_written.emit(path)
        self.accept()
