"""`tandem cases set|import|attribute`, `tandem sections assign` and
`tandem sources rename|delete`: cases, attributes, speakers and sources
changed after import, through the same core calls as the Cases view."""
from __future__ import annotations

from pathlib import Path


def cmd_cases_set(args, open_store, acting) -> None:
    from coding import case_edits
    from coding.errors import InvalidRequest

    pairs = []
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidRequest(f"cases set takes ATTRIBUTE=VALUE (got '{item}'); an empty value clears it.")
        pairs.append((name.strip(), value))
    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            for name, value in pairs:
                case_edits.set_attribute(s, args.case, name, value)
    print(f"set {len(pairs)} value(s) of case {args.case}")


def cmd_cases_import(args, open_store, acting) -> None:
    from coding import case_edits
    from importers.cases_table import read_cases

    table = read_cases(Path(args.file))  # read and checked before the project is touched
    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            done = case_edits.import_values(s, table)
    print(f"{done['cases']} cases, {done['attributes']} attributes: {done['values_changed']} values changed")
    for given, existing in done["matched"]:
        print(f"note: '{given}' in the file is the case '{existing}' (the same name spelled differently)")


def cmd_cases_attribute(args, open_store, acting) -> None:
    from coding import case_edits

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            if args.add:
                print(f"added the attribute {case_edits.add_attribute(s, args.name, args.add)} ({args.add})")
            elif args.rename:
                case_edits.rename_attribute(s, args.name, args.rename)
                print(f"renamed the attribute {args.name} to {args.rename}")
            elif args.type:
                old = case_edits.retype_attribute(s, args.name, args.type)
                print(f"the attribute {args.name} is now {args.type} (was {old}); every value converted")
            elif args.delete:
                gone = case_edits.delete_attribute(s, args.name)
                print(f"deleted the attribute {gone.name} and its {len(gone.values)} value(s)")


def cmd_sections_assign(args, open_store, acting) -> None:
    from coding import case_edits
    from coding.errors import InvalidRequest

    if args.case is None and args.moderator is None and not args.no_case:
        raise InvalidRequest("Say what to do with the speaker's turns: --case CASE, --no-case, --moderator or "
                             "--not-moderator.")
    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            before = case_edits.assign_speaker(s, args.source, args.speaker, args.case, args.moderator,
                                               clear_case=args.no_case)
    what = [f"case {args.case}" if args.case else "no case" if args.no_case else "",
            "" if args.moderator is None else ("a moderator" if args.moderator else "not a moderator")]
    print(f"{len(before)} turn(s) of {args.speaker} in {args.source}: " + ", ".join(w for w in what if w))


def cmd_sources_rename(args, open_store, acting) -> None:
    from coding import sources

    with open_store(args) as store:
        me = acting(store, args)
        with store.transaction(me) as s:
            sources.rename_source(s, sources.get_source(s, args.name), args.new_name)
    print(f"renamed {args.name} to {args.new_name}")


def cmd_sources_delete(args, open_store, acting) -> None:
    from coding import source_edits

    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            usage = source_edits.usage(s, args.name)
        if usage and not args.with_codings:
            from coding.errors import Conflict

            held = ", ".join(f"{n} of {who}" for who, n in usage.items())
            raise Conflict(f"'{args.name}' holds codings ({held}); to delete it with them, add --with-codings "
                           "(tandem backup first keeps a way back).")
        with store.transaction(me) as s:
            gone = source_edits.delete(s, args.name)
    print(f"deleted the source {args.name}" + (f" and its {len(gone.codings)} coding(s)" if gone.codings else ""))


