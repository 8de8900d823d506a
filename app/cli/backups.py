"""`tandem backup` and `tandem restore`: backup copies kept beside a project
file (``storage.backups``), listed with their dates and sizes, and one put
back in the project's place (the project as it was is kept as a backup)."""
from __future__ import annotations

import json
from pathlib import Path


def cmd_backup(args) -> None:
    from storage import backups, open_project

    path = Path(args.project)
    with open_project(path) as store:  # a project, whole, at this version
        if store.damaged:
            from storage.errors import DamagedProjectError

            raise DamagedProjectError(store.damaged)
        from storage import migrate

        taken = backups.take_backup(path, migrate.HEAD, "asked")
    print(f"wrote the backup {taken.name} ({taken.stat().st_size / 1e6:,.1f} MB); "
          f"the last {backups.KEEP} backups are kept")


def cmd_restore(args) -> None:
    from storage import backups

    path = Path(args.project)
    found = backups.list_backups(path)
    if not args.backup and not args.latest:
        if args.json:
            print(json.dumps([{"file": b.path.name, "taken_at": b.taken_at.isoformat(), "bytes": b.size,
                               "revision": b.revision, "why": b.why} for b in found], indent=2))
            return
        if not found:
            print(f"{path} has no backup copies beside it (tandem backup {path} takes one)")
            return
        print(f"Backups of {path}, newest first:")
        for b in found:
            print(f"  {b.describe()}")
        print(f"To put one in the project's place: tandem restore {path} BACKUP (or --latest); "
              "the project as it is now is kept as a backup first.")
        return
    chosen, kept = backups.restore(path, Path(args.backup) if args.backup else None)
    print(f"restored {path} from {chosen.name}"
          + (f"; the project as it was is kept as {kept.name}" if kept is not None else ""))


def add_commands(sub, project_cmd) -> None:
    project_cmd(sub, "backup", cmd_backup, "write a backup copy of the project beside it")
    sp = project_cmd(sub, "restore", cmd_restore, "list the project's backups, or restore one", json_flag=True)
    sp.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup to restore (its file name)")
    sp.add_argument("--latest", action="store_true", help="restore the newest backup")
