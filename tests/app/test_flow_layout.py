"""FlowLayout: one line when there is room, more lines when not, hidden items take no room."""
from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from app.common.flow_layout import FlowLayout


def _row(qtbot, n=4):
    host = QWidget()
    qtbot.addWidget(host)
    flow = FlowLayout(host, spacing=4)
    flow.setContentsMargins(0, 0, 0, 0)
    buttons = [QPushButton(f"Button {i}") for i in range(n)]
    for b in buttons:
        flow.addWidget(b)
    return host, flow, buttons


def test_one_line_when_wide_and_wrapping_when_narrow(qtbot):
    host, flow, buttons = _row(qtbot)
    width = flow.sizeHint().width()
    assert flow.heightForWidth(width) == max(b.sizeHint().height() for b in buttons)
    host.resize(width, flow.heightForWidth(width))
    host.show()
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) == 1)
    narrow = buttons[0].sizeHint().width() * 2 + 10
    assert flow.heightForWidth(narrow) > flow.heightForWidth(width)
    host.resize(narrow, flow.heightForWidth(narrow))
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) == 2)
    assert all(b.geometry().right() < narrow for b in buttons)
    assert flow.minimumSize().width() == max(b.minimumSizeHint().width() for b in buttons)


def test_hidden_items_take_no_room(qtbot):
    host, flow, buttons = _row(qtbot)
    whole = flow.sizeHint().width()
    buttons[1].hide()
    assert flow.sizeHint().width() == whole - buttons[1].sizeHint().width() - 4
