"""A cycle and the resource library: attach a library resource; share a lesson plan to it.

    /cycle artifact #1 resource #12                     attaches library resource #12
    /cycle artifact #1 lesson-plan <url or text> share:yes [title:"..."]
                                                        adds the plan and shares it, at once

A shared plan is filed under the cycle's grade band, standards and equity
focus, like its end-of-cycle report. The library is another family's; we reach
it through storage (`storage.resources`), never through its commands, and only when
this app serves it (`report.library_served`).
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.values import parse_id
from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import _
from bot.kernel.reply import Paragraph, Reply, Tone
from bot.text.normalize import normalize_url
from commands.cycle import labels
from commands.cycle.report import library_served
from storage import resources as library
from storage.cycles import Cycle, CycleArtifact, cycle_artifacts

TITLE_LIMIT = 200


def _require_library(ctx: Context) -> None:
    if not library_served(ctx.services.registry):
        raise UserError(_("The resource library isn't available here."))


async def attach_resource(ctx: Context, cycle: Cycle, content: str) -> Reply:
    resource_id = parse_id(content.split()[0] if content.split() else content, _("a resource id"))
    _require_library(ctx)
    resource = await library.get_resource(ctx.session, ctx.community.id, resource_id)
    if resource is None:
        raise NotFound(_("There is no resource #{id} in this community's library.", id=resource_id))
    for row in await cycle_artifacts(ctx.session, cycle):
        if row.kind == "resource" and row.resource_id == resource.id:
            return Reply.text(
                _(
                    "Resource #{resource} is already attached to cycle #{id}.",
                    resource=resource.id,
                    id=cycle.id,
                )
            )
    row = CycleArtifact(
        community_id=ctx.community.id,
        cycle_id=cycle.id,
        kind="resource",
        url=resource.url,
        body=_(
            "{title} (library #{id}, {type})",
            title=resource.title,
            id=resource.id,
            type=resource.type,
        ),
        resource_id=resource.id,
        added_by=ctx.member.id,
        created_at=ctx.now,
    )
    ctx.session.add(row)
    await ctx.session.flush()
    return Reply(
        [
            Paragraph(
                _(
                    "Attached library resource #{resource} “{title}” to cycle #{id} {name} as "
                    "artifact #{artifact}.",
                    resource=resource.id,
                    title=resource.title,
                    id=cycle.id,
                    name=cycle.name,
                    artifact=row.id,
                )
            )
        ],
        tone=Tone.SUCCESS,
    )


async def share_plan(ctx: Context, cycle: Cycle, row: CycleArtifact, title: str | None) -> str:
    """Publish a lesson-plan artifact to the library; the sentence that says so."""
    _require_library(ctx)
    title = " ".join((title or _("Lesson plan: {name}", name=cycle.name)).split())[:TITLE_LIMIT]
    if row.url:
        existing = await library.find_by_url(ctx.session, ctx.community.id, normalize_url(row.url))
        if existing is not None:
            row.resource_id = existing.id
            return _(
                "That link is already in the library as #{id}; the artifact now points to it.",
                id=existing.id,
            )
    resource = await library.publish_resource(
        ctx.session,
        ctx.community.id,
        title=title,
        type="lesson",
        description=_(
            "Research lesson plan of a lesson-study cycle. Theme: {theme}", theme=cycle.theme
        )[:1000],
        body=row.body or "",
        url=row.url,
        grade=cycle.grade,
        standards=labels.split(cycle.standards),
        focus=labels.split(cycle.focus),
        tags=("lesson-study", "lesson-plan"),
        shared_by=ctx.member.id,
        origin="cycle-plan",
        origin_id=row.id,
        now=ctx.now,
    )
    row.resource_id = resource.id
    return _(
        "Shared it to the resource library as #{id} “{title}”.",
        id=resource.id,
        title=resource.title,
    )
