"""Each family's part of /praxis report and /praxis export, on known data sets;
privacy and anonymity on every export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.kernel.reply import Attachment
from bot.kernel.roles import Role
from bot.reporting.csv_export import BOM
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.commands.case.helpers import CLEAN
from tests.commands.reflect.helpers import send
from tests.conftest import START
from tests.harness import Harness


def csv_rows(result_blocks: list) -> list[dict[str, str]]:
    [file] = [b for b in result_blocks if isinstance(b, Attachment)]
    text = file.data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


async def export(harness: Harness, what: str) -> list[dict[str, str]]:
    result = await harness.run("fran", f"/praxis export {what}")
    assert result.ok, result.reply.plain_text()
    return csv_rows(result.reply.blocks)


async def facilitator(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("fran", Role.FACILITATOR)


def section(shown: str, title: str) -> str:
    """The lines of one section of a report, up to the next section's title."""
    start = shown.index(title)
    rest = shown[start + len(title) :]
    ends = [rest.index(t) for t in SECTIONS if t != title and t in rest]
    return rest[: min(ends)] if ends else rest


SECTIONS = ("Members\n", "Resources\n", "Lesson-study cycles\n", "Reflection prompts\n",
            "Cases of practice\n", "Spreadsheets:")  # fmt: skip


# ---------------------------------------------------------------- resources


async def test_resources_section_counts_shares_saves_and_ratings(
    harness: Harness, clock: FakeClock
) -> None:
    await facilitator(harness)
    clock.set(START - timedelta(days=40))
    await harness.ok("ben", "/resource share url:https://example.org/old title:Old type:task")
    clock.set(START - timedelta(days=3))
    await harness.ok("ben", "/resource share url:https://example.org/a title:Alpha type:task")
    await harness.ok("cara", "/resource share url:https://example.org/b title:Beta type:rubric")
    await harness.ok("cara", "/resource save 2")
    await harness.ok("dev", "/resource save 2")
    await harness.ok("dev", "/resource rate 2 5")
    await harness.ok("cara", "/resource rate 1 4")
    clock.set(START)
    shown = section(await harness.ok("fran", "/praxis report charts:no"), "Resources\n")
    assert "Resources shared  2 (before: 1, +1)" in shown
    assert "Saves             2 (before: 0, +2)" in shown
    assert "Ratings           2 (before: 0, +2)" in shown
    assert "In the library    3" in shown
    assert "task    1 shared (before: 1)" in shown
    assert "rubric  1 shared (before: 0)" in shown
    most = shown[shown.index("Most used") :]
    assert most.index("#2 Alpha") < most.index("#1 Old")  # 3 marks before 1
    assert "2 saves, 1 rating, average 5.0 of 5" in most


async def test_resources_export_reads_back_with_awkward_text(harness: Harness) -> None:
    await facilitator(harness)
    await harness.ok(
        "ben",
        '/resource share url:https://example.org/x title:"=SUM(1,2), Ñandú 分数" '
        'type:task description:"-lead, @here too"',
    )
    [row] = await export(harness, "resources")
    assert row["title"] == "'=SUM(1,2), Ñandú 分数"
    assert row["description"] == "'-lead, @here too"
    assert row["shared by"] == "ben"
    assert row["type"] == "task"


# ---------------------------------------------------------------- cases


async def test_cases_section_and_export_keep_anonymous_authors_out(
    harness: Harness, app: App
) -> None:
    await facilitator(harness)
    await harness.ok("zelda", f"/case submit {CLEAN} anonymous:yes")
    await harness.ok("bob", f"/case submit {CLEAN.replace('Who gets', 'Whose voice')} new:yes")
    await harness.ok("fran", "/case review 1 approve")
    shown = section(await harness.ok("fran", "/praxis report charts:no"), "Cases of practice\n")
    assert "Submitted               2 (before: 0, +2)" in shown
    assert "Published               1 (before: 0, +1)" in shown
    assert "Waiting for review now  1" in shown
    assert "In the case library     1" in shown
    rows = {row["id"]: row for row in await export(harness, "cases")}
    assert set(rows) == {"1", "2"}
    assert rows["1"]["author"] == "Anonymous"
    assert all("zelda" not in value for row in rows.values() for value in row.values())
    assert rows["1"]["problem"] == "The same five students explain every day."
    assert rows["2"]["problem"] == ""  # not published: its text stays in the bot
    assert rows["2"]["author"] == "bob"


