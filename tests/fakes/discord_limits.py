"""What Discord refuses, written from its documentation rather than from our renderer.

`message_violations` checks a message body (a channel message, an interaction answer or
follow-up, an edit), `modal_violations` a modal, `commands_violations` the application
commands a sync sends, in every language they are localised to. FakeDiscord answers 400
(50035, Invalid Form Body) to a body that breaks one, as Discord does, and the fuzz test
checks every reply.
https://discord.com/developers/docs/resources/message, .../interactions/message-components,
.../interactions/application-commands (naming, localization, limits)
"""

from __future__ import annotations

import re
from typing import Any

Json = dict[str, Any]

CONTENT = 2000
EMBEDS = 10
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
ROWS = 5
PER_ROW = 5
CUSTOM_ID = 100
LABEL = 80
ATTACHMENTS = 10
MODAL_TITLE = 45
INPUT_LABEL = 45
INPUT_PLACEHOLDER = 100
INPUT_VALUE = 4000
# Application commands.
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")  # Discord: ^[-_\p{L}\p{N}...]{1,32}$
COMMAND_DESCRIPTION = 100
COMMAND_OPTIONS = 25
COMMAND_CHOICES = 25
CHOICE_NAME = 100
COMMAND_TOTAL = 8000  # names, descriptions and values of one command, its longest locale
COMMANDS_PER_SCOPE = 100
# The locales Discord accepts in *_localizations.
LOCALES = frozenset(
    [
        "id",
        "da",
        "de",
        "en-GB",
        "en-US",
        "es-ES",
        "es-419",
        "fr",
        "hr",
        "it",
        "lt",
        "hu",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "fi",
        "sv-SE",
        "vi",
        "tr",
        "cs",
        "el",
        "bg",
        "ru",
        "uk",
        "hi",
        "th",
        "zh-CN",
        "ja",
        "zh-TW",
        "ko",
    ]
)


def embed_size(embed: Json) -> int:
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        size += len(field.get("name") or "") + len(field.get("value") or "")
    return size


def _embed(embed: Json, where: str, out: list[str]) -> None:
    for key, limit in (("title", TITLE), ("description", DESCRIPTION)):
        if len(embed.get(key) or "") > limit:
            out.append(f"{where} {key}: over {limit}")
    if len((embed.get("footer") or {}).get("text") or "") > FOOTER:
        out.append(f"{where} footer: over {FOOTER}")
    if len((embed.get("author") or {}).get("name") or "") > AUTHOR:
        out.append(f"{where} author: over {AUTHOR}")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS:
        out.append(f"{where}: {len(fields)} fields, over {FIELDS}")
    for n, field in enumerate(fields):
        if not 0 < len(field.get("name") or "") <= FIELD_NAME:
            out.append(f"{where} field {n}: name of {len(field.get('name') or '')} characters")
        if not 0 < len(field.get("value") or "") <= FIELD_VALUE:
            out.append(f"{where} field {n}: value of {len(field.get('value') or '')} characters")


def message_violations(
    body: Json, *, files: int = 0, edit: bool = False, policy: bool = True
) -> list[str]:
    """What Discord refuses in a message body; an `edit` may leave parts out; `policy` adds
    our own rule that every send says whom it may ping (nobody)."""
    out: list[str] = []
    content = body.get("content") or ""
    if len(content) > CONTENT:
        out.append(f"content: {len(content)} characters, over {CONTENT}")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        out.append(f"{len(embeds)} embeds, over {EMBEDS}")
    for n, embed in enumerate(embeds):
        _embed(embed, f"embed {n}", out)
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL:
        out.append(f"embeds total over {EMBED_TOTAL}")
    attachments = max(files, len(body.get("attachments") or []))
    if attachments > ATTACHMENTS:
        out.append(f"{attachments} files, over {ATTACHMENTS}")
    rows = body.get("components") or []
    if not (content or embeds or attachments or rows or edit):
        out.append("an empty message")
    if len(rows) > ROWS:
        out.append(f"{len(rows)} component rows, over {ROWS}")
    ids: list[str] = []
    for r, row in enumerate(rows):
        components = row.get("components") or []
        if not 0 < len(components) <= PER_ROW:
            out.append(f"row {r}: {len(components)} components (1 to {PER_ROW})")
        for component in components:
            custom_id = component.get("custom_id")
            if custom_id is not None:
                ids.append(custom_id)
                if not 0 < len(custom_id) <= CUSTOM_ID:
                    out.append(f"row {r}: custom_id of {len(custom_id)} characters")
            if len(component.get("label") or "") > LABEL:
                out.append(f"row {r}: label over {LABEL}")
    if len(ids) != len(set(ids)):
        out.append("repeated custom_id in one message")
    mentions = body.get("allowed_mentions")
    if policy and (mentions is None or mentions.get("parse") != []):
        out.append("allowed_mentions missing or not empty: the message could ping")
    return out


def choices_violations(choices: list[Json]) -> list[str]:
    """An autocomplete answer: at most 25 choices, names 1 to 100, values up to 100."""
    out = [f"{len(choices)} choices, over 25"] if len(choices) > 25 else []
    for n, choice in enumerate(choices):
        if not 0 < len(str(choice.get("name") or "")) <= 100:
            out.append(f"choice {n}: name of {len(str(choice.get('name') or ''))} characters")
        if len(str(choice.get("value") or "")) > 100:
            out.append(f"choice {n}: value over 100")
    return out


