"""Suggestions for resource ids, tags, standards and focus, as someone types on Discord."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.lookup.matching import lookups_of
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def share(
    harness: Harness, who: str, n: int, title: str, extra: str = "", **where: str
) -> None:
    await harness.ok(
        who,
        f'/resource share url:https://example.org/r/{n} title:"{title}" type:task {extra}',
        **where,
    )


async def test_typed_words_find_titles_by_word_prefix_ignoring_case_and_accents(
    harness: Harness,
) -> None:
    await harness.community("ana")
    await share(harness, "ana", 1, "Fractions on the number line", "grade:3-5")
    await share(harness, "ana", 2, "Ñandú migration distances")
    await share(harness, "ana", 3, "Area models")

    found = await suggest(harness, "resource", "ben", "FRAC num")
    assert labels(found) == ["#1 Fractions on the number line (task, 3-5)"]
    assert values(found) == ["1"]
    assert values(await suggest(harness, "resource", "ben", "nandu")) == ["2"]
    assert await suggest(harness, "resource", "ben", "volume") == []


async def test_an_exact_id_comes_first_then_the_askers_own(harness: Harness) -> None:
    await harness.community("ana")
    for n in range(1, 13):
        await share(harness, "ana", n, f"Task {n}")
    await share(harness, "ben", 13, "Tape diagram task")
    await harness.ok("ben", "/resource save 5")

    typed_one = await suggest(harness, "resource", "ben", "#1")
    assert values(typed_one)[0] == "1", "the exact id first"
    assert set(values(typed_one)) == {"1", "10", "11", "12", "13"}, "then ids starting with 1"
    assert values(await suggest(harness, "resource", "ben", ""))[:2] == ["13", "5"]


async def test_never_another_communitys_resources(harness: Harness) -> None:
    await harness.community("ana")
    await share(harness, "ana", 1, "Fraction strips")
    await harness.community("zoe", community="other")
    await share(harness, "zoe", 2, "Fraction bars", community="other")

    assert values(await suggest(harness, "resource", "ana", "frac")) == ["1"]
    assert values(await suggest(harness, "resource", "zoe", "frac", community="other")) == ["2"]
    assert await suggest(harness, "resource", "ana", "2") == []


async def test_at_most_the_limit_and_labels_fit_discord(harness: Harness) -> None:
    await harness.community("ana")
    for n in range(1, 8):
        await share(harness, "ana", n, f"Fractions task {n} " + "with a long title " * 8)
    found = await suggest(harness, "resource", "ana", "fractions", limit=5)
    assert len(found) == 5
    assert all(len(label) <= 100 and label.endswith("(task)") for label in labels(found))


async def test_tags_and_standards_complete_the_last_item_of_a_list(harness: Harness) -> None:
    await harness.community("ana")
    await share(harness, "ana", 1, "Talk moves", "tags:number-talks,discourse standard:3.OA.B.5")
    await share(harness, "ana", 2, "Strips", "tags:fractions standard:3.NF.A.1")

    assert values(await suggest(harness, "tag", "ana", "num")) == ["number-talks"]
    assert values(await suggest(harness, "tag", "ana", "discourse, Fr")) == ["discourse,fractions"]
    assert values(await suggest(harness, "standard", "ana", "3.nf")) == ["3.NF.A.1"]
    assert values(await suggest(harness, "focus", "ana", "ident")) == ["identity"]
    await harness.community("zoe", community="other")
    assert await suggest(harness, "tag", "zoe", "num", community="other") == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=40))
async def test_any_typed_text_is_answered_within_discords_limits(
    harness: Harness, typed: str
) -> None:
    await harness.community("ana")
    for kind in lookups_of(harness.app.registry):  # every family's, not only the library's
        found = await suggest(harness, kind, "ana", typed)
        assert len(found) <= 25
        assert all(0 < len(s.label) <= 100 and len(s.value) <= 100 for s in found)
