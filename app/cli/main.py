"""The ``tandem`` command line.

Every command exits 0 on success.  On bad input it prints one line to stderr
(``tandem: error: ...``, never a traceback) and exits 1, leaving the project
as it was: each command that changes a project runs in one transaction.
Qt is imported only by the ``gui`` and ``demo`` commands that open a window.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from storage import ProjectStore, TandemError, create_project, open_project
from storage.store import database_error
from storage.models import SOURCE_KINDS, Coding, Section
from coding.text import whole_number  # ASCII digits only: not "7_0" or Arabic-Indic digits
from app.cli.one_command import OnlyCommand, command_word

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
IMPORT_FORMATS = ["vtt", "srt", "zoom-text", "zoom-chat", "otter", "plain-turns", "bracket-turns",
                  "text", "survey"]


class UsageError(TandemError):
    pass


def _actor(args: argparse.Namespace) -> str:
    return _named(args) or getpass.getuser() or "unknown"


def _named(args: argparse.Namespace) -> Optional[str]:
    """The name given with --as (before or after the subcommand) or TANDEM_USER."""
    return getattr(args, "actor", None) or os.environ.get("TANDEM_USER") or None


def acting(store: ProjectStore, args: argparse.Namespace):
    """The acting context of this command: the coder named by --as (or
    TANDEM_USER) with their role, a guest of that name if no coder has it,
    or an unnamed guest (the computer login, for the log)."""
    from coding import access, team_server

    server = team_server.identity(store.engine)  # on a team server the connection says who acts
    if server is not None:
        named = _named(args)
        if named and named != server[0]:
            raise UsageError(f"You are connected as {server[0]}; on a team server you act as the database role "
                             "you connect with, not as --as NAME.")
        with store.session() as s:
            return access.resolve(s, server[0])
    with store.session() as s:
        return access.resolve(s, _named(args), fallback=getpass.getuser() or "unknown")


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    out = {}
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{option} takes NAME=VALUE (got '{item}').")
        out[name.strip()] = value.strip()
    return out


_NOTES: list[str] = []  # what the user should know about the projects opened (read-only, damaged)
_DAMAGED: list[str] = []  # the damage found in a project opened: it explains a read that then fails


def _open(args: argparse.Namespace) -> ProjectStore:
    if str(args.project).startswith(("postgresql://", "postgresql+")):  # a project on a team server
        from storage import open_url

        return open_url(str(args.project))
    store = open_project(Path(args.project))
    if store.note() and store.note() not in _NOTES:
        _NOTES.append(store.note())
    if store.damaged:
        _DAMAGED.append(store.damaged)
    return store


# --- commands -------------------------------------------------------------------------


def cmd_new(args) -> None:
    with create_project(Path(args.project), args.title or "") as store:
        print(f"created {store.path} ({store.title()})")


def cmd_import(args) -> None:
    from importers import documents
    from importers.refi_package import is_refi

    if any(is_refi(Path(p)) for p in args.paths):  # REFI-QDA exchange: app/cli/refi.py
        from app.cli import refi

        if not all(is_refi(Path(p)) for p in args.paths):
            raise UsageError("import REFI-QDA files (.qdpx, .qdc, .qde) on their own, not with other files")
        refi.refuse_document_options(args, UsageError)
        refi.cmd_import_refi(args, [Path(p) for p in args.paths], _open, acting)
        return

    options = documents.ImportOptions(
        kind=args.kind, format=args.format, attributes=_pairs(args.attr, "--attr"),
        speakers=_pairs(args.speaker, "--speaker"), moderators=set(args.moderator or []),
        case=args.case, again=args.again, id_column=args.id_column,
        text_columns=_list(args.text_columns), attr_columns=_list(args.attr_columns),
        group_column=args.group_column, dictionary=Path(args.dictionary) if args.dictionary else None,
        sheet=args.sheet,
    )
    paths = [Path(p) for p in args.paths]
    show = len(paths) > 1 and sys.stderr.isatty() and not args.json
    planned = documents.plan_all(paths, options, _progress_printer("reading") if show else None)
    with _open(args) as store, store.transaction(acting(store, args)) as s:
        report = documents.write(s, planned, again=args.again,
                                 progress=_progress_printer("writing") if show else None)
    if args.json:
        _print_json({"imported": report.imported, "skipped": report.skipped, "decisions": report.decisions})
    else:
        for line in report.decisions + report.lines():
            print(_how_here(line))


def _list(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _progress_printer(label: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    return show


def cmd_sources_list(args) -> None:
    from coding import sources

    from coding import views

    with _open(args) as store:
        me = acting(store, args)
        s = store.session()
    with s:
        counts = dict(s.execute(select(Section.source_id, func.count(Section.id)).group_by(Section.source_id)).all())
        coded = {x.uuid: x.codings for x in views.source_summaries(s, me)}  # only the layers one may read
        rows = [
            {"name": src.name, "kind": src.kind, "characters": len(src.text),
             "sections": counts.get(src.id, 0), "codings": coded.get(str(src.uuid), 0),
             "original_filename": src.original_filename, "sha256": src.sha256,
             "imported_at": src.imported_at.isoformat(), "uuid": str(src.uuid)}
            for src in sources.list_sources(s)
        ]
    if args.json:
        _print_json(rows)
        return
    _table(rows, ["name", "kind", "characters", "sections", "codings"])


def cmd_cases_list(args) -> None:
    from coding import cases

    with _open(args) as store, store.session() as s:
        rows = [{"name": c.name, "attributes": cases.attributes_of(s, c), "uuid": str(c.uuid)}
                for c in cases.list_cases(s)]
    if args.json:
        _print_json(rows)
        return
    for r in rows:
        attrs = "; ".join(f"{k}={v}" for k, v in r["attributes"].items())
        print(f"{r['name']}" + (f"  {attrs}" if attrs else ""))


def cmd_sections_list(args) -> None:
    from coding import sources

    with _open(args) as store, store.session() as s:
        chosen = [sources.get_source(s, args.source)] if args.source else sources.list_sources(s)
        rows = []
        for src in chosen:
            for sec in sources.sections_of(s, src):
                rows.append({
                    "source": src.name, "kind": sec.kind, "speaker": sec.speaker, "question": sec.question,
                    "case": sec.case.name if sec.case else None, "moderator": sec.is_moderator,
                    "start": sec.start, "end": sec.end, "start_ms": sec.meta.get("start_ms"),
                    "end_ms": sec.meta.get("end_ms"), "text": src.text[sec.start:sec.end],
                })
    if args.json:
        _print_json(rows)
        return
    for r in rows:
        who = r["speaker"] or r["case"] or ""
        snippet = r["text"].replace("\n", " ")
        print(f"{r['source']}  {r['start']}-{r['end']}  {who}: {snippet[:80]}{'…' if len(snippet) > 80 else ''}")


def cmd_coders_list(args) -> None:
    from coding import access, coders

    with _open(args) as store:
        me = acting(store, args)
        with store.session() as s:
            counts = dict(s.execute(select(Coding.coder_id, func.count(Coding.id)).group_by(Coding.coder_id)).all())
            readable = access.readable_layers(s, me)  # blind: other coders' counts stay hidden
            rows = [{"name": c.name, "role": c.role, "colour": c.colour,
                     "codings": counts.get(c.id, 0) if readable is None or str(c.uuid) in readable else None,
                     "uuid": str(c.uuid)} for c in coders.list_coders(s)]
    if args.json:
        _print_json(rows)
    else:
        _table(rows, ["name", "role", "colour", "codings"])


def cmd_coders_add(args) -> None:
    from coding import coders

    with _open(args) as store, store.transaction(acting(store, args)) as s:
        coder = coders.create_coder(s, args.name, role=args.role, colour=args.colour,
                                    by=coders.find_coder(s, _named(args) or ""))
        print(f"added coder {coder.name} ({coder.role})")


def cmd_coders_role(args) -> None:
    from coding import coders

    with _open(args) as store, store.transaction(acting(store, args)) as s:
        coder = coders.get_coder(s, args.name)
        coders.set_role(s, coder, args.role, by=coders.find_coder(s, _named(args) or ""))
        print(f"{coder.name} is now a {coder.role}")


def cmd_blind(args) -> None:
    """Show, or as the coder named by --as, switch independent (blind) coding."""
    from coding import blind, coders

    if args.state is None:
        with _open(args) as store, store.session() as s:
            on = blind.is_blind(s)
        _print_json({"blind": on}) if args.json else print(f"independent (blind) coding is {'on' if on else 'off'}")
        return
    if not _named(args):
        raise UsageError("say who is switching it with --as NAME (a coder of the project; only a lead may "
                         "turn it off)")
    with _open(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            coders.get_coder(s, me.name)  # a coder of the project, or a message naming them
            blind.set_blind(s, me, args.state == "on")
    print(f"independent (blind) coding is now {args.state}")


def cmd_codebook_list(args) -> None:
    from coding import codebook

    from coding import access, coders

    with _open(args) as store:
        me = acting(store, args)
        with store.session() as s:
            readable = access.readable_layers(s, me)  # blind: a coder's own counts only
            mine = coders.find_coder(s, me.name) if readable else None
            nodes = codebook.tree(s, coder_id=None if readable is None else (mine.id if mine else -1))
    if args.json:
        _print_json([{"code": n.path, "name": n.name, "depth": n.depth, "description": n.description,
                      "colour": n.colour, "codable": n.codable, "exclusive": n.exclusive,
                      "codings": n.n_codings, "uuid": n.uuid} for n in nodes])
        return
    for n in nodes:
        print(f"{'  ' * n.depth}{n.name}  [{n.colour}] ({n.n_codings})")


def cmd_codebook_import(args) -> None:
    from importers import codebook_csv

    rows = codebook_csv.parse(Path(args.file))
    with _open(args) as store, store.transaction(acting(store, args)) as s:
        created, updated = codebook_csv.write(s, rows)
    print(f"{created} codes created, {updated} updated from {args.file}")


def cmd_codebook_export(args) -> None:
    from exporters import codebook_csv

    with _open(args) as store, store.session() as s:
        n = codebook_csv.export(s, Path(args.file))
    print(f"wrote {n} codes to {args.file}")


def cmd_codings_import(args) -> None:
    from importers import codings_csv

    path = Path(args.file)
    rows = codings_csv.parse(path)
    with _open(args) as store, store.transaction(acting(store, args)) as s:
        applied, present = codings_csv.write(s, rows, path)
    print(f"{applied} codings imported" + (f", {present} already present" if present else ""))
    args.exit_at_once = True  # committed and closed: no interpreter teardown (see main)


def cmd_codings_export(args) -> None:
    from coding import access, coders
    from exporters import codings_csv

    with _open(args) as store:
        me = acting(store, args)
        with store.session() as s:
            coder = coders.get_coder(s, args.coder) if args.coder else None
            n = codings_csv.export(s, me, Path(args.file), coder)
            only = access.readable_layers(s, me)
    print(f"wrote {n} codings to {args.file}"
          + (f" (independent coding is on: only {me.name}'s own)" if only is not None and coder is None else ""))


def cmd_log(args) -> None:
    from coding import audit

    with _open(args) as store, store.session() as s:
        rows = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                 "entity_type": e.entity_type, "entity_uuid": str(e.entity_uuid) if e.entity_uuid else None,
                 "before": e.before, "after": e.after} for e in audit.entries(s)]
    rows = rows[-args.limit:] if args.limit else rows
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['at'][:19]}  {r['actor']:<16} {r['action']:<20} {r['entity_type']}")


def cmd_demo(args) -> None:
    from app.demo import DEMO_FILENAME, build_demo

    folder = Path(args.dir) if args.dir else Path.home() / "Tandem"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DEMO_FILENAME
    if path.exists() and not args.rebuild:
        open_project(path).close()  # refuses, with a message, anything that is not a project
        note = "opening the existing demo project (use --rebuild for a fresh copy)"
    else:
        build_demo(path, replace=args.rebuild)
        note = "built the demo project"
    if args.no_gui:
        print(path)
        return
    print(f"{note}: {path}", file=sys.stderr)
    _run_gui(path)


def cmd_gui(args) -> None:
    from storage.server import is_server_url  # a team server's address stays an address, not a path

    project = args.project
    _run_gui(project if project and is_server_url(project) else Path(project) if project else None)


def _run_gui(path) -> None:
    from app.gui import run

    raise SystemExit(run(path))


def _table(rows: list[dict], columns: list[str]) -> None:
    if not rows:
        print("(none)")
        return
    widths = {c: max(len(c), *(len(str(r[c])) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        print("  ".join(str(r[c]).ljust(widths[c]) for c in columns))


# --- parser ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(f"{message} (see 'tandem {self.prog.split(' ', 1)[-1]} --help')"
                         if " " in self.prog else f"{message} (see 'tandem --help')")


def build_parser(only: Optional[str] = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, just that command's (None
    when no command has that name)."""
    p = _Parser(prog="tandem", description="Qualitative coding for pairs of coders.")
    p.add_argument("--as", dest="actor", metavar="NAME",
                   help="who is acting: a coder of the project (or set TANDEM_USER); before or after the command")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    if only is not None:
        sub = OnlyCommand(sub, only)

    def project_cmd(parent, name, func, help_, json_flag=False):
        sp = parent.add_parser(name, help=help_)
        sp.add_argument("project", metavar="PROJECT")
        # --as is accepted after the subcommand too; SUPPRESS keeps one given before it
        sp.add_argument("--as", dest="actor", metavar="NAME", default=argparse.SUPPRESS,
                        help="who is acting: a coder of the project (or set TANDEM_USER)")
        if json_flag:
            sp.add_argument("--json", action="store_true", help="machine-readable output")
        sp.set_defaults(func=func)
        return sp

    sp = project_cmd(sub, "new", cmd_new, "create a project file")
    sp.add_argument("--title")

    sp = project_cmd(sub, "import", cmd_import, "import documents, or a REFI-QDA project (.qdpx) or codebook (.qdc)",
                     json_flag=True)
    sp.add_argument("paths", nargs="+", metavar="PATH")
    sp.add_argument("--kind", choices=SOURCE_KINDS)
    sp.add_argument("--attr", action="append", metavar="NAME=VALUE", help="case attribute (repeatable)")
    sp.add_argument("--speaker", action="append", metavar="NAME=CASE", help="map a speaker to a case")
    sp.add_argument("--moderator", action="append", metavar="NAME", help="mark a speaker as moderator")
    sp.add_argument("--case", help="tie the whole document to this case")
    sp.add_argument("--again", action="store_true", help="import files already in the project")
    sp.add_argument("--format", choices=IMPORT_FORMATS, help="override format detection")
    sp.add_argument("--id-column", metavar="COLUMN", help="survey: the respondent id column")
    sp.add_argument("--text-columns", metavar="COL,COL", help="survey: the free-text questions to code")
    sp.add_argument("--attr-columns", metavar="COL,COL", help="survey: closed items kept as case attributes")
    sp.add_argument("--group-column", metavar="COLUMN", help="survey: the respondent group column")
    sp.add_argument("--dictionary", metavar="FILE.csv", help="survey: a REDCap data dictionary")
    sp.add_argument("--sheet", help="survey: the XLSX sheet to read (default: the first)")

    groups = {}
    for group, commands in {
        "sources": [("list", cmd_sources_list, True)],
        "cases": [("list", cmd_cases_list, True)],
        "sections": [("list", cmd_sections_list, True)],
        "coders": [("list", cmd_coders_list, True), ("add", cmd_coders_add, False),
                   ("role", cmd_coders_role, False)],
        "codebook": [("list", cmd_codebook_list, True), ("import", cmd_codebook_import, False),
                     ("export", cmd_codebook_export, False)],
        "codings": [("import", cmd_codings_import, False), ("export", cmd_codings_export, False)],
    }.items():
        gp = sub.add_parser(group, help=f"{group} commands")
        gsub = groups[group] = gp.add_subparsers(dest="subcommand", parser_class=_Parser, required=True)
        for name, handler, json_flag in commands:
            sp = project_cmd(gsub, name, handler, f"{group} {name}", json_flag=json_flag)
            if name in ("import", "export"):
                sp.add_argument("file", metavar="FILE.csv")
            if group == "codings" and name == "export":
                sp.add_argument("--coder", help="only this coder's codings")
            if group == "sections":
                sp.add_argument("--source", metavar="NAME", help="only this source")
            if group == "coders" and name == "add":
                sp.add_argument("name")
                sp.add_argument("--role", default="coder", choices=["coder", "lead"])
                sp.add_argument("--colour")
            if group == "coders" and name == "role":
                sp.add_argument("name")
                sp.add_argument("role", choices=["coder", "lead"])

    from app.cli import cases as cases_cli

    cases_cli.add_commands(groups, project_cmd, _open, acting)

    from app.cli import agree

    sp = project_cmd(sub, "agree", lambda a: agree.cmd_agree(a, _open, acting),
                     "inter-coder agreement per code and overall", json_flag=True)
    agree.add_options(sp)
    sp.add_argument("--out", metavar="FILE", help="also write the report (.xlsx, .docx or .csv)")
    sp = project_cmd(sub, "disagreements", lambda a: agree.cmd_disagreements(a, _open, acting),
                     "list the units where coders disagree on a code", json_flag=True)
    agree.add_options(sp)
    sp.add_argument("--code", required=True, metavar="PATH", help="the code (or exclusive group)")
    sp.add_argument("--source", metavar="NAME", help="only this source")

    from app.cli import reconcile

    reconcile.add_commands(sub, project_cmd, _open, acting)
    from app.cli import export

    export.add_commands(sub, project_cmd, _open, acting)
    from app.cli import quotes

    quotes.add_commands(sub, project_cmd, _open, acting)
    from app.cli import themes

    themes.add_commands(sub, project_cmd, _open, acting)

    sp = project_cmd(sub, "blind", cmd_blind, "show or switch independent (blind) coding", json_flag=True)
    sp.add_argument("state", nargs="?", choices=["on", "off"])

    from app.cli import backups

    backups.add_commands(sub, project_cmd)
    from app.cli import merge as merge_cli

    merge_cli.add_commands(sub, project_cmd, _open, acting)
    from app.cli import server as server_cli

    server_cli.add_commands(sub)

    sp = project_cmd(sub, "log", cmd_log, "show the audit log", json_flag=True)
    sp.add_argument("--limit", type=whole_number, default=0)

    sp = sub.add_parser("demo", help="build the demo study and open it")
    sp.add_argument("dir", nargs="?", metavar="DIR")
    sp.add_argument("--no-gui", action="store_true", help="only build it and print its path")
    sp.add_argument("--rebuild", action="store_true", help="replace an existing demo project")
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("gui", help="open the GUI")
    sp.add_argument("project", nargs="?", metavar="PROJECT")
    sp.set_defaults(func=cmd_gui)
    if only is not None and not sub.found:
        return None
    return p


