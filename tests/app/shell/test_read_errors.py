"""A read that fails because the server went away says so in plain words:
nothing was changed, the window may be out of date, Tandem reconnects —
never a driver's traceback."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from tests.app.helpers import shown_window


def test_a_read_that_lost_the_server_says_so(qtbot, demo_copy):
    w = shown_window(qtbot, demo_copy)
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")  # a real refusal from the driver
    with pytest.raises(DBAPIError) as caught:
        engine.connect()
    engine.dispose()
    w._on_task_failed(caught.value)
    box = w.findChild(QMessageBox, "error_box")
    assert box.windowTitle() == "Connection lost"
    assert "nothing was changed" in box.text() and "reconnects" in box.text()
    assert "OperationalError" not in box.text() and "Traceback" not in box.text()
