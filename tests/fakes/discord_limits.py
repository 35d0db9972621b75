"""What Discord refuses, written from its documentation rather than from our renderer.

`message_violations` checks a message body (a channel message, an interaction answer or
follow-up, an edit), `modal_violations` a modal. FakeDiscord answers 400 (50035, Invalid
Form Body) to a body that breaks one, as Discord does, and the fuzz test checks every reply.
https://discord.com/developers/docs/resources/message, .../interactions/message-components
"""

from __future__ import annotations

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


def assert_within_limits(body: Json) -> None:
    """Fail if Discord would reject this message body."""
    problems = message_violations(body)
    assert not problems, problems
