"""Colours for agreement bands, shared by the measures table and the heat map.

κ-type coefficients are banded after Landis & Koch (1977), read on the value
to two decimals; Krippendorff's α after Krippendorff (2004), read to three:
≥ 0.800 reliable (green), 0.667–0.800 tentative (amber), below unreliable
(red).  Only a code's (or group's) own value is banded, never a mean over
codes.  Backgrounds are pale so the numbers stay readable; the text on them is
always dark.
"""
from __future__ import annotations

from html import escape
from typing import Optional

from PySide6.QtGui import QColor

from coding.agreement.report import (ALPHA_DIGITS, ALPHA_TYPE, KAPPA_DIGITS, KAPPA_TYPE,  # noqa: F401
                                     krippendorff_band, landis_koch, number)

LANDIS_KOCH_COLOURS = {
    "poor": "#F2A7A7",
    "slight": "#F6BFA6",
    "fair": "#F9D7A1",
    "moderate": "#F7EBA0",
    "substantial": "#CFE7A9",
    "almost perfect": "#A5D79C",
}
LANDIS_KOCH_RANGES = {
    "poor": "< 0", "slight": "0–0.20", "fair": "0.21–0.40", "moderate": "0.41–0.60",
    "substantial": "0.61–0.80", "almost perfect": "0.81–1",
}
KRIPPENDORFF_COLOURS = {"reliable": "#A5D79C", "tentative": "#F7D98C", "unreliable": "#F2A7A7"}
TEXT_ON_BAND = QColor("#1A1A1A")


def band(measure: str, value: Optional[float]) -> Optional[tuple[str, str]]:
    """(band label, colour) for ``value`` of ``measure``, or None when the
    measure is not banded (percent agreement, counts) or the value is undefined."""
    if value is None:
        return None
    if measure in KAPPA_TYPE:
        label = landis_koch(value)
        return (f"{label} (Landis & Koch, read on {number(value, KAPPA_DIGITS)})",
                LANDIS_KOCH_COLOURS[label])
    if measure in ALPHA_TYPE:
        label = krippendorff_band(value)
        return (f"{label} (Krippendorff, read on {number(value, ALPHA_DIGITS)})",
                KRIPPENDORFF_COLOURS[label.split(" ", 1)[0]])
    return None


def band_colour(measure: str, value: Optional[float]) -> Optional[QColor]:
    found = band(measure, value)
    return None if found is None else QColor(found[1])


def _swatch(colour: str, text: str) -> str:
    return (f'<span style="background-color:{colour}; color:#1A1A1A;">&nbsp;{escape(text)}&nbsp;</span>')


def legend_html(kappa: bool = True, alpha: bool = True) -> str:
    """A one-line legend of the band colours (rich text for a QLabel)."""
    parts = []
    if kappa:
        parts.append("κ-type (Landis &amp; Koch): " + " ".join(
            _swatch(LANDIS_KOCH_COLOURS[k], f"{k} {LANDIS_KOCH_RANGES[k]}") for k in LANDIS_KOCH_COLOURS))
    if alpha:
        parts.append("α (Krippendorff): " + " ".join((
            _swatch(KRIPPENDORFF_COLOURS["reliable"], "≥ 0.800"),
            _swatch(KRIPPENDORFF_COLOURS["tentative"], "0.667–0.800"),
            _swatch(KRIPPENDORFF_COLOURS["unreliable"], "< 0.667"))))
    return " &nbsp;&nbsp; ".join(parts)
