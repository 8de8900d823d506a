"""Themes and the theme table a manuscript prints.

The codebook holds the themes: the nodes at depth ``themes_at`` (1: the
children of the top-level categories) are themes, their parents are the
categories, and a theme gathers itself and every code below it.  The depth
is the project's choice (``set_theme_depth``, kept in the project so every
front end agrees); until it is made, themes sit one level above the leaf
codes of a three-level codebook, else just below the top.  Exclusive
groups (nominal variables such as "Overall view") are not themes.  The quotes
of a theme are those pinned to it (``coding.quotes``), or else the coded
segments of one layer (the consensus layer once it exists, or a chosen
coder) in source order, those of a readable length first (``QUOTE_WORDS``:
a two-word coding makes a poor quote).  Rows can be split into sections by a case
attribute ("Mentee response", "Mentor response").

``theme_table`` returns plain data; ``exporters.theme_table`` writes it to
Word.  ``overview`` gives the Themes view its rows: each theme with the codes
it gathers, its coded segments and the cases of each respondent group that
mention it, and its pinned quotes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access
from coding.access import Acting
from coding.codebook import path_of, walk
from coding.errors import InvalidRequest, NotFound
from coding.places import SectionIndex
from storage.models import Case, Code, Coder, Coding, Quote, Source

KIND_NOUNS = {"survey": ("survey", "surveys"), "interview": ("interview", "interviews"),
              "focus-group": ("focus group", "focus groups"), "notes": ("notes", "notes"),
              "document": ("document", "documents")}


@dataclass
class TableQuote:
    text: str
    source: str
    source_kind: str
    start: int
    end: int
    case: Optional[str] = None
    group: Optional[str] = None       # the case's value of the section attribute
    pinned: bool = False

    def attribution(self) -> str:
        who = self.group.lower() if self.group else (self.case or "")
        kind = KIND_NOUNS.get(self.source_kind, (self.source_kind,))[0]
        return ", ".join(x for x in (who, kind) if x)


@dataclass
class TableTheme:
    name: str
    path: str
    description: str
    quotes: list[TableQuote] = field(default_factory=list)


@dataclass
class TableCategory:
    name: str
    description: str
    themes: list[TableTheme] = field(default_factory=list)


@dataclass
class TableSection:
    label: Optional[str]  # None: no sections
    categories: list[TableCategory] = field(default_factory=list)


@dataclass
class ThemeTable:
    layer: str
    sections: list[TableSection]
    section_by: Optional[str] = None
    left_out: int = 0  # quotes whose case has no value of the section attribute

    def source_kinds(self) -> list[str]:
        seen: list[str] = []
        for q in self.quotes():
            if q.source_kind not in seen:
                seen.append(q.source_kind)
        return seen

    def quotes(self) -> list[TableQuote]:
        return [q for s in self.sections for c in s.categories for t in c.themes for q in t.quotes]

    def footnote(self) -> str:
        """ "*Quotes were obtained from surveys, interviews, and focus groups." """
        kinds = [KIND_NOUNS.get(k, (k, k))[1] for k in sorted(self.source_kinds(), key=_kind_order)]
        if not kinds:
            return ""
        listed = kinds[0] if len(kinds) == 1 else (
            f"{kinds[0]} and {kinds[1]}" if len(kinds) == 2 else ", ".join(kinds[:-1]) + f", and {kinds[-1]}")
        return f"*Quotes were obtained from {listed}."


def _kind_order(kind: str) -> int:
    return list(KIND_NOUNS).index(kind) if kind in KIND_NOUNS else len(KIND_NOUNS)


def _layer(session: Session, name: Optional[str]) -> Coder:
    from coding.coders import get_coder

    if name:
        return get_coder(session, name)
    consensus = session.scalar(select(Coder).where(Coder.role == "consensus").limit(1))
    if consensus is None:
        raise InvalidRequest("The project has no consensus layer yet: name the coder whose codings fill the "
                             "table (--coder NAME), or reconcile first.")
    return consensus


class _Cases:
    """The case of a passage (the section it starts in, else the source's) and its attribute value."""

    def __init__(self, session: Session, attribute: Optional[str]):
        from coding.cases import attributes_of, find_attribute

        self.names = dict(session.execute(select(Case.id, Case.name)).all())
        from coding.sources import check_text

        self.sources = {sid: (name, kind, check_text(name, text, digest), case)
                        for sid, name, kind, text, case, digest in session.execute(
            select(Source.id, Source.name, Source.kind, Source.text, Source.case_id, Source.text_sha256))}
        self.sections = SectionIndex(session)  # the section each passage starts in
        self.values: dict[int, Optional[str]] = {}
        if attribute:
            found = find_attribute(session, attribute)
            if found is None:
                raise NotFound(f"There is no case attribute called '{attribute}'.")
            self.attribute = found.name
            for case in session.scalars(select(Case)):
                value = attributes_of(session, case).get(found.name)
                self.values[case.id] = None if value is None or value == "" else str(value)
        else:
            self.attribute = None

    def case_of(self, source_id: int, start: int) -> Optional[int]:
        row = self.sections.row(source_id, start)
        if row is not None and row.case_id is not None:
            return row.case_id
        return self.sources[source_id][3]

    def quote(self, source_id: int, start: int, end: int, text: Optional[str] = None,
              pinned: bool = False) -> TableQuote:
        name, kind, full, _own = self.sources[source_id]
        case_id = self.case_of(source_id, start)
        return TableQuote(" ".join((text if text is not None else full[start:end]).split()), name, kind, start, end,
                          self.names.get(case_id), self.values.get(case_id) if case_id is not None else None, pinned)


DEPTH_SETTING = "themes_at"
MAX_DEPTH = 6


def default_depth(session: Session) -> int:
    """Themes one level below the categories, or two when the codebook has
    codes under its themes (category → theme → code)."""
    deepest = max((depth for _code, depth in walk(session)), default=0)
    return 2 if deepest >= 2 else 1


def theme_depth(session: Session) -> int:
    """The codebook depth of the themes: the project's choice, else the default."""
    from coding.project import get_setting

    chosen = get_setting(session, DEPTH_SETTING)
    return chosen if isinstance(chosen, int) and 1 <= chosen <= MAX_DEPTH else default_depth(session)


def set_theme_depth(session: Session, acting: Acting, depth: int) -> int:
    """Make the nodes at ``depth`` the project's themes; returns the old depth."""
    from coding.project import set_setting

    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidRequest(f"Themes are at depth 1 (the children of the top-level categories) to {MAX_DEPTH}.")
    old = theme_depth(session)
    set_setting(session, DEPTH_SETTING, depth)
    return old


def theme_table(session: Session, acting: Acting, coder: Optional[str] = None, section_by: Optional[str] = None,
                themes_at: Optional[int] = None, quotes: Optional[int] = 3, section_label: str = "{value} response") -> ThemeTable:
    """The theme table of one layer: sections (by ``section_by``) ×
    categories × themes × quotes (pinned ones, else up to ``quotes`` coded
    segments in source order; None: all); themes at ``themes_at`` (None:
    the project's depth)."""
    themes_at = theme_depth(session) if themes_at is None else themes_at
    if themes_at < 1:
        raise InvalidRequest("Themes are at depth 1 (the children of the top-level categories) or deeper.")
    if quotes is not None and quotes < 1:
        raise InvalidRequest("Show at least one quote per theme (--quotes N, or all).")
    layer = _layer(session, coder)
    access.check_may_read(session, acting, [layer])
    cases = _Cases(session, section_by)
    nodes, children = _codebook(session)
    categories = [(c, [t for t in children.get(c.id, [])]) for c, depth in nodes
                  if depth == themes_at - 1 and not c.exclusive and children.get(c.id)]
    # every quote candidate of every theme: pinned, or the layer's coded segments
    by_theme: dict[int, list[TableQuote]] = {}
    for category, themes in categories:
        for theme in themes:
            by_theme[theme.id] = _quotes_of(session, acting, cases, layer, theme, children,
                                            None if section_by else quotes)
    values = sorted({q.group for qs in by_theme.values() for q in qs if q.group is not None}) if section_by else [None]
    sections, left_out = [], 0
    if section_by:
        left_out = sum(1 for qs in by_theme.values() for q in qs if q.group is None)
    for value in values:
        section = TableSection(section_label.format(value=value) if value is not None else None)
        for category, themes in categories:
            cat = TableCategory(category.name, category.summary or category.description)
            for theme in themes:
                chosen = [q for q in by_theme[theme.id] if value is None or q.group == value]
                if not chosen:
                    continue
                if not chosen[0].pinned:
                    chosen = readable_first(chosen, quotes, lambda q: len(q.text.split()))
                cat.themes.append(TableTheme(theme.name, path_of(theme), theme.summary or theme.description, chosen))
            if cat.themes:
                section.categories.append(cat)
        if section.categories:
            sections.append(section)
    return ThemeTable(layer.name, sections, cases.attribute, left_out)


def _quotes_of(session: Session, acting: Acting, cases: _Cases, layer: Coder, theme: Code,
               children: dict[Optional[int], list[Code]], first: Optional[int] = None) -> list[TableQuote]:
    """The theme's pinned quotes, else its coded segments in source order
    (only the ``first`` of them when no more are shown: ``readable_first``)."""
    from coding.quotes import visible

    pinned = visible(session, acting, session.scalars(
        select(Quote).where(Quote.theme_id == theme.id).order_by(Quote.position, Quote.id)))
    if pinned:
        return [cases.quote(q.source_id, q.start, q.end, q.text, pinned=True) for q in pinned]
    ids = [theme.id] + [c.id for c in _below(theme, children)]
    rows = session.execute(select(Coding.source_id, Coding.start, Coding.end)
                           .where(Coding.coder_id == layer.id, Coding.code_id.in_(ids)).distinct()).all()
    rows.sort(key=lambda r: (cases.sources[r.source_id][0], r.start, r.end))
    rows = readable_first(rows, first, lambda r: _words(cases.sources[r.source_id][2], r.start, r.end))
    return [cases.quote(r.source_id, r.start, r.end) for r in rows]


QUOTE_WORDS = (8, 80)  # a quote a reader can follow: a few words say little out of context, a page too much


def readable_first(items: list, n: Optional[int], words: Callable[[Any], int]) -> list:
    """``n`` of ``items`` (all when None), those of ``QUOTE_WORDS`` words
    first, the rest as needed — each set in its source order, the whole in
    source order."""
    if n is None or len(items) <= n:
        return items
    low, high = QUOTE_WORDS
    picked: list[int] = []
    for i, item in enumerate(items):  # counted only until ``n`` are found
        if low <= words(item) <= high:
            picked.append(i)
            if len(picked) == n:
                break
    if len(picked) < n:
        taken = set(picked)
        picked += [i for i in range(len(items)) if i not in taken][:n - len(picked)]
    return [items[i] for i in sorted(picked)]


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


# --- the Themes view -------------------------------------------------------

@dataclass(frozen=True)
class ThemeSummary:
    uuid: str
    name: str
    path: str
    description: str
    codes: tuple[str, ...]            # the codes it gathers (below it), by name
    segments: int                     # coded segments of the layer with it or a code below it
    cases: dict[str, int]             # group value ("" with no groups) -> cases that mention it
    quotes: tuple = ()                # coding.quotes.QuoteData, in their order
    summary: str = ""                 # its description for the theme table ("": the definition is printed)


@dataclass(frozen=True)
class CategorySummary:
    uuid: str
    name: str
    description: str
    themes: tuple[ThemeSummary, ...]


@dataclass(frozen=True)
class ThemeOverview:
    layer: Optional[str]              # whose codings are counted (None: nobody's yet)
    depth: int
    group_by: Optional[str]
    groups: tuple[str, ...]           # the attribute's values, in order
    group_sizes: dict[str, int]       # value -> cases with that value ("" -> all cases)
    categories: tuple[CategorySummary, ...]
    consensus: bool = False           # the layer counted is the consensus layer

    def themes(self) -> list[ThemeSummary]:
        return [t for c in self.categories for t in c.themes]

    def layer_words(self) -> str:
        """Whose codings are counted, in a sentence: "the consensus layer" or "Daniel Osei's codings"."""
        return "the consensus layer" if self.consensus else f"{self.layer}'s codings"


def overview(session: Session, acting: Acting, coder: Optional[str] = None, group_by: Optional[str] = None,
             themes_at: Optional[int] = None) -> ThemeOverview:
    """Categories and their themes with descriptions, the codes each theme
    gathers, its segments and cases per respondent group in one layer (the
    consensus layer, else ``coder``; no counts when neither exists yet), and
    its pinned quotes as ``acting`` may see them."""
    from coding.quotes import quotes_of

    depth = theme_depth(session) if themes_at is None else themes_at
    try:
        layer: Optional[Coder] = _layer(session, coder)
    except InvalidRequest:
        layer = None  # no consensus layer and no coder named: the themes without counts
    if layer is not None:
        access.check_may_read(session, acting, [layer])
    cases = _Cases(session, group_by)
    nodes, children = _codebook(session)
    theme_of: dict[int, int] = {}  # code id -> the theme it belongs to
    themes = [c for c, d in nodes if d == depth and not (c.parent is not None and c.parent.exclusive)]
    for theme in themes:
        stack = [theme]
        while stack:
            code = stack.pop()
            theme_of[code.id] = theme.id
            stack.extend(children.get(code.id, []))
    spans: dict[int, set] = {t.id: set() for t in themes}
    mentioned: dict[int, dict[str, set]] = {t.id: {} for t in themes}
    if layer is not None:
        rows = session.execute(select(Coding.source_id, Coding.start, Coding.end, Coding.code_id)
                               .where(Coding.coder_id == layer.id)).all()
        for source_id, start, end, code_id in rows:
            theme_id = theme_of.get(code_id)
            if theme_id is None:
                continue
            spans[theme_id].add((source_id, start, end))
            case_id = cases.case_of(source_id, start)
            if case_id is None:
                continue
            value = cases.values.get(case_id) if group_by else ""
            if value is not None:
                mentioned[theme_id].setdefault(value, set()).add(case_id)
    groups = tuple(sorted({v for v in cases.values.values() if v is not None})) if group_by else ()
    sizes = {g: sum(1 for v in cases.values.values() if v == g) for g in groups} if group_by \
        else {"": len(cases.names)}
    categories = []
    for category in [c for c, d in nodes if d == depth - 1 and not c.exclusive] if depth > 0 else []:
        mine = tuple(
            ThemeSummary(str(t.uuid), t.name, path_of(t), t.description,
                         tuple(c.name for c in _below(t, children)), len(spans[t.id]),
                         {g: len(ids) for g, ids in mentioned[t.id].items()},
                         tuple(quotes_of(session, str(t.uuid), acting)), t.summary)
            for t in children.get(category.id, []) if t.id in spans)
        if mine:
            categories.append(CategorySummary(str(category.uuid), category.name, category.description, mine))
    return ThemeOverview(layer.name if layer is not None else None, depth, cases.attribute, groups, sizes,
                         tuple(categories), layer is not None and layer.role == "consensus")


def _codebook(session: Session) -> tuple[list[tuple[Code, int]], dict[Optional[int], list[Code]]]:
    """The codebook depth-first with each node's depth, and each node's children."""
    nodes = list(walk(session))
    children: dict[Optional[int], list[Code]] = {}
    for code, _depth in nodes:
        children.setdefault(code.parent_id, []).append(code)
    return nodes, children


def _below(code: Code, children: dict[Optional[int], list[Code]]) -> list[Code]:
    out, stack = [], list(reversed(children.get(code.id, [])))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(children.get(node.id, [])))
    return out