def modal_violations(modal: Json) -> list[str]:
    out: list[str] = []
    if not 0 < len(modal.get("title") or "") <= MODAL_TITLE:
        out.append(f"title of {len(modal.get('title') or '')} characters (1 to {MODAL_TITLE})")
    if not 0 < len(modal.get("custom_id") or "") <= CUSTOM_ID:
        out.append("modal custom_id missing or too long")
    rows = modal.get("components") or []
    if not 0 < len(rows) <= ROWS:
        out.append(f"{len(rows)} rows (1 to {ROWS})")
    for r, row in enumerate(rows):
        for item in row.get("components") or []:
            if not 0 < len(item.get("custom_id") or "") <= CUSTOM_ID:
                out.append(f"input {r}: custom_id missing or too long")
            if not 0 < len(item.get("label") or "") <= INPUT_LABEL:
                out.append(f"input {r}: label of {len(item.get('label') or '')} characters")
            if len(item.get("placeholder") or "") > INPUT_PLACEHOLDER:
                out.append(f"input {r}: placeholder over {INPUT_PLACEHOLDER}")
            if len(item.get("value") or "") > INPUT_VALUE:
                out.append(f"input {r}: value over {INPUT_VALUE}")
            low, high = item.get("min_length", 0), item.get("max_length", INPUT_VALUE)
            if not (0 <= low <= INPUT_VALUE and 1 <= high <= INPUT_VALUE and low <= high):
                out.append(f"input {r}: lengths {low}..{high}")
            if len(item.get("value") or "") > high:
                out.append(f"input {r}: value longer than its max_length")
    return out


def _localised(node: Json, key: str) -> dict[str, str]:
    """A node's text of `key` in every language it has: "" is the default."""
    texts = {"": str(node.get(key) or "")}
    texts.update({k: str(v) for k, v in (node.get(f"{key}_localizations") or {}).items()})
    return texts


def _chat_name(name: str) -> bool:
    return bool(COMMAND_NAME.match(name)) and name == name.lower()


def _node_violations(node: Json, where: str, *, chat: bool, out: list[str]) -> None:
    """One command, sub-command or option: names and descriptions in every locale."""
    for key in ("name", "description"):
        for locale in node.get(f"{key}_localizations") or {}:
            if locale not in LOCALES:
                out.append(f"{where}: {key} localised to an unknown locale {locale!r}")
    for locale, name in _localised(node, "name").items():
        shown = f"{where} [{locale or 'default'}]"
        if chat and not _chat_name(name):
            out.append(f"{shown}: name {name!r} is not lowercase letters, digits, - or _ (1-32)")
        if not chat and not 0 < len(name) <= 32:
            out.append(f"{shown}: name of {len(name)} characters (1 to 32)")
    if chat:
        for locale, text in _localised(node, "description").items():
            if not 0 < len(text) <= COMMAND_DESCRIPTION:
                out.append(
                    f"{where} [{locale or 'default'}]: description of {len(text)} characters"
                )
    choices = node.get("choices") or []
    if len(choices) > COMMAND_CHOICES:
        out.append(f"{where}: {len(choices)} choices, over {COMMAND_CHOICES}")
    for choice in choices:
        for locale, name in _localised(choice, "name").items():
            if not 0 < len(name) <= CHOICE_NAME:
                out.append(f"{where} [{locale or 'default'}]: choice name of {len(name)}")
        if isinstance(choice.get("value"), str) and len(choice["value"]) > CHOICE_NAME:
            out.append(f"{where}: choice value over {CHOICE_NAME}")
    options = node.get("options") or []
    if len(options) > COMMAND_OPTIONS:
        out.append(f"{where}: {len(options)} options, over {COMMAND_OPTIONS}")
    _siblings(options, where, out)
    required = [bool(o.get("required")) for o in options if o.get("type") not in (1, 2)]
    if required != sorted(required, reverse=True):
        out.append(f"{where}: a required option after an optional one")
    for option in options:
        _node_violations(option, f"{where} {option.get('name')}", chat=True, out=out)


def _siblings(nodes: list[Json], where: str, out: list[str]) -> None:
    """No two siblings share a name in any language (the default counts for a locale
    a sibling does not localise)."""
    locales = {""} | {loc for n in nodes for loc in n.get("name_localizations") or {}}
    for locale in sorted(locales):
        names = [
            (n.get("name_localizations") or {}).get(locale, n.get("name")) if locale else n["name"]
            for n in nodes
        ]
        repeated = sorted({str(n) for n in names if names.count(n) > 1})
        if repeated:
            out.append(f"{where} [{locale or 'default'}]: sibling names repeated: {repeated}")


def _longest(node: Json, key: str) -> int:
    return max((len(text) for text in _localised(node, key).values()), default=0)


def command_size(node: Json) -> int:
    """What counts toward a command's 8,000 characters: each name, description and
    choice value, in its longest localisation."""
    size = _longest(node, "name") + _longest(node, "description")
    for choice in node.get("choices") or []:
        size += _longest(choice, "name") + len(str(choice.get("value", "")))
    return size + sum(command_size(option) for option in node.get("options") or [])


def commands_violations(commands: list[Json]) -> list[str]:
    """What Discord refuses in a bulk overwrite of application commands."""
    out: list[str] = []
    if len(commands) > COMMANDS_PER_SCOPE:
        out.append(f"{len(commands)} commands, over {COMMANDS_PER_SCOPE}")
    for kind in {c.get("type", 1) for c in commands}:
        _siblings([c for c in commands if c.get("type", 1) == kind], f"type {kind}", out)
    for command in commands:
        chat = command.get("type", 1) == 1
        where = f"/{command.get('name')}"
        _node_violations(command, where, chat=chat, out=out)
        if command_size(command) > COMMAND_TOTAL:
            out.append(f"{where}: {command_size(command)} characters, over {COMMAND_TOTAL}")
    return out


def assert_within_limits(body: Json) -> None:
    """Fail if Discord would reject this message body."""
    problems = message_violations(body)
    assert not problems, problems
