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
            f"Cycle #{cycle.id} {cycle.name} has no dates yet: set the lesson with "
            f"/cycle schedule #{cycle.id} teach <date>."
        )
    community = ctx.community
    where = f" in #{cycle.channel_name}" if cycle.channel_name else ""
    events = []
    for phase in PHASES:
        row = rows.get(phase)
        if row is None:
            continue
        guide = GUIDES[phase]
        title = f"{guide.title}: {cycle.name}"
        if row.outcome == NOT_HELD:
            title += " (not held)"
        events.append(
            PlannedEvent(
                uid=f"praxis-{community.platform}-{community.external_id}-cycle-{cycle.id}-"
                f"{phase}@praxis",
                title=title,
                description=(
                    f"{guide.purpose}\nBring: {guide.bring}\n"
                    f"Lesson-study cycle #{cycle.id}{where}: {cycle.theme}"
                ),
                day=row.day,
                at=row.at,
                minutes=LESSON_MINUTES.get(phase, 60),
                cancelled=row.outcome == NOT_HELD,
            )
        )
    data = write_calendar(
        f"Lesson study: {cycle.name}", events, zone=community.timezone, stamp=ctx.now
    )
    filename = f"cycle-{cycle.id}-{_slug(cycle.name)}.ics"
    return Reply(
        [
            Paragraph(
                f"The phases of cycle #{cycle.id} {cycle.name} as a calendar file: open it to "
                "add them to your own calendar."
            ),
            Attachment(filename, data, MIME),
            Note("Exporting again later updates the same events instead of adding copies."),
        ]
    )
