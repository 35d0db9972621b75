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
from bot.kernel.i18n import N_, _, ngettext
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

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when it is one of ours; a community's own
        words as they wrote them."""
        return _(self.title) if self.title in _OURS else self.title

    @property
    def shown_prompt(self) -> str:
        return _(self.prompt) if self.prompt in _OURS else self.prompt

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
    N_("The teacher reflects"),
    10,
    N_(
        "The teacher who taught speaks first: what did you hope students would learn, what "
        "happened, and what surprised you? Everyone else listens; no questions yet."
    ),
)
_EVIDENCE = Step(
    EVIDENCE,
    N_("Observers share evidence"),
    20,
    N_(
        "Observers share what students said, did and wrote, one focus student at a time, with the "
        "lesson minute from your notes. Evidence, not judgements of the teacher."
    ),
)
_THEME = Step(
    THEME,
    N_("The research theme"),
    15,
    N_(
        "What does today's evidence tell us about our research theme? Where did students' "
        "thinking move, and what in the lesson made that happen?"
    ),
)
_OTHER = Step(
    OTHER,
    N_("The knowledgeable other's comments"),
    10,
    N_(
        "The knowledgeable other speaks last: connecting what we saw to the mathematics, to "
        "research and to the theme, and what the team might take further."
    ),
)
_NEXT = Step(
    NEXT,
    N_("Next steps"),
    5,
    N_("What will we revise, try next or carry into the next cycle, and who does what by when?"),
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
# The texts of our own steps (stored in English, shown in the reader's language).
_OURS = frozenset(
    text
    for step in (_TEACHER, _EVIDENCE, _THEME, _OTHER, _NEXT)
    for text in (step.title, step.prompt)
)


def check_order(steps: tuple[Step, ...]) -> None:
    """Lesson study's order: teacher first, evidence before the theme, the knowledgeable
    other after both, next steps last; the three required steps exactly once."""
    kinds = [s.kind for s in steps]
    for kind in REQUIRED:
        if kinds.count(kind) != 1:
            raise UserError(_("The protocol needs exactly one “{kind}” step.", kind=kind))
    for kind in (THEME, NEXT):
        if kinds.count(kind) > 1:
            raise UserError(_("The protocol has at most one “{kind}” step.", kind=kind))
    if kinds.count(CUSTOM) > MAX_CUSTOM:
        raise UserError(_("A protocol has at most {n} steps of the community's own.", n=MAX_CUSTOM))
    if kinds[0] != TEACHER:
        raise UserError(_("The teacher who taught always speaks first."))
    other = kinds.index(OTHER)
    if kinds.index(EVIDENCE) > other or (THEME in kinds and kinds.index(THEME) > other):
        raise UserError(_("The knowledgeable other speaks after the evidence and the theme."))
    if THEME in kinds and kinds.index(THEME) < kinds.index(EVIDENCE):
        raise UserError(_("The theme is discussed after the evidence is shared."))
    if NEXT in kinds and kinds.index(NEXT) != len(kinds) - 1:
        raise UserError(_("Next steps close the discussion."))
    total = sum(s.minutes for s in steps)
    if total > MAX_TOTAL:
        raise UserError(
            _(
                "The steps add up to {n} minutes; keep it under {limit}.",
                n=total,
                limit=MAX_TOTAL,
            )
        )


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
    raise UserError(
        _(
            "The protocol has steps 1 to {n}; “{text}” is none.",
            n=len(steps),
            text=text.strip()[:20],
        )
    )


def _check_text(name: str, value: str, limit: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise UserError(_("{name}: can't be empty.", name=name))
    if len(value) > limit:
        raise UserError(_("{name}: is at most {limit} characters.", name=name, limit=limit))
    return value


async def protocol(ctx: Context, args: Args) -> Reply:
    """Show the community's protocol; facilitators choose a preset or edit a step."""
    steps = community_protocol(ctx.community.settings)
    changing = args.given(("use", "step", "add", "remove", "minutes", "prompt", "title"))
    if not changing:
        return Reply(describe(steps, _("The post-lesson discussion protocol here")))
    ctx.require(Role.FACILITATOR, _("Only facilitators can change the discussion protocol."))
    if "use" in args:
        steps = PRESETS[args["use"]]
        said = _("Now using the {preset} protocol.", preset=args["use"])
    elif "remove" in args:
        index = _step_number(args["remove"], steps)
        if steps[index].kind in REQUIRED:
            raise UserError(
                _(
                    "“{title}” is part of every lesson-study discussion; "
                    "retime or reword it instead.",
                    title=steps[index].shown_title,
                )
            )
        said = _("Removed step {n}, {title}.", n=index + 1, title=steps[index].shown_title)
        steps = steps[:index] + steps[index + 1 :]
    elif "add" in args:
        title = _check_text("add", args["add"], TITLE_LIMIT)
        prompt = _check_text("prompt", args.get("prompt") or title, PROMPT_LIMIT)
        new = Step(CUSTOM, title, int(args.get("minutes") or 5), prompt)
        at = [s.kind for s in steps].index(OTHER)
        steps = (*steps[:at], new, *steps[at:])
        said = _(
            "Added “{title}” as step {n}, before the knowledgeable other's comments.",
            title=title,
            n=at + 1,
        )
    else:
        if "step" not in args:
            raise UserError(_("Say which step to change, e.g. /cycle protocol 2 minutes:15."))
        index = _step_number(args["step"], steps)
        step = steps[index]
        if "minutes" in args:
            step = replace(step, minutes=int(args["minutes"]))
        if "prompt" in args:
            step = replace(step, prompt=_check_text("prompt", args["prompt"], PROMPT_LIMIT))
        if "title" in args:
            step = replace(step, title=_check_text("title", args["title"], TITLE_LIMIT))
        steps = (*steps[:index], step, *steps[index + 1 :])
        said = _("Changed step {n}, {title}.", n=index + 1, title=step.shown_title)
    _save(ctx, steps)
    blocks: list[Block] = [Paragraph(said), *describe(steps, _("The protocol now"))]
    return Reply(blocks, tone=Tone.SUCCESS)


def describe(steps: tuple[Step, ...], title: str) -> list[Block]:
    items = tuple(
        Item(
            title=_("{n}. {title} ({minutes} min)", n=i, title=s.shown_title, minutes=s.minutes),
            detail=s.shown_prompt,
        )
        for i, s in enumerate(steps, 1)
    )
    return [
        Header(
            ngettext(
                "{title}: {n} minute", "{title}: {n} minutes", total_minutes(steps), title=title
            )
        ),
        ItemList(items),
        Note(
            _(
                "Facilitators: /cycle protocol use:short, /cycle protocol 2 minutes:15 "
                'prompt:"...", /cycle protocol add:"Student work" minutes:10, /cycle protocol '
                "remove:5. A discussion keeps the protocol it started with."
            )
        ),
    ]
