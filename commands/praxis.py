"""/praxis: help, who you are, your profile, roles, community settings, forgetting."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.dispatch.context import Context
from bot.grammar import help as help_text
from bot.grammar.spec import Args, Family, Option, OptionType, SubCommand
from bot.kernel.errors import UserError
from bot.kernel.language import Language, speaking
from bot.kernel.reply import Block, Fields, Header, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.time.zones import ZoneFrom, check_zone, zone_choice
from commands import praxis_calendar, reports
from storage.community import Community, Member

PROFILE_FIELDS = ("district", "school", "position")


async def help_(ctx: Context, args: Args) -> Reply:
    """`/praxis help [topic]`: everything, a family (`resource`) or a sub-command."""
    registry = ctx.services.registry
    topic = args.get("topic")
    if not topic:
        return help_text.overview(registry, args.get("page", 1))
    words = topic.lstrip("/").lower().split()
    family = registry.family(words[0])
    if family is not None:
        sub = family.sub(words[1]) if len(words) > 1 else None
        return help_text.sub_help(family, sub) if sub else help_text.family_help(family)
    sub = FAMILY.sub(words[0])
    if sub is not None:
        return help_text.sub_help(FAMILY, sub)
    raise UserError(f"There is no help topic “{topic}”; try /praxis help.")


async def home(ctx: Context, args: Args) -> Reply:
    """Your open prompt, cycles, drafts and saved resources: each family's part, in order."""
    registry = ctx.services.registry
    sections = sorted((s for family in registry for s in family.home), key=lambda s: s.order)
    blocks: list[Block] = [Header(f"{ctx.member.display_name}, in {ctx.community.name}")]
    for section in sections:
        blocks.append(Header(section.title))
        blocks.extend(await section.render(ctx) or [Note(section.empty)])
    blocks.append(Note("/praxis help lists every command."))
    return Reply(blocks)


def _zone_line(ctx: Context, member: Member) -> str:
    zone, source = zone_choice(member, ctx.community)
    if source is ZoneFrom.OWN:
        return zone.key
    if source is ZoneFrom.PLATFORM:
        return f"{zone.key} (from your {ctx.community.platform} profile)"
    if source is ZoneFrom.COMMUNITY:
        return f"{zone.key} (the community's; set yours with /praxis profile set)"
    return f"{zone.key} (set yours with /praxis profile set)"


def _profile_fields(ctx: Context, member: Member) -> Fields:
    return Fields(
        (
            ("Role", member.role),
            ("District", member.district or "—"),
            ("School", member.school or "—"),
            ("Position", member.position or "—"),
            ("Time zone", _zone_line(ctx, member)),
            ("Language", _language_line(ctx, member)),
        )
    )


def _language_line(ctx: Context, member: Member) -> str:
    language = ctx.language_of(member)
    if member.language:
        return language.label
    return f"{language.label} (set yours with /praxis profile set language:es)"


def _language(text: str) -> Language | None:
    """A language someone names (`es`, `español`, `English`); `auto` clears the choice."""
    if text.strip().lower() in ("auto", "default", "none"):
        return None
    language = Language.parse(text)
    if language is None:
        choices = ", ".join(f"{lang.value} ({lang.label})" for lang in Language)
        raise UserError(f"I speak {choices}; say language:auto to follow your platform.")
    return language


async def whoami(ctx: Context, args: Args) -> Reply:
    member = ctx.member
    return Reply(
        [
            Header(f"{member.display_name} in {ctx.community.name}"),
            _profile_fields(ctx, member),
        ]
    )


async def profile(ctx: Context, args: Args) -> Reply:
    member = ctx.member
    changes = args.given(("district", "school", "position", "timezone", "language"))
    if not changes:
        if args.get("action") == "set":
            raise UserError('Say what to set, e.g. /praxis profile set district:"Oak Unified".')
        return Reply([Header("Your profile"), _profile_fields(ctx, member)])
    for name in PROFILE_FIELDS:
        if name in args:
            setattr(member, name, args[name])
    if "language" in args:
        chosen = _language(args["language"])
        member.language = chosen.value if chosen else None
    with speaking(ctx.language_of(member)):  # said in the language just chosen
        return await _saved_profile(ctx, member, args)


async def _saved_profile(ctx: Context, member: Member, args: Args) -> Reply:
    blocks: list[Block] = [Paragraph("Saved your profile."), _profile_fields(ctx, member)]
    if "timezone" in args:
        before = str(ctx.member_zone(member))
        member.timezone = check_zone(args["timezone"])
        if str(ctx.member_zone(member)) != before:
            moved = await ctx.scheduling.member_zone_changed(ctx, member)
            blocks.append(Note(_moved_text(moved, "to your new time zone")))
    return Reply(blocks, tone=Tone.SUCCESS)


def _moved_text(moved: int, why: str) -> str:
    """How many scheduled deliveries a change re-planned, said once for every caller."""
    if moved == 0:
        return "No scheduled delivery needed to move."
    shown = "1 scheduled delivery" if moved == 1 else f"{moved} scheduled deliveries"
    return f"Moved {shown} {why}; each keeps its wall-clock time."