def cmd_sources_edit(args, open_store, acting) -> None:
    from coding import text_edit
    from importers.files import decode, read_bytes

    path = Path(args.from_file)
    new_text = decode(read_bytes(path), path).text  # the same checks as an import: no garbled bytes
    with open_store(args) as store:
        me = acting(store, args)
        with store.session() as s:
            lost = text_edit.lost_codings(s, me, args.name, new_text)
        if lost and not (args.keep_lost or args.remove_lost):
            from coding.errors import Conflict

            listed = "; ".join(f"{x.coder}'s {x.code.rsplit('/', 1)[-1]} on “{x.text[:40]}”" for x in lost[:3])
            raise Conflict(f"The corrected text leaves {len(lost)} coding(s) without their words ({listed}"
                           f"{'; …' if len(lost) > 3 else ''}); say whether to keep them on the nearest words "
                           "(--keep-lost) or remove them (--remove-lost). Nothing was changed.")
        with store.transaction(me) as s:
            done = text_edit.edit_text(s, me, args.name, new_text, keep_lost=not args.remove_lost)
    print(f"corrected the text of {args.name}: {len(done.codings)} codings and {len(done.sections)} turns or "
          f"responses carried through" + (f"; {len(done.lost)} left without words were "
                                          f"{'removed' if args.remove_lost else 'kept on the nearest words'}"
                                          if done.lost else ""))


def add_commands(groups, project_cmd, open_store, acting) -> None:
    sp = project_cmd(groups["cases"], "set", lambda a: cmd_cases_set(a, open_store, acting),
                     "set attributes of a case: ATTRIBUTE=VALUE... (an empty value clears it)")
    sp.add_argument("case")
    sp.add_argument("values", nargs="+", metavar="ATTRIBUTE=VALUE")
    sp = project_cmd(groups["cases"], "import", lambda a: cmd_cases_import(a, open_store, acting),
                     "cases' attributes from a table: one row a case, one column an attribute (.csv, .xlsx)")
    sp.add_argument("file", metavar="FILE.csv|.xlsx")
    sp = project_cmd(groups["cases"], "attribute", lambda a: cmd_cases_attribute(a, open_store, acting),
                     "add, rename, retype or delete a case attribute")
    sp.add_argument("name")
    how = sp.add_mutually_exclusive_group(required=True)
    types = ("text", "integer", "float", "date", "boolean")
    how.add_argument("--add", choices=types, metavar="TYPE", help=f"a new attribute of this type ({', '.join(types)})")
    how.add_argument("--rename", metavar="NEW")
    how.add_argument("--type", choices=types, help="convert every value to this type")
    how.add_argument("--delete", action="store_true")
    sp = project_cmd(groups["sections"], "assign", lambda a: cmd_sections_assign(a, open_store, acting),
                     "give a speaker's turns in a source to a case, or mark them a moderator's")
    sp.add_argument("source")
    sp.add_argument("speaker")
    sp.add_argument("--case", help="the case (made if new)")
    sp.add_argument("--no-case", action="store_true", help="the turns belong to no case")
    sp.add_argument("--moderator", dest="moderator", action="store_true", default=None)
    sp.add_argument("--not-moderator", dest="moderator", action="store_false")
    sp = project_cmd(groups["sources"], "rename", lambda a: cmd_sources_rename(a, open_store, acting),
                     "rename a source")
    sp.add_argument("name")
    sp.add_argument("new_name", metavar="NEW_NAME")
    sp = project_cmd(groups["sources"], "delete", lambda a: cmd_sources_delete(a, open_store, acting),
                     "delete a source (one with codings only with --with-codings)")
    sp.add_argument("name")
    sp.add_argument("--with-codings", action="store_true", help="also delete the codings it holds")
    sp = project_cmd(groups["sources"], "edit", lambda a: cmd_sources_edit(a, open_store, acting),
                     "replace a source's text with a corrected copy, carrying every coding and turn through")
    sp.add_argument("name")
    sp.add_argument("--from", dest="from_file", required=True, metavar="FILE", help="the corrected text (UTF-8)")
    lost = sp.add_mutually_exclusive_group()
    lost.add_argument("--keep-lost", action="store_true", help="keep codings whose words were deleted, on the "
                      "nearest words")
    lost.add_argument("--remove-lost", action="store_true", help="remove codings whose words were deleted")
