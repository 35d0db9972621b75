"""The message catalogs kept in step with the code: `praxis catalog check|update`.

The catalogs' message ids come from two places: every `_`, `ngettext`, `pgettext` and
`N_` call in the source (read with Babel's extractor), and every text a command family
declares as data (help, details, refusals, titles, labels), read from the registry the
bot serves. Discord's localised command names are contextual entries (`command name`).

`check` fails on a missing entry, a stale one (no longer in the code), an empty or
fuzzy translation, a placeholder that differs from the English one, or one text
translated twice. `update` adds what is missing, empty for a translator to fill, to
the area's file (`bot/locale/es/<area>.po`), and with `--prune` drops what is stale.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.grammar.spec import Family
from bot.kernel.i18n import LOCALE_DIR, TRANSLATED
from bot.kernel.language import Language

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("bot", "commands", "adapters", "storage")
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}
# Fields of a family's declarations that hold a text people read.
TEXT_FIELDS = frozenset({"help", "details", "refusal", "title", "empty", "label"})
COMMAND_NAME = "command name"  # the context of Discord's localised command names

# Which file of a language's folder a text goes in, by where it first appears.
AREAS: tuple[tuple[str, str], ...] = (
    ("commands/resource", "resource"),
    ("commands/case", "case"),
    ("commands/cycle", "cycle"),
    ("commands/reflect", "reflect"),
    ("commands/nudge", "reflect"),
    ("commands/reports", "reports"),
    ("commands/", "praxis"),
    ("bot/reporting", "reporting"),
    ("bot/root", "root"),
    ("bot/time", "time"),
    ("bot/grammar", "grammar"),
    ("bot/lookup", "grammar"),
    ("bot/scheduling", "scheduling"),
    ("bot/text", "text"),
    ("adapters/discord", "discord"),
    ("adapters/slack", "slack"),
    ("adapters/", "adapters"),
    ("", "core"),
)
# Areas whose Spanish is still being written (issue 19): what they lack is listed by
# `praxis catalog check` but does not fail it, and the suite's watch lets it pass. Every
# other area must be complete; stale entries, placeholder mismatches and duplicates fail
# everywhere.
INCOMPLETE_AREAS: frozenset[str] = frozenset()

FAMILY_AREAS = {
    "resource": "resource",
    "case": "case",
    "cycle": "cycle",
    "reflect": "reflect",
    "nudge": "reflect",
}


@dataclass(frozen=True)
class Key:
    """One message: its id (the English singular), and its context if it has one."""

    msgid: str
    context: str | None = None
    plural: str | None = None

    def shown(self) -> str:
        return f"[{self.context}] {self.msgid}" if self.context else self.msgid


@dataclass
class Source:
    keys: dict[tuple[str, str | None], Key] = field(default_factory=dict)
    where: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def add(self, key: Key, where: str) -> None:
        ident = (key.msgid, key.context)
        if ident not in self.keys or (key.plural and not self.keys[ident].plural):
            self.keys[ident] = key
        self.where.setdefault(ident, where)


def area_of(where: str) -> str:
    for prefix, area in AREAS:
        if where.startswith(prefix):
            return area
    return "core"


def _area(key: Key, where: str) -> str:
    """Discord's localised command names are one file of their own (one translator's)."""
    return "commands" if key.context == COMMAND_NAME else area_of(where)


def source_messages(families: Iterable[Family]) -> Source:
    source = Source()
    for folder in SOURCE_DIRS:
        found = extract_from_dir(
            ROOT / folder,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=(),
            strip_comment_tags=True,
        )
        for filename, _lineno, message, _comments, context in found:
            where = f"{folder}/{filename}"
            if isinstance(message, tuple):
                if message[0]:
                    source.add(Key(message[0], context, message[1] or None), where)
            elif message:
                source.add(Key(message, context), where)
    for family in families:
        where = f"commands/{FAMILY_AREAS.get(family.name, 'praxis')}"
        for text in declared_texts(family):
            source.add(Key(text), where)
        for name in command_names(family):
            source.add(Key(name, COMMAND_NAME), where)
    return source


def declared_texts(value: object) -> Iterator[str]:
    """Every text in a family's declarations (walking its dataclasses and tuples)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            inner = getattr(value, item.name)
            if isinstance(inner, str):
                if item.name in TEXT_FIELDS and inner.strip():
                    yield inner
            else:
                yield from declared_texts(inner)
    elif isinstance(value, (tuple, list)):
        for inner in value:
            yield from declared_texts(inner)


def command_names(family: Family) -> Iterator[str]:
    """The names Discord shows: the family, its sub-commands and their options."""
    yield family.name
    for sub in family.subcommands:
        yield sub.name
        for option in sub.options:
            yield option.name


@dataclass(frozen=True)
class Entry:
    key: Key
    strings: tuple[str, ...]
    fuzzy: bool
    file: str


