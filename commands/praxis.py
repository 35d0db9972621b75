"""/praxis: help, who you are, your profile, roles, community settings, forgetting."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.dispatch.context import Context
from bot.grammar import help as help_text
from bot.grammar.spec import Args, Family, Option, OptionType, SubCommand
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, ngettext, pgettext
from bot.kernel.language import Language, speaking
from bot.kernel.reply import Block, Fields, Header, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.time.zones import ZoneFrom, check_zone, zone_choice
from commands import praxis_calendar, reports
from storage.community import Community, Member, community_default_language

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
    raise UserError(_("There is no help topic “{topic}”; try /praxis help.", topic=topic))


async def home(ctx: Context, args: Args) -> Reply:
    """Your open prompt, cycles, drafts and saved resources: each family's part, in order."""
    registry = ctx.services.registry
    sections = sorted((s for family in registry for s in family.home), key=lambda s: s.order)
    blocks: list[Block] = [
        Header(
            _("{name}, in {community}", name=ctx.member.display_name, community=ctx.community.name)
        )
    ]
    for section in sections:
        blocks.append(Header(_(section.title)))
        blocks.extend(await section.render(ctx) or [Note(_(section.empty))])
    blocks.append(Note(_("/praxis help lists every command.")))
    return Reply(blocks)


def _zone_line(ctx: Context, member: Member) -> str:
    zone, source = zone_choice(member, ctx.community)
    if source is ZoneFrom.OWN:
        return zone.key
    if source is ZoneFrom.PLATFORM:
        return _(
            "{zone} (from your {platform} profile)",
            zone=zone.key,
            platform=_platform_name(ctx.community.platform),
        )
    if source is ZoneFrom.COMMUNITY:
        return _("{zone} (the community's; set yours with /praxis profile set)", zone=zone.key)
    return _("{zone} (set yours with /praxis profile set)", zone=zone.key)


def _platform_name(platform: str) -> str:
    """Slack and Discord are names; the console is a thing, so it is translated."""
    return {"slack": "Slack", "discord": "Discord"}.get(platform, _("console"))


def _role_phrase(role: str) -> str:
    """A role after "is": "a facilitator", "an admin"."""
    phrases = {
        Role.MEMBER.value: pgettext("role after is", "a member"),
        Role.FACILITATOR.value: pgettext("role after is", "a facilitator"),
        Role.ADMIN.value: pgettext("role after is", "an admin"),
    }
    return phrases.get(role, role)


def _profile_fields(ctx: Context, member: Member) -> Fields:
    return Fields(
        (
            (_("Role"), Role(member.role).label),
            (_("District"), member.district or "—"),
            (_("School"), member.school or "—"),
            (_("Position"), member.position or "—"),
            (_("Time zone"), _zone_line(ctx, member)),
            (_("Language"), _language_line(ctx, member)),
        )
    )


def _language_line(ctx: Context, member: Member) -> str:
    """Which language, and why this one: their own choice, their platform's, the community's."""
    language = ctx.language_of(member)
    if Language.parse(member.language) is not None:
        return language.label
    other = Language.ES if language is Language.EN else Language.EN
    if Language.parse(member.platform_language) is not None:
        return _(
            "{language} (from your {platform} settings; choose with "
            "/praxis profile set language:{other})",
            language=language.label,
            platform=_platform_name(ctx.community.platform),
            other=other.value,
        )
    if community_default_language(ctx.community) is not None:
        return _(
            "{language} (the community's; choose yours with /praxis profile set language:{other})",
            language=language.label,
            other=other.value,
        )
    return _(
        "{language} (choose yours with /praxis profile set language:{other})",
        language=language.label,
        other=other.value,
    )


def _language(text: str) -> Language | None:
    """A language someone names (`es`, `español`, `English`); `auto` clears the choice."""
    if text.strip().lower() in ("auto", "default", "none"):
        return None
    language = Language.parse(text)
    if language is None:
        choices = ", ".join(f"{lang.value} ({lang.label})" for lang in Language)
        raise UserError(
            _(
                "I speak {choices}; say language:auto to follow your platform.",
                choices=choices,
            ),
            option="language",
        )
    return language


