"""/cycle: lesson-study cycles, planned back from the research lesson, nudged phase by phase.

The family is split by job: `planning` (school days and defaults), `timeline`
(done, current, next), `start` and `manage` (facilitators' commands),
`status` (reading a cycle and adding artifacts), `nudges` (the scheduling
engine), `report` (the end-of-cycle report and the resource library).
"""

from __future__ import annotations

from bot.grammar.spec import Family, Option, OptionType, SubCommand
from bot.kernel.roles import Role
from commands.cycle import (
    debrief,
    edit,
    figures,
    focus,
    home,
    ics_export,
    manage,
    note_lookup,
    observe,
    protocol,
    reminders,
    start,
    status,
)
from commands.cycle.deliver import DELIVERY_KINDS, TARGET_KINDS
from commands.cycle.demo import seed_demo
from commands.cycle.labels import label_options
from commands.cycle.lesson import MAX_MINUTE
from commands.cycle.lookups import LOOKUPS
from commands.cycle.personal import PERSONAL_DATA
from commands.cycle.phases import (
    ARTIFACT_ALIASES,
    ARTIFACT_KINDS,
    PHASE_ALIASES,
    PHASES,
    ROLE_ALIASES,
    ROLES,
)
from commands.cycle.protocol import PRESETS


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
                *label_options(),
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
                Option(
                    "phase",
                    OptionType.CHOICE,
                    required=True,
                    positional=True,
                    choices=PHASES,
                    aliases=PHASE_ALIASES,
                ),
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
                    aliases=ROLE_ALIASES,
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
                    positional=True,
                    choices=ARTIFACT_KINDS,
                    aliases=ARTIFACT_ALIASES,
                ),
                Option(
                    "content", positional=True, rest=True, max_length=8000, metavar="url or text"
                ),
                Option(
                    "confirm",
                    OptionType.BOOL,
                    help="yes: keep it as it is; the flagged details are fine",
                ),
                Option("share", OptionType.BOOL, help="yes: share a lesson plan to the library"),
                Option("title", max_length=200, help="the shared lesson plan's title"),
            ),
            handler=status.artifact,
            details=(
                "A link or a text. Student work must be de-identified; text is checked for "
                "details that could identify a student: with findings it is kept as a held "
                "artifact only you see, until /cycle artifact <cycle> confirm:yes or an edit. "
                "Text artifacts are read by the team and facilitators only, and never go "
                "into a shared report. `resource #12` attaches a library resource; a lesson "
                "plan with share:yes is also shared to the library, filed under the cycle's "
                "grade, standards and focus."
            ),
        ),
        SubCommand(
            "edit",
            "Change a cycle's name, theme, grade band, standards, equity focus or segments.",
            (
                _cycle(),
                Option("name", max_length=120, help="unique in this community"),
                Option("theme", max_length=1000, help="the research theme"),
                *label_options(clearable=True),
                Option(
                    "segments",
                    OptionType.LIST,
                    max_length=300,
                    metavar="a,b",
                    help="the lesson's own segments; default: launch,explore,discuss,summary",
                ),
            ),
            role=Role.FACILITATOR,
            handler=edit.edit,
            refusal="Only facilitators can edit a cycle.",
        ),
        SubCommand(
            "focus",
            "The focus students, by pseudonym (A, B, S1), with what to watch for each.",
            (
                _cycle(),
                Option(
                    "students",
                    positional=True,
                    rest=True,
                    max_length=1500,
                    metavar='A,B or "A: what to watch for; B: ..."',
                ),
                Option("watch", max_length=300, help="what to watch for, with one student"),
                Option(
                    "summary",
                    max_length=2000,
                    help="the team's de-identified summary of one student's notes, for the report",
                ),
                Option("checked", OptionType.BOOL, help="yes: saved though it may name a student"),
            ),
            handler=focus.focus,
            details=(
                "Pseudonyms only: one letter (A, B, C) or a short code with a number (S1, S2); "
                "names and initials are refused. The teacher and facilitators set them; the "
                "team reads them and may add a summary per student for the report."
            ),
        ),
        SubCommand(
            "observe",
            "A note during the research lesson, stamped with the lesson minute.",
            (
                _cycle(),
                Option(
                    "text",
                    positional=True,
                    rest=True,
                    max_length=2000,
                    metavar="note",
                    help="what students said, did or wrote",
                ),
                Option("student", max_length=20, help="the focus student (A, B...)"),
                Option("segment", max_length=40, help="launch, explore, discuss, summary..."),
                Option(
                    "minute",
                    OptionType.INTEGER,
                    min_value=0,
                    max_value=MAX_MINUTE,
                    help="the lesson minute, for a note written later",
                ),
                Option(
                    "note",
                    OptionType.ID,
                    autocomplete="own-note",
                    help="your note #N: edit, confirm or discard it",
                ),
                Option("confirm", OptionType.BOOL, help="yes: the flagged details are fine"),
                Option("discard", OptionType.BOOL, help="yes: drop your note"),
                Option("form", OptionType.BOOL, help="yes: a form to write the note in"),
            ),
            handler=observe.observe,
            details=(
                "Notes are for the team and facilitators only. The check for details that "
                "could identify a student runs on every note; a flagged note is held for you "
                "to edit or confirm. Without a note: the teacher and facilitators see what is "
                "still expected; observers get a form."
            ),
        ),
        SubCommand(
            "debrief",
            "The debrief packet; the post-lesson discussion step by step.",
            (
                _cycle(),
                Option(
                    "action",
                    OptionType.CHOICE,
                    positional=True,
                    choices=debrief.ACTIONS,
                    aliases=debrief.ACTION_ALIASES,
                    help="without one: where the discussion stands",
                ),
                Option(
                    "text",
                    positional=True,
                    rest=True,
                    max_length=2000,
                    metavar="what to record",
                ),
                Option(
                    "step",
                    OptionType.INTEGER,
                    min_value=1,
                    max_value=12,
                    help="the step a record belongs to",
                ),
                Option("student", max_length=20, help="the focus student a record is about"),
                Option("checked", OptionType.BOOL, help="yes: saved though it may name a student"),
            ),
            handler=debrief.debrief,
            details=(
                "packet: the merged notes by direct message to the team (message, Markdown, "
                "PDF). start: the protocol's first step in the cycle's channel; next, end. "
                'record "...": what the team concludes in the current step. The channel sees '
                "the prompts; notes and records stay with the team."
            ),
        ),
        SubCommand(
            "protocol",
            "The post-lesson discussion's steps; facilitators choose or edit them.",
            (
                Option("step", positional=True, max_length=20, metavar="step number"),
                Option("minutes", OptionType.INTEGER, min_value=1, max_value=90),
                Option("prompt", max_length=600),
                Option("title", max_length=60),
                Option("use", OptionType.CHOICE, choices=tuple(PRESETS), help="a preset"),
                Option("add", max_length=60, help="a step of your own, by its title"),
                Option("remove", max_length=20, metavar="step number"),
            ),
            handler=protocol.protocol,
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
                Option("confirm", OptionType.BOOL, help="yes: learned's flagged details are fine"),
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
                    aliases=(
                        ("lista", "list"),
                        ("listar", "list"),
                        ("mover", "move"),
                        ("cancelar", "cancel"),
                    ),
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
                    aliases=(("recordatorio", "reminder"), ("pregunta", "prompt")),
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
    personal_data=PERSONAL_DATA,
    home=(home.HOME,),
    lookups=(*LOOKUPS, *note_lookup.LOOKUPS),
    delivery_kinds=(*DELIVERY_KINDS, *debrief.DELIVERY_KINDS),
    target_kinds=TARGET_KINDS,
    report_sections=(figures.SECTION,),
    exports=(figures.EXPORT,),
)
