"""`tandem quotes`: suggest, pin, list, edit, move and unpin the
representative quotes of a theme (the same core calls as the GUI)."""
from __future__ import annotations

import json

from coding.text import whole_number  # ASCII digits only: not "7_0" or Arabic-Indic digits


def cmd_suggest(args, open_store, acting) -> None:
    from coding.suggest import suggest

    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            found = suggest(s, me, args.theme, coder=args.coder, n=args.n, section_by=args.section_by)
    if args.json:
        print(json.dumps([x.to_json() for x in found], indent=2, ensure_ascii=False))
        return
    if not found:
        print("(no coded segments of this theme)")
    for x in found:
        print(f"{x.coding_uuid}  {x.source} [{x.start}–{x.end}]  “{x.text[:120]}{'…' if len(x.text) > 120 else ''}”")
        print(f"    {x.why()}")


def cmd_pin(args, open_store, acting) -> None:
    from coding import codebook, quotes

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            uid = quotes.pin(s, me, str(codebook.get_code(s, args.theme).uuid), args.coding, text=args.text)
            flags = quotes.identifying(s, args.text or quotes._quote(s, uid).text)
    print(f"pinned quote {uid} to {args.theme}")
    for flag in flags:
        print(f"check before printing: it contains {flag}")


def cmd_list(args, open_store, acting) -> None:
    from coding import codebook, quotes

    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            themes = [codebook.get_code(s, args.theme)] if args.theme else [
                c for c, _d in codebook.walk(s)]
            rows = []
            for theme in themes:
                for q in quotes.quotes_of(s, str(theme.uuid), me):
                    rows.append({"uuid": q.uuid, "theme": q.theme, "position": q.position, "text": q.text,
                                 "original": q.original, "source": q.source, "kind": q.source_kind,
                                 "start": q.start, "end": q.end, "identifying": list(q.flags)})
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        print("(no pinned quotes)")
    for r in rows:
        flag = f"  [check: {'; '.join(r['identifying'])}]" if r["identifying"] else ""
        print(f"{r['uuid']}  {r['theme']} #{r['position'] + 1}: “{r['text']}”{flag}")


def cmd_edit(args, open_store, acting) -> None:
    from coding import quotes

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            quotes.edit(s, me, args.quote, args.text)
            flags = quotes.identifying(s, args.text)
    print(f"quote {args.quote} now reads “{' '.join(args.text.split())}”")
    for flag in flags:
        print(f"check before printing: it contains {flag}")


def cmd_move(args, open_store, acting) -> None:
    from coding import quotes

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            quotes.move(s, me, args.quote, args.position - 1)
    print(f"quote {args.quote} is now #{args.position}")


def cmd_unpin(args, open_store, acting) -> None:
    from coding import quotes

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            quotes.unpin(s, me, args.quote)
    print(f"unpinned quote {args.quote}")


def add_commands(sub, project_cmd, open_store, acting) -> None:
    gp = sub.add_parser("quotes", help="representative quotes of themes")
    gsub = gp.add_subparsers(dest="subcommand", required=True, parser_class=type(gp))
    sp = project_cmd(gsub, "suggest", lambda a: cmd_suggest(a, open_store, acting),
                     "candidate quotes for a theme, ranked and explained", json_flag=True)
    sp.add_argument("--theme", required=True, metavar="PATH")
    sp.add_argument("--coder", metavar="NAME", help="whose codings (default: the consensus layer)")
    sp.add_argument("--n", type=whole_number, default=5, help="how many (default 5)")
    sp.add_argument("--section-by", metavar="ATTRIBUTE", help="the case attribute to spread picks across")
    sp = project_cmd(gsub, "pin", lambda a: cmd_pin(a, open_store, acting), "pin a coded segment to a theme")
    sp.add_argument("--theme", required=True, metavar="PATH")
    sp.add_argument("--coding", required=True, metavar="UUID", help="the coding whose passage is quoted")
    sp.add_argument("--text", help="the quote as printed (cuts with …, additions in [ ])")
    sp = project_cmd(gsub, "list", lambda a: cmd_list(a, open_store, acting), "pinned quotes", json_flag=True)
    sp.add_argument("--theme", metavar="PATH")
    sp = project_cmd(gsub, "edit", lambda a: cmd_edit(a, open_store, acting), "edit a quote for publication")
    sp.add_argument("quote", metavar="UUID")
    sp.add_argument("--text", required=True)
    sp = project_cmd(gsub, "move", lambda a: cmd_move(a, open_store, acting), "put a quote at a position (1 first)")
    sp.add_argument("quote", metavar="UUID")
    sp.add_argument("position", type=whole_number)
    sp = project_cmd(gsub, "unpin", lambda a: cmd_unpin(a, open_store, acting), "take a quote off its theme")
    sp.add_argument("quote", metavar="UUID")
