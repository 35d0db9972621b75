"""/cycle: lesson-study cycles, planned back from the research lesson, nudged phase by phase.

The family is split by job: `planning` (school days and defaults), `timeline`
(done, current, next), `start` and `manage` (facilitators' commands),
`status` (reading a cycle and adding artifacts), `nudges` (the scheduling
engine), `report` (the end-of-cycle report and the resource library).
"""

from __future__ import annotations

from bot.grammar.spec import Family, Option, OptionType, SubCommand
from bot.kernel.roles import Role
from commands.cycle import figures, ics_export, manage, reminders, start, status
from commands.cycle.deliver import DELIVERY_KINDS, TARGET_KINDS
from commands.cycle.demo import seed_demo
from commands.cycle.lookups import LOOKUPS
from commands.cycle.phases import ARTIFACT_KINDS, PHASES, ROLES


def _cycle(help_text: str = "the cycle's #id or its name (quote a name with spaces)") -> Option:
    return Option(
        "cycle",
        required=True,
        positional=True,
        max_length=120,
        autocomplete="cycle",
        help=help_text,
    )


DETAILS = (
    "Planning backwards: with lesson-date:, the research lesson (teach) is that day; study "
    "starts 15 school days before it, plan 5 school days before, and reflect (the "
    "post-lesson discussion) 1 school day after. School days are those of every district on "
    "the team (/praxis calendar; /cycle common-days lists them): weekends, breaks and "
    "closures are skipped, and a lesson on a non-school day or in a testing window gets a "
    "warning with a better day. Revise and reteach are added when you schedule them. "
    "Facilitators change these for the community with /cycle defaults. Reminders go to "
    "the cycle's channel 2 school days before each phase "
    "and on its morning at 08:00, saying what the phase is for and what to bring; after the "
    "research lesson each observer is asked by direct message for their notes. Managing a "
    "cycle (start, schedule, role, pause, resume, close) is for facilitators; adding "
    "artifacts is for its team."
)