# ---------------------------------------------------------------- reflections


async def test_reflection_counts_follow_the_small_number_rule(harness: Harness) -> None:
    await facilitator(harness)
    people = [f"p{i}" for i in range(6)]
    for name in people:
        await send(harness, name, prompt=1)
    for name in people[:5]:
        await harness.ok(name, f'/reflect answer "private thought of {name}"')
    await harness.ok(people[5], "/reflect skip")
    shown = section(await harness.ok("fran", "/praxis report charts:no"), "Reflection prompts\n")
    assert "Prompts sent  6 (before: 0, +6)" in shown
    assert "Answered      5 (before: fewer than 5)" in shown
    assert "Skipped       fewer than 5 (before: fewer than 5)" in shown
    assert "private thought" not in shown


async def test_few_answers_show_as_fewer_than_five(harness: Harness) -> None:
    await facilitator(harness)
    for name in ("p1", "p2", "p3"):
        await send(harness, name, prompt=1)
    await harness.ok("p1", '/reflect answer "only me"')
    shown = await harness.ok("fran", "/praxis report charts:no")
    assert "Answered      fewer than 5 (before: fewer than 5)" in shown
    assert "Answered      1" not in shown


# ---------------------------------------------------------------- cycles


async def test_cycles_by_phase_and_on_schedule(harness: Harness, clock: FakeClock) -> None:
    await facilitator(harness)
    await harness.ok(
        "fran",
        '/cycle start name:Fractions theme:"Fractions as numbers" lesson-date:2026-12-15',
        channel="lesson-study",
    )
    await harness.ok(
        "fran",
        '/cycle start name:Ratios theme:"Ratio tables" lesson-date:2026-12-18',
        channel="grade7",
    )
    clock.set(START + timedelta(days=19))  # Sat 12 Dec: past study, into plan for both
    await harness.ok("fran", "/cycle artifact Fractions theme Fractions as lengths")
    shown = section(await harness.ok("fran", "/praxis report charts:no"), "Lesson-study cycles\n")
    assert "Open now         2" in shown
    assert "On schedule now  1" in shown
    assert "plan  2 open" in shown
    assert shown.index("#2 Ratios") < shown.index("#1 Fractions")  # behind first
    assert "behind: no research theme yet" in shown
    rows = {row["name"]: row for row in await export(harness, "cycles")}
    assert rows["Fractions"]["on schedule"] == "yes"
    assert rows["Ratios"]["on schedule"] == "no"
    assert rows["Ratios"]["missing"] == "research theme"
    assert rows["Fractions"]["teach"] == "2026-12-15"
    assert "Fractions as lengths" not in str(rows)  # artifact text is never exported


# ---------------------------------------------------------------- every export


async def test_no_export_carries_private_reflections_or_anonymous_authors(
    harness: Harness, app: App
) -> None:
    """Whatever exports exist, none holds a private answer or an anonymous author's name."""
    await facilitator(harness)
    await send(harness, "zelda", prompt=1)
    await harness.ok("zelda", '/reflect answer "SECRET-REFLECTION about my class"')
    await harness.ok("zelda", '/reflect answer "SECRET-FREE reflection" share:private')
    await harness.ok("zelda", f"/case submit {CLEAN} anonymous:yes")
    await harness.ok("fran", "/case review 1 approve")
    await harness.ok("fran", '/cycle start name:Fractions theme:"Fractions" team:@zelda')
    await harness.ok("zelda", "/cycle artifact Fractions observation SECRET-NOTES on students")
    names = sorted(export.name for family in app.registry for export in family.exports)
    assert names == ["audit", "cases", "cycles", "participation", "resources"]
    for name in names:
        who = "ana" if name == "audit" else "fran"  # the audit log is for admins
        result = await harness.run(who, f"/praxis export {name}")
        data = next(b for b in result.reply.blocks if isinstance(b, Attachment)).data.decode()
        assert "SECRET" not in data, name
        if name in ("cases", "resources"):
            assert "zelda" not in data, name
