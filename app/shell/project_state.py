"""The main window's hold on the open project: who is coding, what they may
see (blind mode), and keeping the views in step after every change.

A mixin of ``MainWindow``, kept apart so the window's layout and menus stay
readable on their own."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from app import settings
from app.common.words import plural
from app.workspace.workspace import Workspace
from coding import blind, codebook, progress, project, themes, views
from coding.views import CoderSummary


COUNTS_DELAY_MS = 400


class ProjectState:
    # --- identity ---
    def resolve_identity(self) -> None:
        """Use the coder remembered for this project on this machine, or ask."""
        remembered = settings.coder_for(self._project_uuid())
        me = next((c for c in self._coders if c.uuid == remembered), None)
        if me is not None:
            self.set_identity(me)
        else:
            self.ask_identity()

    def ask_identity(self):
        from app.identity.coder_dialog import CoderDialog

        if self.store is None:
            return None
        dialog = self.identity_dialog = CoderDialog(self.store, self, self.workspace.me.name if self.workspace else None)
        remembered = settings.coder_for(self._project_uuid())
        me = self.workspace.me if self.workspace is not None else \
            next((c for c in self._coders if c.uuid == remembered), None)
        if me is not None:  # never someone else: Enter would make the person that coder
            dialog.choose(me.name)
        dialog.sig_coder_chosen.connect(self.set_identity)
        dialog.finished.connect(self._on_identity_dialog_finished)
        dialog.open()
        return dialog

    def check_working(self, title: str) -> bool:
        """Someone is chosen to work as (every change carries a name); if not, say so."""
        if self.workspace is None:
            self._error(title, "Choose who is working first (File › Switch Coder): every change carries a name.")
        return self.workspace is not None

    def add_coder(self):
        """File › Add Coder…: the person working adds a teammate and stays themselves."""
        from app.identity.add_coder_dialog import AddCoderDialog

        if self.store is None:
            return None
        if not self.check_working("Add coder"):
            return None
        dialog = AddCoderDialog(self.workspace, self)
        dialog.sig_coder_added.connect(self._on_add_coder_dialog_coder_added)
        dialog.finished.connect(self._on_identity_dialog_finished)
        dialog.open()
        return dialog

    def _on_add_coder_dialog_coder_added(self, name: str) -> None:
        self.refresh()
        self.status_label.setText(f"Added {name} to the team; you are still coding as {self.workspace.me.name}.")

    def _on_identity_dialog_finished(self, _result: int) -> None:
        """The keyboard back on the window: with no window manager to hand it
        back, Ctrl+Shift+H and the other shortcuts did nothing until a click."""
        self.activateWindow()
        self.raise_()

    def set_identity(self, me: CoderSummary) -> None:
        settings.remember_coder(self._project_uuid(), me.uuid)
        self.set_workspace(Workspace(self.store, me, self))
        self.refresh()
        self.sig_identity_chosen.emit(me.name)

    def set_workspace(self, ws: Optional[Workspace]) -> None:
        old = self.workspace
        if old is not None:
            old.wait()  # steps asked for are carried out before the project or coder changes
            old.undo_stack.clear()
            old.deleteLater()
        self.workspace = ws
        self.document_view.editable_coder = ws.me.uuid if ws is not None else None
        self.document_view.getting_started.set_coding_as(ws.me.name if ws is not None else "")
        if ws is None:
            self.action_undo.setEnabled(False)
            self.action_redo.setEnabled(False)
            self.coding.set_enabled(False) if hasattr(self, "coding") else None
            self.action_blind.setEnabled(False) if hasattr(self, "action_blind") else None
            self.identity_label.setText("")
            return
        stack = ws.undo_stack
        stack.indexChanged.connect(self._on_undo_stack_index_changed)
        self._on_undo_stack_index_changed()
        ws.sig_project_changed.connect(self._on_workspace_project_changed)
        ws.sig_command_failed.connect(self._error)
        ws.sig_busy_changed.connect(self._on_workspace_busy_changed)
        ws.sig_status_reported.connect(self.status_label.setText)
        self.coding.set_enabled(True)
        self.action_blind.setEnabled(True)
        self.action_blind.setChecked(ws.blind)
        self.identity_label.setText(f"Coding as <b>{ws.me.name}</b> ({ws.me.role})"
                                    + (" · blind" if ws.blind else ""))

    def _on_workspace_busy_changed(self, busy: bool) -> None:
        """A long step runs in a worker: the busy bar, and no undo or redo until it is done."""
        if busy:
            self.busy.setRange(0, 0)
            self.busy.show()
        elif not self._tasks:
            self.busy.hide()
        self._on_undo_stack_index_changed()

    def undo_or_redo(self, undo: bool) -> None:
        """Edit › Undo (or Redo, ``undo`` False): the status bar says so, not
        what the step said when it was made ("Applied 'X' to 40 characters")."""
        stack = self.workspace.undo_stack if self.workspace is not None else None
        if stack is None or not (stack.canUndo() if undo else stack.canRedo()):
            return
        text = stack.undoText() if undo else stack.redoText()
        stack.undo() if undo else stack.redo()
        self.status_label.setText(f"{'Undone' if undo else 'Redone'}: {text}.")

    def _on_undo_stack_index_changed(self, *_args) -> None:
        stack = self.workspace.undo_stack if self.workspace is not None else None
        if stack is not None and self.workspace.busy:
            stack = None  # undo and redo wait for the step running in the background
        for action, can, text, verb in ((self.action_undo, stack and stack.canUndo(), stack and stack.undoText(), "Undo"),
                                        (self.action_redo, stack and stack.canRedo(), stack and stack.redoText(), "Redo")):
            action.setEnabled(bool(can))
            action.setText(f"&{verb} {text}" if text else f"&{verb}")

    # --- what may be seen ---
    def is_blind(self) -> bool:
        if self.workspace is not None:
            return self.workspace.blind
        if self.store is None:
            return False
        with self.store.session() as s:
            return blind.is_blind(s)

    def shown_coder_uuids(self) -> Optional[set[str]]:
        """Whose codings the document shows: every coder's (the consensus
        layer is seen in the review), or under blind mode only one's own.
        The core narrows this further to what the person may read."""
        if not self.is_blind():
            return {c.uuid for c in self._coders}
        return {self.workspace.me.uuid} if self.workspace is not None else set()

    def shown_coders(self) -> list[CoderSummary]:
        allowed = self.shown_coder_uuids()
        return [c for c in self._coders if allowed is None or c.uuid in allowed]

    def acting(self):
        """Who acts in this window: the chosen coder, or an unnamed guest."""
        from coding import access

        if self.workspace is not None:
            return self.workspace.acting
        import getpass

        return access.Acting(name=getpass.getuser() or "unknown", named=False)

    def code_nodes(self) -> list:
        return list(self._nodes)

    # --- refreshing ---
    def refresh(self) -> None:
        """Reload sources, coders, codebook and counts (small, fast queries),
        then the open document."""
        assert self.store is not None
        if self.workspace is not None and self.workspace.reload_blind():  # switched elsewhere meanwhile
            self.action_blind.setChecked(self.workspace.blind)
        self._counts_generation = self._counts_generation + 1  # results asked before are stale
        hidden = self.is_blind()
        me = self.workspace.me if self.workspace is not None else None
        with self.store.session() as s:
            self._coders = [c for c in views.coder_summaries(s) if c.role != "consensus"]
            allowed = self.shown_coder_uuids()
            self._summaries = views.source_summaries(s, self.acting(), allowed)
            choices = codebook.count_choices(s, self.acting())
            same_person = getattr(self, "_counted_for", None) == self.acting().name
            whose = self.codebook_panel.whose() if same_person and self.codebook_panel.whose() in choices \
                else choices[0]  # a new person (or project) starts from their own codings
            self._counted_for = self.acting().name
            label, self._nodes = codebook.counted_tree(s, self.acting(), whose)
            self.codebook_panel.set_count_choices(choices, whose, label)
            attributes = [name for name, in s.execute(_attribute_names())]
            layers, depth = self._theme_layers(s), themes.theme_depth(s)
        current = self._current_source  # the source shown, or still loading
        self.sources_model.set_sources(self._summaries)
        self.sources_view.expandAll()
        shown = self.shown_coders()
        note = "Blind coding: only your codings are shown." if hidden and me is not None else (
            "Blind coding: choose who is coding (File › Switch Coder) to see your codings."
            if hidden else "Show coders:")
        self.document_view.set_coders(shown, note)
        self.document_view.show_getting_started(not self._summaries)
        self.codebook_panel.set_nodes(self._nodes)
        self.retrieval_panel.set_context(self.store, self.acting(), shown, attributes)
        self.themes_panel.set_context(self.store, self.acting(), layers, attributes, depth)
        self.document_view.set_document(None)
        if current is not None:
            index = self.sources_model.index_of(current)
            if index.isValid():
                self.sources_view.setCurrentIndex(index)  # reloads it, with the coders now shown
        self.status_label.setText(
            f"{plural(len(self._summaries), 'source')} · {plural(len(self._coders), 'coder')} · "
            f"{plural(_leaf_count(self._nodes), 'code')}")
        self._refresh_progress()

    def _theme_layers(self, s) -> list[str]:
        """Whose codings the Themes view may count: the consensus layer first
        (when the person may read it), then the coders shown."""
        from coding import access
        from coding.reconcile.decisions import consensus_layer

        layer = consensus_layer(s)
        readable = access.readable_layers(s, self.acting())
        first = [layer.name] if layer is not None and (readable is None or str(layer.uuid) in readable) else []
        return first + [c.name for c in self.shown_coders()]

    def _my_id(self, s, me) -> int:
        if me is None:
            return -1  # nobody: counts of zero until a coder is chosen
        from coding import coders

        found = coders.find_coder(s, me.name)
        return found.id if found is not None else -1

    def _refresh_progress(self) -> None:
        if self.workspace is None or self.store is None:
            self.progress_label.setText("")
            return
        store, name = self.store, self.workspace.me.name
        generation = self._counts_generation

        def work(_p):
            from coding import coders

            with store.session() as s:
                return generation, progress.coder_progress(s, coders.get_coder(s, name).id)

        self._run(work, self._on_progress_task_result_ready)

    def _on_progress_task_result_ready(self, result) -> None:
        generation, p = result
        if generation != self._counts_generation:
            return  # asked for before the coder, blind mode or project changed
        self.progress_label.setText(f"{p.coded:,} of {p.total:,} units coded ({p.share:.0%})")

    def _refresh_counts(self) -> None:
        """Codebook and source counts after coding changes: read in a worker a
        moment after the last change, so a burst of coding costs one refresh."""
        from PySide6.QtCore import QTimer

        if self._counts_timer is None:
            self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_DELAY_MS)
            self._counts_timer.timeout.connect(self._refresh_counts_now)
        self._counts_timer.start()

    def _refresh_counts_now(self) -> None:
        if self.store is None:
            return
        store, allowed, acting = self.store, self.shown_coder_uuids(), self.acting()
        whose = self.codebook_panel.whose()
        self._counts_generation = self._counts_generation + 1
        generation = self._counts_generation

        def work(_p):
            with store.session() as s:
                return generation, views.source_summaries(s, acting, allowed), \
                    codebook.counted_tree(s, acting, whose)[1]

        self._run(work, self._on_counts_task_result_ready)
        self._refresh_progress()

    def _on_counts_task_result_ready(self, result) -> None:
        generation, summaries, nodes = result
        if generation != self._counts_generation:
            return  # a newer refresh (or a change of coder or blind mode) came after it
        self._summaries, self._nodes = summaries, nodes
        self.codebook_panel.set_nodes(self._nodes)
        current = self.sources_view.currentIndex()
        uuid = self.sources_model.source_at(current).uuid if self.sources_model.source_at(current) else None
        self.sources_view.selectionModel().blockSignals(True)
        self.sources_model.set_sources(self._summaries)
        self.sources_view.expandAll()
        if uuid is not None:
            self.sources_view.setCurrentIndex(self.sources_model.index_of(uuid))
        self.sources_view.selectionModel().blockSignals(False)
        self.sig_counts_refreshed.emit()

    def _on_workspace_project_changed(self, change) -> None:
        """The one notification every step sends (``coding.changes.Change``):
        refresh what it says changed, and only that."""
        if change.blind is not None:
            self._on_blind_changed(change.blind)
            return  # a full refresh
        if change.source_list:
            self.refresh()
            return  # everything read again
        if change.quotes or change.codebook or change.codings or change.decisions or change.cases:
            self.themes_panel.reload_soon()  # counts, themes or quotes it shows may have changed
        if change.cases:
            self._on_cases_changed()
        if change.codebook:
            self._on_codebook_changed()
        if change.codings:
            sources = change.sources
            self._on_codings_changed(next(iter(sources)) if len(sources) == 1 else "",
                                     change.delta if len(sources) == 1 else None)
        elif change.decisions:
            self._refresh_counts()

    def _on_codings_changed(self, source_uuid: str, delta) -> None:
        doc = self.document_view.document()
        if doc is not None and source_uuid in ("", doc.uuid):
            spans = self._spans_of(delta.added) if delta is not None else None
            if spans is not None:
                self.document_view.change_codings(spans, set(delta.removed))
            else:
                with self.store.session() as s:
                    self.document_view.set_codings(
                        list(views.document_codings(s, self.acting(), doc.uuid, self.shown_coder_uuids())))
        self._refresh_counts()

    def _spans_of(self, records) -> Optional[list]:
        """Coding records as the view shows them, from the codebook and coders
        already loaded; None when one names a code or coder not loaded yet."""
        codes = {n.uuid: n for n in self._nodes}
        people = {c.uuid: c for c in self._coders}
        out = []
        for r in records:
            node, person = codes.get(r.code_uuid), people.get(r.coder_uuid)
            if node is None or person is None:
                return None
            out.append(views.CodingSpan(r.uuid, r.code_uuid, node.path, node.colour, r.coder_uuid, person.name,
                                        r.start, r.end, r.memo))
        return out

    def _on_codebook_changed(self) -> None:
        self._counts_generation = self._counts_generation + 1  # a tree read before is stale
        with self.store.session() as s:
            self._nodes = codebook.counted_tree(s, self.acting(), self.codebook_panel.whose())[1]
        self.codebook_panel.set_nodes(self._nodes)
        # a renamed, moved or recoloured code: the codings on screen show it as it is now
        codes = {n.uuid: n for n in self._nodes}
        shown = self.document_view.codings()
        fresh = [replace(c, code_path=codes[c.code_uuid].path, colour=codes[c.code_uuid].colour)
                 if c.code_uuid in codes else c for c in shown]
        if fresh != shown:
            self.document_view.set_codings(fresh)
        if self.agreement_window is not None:
            self.agreement_window.reload()

    def _on_cases_changed(self) -> None:
        """Cases, attributes or speakers' turns changed: the case beside the
        text, the Cases view and the attribute choices are read again."""
        self.case_panel.clear_cache()
        self._on_document_view_cursor_moved(self.document_view.cursor_codepoint())
        if self._current_source is not None:  # its turns show their speakers' cases and roles
            self.open_source(self._current_source)
        self.cases_panel.reload()
        dialog = getattr(self.sources_actions, "speakers_dialog", None)
        if dialog is not None and dialog.isVisible():
            dialog.reload()
        with self.store.session() as s:
            attributes = [name for name, in s.execute(_attribute_names())]
        self.retrieval_panel.set_context(self.store, self.acting(), self.shown_coders(), attributes)

    def _on_blind_changed(self, on: bool) -> None:
        self.action_blind.setChecked(on)
        self.identity_label.setText(f"Coding as <b>{self.workspace.me.name}</b> ({self.workspace.me.role})"
                                    + (" · blind" if on else ""))
        if on and self.agreement_window is not None:
            self.agreement_window.close()
        self.refresh()

    # --- helpers ---
    def _case_attributes(self, case_name: str) -> list[tuple[str, str]]:
        with self.store.session() as s:
            return views.case_attributes(s, case_name)

    def _project_uuid(self) -> str:
        with self.store.session() as s:
            return str(project.get_project(s).uuid)


def _attribute_names():
    from sqlalchemy import select

    from storage.models import Attribute

    return select(Attribute.name).order_by(Attribute.position, Attribute.name)


def _leaf_count(nodes) -> int:
    """Codes with no children (categories and themes are not counted)."""
    return sum(1 for n in nodes if n.is_leaf)
