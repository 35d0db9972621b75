"""`/praxis audit [since:]` and `/praxis export audit`: the moderation log, for admins.

Who approved, returned, unpublished, withdrew, hid, restored or removed what,
and when, with the moderator's note. The log names people and ids, never the
text that was taken down, so reading it repeats no student's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply
from bot.kernel.roles import Role
from bot.reporting.model import Cell, Export, ExportScope
from storage.audit import AuditEntry, entries
from storage.community import Member
from storage.members import members_by_ids

DEFAULT_SINCE = timedelta(days=90)
SHOWN = 50
REFUSAL = "Only admins can read the audit log."


def _name(members: dict[int, Member], member_id: int | None) -> str:
    if member_id is None:
        return "a former member"
    member = members.get(member_id)
    return member.display_name if member is not None else "a former member"


async def _people(
    session: AsyncSession, community_id: int, rows: list[AuditEntry]
) -> dict[int, Member]:
    ids = {i for row in rows for i in (row.actor_id, row.subject_id) if i is not None}
    return await members_by_ids(session, community_id, list(ids))


async def audit(ctx: Context, args: Args) -> Reply:
    length: timedelta = args.get("since", DEFAULT_SINCE)
    since = ctx.now - length
    rows = await entries(ctx.session, ctx.community.id, since=since)
    people = await _people(ctx.session, ctx.community.id, rows)
    zone = ctx.community_zone()
    items = []
    for row in rows[:SHOWN]:
        when = f"{row.at.astimezone(zone):%Y-%m-%d %H:%M}"
        who = _name(people, row.actor_id)
        title = f"{when} {who} {row.action} {row.target_kind} #{row.target_id}"
        detail = f"by {_name(people, row.subject_id)}" if row.subject_id else ""
        if row.note:
            detail += (" · " if detail else "") + f"note: {row.note}"
        items.append(Item(title=title, detail=detail))
    blocks: list[Block] = [
        Header("Audit log"),
        Paragraph(f"{len(rows)} moderation action(s) since {since.astimezone(zone):%b %-d, %Y}."),
        ItemList(tuple(items), empty_text="No approvals, returns or takedowns in this period."),
    ]
    if len(rows) > SHOWN:
        blocks.append(Note(f"Showing the newest {SHOWN}; /praxis export audit has them all."))
    else:
        blocks.append(Note("A spreadsheet: /praxis export audit"))
    return Reply(blocks)


HEADER = ("at", "actor", "action", "target_kind", "target_id", "subject", "note")


async def rows(scope: ExportScope) -> Sequence[Sequence[Cell]]:
    found = await entries(scope.session, scope.community.id, since=scope.since, limit=100_000)
    people = await _people(scope.session, scope.community.id, found)
    return [
        (
            row.at,
            _name(people, row.actor_id),
            row.action,
            row.target_kind,
            row.target_id,
            _name(people, row.subject_id) if row.subject_id else "",
            row.note or "",
        )
        for row in found
    ]


EXPORT = Export(
    "audit",
    "the moderation log: approvals, returns, unpublishes, withdrawals, hides, removals",
    HEADER,
    rows,
    notes=("Names people and ids, never the text that was taken down.",),
    role=Role.ADMIN,
)
