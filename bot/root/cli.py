"""The `praxis` command line: console, demo, run, import, calendar import, db upgrade,
slack-manifest, discord sync."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from bot.kernel.roles import Role
from bot.root.config import Settings
from bot.root.logs import configure_logging

if TYPE_CHECKING:
    from bot.root.app import App

# Kept here rather than imported from the runner: `--workers` starts a supervisor that
# must not load the whole bot (it serves nothing itself).
PLATFORMS = ("slack", "discord", "all")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="praxis", description="The Praxis bot.")
    parser.add_argument("--version", action="version", version=f"praxis {_version()}")
    sub = parser.add_subparsers(dest="action", required=True)

    console = sub.add_parser("console", help="a local chat on the embedded database")
    console.add_argument("-c", dest="command", help="run one command and exit")
    console.add_argument("--user", default=None, help="act as this person (default: login name)")
    console.add_argument("--role", choices=[r.value for r in Role], help="set your role first")
    console.add_argument("--channel", default="general", help="the channel (default: general)")
    console.add_argument(
        "--locale",
        default=_terminal_locale(),
        help="your language as a platform would say it, e.g. es_MX (default: $LC_ALL or $LANG)",
    )

    sub.add_parser("demo", help="load the sample community into the console's database")

    run = sub.add_parser("run", help="serve Slack, Discord or both")
    run.add_argument("platform", choices=PLATFORMS)
    run.add_argument("--http", action="store_true", help="Slack over HTTP instead of Socket Mode")
    run.add_argument("--host", default="0.0.0.0")
    run.add_argument("--port", type=int, default=3000)
    run.add_argument(
        "--workers", type=int, default=1, help="Slack HTTP mode: N processes on one port"
    )
    run.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    imports = sub.add_parser("import", help="bulk import from a file")
    imports.add_argument("what", choices=["resources"])
    imports.add_argument("file", type=Path, help="a .csv or .xlsx with a header row")
    imports.add_argument("--user", default=None, help="shared as this person (default: login)")
    imports.add_argument(
        "--community",
        default="console:console",
        help="platform:id of the community (default: the console's), e.g. slack:T0123",
    )

    calendar = sub.add_parser("calendar", help="a community's school calendar")
    calendar.add_argument("calendar_action", choices=["import"])
    calendar.add_argument("file", type=Path, help="the district's iCalendar (.ics) file")
    calendar.add_argument("--district", default=None, help="the district, as profiles name it")
    calendar.add_argument(
        "--community",
        default="console:console",
        help="PLATFORM:ID, e.g. slack:T0123 or discord:4567 (default: the console's)",
    )

    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("db_action", choices=["upgrade"])

    manifest = sub.add_parser(
        "slack-manifest",
        help="print the Slack app manifest (PRAXIS_COMMAND_PREFIX, SLACK_STRICT_RESEND apply)",
    )
    manifest.add_argument(
        "--request-url",
        default=None,
        help="for HTTP mode: https://your.host/slack/events (default: Socket Mode)",
    )
    manifest.add_argument(
        "--oauth",
        action="store_true",
        help="install across workspaces: list the OAuth redirect URL (needs --request-url)",
    )

    catalog = sub.add_parser("catalog", help="the message catalogs (translations)")
    catalog.add_argument(
        "catalog_action",
        choices=["check", "update"],
        help="check: list what is missing, stale or wrong; update: add what is missing",
    )
    catalog.add_argument("--prune", action="store_true", help="update: drop stale entries")

    discord_cmd = sub.add_parser("discord", help="Discord maintenance")
    discord_cmd.add_argument(
        "discord_action", choices=["sync"], help="sync: push the command tree to Discord now"
    )
    return parser


def _version() -> str:
    try:
        return metadata.version("praxis")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return os.environ.get("USER", "me")


def _terminal_locale() -> str | None:
    """What the terminal says its reader reads, by POSIX's order of precedence."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return os.environ[name]
    return None


async def _console(app: App, args: argparse.Namespace) -> int:
    from adapters.console.adapter import ConsoleDelivery, ConsoleSession, run_once, run_repl

    await app.start()
    app.services.delivery.register(ConsoleDelivery(color=sys.stdout.isatty()))
    session = ConsoleSession(
        app.core, args.user or _login_name(), channel=args.channel, locale=args.locale
    )
    if args.role:
        await session.set_role(Role(args.role))
    if args.command is not None:
        return await run_once(session, args.command)
    # Interactive: nudges and prompts that fall due arrive in this console as they would
    # in Slack. `-c` above never waits for deliveries.
    await app.start_scheduler()
    return await run_repl(session, history=Path("data") / "console_history")


async def _demo(app: App) -> int:
    from bot.root.demo import load_demo

    await app.start()
    people = await load_demo(app.services, app.registry)
    print(
        f"Loaded the sample community: {people} people from several districts. "
        "Try: praxis console --user ana"
    )
    return 0


