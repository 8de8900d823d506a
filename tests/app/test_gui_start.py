"""Starting the window on a machine without Qt's X11 libraries: one message
naming the packages to install, instead of Qt's plugin error."""
from __future__ import annotations

import ctypes.util

from app import gui


def test_missing_x11_libraries_are_named_as_packages(monkeypatch, capsys):
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: None if name in ("xcb-cursor", "xcb-icccm") else real(name) or "lib.so")
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert gui.missing_display_libraries() == ["libxcb-cursor0", "libxcb-icccm4"]
    assert gui.run() == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4" in err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # no X11 display used: nothing is needed
    assert gui.missing_display_libraries() == []
