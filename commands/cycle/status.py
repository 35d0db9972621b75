"""/cycle status and /cycle artifact: where a cycle stands, and what the team adds to it."""

from __future__ import annotations

import re

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_url
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _, pgettext
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Header,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from bot.text.deidentify import Finding, describe_findings
from commands.cycle import library
from commands.cycle.lookup import find_cycle, require_open, require_team
from commands.cycle.reminders import cycle_schedules
from commands.cycle.render import full_status, summary_item
from commands.cycle.texts import artifact_name, rich_text
from commands.cycle.views import load_view
from storage.cycles import Cycle, CycleArtifact, cycles_in_channel, held_artifact, open_cycles

DEIDENTIFY_REMINDER = N_(
    "Student work must be de-identified: no names, initials, ID numbers or faces; "
    "use pseudonyms like Student A."
)
TEAM_ONLY = N_(
    "Text artifacts are read by the cycle's team and facilitators only, and never go into a "
    "shared report. Notes describe what students said and did, never who they are."
)
_LINK = re.compile(r"^<?https?://\S+>?$", re.IGNORECASE)


async def status(ctx: Context, args: Args) -> Reply:
    if "cycle" in args:
        cycle = await find_cycle(ctx, args["cycle"])
        return Reply([*full_status(await load_view(ctx, cycle)), *await _next_reminder(ctx, cycle)])
    cycles = []
    header = _("Lesson-study cycles in this channel")
    if ctx.address.channel is not None:
        cycles = await cycles_in_channel(ctx.session, ctx.community.id, ctx.address.channel)
    if not cycles:
        cycles = await open_cycles(ctx.session, ctx.community.id)
        header = _("Lesson-study cycles in this community")
    if not cycles:
        return Reply(
            [
                Paragraph(_("No lesson-study cycles yet.")),
                Note(_('Facilitators start one with /cycle start name:"..." theme:"...".')),
            ]
        )
    views = [await load_view(ctx, cycle) for cycle in cycles]
    if len(views) == 1:
        return Reply([*full_status(views[0]), *await _next_reminder(ctx, cycles[0])])
    return Reply(
        [
            Header(header),
            ItemList(tuple(summary_item(view) for view in views)),
            Note(_("/cycle status <cycle> shows one in full.")),
        ]
    )


async def _next_reminder(ctx: Context, cycle: Cycle) -> list[Note]:
    """The cycle's next scheduled reminder, in the reader's zone, and where to see them all."""
    due = [
        s.due_at or s.next_run_at
        for s in await cycle_schedules(ctx, cycle)
        if s.status == "active" and (s.due_at or s.next_run_at)
    ]
    if not due:
        return []
    return [
        Note(
            rich_text(
                _("Next reminder: {when}. All of them: /cycle reminders #{id}"),
                when=ctx.moment(min(d for d in due if d is not None)),
                id=str(cycle.id),
            )
        )
    ]


async def artifact(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    await require_team(ctx, cycle, _("add artifacts"))
    if "kind" not in args or "content" not in args:
        if args.get("confirm") and "content" not in args:
            return await _confirm_held(ctx, cycle)
        raise UserError(
            _('Say what to add: /cycle artifact {id} observation "..." (or a link).', id=cycle.id)
        )
    kind: str = args["kind"]
    content: str = args["content"].strip()
    if kind == "resource":
        return await library.attach_resource(ctx, cycle, content)
    if args.get("share") and kind != "lesson-plan":
        raise UserError(
            _(
                "share:yes shares a lesson plan to the library; this is a {kind}.",
                kind=artifact_name(kind),
            )
        )
    url: str | None = None
    body: str | None = None
    findings: list[Finding] = []
    if _LINK.match(content):
        url = parse_url(content)
    else:
        body = content
        findings = ctx.identifying_details(content)
    held = await held_artifact(ctx.session, cycle, ctx.member.id)
    keys = sorted({_key(f) for f in findings})
    hold = bool(findings) and not (
        args.get("confirm") and held is not None and set(keys) <= set(held.held_findings or [])
    )
    # Sending the held text again, still flagged or with confirm:yes, replaces the held one.
    again = hold or bool(args.get("confirm"))
    row = held if held is not None and body is not None and held.kind == kind and again else None
    if row is None:
        row = CycleArtifact(
            community_id=ctx.community.id,
            cycle_id=cycle.id,
            kind=kind,
            added_by=ctx.member.id,
            created_at=ctx.now,
        )
        ctx.session.add(row)
    row.kind, row.url, row.body = kind, url, body
    row.created_at = ctx.now
    row.held_findings = keys if hold else None
    await ctx.session.flush()
    if hold:
        return _held_reply(cycle, row, findings)
    shared = None
    if args.get("share"):
        shared = await library.share_plan(ctx, cycle, row, args.get("title"))
    return _saved_reply(cycle, row, shared)


def _key(finding: Finding) -> str:
    return f"{finding.kind}|{' '.join(finding.excerpt.split()).lower()}"


def _held_reply(cycle: Cycle, row: CycleArtifact, findings: list[Finding]) -> Reply:
    confirm = f"/cycle artifact {cycle.id} confirm:yes"
    this_text = _("This text")  # built first: the extractor skips nested calls
    return Reply(
        [
            Paragraph(
                _(
                    "Kept as held artifact #{id}: only you can see it until you confirm or "
                    "edit it. {findings}",
                    id=row.id,
                    findings=describe_findings(findings, this_text),
                )
            ),
            Note(_("Edit it and add it again, or keep it as it is: {command}", command=confirm)),
            Buttons(
                (Button(pgettext("button", "They're fine: keep it"), confirm, ButtonStyle.PRIMARY),)
            ),
        ],
        tone=Tone.WARNING,
    )


async def _confirm_held(ctx: Context, cycle: Cycle) -> Reply:
    row = await held_artifact(ctx.session, cycle, ctx.member.id)
    if row is None:
        raise UserError(_("You have no held artifact on cycle #{id}.", id=cycle.id))
    findings = ctx.identifying_details(row.body or "")
    keys = {_key(f) for f in findings}
    if not keys <= set(row.held_findings or []):
        row.held_findings = sorted(keys)
        return _held_reply(cycle, row, findings)
    row.held_findings = None
    return _saved_reply(cycle, row)


def _saved_reply(cycle: Cycle, row: CycleArtifact, shared: str | None = None) -> Reply:
    """What the author reads once the artifact is saved; `shared` says where it went."""
    blocks: list[Block] = [
        Paragraph(
            _(
                "Saved the {kind} to cycle #{id} {name} as artifact #{artifact}.",
                kind=artifact_name(row.kind),
                id=cycle.id,
                name=cycle.name,
                artifact=row.id,
            )
        )
    ]
    if shared:
        blocks.append(Paragraph(shared))
    if row.kind == "student-work":
        blocks.append(Note(_(DEIDENTIFY_REMINDER)))
    elif row.url is None:
        blocks.append(Note(_(TEAM_ONLY)))
    return Reply(blocks, tone=Tone.SUCCESS)