FAMILY = Family(
    name="cycle",
    help="Lesson-study cycles: study, plan, teach, reflect, planned back from the lesson date.",
    details=DETAILS,
    default="status",
    subcommands=(
        SubCommand(
            "start",
            "Start a lesson-study cycle in this channel; with a lesson date, plan it backwards.",
            (
                Option("name", required=True, max_length=120, help="unique in this community"),
                Option("theme", required=True, max_length=1000, help="the research theme"),
                Option(
                    "lesson-date",
                    OptionType.DATE,
                    metavar="YYYY-MM-DD",
                    help="the research lesson's day; the other phases are planned from it",
                ),
                Option(
                    "team", OptionType.LIST, metavar="@a,@b", help="the team; observers at first"
                ),
            ),
            role=Role.FACILITATOR,
            handler=start.start,
            refusal="Only facilitators can start a cycle.",
            details=DETAILS,
        ),
        SubCommand(
            "schedule",
            "Set or move one phase; shift:yes moves the later phases along.",
            (
                _cycle(),
                Option("phase", OptionType.CHOICE, required=True, positional=True, choices=PHASES),
                Option(
                    "date",
                    required=True,
                    positional=True,
                    max_length=20,
                    metavar="YYYY-MM-DD",
                    help="the day; none removes an optional phase (revise, reteach)",
                ),
                Option("time", OptionType.TIME, positional=True, metavar="HH:MM"),
                Option("shift", OptionType.BOOL, help="yes: move the later phases as much"),
            ),
            role=Role.FACILITATOR,
            handler=manage.schedule,
            refusal="Only facilitators can schedule or move a cycle's phases.",
        ),
        SubCommand(
            "status",
            "Phases and dates, what is next, roles and artifacts.",
            (
                Option(
                    "cycle",
                    positional=True,
                    max_length=120,
                    autocomplete="cycle",
                    help="without one: this channel's cycles, else all active ones",
                ),
            ),
            handler=status.status,
        ),
        SubCommand(
            "role",
            "Give someone a role on the team, or remove them from it.",
            (
                _cycle(),
                Option("user", OptionType.USER, required=True, positional=True, metavar="@user"),
                Option(
                    "role",
                    OptionType.CHOICE,
                    required=True,
                    positional=True,
                    choices=(*ROLES, "remove"),
                ),
            ),
            role=Role.FACILITATOR,
            handler=manage.role,
            refusal="Only facilitators can change a cycle's team.",
        ),
        SubCommand(
            "artifact",
            "Add a research theme, lesson plan, observation notes, student work or report.",
            (
                _cycle(),
                Option(
                    "kind",
                    OptionType.CHOICE,
                    required=True,
                    positional=True,
                    choices=ARTIFACT_KINDS,
                ),
                Option(
                    "content",
                    required=True,
                    positional=True,
                    rest=True,
                    max_length=8000,
                    metavar="url or text",
                ),
                Option("checked", OptionType.BOOL, help="yes: saved though it may name a student"),
            ),
            handler=status.artifact,
            details=(
                "A link or a text. Student work must be de-identified; text is checked for "
                "details that could identify a student before it is saved."
            ),
        ),
        SubCommand(
            "pause",
            "Pause a cycle; with until:, the remaining phases move past that day.",
            (_cycle(), Option("until", OptionType.DATE, metavar="YYYY-MM-DD")),
            role=Role.FACILITATOR,
            handler=manage.pause,
            refusal="Only facilitators can pause a cycle.",
        ),
        SubCommand(
            "resume",
            "Resume a paused cycle; its phases keep their place in the school calendar.",
            (_cycle(),),
            role=Role.FACILITATOR,
            handler=manage.resume,
            refusal="Only facilitators can resume a cycle.",
        ),
        SubCommand(
            "close",
            "Close a cycle with its report; share:yes publishes it to the resource library.",
            (
                _cycle(),
                Option("share", OptionType.BOOL, help="yes: publish the report to the library"),
                Option("learned", max_length=4000, help="what the team learned, for the report"),
            ),
            role=Role.FACILITATOR,
            handler=manage.close,
            refusal="Only facilitators can close a cycle.",
        ),
        SubCommand(
            "reminders",
            "A cycle's reminders and prompts, when each goes out; move or cancel one.",
            (
                _cycle(),
                Option(
                    "action",
                    OptionType.CHOICE,
                    positional=True,
                    choices=("list", "move", "cancel"),
                ),
                Option(
                    "id",
                    OptionType.ID,
                    positional=True,
                    autocomplete="cycle-reminder",
                    help="move, cancel: which one",
                ),
                Option("date", OptionType.DATE, positional=True, metavar="YYYY-MM-DD", help="move"),
                Option("time", OptionType.TIME, positional=True, metavar="HH:MM", help="move"),
                Option(
                    "kind",
                    OptionType.CHOICE,
                    choices=("reminder", "prompt"),
                    help="prompt: the reflection prompt with that number (ids are per kind)",
                ),
            ),
            handler=reminders.reminders,
            details=(
                "Lists everything the cycle has scheduled, with times in your own zone. "
                "Facilitators move one (move <id> <date> [time]) or cancel one (cancel <id>); "
                "only that one changes."
            ),
        ),
        SubCommand(
            "common-days",
            "The next school days every district on the team shares.",
            (
                _cycle(),
                Option("count", OptionType.INTEGER, min_value=1, max_value=60, help="how many"),
                Option("from", OptionType.DATE, metavar="YYYY-MM-DD", help="from this day"),
            ),
            handler=reminders.common_days,
            details=(
                "A day counts when it is a school day in the calendar of every district "
                "named in the team's profiles (/praxis calendar); testing windows are flagged."
            ),
        ),
        SubCommand(
            "calendar",
            "The cycle's phases and research lesson as an .ics file for your own calendar.",
            (_cycle(),),
            handler=ics_export.calendar_file,
        ),
        SubCommand(
            "defaults",
            "Show the planning defaults, or change them for this community.",
            (
                Option("study", metavar="<school days before>"),
                Option("plan", metavar="<school days before>"),
                Option("reflect", metavar="<school days after>"),
                Option("revise", metavar="<school days after>|off"),
                Option("reteach", metavar="<school days after>|off"),
                Option("lead", metavar="<school days>", help="how early the first nudge goes"),
                Option("morning", OptionType.TIME, metavar="HH:MM", help="when nudges go out"),
            ),
            handler=start.defaults,
        ),
    ),
    seed_demo=seed_demo,
    lookups=LOOKUPS,
    delivery_kinds=DELIVERY_KINDS,
    target_kinds=TARGET_KINDS,
    report_sections=(figures.SECTION,),
    exports=(figures.EXPORT,),
)