def po_messages(language: Language) -> list[Entry]:
    entries: list[Entry] = []
    for path in sorted((LOCALE_DIR / language.value).glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=language.value)
        for message in po:
            if not message.id:
                continue
            if isinstance(message.id, (list, tuple)):
                key = Key(message.id[0], message.context, message.id[1])
                strings = tuple(message.string or ())
            else:
                key = Key(message.id, message.context)
                strings = (str(message.string or ""),)
            entries.append(Entry(key, strings, message.fuzzy, path.name))
    return entries


_FIELD = string.Formatter()


def placeholders(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in _FIELD.parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def problems(
    families: Iterable[Family],
    languages: Iterable[Language] = TRANSLATED,
    *,
    pending: list[str] | None = None,
    source: Source | None = None,
) -> list[str]:
    """Everything wrong with the catalogs, one line each (empty when all is well).

    What an area of INCOMPLETE_AREAS lacks goes to `pending` instead, when given;
    `source` is the code's messages when the caller has read them already."""
    source = source or source_messages(families)
    found: list[str] = []

    def lacking(line: str, area: str) -> None:
        if pending is not None and area in INCOMPLETE_AREAS:
            pending.append(line)
        else:
            found.append(line)

    for language in languages:
        seen: dict[tuple[str, str | None], str] = {}
        for entry in po_messages(language):
            ident = (entry.key.msgid, entry.key.context)
            label = f"{language.value}/{entry.file}: {entry.key.shown()!r}"
            if ident in seen:
                found.append(f"{label}: also in {seen[ident]}")
                continue
            seen[ident] = entry.file
            if ident not in source.keys:
                found.append(f"{label}: stale (no longer in the code)")
                continue
            if entry.fuzzy or not all(entry.strings):
                lacking(f"{label}: not translated", entry.file.removesuffix(".po"))
                continue
            expected = placeholders(entry.key.msgid)
            if entry.key.plural:
                expected |= placeholders(entry.key.plural)
            for text in entry.strings:
                if entry.key.plural:
                    ok = placeholders(text) <= expected | {"n"}
                else:
                    ok = placeholders(text) == expected
                if not ok:
                    found.append(
                        f"{label}: placeholders {sorted(placeholders(text))} "
                        f"differ from {sorted(expected)}"
                    )
            source_key = source.keys[ident]
            if bool(source_key.plural) != bool(entry.key.plural):
                found.append(f"{label}: plural forms differ from the code's")
        for ident, key in source.keys.items():
            if ident not in seen:
                area = _area(key, source.where[ident])
                lacking(
                    f"{language.value}: missing {key.shown()!r} "
                    f"(from {source.where[ident]}; goes in {area}.po)",
                    area,
                )
    return found


def area_of_message(families: Iterable[Family]) -> dict[str, str]:
    """Each message id (`context\x04id` for contextual ones) to the area it belongs in."""
    source = source_messages(families)
    return {
        (f"{key.context}\x04{key.msgid}" if key.context else key.msgid): _area(
            key, source.where[ident]
        )
        for ident, key in source.keys.items()
    }


def update(
    families: Iterable[Family], *, prune: bool = False, source: Source | None = None
) -> list[str]:
    """Add missing entries (untranslated) to each area's file; drop stale ones if asked."""
    source = source or source_messages(families)
    changed: list[str] = []
    for language in TRANSLATED:
        folder = LOCALE_DIR / language.value
        folder.mkdir(parents=True, exist_ok=True)
        books: dict[str, PoCatalog] = {}
        for path in sorted(folder.glob("*.po")):
            with path.open("rb") as handle:
                books[path.stem] = read_po(handle, locale=language.value)
        known = {
            (m.id[0] if isinstance(m.id, (list, tuple)) else m.id, m.context)
            for book in books.values()
            for m in book
            if m.id
        }
        touched: set[str] = set()
        for ident, key in source.keys.items():
            if ident in known:
                continue
            area = _area(key, source.where[ident])
            book = books.setdefault(area, _new_book(language))
            msgid: str | tuple[str, str] = (key.msgid, key.plural) if key.plural else key.msgid
            empty: str | tuple[str, str] = ("", "") if key.plural else ""
            book.add(msgid, empty, context=key.context)
            touched.add(area)
        if prune:
            for area, book in books.items():
                for message in list(book):
                    if not message.id:
                        continue
                    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                    if (msgid, message.context) not in source.keys:
                        book.delete(message.id, context=message.context)
                        touched.add(area)
        for area in sorted(touched):
            path = folder / f"{area}.po"
            with path.open("wb") as handle:
                write_po(handle, books[area], no_location=True, omit_header=False, width=100)
            changed.append(str(path.relative_to(ROOT)))
    return changed


def _new_book(language: Language) -> PoCatalog:
    return PoCatalog(
        locale=language.value,
        project="Praxis",
        msgid_bugs_address="",
        copyright_holder="Praxis",
        fuzzy=False,
    )
