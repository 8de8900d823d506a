"""A project on the team server in the main window, on the real PostgreSQL
server: opened as the coder the connection names (File › Open Server
Project…, Open Recent, ``tandem gui URL``), one message per way of failing,
changes by another coder shown as they happen (NOTIFY, or polling a shared
project file), and a change whose connection is killed mid-edit held on
screen, nothing of it on the server, until it is retried."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine, make_url, text

from app import settings
from coding import access, blind, codebook, coders, codings, edits, sources, team_server
from storage import ProjectStore, open_url
from storage.models import Coding, Memo
from tests.factories import seed_themes
from tests.team import count_on_server, drop_roles, role_url

WAIT = 15000


@pytest.fixture
def team(pg_url):
    """A team project (Lena the lead, Omar and Ana coders, blind), and the
    address each connects with (the schema in it, as a team could use one)."""
    url, kwargs = pg_url
    store = open_url(url, **kwargs)
    seed_themes(store)
    roles = {name: team_server.add_coder(store.engine, name, role)
             for name, role in (("Omar", "coder"), ("Ana", "coder"), ("Lena", "lead"))}
    store.close()
    schema = kwargs["connect_args"]["options"].split("=", 1)[1]
    address = f"{url}?options={quote(f'-csearch_path={schema}')}"
    yield {name: role_url(address, role) for name, role in roles.items()} | {"admin": address}
    drop_roles(url, roles.values())


def _window(qtbot):
    from app.shell.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    return window


def _open(qtbot, window, url, password=""):
    with qtbot.waitSignal(window.sig_identity_chosen, timeout=WAIT):
        window.server.open_url(url, password)
    qtbot.waitUntil(lambda: window.document_view.document() is not None, timeout=WAIT)


def _as(url: str):
    """The core as that coder, on their own connection."""
    store = ProjectStore(create_engine(url.replace("postgresql://", "postgresql+psycopg://")), "test")
    with store.session() as s:
        return store, access.resolve(s, team_server.identity(store.engine)[0])


def test_opened_as_the_coder_the_connection_names(qtbot, team):
    window = _window(qtbot)
    _open(qtbot, window, team["Omar"])
    assert window.identity_dialog is None  # nobody asked who is coding
    assert window.workspace.me.name == "Omar" and window.workspace.blind
    assert "as Omar (coder)" in window.windowTitle() and "localhost:5432/test" in window.windowTitle()
    assert "Server localhost:5432/test" in window.server.label.text()
    assert not window.action_identity.isEnabled()  # on a server you are who you connect as
    assert settings.get("recent/projects")[0] == team["Omar"]
    assert not window.workspace.undo_stack.count()


def test_the_recent_list_and_the_command_line_open_a_server_the_same_way(qtbot, team):
    from app.gui import make_window

    window = make_window(team["Lena"])  # as tandem gui URL does
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.workspace is not None, timeout=WAIT)
    assert window.workspace.me.name == "Lena" and window.workspace.me.role == "lead"
    window.server.open_location(team["Omar"])  # File › Open Recent
    qtbot.waitUntil(lambda: window.workspace is not None and window.workspace.me.name == "Omar", timeout=WAIT)
    assert settings.get("recent/projects")[:2] == [team["Omar"], team["Lena"]]


def test_a_database_that_is_no_project_and_an_unreachable_server_each_say_so_in_the_dialog(qtbot, team, pg_url):
    window = _window(qtbot)
    dialog = window.server.ask()
    schema_free = make_url(team["admin"]).set(query={"options": "-csearch_path=no_such_schema"})
    dialog.address.setText(schema_free.render_as_string(hide_password=False))
    dialog._on_address_text_edited(dialog.address.text())
    assert dialog.schema.text() == "no_such_schema" and dialog.user.text() == "postgres"
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=WAIT)
    assert "is not a Tandem project" in dialog.problem.text() and window.store is None
    dialog.port.setValue(1)  # the address follows the fields
    assert ":1/test" in dialog.address.text()
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: "Cannot reach the server" in dialog.problem.text(), timeout=WAIT)
    assert dialog.isVisible() and window.store is None


def _coding_count(window) -> int:
    return len(window.document_view.codings())


def test_another_coders_changes_appear_as_they_happen_and_blind_mode_holds(qtbot, team):
    window = _window(qtbot)
    _open(qtbot, window, team["Omar"])
    assert window.server.live.state == "live" and "as they happen" in window.server.label.text()
    doc = window.document_view.document()
    assert _coding_count(window) == 0  # blind: Lena's codings are not his to see
    ana_store, ana = _as(team["Ana"])
    try:
        with ana_store.transaction(ana) as s:
            code = codebook.create_code(s, "Ana's idea")
            codings.apply_coding(s, sources.get_source(s, doc.name), code, coders.get_coder(s, "Ana"), 0, 4)
        qtbot.waitUntil(lambda: any(n.name == "Ana's idea" for n in window.code_nodes()), timeout=WAIT)
        assert _coding_count(window) == 0  # the codebook is shared; her coding is not shown to him
        lena_store, lena = _as(team["Lena"])
        with lena_store.transaction(lena) as s:
            blind.set_blind(s, lena, False)
        lena_store.close()
        qtbot.waitUntil(lambda: not window.workspace.blind and _coding_count(window) > 1, timeout=WAIT)
        assert not window.action_blind.isChecked()
        with ana_store.transaction(ana) as s:
            codings.apply_coding(s, sources.get_source(s, doc.name), codebook.get_code(s, "Ana's idea"),
                                 coders.get_coder(s, "Ana"), 5, 9)
        before = _coding_count(window)
        qtbot.waitUntil(lambda: _coding_count(window) == before + 1, timeout=WAIT)
    finally:
        ana_store.close()


def test_two_programs_sharing_a_project_file_see_each_others_changes_by_polling(qtbot, tmp_path):
    from storage import create_project, open_project
    from tests.app.helpers import open_as

    settings.put("live/poll_seconds", 1)
    path = tmp_path / "shared.tandem"
    store = seed_themes(create_project(path))
    with store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Omar")
    with store.session() as s:
        lena = access.resolve(s, "Lena")
    with store.transaction(lena) as s:
        blind.set_blind(s, lena, False)
    store.close()
    window = _window(qtbot)
    open_as(qtbot, window, path, "Omar")
    assert window.server.live.state == "polling" and not window.server.label.isVisible()
    shown = _coding_count(window)
    other = open_project(path)  # the other program
    try:
        with other.session() as s:
            lena = access.resolve(s, "Lena")
        with other.transaction(lena) as s:
            doc = window.document_view.document()
            codings.apply_coding(s, sources.get_source(s, doc.name),
                                 codebook.get_code(s, "Influences/Negative/Time pressure"),
                                 coders.get_coder(s, "Lena"), 0, 3)
        qtbot.waitUntil(lambda: _coding_count(window) == shown + 1, timeout=WAIT)
    finally:
        other.close()


def _memos(url) -> int:
    return count_on_server(url, Memo)


@pytest.mark.parametrize("answer", ["Retry", "Discard"])
def test_a_connection_killed_mid_edit_keeps_the_change_until_it_is_retried(qtbot, team, answer):
    from app.workspace.commands import SetMemo

    window = _window(qtbot)
    _open(qtbot, window, team["Omar"])
    ws, doc = window.workspace, window.document_view.document()
    omar_role = make_url(team["Omar"]).username
    admin = create_engine(team["admin"].replace("postgresql://", "postgresql+psycopg://"))
    with admin.connect() as conn:
        conn.execute(text("LOCK TABLE memo IN SHARE MODE"))  # the memo's write waits, mid-transaction
        ws.push(SetMemo(ws, edits.MemoTarget("source", doc.uuid), "Typed before the server went away", doc.name))
        # (what a transaction reads of the activity is a snapshot: cleared before each look)
        waiting = "SELECT pid FROM pg_stat_activity WHERE usename = :r AND wait_event_type = 'Lock'"

        def step_waits() -> bool:
            conn.execute(text("SELECT pg_stat_clear_snapshot()"))
            return conn.execute(text(waiting), {"r": omar_role}).first() is not None

        qtbot.waitUntil(step_waits, timeout=WAIT)
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                     {"r": omar_role})  # every connection of the window's, the listening one too
        conn.rollback()
    admin.dispose()
    qtbot.waitUntil(lambda: window.server.lost_box is not None and window.server.lost_box.isVisible(),
                    timeout=WAIT)
    box = window.server.lost_box
    assert "The connection to the server was lost" in box.text() and "was not saved" in box.text()
    assert "Memo on" in box.text()
    assert ws.steps.held and ws.busy and ws.undo_stack.count() == 0  # kept, not applied, not undoable
    assert _memos(team["admin"]) == 0  # nothing half-written on the server
    box.button(getattr(QMessageBox.StandardButton, answer)).click()
    qtbot.waitUntil(lambda: not ws.busy, timeout=WAIT)
    if answer == "Discard":  # let go: nothing saved, nothing to undo
        assert ws.undo_stack.count() == 0 and _memos(team["admin"]) == 0 and not ws.steps.held
        return
    assert ws.undo_stack.count() == 1 and _memos(team["admin"]) == 1
    with window.store.session() as s:
        assert edits.memo_text(s, edits.MemoTarget("source", doc.uuid), ws.me.uuid) == \
            "Typed before the server went away"
    qtbot.waitUntil(lambda: window.server.live.state == "live", timeout=WAIT)  # listening again


def test_a_password_is_asked_for_and_never_kept(qtbot, tmp_path, monkeypatch):
    from tests import throwaway_server

    reason = throwaway_server.unavailable()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with throwaway_server.password_server() as url:
        open_url(make_url(url).set(password=throwaway_server.PASSWORD)).close()
        address = url.replace("postgresql+psycopg://", "postgresql://")
        window = _window(qtbot)
        window.server.open_location(address)  # as from Open Recent: no password yet
        qtbot.waitUntil(lambda: window.server.dialog is not None and window.server.dialog.problem.isVisible(),
                        timeout=WAIT)
        dialog = window.server.dialog
        assert "asks for postgres's password" in dialog.problem.text() and dialog.address.text() == address
        dialog.password.setText("wrong")
        dialog.connect_button.click()
        qtbot.waitUntil(lambda: "refused the password" in dialog.problem.text(), timeout=WAIT)
        dialog.password.setText(throwaway_server.PASSWORD)
        with qtbot.waitSignal(window.sig_project_opened, timeout=WAIT):
            dialog.connect_button.click()
        assert not dialog.isVisible() and settings.get("recent/projects")[0] == address
        window.close()
    stored = settings.settings().fileName()
    assert throwaway_server.PASSWORD not in open(stored, encoding="utf-8").read()


def test_a_change_while_the_whole_server_is_stopped_is_held_and_saved_once_it_is_back(qtbot):
    from app.workspace.commands import SetMemo
    from tests import throwaway_server

    reason = throwaway_server.unavailable()
    if reason:
        pytest.skip(reason)
    with throwaway_server.throwaway_server() as server:
        omar = throwaway_server.team_project(server)
        admin = make_url(server.url).set(password=throwaway_server.PASSWORD).render_as_string(hide_password=False)
        window = _window(qtbot)
        _open(qtbot, window, omar, throwaway_server.PASSWORD)
        ws, doc = window.workspace, window.document_view.document()
        server.stop()
        qtbot.waitUntil(lambda: window.server.live.state == "reconnecting", timeout=WAIT)  # the status bar says so
        ws.push(SetMemo(ws, edits.MemoTarget("source", doc.uuid), "Typed while the server was down", doc.name))
        qtbot.waitUntil(lambda: window.server.lost_box is not None and window.server.lost_box.isVisible(),
                        timeout=WAIT)
        assert "was not saved" in window.server.lost_box.text() and ws.steps.held and not ws.steps.unsure
        assert ws.undo_stack.count() == 0
        server.start()
        window.server.lost_box.button(QMessageBox.StandardButton.Retry).click()
        qtbot.waitUntil(lambda: not ws.busy, timeout=WAIT)
        assert ws.undo_stack.count() == 1 and count_on_server(admin, Memo) == 1
        qtbot.waitUntil(lambda: window.server.live.state == "live", timeout=WAIT)  # listening again
        window.close()


@pytest.mark.parametrize("answer", ["Retry", "Discard"])
def test_a_coding_whose_commit_lost_its_answer_is_never_saved_twice(qtbot, team, answer):
    """The server saved the coding; the window never heard, and could not ask:
    the box says it may be saved; Retry asks first and saves nothing more;
    Discard lets it go, and live updates show what the server has."""
    from app.workspace.commands import ApplyCoding
    from tests.cut_proxy import CutProxy

    proxy = CutProxy()
    try:
        window = _window(qtbot)
        _open(qtbot, window, proxy.url(team["Omar"]))
        ws, doc = window.workspace, window.document_view.document()
        shown = _coding_count(window)
        with window.store.session() as s:
            code = codebook.get_code(s, "Influences/Negative/Time pressure")
        before = _codings(team["admin"])  # everyone's (his role reads only his own)
        proxy.cut_next_commit, proxy.refuse_after_cut = True, True  # the answer lost, and no new connection taken
        ws.push(ApplyCoding(ws, str(doc.uuid), str(code.uuid), 0, 5, "Time pressure"))
        qtbot.waitUntil(lambda: window.server.lost_box is not None and window.server.lost_box.isVisible(),
                        timeout=WAIT)
        box = window.server.lost_box
        assert "cannot be asked yet whether it saved it" in box.text() and "was not saved" not in box.text()
        assert "Retry asks the server first" in box.text()
        assert ws.steps.held and ws.steps.unsure and ws.undo_stack.count() == 0
        assert proxy.commits_cut == 1 and _codings(team["admin"]) == before + 1  # saved, unheard
        proxy.refusing = False  # the server answers again
        box.button(getattr(QMessageBox.StandardButton, answer)).click()
        qtbot.waitUntil(lambda: not ws.busy, timeout=WAIT)
        assert _codings(team["admin"]) == before + 1  # never twice
        if answer == "Retry":
            assert ws.undo_stack.count() == 1 and _coding_count(window) == shown + 1
        else:  # let go, but the server has it: shown as live updates bring it
            assert ws.undo_stack.count() == 0
            qtbot.waitUntil(lambda: _coding_count(window) == shown + 1, timeout=WAIT)
    finally:
        proxy.close()


def _codings(url) -> int:
    return count_on_server(url, Coding)


def test_a_code_edit_whose_commit_never_arrived_is_saved_by_retry_not_refused_as_someone_elses(qtbot, team):
    """The rename's COMMIT never reached the server: Retry names the code's
    version as it was, not the one the lost run would have left (which the
    core would refuse as another coder's edit)."""
    from app.workspace.commands import RenameCode
    from tests.cut_proxy import CutProxy

    proxy = CutProxy()
    try:
        window = _window(qtbot)
        _open(qtbot, window, proxy.url(team["Lena"]))
        ws, failed = window.workspace, []
        ws.steps.sig_step_failed.connect(lambda title, message: failed.append(message))
        with window.store.session() as s:
            code = codebook.get_code(s, "Influences/Negative/Time pressure")
        proxy.drop_next_commit = True
        ws.push(RenameCode(ws, str(code.uuid), "Time pressure", "Busy rotas", code.version))
        qtbot.waitUntil(lambda: window.server.lost_box is not None and window.server.lost_box.isVisible(),
                        timeout=WAIT)
        assert "was not saved" in window.server.lost_box.text() and not ws.steps.unsure
        window.server.lost_box.button(QMessageBox.StandardButton.Retry).click()
        qtbot.waitUntil(lambda: not ws.busy, timeout=WAIT)
        assert failed == [] and ws.undo_stack.count() == 1
        assert "saved" in window.status_label.text()
        with window.store.session() as s:
            assert codebook.find_code(s, "Influences/Negative/Busy rotas") is not None
    finally:
        proxy.close()
