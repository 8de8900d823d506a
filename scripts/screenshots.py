"""Save screenshots of the main views to docs/screenshots/ (for reviewers).

Runs on a virtual screen: `QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py`
(or under Xvfb with the xcb platform).  Builds a fresh demo project in a
temporary folder, so it never touches your own projects or settings.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="tandem-shots-"))
    os.environ["HOME"] = str(tmp)  # isolated settings and demo folder
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.demo import build_demo
    from app.shell.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    path = build_demo(tmp / "demo.tandem")
    window = MainWindow()
    window.resize(1400, 860)
    window.show()
    window.open_path(path)
    if window.identity_dialog is not None:  # first open: who is coding?
        window.identity_dialog.grab().save(str(OUT / "who-is-coding.png"))
        window.identity_dialog.close()
    from coding import views

    with window.store.session() as s:
        priya = next(c for c in views.coder_summaries(s) if c.name == "Priya Raman")
    window.set_identity(priya)
    OUT.mkdir(parents=True, exist_ok=True)

    def show_source(kind_row: int, name: str, cursor_in: str = "") -> None:
        loop = QEventLoop()
        window.sig_document_loaded.connect(loop.quit)
        group = window.sources_model.index(kind_row, 0)
        window.sources_view.setCurrentIndex(window.sources_model.index(0, 0, group))
        QTimer.singleShot(10000, loop.quit)
        loop.exec()
        window.sig_document_loaded.disconnect(loop.quit)
        if cursor_in:  # the unit under the cursor shows its case beside the text
            doc = window.document_view.document()
            at = doc.text.index(cursor_in)
            window.document_view.select_codepoints(at, at)
            window.document_view.text.verticalScrollBar().setValue(
                max(0, window.document_view.text.cursorRect().top() - 120))
        app.processEvents()
        save(window, name)

    show_source(0, "main-window-focus-group.png", "Honestly? That I could just message her.")
    show_source(2, "main-window-survey.png", "Career advice.")
    shoot_workspace(app, window)

    from app.demo import DEMO_DIR
    from app.importing.import_dialog import ImportDialog

    for name, file in (("import-transcript.png", "focus_group.vtt"), ("import-survey.png", "mentee_survey.csv")):
        dialog = ImportDialog(window.store, [DEMO_DIR / file], "screenshots", window)
        loop = QEventLoop()
        dialog.sig_files_read.connect(loop.quit)
        dialog.show()
        QTimer.singleShot(10000, loop.quit)
        loop.exec()
        app.processEvents()
        dialog.grab().save(str(OUT / name))
        print(OUT / name)
        dialog.close()

    shoot_agreement(app, window)
    shoot_review(app, window)
    shoot_themes(app, window)
    shoot_cases(app, window)
    window.close()
    return 0


def _wait(signal, seconds: int = 30) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(seconds * 1000, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def shoot_agreement(app, window) -> None:
    """Analysis > Agreement at the section unit: the measures table with one
    code's disagreements, the heat map with one cell's, and the methods tab."""
    from app import settings

    settings.put("agreement/unit", "section")  # the window opens on the last unit used
    window.action_agreement.trigger()
    dialog = window.agreement_window
    dialog.resize(1400, 900)
    _wait(dialog.sig_report_computed)
    app.processEvents()
    worst = min(dialog.report.codes, key=lambda r: r.value("cohen_kappa") or 1.0)
    dialog.measures.select_code(worst.code)
    _wait(dialog.sig_disagreements_listed)
    app.processEvents()
    save(dialog, "agreement-measures.png")

    dialog.tabs.setCurrentWidget(dialog.heatmap)
    model = dialog.heatmap.model
    cells = [(value, r, c) for r, row in enumerate(dialog.report.heatmap.values)
             for c, value in enumerate(row) if value is not None]
    _, row, column = min(cells)  # the lowest κ of any code in any source
    dialog.heatmap.table.setCurrentIndex(model.index(row, column + 1))
    _wait(dialog.sig_disagreements_listed)
    app.processEvents()
    save(dialog, "agreement-heatmap.png")

    dialog.tabs.setCurrentWidget(dialog.methods)
    app.processEvents()
    save(dialog, "agreement-methods.png")
    dialog.close()


def shoot_review(app, window) -> None:
    """Analysis > Reconcile on the demo (part-way through): a boundary
    discrepancy with both coders' spans, and the summary."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.reconcile.summary_dialog import SummaryDialog

    window.action_reconcile.trigger()
    review = window.review_window
    review.resize(1400, 860)
    review.show()
    loop = QEventLoop()
    review.sig_review_loaded.connect(loop.quit)
    QTimer.singleShot(20000, loop.quit)
    loop.exec()
    review.kind_filter.setCurrentIndex(review.kind_filter.findData("boundary"))
    review._select(0)
    review.detail.rationale.setText("Daniel's span stops before the reason the definition asks for")
    app.processEvents()
    save(review, "reconcile-review.png")
    review.show_summary()
    _wait(review.sig_summary_shown)
    app.processEvents()
    dialog = review.findChild(SummaryDialog)
    if dialog is not None:
        save(dialog, "reconcile-summary.png")
        dialog.close()
    review.close()


