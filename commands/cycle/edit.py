"""/cycle edit: a cycle's name, theme, grade band, standards, equity focus and lesson segments.

Grade, standards and focus are what the published report is filed under in the
library (see `labels`); segments are the research lesson's own parts, which
observers name in their notes (launch, explore, discuss, summary by default).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import NP_, Words, _
from bot.kernel.reply import Block, Paragraph, Reply, Tone
from commands.cycle.labels import apply_labels, describe
from commands.cycle.lesson import clean_segments, segments_of
from commands.cycle.lookup import find_cycle, require_open
from commands.cycle.start import check_name
from storage.cycles import cycle_by_name, cycle_name_key
from storage.lesson_study import study_for

EDITABLE = ("name", "theme", "grade", "standard", "focus", "segments")
THEME_LIMIT = 1000


async def edit(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    given = args.given(EDITABLE)
    if not given:
        raise UserError(
            _('Say what to change, e.g. /cycle edit #1 grade:3-5 focus:identity or theme:"...".')
        )
    changed: list[str] = []
    if "name" in args:
        name = check_name(args["name"])
        other = await cycle_by_name(ctx.session, ctx.community.id, name)
        if other is not None and other.id != cycle.id:
            raise UserError(
                _("This community already has a cycle named “{name}”.", name=other.name)
            )
        cycle.name, cycle.name_key = name, cycle_name_key(name)
        changed.append("name")
    if "theme" in args:
        theme = " ".join(args["theme"].split())
        if not theme or len(theme) > THEME_LIMIT:
            raise UserError(_("theme: is 1 to {n} characters.", n=THEME_LIMIT))
        cycle.theme = theme
        changed.append("theme")
    changed += apply_labels(cycle, args, ctx.community.settings)
    study = None
    if "segments" in args:
        study = await study_for(ctx.session, cycle)
        study.segments = clean_segments(args["segments"])
        changed.append("lesson segments")
    try:
        async with ctx.session.begin_nested():
            await ctx.session.flush()
    except IntegrityError:
        raise UserError(_("Another cycle took that name a moment ago; pick another.")) from None
    blocks: list[Block] = [
        Paragraph(
            _(
                "{person} changed the {fields} of cycle #{id} {name}.",
                person=ctx.member.display_name,
                fields=", ".join(_field(key) for key in changed),
                id=cycle.id,
                name=cycle.name,
            )
        )
    ]
    filed = describe(cycle)
    if filed and set(changed) & {"grade", "standards", "equity focus"}:
        blocks.append(Paragraph(_("Its report will be filed under: {labels}.", labels=filed)))
    if study is not None:
        blocks.append(
            Paragraph(_("Lesson segments: {segments}.", segments=", ".join(segments_of(study))))
        )
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


# What changed, as the reader calls it (the keys stay English).
_FIELDS = Words(
    {
        "name": NP_("cycle field", "name"),
        "theme": NP_("cycle field", "theme"),
        "grade": NP_("cycle field", "grade"),
        "standards": NP_("cycle field", "standards"),
        "equity focus": NP_("cycle field", "equity focus"),
        "lesson segments": NP_("cycle field", "lesson segments"),
    }
)


def _field(key: str) -> str:
    return _FIELDS[key]
