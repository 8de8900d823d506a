"""`tandem server init|add-coder|push`: a team server on PostgreSQL
(``coding.team_server``): the schema and its row-level security, a database
role per coder, and a project file copied in exactly."""
from __future__ import annotations

import getpass
from pathlib import Path


def _engine(url: str):
    from sqlalchemy import create_engine

    return create_engine(url)


def cmd_init(args) -> None:
    from coding import team_server
    from storage import open_url

    store = open_url(args.url, title=args.title or "")
    try:
        team_server.secure(store.engine)
    finally:
        store.close()
    print(f"prepared {store.location}: the project's tables, and blind coding enforced by the database; "
          "add coders with tandem server add-coder URL NAME")


def cmd_add_coder(args) -> None:
    from coding import team_server

    password = getpass.getpass(f"password for {args.name} (empty: none, for trust or peer login): ") \
        if args.password else None
    engine = _engine(args.url)
    try:
        role = team_server.add_coder(engine, args.name, args.role, password or None)
    finally:
        engine.dispose()
    print(f"{args.name} ({args.role}) connects as the database role {role}: "
          f"postgresql+psycopg://{role}@HOST/DATABASE")


def cmd_push(args) -> None:
    from coding import team_server

    counts = team_server.push(Path(args.project), args.url)
    print(f"copied {args.project} into the server: " + ", ".join(f"{n:,} {t}" for t, n in counts.items() if n))


def add_commands(sub) -> None:
    gp = sub.add_parser("server", help="a team server on PostgreSQL")
    gsub = gp.add_subparsers(dest="subcommand", required=True, parser_class=type(gp))
    sp = gsub.add_parser("init", help="prepare a database for a team project")
    sp.add_argument("url", metavar="URL", help="postgresql+psycopg://USER@HOST/DATABASE")
    sp.add_argument("--title")
    sp.set_defaults(func=cmd_init)
    sp = gsub.add_parser("add-coder", help="a database role for a coder (or a lead)")
    sp.add_argument("url", metavar="URL")
    sp.add_argument("name")
    sp.add_argument("--role", choices=("coder", "lead"), default="coder")
    sp.add_argument("--password", action="store_true", help="ask for a password for the role")
    sp.set_defaults(func=cmd_add_coder)
    sp = gsub.add_parser("push", help="copy a project file into an empty server database, exactly")
    sp.add_argument("project", metavar="PROJECT.tandem")
    sp.add_argument("url", metavar="URL")
    sp.set_defaults(func=cmd_push)
