"""The post-lesson discussion's protocol: its steps, each with a time box and a prompt.

The order is lesson study's own, and it is kept whatever a community edits:
the teacher who taught reflects first; observers share evidence from their
notes, one focus student at a time; the team discusses the research theme;
the knowledgeable other speaks last; next steps close it. A community may
retime and reword every step, drop the optional ones (theme, next steps),
and add up to three of its own before the knowledgeable other's comments; it
may not move the teacher from first or the knowledgeable other after next steps.

Facilitators choose or edit it per community (`/cycle protocol`); it is kept in
the community's settings under "debrief". A discussion copies the protocol
when it starts, so an edit never changes one under way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role

SETTINGS_KEY = "debrief"
TEACHER, EVIDENCE, THEME, OTHER, CUSTOM, NEXT = (
    "teacher",
    "evidence",
    "theme",
    "knowledgeable-other",
    "custom",
    "next-steps",
)
REQUIRED = (TEACHER, EVIDENCE, OTHER)
MAX_CUSTOM = 3
MAX_MINUTES = 90
MAX_TOTAL = 180
TITLE_LIMIT = 60
PROMPT_LIMIT = 600


@dataclass(frozen=True)
class Step:
    kind: str
    title: str
    minutes: int
    prompt: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Step:
        return cls(
            kind=str(data["kind"]),
            title=str(data["title"]),
            minutes=int(data["minutes"]),
            prompt=str(data["prompt"]),
        )


_TEACHER = Step(
    TEACHER,
    "The teacher reflects",
    10,
    "The teacher who taught speaks first: what did you hope students would learn, what "
    "happened, and what surprised you? Everyone else listens; no questions yet.",
)
_EVIDENCE = Step(
    EVIDENCE,
    "Observers share evidence",
    20,
    "Observers share what students said, did and wrote, one focus student at a time, with the "
    "lesson minute from your notes. Evidence, not judgements of the teacher.",
)
_THEME = Step(
    THEME,
    "The research theme",
    15,
    "What does today's evidence tell us about our research theme? Where did students' "
    "thinking move, and what in the lesson made that happen?",
)
_OTHER = Step(
    OTHER,
    "The knowledgeable other's comments",
    10,
    "The knowledgeable other speaks last: connecting what we saw to the mathematics, to "
    "research and to the theme, and what the team might take further.",
)
_NEXT = Step(
    NEXT,
    "Next steps",
    5,
    "What will we revise, try next or carry into the next cycle, and who does what by when?",
)
PRESETS: dict[str, tuple[Step, ...]] = {
    "standard": (_TEACHER, _EVIDENCE, _THEME, _OTHER, _NEXT),
    "short": (
        replace(_TEACHER, minutes=5),
        replace(_EVIDENCE, minutes=10),
        replace(_THEME, minutes=5),
        replace(_OTHER, minutes=5),
        replace(_NEXT, minutes=5),
    ),
}
DEFAULT = "standard"


def check_order(steps: tuple[Step, ...]) -> None:
    """Lesson study's order: teacher first, evidence before the theme, the knowledgeable
    other after both, next steps last; the three required steps exactly once."""
    kinds = [s.kind for s in steps]
    for kind in REQUIRED:
        if kinds.count(kind) != 1:
            raise UserError(f"The protocol needs exactly one “{kind}” step.")
    for kind in (THEME, NEXT):
        if kinds.count(kind) > 1:
            raise UserError(f"The protocol has at most one “{kind}” step.")
    if kinds.count(CUSTOM) > MAX_CUSTOM:
        raise UserError(f"A protocol has at most {MAX_CUSTOM} steps of the community's own.")
    if kinds[0] != TEACHER:
        raise UserError("The teacher who taught always speaks first.")
    other = kinds.index(OTHER)
    if kinds.index(EVIDENCE) > other or (THEME in kinds and kinds.index(THEME) > other):
        raise UserError("The knowledgeable other speaks after the evidence and the theme.")
    if THEME in kinds and kinds.index(THEME) < kinds.index(EVIDENCE):
        raise UserError("The theme is discussed after the evidence is shared.")
    if NEXT in kinds and kinds.index(NEXT) != len(kinds) - 1:
        raise UserError("Next steps close the discussion.")
    total = sum(s.minutes for s in steps)
    if total > MAX_TOTAL:
        raise UserError(f"The steps add up to {total} minutes; keep it under {MAX_TOTAL}.")


def community_protocol(settings: dict[str, Any] | None) -> tuple[Step, ...]:
    """The community's protocol; the standard one when it has none (or a broken one)."""
    stored = (settings or {}).get(SETTINGS_KEY) or {}
    try:
        steps = tuple(Step.from_json(item) for item in stored.get("steps") or ())
        if steps:
            check_order(steps)
            return steps
    except (KeyError, TypeError, ValueError, UserError):
        pass
    return PRESETS[DEFAULT]


