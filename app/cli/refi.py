"""`tandem import PROJECT FILE.qdpx|FILE.qdc` and `tandem export qdpx|codebook
PROJECT OUT.qdpx|OUT.qdc`: REFI-QDA exchange with other QDA programs (the
same core calls as File › Import and File › Export in the GUI)."""
from __future__ import annotations

import json
from pathlib import Path


def cmd_import_refi(args, paths: list[Path], open_store, acting) -> None:
    """Read every file first (nothing written), then write them all in one
    transaction; a project that does not exist yet is created, and removed
    again if the import fails."""
    from importers import refi_qda
    from storage import create_project

    projects = [refi_qda.read(path) for path in paths]
    target = Path(args.project)
    created = not target.exists()
    if created:
        title = next((p.title for p in projects if p.title), "") or target.stem
        create_project(target, title).close()
    try:
        with open_store(args) as store, store.transaction(acting(store, args)) as s:
            reports = refi_qda.import_files(s, projects)
    except BaseException:
        if created:
            for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    if args.json:
        print(json.dumps({"created_project": str(target) if created else None,
                          "imports": [r.as_json() for r in reports]}, indent=2, ensure_ascii=False))
        return
    if created:
        print(f"created {target}")
    for report in reports:
        for line in report.lines():
            print(line)


def cmd_export_qdpx(args, open_store, acting) -> None:
    from exporters.atomic import check_target
    from exporters.refi_qda import export_project

    out = Path(args.out)
    check_target(out, "the project", (".qdpx",))  # before reading anything
    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            written = export_project(s, me, out)
    print(written.line())


def cmd_export_qdc(args, open_store) -> None:
    from exporters.refi_qda import export_codebook

    with open_store(args) as store, store.session() as s:
        n = export_codebook(s, Path(args.out))
    print(f"wrote {n} codes to {args.out} (REFI-QDA codebook)")


def is_qdc(path: str) -> bool:
    return Path(path).suffix.lower() == ".qdc"


def refuse_document_options(args, usage_error) -> None:
    """The options of documents, transcripts and surveys do not apply to a REFI-QDA file."""
    given = [f"--{name.replace('_', '-')}" for name in ("kind", "format", "attr", "speaker", "moderator", "case",
                                                         "again", "id_column", "text_columns", "attr_columns",
                                                         "group_column", "dictionary", "sheet")
             if getattr(args, name, None)]
    if given:
        raise usage_error(f"{', '.join(given)} do not apply to REFI-QDA files (.qdpx, .qdc), which say themselves "
                          "what their sources, cases and codes are")

