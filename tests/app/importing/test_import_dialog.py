"""File > Import: read in a worker, correct speakers and roles, write in one
transaction; Cancel writes nothing."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.importing.import_dialog import ImportDialog
from app.importing.speakers_model import SpeakerRow, SpeakersModel
from app.importing.columns_model import ColumnsModel
from coding import cases, sources
from importers import documents
from importers.surveys.model import Column
from PySide6.QtCore import Qt
from storage.models import Section
from tests.importers import office_files as make


@pytest.fixture
def transcript(tmp_path):
    return make.docx_with_bold_speakers(tmp_path / "fg.docx", [
        ("Kim", "Welcome, everyone."), ("Ana", "It helped a lot."), ("Ben", "Not for me."), ("Ana", "Really.")])


def open_dialog(qtbot, store, paths) -> ImportDialog:
    dialog = ImportDialog(store, paths, "tester")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_files_read, timeout=10000):
        dialog.show()
    return dialog


def test_speakers_are_mapped_and_moderators_marked_before_writing(qtbot, sqlite_store, transcript, tmp_path):
    notes = make.docx_paragraphs(tmp_path / "notes.docx", ["A note."])
    dialog = open_dialog(qtbot, sqlite_store, [transcript, notes])
    model = dialog.speakers_model
    assert [(r.speaker, r.turns) for r in model.rows()] == [("Kim", 1), ("Ana", 2), ("Ben", 1)]
    model.setData(model.index(0, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, 2), "P01", Qt.ItemDataRole.EditRole)
    assert "moderators: Kim" in dialog.summary.text()
    with qtbot.waitSignal(dialog.sig_import_finished, timeout=10000):
        dialog.import_button.click()
    with sqlite_store.session() as s:
        assert sorted(x.name for x in sources.list_sources(s)) == ["fg", "notes"]
        rows = s.execute(select(Section.speaker, Section.is_moderator, Section.case_id)
                         .order_by(Section.id)).all()
        names = {c.id: c.name for c in cases.list_cases(s)}
        assert [(sp, mod, names.get(cid)) for sp, mod, cid in rows[:4]] == [
            ("Kim", True, None), ("Ana", False, "P01"), ("Ben", False, "Ben"), ("Ana", False, "P01")]


def test_cancel_while_writing_writes_nothing(qtbot, sqlite_store, transcript, monkeypatch):
    gate = threading.Event()
    real_write = documents.write

    def gated_write(*args, **kwargs):
        gate.wait(10)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(documents, "write", gated_write)
    dialog = open_dialog(qtbot, sqlite_store, [transcript])
    dialog.import_button.click()
    with qtbot.waitSignal(dialog.rejected, timeout=10000):
        dialog.cancel_button.click()
        assert "Cancelling" in dialog.status.text()
        gate.set()
    with sqlite_store.session() as s:
        assert sources.list_sources(s) == [] and cases.list_cases(s) == []


def test_a_bad_file_reports_and_imports_nothing(qtbot, sqlite_store, transcript, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    dialog = ImportDialog(sqlite_store, [transcript, bad], "tester")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_import_failed, timeout=10000) as failed:
        dialog.show()
    assert "bad.docx" in failed.args[0] and "Nothing was imported" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    with sqlite_store.session() as s:
        assert sources.list_sources(s) == []


def test_speakers_model(qtmodeltester):
    model = SpeakersModel()
    model.set_rows([SpeakerRow("Kim", 3, "Kim", False), SpeakerRow("Ana", 5, "P01", False)])
    qtmodeltester.check(model)
    model.setData(model.index(0, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.moderators() == {"Kim"} and model.speakers() == {"Ana": "P01"}
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable


def test_columns_model(qtmodeltester):
    cols = [Column(0, "id", "Respondent", "id"), Column(1, "Q1", "What helped?", "text"),
            Column(2, "age", "Age", "attribute", "integer")]
    model = ColumnsModel()
    model.set_columns(cols)
    qtmodeltester.check(model)
    assert model.setData(model.index(2, 2), "id")
    assert [c.role for c in cols] == ["ignore", "text", "id"]
    assert not model.setData(model.index(1, 2), "bogus")


def test_survey_roles_changed_in_the_dialog_are_what_gets_written(qtbot, sqlite_store, tmp_path):
    from tests.cli.test_cli import SURVEY

    path = tmp_path / "s.csv"
    path.write_text(SURVEY, encoding="utf-8")
    dialog = open_dialog(qtbot, sqlite_store, [path])
    model = dialog.columns_model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    change = names.index("What would you change?")
    model.setData(model.index(change, 2), "ignore", Qt.ItemDataRole.EditRole)
    assert "1 free-text questions" in dialog.summary.text()
    with qtbot.waitSignal(dialog.sig_import_finished, timeout=10000):
        dialog.import_button.click()
    with sqlite_store.session() as s:
        src = sources.get_source(s, "s")
        assert src.meta["questions"] == ["What helped most?"]
        assert len(sources.sections_of(s, src)) == 3


def test_an_attributes_type_can_be_changed_before_writing(qtbot, sqlite_store, tmp_path):
    from coding import cases

    path = tmp_path / "typed.csv"
    path.write_text("id,Year,What helped most?\nR1,2021,The regular meetings with my mentor.\n"
                    "R2,2022,Having someone outside my team to talk honestly with.\n", encoding="utf-8")
    dialog = open_dialog(qtbot, sqlite_store, [path])
    model = dialog.columns_model
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    year = names.index("Year")
    assert model.index(year, 3).data(Qt.ItemDataRole.EditRole) == "integer"
    assert not model.setData(model.index(names.index("What helped most?"), 3), "date")  # text is not typed
    assert model.setData(model.index(year, 3), "text")
    with qtbot.waitSignal(dialog.sig_import_finished, timeout=10000):
        dialog.import_button.click()
    with sqlite_store.session() as s:
        assert cases.find_attribute(s, "Year").value_type == "text"


def test_a_long_message_wraps_and_column_headers_are_whole(qtbot, sqlite_store, transcript, tmp_path):
    from tests.cli.test_cli import SURVEY

    plain = open_dialog(qtbot, sqlite_store, [transcript])
    bad = tmp_path / ("a-file-with-a-very-long-name-" * 6 + ".docx")
    bad.write_text("not a zip")
    dialog = ImportDialog(sqlite_store, [transcript, bad], "tester")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_import_failed, timeout=10000):
        dialog.show()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Nothing was imported"))
    assert len(dialog.status.text()) > 300 and dialog.width() <= plain.width()  # wrapped, not widened
    survey = tmp_path / "s.csv"
    survey.write_text(SURVEY, encoding="utf-8")
    dialog = open_dialog(qtbot, sqlite_store, [survey])
    header = dialog.columns_view.horizontalHeader()
    for col in range(dialog.columns_model.columnCount()):
        assert dialog.columns_view.columnWidth(col) >= header.sectionSizeFromContents(col).width()


def test_the_dialog_says_how_to_choose_columns_here_never_with_a_command_line_flag(qtbot, sqlite_store, tmp_path):
    from tests.cli.test_cli import SURVEY

    path = tmp_path / "s.csv"
    path.write_text(SURVEY, encoding="utf-8")
    dialog = open_dialog(qtbot, sqlite_store, [path])
    model = dialog.columns_model
    for row in range(model.rowCount()):
        if model.index(row, 2).data(Qt.ItemDataRole.EditRole) == "text":
            model.setData(model.index(row, 2), "ignore", Qt.ItemDataRole.EditRole)
    text = dialog.summary.text()
    assert "choose the columns to code (set their Role to “Free text” in the table)" in text
    assert "--" not in text and "command line" not in text
    assert not dialog.import_button.isEnabled()