async def _calendar_import(app: App, args: argparse.Namespace) -> int:
    """`praxis calendar import FILE`: the operator's way in, straight to the use case (an
    operator owns the database; no member of the community needs to be acting)."""
    from bot.kernel.errors import UserError
    from bot.kernel.model import Address
    from commands.praxis_calendar import import_ics, import_reply
    from storage.members import get_or_create_community

    platform, _, external = args.community.partition(":")
    if not external:
        print("--community is PLATFORM:ID, e.g. slack:T0123", file=sys.stderr)
        return 2
    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    await app.start()
    services = app.services
    now = services.clock.now()
    try:
        async with services.db.session() as session:
            community = await get_or_create_community(
                session,
                Address(platform, external),
                default_timezone=services.default_timezone,
                now=now,
            )
            from zoneinfo import ZoneInfo

            today = now.astimezone(ZoneInfo(community.timezone)).date()
            result = await import_ics(
                session, community, data, district=args.district, by=None, now=now, today=today
            )
    except UserError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(import_reply(result, args.district).plain_text())
    return 0


async def _supervise(args: argparse.Namespace) -> int:
    """`--workers N`: bring the schema up once in a child, then start and watch the workers."""
    from bot.root.workers import WorkerOptions, run_workers

    upgrade = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.root.cli", "db", "upgrade"
    )
    if await upgrade.wait() != 0:
        return 1
    return await run_workers(WorkerOptions(args.workers, args.host, args.port))


async def _db_upgrade(app: App) -> int:
    await app.start()
    print("The database schema is up to date.")
    return 0


def _slack_manifest(app: App, args: argparse.Namespace) -> int:
    from adapters.slack.manifest import ManifestOptions, print_manifest

    settings = app.settings
    if args.oauth and not args.request_url:
        print("praxis: --oauth needs --request-url (OAuth runs in HTTP mode)", file=sys.stderr)
        return 2
    options = ManifestOptions(
        request_url=args.request_url,
        prefix=settings.command_prefix,
        strict_resend=settings.slack_strict_resend,
        oauth=bool(args.oauth or (settings.slack_oauth and args.request_url)),
    )
    return print_manifest(app.registry, options)


async def _discord_sync(app: App) -> int:
    from adapters.discord.run import sync_discord
    from bot.root.runner import NotConfigured, discord_config

    try:
        config = discord_config(app.settings)
    except NotConfigured as missing:
        print(f"praxis: {missing}", file=sys.stderr)
        return 2
    await app.start()
    synced = await sync_discord(app.core, config)
    print(f"Synced the command tree ({synced} scope{'s' if synced != 1 else ''}).")
    return 0


async def _main(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "run" and args.workers > 1:
        return await _supervise(args)
    from bot.root.app import build_app

    app = build_app(settings)
    try:
        match args.action:
            case "console":
                return await _console(app, args)
            case "demo":
                return await _demo(app)
            case "db":
                return await _db_upgrade(app)
            case "calendar":
                return await _calendar_import(app, args)
            case "import":
                from bot.root.importing import ImportOptions, import_file

                await app.start()
                what = ImportOptions(args.file, args.user or _login_name(), args.community)
                return await import_file(app, what)
            case "run":
                from bot.root.runner import RunOptions, run_platforms

                # The runner brings the schema up and starts the scheduler itself,
                # once every platform's delivery port is registered.
                options = RunOptions(
                    args.platform, args.http, args.host, args.port, worker=args.worker
                )
                return await run_platforms(app, options)
            case "slack-manifest":
                return _slack_manifest(app, args)
            case "discord":
                return await _discord_sync(app)
    finally:
        await app.close()
    return 2


def _catalog(args: argparse.Namespace) -> int:
    """`praxis catalog check|update`: needs no database, only the code and bot/locale."""
    from bot.root import catalog
    from commands import all_families

    families = all_families()
    source = catalog.source_messages(families)  # the code's messages, read once
    if args.catalog_action == "update":
        for path in catalog.update(families, prune=args.prune, source=source):
            print(f"updated {path}")
    pending: list[str] = []
    found = catalog.problems(families, pending=pending, source=source)
    for line in found:
        print(line)
    if pending:
        areas = ", ".join(sorted(catalog.INCOMPLETE_AREAS))
        print(f"{len(pending)} entries of areas still being translated ({areas}) are pending.")
    print(f"{len(found)} problem(s)" if found else "The catalogs are complete and current.")
    return 1 if found else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.action == "catalog":
        return _catalog(args)
    if args.action == "run" and args.workers != 1:
        if args.workers < 1 or args.workers > 64:
            parser.error("--workers takes 1 to 64")
        if args.platform != "slack" or not args.http:
            parser.error("--workers serves Slack's HTTP mode: praxis run slack --http --workers N")
    quiet = args.action in (
        "console",
        "demo",
        "db",
        "slack-manifest",
        "import",
        "discord",
        "calendar",
    )
    settings = Settings()
    configure_logging(logging.WARNING if quiet else logging.INFO, settings.log_format)
    try:
        return asyncio.run(_main(args, settings))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
