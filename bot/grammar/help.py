"""Help, generated from the command declarations.

The overview of every command is paged: a page holds whole families up to
`PAGE_ITEMS` sub-commands, so each page fits every platform's limits (Slack's 50
blocks a message among them) without anything cut, and Next and Previous buttons
go between pages. `tests/bot/test_help_fits.py` renders every page with each adapter.
"""

from __future__ import annotations

from bot.grammar.registry import Registry
from bot.grammar.spec import Family, SubCommand
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _, ngettext, pgettext
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
)

INTRO = N_(
    "Praxis keeps this community's practice together: a library of tasks and rubrics, "
    "lesson-study cycles, reflection prompts and cases of practice."
)


PAGE_ITEMS = 24  # sub-commands on one page of the overview
OVERVIEW_COMMAND = "/praxis help"


def pages(registry: Registry) -> list[list[Family]]:
    """Families grouped onto pages in registry order; a family is never split."""
    grouped: list[list[Family]] = [[]]
    count = 0
    for family in registry:
        size = len(family.subcommands)
        if grouped[-1] and count + size > PAGE_ITEMS:
            grouped.append([])
            count = 0
        grouped[-1].append(family)
        count += size
    return grouped


def overview(registry: Registry, page: int = 1) -> Reply:
    """What the bot does, then every command's usage, family by family, a page at a time."""
    grouped = pages(registry)
    if not 1 <= page <= len(grouped):
        raise UserError(
            ngettext(
                "Help has {n} page; ask for page 1.",
                "Help has {n} pages; ask for page 1 to {n}.",
                len(grouped),
            )
        )
    if len(grouped) > 1:
        title = _("Praxis help ({page} of {pages})", page=page, pages=len(grouped))
    else:
        title = _("Praxis help")
    blocks: list[Block] = [Header(title)]
    if page == 1:
        blocks.append(Paragraph(_(INTRO)))
    for family in grouped[page - 1]:
        blocks.append(
            ItemList(
                tuple(
                    Item(title=family.usage(sub), detail=_sub_line(sub))
                    for sub in family.subcommands
                )
            )
        )
    umbrella = next((f for f in registry if f.umbrella), None)
    if page == 1 and umbrella is not None:
        blocks.append(
            Note(
                _(
                    "Every command also works after /{umbrella}, "
                    "e.g. /{umbrella} resource search fractions.",
                    umbrella=umbrella.name,
                )
            )
        )
    blocks.append(
        Note(_("Type /<command> help <sub-command> for details, e.g. /resource help share."))
    )
    buttons = []
    if page > 1:
        buttons.append(
            Button(pgettext("button", "Previous"), f"{OVERVIEW_COMMAND} page:{page - 1}")
        )
    if page < len(grouped):
        buttons.append(
            Button(pgettext("button", "Next page"), f"{OVERVIEW_COMMAND} page:{page + 1}")
        )
    if buttons:
        blocks.append(Buttons(tuple(buttons)))
    return Reply(blocks)


def family_help(family: Family) -> Reply:
    items = tuple(
        Item(title=family.usage(sub), detail=_sub_line(sub)) for sub in family.subcommands
    )
    blocks: list[Block] = [
        Header(f"/{family.name}"),
        Paragraph(declared(family.help)),
        ItemList(items),
    ]
    if family.details:
        blocks.append(Note(declared(family.details)))
    blocks.append(Note(_("Type /{family} help <sub-command> for details.", family=family.name)))
    return Reply(blocks)


def sub_help(family: Family, sub: SubCommand) -> Reply:
    # A usage can be longer than a header may be (Slack: 150 characters): it is a paragraph.
    blocks: list[Block] = [
        Header(f"/{family.name} {sub.name}"),
        Paragraph(family.usage(sub)),
        Paragraph(declared(sub.help)),
    ]
    if sub.details:
        blocks.append(Paragraph(declared(sub.details)))
    described = [(option.usage(), declared(option.help)) for option in sub.options if option.help]
    if described:
        blocks.append(Fields(tuple(described)))
    if sub.role.rank > 0:
        blocks.append(Note(sub.role.audience()))
    return Reply(blocks)


def declared(text: str) -> str:
    """A text a family declared (help, details), in the reader's language; `praxis catalog`
    reads the declarations, so the catalog has them without a marker."""
    return _(text) if text.strip() else text


def _sub_line(sub: SubCommand) -> str:
    if sub.role.rank > 0:
        return _("{help} ({who})", help=declared(sub.help), who=sub.role.plural)
    return declared(sub.help)