def shoot_workspace(app, window) -> None:
    """The quick-code palette, project search, coded segments, and blind mode."""
    doc = window.document_view.document()
    at = doc.text.index("Not a lot to be honest.")
    window.document_view.select_codepoints(at, at + len("Not a lot to be honest."))
    palette = window.coding.open_palette()
    palette.query.setText("mism")
    app.processEvents()
    save(palette, "quick-code.png")
    palette.close()

    window.action_find.trigger()
    window.search_panel.query.setText("protected time")
    window.search_panel.start()
    _wait(window.search_panel.sig_search_finished)
    app.processEvents()
    save(window, "search.png")

    window.codebook_panel.select_path("Programme outcomes/Areas for improvement/Recognition for mentors")
    window.retrieval_dock.show()
    window.retrieval_dock.raise_()
    window.retrieval_panel.start()
    _wait(window.retrieval_panel.sig_retrieval_finished)
    app.processEvents()
    save(window, "coded-segments.png")
    window.search_dock.hide()
    window.retrieval_dock.hide()

    from coding import views

    window.workspace.set_blind(True)
    with window.store.session() as s:
        daniel = next(c for c in views.coder_summaries(s) if c.name == "Daniel Osei")
    window.set_identity(daniel)
    _wait(window.sig_document_loaded)
    app.processEvents()
    save(window, "blind-mode.png")
    with window.store.session() as s:
        priya = next(c for c in views.coder_summaries(s) if c.name == "Priya Raman")
    window.set_identity(priya)
    window.workspace.set_blind(False)
    _wait(window.sig_document_loaded)


def shoot_themes(app, window) -> None:
    """Analysis > Themes and Quotes: the themes with cases per group and two
    quotes pinned from the suggestions, one edited; then the suggestions."""
    from coding import codebook, quotes
    from coding.suggest import suggest

    window.action_themes.trigger()
    window.themes_dock.setMinimumHeight(440)
    panel = window.themes_panel
    _wait(panel.sig_overview_loaded)
    acting = window.acting()
    with window.store.session() as s:
        theme = codebook.find_code(s, "Programme outcomes/Areas for improvement/Matching process")
        picks = suggest(s, acting, "Programme outcomes/Areas for improvement/Matching process", n=2,
                        section_by="group")
        theme_uuid = str(theme.uuid)
    with window.store.transaction(acting) as s:
        uuids = [quotes.pin(s, acting, theme_uuid, p.coding_uuid) for p in picks]
        words = picks[0].text.split()
        quotes.edit(s, acting, uuids[0], " ".join(words[:6]) + " … " + " ".join(words[-5:]))
    panel.reload()
    _wait(panel.sig_overview_loaded)
    panel.select_uuid(uuids[0])
    app.processEvents()
    save(window, "themes-view.png")
    panel.select_uuid(theme_uuid)
    panel.action_suggest.trigger()
    dialog = window.themes_actions.suggest_dialog
    _wait(dialog.sig_suggestions_ready)
    app.processEvents()
    save(dialog, "themes-suggestions.png")
    dialog.close()


def shoot_cases(app, window) -> None:
    """View > Cases and Attributes: every case with every attribute."""
    window.themes_dock.hide()
    window.cases_dock.show()
    window.cases_dock.raise_()
    _wait(window.cases_panel.sig_table_loaded)
    app.processEvents()
    save(window, "cases-view.png")


def save(widget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print(OUT / name)


if __name__ == "__main__":
    sys.exit(main())
