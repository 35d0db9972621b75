"""Taking a resource out of the library, and checking what is shared with it.

Removing or hiding anything published asks for `confirm:yes` first. When a
facilitator takes down someone else's resource, its sharer is told by direct
message (with the note), and the audit log records it. `hide` is for a
resource that needs fixing: the sharer's message carries everything they
shared (title, link, description), so they can edit it and share it again;
`remove` is for good. Either way the library copy goes at once: the row is
deleted, so no search, list, digest or export can show it.

A shared title or description is checked for student-identifying details;
with findings nothing is saved and the command is shown back whole, with
`confirm:yes` to share it as it is: nothing typed is lost.
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import Refusal
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.text.deidentify import describe_findings
from storage import resources as library
from storage.audit import AuditAction, record
from storage.members import members_by_ids
from storage.resources import Resource

BUTTON_COMMAND_MAX = 1900
CHECKED = ("title", "description")


def held_text(ctx: Context, args: Args, command: str) -> Reply | None:
    """Hold a share or an edit whose title or description may identify a student."""
    if args.get("confirm"):
        return None
    parts = {name: args[name] for name in CHECKED if name in args}
    if not parts:
        return None
    found = ctx.identifying_details_in(parts)
    findings = [f for name in parts for f in found[name]]
    if not findings:
        return None
    again = f"{command} confirm:yes"
    blocks: list[Block] = [
        Paragraph("Nothing was saved: " + describe_findings(findings, "This resource")),
        Note(f"Edit and send it again, or share it as it is: {again}"),
    ]
    if len(again) <= BUTTON_COMMAND_MAX:
        blocks.append(Buttons((Button("It's fine: share it", again, ButtonStyle.PRIMARY),)))
    return Reply(blocks, tone=Tone.WARNING)


def typed(args: Args, sub: str, names: tuple[str, ...]) -> str:
    """The command back as the person could have typed it."""
    parts = [f"/resource {sub}"]
    if "id" in args:
        parts.append(str(args["id"]))
    for name in names:
        if name not in args or name == "confirm":
            continue
        value = args[name]
        if isinstance(value, tuple | list):
            value = ",".join(str(v) for v in value)
        text = str(value).replace('"', "'")
        parts.append(f'{name}:"{text}"')
    return " ".join(parts)


async def take_down(ctx: Context, resource: Resource, args: Args, *, hide: bool) -> Reply:
    """Remove (or hide) a resource after confirm:yes; tell its sharer when it was not theirs."""
    verb = "hide" if hide else "remove"
    note = (args.get("note") or "").strip() or None
    if not args.get("confirm"):
        command = f"/resource {verb} {resource.id}" + (f' note:"{note}"' if note else "")
        what = (
            "takes it out of the library at once and sends its sharer what they shared, "
            "to fix and share again"
            if hide
            else "takes it out of the library for good"
        )
        return Reply(
            [
                Paragraph(f"#{resource.id} {resource.title} is in the library: {verb} {what}."),
                Note(f"Nothing changes until you run {command} confirm:yes"),
                Buttons(
                    (
                        Button(
                            f"{verb.capitalize()} it", f"{command} confirm:yes", ButtonStyle.DANGER
                        ),
                    )
                ),
            ],
            tone=Tone.WARNING,
        )
    theirs = resource.shared_by is not None and resource.shared_by != ctx.member.id
    if hide and not ctx.role.at_least(Role.FACILITATOR):
        raise Refusal("Only facilitators can hide a resource.")
    sharer = None
    if resource.shared_by is not None:
        sharer = (await members_by_ids(ctx.session, ctx.community.id, [resource.shared_by])).get(
            resource.shared_by
        )
    copy = (resource.title, resource.url, resource.description, resource.type)
    number = resource.id
    shared_by = resource.shared_by
    await library.remove_resource(ctx.session, resource)
    if theirs or hide:
        record(
            ctx.session,
            ctx.community.id,
            actor_id=ctx.member.id,
            action=AuditAction.HIDDEN if hide else AuditAction.REMOVED,
            target_kind="resource",
            target_id=number,
            subject_id=shared_by,
            note=note,
            now=ctx.now,
        )
    if theirs and sharer is not None:
        title, url, description, kind = copy
        told: list[Block] = [
            Paragraph(
                f"A facilitator took your resource #{number} “{title}” out of the library"
                + (" so that you can fix it." if hide else ".")
            )
        ]
        if note:
            told.append(Paragraph(f"Their note: {note}"))
        if hide:
            told.append(Paragraph(f"What you shared: {title} ({kind}) {url or ''}".rstrip()))
            if description:
                told.append(Paragraph(f"Description: {description}"))
            told.append(Note("Share it again with /resource share once it is fixed."))
        ctx.notify(ctx.member_address(sharer), Reply(told, tone=Tone.WARNING))
    done = "Hid" if hide else "Removed"
    tail = " Its sharer has been told." if theirs and sharer is not None else ""
    return Reply.text(
        f"{done} #{number} {copy[0]}: it is out of the library.{tail}", tone=Tone.SUCCESS
    )
