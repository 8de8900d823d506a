"""Helpers shared by the transcript parsers: line splitting, error messages,
markup cleaning and the ``Name:`` speaker-label rule.

Pure functions, no I/O and no Qt.  Line numbers in messages are 1-based and
count lines of the text as given (after a leading BOM is dropped).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from importers.errors import ImportFailed
from importers.transcripts.model import Turn

BOM = "\ufeff"
MAX_LABEL_WORDS = 6
MAX_LABEL_CHARS = 40


def split_lines(text: str) -> list[str]:
    """The lines of decoded text.

    Drops a leading U+FEFF (Teams/OneDrive and Windows Notepad write a BOM)
    and treats CRLF (Windows exports), lone CR (old Mac files) and LF alike.
    Only these three end a line: ``str.splitlines`` would also split on form
    feeds and U+2028, which would shift the line numbers we report.
    """
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def count_timing_lines(text: str) -> int:
    """Lines holding ``-->``: a deliberately simple, independent count that
    ``check_complete`` compares with the number of cues a parser read."""
    return sum(1 for line in split_lines(text) if "-->" in line)


def quote(line: str, limit: int = 70) -> str:
    """A line quoted for an error message, shortened if long."""
    s = line.strip()
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return f"'{s}'"


def failure(name: str, line: int, problem: str, fix: str) -> ImportFailed:
    """``ImportFailed`` with one sentence: file, line, problem and a likely fix."""
    fix = fix.rstrip()
    if not fix.endswith("."):
        fix += "."
    return ImportFailed(f"{name}: line {line}: {problem}; {fix}")


# Markup inside captions: WebVTT class/italic/bold/underline/ruby/lang tags,
# SRT <i>/<b>/<font ...>, and karaoke timestamps such as <00:01:02.500>.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
# SSA/ASS override codes that many SRT files carry, e.g. {\an8} or {\i1}.
_ASS = re.compile(r"\{\\[^{}]*\}")
# A WebVTT voice tag, <v Name> or <v.class Name> (Teams; also left in SRT
# files converted from VTT).  It must be read before clean_markup drops it.
VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+(?P<name>[^>]*))?>")


def clean_markup(text: str) -> str:
    """Text with tags removed and HTML entities (``&amp; &lt; &gt; &nbsp;``
    and numeric ones) decoded.  Tags go first so that an escaped ``&lt;b&gt;``
    survives as literal text.  A no-break space becomes a plain space."""
    text = _ASS.sub("", _TAG.sub("", text))
    return html.unescape(text).replace("\xa0", " ")


def squash(text: str) -> str:
    """Wrapped caption lines joined with single spaces (captions wrap at a
    fixed width, so their line breaks carry no meaning)."""
    return " ".join(text.split())


# ``Name: speech`` — a name starts with a letter and may hold anything but a
# colon or tab: spaces, dots, hyphens, apostrophes, commas, digits, brackets
# and the pronouns or affiliations Zoom users put in display names ("Speaker
# 2", "Hurst, Peter", "Dr. O'Neil-Smith", "Sam Lee (she/her)", "Jo | ACME").
# Broadcast/SDH subtitles put a dialogue dash or ">>" before the name.
_COLON_LABEL = re.compile(r"^(?P<dash>-\s*|>>\s*)?(?P<name>[^\W\d_][^:\t\n]*?)[ \t]*:(?:\s+|$)")
_BRACKET_LABEL = re.compile(r"^(?P<dash>-\s*)?\[(?P<name>[^\[\]\n]+?)\](?:[ \t]*:)?(?:\s+|$)")

# Words that open ordinary sentences or headings ("Note: ...", "So: ...",
# "Summary: ...").  A one-word label in this set, or a longer label whose first
# word is in _LEADS, is never a speaker, however often it occurs.
_NOT_NAMES = {
    "note", "notes", "nb", "ps", "pps", "eg", "e.g", "ie", "i.e", "warning", "caution", "tip",
    "hint", "update", "edit", "edited", "fyi", "reminder", "important", "re", "subject", "see",
    "example", "examples", "http", "https", "step", "so", "and", "but", "or", "because", "well",
    "okay", "ok", "yes", "no", "yeah", "yep", "then", "now", "here", "there", "this", "that",
    "it", "the", "right", "sure", "anyway", "basically", "actually", "like", "um", "uh", "hmm",
    "oh", "summary", "background", "method", "methods", "result", "results", "conclusion",
    "conclusions", "discussion", "introduction", "abstract", "aim", "aims", "objective",
    "objectives", "source", "sources", "date", "time", "location", "place", "title", "topic",
    "agenda", "todo", "definition", "purpose", "goal", "goals", "also", "meaning",
    "music", "laughter", "laughs", "applause", "inaudible", "crosstalk", "silence", "noise",
    # headings of notes, minutes, reports and e-mail headers
    "attendees", "participants", "present", "apologies", "findings", "finding", "outcome",
    "outcomes", "decision", "decisions", "action", "actions", "recommendation", "recommendations",
    "context", "observation", "observations", "comment", "comments", "feedback", "issue", "issues",
    "status", "overview", "scope", "limitations", "implications", "keywords", "author", "authors",
    "version", "from", "to", "cc", "bcc", "sent", "fw", "fwd", "attachment",
    "attachments", "name", "email", "phone", "address", "website", "url", "tags", "category",
}
_LEADS = {
    "i", "we", "you", "he", "she", "they", "it", "my", "our", "your", "his", "her", "their",
    "the", "a", "an", "this", "that", "these", "those", "so", "and", "but", "or", "because",
    "well", "what", "why", "how", "when", "where", "which", "who", "if", "in", "on", "at", "for",
    "to", "of", "with", "as", "from", "by", "is", "was", "there", "here", "also", "then", "now",
    "note", "one", "some", "all", "just", "like", "okay", "ok", "yes", "no", "yeah",
}
# Lower-case particles inside personal names ("Ludwig van Beethoven").
_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le",
              "bin", "ibn", "al", "el", "y", "e", "dos", "das", "do", "ten", "ter", "zu", "af"}


@dataclass(frozen=True)
class Label:
    name: str  # the speaker name, trimmed
    rest: str  # the speech after the label


def find_label(text: str, colon: bool = True, brackets: bool = False,
               dashes: bool = True) -> Optional[Label]:
    """A speaker label at the start of ``text`` whose shape could be a name:
    at most six words and forty characters.  Whether it *is* a speaker is
    decided per file by ``accept_labels``.  ``dashes=False`` refuses the
    subtitle dialogue dash, which in plain text marks a bullet list."""
    m = None
    if brackets:
        m = _BRACKET_LABEL.match(text)
    if m is None and colon:
        m = _COLON_LABEL.match(text)
    if m is None or (not dashes and m.group("dash")):
        return None
    name = m.group("name").strip()
    if not name or len(name) > MAX_LABEL_CHARS or len(name.split()) > MAX_LABEL_WORDS:
        return None
    return Label(name, text[m.end():])


def _stopped(name: str) -> bool:
    words = [w.strip(".,'’()").lower() for w in name.split()]
    if len(words) == 1:
        return words[0] in _NOT_NAMES
    return words[0] in _LEADS


def name_like(name: str) -> bool:
    """Every word capitalised, a number ("Speaker 2") or a name particle;
    bracketed asides ("(she/her)") and separators ("|") are not judged."""
    bare = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", name).replace(",", " ")
    cores = [w.strip(".'’()-") for w in bare.split()]
    cores = [c for c in cores if any(ch.isalnum() for ch in c)]
    return bool(cores) and all(
        c[0].isupper() or c[0].isdigit() or c.lower() in _PARTICLES for c in cores)


def accept_labels(names: list[str], units: int) -> set[str]:
    """Which candidate labels are speakers, judged over the whole file.

    ``names`` holds the candidate label of every unit (cue, line or block)
    that has one; ``units`` is the number of units.  A label that opens two
    or more units is a speaker (Zoom repeats names on every cue) unless it is
    a sentence opener such as "Note" or "So".  A label seen once (a person
    who spoke once, like one participant in the Zoom sample) is a speaker
    only if it looks like a name and at least half the units are labelled;
    so a lone "Bottom line: ..." in an unlabelled Teams file stays speech.
    """
    counts = Counter(n for n in names if not _stopped(n))
    labelled = sum(counts.values())
    accepted = {n for n, c in counts.items() if c >= 2}
    if labelled * 2 >= units:
        accepted |= {n for n, c in counts.items() if c == 1 and name_like(n)}
    return accepted


def carry_speakers(turns: list[Turn]) -> int:
    """Give an unnamed turn the speaker of the named turn just before it.

    Zoom now and then leaves the ``Name:`` off a cue that carries on the
    same person's speech (2 of 300 cues in the Zoom sample), so such a cue
    right after a named cue is that person talking on.  Unnamed turns before the first named one stay None.
    Returns how many turns were attributed this way.
    """
    carried = 0
    for prev, turn in zip(turns, turns[1:]):
        if turn.speaker is None and prev.speaker is not None:
            turn.speaker = prev.speaker
            carried += 1
    return carried


def speaker_notes(turns: list[Turn], carried: int, unit: str = "cue") -> list[str]:
    """The notes every parser adds about speakers."""
    notes = []
    if turns and all(t.speaker is None for t in turns):
        notes.append("no speaker names in the file")
    if carried:
        s, verb = ("", "was") if carried == 1 else ("s", "were")
        notes.append(f"{carried} {unit}{s} without a speaker name {verb} given the previous speaker")
    return notes


def join_speech(lines: list[str]) -> str:
    """Speech lines of a text transcript as one turn text: line breaks kept
    (they are the writer's), trailing spaces and blank lines at either end
    dropped, runs of blank lines inside reduced to one paragraph break."""
    text = "\n".join(line.rstrip() for line in lines).strip()
    return re.sub(r"\n\s*\n", "\n\n", text)


def preamble_turn(lines: list[str], first_line: int, what: str) -> tuple[list[Turn], list[str]]:
    """Text before the first speaker marker (a title, a date, a note typed by
    the user) is kept as an unnamed turn rather than dropped, with a note."""
    text = join_speech(lines)
    if not text:
        return [], []
    line = first_line + next(i for i, s in enumerate(lines) if s.strip())
    return [Turn(None, text, line=line)], [f"text before the first {what} was kept as a turn "
                                           "without a speaker"]


def require_speech(turns: list[Turn], name: str, line: int, markers: int, what: str) -> None:
    """Refuse a file whose speaker markers are all followed by nothing."""
    if not turns:
        raise failure(name, line, f"none of the {markers} {what} has any speech after it",
                      "export the transcript again, as the file holds speaker lines but no text")
