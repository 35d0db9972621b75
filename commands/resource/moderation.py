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
from bot.kernel.i18n import _, pgettext
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.text.deidentify import describe_findings
from commands.resource.render import type_label
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
    # Built apart: the catalog's extractor does not see a text marked inside another's call.
    described = describe_findings(findings, _("This resource"))
    blocks: list[Block] = [
        Paragraph(_("Nothing was saved: {findings}", findings=described)),
        Note(_("Edit and send it again, or share it as it is: {command}", command=again)),
    ]
    if len(again) <= BUTTON_COMMAND_MAX:
        label = pgettext("button", "It's fine: share it")
        blocks.append(Buttons((Button(label, again, ButtonStyle.PRIMARY),)))
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
        params = {"id": resource.id, "title": resource.title}
        if hide:
            text = _(
                "#{id} {title} is in the library: hide takes it out of the library at once "
                "and sends its sharer what they shared, to fix and share again.",
                **params,
            )
            label = pgettext("button", "Hide it")
        else:
            text = _(
                "#{id} {title} is in the library: remove takes it out of the library for good.",
                **params,
            )
            label = pgettext("button", "Remove it")
        return Reply(
            [
                Paragraph(text),
                Note(_("Nothing changes until you run {command} confirm:yes", command=command)),
                Buttons((Button(label, f"{command} confirm:yes", ButtonStyle.DANGER),)),
            ],
            tone=Tone.WARNING,
        )
    theirs = resource.shared_by is not None and resource.shared_by != ctx.member.id
    if hide and not ctx.role.at_least(Role.FACILITATOR):
        raise Refusal(_("Only facilitators can hide a resource."))
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
        # The reply too: it carries its reader's language for what the adapter adds.
        with ctx.speaking_to(sharer):
            told = Reply(_told(number, copy, note, hide=hide), tone=Tone.WARNING)
        ctx.notify(ctx.member_address(sharer), told)
    params = {"id": number, "title": copy[0]}
    if theirs and sharer is not None:
        if hide:
            done = _(
                "Hid #{id} {title}: it is out of the library. Its sharer has been told.", **params
            )
        else:
            done = _(
                "Removed #{id} {title}: it is out of the library. Its sharer has been told.",
                **params,
            )
    elif hide:
        done = _("Hid #{id} {title}: it is out of the library.", **params)
    else:
        done = _("Removed #{id} {title}: it is out of the library.", **params)
    return Reply.text(done, tone=Tone.SUCCESS)


def _told(
    number: int, copy: tuple[str, str | None, str, str], note: str | None, *, hide: bool
) -> list[Block]:
    """The sharer's message, in the sharer's language (built inside `ctx.speaking_to`)."""
    title, url, description, kind = copy
    params = {"id": number, "title": title}
    if hide:
        opening = _(
            "A facilitator took your resource #{id} “{title}” out of the library so that you "
            "can fix it.",
            **params,
        )
    else:
        opening = _(
            "A facilitator took your resource #{id} “{title}” out of the library.", **params
        )
    told: list[Block] = [Paragraph(opening)]
    if note:
        told.append(Paragraph(_("Their note: {note}", note=note)))
    if hide:
        shared = _(
            "What you shared: {title} ({type}) {url}",
            title=title,
            type=type_label(kind),
            url=url or "",
        )
        told.append(Paragraph(shared.rstrip()))
        if description:
            told.append(Paragraph(_("Description: {description}", description=description)))
        told.append(Note(_("Share it again with /resource share once it is fixed.")))
    return told
