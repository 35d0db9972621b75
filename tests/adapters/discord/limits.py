"""Discord's message limits, checked on what the bot really sent to the fake."""

from __future__ import annotations

from typing import Any


def embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        size += len(field["name"]) + len(field["value"])
    return size


def assert_within_limits(body: dict[str, Any]) -> None:
    """Fail if Discord would reject this message body."""
    assert len(body.get("content") or "") <= 2000
    embeds = body.get("embeds") or []
    assert len(embeds) <= 10
    for embed in embeds:
        assert len(embed.get("title") or "") <= 256
        assert len(embed.get("description") or "") <= 4096
        assert len((embed.get("footer") or {}).get("text") or "") <= 2048
        fields = embed.get("fields") or []
        assert len(fields) <= 25
        for field in fields:
            assert 0 < len(field["name"]) <= 256
            assert 0 < len(field["value"]) <= 1024
    assert sum(embed_size(e) for e in embeds) <= 6000
    assert body.get("content") or embeds or body.get("attachments"), "an empty message"
    rows = body.get("components") or []
    assert len(rows) <= 5
    ids = []
    for row in rows:
        assert len(row["components"]) <= 5
        for button in row["components"]:
            assert len(button["custom_id"]) <= 100
            assert len(button.get("label") or "") <= 80
            ids.append(button["custom_id"])
    assert len(ids) == len(set(ids)), "custom ids must be unique in a message"
    mentions = body.get("allowed_mentions")
    assert mentions is not None and mentions["parse"] == [], "every send sets allowed_mentions"
