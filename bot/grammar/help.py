"""Help, generated from the command declarations."""

from __future__ import annotations

from bot.grammar.registry import Registry
from bot.grammar.spec import Family, SubCommand
from bot.kernel.reply import Block, Fields, Header, Item, ItemList, Note, Paragraph, Reply

INTRO = (
    "Praxis keeps this community's practice together: a library of tasks and rubrics, "
    "lesson-study cycles, reflection prompts and cases of practice."
)


def overview(registry: Registry) -> Reply:
    """What the bot does, then every command's usage, family by family."""
    blocks: list[Block] = [Header("Praxis help"), Paragraph(INTRO)]
    for family in registry:
        blocks.append(
            ItemList(
                tuple(
                    Item(title=family.usage(sub), detail=_sub_line(sub))
                    for sub in family.subcommands
                )
            )
        )
    blocks.append(
        Note("Type /<command> help <sub-command> for details, e.g. /resource help share.")
    )
    return Reply(blocks)


def family_help(family: Family) -> Reply:
    items = tuple(
        Item(title=family.usage(sub), detail=_sub_line(sub)) for sub in family.subcommands
    )
    blocks: list[Block] = [Header(f"/{family.name}"), Paragraph(family.help), ItemList(items)]
    if family.details:
        blocks.append(Note(family.details))
    blocks.append(Note(f"Type /{family.name} help <sub-command> for details."))
    return Reply(blocks)


def sub_help(family: Family, sub: SubCommand) -> Reply:
    blocks: list[Block] = [Header(family.usage(sub)), Paragraph(sub.help)]
    if sub.details:
        blocks.append(Paragraph(sub.details))
    described = [(option.usage(), option.help) for option in sub.options if option.help]
    if described:
        blocks.append(Fields(tuple(described)))
    if sub.role.rank > 0:
        blocks.append(Note(f"For {sub.role.plural}."))
    return Reply(blocks)


def _sub_line(sub: SubCommand) -> str:
    who = f" ({sub.role.plural})" if sub.role.rank > 0 else ""
    return sub.help + who