async def whoami(ctx: Context, args: Args) -> Reply:
    member = ctx.member
    return Reply(
        [
            Header(
                _("{name} in {community}", name=member.display_name, community=ctx.community.name)
            ),
            _profile_fields(ctx, member),
        ]
    )


async def profile(ctx: Context, args: Args) -> Reply:
    member = ctx.member
    changes = args.given(("district", "school", "position", "timezone", "language"))
    if not changes:
        if args.get("action") == "set":
            raise UserError(_('Say what to set, e.g. /praxis profile set district:"Oak Unified".'))
        return Reply([Header(_("Your profile")), _profile_fields(ctx, member)])
    for name in PROFILE_FIELDS:
        if name in args:
            setattr(member, name, args[name])
    if "language" in args:
        chosen = _language(args["language"])
        member.language = chosen.value if chosen else None
    with speaking(ctx.language_of(member)):  # said in the language just chosen
        return await _saved_profile(ctx, member, args)


async def _saved_profile(ctx: Context, member: Member, args: Args) -> Reply:
    blocks: list[Block] = [Paragraph(_("Saved your profile.")), _profile_fields(ctx, member)]
    if "timezone" in args:
        before = str(ctx.member_zone(member))
        member.timezone = check_zone(args["timezone"])
        if str(ctx.member_zone(member)) != before:
            moved = await ctx.scheduling.member_zone_changed(ctx, member)
            blocks.append(Note(_moved_text(moved, for_zone=True)))
    return Reply(blocks, tone=Tone.SUCCESS)


def _moved_text(moved: int, *, for_zone: bool) -> str:
    """How many scheduled deliveries a change re-planned, said once for every caller."""
    if moved == 0:
        return _("No scheduled delivery needed to move.")
    if for_zone:
        return ngettext(
            "Moved {n} scheduled delivery to your new time zone; it keeps its wall-clock time.",
            "Moved {n} scheduled deliveries to your new time zone; each keeps its wall-clock time.",
            moved,
        )
    return ngettext(
        "Moved {n} scheduled delivery to follow the new settings; it keeps its wall-clock time.",
        "Moved {n} scheduled deliveries to follow the new settings; each keeps its wall-clock "
        "time.",
        moved,
    )


async def role(ctx: Context, args: Args) -> Reply:
    target = await ctx.resolve_member(args["user"])
    wanted = Role(args["role"])
    if args["action"] == "grant":
        if Role(target.role).at_least(wanted):
            return Reply.text(
                _(
                    "{name} is already {role}.",
                    name=target.display_name,
                    role=_role_phrase(target.role),
                )
            )
        target.role = wanted.value
        return Reply.text(
            _("{name} is now {role}.", name=target.display_name, role=_role_phrase(wanted.value)),
            tone=Tone.SUCCESS,
        )
    if target.role != wanted.value:
        return Reply.text(
            _("{name} is not {role}.", name=target.display_name, role=_role_phrase(wanted.value))
        )
    if wanted is Role.ADMIN:
        admins = await ctx.session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.community_id == ctx.community.id, Member.role == Role.ADMIN.value)
        )
        if (admins or 0) <= 1:
            raise UserError(_("A community needs at least one admin; grant another admin first."))
    target.role = Role.MEMBER.value if wanted is Role.FACILITATOR else Role.FACILITATOR.value
    return Reply.text(
        _(
            "{name} is no longer {old}; now {new}.",
            name=target.display_name,
            old=_role_phrase(wanted.value),
            new=_role_phrase(target.role),
        ),
        tone=Tone.SUCCESS,
    )


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
    moved: int | None = None
    if (community.timezone, community.quiet_hours) != (old_zone, old_quiet):
        moved = await ctx.scheduling.community_changed(ctx, old_zone=old_zone)
    # An admin who had not chosen a language reads the new default at once.
    with speaking(ctx.language_of(ctx.member)):
        return _settings_reply(community, changed, moved, "language" in args)


