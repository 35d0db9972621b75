"""/cycle calendar: a cycle's phases and research lesson as an .ics file (RFC 5545).

People import it into their own calendar apps. Each phase is one event with a stable UID
(a second export updates the same events rather than adding copies): a whole day, or an
hour from the phase's time in the community's zone, written with its VTIMEZONE so every
app shows it at the right local time. A phase that was not held is exported cancelled.
"""

from __future__ import annotations

import re

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.i18n import _
from bot.kernel.reply import Attachment, Note, Paragraph, Reply
from commands.cycle.lookup import find_cycle, phase_days
from commands.cycle.phases import GUIDES, PHASES
from storage.cycles import NOT_HELD

MIME = "text/calendar"
LESSON_MINUTES = {"teach": 60, "reflect": 60}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "cycle"


async def calendar_file(ctx: Context, args: Args) -> Reply:
    from bot.time.ics import PlannedEvent, write_calendar  # icalendar loads when used

    cycle = await find_cycle(ctx, args["cycle"])
    rows = await phase_days(ctx, cycle)
    if not rows:
        return Reply.text(
            _(
                "Cycle #{id} {name} has no dates yet: set the lesson with "
                "/cycle schedule #{id} teach <date>.",
                id=cycle.id,
                name=cycle.name,
            )
        )
    community = ctx.community
    events = []
    for phase in PHASES:
        row = rows.get(phase)
        if row is None:
            continue
        guide = GUIDES[phase]
        if row.outcome == NOT_HELD:
            title = _("{phase}: {name} (not held)", phase=_(guide.title), name=cycle.name)
        else:
            title = _("{phase}: {name}", phase=_(guide.title), name=cycle.name)
        if cycle.channel_name:
            about = _(
                "Lesson-study cycle #{id} in #{channel}: {theme}",
                id=cycle.id,
                channel=cycle.channel_name,
                theme=cycle.theme,
            )
        else:
            about = _("Lesson-study cycle #{id}: {theme}", id=cycle.id, theme=cycle.theme)
        events.append(
            PlannedEvent(
                uid=f"praxis-{community.platform}-{community.external_id}-cycle-{cycle.id}-"
                f"{phase}@praxis",
                title=title,
                description="\n".join(
                    (_(guide.purpose), _("Bring: {what}", what=_(guide.bring)), about)
                ),
                day=row.day,
                at=row.at,
                minutes=LESSON_MINUTES.get(phase, 60),
                cancelled=row.outcome == NOT_HELD,
            )
        )
    data = write_calendar(
        _("Lesson study: {name}", name=cycle.name), events, zone=community.timezone, stamp=ctx.now
    )
    filename = f"cycle-{cycle.id}-{_slug(cycle.name)}.ics"
    return Reply(
        [
            Paragraph(
                _(
                    "The phases of cycle #{id} {name} as a calendar file: open it to add them "
                    "to your own calendar.",
                    id=cycle.id,
                    name=cycle.name,
                )
            ),
            Attachment(filename, data, MIME),
            Note(_("Exporting again later updates the same events instead of adding copies.")),
        ]
    )
