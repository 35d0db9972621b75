"""/praxis report and /praxis export, as facilitators use them, on a known data set."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.dispatch.dispatcher import Result
from bot.kernel.errors import UserError
from bot.kernel.reply import Attachment, Image
from bot.kernel.roles import Role
from bot.reporting.csv_export import BOM
from bot.reporting.sections import find_export
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.conftest import START
from tests.harness import Harness


async def known_network(harness: Harness, clock: FakeClock) -> None:
    """Six people over two 30-day periods.

    Before (START-60d .. START-30d): ana, ben, cara, dev, eve all use the bot.
    Now (the last 30 days): ana and ben come back, fay joins; cara, dev, eve do not.
    """
    clock.set(START - timedelta(days=50))
    profiles = {
        "ana": 'district:"Riverside Unified" school:"Lincoln Middle" position:coach',
        "ben": 'district:"Riverside Unified" school:"Lincoln Middle" position:teacher',
        "cara": 'district:"Eastside ISD" school:Carver position:teacher',
        "dev": 'district:"Northfield" school:"Northfield High" position:teacher',
        "eve": "position:teacher",
    }
    for name, profile in profiles.items():
        await harness.ok(name, f"/praxis profile set {profile}")
    clock.set(START - timedelta(days=10))
    await harness.ok("ben", "/praxis whoami")
    clock.set(START - timedelta(days=5))
    await harness.ok("fay", '/praxis profile set district:"eastside isd" school:Carver')
    clock.set(START)
    await harness.with_role("ana", Role.FACILITATOR)


async def test_report_figures_on_a_known_data_set(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    shown = await harness.ok("ana", "/praxis report charts:no")
    assert "Active members     3 (before: 5, -2)" in shown
    assert "New members        1 (before: 5, -4)" in shown
    assert "Members on record  6 (before: 5, +1)" in shown
    # Districts: the two spellings of Eastside are one district.
    assert "Riverside Unified  2 active of 2 members (before: 2)" in shown
    assert "Eastside ISD       1 active of 2 members (before: 1)" in shown
    assert "Northfield         0 active of 1 member (before: 1)" in shown
    assert "not set            0 active of 1 member (before: 1)" in shown
    assert "Carver (Eastside ISD)" in shown
    assert "teacher" in shown and "coach" in shown
    # Who the network misses.
    assert "No one active this period from: Northfield." in shown
    assert "1 member has not set a district" in shown


async def test_a_shorter_period_compares_with_the_same_length_before(
    harness: Harness, clock: FakeClock
) -> None:
    await known_network(harness, clock)
    shown = await harness.ok("ana", "/praxis report since:7d charts:no")
    assert "The last 7 days" in shown
    assert "Active members     2 (before: 1, +1)" in shown  # ana and fay; ben 10 days ago


async def test_members_cannot_read_reports_or_export(harness: Harness) -> None:
    await harness.community("ana")
    assert "Only facilitators can read reports." in await harness.fails("ben", "/praxis report")
    refusal = await harness.fails("ben", "/praxis export participation")
    assert "Only facilitators can read reports." in refusal


async def test_report_attaches_two_charts(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    result = await harness.run("ana", "/praxis report")
    assert result.ok
    images = [block for block in result.reply.blocks if isinstance(block, Image)]
    assert [image.filename for image in images] == [
        "participation-over-time.png",
        "participation-by-district.png",
    ]
    assert all(image.data.startswith(b"\x89PNG") and image.alt for image in images)
    assert "Riverside Unified 2 (before 2)" in images[1].alt
    # The console writes them to files.
    shown = harness.as_("ana").show(result)
    assert (harness.tmp_path / "files" / "participation-over-time.png").exists()
    assert "saved to" in shown


async def test_team_narrows_the_report_to_a_cycles_team(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    await harness.ok(
        "ana", '/cycle start name:"Fractions" theme:"Fractions as numbers" team:@ben,@cara'
    )
    shown = await harness.ok("ana", "/praxis report team:Fractions charts:no")
    assert "team Fractions" in shown
    assert "Northfield" not in shown  # dev is not on the team
    assert "Riverside Unified" in shown and "Eastside ISD" in shown
    assert "no cycle" in (await harness.fails("ana", "/praxis report team:nothing")).lower()


async def test_report_rejects_a_bad_period(harness: Harness) -> None:
    await harness.community("ana")
    assert "duration" in await harness.fails("ana", "/praxis report since:soon")


def attachment(result: Result) -> Attachment:
    found = [block for block in result.reply.blocks if isinstance(block, Attachment)]
    assert len(found) == 1, result.reply.plain_text()
    return found[0]


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


async def test_participation_export_reads_back(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    await harness.ok("ben", '/praxis profile set school:"=HYPERLINK(1)" position:"Coach, K-2"')
    result = await harness.run("ana", "/praxis export participation")
    assert result.ok
    file = attachment(result)
    assert file.mime == "text/csv"
    assert file.filename == "praxis-participation-2026-11-23.csv"
    rows = {row["member"]: row for row in read_csv(file.data)}
    assert set(rows) == {"ana", "ben", "cara", "dev", "eve", "fay"}
    assert rows["ben"]["school"] == "'=HYPERLINK(1)"  # shown as text, never run
    assert rows["ben"]["position"] == "Coach, K-2"
    assert rows["cara"]["district"] == "Eastside ISD"
    assert rows["cara"]["last seen"] == "2026-10-04 15:00"
    assert rows["ben"]["days active"] == "3"  # 50 days ago, 10 days ago, today
    assert rows["eve"]["district"] == ""
    assert "6 rows" in result.reply.plain_text()


async def test_export_since_counts_only_recent_days(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    result = await harness.run("ana", "/praxis export participation since:30d")
    rows = {row["member"]: row for row in read_csv(attachment(result).data)}
    assert rows["ben"]["days active"] == "1"
    assert rows["cara"]["days active"] == "0"


async def test_export_lists_what_it_can_export(harness: Harness) -> None:
    await harness.community("ana")
    assert "participation" in await harness.ok("ana", "/praxis export")
    mistake = await harness.fails("ana", "/praxis export particpation")
    assert "Did you mean participation?" in mistake


async def test_reports_stay_in_their_community(harness: Harness, app: App) -> None:
    await harness.community("ana")
    await harness.ok("zed", '/praxis profile set district:"Elsewhere USD"', community="other")
    shown = await harness.ok("ana", "/praxis report charts:no")
    assert "Elsewhere" not in shown
    result = await harness.run("ana", "/praxis export participation")
    assert "zed" not in attachment(result).data.decode()


@given(st.text(max_size=40))
def test_any_export_name_is_found_or_answered_with_what_exists(what: str) -> None:
    from bot.grammar.registry import Registry
    from commands import all_families

    registry = Registry(all_families())
    try:
        found = find_export(registry, what)
    except UserError as error:
        assert "You can export: audit, cases, cycles, participation, resources." in str(error)
    else:
        assert found.name == what.strip().lower()


async def test_odd_team_and_export_names_get_clear_answers(harness: Harness) -> None:
    await harness.community("ana")
    for text in ('"=cmd|x"', '"Ñandú 分数, team"', "@here", "team:"):
        shown = await harness.fails("ana", f"/praxis report team:{text} charts:no")
        assert "went wrong" not in shown
        shown = await harness.fails("ana", f"/praxis export {text}")
        assert "went wrong" not in shown


async def test_forget_me_deletes_the_days_someone_used_the_bot(
    harness: Harness, clock: FakeClock
) -> None:
    await known_network(harness, clock)
    preview = await harness.ok("ben", "/praxis forget-me")
    assert "days of using the bot" in preview
    await harness.ok("ben", "/praxis forget-me confirm:yes")
    result = await harness.run("ana", "/praxis export participation")
    rows = {row["member"]: row for row in read_csv(attachment(result).data)}
    assert rows["ben"]["days active"] == "0"
    assert rows["ben"]["district"] == ""
