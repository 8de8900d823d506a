"""Coder or lead: the role a new person gets, lead offered only when the
core says the person working may add one."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget


class RoleChoice(QWidget):
    def __init__(self, refusal: Optional[str], parent: Optional[QWidget] = None):
        """``refusal``: why a lead may not be added (``coding.coders.lead_refusal``), None when one may."""
        super().__init__(parent)
        self.coder, self.lead = QRadioButton("&Coder"), QRadioButton("&Lead (may end blind coding)")
        self.coder.setChecked(True)
        self.lead.setEnabled(refusal is None)
        if refusal is not None:
            self.lead.setToolTip(refusal)
        group = QButtonGroup(self)
        group.addButton(self.coder)
        group.addButton(self.lead)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.coder)
        row.addWidget(self.lead)

    def role(self) -> str:
        return "lead" if self.lead.isChecked() else "coder"
