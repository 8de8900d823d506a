"""Data shipped with Tandem: the demo study (and, later, icons and templates)."""
