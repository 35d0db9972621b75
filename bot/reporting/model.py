"""The reporting API: what a family contributes to `/praxis report`, exports and the digest.

The report does not reach into every family's tables. Each family declares, on
its `Family`, the `ReportSection`s it computes and the `Export`s it offers;
`/praxis report` and `/praxis export` collect them from the registry. So a new
family grows the report by declaring a section, and a family's tables stay its
own business.

A section computes its figures for a period and the period before, in a
session scoped to one community (`ReportScope`); an export yields rows for one
community (`ExportScope`). Neither ever sees another community's records.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.i18n import _
from bot.kernel.reply import Item
from bot.kernel.roles import Role
from storage.community import Community

SMALL_NUMBER = 5


def fewer() -> str:
    """ "fewer than 5", in the reader's language."""
    return _("fewer than {n}", n=SMALL_NUMBER)


def small_number(count: int) -> str:
    """The small-number rule: a count of answers below five is shown as "fewer than 5".

    A facilitator reading "1 answered" in a small team can tell who answered;
    below five, the count is not shown at all.
    """
    return fewer() if count < SMALL_NUMBER else str(count)


@dataclass(frozen=True)
class Period:
    """A span of time (start, end], aware UTC.

    Open at the start and closed at the end, so a period ending now includes
    what happened a moment ago, and a period and the one before never share a moment.
    """

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def before(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - self.length, self.start)

    def contains(self, when: datetime | None) -> bool:
        return when is not None and self.start < when <= self.end

    def where(self, column: Any) -> ColumnElement[bool]:
        """The SQL condition "column falls in this period", for a section's queries."""
        return and_(column > self.start, column <= self.end)

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last UTC day this period touches."""
        return self.end.date()


@dataclass(frozen=True)
class ReportScope:
    """What a section computes over: one community, a period and the one before.

    `member_ids` is set when the report is narrowed to a team: a section counts
    only what those members did (or, for things with no author, all of it).
    """

    session: AsyncSession
    community: Community
    period: Period
    previous: Period
    now: datetime
    zone: ZoneInfo
    member_ids: frozenset[int] | None = None
    team_label: str | None = None


@dataclass(frozen=True)
class Figure:
    """One number with the period before beside it.

    `small` applies the small-number rule (counts of answers): a value is shown
    as "fewer than 5" when fewer than five people stand behind it (`people`,
    `people_before`; the count itself when they are not given), zero included,
    and no change is shown that would reveal a hidden value.
    `previous` is None when there is no meaningful "before" (e.g. a current state).
    """

    label: str
    current: int
    previous: int | None = None
    small: bool = False
    people: int | None = None
    people_before: int | None = None

    def _hidden(self, count: int, people: int | None) -> bool:
        return self.small and (count if people is None else people) < SMALL_NUMBER

    def shown(self) -> str:
        """The figure in the reader's language (called where the report is built)."""
        hide_now = self._hidden(self.current, self.people)
        text = fewer() if hide_now else str(self.current)
        if self.previous is None:
            return text
        hide_before = self._hidden(self.previous, self.people_before)
        before = fewer() if hide_before else str(self.previous)
        if hide_now or hide_before:
            return _("{now} (before: {before})", now=text, before=before)
        delta = self.current - self.previous
        if not delta:
            return _("{now} (before: {before}, no change)", now=text, before=before)
        change = f"{delta:+d}"
        return _("{now} (before: {before}, {change})", now=text, before=before, change=change)


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a district, a phase, a resource."""

    label: str
    current: int
    previous: int | None = None
    of: int | None = None  # members on record, to show reach: "3 active of 5 members"
    small: bool = False


@dataclass(frozen=True)
class Breakdown:
    """A table of rows under a title, e.g. active members by district.

    Texts are given in the reader's language (a section computes inside the request);
    `counted` says what a count is in agreement with it ("1 compartido", "3 compartidos"),
    so it is a function of the count; left out, a count reads "now", and an empty
    `empty_text` "Nothing to show.".
    """

    title: str
    rows: tuple[Row, ...]
    counted: Callable[[int], str] | None = None
    empty_text: str = ""


@dataclass(frozen=True)
class SectionResult:
    title: str
    figures: tuple[Figure, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    items: tuple[Item, ...] = ()  # e.g. the most used resources
    items_title: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DigestScope:
    """What a digest part is composed over: one community and the week before `now`."""

    session: AsyncSession
    community: Community
    since: datetime
    now: datetime
    zone: ZoneInfo

    @property
    def week(self) -> Period:
        """The span the digest covers: (since, now]."""
        return Period(self.since, self.now)


@dataclass(frozen=True)
class DigestPart:
    """A short part of the weekly digest: a title and a few linked items."""

    title: str
    items: tuple[Item, ...]
    order: int = 100


@dataclass(frozen=True)
class ReportSection:
    """A family's part of `/praxis report`, and optionally of the weekly digest.

    `compute` returns None when the family has nothing to report yet (the
    section is then left out rather than shown empty).
    """

    key: str
    title: str
    compute: Callable[[ReportScope], Awaitable[SectionResult | None]]
    order: int = 100
    digest: Callable[[DigestScope], Awaitable[DigestPart | None]] | None = None


@dataclass(frozen=True)
class ExportScope:
    session: AsyncSession
    community: Community
    now: datetime
    zone: ZoneInfo
    since: datetime | None = None  # None: everything


Cell = str | int | float | bool | date | datetime | None


@dataclass(frozen=True)
class Export:
    """A CSV a facilitator can download: `/praxis export <name>`.

    `rows` returns the data rows (the header is `header`). An export never
    carries private reflection text, and an anonymous case carries no author.
    `help` is a declared text (the catalog reads it); `notes` are marked `N_` and shown
    through `_`. With `translate_header`, the header's names are `N_`-marked texts
    written in the downloader's language; without it they are column names kept as they
    are (a file read back by an import, say).
    """

    name: str
    help: str
    header: tuple[str, ...]
    rows: Callable[[ExportScope], Awaitable[Iterable[Sequence[Cell]]]]
    notes: tuple[str, ...] = field(default=())
    role: Role = Role.FACILITATOR  # who may download it (the audit log: admins)
    translate_header: bool = False
