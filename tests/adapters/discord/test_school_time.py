"""School time on Discord: a district's .ics as the attachment option of /praxis calendar,
and times as Discord timestamps that each reader sees in their own zone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.adapters.discord.conftest import GUILD_ID, Stack
from tests.adapters.discord.test_e2e import command, shown

pytestmark = pytest.mark.asyncio(loop_scope="module")

ICS = Path(__file__).resolve().parents[2] / "fixtures" / "oak_unified_2026_27.ics"


async def test_the_calendar_command_takes_the_ics_as_an_attachment_option(stack: Stack) -> None:
    synced = {c["name"]: c for c in stack.fake.commands(GUILD_ID)}
    calendar = next(o for o in synced["praxis"]["options"] if o["name"] == "calendar")
    file_option = next(o for o in calendar["options"] if o["name"] == "file")
    assert file_option["type"] == 11  # ATTACHMENT
    attached = stack.fake.attachment("ousd-2026-27.ics", ICS.read_bytes())
    _, callback = await command(
        stack,
        "praxis calendar",
        {"action": "import", "district": "Oak Unified", "file": attached},
        who="owner",
    )
    assert "6 PD days, 5 holidays, 3 breaks" in shown(callback.data)
    assert stack.fake.cdn_downloads == [f"/cdn/attachments/{attached.id}/ousd-2026-27.ics"]
    _, listing = await command(
        stack, "praxis calendar", {"action": "list", "district": "Oak Unified"}, who="teacher"
    )
    assert "Winter Break (Schools Closed)" in shown(listing.data)


async def test_times_in_a_listing_are_discord_timestamps(stack: Stack) -> None:
    _, callback = await command(
        stack,
        "nudge schedule",
        {"to": "#general", "when": "every monday 8:00", "message": "Bring work"},
        who="owner",
    )
    # Monday 30 November 2026, 08:00 UTC, rendered by Discord in each reader's zone: in a
    # field's value (a field name renders no timestamp, so it carries the text fallback).
    fields = [f for e in callback.data["embeds"] for f in e.get("fields") or []]
    values = [f["value"] for f in fields]
    assert "<t:1796025600:f>" in values
    assert all(not re.search(r"<t:", f["name"]) for f in fields)
