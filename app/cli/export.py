"""`tandem export table|codebook|memos|segments|matrix|qdpx`: the project's results
as files (the same core calls as the GUI's File › Export)."""
from __future__ import annotations

import argparse
from pathlib import Path

from coding.errors import InvalidRequest
from coding.text import whole_number


def _quotes(value: str):
    if value == "all":
        return None
    try:
        n = whole_number(value)
    except ValueError:
        raise InvalidRequest(f"--quotes takes a number or 'all' (got '{value}').") from None
    return n


def cmd_export_table(args: argparse.Namespace, open_store, acting) -> None:
    from coding.themes import theme_table
    from exporters.theme_table import check_path, export_theme_table

    out = Path(args.out)
    check_path(out)  # before reading anything
    table = _in_session(args, open_store, acting, lambda s, me: theme_table(
        s, me, coder=args.coder, section_by=args.section_by, themes_at=args.themes_at, quotes=_quotes(args.quotes),
        section_label=args.section_label))
    export_theme_table(table, out, layout=args.layout, attribution=args.attribution, note=args.note or "",
                       caption_text=args.caption or "", landscape=args.landscape)
    n_themes = sum(len(c.themes) for sec in table.sections for c in sec.categories)
    print(f"wrote {out}: {n_themes} theme rows, {len(table.quotes())} quotes from {table.layer}"
          + (f" (by {table.section_by}; {table.left_out} quotes from cases with no {table.section_by} left out)"
             if table.section_by and table.left_out else ""))


def _in_session(args, open_store, acting, write):
    """``write(session, acting)`` in a read session of the project, as the person named by --as."""
    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            return write(s, me)


def cmd_export_codebook(args, open_store, acting) -> None:
    from exporters.codebook_report import export_codebook
    from app.cli import refi

    if refi.is_qdc(args.out):  # REFI-QDA codebook
        refi.cmd_export_qdc(args, open_store)
        return

    n = _in_session(args, open_store, acting, lambda s, me: export_codebook(s, me, Path(args.out)))
    print(f"wrote {n} codes to {args.out}")


def cmd_export_memos(args, open_store, acting) -> None:
    from exporters.memos_docx import export_memos

    n = _in_session(args, open_store, acting, lambda s, me: export_memos(s, me, Path(args.out)))
    print(f"wrote {n} memos to {args.out}")


def cmd_export_segments(args, open_store, acting) -> None:
    from exporters.segments import export_segments

    n = _in_session(args, open_store, acting,
                    lambda s, me: export_segments(s, me, Path(args.out), coder=args.coder))
    print(f"wrote {n} coded segments to {args.out}")


def cmd_export_matrix(args, open_store, acting) -> None:
    from exporters.matrix import export_matrix, sections_path

    _in_session(args, open_store, acting, lambda s, me: export_matrix(s, me, Path(args.out), args.by, coder=args.coder))
    also = f" and {sections_path(Path(args.out))}" if Path(args.out).suffix.lower() == ".csv" else ""
    print(f"wrote the code x {args.by} matrix and the sections x codes matrix to {args.out}{also}")


def add_commands(sub, project_cmd, open_store, acting) -> None:
    gp = sub.add_parser("export", help="write the project's results to files")
    gsub = gp.add_subparsers(dest="subcommand", required=True, parser_class=type(gp))  # one-line errors too
    sp = project_cmd(gsub, "table", lambda a: cmd_export_table(a, open_store, acting),
                     "the theme table with representative quotes (Word)")
    sp.add_argument("out", metavar="OUT.docx")
    sp.add_argument("--coder", metavar="NAME", help="whose codings fill it (default: the consensus layer)")
    sp.add_argument("--section-by", metavar="ATTRIBUTE", help="a section of rows per value of this case attribute")
    sp.add_argument("--section-label", default="{value} response", metavar="TEXT",
                    help="the section rows' text, with {value} (default: '{value} response')")
    sp.add_argument("--layout", choices=("grouped", "sectioned"), default="grouped",
                    help="the category as a merged first column (grouped) or as rows above its themes")
    sp.add_argument("--themes-at", type=whole_number, metavar="DEPTH",
                    help="the codebook depth of the themes (default: the project's, see tandem themes --depth)")
    sp.add_argument("--quotes", default="3", metavar="N|all", help="quotes per theme when none are pinned")
    sp.add_argument("--attribution", action="store_true", help="attribute each quote ('— mentor, survey')")
    sp.add_argument("--note", metavar="TEXT", help="your table note, after the footnote")
    sp.add_argument("--caption", metavar="TEXT", help="the table's caption")
    sp.add_argument("--landscape", action="store_true", help="a landscape page")
    sp = project_cmd(gsub, "codebook", lambda a: cmd_export_codebook(a, open_store, acting),
                     "the codebook with definitions, criteria, examples and counts per coder (.docx, .xlsx, .csv), "
                     "or as a REFI-QDA codebook (.qdc)")
    sp.add_argument("out", metavar="OUT")
    sp = project_cmd(gsub, "segments", lambda a: cmd_export_segments(a, open_store, acting),
                     "every coded segment you may read, with its case's attributes (.xlsx, .csv)")
    sp.add_argument("out", metavar="OUT")
    sp.add_argument("--coder", metavar="NAME", help="only this coder's segments")
    sp = project_cmd(gsub, "matrix", lambda a: cmd_export_matrix(a, open_store, acting),
                     "code x attribute counts and shares of cases, and a 0/1 sections x codes matrix (.xlsx, .csv)")
    sp.add_argument("out", metavar="OUT")
    sp.add_argument("--by", required=True, metavar="ATTRIBUTE", help="the case attribute (e.g. group)")
    sp.add_argument("--coder", metavar="NAME", help="only this coder's codings")
    sp = project_cmd(gsub, "memos", lambda a: cmd_export_memos(a, open_store, acting),
                     "every memo and coding memo in one Word document")
    sp.add_argument("out", metavar="OUT.docx")
    from app.cli import refi  # REFI-QDA exchange

    sp = project_cmd(gsub, "qdpx", lambda a: refi.cmd_export_qdpx(a, open_store, acting),
                     "the project as a REFI-QDA project for NVivo, ATLAS.ti, MAXQDA and others (.qdpx)")
    sp.add_argument("out", metavar="OUT.qdpx")
