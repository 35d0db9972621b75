"""What Slack refuses, written from its documentation rather than from our renderer.

`message_violations` checks a chat.postMessage / postEphemeral / response_url / ack body,
`view_violations` a modal. FakeSlack answers `invalid_blocks` to a call that breaks one,
as Slack does (and the person then sees nothing), and the fuzz test checks every reply.
Each violation is a short sentence naming the block and the limit.
https://api.slack.com/reference/block-kit/blocks, .../composition-objects, .../surfaces
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

MESSAGE_TEXT = 40_000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ID_LENGTH = 255
URL_LENGTH = 3000
VIEW_TITLE = 24
METADATA = 3000
INPUT_LABEL = 2000
PLACEHOLDER = 150
INPUT_MAX = 3000


def _text(obj: Any, where: str, limit: int, out: list[str], *, plain: bool = False) -> None:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        out.append(f"{where}: not a text object")
        return
    if plain and obj.get("type") != "plain_text":
        out.append(f"{where}: must be plain_text")
    text = obj["text"]
    if not text:
        out.append(f"{where}: empty text")
    if len(text) > limit:
        out.append(f"{where}: {len(text)} characters, over {limit}")


def _id(value: Any, where: str, out: list[str]) -> None:
    if value is not None and (not isinstance(value, str) or len(value) > ID_LENGTH):
        out.append(f"{where}: id over {ID_LENGTH} characters")


def _block(block: Json, where: str, out: list[str]) -> None:
    kind = block.get("type")
    _id(block.get("block_id"), where, out)
    if kind == "section":
        if "text" not in block and "fields" not in block:
            out.append(f"{where}: a section needs text or fields")
        if "text" in block:
            _text(block["text"], f"{where} text", SECTION_TEXT, out)
        fields = block.get("fields") or []
        if len(fields) > SECTION_FIELDS:
            out.append(f"{where}: {len(fields)} fields, over {SECTION_FIELDS}")
        for n, field in enumerate(fields):
            _text(field, f"{where} field {n}", FIELD_TEXT, out)
    elif kind == "header":
        _text(block.get("text"), f"{where} header", HEADER_TEXT, out, plain=True)
    elif kind == "context":
        elements = block.get("elements") or []
        if not elements or len(elements) > CONTEXT_ELEMENTS:
            out.append(f"{where}: {len(elements)} context elements (1 to {CONTEXT_ELEMENTS})")
        for n, element in enumerate(elements):
            if element.get("type") in ("mrkdwn", "plain_text"):
                _text(element, f"{where} element {n}", CONTEXT_TEXT, out)
    elif kind == "actions":
        elements = block.get("elements") or []
        if not elements or len(elements) > ACTIONS_ELEMENTS:
            out.append(f"{where}: {len(elements)} action elements (1 to {ACTIONS_ELEMENTS})")
        ids = [e.get("action_id") for e in elements]
        if len(ids) != len(set(ids)):
            out.append(f"{where}: repeated action_id")
        for n, element in enumerate(elements):
            _id(element.get("action_id"), f"{where} element {n}", out)
            if element.get("type") == "button":
                _text(element.get("text"), f"{where} button {n}", BUTTON_TEXT, out, plain=True)
                value = element.get("value")
                if value is not None and len(value) > BUTTON_VALUE:
                    out.append(f"{where} button {n}: value over {BUTTON_VALUE}")
                if len(element.get("url") or "") > URL_LENGTH:
                    out.append(f"{where} button {n}: url over {URL_LENGTH}")
    elif kind in ("divider", "image", "input"):
        return
    else:
        out.append(f"{where}: unknown block type {kind!r}")


def _blocks(blocks: Any, limit: int, out: list[str]) -> None:
    if not isinstance(blocks, list):
        out.append("blocks: not a list")
        return
    if len(blocks) > limit:
        out.append(f"{len(blocks)} blocks, over {limit}")
    ids = [b.get("block_id") for b in blocks if b.get("block_id")]
    if len(ids) != len(set(ids)):
        out.append("repeated block_id")
    for n, block in enumerate(blocks):
        if block.get("type") == "input":
            _input(block, f"block {n}", out)
        else:
            _block(block, f"block {n}", out)


def message_violations(body: Json) -> list[str]:
    out: list[str] = []
    text = body.get("text")
    blocks = body.get("blocks")
    if not text and not blocks:
        out.append("neither text nor blocks")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        out.append(f"text: {len(text)} characters, over {MESSAGE_TEXT}")
    if blocks:
        _blocks(blocks, MESSAGE_BLOCKS, out)
    return out


def _input(block: Json, where: str, out: list[str]) -> None:
    _id(block.get("block_id"), where, out)
    _text(block.get("label"), f"{where} label", INPUT_LABEL, out, plain=True)
    if block.get("hint") is not None:
        _text(block["hint"], f"{where} hint", INPUT_LABEL, out, plain=True)
    element = block.get("element") or {}
    _id(element.get("action_id"), f"{where} element", out)
    if element.get("placeholder") is not None:
        _text(element["placeholder"], f"{where} placeholder", PLACEHOLDER, out, plain=True)
    top = element.get("max_length", INPUT_MAX)
    if not 1 <= top <= INPUT_MAX:
        out.append(f"{where}: max_length {top} (1 to {INPUT_MAX})")
    initial = element.get("initial_value")
    if initial is not None and len(initial) > top:
        out.append(f"{where}: initial_value longer than its max_length")


def view_violations(view: Json) -> list[str]:
    out: list[str] = []
    for key in ("title", "submit", "close"):
        if view.get(key) is not None:
            _text(view[key], key, VIEW_TITLE, out, plain=True)
    if len(view.get("private_metadata") or "") > METADATA:
        out.append(f"private_metadata over {METADATA}")
    _id(view.get("callback_id"), "callback_id", out)
    _blocks(view.get("blocks") or [], VIEW_BLOCKS, out)
    return out
