"""Tandem's GUI (PySide6) and command line: adapters over the Qt-free core."""