async def role(ctx: Context, args: Args) -> Reply:
    target = await ctx.resolve_member(args["user"])
    role_name = Role(args["role"])
    if args["action"] == "grant":
        if Role(target.role).at_least(role_name):
            return Reply.text(f"{target.display_name} is already {_a(target.role)}.")
        target.role = role_name.value
        return Reply.text(f"{target.display_name} is now {_a(role_name.value)}.", tone=Tone.SUCCESS)
    if target.role != role_name.value:
        return Reply.text(f"{target.display_name} is not {_a(role_name.value)}.")
    if role_name is Role.ADMIN:
        admins = await ctx.session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.community_id == ctx.community.id, Member.role == Role.ADMIN.value)
        )
        if (admins or 0) <= 1:
            raise UserError("A community needs at least one admin; grant another admin first.")
    target.role = Role.MEMBER.value if role_name is Role.FACILITATOR else Role.FACILITATOR.value
    return Reply.text(
        f"{target.display_name} is no longer {_a(role_name.value)}; now {_a(target.role)}.",
        tone=Tone.SUCCESS,
    )


def _a(role_name: str) -> str:
    return f"an {role_name}" if role_name[0] in "aeiou" else f"a {role_name}"


async def settings(ctx: Context, args: Args) -> Reply:
    community = ctx.community
    old_zone, old_quiet = community.timezone, community.quiet_hours
    if "timezone" in args:
        community.timezone = check_zone(args["timezone"])
    if "quiet-hours" in args:
        community.quiet_hours = _quiet_hours(args["quiet-hours"])
    if "name" in args:
        community.name = args["name"]
    if "language" in args:
        chosen = _language(args["language"])
        community.settings = {
            **(community.settings or {}),
            "language": chosen.value if chosen else None,
        }
    changed = args.given(("timezone", "quiet-hours", "name", "language"))
    replanned: Note | None = None
    if (community.timezone, community.quiet_hours) != (old_zone, old_quiet):
        moved = await ctx.scheduling.community_changed(ctx, old_zone=old_zone)
        replanned = Note(_moved_text(moved, "to follow the new settings"))
    fields = Fields(
        (
            ("Community", community.name),
            ("Time zone", community.timezone),
            ("Quiet hours", community.quiet_hours or "none"),
            ("Language", _community_language(community)),
        )
    )
    if changed:
        blocks: list[Block] = [Paragraph("Saved the community settings."), fields]
        if replanned is not None:
            blocks.append(replanned)
        return Reply(blocks, tone=Tone.SUCCESS)
    return Reply([Header("Community settings"), fields])


def _community_language(community: Community) -> str:
    """The language members read until they or their platform say otherwise."""
    return (Language.parse((community.settings or {}).get("language")) or Language.EN).label


def _quiet_hours(text: str) -> str | None:
    if text.strip().lower() in ("none", "off", "no"):
        return None
    from bot.time.recurrence import RecurrenceError, parse_quiet_hours

    try:
        start, end = parse_quiet_hours(text)
    except RecurrenceError as error:
        raise UserError(str(error)) from None
    return f"{start:%H:%M}-{end:%H:%M}"


async def forget_me(ctx: Context, args: Args) -> Reply:
    registry = ctx.services.registry
    member = ctx.member
    kinds = [data for family in registry for data in family.personal_data]
    counts = [(data, await data.count(ctx.session, member)) for data in kinds]
    lines = [f"{count} {data.label}" for data, count in counts if count]
    profile_set = any(getattr(member, name) for name in (*PROFILE_FIELDS, "timezone"))
    if profile_set:
        lines.append("your profile (district, school, position, time zone)")
    if not lines:
        return Reply.text("I keep nothing about you that forget-me would delete.")
    listing = "; ".join(lines)
    if not args.get("confirm"):
        return Reply(
            [
                Paragraph(f"This would delete: {listing}."),
                Note("Nothing is deleted until you run /praxis forget-me confirm:yes."),
            ],
            tone=Tone.WARNING,
        )
    for data, count in counts:
        if count:
            await data.delete(ctx.session, member)
    before = str(ctx.member_zone(member))
    for name in (*PROFILE_FIELDS, "timezone", "platform_timezone", "language"):
        setattr(member, name, None)
    if str(ctx.member_zone(member)) != before:  # their schedules now follow the community's
        await ctx.scheduling.member_zone_changed(ctx, member)
    return Reply.text(f"Deleted: {listing}.", tone=Tone.SUCCESS)


MAX_PUBLISHED = 200


