"""/reflect for members: the open prompt, answering, sharing, history, skip, snooze, forget-me."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.time.clock import FakeClock
from tests.commands.reflect.helpers import send
from tests.harness import Harness


async def test_open_prompt_is_shown_with_a_form_and_answered_privately(harness: Harness) -> None:
    await harness.community("ana")
    sent = await send(harness, "maria", prompt=1)
    assert sent is not None
    result = await harness.run("maria", "/reflect")
    assert result.ok and result.reply.form is not None
    assert result.reply.form.command == "/reflect answer prompt:1"
    assert "Whose ideas moved the conversation" in harness.as_("maria").show(result)
    saved = await harness.ok("maria", '/reflect answer "Jon spoke up for the first time"')
    assert "private: only you can see it" in saved
    assert "no open prompt" in await harness.ok("maria", "/reflect")
    history = await harness.ok("maria", "/reflect history")
    assert "Jon spoke up for the first time" in history and "private" in history


async def test_the_prompt_arrives_by_direct_message(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=3)
    delivered = harness.deliveries.delivered[-1]
    assert delivered.address.user == "maria" and delivered.address.channel is None
    assert "Where could a student start" in delivered.reply.plain_text()
    assert delivered.reply.form is not None


async def test_form_submission_answers_like_typing(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("maria", "/reflect")
    await send(harness, "maria", prompt=2)
    shown = await harness.ok("maria", '/reflect answer prompt:1 text:"From the form" share:private')
    assert "free reflection" in shown  # prompt 1 was never sent to her: a free reflection on it
    shown = await harness.ok("maria", '/reflect answer prompt:2 text:"Answer two"')
    assert "Saved your reflection" in shown
    history = await harness.ok("maria", "/reflect history")
    assert "From the form" in history and "Answer two" in history


async def test_without_an_open_prompt_an_answer_is_a_free_reflection(harness: Harness) -> None:
    await harness.community("ana")
    shown = await harness.ok("ana", '/reflect answer "Thinking about grouping today"')
    assert "free reflection" in shown
    assert "Free reflection" in await harness.ok("ana", "/reflect history")


async def test_curly_quotes_and_unknown_share_level(harness: Harness) -> None:
    await harness.community("ana")
    shown = await harness.fails("ana", "/reflect answer “note” share:everyone")
    assert "share:" in shown and "community" in shown
    await harness.ok("ana", "/reflect answer “a quoted note”")
    assert "a quoted note" in await harness.ok("ana", "/reflect history")


async def test_skip_closes_the_prompt_and_is_counted_not_answered(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=4)
    assert "Skipped prompt #4" in await harness.ok("maria", "/reflect skip")
    assert "no open prompt" in await harness.ok("maria", "/reflect")
    assert "no open prompt to skip" in await harness.fails("maria", "/reflect skip")
    assert "Skipped" in await harness.ok("maria", "/reflect history")


async def test_snooze_hides_the_prompt_until_its_time(harness: Harness, clock: FakeClock) -> None:
    await harness.community("ana")
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    await send(harness, "maria", prompt=5)
    shown = await harness.ok("maria", "/reflect snooze 2h")
    assert "until Mon 23 Nov 11:00 (America/Chicago)" in shown  # 15:00 UTC + 2h, her time
    assert "snoozed until" in await harness.ok("maria", "/reflect")
    clock.advance(timedelta(hours=2))
    assert "Your open prompt #5" in await harness.ok("maria", "/reflect")


async def test_snooze_needs_a_duration_with_a_unit(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=5)
    assert "not a duration" in await harness.fails("maria", "/reflect snooze 30")
    assert "Your open prompt #5" in await harness.ok("maria", "/reflect")


async def test_a_snoozed_prompt_can_still_be_answered(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=5)
    await harness.ok("maria", "/reflect snooze 1d")
    assert "Saved your reflection" in await harness.ok("maria", '/reflect answer "Later"')


async def test_several_open_prompts_newest_first(harness: Harness, clock: FakeClock) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=1)
    clock.advance(timedelta(days=1))
    await send(harness, "maria", prompt=2)
    shown = await harness.ok("maria", "/reflect")
    assert "#2" in shown and "Also open: #1" in shown
    await harness.ok("maria", '/reflect answer "About one" prompt:1')
    assert "Also open" not in await harness.ok("maria", "/reflect")


async def test_history_is_paged(harness: Harness, clock: FakeClock) -> None:
    await harness.community("ana")
    for n in range(7):
        clock.advance(timedelta(minutes=1))
        await harness.ok("maria", f'/reflect answer "note number {n}"')
    first = await harness.ok("maria", "/reflect history")
    assert "note number 6" in first and "note number 1" not in first
    assert "Page 1 of 2" in first and "/reflect history page:2" in first
    second = await harness.ok("maria", "/reflect history page:2")
    assert "note number 0" in second and "note number 6" not in second
    assert "only 2 page" in await harness.fails("maria", "/reflect history page:3")


async def test_community_share_appears_in_shared_for_others(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("tom", '/reflect answer "Pair talk first helped" share:community')
    shown = await harness.ok("zed", "/reflect shared")
    assert "Pair talk first helped" in shown and "tom" in shown


async def test_team_share_is_seen_by_the_team_only(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "tom", prompt=1, team="team:lesson-7")
    await send(harness, "aisha", prompt=1, team="team:lesson-7")
    await send(harness, "zed", prompt=1)
    await harness.ok("tom", '/reflect answer "Our team note" share:team')
    assert "Our team note" in await harness.ok("aisha", "/reflect shared")
    assert "Our team note" not in await harness.ok("zed", "/reflect shared")
    assert "Our team note" not in await harness.ok("ana", "/reflect shared")


async def test_team_share_needs_a_team_prompt(harness: Harness) -> None:
    await harness.community("ana")
    shown = await harness.fails("tom", '/reflect answer "alone" share:team')
    assert "share:community" in shown
    assert "Nothing yet" in await harness.ok("tom", "/reflect history")


async def test_a_shared_answer_naming_a_student_is_held_private_until_confirmed(
    harness: Harness,
) -> None:
    await harness.community("ana")
    text = "My student Jayden said the answer was 12, and Jayden's email is j@school.org"
    shown = await harness.ok("tom", f'/reflect answer "{text}" share:community')
    assert "Jayden" in shown and "not shared yet" in shown and "confirm:yes" in shown
    # nothing typed is lost: it is saved, privately
    history = await harness.ok("tom", "/reflect history")
    assert text in history and "private" in history
    assert "Jayden" not in await harness.ok("zed", "/reflect shared")
    # editing it (answering again) replaces the held text rather than adding a second one
    edited = "My student A said the answer was 12."
    assert "Shared" not in await harness.ok(
        "tom", f'/reflect answer "{text} again" share:community'
    )
    await harness.ok("tom", f'/reflect answer "{edited}" share:community')
    assert edited in await harness.ok("zed", "/reflect shared")
    assert history.count("Free reflection") <= 1


async def test_a_held_share_is_shared_as_it_is_on_confirm(harness: Harness) -> None:
    await harness.community("ana")
    text = "Valentina finally explained her thinking to the class"
    held = await harness.ok("tom", f'/reflect answer "{text}" share:community')
    assert "Valentina" in held and "not shared yet" in held
    assert "Valentina" not in await harness.ok("zed", "/reflect shared")
    assert "Shared your reflection" in await harness.ok("tom", "/reflect answer confirm:yes")
    assert text in await harness.ok("zed", "/reflect shared")
    assert "no reflection waiting" in await harness.fails("tom", "/reflect answer confirm:yes")


async def test_forget_me_removes_answers(harness: Harness) -> None:
    await harness.community("ana")
    await send(harness, "maria", prompt=1)
    await harness.ok("maria", '/reflect answer "Something personal" share:community')
    await harness.ok("maria", '/reflect answer "Another one"')
    preview = await harness.ok("maria", "/praxis forget-me")
    assert "2 reflections" in preview
    assert "Something personal" in await harness.ok("zed", "/reflect shared")
    await harness.ok("maria", "/praxis forget-me confirm:yes")
    assert "Nothing yet" in await harness.ok("maria", "/reflect history")
    assert "Something personal" not in await harness.ok("zed", "/reflect shared")


async def test_another_communitys_prompt_ids_are_not_found(harness: Harness) -> None:
    await harness.community("ana", community="T-ONE")
    await harness.ok("ana", "/reflect prompts", community="T-ONE")
    await harness.community("zoe", community="T-TWO")
    await harness.ok("zoe", '/reflect add-prompt "A question only T-TWO has" ', community="T-TWO")
    shown = await harness.fails("ana", "/reflect answer hi prompt:49", community="T-ONE")
    assert "no prompt #49" in shown


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc"),
            blacklist_characters="\"'“”„‟″«»‘’‚‛",  # the grammar's quote marks
        ),
        min_size=1,
    )
)
async def test_any_answer_text_is_kept_exactly_for_its_author(harness: Harness, text: str) -> None:
    text = text.strip()
    if not text:
        return
    result = await harness.run("ana", f'/reflect answer "{text}"')
    assert result.ok, harness.as_("ana").show(result)
    assert " ".join(text.split()) in " ".join((await harness.ok("ana", "/reflect history")).split())
