"""`tandem agree` and `tandem disagreements`: inter-coder agreement from the
command line (the same core calls as the GUI's Agreement window)."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Optional

from coding.errors import InvalidRequest
from coding.text import whole_number  # ASCII digits only: not "7_0" or Arabic-Indic digits

UNITS = ("char", "sentence", "paragraph", "section", "document", "frequency", "segment", "unitized")


def _split(value: Optional[str]) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


CHOSEN = ("Coders: the two with the most codings in these sources ({counts}); "
          "--coders A,B[,C...] compares others.")


def _request(args: argparse.Namespace, session):
    from coding.agreement.corpus import AgreementRequest
    from coding.agreement.scope import coding_counts

    coders = _split(args.coders)
    args.chosen_note = None
    if not coders:  # the two with the most codings in scope: never a pair where one coded nothing
        counts = coding_counts(session, _split(args.sources))
        ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
        coders = tuple(ranked[:2])
        if len(coders) < 2:
            raise InvalidRequest("Agreement needs two coders; name them with --coders A,B.")
        args.chosen_note = CHOSEN.format(counts=", ".join(f"{c} {counts[c]:,}" for c in coders))
    where = []
    for item in args.where or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidRequest(f"--where takes ATTRIBUTE=VALUE (got '{item}').")
        where.append((name.strip(), value.strip()))
    return AgreementRequest(
        coders=coders, unit=args.unit, threshold=args.threshold, codes=_split(args.codes),
        sources=_split(args.sources), where=tuple(where),
        without_moderators=args.without_moderators, seed=args.seed, n_boot=args.bootstrap,
        skip_uncoded=getattr(args, "skip_uncoded", False),
        join_touching=getattr(args, "join_touching", False),
    )


def cmd_agree(args: argparse.Namespace, open_store, acting) -> None:
    began = time.perf_counter()
    from coding.agreement.service import compute_agreement

    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            request = _request(args, s)
            report = compute_agreement(s, me, request)
    if args.chosen_note:
        report.notes.insert(0, args.chosen_note)
    if args.out:
        from exporters.agreement import export_report
        export_report(report, Path(args.out))
    report.elapsed_ms = (time.perf_counter() - began) * 1000.0  # whole command, files included
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_report(report)
    if args.out and not args.json:
        print(f"\nwrote {args.out}")
    args.exit_at_once = True  # read-only, its project closed: no interpreter teardown (see main)


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def _print_report(report) -> None:
    print(f"Unit: {report.unit} — {report.unit_description}")
    print(f"Coders: {', '.join(report.coders)}   Sources: {len(report.sources)}   "
          f"Units: {report.n_units:,.0f}")
    if report.unit == "segment":
        columns = [("percent_agreement", "agree"), ("holsti", "holsti"), ("maxqda_kappa", "κ(1/k)")]
    elif report.unit == "unitized":
        columns = [("krippendorff_alpha", "uα")]
    else:
        columns = [("percent_agreement", "agree"), ("positive_agreement", "pos"),
                   ("negative_agreement", "neg"), ("cohen_kappa", "κ"), ("gwet_ac1", "AC1"),
                   ("krippendorff_alpha", "α")]
    rows = report.codes + report.groups
    width = min(60, max([len(r.code) for r in rows] + [4]))
    print()
    print("code".ljust(width) + "".join(f"{label:>9}" for _, label in columns))
    for result in rows:
        name = result.code if len(result.code) <= width else "…" + result.code[-(width - 1):]
        flag = "  !" if result.warnings else ""
        print(name.ljust(width) + "".join(f"{_fmt(result.value(key)):>9}" for key, _ in columns) + flag)
    overall = report.overall
    print()
    for key in ("unweighted_mean", "pooled_kappa", "pooled_alpha", "size_weighted_mean",
                "pooled", "unitized_alpha"):
        if key in overall:
            entry = overall[key]
            values = {k: v for k, v in entry.items() if k not in ("method", "n_codes") and
                      (isinstance(v, float) or v is None)}
            shown = ", ".join(f"{k} {_fmt(v)}" for k, v in values.items())
            print(f"{key.replace('_', ' ')}: {shown}")
    if any(r.warnings for r in rows):
        print("\n! a warning applies (the κ paradox, or conflicts); --json lists them")
    for note in report.notes:
        print(f"Note: {note}")
    from exporters.agreement import scope_notes
    for note in scope_notes(report):
        print(f"Note: {note}")
    print()
    print(report.methods_paragraph)


def cmd_disagreements(args: argparse.Namespace, open_store, acting) -> None:
    from coding.agreement.disagreements import list_disagreements

    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            request = _request(args, s)
            found = list_disagreements(s, me, request, args.code, source=args.source)
    if args.json:
        print(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
        return
    if not found:
        print("(no disagreements)")
    for d in found:
        excerpt = d.excerpt.replace("\n", " ")
        print(f"{d.source} [{d.start}–{d.end}] {' | '.join(d.values)}: {excerpt[:100]}")


def add_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--coders", metavar="A,B[,C...]",
                    help="coders to compare (default: the two with the most codings in scope)")
    sp.add_argument("--unit", choices=UNITS, default="char", help="unit of analysis (default: char)")
    sp.add_argument("--threshold", type=float, default=0.9,
                    help="segment unit: overlap |s∩t|/|s∪t| needed to agree (default 0.9)")
    sp.add_argument("--codes", metavar="PATH,...", help="only these codes (a parent stands for its codes)")
    sp.add_argument("--sources", metavar="NAME,...", help="only these sources")
    sp.add_argument("--where", action="append", metavar="ATTR=VALUE",
                    help="only turns and responses of cases with this attribute value (repeatable)")
    sp.add_argument("--without-moderators", action="store_true", help="leave moderator turns out")
    sp.add_argument("--seed", type=whole_number, default=1, help="bootstrap seed (default 1)")
    sp.add_argument("--bootstrap", type=whole_number, default=1000, metavar="N",
                    help="bootstrap resamples for the 95 %% intervals (0: none; default 1000)")
    sp.add_argument("--skip-uncoded", action="store_true",
                    help="leave out the sources in scope that none of the coders has coded")
    sp.add_argument("--join-touching", action="store_true",
                    help="unitized unit: join a coder's touching codings of a code into one unit "
                         "(Krippendorff 2004 keeps them apart)")
