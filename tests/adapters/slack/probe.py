"""A test-only command family with every reply shape the adapter must carry.

Forms, buttons, slow work, published replies with hostile text: each shape is
proven here against a small family, through the same dispatcher, without
depending on what a real family happens to say.
"""

from __future__ import annotations

import asyncio

from bot.dispatch.context import Context
from bot.grammar.spec import Args, Family, Option, OptionType, SubCommand
from bot.kernel.errors import UserError
from bot.kernel.reply import (
    Button,
    Buttons,
    Fields,
    Form,
    FormField,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)

HOSTILE = "Ping <!channel> & <@U0OTHER> <!here> @everyone <https://evil.example|click>"


async def notes(ctx: Context) -> list[str]:
    return list((ctx.community.settings or {}).get("notes", []))


async def form(ctx: Context, args: Args) -> Reply:
    return Reply(
        [Paragraph("Fill in the form.")],
        form=Form(
            title="Share a note",
            command="/probe note kind:idea",
            fields=(
                FormField("title", "Title", max_length=80),
                FormField("body", "What happened", multiline=True, required=False),
            ),
        ),
    )


async def note(ctx: Context, args: Args) -> Reply:
    body = args.get("body", "")
    if "student" in body.lower():
        raise UserError(
            "What happened names a student; describe them without their name.", option="body"
        )
    if len(args["title"]) < 3:
        raise UserError("The title is too short; give it three letters or more.", option="title")
    saved = [*await notes(ctx), f"{args['kind']}:{args['title']}:{body}"]
    ctx.community.settings = {**(ctx.community.settings or {}), "notes": saved}
    return Reply.text(f"Saved note #{len(saved)}.", tone=Tone.SUCCESS)


async def pages(ctx: Context, args: Args) -> Reply:
    page = args.get("page", 1)
    items = tuple(
        Item(f"Resource {n}", f"detail {n}", ref=f"#{n}") for n in range(page * 3 - 2, page * 3 + 1)
    )
    return Reply(
        [
            Header(f"Page {page}"),
            ItemList(items),
            Note(f"Page {page} of 3"),
            Buttons(
                (
                    Button("Next", f"/probe pages page:{page + 1}", pager=True),
                    Button("Save #1", "/probe note title:saved"),
                )
            ),
        ]
    )


async def slow(ctx: Context, args: Args) -> Reply:
    await asyncio.sleep(float(args.get("seconds", 0.5)))
    return Reply.text("Done after a while.")


async def publish(ctx: Context, args: Args) -> Reply:
    return Reply(
        [Paragraph(HOSTILE), Fields((("Said", args.get("text", HOSTILE)),))], private=False
    )


async def fail(ctx: Context, args: Args) -> Reply:
    """A mistake that quotes what was typed back at length (as a parse error can)."""
    await asyncio.sleep(0)
    raise UserError(f"That did not work: {args['text']}")


async def count(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"{len(await notes(ctx))} notes")


PROBE = Family(
    name="probe",
    help="Test-only shapes: forms, buttons, slow work, published text.",
    subcommands=(
        SubCommand("form", "Open a form.", handler=form),
        SubCommand(
            "note",
            "Save a note.",
            (
                Option("title", required=True),
                Option("body", max_length=3000),
                Option("kind", OptionType.CHOICE, choices=("idea", "question")),
            ),
            handler=note,
        ),
        SubCommand(
            "pages",
            "A paged list.",
            (Option("page", OptionType.INTEGER, min_value=1),),
            handler=pages,
        ),
        SubCommand("slow", "Slow work.", (Option("seconds"),), handler=slow),
        SubCommand(
            "publish",
            "A public reply.",
            (Option("text", positional=True, rest=True),),
            handler=publish,
        ),
        SubCommand("count", "How many notes.", handler=count),
        SubCommand(
            "fail",
            "A long mistake.",
            (Option("text", positional=True, rest=True, max_length=4000),),
            handler=fail,
        ),
    ),
)
