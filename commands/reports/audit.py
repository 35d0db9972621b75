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
from bot.kernel.i18n import N_, _, date_text, ngettext
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply
from bot.kernel.roles import Role
from bot.reporting.model import Cell, Export, ExportScope
from storage.audit import AuditEntry, entries
from storage.community import Member
from storage.members import members_by_ids

DEFAULT_SINCE = timedelta(days=90)
SHOWN = 50
REFUSAL = "Only admins can read the audit log."  # declared as the sub-command's refusal


def _name(members: dict[int, Member], member_id: int | None) -> str:
    member = members.get(member_id) if member_id is not None else None
    return member.display_name if member is not None else _("a former member")


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
        # The action and the kind are the log's own words (approve, case), as the export has them.
        title = _(
            "{when} {who} {action} {kind} #{id}",
            when=when,
            who=_name(people, row.actor_id),
            action=row.action,
            kind=row.target_kind,
            id=row.target_id,
        )
        pieces = []
        if row.subject_id:
            pieces.append(_("by {name}", name=_name(people, row.subject_id)))
        if row.note:
            pieces.append(_("note: {note}", note=row.note))
        items.append(Item(title=title, detail=" · ".join(pieces)))
    blocks: list[Block] = [
        Header(_("Audit log")),
        Paragraph(
            ngettext(
                "{n} moderation action since {since}.",
                "{n} moderation actions since {since}.",
                len(rows),
                since=date_text(since.astimezone(zone), "month_day_year"),
            )
        ),
        ItemList(tuple(items), empty_text=_("No approvals, returns or takedowns in this period.")),
    ]
    if len(rows) > SHOWN:
        blocks.append(
            Note(_("Showing the newest {n}; /praxis export audit has them all.", n=SHOWN))
        )
    else:
        blocks.append(Note(_("A spreadsheet: /praxis export audit")))
    return Reply(blocks)


HEADER = (
    N_("at"),
    N_("actor"),
    N_("action"),
    N_("target_kind"),
    N_("target_id"),
    N_("subject"),
    N_("note"),
)


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
    notes=(N_("Names people and ids, never the text that was taken down."),),
    role=Role.ADMIN,
    translate_header=True,
)
