"""/reflect: equity-focused reflection prompts, private by default.

Members see their open prompt, answer it (privately unless they share with their team or the
community), skip or snooze it, and read their own history. Facilitators keep the prompt bank,
schedule prompts and see counts, never content.

Public API for other families (cycles): `send_prompt_to` (commands.reflect.core), which
records a prompt as sent to one person and returns the direct message to deliver.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.grammar.spec import Family, Option, OptionType, PersonalData, SubCommand
from bot.kernel.i18n import ngettext
from bot.kernel.roles import Role
from commands.reflect import bank, figures, home, member, scheduled, stats
from commands.reflect.core import LANGUAGES, PHASES, SHARES, SentPrompt, send_prompt_to
from commands.reflect.demo import seed_demo
from commands.reflect.lookups import LOOKUPS
from storage.community import Member
from storage.reflect import count_for_member, delete_for_member

__all__ = ["FAMILY", "SentPrompt", "send_prompt_to"]

_PROMPT = Option(
    "prompt", OptionType.ID, help="a prompt's id, e.g. 12 or #12", autocomplete="prompt"
)
_PAGE = Option("page", OptionType.INTEGER, min_value=1, max_value=10_000, help="which page")
# Spanish words for the typed choices; a value is always stored as its (English) choice.
PHASE_ALIASES = (
    ("estudio", "study"),
    ("estudiar", "study"),
    ("planificar", "plan"),
    ("planificación", "plan"),
    ("enseñar", "teach"),
    ("enseñanza", "teach"),
    ("reflexionar", "reflect"),
    ("reflexión", "reflect"),
    ("revisar", "revise"),
    ("revisión", "revise"),
    ("reenseñar", "reteach"),
)
SHARE_ALIASES = (("privado", "private"), ("equipo", "team"), ("comunidad", "community"))
LANGUAGE_ALIASES = (
    ("english", "en"),
    ("inglés", "en"),
    ("ingles", "en"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
)
_PHASE = Option(
    "phase", OptionType.CHOICE, choices=PHASES, help="only this phase", aliases=PHASE_ALIASES
)


async def _count(session: AsyncSession, who: Member) -> int:
    return await count_for_member(session, who)


async def _delete(session: AsyncSession, who: Member) -> int:
    return await delete_for_member(session, who)


FAMILY = Family(
    name="reflect",
    help="Reflection prompts: answer yours (private unless you share), skip, snooze, look back.",
    default="open",
    details=(
        "Reflections are private unless you add share:team (the team the prompt was sent to) "
        "or share:community. Shared reflections appear in /reflect shared for the people they "
        "were shared with. Facilitators see counts, never what you wrote."
    ),
    subcommands=(
        SubCommand("open", "Your open prompt, with a form to answer it.", handler=member.open_),
        SubCommand(
            "answer",
            "Answer your open prompt; with none open, a free reflection.",
            (
                Option(
                    "text",
                    positional=True,
                    rest=True,
                    max_length=4000,
                    metavar='"your reflection"',
                    help="what you think; quote it",
                ),
                _PROMPT,
                Option(
                    "share",
                    OptionType.CHOICE,
                    choices=SHARES,
                    help="private (the default), team or community",
                    aliases=SHARE_ALIASES,
                ),
                Option(
                    "confirm",
                    OptionType.BOOL,
                    help="yes: share as it is; the details you were shown are fine",
                ),
            ),
            handler=member.answer,
            details=(
                "A shared reflection is checked for details that could identify a student. "
                "With findings it is saved privately and shown back; share it as it is with "
                "/reflect answer confirm:yes, or edit it and answer again."
            ),
        ),
        SubCommand("history", "Your reflections, newest first.", (_PAGE,), handler=member.history),
        SubCommand(
            "shared",
            "Reflections others shared with your team or the community.",
            (_PAGE,),
            handler=member.shared,
        ),
        SubCommand("skip", "Skip your open prompt.", (_PROMPT,), handler=member.skip),
        SubCommand(
            "snooze",
            "Put your open prompt away for a while; it comes back by itself.",
            (
                Option(
                    "duration",
                    OptionType.DURATION,
                    required=True,
                    positional=True,
                    rest=True,
                    metavar="<duration>",
                    help="e.g. 2h, 1d, 3 days",
                ),
                _PROMPT,
            ),
            handler=member.snooze,
        ),
        SubCommand(
            "prompts",
            "The prompt bank.",
            (
                Option(
                    "tag", max_length=40, help="only prompts with this theme", autocomplete="theme"
                ),
                _PHASE,
                Option(
                    "language",
                    OptionType.CHOICE,
                    choices=LANGUAGES,
                    help="only prompts in this language",
                    aliases=LANGUAGE_ALIASES,
                ),
                Option("all", OptionType.BOOL, help="yes to list retired prompts too"),
                _PAGE,
            ),
            role=Role.FACILITATOR,
            handler=bank.prompts,
            refusal="Only facilitators can manage the prompt bank.",
        ),
        SubCommand(
            "add-prompt",
            "Add a prompt to the bank.",
            (
                Option(
                    "text",
                    required=True,
                    positional=True,
                    rest=True,
                    max_length=500,
                    metavar='"the prompt"',
                ),
                Option(
                    "phase",
                    OptionType.CHOICE,
                    choices=PHASES,
                    help="its lesson-study phase",
                    aliases=PHASE_ALIASES,
                ),
                Option(
                    "tag",
                    OptionType.LIST,
                    help="equity themes, e.g. voice,entry-points",
                    autocomplete="theme",
                ),
                Option(
                    "language",
                    OptionType.CHOICE,
                    choices=LANGUAGES,
                    help="the language it is written in (default: yours)",
                    aliases=LANGUAGE_ALIASES,
                ),
                Option(
                    "pair",
                    OptionType.ID,
                    help="the prompt it says in another language, e.g. 3",
                    autocomplete="prompt",
                ),
            ),
            role=Role.FACILITATOR,
            handler=bank.add_prompt,
            details=(
                "A prompt is written in one language: yours unless you give language:en or "
                "language:es. With pair:<id> it is the same question as another prompt in a "
                "second language; a schedule naming either sends each person the one in their "
                "language."
            ),
            refusal="Only facilitators can manage the prompt bank.",
        ),
        SubCommand(
            "retire",
            "Stop sending a prompt; answers to it are kept.",
            (
                Option(
                    "prompt",
                    OptionType.ID,
                    required=True,
                    positional=True,
                    metavar="<id>",
                    autocomplete="prompt",
                ),
            ),
            role=Role.FACILITATOR,
            handler=bank.retire,
            refusal="Only facilitators can manage the prompt bank.",
        ),
        SubCommand(
            "restore",
            "Send a retired prompt again.",
            (
                Option(
                    "prompt",
                    OptionType.ID,
                    required=True,
                    positional=True,
                    metavar="<id>",
                    autocomplete="retired-prompt",
                ),
            ),
            role=Role.FACILITATOR,
            handler=bank.restore,
            refusal="Only facilitators can manage the prompt bank.",
        ),
        SubCommand(
            "schedule",
            "Send prompts by direct message on a schedule, at each person's own local time.",
            (
                Option(
                    "to",
                    OptionType.TARGET,
                    required=True,
                    max_length=200,
                    help="#channel, @person, team:<cycle> or everyone",
                    autocomplete="target",
                ),
                Option(
                    "when",
                    OptionType.RECURRENCE,
                    required=True,
                    max_length=200,
                    metavar='"<recurrence>"',
                    help='e.g. "every monday 8:00", "tomorrow 8am", "cron 0 8 * * 1"',
                ),
                _PROMPT,
                Option(
                    "pool",
                    max_length=40,
                    help="a theme or phase to rotate through",
                    autocomplete="pool",
                ),
                Option(
                    "school-days",
                    OptionType.BOOL,
                    help="yes: on a non-school day wait for the next (default for teams, everyone)",
                ),
            ),
            role=Role.FACILITATOR,
            handler=scheduled.schedule,
            refusal="Only facilitators can schedule reflection prompts.",
        ),
        SubCommand(
            "schedules",
            "Scheduled reflection prompts.",
            role=Role.FACILITATOR,
            handler=scheduled.schedules,
            refusal="Only facilitators can schedule reflection prompts.",
        ),
        SubCommand(
            "unschedule",
            "Cancel a scheduled reflection prompt.",
            (
                Option(
                    "id",
                    OptionType.ID,
                    required=True,
                    positional=True,
                    metavar="<id>",
                    autocomplete="reflect-schedule",
                ),
            ),
            role=Role.FACILITATOR,
            handler=scheduled.unschedule,
            refusal="Only facilitators can schedule reflection prompts.",
        ),
        SubCommand(
            "stats",
            "Counts by week: prompts sent, answered, skipped. Never what anyone wrote.",
            (Option("since", max_length=20, help="a date (2026-09-01) or a duration (30d)"),),
            role=Role.FACILITATOR,
            handler=stats.stats,
            refusal="Only facilitators can see reflection stats.",
        ),
    ),
    delivery_kinds=(scheduled.DELIVERY,),
    personal_data=(
        PersonalData(lambda n: ngettext("{n} reflection", "{n} reflections", n), _count, _delete),
    ),
    seed_demo=seed_demo,
    home=(home.HOME,),
    lookups=LOOKUPS,
    report_sections=(figures.SECTION,),
)
