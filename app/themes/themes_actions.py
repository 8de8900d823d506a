"""The Themes view's requests turned into undo commands and dialogs: pin
(from the coded segments or the suggestions), edit, reorder and unpin
quotes, gather a code under a theme, and choose the themes' depth."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject

from app.themes import commands


class ThemesActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.quote_dialog = None
        self.suggest_dialog = None
        panel = window.themes_panel
        panel.sig_quote_edit_requested.connect(self.open_editor)
        panel.sig_quote_move_requested.connect(self.move)
        panel.sig_quote_unpin_requested.connect(self.unpin)
        panel.sig_code_move_requested.connect(self._on_panel_code_move_requested)
        panel.sig_depth_change_requested.connect(self.set_depth)
        panel.sig_suggestions_requested.connect(self.open_suggestions)
        panel.sig_span_requested.connect(window.show_span_uuid)

    @property
    def ws(self):
        return self.w.workspace

    def _push(self, make) -> bool:
        return self.w.push_step("Themes", make)

    def pin(self, theme_uuid: str, coding_uuid: str, label: str = "theme") -> bool:
        return self._push(lambda ws: commands.PinQuote(ws, theme_uuid, coding_uuid, label))

    def pin_segment(self, coding_uuid: str, code_path: str) -> bool:
        """Pin a coded segment to its theme: the code's ancestor at the
        themes' depth, or the code itself when it is no deeper."""
        depth = self.w.themes_panel.depth.value()
        parts = code_path.split("/")
        theme_path = "/".join(parts[:depth + 1]) if len(parts) > depth else code_path
        theme = next((n for n in self.w.code_nodes() if n.path == theme_path), None)
        return theme is not None and self.pin(theme.uuid, coding_uuid, theme.name)

    def edit(self, quote_uuid: str, text: str) -> bool:
        return self._push(lambda ws: commands.EditQuote(ws, quote_uuid, text))

    def move(self, quote_uuid: str, position: int) -> bool:
        return self._push(lambda ws: commands.MoveQuote(ws, quote_uuid, position))

    def unpin(self, quote_uuid: str) -> bool:
        return self._push(lambda ws: commands.UnpinQuote(ws, quote_uuid))

    def set_depth(self, depth: int) -> bool:
        return self._push(lambda ws: commands.SetThemeDepth(ws, depth))

    def _on_panel_code_move_requested(self, code_uuid: str, parent_uuid: str, position: int) -> None:
        self.w.codebook_actions.move(code_uuid, parent_uuid, position)

    def open_editor(self, quote):
        from app.themes.quote_dialog import QuoteDialog

        self.quote_dialog = QuoteDialog(quote, self.w.themes_panel.names, self.w)
        self.quote_dialog.sig_quote_edited.connect(self.edit)
        self.quote_dialog.open()
        return self.quote_dialog

    def open_suggestions(self, theme) -> Optional[object]:
        from app.themes.suggest_dialog import SuggestDialog

        panel = self.w.themes_panel
        if panel.store is None:
            return None
        if self.suggest_dialog is not None:
            self.suggest_dialog.close()
        self.suggest_dialog = SuggestDialog(panel.store, panel.acting, theme, panel.layer.currentText() or None,
                                            panel.group_by.currentData(), self.w)
        self.suggest_dialog.sig_pin_requested.connect(lambda t, c: self.pin(t, c, theme.name))
        panel.sig_overview_loaded.connect(self.suggest_dialog.reload_pinned)
        self.suggest_dialog.open()
        return self.suggest_dialog
