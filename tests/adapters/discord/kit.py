"""A test-only command family with what praxis lacks: a long form, long and slow replies.

It joins the real families in the app the Discord tests run, so the adapter is
proven on forms, paging, limits and deferral before those families exist.
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
)
from bot.lookup.matching import Lookup, LookupQuery, Suggestion

CASE_FIELDS = ("title", "grade", "context", "problem", "focus", "tried", "evidence")
LONG_WORDS = "a" * 130  # makes a button command longer than 100 characters


async def form(ctx: Context, args: Args) -> Reply:
    fields = tuple(
        FormField(name, name.title(), multiline=name not in ("title", "grade"), max_length=1000)
        for name in CASE_FIELDS
    )
    return Reply(form=Form("Submit a case of practice", "/kit echo kind:case", fields))


async def echo(ctx: Context, args: Args) -> Reply:
    if "Maria" in (args.get("context") or ""):
        raise UserError("Remove the student's name (Maria) from context before submitting.")
    pairs = tuple((name, args.get(name) or "—") for name in ("kind", *CASE_FIELDS))
    return Reply([Paragraph("Saved your case."), Fields(pairs)])


async def page(ctx: Context, args: Args) -> Reply:
    number = args.get("page", 1)
    words = args.get("words") or ""
    return Reply(
        [
            Header(f"Results, page {number}"),
            Paragraph(f"Page {number} for {ctx.member.display_name}"),
            Buttons(
                (
                    Button("Next", f"/kit search page:{number + 1}", pager=True),
                    Button("Long", f"/kit search {LONG_WORDS} page:{number + 1}"),
                    Button("Save", f"/kit save {number} {words}".strip()),
                )
            ),
        ]
    )


async def save(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"Saved #{args['id']} for {ctx.member.display_name}.")


async def long(ctx: Context, args: Args) -> Reply:
    paragraph = " ".join(f"word{i} *bold* @everyone" for i in range(400))
    items = tuple(Item(f"Task {i}", detail="x" * 300, ref=f"#{i}") for i in range(60))
    return Reply([Header("Everything"), Paragraph(paragraph), ItemList(items), Note("the end")])


async def slow(ctx: Context, args: Args) -> Reply:
    await asyncio.sleep(1.3)
    return Reply.text("Finally done.")


async def announce(ctx: Context, args: Args) -> Reply:
    return Reply.text(f"@everyone {args['text']} <@&123456789012345678>", private=False)


async def suggest_things(query: LookupQuery) -> list[Suggestion]:
    names = ["Number talks rubric", "Fraction strips task", "Ratio tables lesson"]
    typed = query.text.lower()
    return [
        Suggestion(str(i), f"#{i} {name}")
        for i, name in enumerate(names, 1)
        if typed in name.lower()
    ]


FAMILY = Family(
    name="kit",
    help="Test kit: forms, paging, long and slow replies.",
    subcommands=(
        SubCommand("form", "A seven-field form.", handler=form),
        SubCommand(
            "echo",
            "What the form sends.",
            (Option("kind"), *(Option(name, max_length=1000) for name in CASE_FIELDS)),
            handler=echo,
        ),
        SubCommand(
            "search",
            "Pages of results.",
            (
                Option("words", positional=True, rest=True),
                Option("page", OptionType.INTEGER, min_value=1, max_value=99),
            ),
            handler=page,
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
        SubCommand("slow", "A slow reply.", handler=slow),
        SubCommand(
            "announce",
            "A public reply.",
            (Option("text", required=True, positional=True, rest=True),),
            handler=announce,
        ),
    ),
    lookups=(Lookup("thing", suggest_things),),
)