async def published(ctx: Context, args: Args) -> Reply:
    """The community's own published names, which the identifying-details check never flags."""
    action = args.get("action")
    names = list(ctx.published_names)
    if action is None:
        shown = ", ".join(names) if names else "none yet"
        return Reply(
            [
                Paragraph(
                    "The check for student-identifying details never flags the published "
                    "educators, researchers and mathematicians it ships with (Jo Boaler, "
                    "Peter Liljedahl, Rochelle Gutiérrez, Pascal, Noether, ...)."
                ),
                Paragraph(f"Added by this community: {shown}."),
                Note('Facilitators add one with /praxis published add "Marian Small".'),
            ]
        )
    ctx.require(Role.FACILITATOR, "Only facilitators can change the published names.")
    name = " ".join((args.get("name") or "").split())
    if not name:
        raise UserError(f'Name the person, e.g. /praxis published {action} "Marian Small".')
    settings = dict(ctx.community.settings or {})
    keys = [n.casefold() for n in names]
    if action == "add":
        if name.casefold() in keys:
            return Reply.text(f"“{name}” is already on this community's list.")
        if len(names) >= MAX_PUBLISHED:
            raise UserError(f"A community can add at most {MAX_PUBLISHED} names.")
        names.append(name)
        message = f"Added “{name}”: the check will not flag them here."
    else:
        if name.casefold() not in keys:
            raise UserError(f"“{name}” is not on this community's list.")
        names.pop(keys.index(name.casefold()))
        message = f"Removed “{name}” from this community's published names."
    settings["published_names"] = names
    ctx.community.settings = settings
    return Reply.text(message, tone=Tone.SUCCESS)


FAMILY = Family(
    name="praxis",
    help="What the bot does, who you are, your profile, roles and community settings.",
    umbrella=True,  # `/praxis resource search …`: one command name for a crowded workspace
    subcommands=(
        SubCommand(
            "help",
            "What the bot does and every command's usage.",
            (
                Option("topic", positional=True, rest=True, help="a command, e.g. resource"),
                Option(
                    "page",
                    OptionType.INTEGER,
                    min_value=1,
                    max_value=20,
                    help="a page of the list of every command",
                ),
            ),
            handler=help_,
        ),
        SubCommand("whoami", "Your role, profile and time zone.", handler=whoami),
        SubCommand(
            "home",
            "Your open prompt, your cycles' next phase, your drafts and saved resources.",
            handler=home,
        ),
        SubCommand(
            "profile",
            "Show your profile, or set it.",
            (
                Option("action", OptionType.CHOICE, positional=True, choices=("set",)),
                Option("district", max_length=120, help="your district"),
                Option("school", max_length=120, help="your school"),
                Option("position", max_length=120, help="e.g. teacher, coach, principal"),
                Option("timezone", max_length=64, help="an IANA name, e.g. America/Chicago"),
                Option("language", max_length=20, help="en or es; auto follows your platform"),
            ),
            handler=profile,
        ),
        SubCommand(
            "role",
            "Grant or revoke the facilitator or admin role.",
            (
                Option(
                    "action",
                    OptionType.CHOICE,
                    required=True,
                    positional=True,
                    choices=("grant", "revoke"),
                ),
                Option("user", OptionType.USER, required=True, positional=True, metavar="@user"),
                Option(
                    "role",
                    OptionType.CHOICE,
                    required=True,
                    positional=True,
                    choices=("facilitator", "admin"),
                ),
            ),
            role=Role.ADMIN,
            handler=role,
            refusal="Only admins can grant or revoke roles.",
        ),
        SubCommand(
            "settings",
            "Show or change the community's defaults.",
            (
                Option("timezone", max_length=64, help="the community's IANA time zone"),
                Option(
                    "quiet-hours",
                    max_length=20,
                    metavar='"21:00-07:00"',
                    help="deliveries wait until quiet hours end; none to turn off",
                ),
                Option("name", max_length=200, help="the community's name"),
                Option("language", max_length=20, help="members' default language: en or es"),
            ),
            role=Role.ADMIN,
            handler=settings,
            refusal="Only admins can change community settings.",
        ),
        SubCommand(
            "published",
            "Published educators the student-name check never flags; facilitators add more.",
            (
                Option("action", OptionType.CHOICE, positional=True, choices=("add", "remove")),
                Option(
                    "name",
                    positional=True,
                    rest=True,
                    max_length=120,
                    metavar='"First Last"',
                    help="a published educator, researcher or mathematician",
                ),
            ),
            handler=published,
            details=(
                "The check for details that could identify a student ships with a list of "
                "published educators, researchers and mathematicians; add the authors your "
                "community reads so citing them is never flagged."
            ),
        ),
        SubCommand(
            "forget-me",
            "Delete your reflections and profile; without confirm:yes it only says what.",
            (Option("confirm", OptionType.BOOL, help="yes to delete"),),
            handler=forget_me,
        ),
        praxis_calendar.SUBCOMMAND,
        *reports.SUBCOMMANDS,
    ),
    report_sections=reports.REPORT_SECTIONS,
    exports=reports.EXPORTS,
    seed_demo=reports.seed_demo,
    delivery_kinds=reports.DELIVERY_KINDS,
    lookups=reports.LOOKUPS,
    personal_data=reports.PERSONAL_DATA,
)
