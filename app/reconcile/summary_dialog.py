"""How far reconciliation has come: decided per class, what was chosen,
agreement between the coders beside what the consensus layer now holds, and
the methods paragraph to copy into the manuscript."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from coding.reconcile.discrepancies import KIND_LABELS
from coding.reconcile.summary import Summary, methods_paragraph


def _pct(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.1%}"


class SummaryDialog(QDialog):
    def __init__(self, summary: Summary, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("summary_dialog")
        self.setWindowTitle("Reconciliation summary")
        self.resize(640, 560)
        self.paragraph = methods_paragraph(summary)
        self.text = QTextBrowser()
        self.text.setHtml(_html(summary, self.paragraph))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy Methods Paragraph")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.paragraph)


def _html(s: Summary, paragraph: str) -> str:
    rows = "".join(f"<tr><td>{KIND_LABELS[k]}</td><td align='right'>{c['decided']}</td>"
                   f"<td align='right'>{c['total']}</td></tr>" for k, c in s.by_kind.items() if c["total"])
    pairs = "".join(f"<tr><td>{html.escape(pair)}</td><td align='right'>{_pct(v)}</td></tr>"
                    for pair, v in s.agreement.items())
    return (f"<h3>{html.escape(s.coder_a)} (A) and {html.escape(s.coder_b)} (B)</h3>"
            f"<p><b>{s.decided}</b> of <b>{s.total}</b> discrepancies decided ({s.share:.0%}); {s.reopened} reopened; "
            f"{s.agreements} agreements; consensus layer: {s.consensus_codings} codings.</p>"
            f"<table cellpadding='3'><tr><th align='left'>Class</th><th>Decided</th><th>Total</th></tr>{rows}</table>"
            f"<p><b>Percent agreement</b> (coded segments): before reconciliation, and against the consensus layer</p>"
            f"<table cellpadding='3'>{pairs}</table>"
            f"<p><b>Methods paragraph</b></p><p>{html.escape(paragraph)}</p>")
