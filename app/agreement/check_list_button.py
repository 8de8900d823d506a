"""A button that drops down a checkable list (coders, codes, sources) and
says on its face what is checked."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListView, QMenu, QToolButton, QWidget, QWidgetAction

from app.agreement.check_list_model import CheckListModel


class CheckListButton(QToolButton):
    sig_checks_changed = Signal()

    def __init__(self, empty_text: str, noun: str, clearable: bool = True,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.empty_text, self.noun = empty_text, noun
        self.model = CheckListModel(self)
        self.model.sig_checks_changed.connect(self._on_model_checks_changed)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setMinimumSize(360, 220)
        self.list_view.setUniformItemSizes(True)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.list_view)
        menu.addAction(holder)
        if clearable:
            menu.addSeparator()
            menu.addAction(f"Clear (all {noun})", lambda: self.model.set_checked([]))
        self.setMenu(menu)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(140)
        self.setMaximumWidth(260)
        self._on_model_checks_changed()

    def _on_model_checks_changed(self) -> None:
        labels = self.model.checked_labels()
        if not labels:
            text = self.empty_text
        elif len(labels) <= 2:
            text = ", ".join(labels)
        else:
            text = f"{len(labels)} {self.noun}"
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 220))
        self.setToolTip("\n".join(labels) if labels else self.empty_text)
        self.sig_checks_changed.emit()
