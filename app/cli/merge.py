"""`tandem merge INTO FROM`: bring another coder's copy of the project in
(``coding.merge``) — a backup first, one transaction, conflicts listed and
settled with --prefer; --dry-run says what would come in and changes nothing."""
from __future__ import annotations

from pathlib import Path


def _prefer(values: list[str]) -> dict[str, str]:
    from coding.errors import InvalidRequest
    from coding.merge import KINDS

    out: dict[str, str] = {}
    for item in values or []:
        kind, sep, side = item.partition("=")
        if not sep:  # --prefer from: every kind
            kind, side = "", kind
        if side not in ("into", "from") or (kind and kind not in KINDS):
            raise InvalidRequest(f"--prefer takes into or from, or KIND=into|from with KIND one of "
                                 f"{', '.join(KINDS)} (got '{item}').")
        for k in ([kind] if kind else KINDS):
            out[k] = side
    return out


def cmd_merge(args, open_store, acting) -> None:
    from coding.merge import merge_file

    prefer = _prefer(args.prefer)
    other_path = Path(args.other)
    with open_store(args) as store:
        report = merge_file(store, acting(store, args), other_path, prefer, dry_run=args.dry_run)
    verb = "would bring in" if args.dry_run else "brought in"
    print(f"{verb} from {other_path.name}: " + ", ".join(report.lines()))
    for item in report.matched_by_name[:10]:
        print(f"  joined by name: {item}")
    for conflict in report.conflicts:
        side = report.settled.get(conflict.kind)
        print(f"  conflict {conflict.line()}" + (f" → kept {'this copy' if side == 'into' else 'the other'}"
                                                 if side else ""))
    if args.dry_run and report.conflicts and not report.settled:
        print("  (settle them with --prefer KIND=into|from)")


def add_commands(sub, project_cmd, open_store, acting) -> None:
    sp = project_cmd(sub, "merge", lambda a: cmd_merge(a, open_store, acting),
                     "bring another coder's copy of the project in (codings, memos, cases, decisions)")
    sp.add_argument("other", metavar="FROM.tandem")
    sp.add_argument("--dry-run", action="store_true", help="say what would come in; change nothing")
    sp.add_argument("--prefer", action="append", metavar="[KIND=]into|from",
                    help="which copy wins a conflict: codebook, attributes, or both (repeatable)")
