"""Where file dialogs start: exports beside the project file (a server
project: where the last export went), imports where the last import came
from, new and opened projects beside the open (or the most recent) one."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from app.common.folders import IMPORTS, projects_folder, remember_folder, start_folder
from app.shell.main_window import MainWindow
from tests.app.helpers import open_as


def test_save_dialogs_start_beside_the_project_file(qtbot, demo_copy, monkeypatch):
    main = MainWindow()
    qtbot.addWidget(main)
    open_as(qtbot, main, demo_copy, "Priya Raman")
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda _parent, _title, start, _filters: asked.append(Path(start)) or ("", ""))
    main.exports.export_file("codebook")
    main.action_export_table.trigger()
    main.exports.table_dialog._on_buttons_accepted()
    assert [p.parent for p in asked] == [demo_copy.resolve().parent] * 2
    assert [p.name for p in asked] == ["codebook.docx", "theme-table.docx"]


def test_a_server_project_exports_where_the_last_export_went(tmp_path):
    server = SimpleNamespace(path=None)
    assert start_folder(server) == Path.home()
    (tmp_path / "reports").mkdir()
    remember_folder(tmp_path / "reports" / "codebook.docx")
    assert start_folder(server) == (tmp_path / "reports").resolve()
    assert start_folder(SimpleNamespace(path=tmp_path / "p" / "study.tandem")) == (tmp_path / "p").resolve()


def test_imports_start_where_the_last_came_from_and_projects_beside_the_last_project(qtbot, demo_copy, tmp_path,
                                                                                    monkeypatch):
    from app import settings

    main = MainWindow()
    qtbot.addWidget(main)
    assert projects_folder(None) == Path.home()  # nothing known yet
    open_as(qtbot, main, demo_copy, "Priya Raman")
    assert start_folder(main.store, IMPORTS) == demo_copy.resolve().parent  # no import yet: beside the project
    (tmp_path / "transcripts").mkdir()
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileNames",
                        lambda _parent, _title, start, _filters: asked.append(Path(start)) or
                        ([str(tmp_path / "transcripts" / "fg.vtt")], ""))
    monkeypatch.setattr(main, "import_files", lambda paths: None)
    main.action_import.trigger()
    main.action_import.trigger()
    assert asked == [demo_copy.resolve().parent, (tmp_path / "transcripts").resolve()]
    assert projects_folder(main.store) == demo_copy.resolve().parent
    settings.put("recent/projects", ["postgresql://team.example/study", str(demo_copy.resolve())])
    assert projects_folder(None) == demo_copy.resolve().parent  # the most recent project file's folder
