"""`tandem discrepancies`, `tandem reconcile` and `tandem decisions`: the
reconciliation review from the command line (the same core calls as the
GUI's review window)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Optional

from coding.errors import InvalidRequest
from coding.text import whole_number

STATUSES = ("pending", "decided", "reopened", "open", "all")


def _pair(args: argparse.Namespace, session) -> tuple[str, str]:
    from coding.coders import list_coders

    names = [n.strip() for n in (args.coders or "").split(",") if n.strip()]
    if not names:
        from coding.reconcile.decisions import reconciled_pair

        started = reconciled_pair(session)  # a review under way continues in its order
        if started is not None:
            return started
        humans = [c.name for c in list_coders(session) if c.role != "consensus"]
        if len(humans) != 2:
            raise InvalidRequest("Name the two layers to compare with --coders A,B "
                                 f"(the project has {len(humans)} coders).")
        names = humans
    if len(names) != 2:
        raise InvalidRequest(f"--coders takes exactly two names, A,B (got {len(names)}).")
    return names[0], names[1]


def _compare(args, session, me):
    from coding.reconcile.discrepancies import compare

    a, b = _pair(args, session)
    return compare(session, me, a, b, unit=args.unit, threshold=args.threshold,
                   codes=[args.code] if getattr(args, "code", None) else (),
                   sources=[args.source] if getattr(args, "source", None) else ())


def cmd_discrepancies(args: argparse.Namespace, open_store, acting) -> None:
    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            comparison = _compare(args, s, me)
    wanted = args.status
    found = [d for d in comparison.discrepancies
             if wanted == "all" or d.status == wanted or (wanted == "open" and d.status != "decided")]
    if args.json:
        print(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
        return
    if not found:
        print("(no discrepancies)" if wanted == "all" else f"(no {wanted} discrepancies)")
    for d in found:
        spans = " / ".join(",".join(f"{s.start}–{s.end}" for s in side) or "—" for side in (d.a, d.b))
        print(f"{d.id}  {d.status:<8} {d.kind:<14} {d.source} [{spans}] {d.code}"
              + (f"  ({d.reopened_because})" if d.reopened_because else ""))
    for stale in comparison.stale:
        print(f"stale decision {stale['discrepancy_id']}: {stale['reason']} "
              f"(tandem reconcile PROJECT --reopen {stale['discrepancy_id']})")


def _decisions(values: list[str]) -> list[tuple[str, str]]:
    out = []
    for item in values or []:
        ref, sep, choice = item.partition("=")
        if not sep or not ref.strip() or not choice.strip():
            raise InvalidRequest(f"--decide takes ID=CHOICE, e.g. 3fa9c1e2b7d4=accept-a (got '{item}').")
        out.append((ref.strip(), choice.strip()))
    return out


def _span(value: Optional[str]) -> Optional[tuple[int, int]]:
    if not value:
        return None
    start, sep, end = value.partition("-")
    try:
        return whole_number(start), whole_number(end)
    except ValueError:
        raise InvalidRequest(f"--span takes START-END in characters, e.g. 120-180 (got '{value}').") from None


def cmd_reconcile(args: argparse.Namespace, open_store, acting) -> None:
    from coding.reconcile import decisions, summary

    chosen = _decisions(args.decide)
    span = _span(args.span)
    if span is not None and not any(c == "edit" for _ref, c in chosen):
        raise InvalidRequest("--span gives the new boundaries of an 'edit' decision (--decide ID=edit).")
    acting_on = bool(chosen or args.agreements or args.reopen or args.comment)
    with open_store(args) as store:
        me = acting(store, args)
        if not acting_on:
            with store.session() as s:
                result = summary.summarise(s, me, _compare(args, s, me))
            _print_summary(result, args.json)
            return
        lines = []
        with store.transaction(me) as s:
            if args.reopen:
                done = decisions.reopen(s, me, args.reopen, args.note or "")
                lines.append(f"reopened {done.discrepancy_id} ({len(done.removed)} consensus codings taken out)")
            comparison = _compare(args, s, me) if (chosen or args.agreements or args.comment) else None
            if args.agreements:
                n = decisions.copy_agreements(s, me, comparison)
                lines.append(f"{n} agreements copied into the consensus layer "
                             f"({len(comparison.agreements) - n} were there already)")
            for ref, choice in chosen:
                done = decisions.decide(s, me, comparison, ref, choice, args.note or "",
                                        span=span if choice == "edit" else None)
                lines.append(f"decided {ref}: {choice} ({len(done.created)} consensus codings added)")
            for item in args.comment or []:
                ref, sep, text = item.partition("=")
                if not sep:
                    raise InvalidRequest(f"--comment takes ID=TEXT (got '{item}').")
                comparison.by_id(ref.strip())  # a discrepancy that exists now
                decisions.comment(s, me, ref.strip(), text)
                lines.append(f"commented on {ref.strip()}")
    for line in lines:
        print(line)


def _print_summary(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    print(f"{result.coder_a} (A) and {result.coder_b} (B), by {result.unit}: "
          f"{result.decided} of {result.total} discrepancies decided ({result.share:.0%}), "
          f"{result.reopened} reopened, {result.agreements} agreements")
    for kind, counts in result.by_kind.items():
        print(f"  {kind:<15} {counts['decided']:>5} / {counts['total']}")
    for pair, value in result.agreement.items():
        print(f"  percent agreement {pair}: {'—' if value is None else f'{value:.1%}'}")
    if result.stale:
        print(f"  {result.stale} decisions rest on codings that changed since (see tandem discrepancies)")
    print()
    print(result.to_json()["methods_paragraph"])


def cmd_decisions(args: argparse.Namespace, open_store, acting) -> None:
    from coding.reconcile import decisions

    methods = ""
    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            rows = decisions.decisions(s, me, None if args.status == "all" else args.status)
            pair = decisions.reconciled_pair(s)
            if args.out and pair is not None:  # the log opens with the methods paragraph
                from coding.reconcile import summary
                from coding.reconcile.discrepancies import compare

                methods = summary.methods_paragraph(summary.summarise(s, me, compare(s, me, *pair)))
    if args.out:
        from exporters.decisions_log import export_decisions

        export_decisions(rows, Path(args.out), methods)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif not args.out:
        for r in rows:
            print(f"{r['decided_at'][:19]}  {r['discrepancy_id']}  {r['status']:<10} {r['choice']:<9} "
                  f"{r['decided_by']:<14} {r['code']}  {r['rationale']}")
    if args.out:
        print(f"wrote {len(rows)} decisions to {args.out}")


def add_pair_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--coders", metavar="A,B", help="the two layers to compare (default: the project's two coders)")
    sp.add_argument("--unit", choices=("segment", "section", "paragraph", "sentence", "document"), default="segment",
                    help="compare coded segments (default), sections (turns, responses), paragraphs, sentences "
                         "or documents")
    sp.add_argument("--threshold", type=float, default=1.0,
                    help="segment unit: overlap |s∩t|/|s∪t| at which two codings agree (default 1: identical)")
    sp.add_argument("--code", metavar="PATH", help="only this code (a parent stands for its codes)")
    sp.add_argument("--source", metavar="NAME", help="only this source")


def add_commands(sub, project_cmd, open_store, acting) -> None:
    sp = project_cmd(sub, "discrepancies", lambda a: cmd_discrepancies(a, open_store, acting),
                     "list every discrepancy between two coders, classified", json_flag=True)
    add_pair_options(sp)
    sp.add_argument("--status", choices=STATUSES, default="all", help="only these (default: all)")
    sp = project_cmd(sub, "reconcile", lambda a: cmd_reconcile(a, open_store, acting),
                     "decide discrepancies and build the consensus layer (leads); no action: the summary",
                     json_flag=True)
    add_pair_options(sp)
    sp.add_argument("--decide", action="append", metavar="ID=CHOICE",
                    help="accept-a, accept-b, both, neither or edit (with --span); repeatable")
    sp.add_argument("--note", metavar="TEXT", help="the rationale of the decisions (or of a reopening)")
    sp.add_argument("--span", metavar="START-END", help="the new boundaries of an 'edit' decision")
    sp.add_argument("--agreements", action="store_true", help="copy every agreement into the consensus layer")
    sp.add_argument("--reopen", metavar="ID", help="reopen a decided discrepancy")
    sp.add_argument("--comment", action="append", metavar="ID=TEXT", help="comment on a discrepancy (anyone)")
    sp = project_cmd(sub, "decisions", lambda a: cmd_decisions(a, open_store, acting),
                     "the decisions log (export with --out FILE.csv|.xlsx|.docx)", json_flag=True)
    sp.add_argument("--status", choices=("decided", "reopened", "superseded", "all"), default="all")
    sp.add_argument("--out", metavar="FILE", help="write the log (.csv, .xlsx or .docx)")
