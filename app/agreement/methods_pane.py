"""The methods tab: a paragraph for a paper's methods section (selectable,
with Copy), the notes that qualify the numbers, and what each measure is."""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from coding.agreement.report import LABELS, AgreementReport
from exporters.agreement import describe_filters, scope_notes


class MethodsPane(QWidget):
    sig_paragraph_copied = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.paragraph = QTextBrowser()
        self.paragraph.setPlaceholderText("Compute agreement to get a methods paragraph.")
        self.copy_button = QPushButton("Co&py paragraph")
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_button.setToolTip("Copy the methods paragraph to the clipboard (Ctrl+Shift+C)")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("<b>Methods paragraph</b> — edit it to fit your paper"))
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.paragraph, 1)
        layout.addWidget(QLabel("<b>Notes and definitions</b>"))
        layout.addWidget(self.details, 3)

    def set_report(self, report: Optional[AgreementReport]) -> None:
        if report is None:
            self.paragraph.clear()
            self.details.clear()
            self.copy_button.setEnabled(False)
            return
        self.paragraph.setPlainText(report.methods_paragraph)
        self.copy_button.setEnabled(bool(report.methods_paragraph))
        notes = list(report.notes) + scope_notes(report)
        warned = sum(1 for r in report.codes if r.warnings)
        if warned:
            notes.append(f"{warned} of {len(report.codes)} codes carry a warning (⚠ in the table): "
                         "hover the code for the reason.")
        parts = []
        if notes:
            parts.append("<p><b>Notes</b></p><ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
        parts.append(f"<p><b>Unit</b>: {escape(report.unit_description)}</p>")
        if describe_filters(report.filters) != "none":
            parts.append(f"<p><b>Filters</b>: {escape(describe_filters(report.filters))}</p>")
        names = dict(LABELS, ci95="95 % intervals")
        parts.append("<p><b>Measures</b></p><ul>" + "".join(
            f"<li><b>{escape(names.get(k, k.replace('_', ' ')))}</b>: {escape(v)}</li>"
            for k, v in report.methods.items()) + "</ul>")
        settings = report.settings
        parts.append(f"<p>Bootstrap: {settings.get('bootstrap_samples')} resamples, seed "
                     f"{settings.get('seed')}. Computed in {report.elapsed_ms:,.0f} ms.</p>")
        if report.references:
            parts.append("<p><b>References</b></p><ul>" + "".join(
                f"<li>{escape(r)}</li>" for r in report.references) + "</ul>")
        self.details.setHtml("".join(parts))

    def _on_copy_button_clicked(self) -> None:
        text = self.paragraph.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.sig_paragraph_copied.emit(text)
