"""Default colours: light enough to read black text on, distinct from each other."""
import re

CODE_PALETTE = (
    "#F4A6A6", "#A6D8F4", "#B8E6A1", "#F9D89C", "#D4B5F0", "#9EE0D0", "#F7B8D9", "#C9C9F5",
    "#E8E39A", "#A8C8E8", "#F5C6A5", "#B5E3B5", "#E3B5E3", "#A5E5E5", "#F0CFA0", "#C4D9A6",
)
CODER_PALETTE = ("#1F77B4", "#D62728", "#2CA02C", "#9467BD", "#FF7F0E", "#17BECF", "#8C564B")

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def is_colour(value: str) -> bool:
    return bool(_HEX.match(value))


def normalise_colour(value: str) -> str:
    return value.upper()


def pick(palette: tuple[str, ...], index: int) -> str:
    return palette[index % len(palette)]
