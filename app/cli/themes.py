"""`tandem themes`: the Themes view on the command line — categories, themes,
their descriptions, the codes they gather, segments and cases per respondent
group, and their pinned quotes; ``--depth N`` makes the nodes at depth N the
project's themes, ``--describe THEME TEXT`` sets a theme's description for
the theme table (the same core calls as the GUI)."""
from __future__ import annotations

import json

from coding.text import whole_number  # ASCII digits only: not "7_0" or Arabic-Indic digits


def cmd_themes(args, open_store, acting) -> None:
    from coding import codebook, themes

    with open_store(args) as store:
        me = acting(store, args)
        if args.describe:
            path, text = args.describe
            with store.transaction(me) as s:
                codebook.update_code(s, codebook.get_code(s, path), summary=" ".join(text.split()))
            print(f"the theme table describes {path} as: {text.strip()}" if text.strip() else
                  f"the theme table prints the definition of {path} again")
        if args.depth is not None:
            with store.transaction(me) as s:
                old = themes.set_theme_depth(s, me, args.depth)
            print(f"themes are now the codebook's nodes at depth {args.depth} (were at {old})")
        with store.session() as s:
            view = themes.overview(s, me, coder=args.coder, group_by=args.by)
    if args.json:
        print(json.dumps(_as_json(view), indent=2, ensure_ascii=False))
        return
    print(f"Themes at depth {view.depth}; counts from "
          + (view.layer if view.layer else "nobody yet (no consensus layer: name a coder with --coder)")
          + (f", cases by {view.group_by}" if view.group_by else ""))
    if not view.categories:
        print("(no themes at this depth: try --depth 1)")
    for category in view.categories:
        print(f"\n{category.name}")
        for theme in category.themes:
            cases = ", ".join(f"{theme.cases.get(g, 0)}/{view.group_sizes[g]} {g}" for g in view.groups) \
                if view.groups else f"{theme.cases.get('', 0)} cases"
            gathers = f"; gathers {', '.join(theme.codes)}" if theme.codes else ""
            print(f"  {theme.name}: {theme.segments} segments, {cases}{gathers}")
            if theme.summary:
                print(f"    in the table: {theme.summary}")
            for i, q in enumerate(theme.quotes, 1):
                flag = f"  [check: {'; '.join(q.flags)}]" if q.flags else ""
                print(f"    {i}. “{q.text}” ({q.source}){flag}")


def _as_json(view) -> dict:
    return {"depth": view.depth, "layer": view.layer, "group_by": view.group_by, "groups": list(view.groups),
            "group_sizes": view.group_sizes,
            "categories": [{"uuid": c.uuid, "name": c.name, "description": c.description, "themes": [
                {"uuid": t.uuid, "name": t.name, "path": t.path, "description": t.description, "summary": t.summary,
                 "codes": list(t.codes), "segments": t.segments, "cases": t.cases,
                 "quotes": [{"uuid": q.uuid, "text": q.text, "original": q.original, "source": q.source,
                             "start": q.start, "end": q.end, "identifying": list(q.flags)} for q in t.quotes]}
                for t in c.themes]} for c in view.categories]}


def add_commands(sub, project_cmd, open_store, acting) -> None:
    sp = project_cmd(sub, "themes", lambda a: cmd_themes(a, open_store, acting),
                     "categories, themes, their counts per group and their quotes", json_flag=True)
    sp.add_argument("--coder", metavar="NAME", help="whose codings are counted (default: the consensus layer)")
    sp.add_argument("--by", metavar="ATTRIBUTE", help="count cases per value of this attribute (e.g. group)")
    sp.add_argument("--depth", type=whole_number, metavar="N",
                    help="make the codebook's nodes at depth N the project's themes (1: below the categories)")
    sp.add_argument("--describe", nargs=2, metavar=("THEME", "TEXT"),
                    help="the theme's description for the theme table, for readers rather than coders "
                         "('' prints its definition again)")
