"""/cycle status and /cycle artifact: where a cycle stands, and what the team adds to it."""

from __future__ import annotations

import re

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_url
from bot.kernel.errors import UserError
from bot.kernel.reply import Block, Header, ItemList, Note, Paragraph, Reply, Tone
from bot.text.deidentify import describe_findings, find_identifying_details
from commands.cycle import library
from commands.cycle.lookup import find_cycle, require_open, require_team
from commands.cycle.phases import ARTIFACT_LABELS
from commands.cycle.render import full_status, summary_item
from commands.cycle.views import load_view
from storage.cycles import CycleArtifact, cycles_in_channel, open_cycles

DEIDENTIFY_REMINDER = (
    "Student work must be de-identified: no names, initials, ID numbers or faces; "
    "use pseudonyms like Student A."
)
_LINK = re.compile(r"^<?https?://\S+>?$", re.IGNORECASE)


async def status(ctx: Context, args: Args) -> Reply:
    if "cycle" in args:
        cycle = await find_cycle(ctx, args["cycle"])
        return Reply(full_status(await load_view(ctx, cycle)))
    cycles = []
    where = "in this channel"
    if ctx.address.channel is not None:
        cycles = await cycles_in_channel(ctx.session, ctx.community.id, ctx.address.channel)
    if not cycles:
        cycles = await open_cycles(ctx.session, ctx.community.id)
        where = "in this community"
    if not cycles:
        return Reply(
            [
                Paragraph("No lesson-study cycles yet."),
                Note('Facilitators start one with /cycle start name:"..." theme:"...".'),
            ]
        )
    views = [await load_view(ctx, cycle) for cycle in cycles]
    if len(views) == 1:
        return Reply(full_status(views[0]))
    return Reply(
        [
            Header(f"Lesson-study cycles {where}"),
            ItemList(tuple(summary_item(view) for view in views)),
            Note("/cycle status <cycle> shows one in full."),
        ]
    )


async def artifact(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    await require_team(ctx, cycle, "add artifacts")
    kind: str = args["kind"]
    content: str = args["content"].strip()
    if kind == "resource":
        return await library.attach_resource(ctx, cycle, content)
    if args.get("share") and kind != "lesson-plan":
        raise UserError("share:yes shares a lesson plan to the library; this is a " + kind + ".")
    url: str | None = None
    body: str | None = None
    if _LINK.match(content):
        url = parse_url(content)
    else:
        body = content
        findings = find_identifying_details(content)
        if findings and not args.get("checked"):
            listed = "\n".join(describe_findings(findings).splitlines()[1:])
            raise UserError(
                "Nothing saved yet: this text may identify a student. Edit these details, "
                f"or add checked:yes if they are not students:\n{listed}"
            )
    row = CycleArtifact(
        community_id=ctx.community.id,
        cycle_id=cycle.id,
        kind=kind,
        url=url,
        body=body,
        added_by=ctx.member.id,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    label = ARTIFACT_LABELS[kind]
    blocks: list[Block] = [
        Paragraph(f"Saved the {label} to cycle #{cycle.id} {cycle.name} as artifact #{row.id}.")
    ]
    if args.get("share"):
        blocks.append(Paragraph(await library.share_plan(ctx, cycle, row, args.get("title"))))
    if kind == "student-work":
        blocks.append(Note(DEIDENTIFY_REMINDER))
    elif kind == "observation" and url is None:
        blocks.append(Note("Notes describe what students said and did, never who they are."))
    return Reply(blocks, tone=Tone.SUCCESS)
