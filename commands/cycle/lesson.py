"""The research lesson as the other lesson-study commands see it: who leads, its clock, its parts.

Who may do what: the team (and the community's facilitators) write and read
notes; the teacher and facilitators (of the community, or named so on the
cycle) set the focus students and read the "still expected" summary.

The lesson's clock: notes are stamped with the minute of the lesson, counted
from the teach phase's day and time. A teach phase with no time (or no teach
phase) starts the clock with the lesson's first note, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.kernel.errors import Refusal, UserError
from bot.kernel.i18n import _
from bot.kernel.roles import Role
from bot.text.normalize import fold
from bot.text.suggest import did_you_mean
from storage.cycles import Cycle, cycle_phases, team_member
from storage.lesson_study import CycleStudy

DEFAULT_SEGMENTS = ("launch", "explore", "discuss", "summary")
MAX_SEGMENTS = 8
SEGMENT_LENGTH = 40
EARLY_GRACE = timedelta(minutes=10)  # a note a little before the start counts as minute 0
LESSON_WINDOW = timedelta(hours=4)  # later than this, the observer says which minute
MAX_MINUTE = 300
LEADS = ("teacher", "facilitator")


async def team_role(ctx: Context, cycle: Cycle) -> str | None:
    row = await team_member(ctx.session, cycle, ctx.member.id)
    return row.role if row is not None else None


async def require_team(ctx: Context, cycle: Cycle, what: str) -> str | None:
    """The asker's role on the team (None for a facilitator who is not on it); else a refusal."""
    role = await team_role(ctx, cycle)
    if role is None and not ctx.role.at_least(Role.FACILITATOR):
        raise Refusal(_("Only the cycle's team and facilitators can {what}.", what=what))
    return role


async def leads(ctx: Context, cycle: Cycle) -> bool:
    """The teacher, or a facilitator (of the community, or on this cycle)."""
    if ctx.role.at_least(Role.FACILITATOR):
        return True
    return await team_role(ctx, cycle) in LEADS


async def require_lead(ctx: Context, cycle: Cycle, what: str) -> None:
    if not await leads(ctx, cycle):
        raise Refusal(_("Only the cycle's teacher and facilitators can {what}.", what=what))


def segments_of(study: CycleStudy | None) -> tuple[str, ...]:
    if study is not None and study.segments:
        return tuple(study.segments)
    return DEFAULT_SEGMENTS


def clean_segments(values: tuple[str, ...]) -> list[str] | None:
    """A lesson's own segments, e.g. `launch,think-pair-share,summary`; `default` resets."""
    if len(values) == 1 and values[0].strip().lower() in ("default", "none", "reset"):
        return None
    out: list[str] = []
    for raw in values:
        word = "-".join(fold(raw).split())
        if not word or len(word) > SEGMENT_LENGTH:
            raise UserError(
                _("A segment is a short name (at most {n} characters).", n=SEGMENT_LENGTH)
            )
        if word not in out:
            out.append(word)
    if not out or len(out) > MAX_SEGMENTS:
        raise UserError(
            _("Give the lesson 1 to {n} segments, e.g. launch,explore.", n=MAX_SEGMENTS)
        )
    return out


def match_segment(text: str, segments: tuple[str, ...]) -> str:
    """The segment `text` names: exactly, or by the start of one name only."""
    word = "-".join(fold(text).split())
    if word in segments:
        return word
    starting = [s for s in segments if s.startswith(word)]
    if word and len(starting) == 1:
        return starting[0]
    hint = did_you_mean(word, segments)
    raise UserError(
        _(
            "“{text}” is not a segment of this lesson.{hint} Segments: {segments}.",
            text=text.strip()[:40],
            hint=hint,
            segments=", ".join(segments),
        )
    )


@dataclass(frozen=True)
class LessonClock:
    """When the lesson starts (aware UTC), and whether that came from the teach phase."""

    start: datetime | None
    from_plan: bool
    day: date | None = None  # the teach phase's day, when it is scheduled


async def lesson_clock(
    session: AsyncSession, cycle: Cycle, zone: ZoneInfo, study: CycleStudy | None
) -> LessonClock:
    teach = next((r for r in await cycle_phases(session, cycle) if r.phase == "teach"), None)
    if teach is not None and teach.at:
        hour, minute = (int(part) for part in teach.at.split(":"))
        local = datetime.combine(teach.day, time(hour, minute), tzinfo=zone)
        return LessonClock(local.astimezone(ZoneInfo("UTC")), True, teach.day)
    start = study.clock_start if study is not None else None
    return LessonClock(start, False, teach.day if teach is not None else None)


def minute_at(start: datetime, when: datetime) -> int:
    return max(0, int((when - start).total_seconds() // 60))