def _settings_reply(
    community: Community, changed: list[str], moved: int | None, language: bool
) -> Reply:
    fields = Fields(
        (
            (_("Community"), community.name),
            (_("Time zone"), community.timezone),
            (_("Quiet hours"), community.quiet_hours or _("none")),
            (_("Language"), _community_language(community)),
        )
    )
    if changed:
        blocks: list[Block] = [Paragraph(_("Saved the community settings.")), fields]
        if moved is not None:
            blocks.append(Note(_moved_text(moved, for_zone=False)))
        if language:
            blocks.append(
                Note(
                    _(
                        "Members who chose a language, or whose platform names one, keep "
                        "theirs; the others now read {language}.",
                        language=_community_language(community),
                    )
                )
            )
        return Reply(blocks, tone=Tone.SUCCESS)
    return Reply([Header(_("Community settings")), fields])


def _community_language(community: Community) -> str:
    """The language members read until they or their platform say otherwise."""
    chosen = community_default_language(community)
    if chosen is None:
        return _("{language} (the default)", language=Language.EN.label)
    return chosen.label


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
    lines = [data.counted(count) for data, count in counts if count]
    profile_set = any(getattr(member, name) for name in (*PROFILE_FIELDS, "timezone", "language"))
    if profile_set:
        lines.append(_("your profile (district, school, position, time zone, language)"))
    if not lines:
        return Reply.text(_("I keep nothing about you that forget-me would delete."))
    listing = "; ".join(lines)
    if not args.get("confirm"):
        return Reply(
            [
                Paragraph(_("This would delete: {listing}.", listing=listing)),
                Note(_("Nothing is deleted until you run /praxis forget-me confirm:yes.")),
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
    return Reply.text(_("Deleted: {listing}.", listing=listing), tone=Tone.SUCCESS)


MAX_PUBLISHED = 200


async def published(ctx: Context, args: Args) -> Reply:
    """The community's own published names, which the identifying-details check never flags."""
    action = args.get("action")
    names = list(ctx.published_names)
    if action is None:
        shown = ", ".join(names) if names else _("none yet")
        return Reply(
            [
                Paragraph(
                    _(
                        "The check for student-identifying details never flags the published "
                        "educators, researchers and mathematicians it ships with (Jo Boaler, "
                        "Peter Liljedahl, Rochelle Gutiérrez, Pascal, Noether, ...)."
                    )
                ),
                Paragraph(_("Added by this community: {names}.", names=shown)),
                Note(_('Facilitators add one with /praxis published add "Marian Small".')),
            ]
        )
    ctx.require(Role.FACILITATOR, _("Only facilitators can change the published names."))
    name = " ".join((args.get("name") or "").split())
    if not name:
        raise UserError(
            _('Name the person, e.g. /praxis published {action} "Marian Small".', action=action)
        )
    settings = dict(ctx.community.settings or {})
    keys = [n.casefold() for n in names]
    if action == "add":
        if name.casefold() in keys:
            return Reply.text(_("“{name}” is already on this community's list.", name=name))
        if len(names) >= MAX_PUBLISHED:
            raise UserError(_("A community can add at most {limit} names.", limit=MAX_PUBLISHED))
        names.append(name)
        message = _("Added “{name}”: the check will not flag them here.", name=name)
    else:
        if name.casefold() not in keys:
            raise UserError(_("“{name}” is not on this community's list.", name=name))
        names.pop(keys.index(name.casefold()))
        message = _("Removed “{name}” from this community's published names.", name=name)
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
        SubCommand("whoami", "Your role, profile, time zone and language.", handler=whoami),
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
                Option(
                    "language",
                    max_length=20,
                    metavar="en|es|auto",
                    help="the language I answer you in: en, es; auto follows your platform",
                ),
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
                Option(
                    "language",
                    max_length=20,
                    metavar="en|es|auto",
                    help="members' language unless they choose: en, es; auto for English",
                ),
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
