"""The one test-only command family: reply shapes and failures no real family produces.

The Slack and Discord tests serve it beside the real families, through the same
dispatcher, so each adapter is proven on what a family could send it: a short form and
one longer than Discord's five inputs, paged results whose button commands run long,
replies too long or too slow for one answer, public text full of pings and markup, and
a handler that breaks. It lives with the fakes because it is a fake family: each
adapter's tests call its commands under their own platform's syntax.
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
from bot.lookup.matching import Lookup, LookupQuery, Suggestion

HOSTILE = "Ping <!channel> & <@U0OTHER> <!here> @everyone <https://evil.example|click>"
CASE_FIELDS = ("title", "grade", "context", "problem", "focus", "tried", "evidence")
LONG_WORDS = "a" * 130  # makes a button command longer than Discord's 100-character custom id
SLOW_SECONDS = 1.5  # longer than either adapter's budget for a direct answer (1 s in tests)
FAULT = "database exploded"  # what the breaking handler raises; never shown to anyone


# -- a short form and what it saves (notes are kept in the community's settings) -----------


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


async def mistake(ctx: Context, args: Args) -> Reply:
    """A mistake that quotes what was typed back at length (as a parse error can)."""
    await asyncio.sleep(0)
    raise UserError(f"That did not work: {args['text']}")


async def count(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"{len(await notes(ctx))} notes")


# -- a seven-field form (more than one Discord modal holds) and what it sends -------------


async def longform(ctx: Context, args: Args) -> Reply:
    fields = tuple(
        FormField(name, name.title(), multiline=name not in ("title", "grade"), max_length=1000)
        for name in CASE_FIELDS
    )
    return Reply(form=Form("Submit a case of practice", "/probe echo kind:case", fields))


async def echo(ctx: Context, args: Args) -> Reply:
    if "Maria" in (args.get("context") or ""):
        raise UserError("Remove the student's name (Maria) from context before submitting.")
    pairs = tuple((name, args.get(name) or "—") for name in ("kind", *CASE_FIELDS))
    return Reply([Paragraph("Saved your case."), Fields(pairs)])


# -- pages and their buttons ---------------------------------------------------------------


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


async def search(ctx: Context, args: Args) -> Reply:
    number = args.get("page", 1)
    words = args.get("words") or ""
    return Reply(
        [
            Header(f"Results, page {number}"),
            Paragraph(f"Page {number} for {ctx.member.display_name}"),
            Buttons(
                (
                    Button("Next", f"/probe search page:{number + 1}", pager=True),
                    Button("Long", f"/probe search {LONG_WORDS} page:{number + 1}"),
                    Button("Save", f"/probe save {number} {words}".strip()),
                )
            ),
        ]
    )


async def save(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"Saved #{args['id']} for {ctx.member.display_name}.")


async def suggest_things(query: LookupQuery) -> list[Suggestion]:
    names = ["Number talks rubric", "Fraction strips task", "Ratio tables lesson"]
    typed = query.text.lower()
    return [
        Suggestion(str(i), f"#{i} {name}")
        for i, name in enumerate(names, 1)
        if typed in name.lower()
    ]


# -- long, slow, public and broken -----------------------------------------------------------


async def long(ctx: Context, args: Args) -> Reply:
    paragraph = " ".join(f"word{i} *bold* @everyone" for i in range(400))
    items = tuple(Item(f"Task {i}", detail="x" * 300, ref=f"#{i}") for i in range(60))
    return Reply([Header("Everything"), Paragraph(paragraph), ItemList(items), Note("the end")])


async def slow(ctx: Context, args: Args) -> Reply:
    # The slow work itself: whatever the machine's load, the answer comes later than the
    # adapter's budget, so the adapter must acknowledge first and follow up.
    await asyncio.sleep(float(args.get("seconds") or SLOW_SECONDS))
    return Reply.text("Done after a while.")


async def publish(ctx: Context, args: Args) -> Reply:
    return Reply(
        [Paragraph(HOSTILE), Fields((("Said", args.get("text", HOSTILE)),))], private=False
    )


async def announce(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"@everyone {args['text']} <@&123456789012345678>", private=False)


async def fail(ctx: Context, args: Args) -> Reply:
    raise RuntimeError(FAULT)


PROBE = Family(
    name="probe",
    help="Test-only shapes: forms, pages, long, slow, public and broken replies.",
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
        SubCommand("count", "How many notes.", handler=count),
        SubCommand(
            "mistake",
            "A long mistake.",
            (Option("text", positional=True, rest=True, max_length=4000),),
            handler=mistake,
        ),
        SubCommand("longform", "A seven-field form.", handler=longform),
        SubCommand(
            "echo",
            "What the seven-field form sends.",
            (Option("kind"), *(Option(name, max_length=1000) for name in CASE_FIELDS)),
            handler=echo,
        ),
        SubCommand(
            "pages",
            "A paged list.",
            (Option("page", OptionType.INTEGER, min_value=1),),
            handler=pages,
        ),
        SubCommand(
            "search",
            "Pages of results.",
            (
                Option("words", positional=True, rest=True),
                Option("page", OptionType.INTEGER, min_value=1, max_value=99),
            ),
            handler=search,
        ),
        SubCommand(
            "save",
            "Bookmark a thing.",
            (
                Option("id", OptionType.ID, required=True, positional=True, autocomplete="thing"),
                Option("words", positional=True, rest=True),
            ),
            handler=save,
        ),
        SubCommand("long", "A very long reply.", handler=long),
        SubCommand("slow", "Slow work.", (Option("seconds"),), handler=slow),
        SubCommand(
            "publish",
            "A public reply.",
            (Option("text", positional=True, rest=True),),
            handler=publish,
        ),
        SubCommand(
            "announce",
            "A public reply with pings in it.",
            (Option("text", required=True, positional=True, rest=True),),
            handler=announce,
        ),
        SubCommand("fail", "A handler that breaks.", handler=fail),
    ),
    lookups=(Lookup("thing", suggest_things),),
)
