"""What an empty project shows in place of a document: the first things to
do, each a button — import sources, add codes, say who is coding."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class GettingStarted(QWidget):
    sig_import_requested = Signal()
    sig_new_code_requested = Signal()
    sig_coders_requested = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("getting_started")
        heading = QLabel("<h2>This project is empty</h2><p>Three steps get a team coding:</p>")
        self.import_button = QPushButton("1.  Import transcripts, documents or survey exports…  (Ctrl+I)")
        self.code_button = QPushButton("2.  Add the codebook's first code  (Ctrl+Shift+N)")
        self.coders_button = QPushButton()
        self.set_coding_as("")
        for button, signal in ((self.import_button, self.sig_import_requested),
                               (self.code_button, self.sig_new_code_requested),
                               (self.coders_button, self.sig_coders_requested)):
            button.setStyleSheet("text-align: left; padding: 8px;")
            button.clicked.connect(signal)
        note = QLabel("A codebook agreed in a spreadsheet comes in as a CSV file, or one from another program as "
                      "REFI-QDA (File › Import REFI-QDA Project or Codebook…); the demo study (File › Open Demo "
                      "Study) shows a project part-way through.", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(heading)
        for w in (self.import_button, self.code_button, self.coders_button):
            layout.addWidget(w)
        layout.addSpacing(12)
        layout.addWidget(note)

    def set_coding_as(self, name: str) -> None:
        """Step 3 once someone is coding ("" for nobody yet): the teammate is added, not become."""
        self.coders_button.setText(f"3.  Add the second coder (you are coding as {name})…" if name else
                                   "3.  Say who is coding, then add the second coder")