def _exit_at_once(code: int) -> None:
    """End a command that asked for it (``args.exit_at_once``: a read, or a
    change already committed, its project closed) without the interpreter's
    teardown: freeing SQLAlchemy's and numpy's modules took 70–130 ms of
    every `tandem agree`.  Its output is flushed first; only the command line
    does this (tests call ``main`` with arguments)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _one_line(message: str) -> str:
    return _how_here(" ".join(part.strip() for part in message.splitlines() if part.strip()))


def _how_here(text: str) -> str:
    """An importer's note with how to make the choice it names on the command line."""
    from importers.surveys.reader import with_how

    return with_how(text, "--id-column COLUMN", "--text-columns COL,COL")


def main(argv: Optional[Sequence[str]] = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    word = command_word(words)
    parser = (build_parser(word) if word else None) or build_parser()
    _NOTES.clear()
    _DAMAGED.clear()
    try:
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            args = parser.parse_args(["gui"])
        args.func(args)
        for note in _NOTES:  # after a read that worked; a refused change says it in its error
            print(f"tandem: note: {note}", file=sys.stderr)
        if argv is None and getattr(args, "exit_at_once", False):
            _exit_at_once(EXIT_OK)
    except UsageError as exc:
        print(f"tandem: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except TandemError as exc:
        print(f"tandem: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except DBAPIError as exc:  # a read outside a transaction (writes are translated by the store)
        print(f"tandem: error: {_one_line(str(database_error(exc, getattr(args, 'project', 'the project'))))}",
              file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. `tandem sources list P | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"tandem: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("tandem: interrupted; nothing was written by the unfinished command", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - only when the project was found damaged: that is the reason
        if not _DAMAGED:
            raise
        print(f"tandem: error: {_one_line(_DAMAGED[0])}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