def steps_from_json(data: list[dict[str, Any]] | None) -> tuple[Step, ...]:
    return tuple(Step.from_json(item) for item in data or ())


def total_minutes(steps: tuple[Step, ...]) -> int:
    return sum(step.minutes for step in steps)


def _save(ctx: Context, steps: tuple[Step, ...]) -> None:
    check_order(steps)
    settings = dict(ctx.community.settings or {})
    settings[SETTINGS_KEY] = {"steps": [step.to_json() for step in steps]}
    ctx.community.settings = settings


def _step_number(text: str, steps: tuple[Step, ...]) -> int:
    """A 1-based step number, or a step's kind ("teacher", "theme"), as an index."""
    word = text.strip().lstrip("#").lower()
    if word.isdigit() and 1 <= int(word) <= len(steps):
        return int(word) - 1
    for index, step in enumerate(steps):
        if step.kind == word and step.kind != CUSTOM:
            return index
    raise UserError(f"The protocol has steps 1 to {len(steps)}; “{text.strip()[:20]}” is none.")


def _check_text(name: str, value: str, limit: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise UserError(f"{name}: can't be empty.")
    if len(value) > limit:
        raise UserError(f"{name}: is at most {limit} characters.")
    return value


async def protocol(ctx: Context, args: Args) -> Reply:
    """Show the community's protocol; facilitators choose a preset or edit a step."""
    steps = community_protocol(ctx.community.settings)
    changing = args.given(("use", "step", "add", "remove", "minutes", "prompt", "title"))
    if not changing:
        return Reply(describe(steps, "The post-lesson discussion protocol here"))
    ctx.require(Role.FACILITATOR, "Only facilitators can change the discussion protocol.")
    if "use" in args:
        steps = PRESETS[args["use"]]
        said = f"Now using the {args['use']} protocol."
    elif "remove" in args:
        index = _step_number(args["remove"], steps)
        if steps[index].kind in REQUIRED:
            raise UserError(
                f"“{steps[index].title}” is part of every lesson-study discussion; "
                "retime or reword it instead."
            )
        said = f"Removed step {index + 1}, {steps[index].title}."
        steps = steps[:index] + steps[index + 1 :]
    elif "add" in args:
        title = _check_text("add", args["add"], TITLE_LIMIT)
        prompt = _check_text("prompt", args.get("prompt") or title, PROMPT_LIMIT)
        new = Step(CUSTOM, title, int(args.get("minutes") or 5), prompt)
        at = [s.kind for s in steps].index(OTHER)
        steps = (*steps[:at], new, *steps[at:])
        said = f"Added “{title}” as step {at + 1}, before the knowledgeable other's comments."
    else:
        if "step" not in args:
            raise UserError("Say which step to change, e.g. /cycle protocol 2 minutes:15.")
        index = _step_number(args["step"], steps)
        step = steps[index]
        if "minutes" in args:
            step = replace(step, minutes=int(args["minutes"]))
        if "prompt" in args:
            step = replace(step, prompt=_check_text("prompt", args["prompt"], PROMPT_LIMIT))
        if "title" in args:
            step = replace(step, title=_check_text("title", args["title"], TITLE_LIMIT))
        steps = (*steps[:index], step, *steps[index + 1 :])
        said = f"Changed step {index + 1}, {step.title}."
    _save(ctx, steps)
    blocks: list[Block] = [Paragraph(said), *describe(steps, "The protocol now")]
    return Reply(blocks, tone=Tone.SUCCESS)


def describe(steps: tuple[Step, ...], title: str) -> list[Block]:
    items = tuple(
        Item(title=f"{i}. {s.title} ({s.minutes} min)", detail=s.prompt)
        for i, s in enumerate(steps, 1)
    )
    return [
        Header(f"{title}: {total_minutes(steps)} minutes"),
        ItemList(items),
        Note(
            "Facilitators: /cycle protocol use:short, /cycle protocol 2 minutes:15 "
            'prompt:"...", /cycle protocol add:"Student work" minutes:10, /cycle protocol '
            "remove:5. A discussion keeps the protocol it started with."
        ),
    ]
