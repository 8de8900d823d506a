"""Transcript formats -> speaker turns (plain data).  See ``model``."""
