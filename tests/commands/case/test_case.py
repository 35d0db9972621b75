"""/case: writing, checking, reviewing and reading cases of practice, as people use them."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.kernel.roles import Role
from bot.root.demo import load_demo
from storage.cases import Case
from tests.commands.case.helpers import CLEAN, people
from tests.harness import Harness


def _without(options: str, name: str) -> str:
    """The clean case's options minus one part."""
    import shlex

    parts = shlex.split(options)
    return " ".join(
        f'{p.split(":", 1)[0]}:"{p.split(":", 1)[1]}"'
        for p in parts
        if not p.startswith(name + ":")
    )


async def _status(harness: Harness, case_id: int) -> str:
    async with harness.app.services.db.session() as session:
        return (await session.execute(select(Case.status).where(Case.id == case_id))).scalar_one()


async def _submitted_case(harness: Harness, author: str = "zelda", extra: str = "") -> None:
    shown = await harness.ok(author, f"/case submit {CLEAN} {extra}")
    assert "Submitted case #" in shown, shown


# ------------------------------------------------------------------ submitting


async def test_submit_with_no_options_opens_a_form_with_every_part(harness: Harness) -> None:
    result = await harness.run("zelda", "/case submit")
    assert result.ok
    form = result.reply.form
    assert form is not None and form.command == "/case submit"
    names = [f.name for f in form.fields]
    assert names == [
        "title",
        "grade",
        "context",
        "problem",
        "focus",
        "tried",
        "evidence",
        "question",
        "anonymous",
    ]
    assert all(len(f.label) <= 45 for f in form.fields)


async def test_a_clean_case_goes_through_in_one_line(harness: Harness) -> None:
    await people(harness)
    shown = await harness.ok("zelda", f"/case submit {CLEAN}")
    assert "Submitted case #1" in shown and "may identify" not in shown
    assert await _status(harness, 1) == "submitted"
    assert "Who gets to explain?" in await harness.ok("fay", "/case queue")


async def test_missing_parts_keep_a_draft_that_the_form_continues(harness: Harness) -> None:
    await people(harness)
    shown = await harness.ok("zelda", 'case submit title:"Quiet voices" grade:3-5')
    assert "Saved your draft #1" in shown and "not submitted" in shown
    assert "context:" in shown and "question:" in shown and "title:" not in shown
    mine = await harness.ok("zelda", "/case mine")
    assert "#1 Quiet voices" in mine and "draft" in mine and "still needed" in mine
    # nobody else sees a draft, not even a facilitator
    assert "no case #1" in await harness.fails("fay", "/case show 1")
    assert "Quiet voices" not in await harness.ok("fay", "/case list status:draft")
    result = await harness.run("zelda", "/case submit")
    form = result.reply.form
    assert form is not None and form.command == "/case submit 1"
    initial = {f.name: f.initial for f in form.fields}
    assert initial["title"] == "Quiet voices" and initial["grade"] == "3-5"
    # the rest, typed later, completes and submits the same case
    await harness.ok("zelda", f"/case submit 1 {_without(CLEAN, 'title')}")
    assert await _status(harness, 1) == "submitted"


async def test_draft_yes_saves_a_complete_case_without_submitting(harness: Harness) -> None:
    await people(harness)
    shown = await harness.ok("zelda", f"/case submit {CLEAN} draft:yes")
    assert "Saved your draft #1" in shown
    assert await _status(harness, 1) == "draft"


async def test_a_student_name_is_held_with_the_exact_span(harness: Harness) -> None:
    await people(harness)
    text = CLEAN.replace(
        'problem:"The same five students explain every day."',
        'problem:"The same five students explain; my student Maria never does."',
    )
    shown = await harness.ok("zelda", f"/case submit {text}")
    assert "may identify a student" in shown and "Nothing was submitted" in shown
    assert "“Maria” in Problem of practice, characters 44-48" in shown
    assert "my student [Maria] never does." in shown
    assert "confirm:yes" in shown
    assert await _status(harness, 1) == "draft"
    assert "No case is waiting" in await harness.ok("fay", "/case queue")


async def test_editing_the_flagged_part_submits_without_confirming(harness: Harness) -> None:
    await people(harness)
    await harness.ok(
        "zelda",
        f'/case submit {CLEAN} evidence:"Jayden said 13."'.replace(
            'evidence:"Distinct explainers per week rose from 5 to 13; 68% on the exit ticket." ',
            "",
        ),
    )
    assert await _status(harness, 1) == "draft"
    shown = await harness.ok("zelda", '/case submit 1 evidence:"Student A said 13."')
    assert "Submitted case #1" in shown


async def test_confirm_submits_only_what_the_author_was_shown(harness: Harness) -> None:
    await people(harness)
    named = CLEAN.replace("The same five students", "Sofia and the same five students")
    named = named.replace("explain every day", "explain every day; I asked Sofia why")
    # confirm:yes on a first attempt confirms nothing: the author has not seen the findings
    first = await harness.ok("zelda", f"/case submit {named} confirm:yes")
    assert "“Sofia”" in first and await _status(harness, 1) == "draft"
    # a new detail added together with confirm:yes is held again
    again = await harness.ok("zelda", '/case submit 1 tried:"I called on Jayden." confirm:yes')
    assert "“Jayden”" in again and "new since" in again
    assert await _status(harness, 1) == "draft"
    done = await harness.ok("zelda", "/case submit 1 confirm:yes")
    assert "Submitted case #1" in done
    # the reviewer is told what the author confirmed
    assert "confirmed these details are fine" in await harness.ok("fay", "/case show 1")


async def test_a_wrong_grade_keeps_the_text_and_says_what_to_fix(harness: Harness) -> None:
    await people(harness)
    shown = await harness.ok("zelda", f"/case submit {CLEAN.replace('grade:6-8', 'grade:7')}")
    assert "grade: can't be “7”" in shown and "6-8" in shown
    assert await _status(harness, 1) == "draft"
    assert "Seventh grade, 28 students" in await harness.ok("zelda", "/case show 1")
    await harness.ok("zelda", "/case submit 1 grade:6-8")
    assert await _status(harness, 1) == "submitted"


async def test_an_unknown_equity_focus_is_named_with_the_choices(harness: Harness) -> None:
    await people(harness)
    shown = await harness.ok("zelda", f"/case submit {CLEAN.replace('identity,', 'identiy,')}")
    assert "“identiy”" in shown and "Did you mean identity" in shown
    assert await _status(harness, 1) == "draft"


async def test_only_the_author_edits_a_case(harness: Harness) -> None:
    await people(harness)
    await harness.ok("zelda", '/case submit title:"Mine"')
    assert "no case #1" in await harness.fails("bob", '/case submit 1 title:"Ours"')
    await _submitted_case(harness, "bob")
    assert "Only the author" in await harness.fails("fay", '/case submit 2 title:"Edited"')
    assert "only drafts and returned" in await harness.fails("bob", '/case submit 2 title:"X"')


# ------------------------------------------------------------------ reviewing


async def test_only_facilitators_review_and_nothing_changes(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    assert "Only facilitators can review cases." in await harness.fails("bob", "/case queue")
    refusal = await harness.fails("zelda", "/case review 1 approve")
    assert "Only facilitators can review cases." in refusal
    assert await _status(harness, 1) == "submitted"
    assert not harness.deliveries.delivered


async def test_review_claims_then_approve_publishes_and_tells_the_author(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    opened = await harness.ok("fay", "/case review 1")
    assert "in review" in opened and "/case review 1 approve" in opened
    assert "being reviewed by fay" in await harness.ok("ana", "/case queue")
    result = await harness.run("fay", "/case review 1 approve")
    assert result.ok and not result.reply.private  # a published case is posted
    assert await _status(harness, 1) == "published"
    [dm] = harness.deliveries.delivered
    assert dm.address.user == "zelda" and dm.address.channel is None
    assert "was published" in dm.reply.plain_text()
    assert "Who gets to explain?" in await harness.ok("bob", "/case list")
    assert "#1" in await harness.ok("bob", "/case search rehearsal")
    assert "only submitted cases" in await harness.fails("fay", "/case review 1 approve")


async def test_return_needs_a_note_and_the_author_can_resubmit(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    result = await harness.run("fay", "/case review 1 return")
    assert result.reply.form is not None and result.reply.form.command == "/case review 1 return"
    assert await _status(harness, 1) == "submitted"
    await harness.ok("fay", '/case review 1 return note:"Say more about what you tried."')
    assert await _status(harness, 1) == "returned"
    [dm] = harness.deliveries.delivered
    assert dm.address.user == "zelda"
    assert "Say more about what you tried." in dm.reply.plain_text()
    assert "Say more" in await harness.ok("zelda", "/case mine")
    assert "no case #1" in await harness.fails("bob", "/case show 1")
    shown = await harness.ok("zelda", '/case submit 1 tried:"Partner rehearsal, daily, 3 weeks."')
    assert "Submitted case #1" in shown
    assert "Who gets to explain?" in await harness.ok("fay", "/case queue")


# ------------------------------------------------------------------ withdrawing


async def test_only_the_author_withdraws(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("fay", "/case review 1 approve")
    assert "Only the author can withdraw" in await harness.fails("bob", "/case withdraw 1")
    assert "Only the author can withdraw" in await harness.fails("fay", "/case withdraw 1")
    assert "Only the author can withdraw" in await harness.fails("ana", "/case withdraw 1")
    assert await _status(harness, 1) == "published"
    # withdrawing something published asks first, and changes nothing until confirmed
    asked = await harness.ok("zelda", "/case withdraw 1")
    assert "confirm:yes" in asked and await _status(harness, 1) == "published"
    assert "no longer in the case library" in await harness.ok(
        "zelda", "/case withdraw 1 confirm:yes"
    )
    assert "Who gets to explain?" not in await harness.ok("bob", "/case list")
    assert "0 published" in await harness.ok("bob", "/case search rehearsal")
    assert "no case #1" in await harness.fails("bob", "/case show 1")
    assert "already withdrawn" in await harness.fails("zelda", "/case withdraw 1")


async def test_withdrawing_a_submitted_case_takes_it_out_of_the_queue(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("zelda", "/case withdraw 1")
    assert "No case is waiting" in await harness.ok("fay", "/case queue")
    assert "only submitted cases" in await harness.fails("fay", "/case review 1 approve")


# ------------------------------------------------------------------ anonymity


async def _published_anonymous(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness, "zelda", "anonymous:yes")
    harness.deliveries.delivered.clear()


async def test_an_anonymous_case_never_shows_its_author_to_members(harness: Harness) -> None:
    await _published_anonymous(harness)
    approved = await harness.run("fay", "/case review 1 approve")
    posted = harness.as_("fay").show(approved)
    assert "Anonymous" in posted and "zelda" not in posted.lower()
    # the only direct message goes to the author
    assert [d.address.user for d in harness.deliveries.delivered] == ["zelda"]
    for command in (
        "/case show 1",
        "/case list",
        "/case list status:published",
        "/case search rehearsal",
        "/case search grade:6-8",
        "/case search focus:identity",
    ):
        shown = await harness.ok("bob", command)
        assert "zelda" not in shown.lower(), command
    assert "Anonymous" in await harness.ok("bob", "/case show 1")
    # searching for the author finds none of their anonymous cases
    assert "0 published" in await harness.ok("bob", "/case search by:@zelda")
    # nor does the resource library show or find the author
    library = await harness.ok("bob", "/resource search type:case-study")
    assert "Who gets to explain?" in library and "zelda" not in library.lower()
    resource_id = library.split("• #", 1)[1].split(" ", 1)[0]
    card = await harness.ok("bob", f"/resource show {resource_id}")
    assert "Partner rehearsal" in card and "zelda" not in card.lower()
    assert "zelda" not in (await harness.ok("bob", "/resource search zelda")).split("\n", 1)[1]
    assert "Who gets" not in await harness.ok("bob", "/resource search by:@zelda")


async def test_facilitators_and_the_author_know_who_wrote_an_anonymous_case(
    harness: Harness,
) -> None:
    await _published_anonymous(harness)
    assert "zelda (anonymous to members)" in await harness.ok("fay", "/case queue")
    assert "zelda (anonymous to members)" in await harness.ok("fay", "/case show 1")
    assert "you (anonymous to members)" in await harness.ok("zelda", "/case show 1")
    await harness.ok("fay", "/case review 1 approve")
    assert "zelda (anonymous to members)" in await harness.ok("ana", "/case show 1")


async def test_a_named_case_shows_its_author(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("fay", "/case review 1 approve")
    assert "zelda" in await harness.ok("bob", "/case show 1")
    assert "#1" in await harness.ok("bob", "/case search by:@zelda")
    assert "shared by zelda" in await harness.ok("bob", "/resource search type:case-study")


async def test_a_published_case_changes_only_through_case(harness: Harness) -> None:
    """Removing or editing the library copy alone would leave the case and its copy apart."""
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("fay", "/case review 1 approve")
    listed = await harness.ok("bob", "/resource search type:case-study")
    resource_id = listed.split("• #", 1)[1].split(" ", 1)[0]
    refused = await harness.fails("fay", f"/resource remove {resource_id}")
    assert "published case #1" in refused and "/case withdraw 1" in refused
    assert "published case #1" in await harness.fails(
        "fay", f'/resource edit {resource_id} title:"Renamed"'
    )
    assert "shared by zelda" in await harness.ok("bob", "/resource search type:case-study")


# ------------------------------------------------------------------ communities


async def test_another_community_sees_nothing(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("fay", "/case review 1 approve")
    other = {"community": "T-OTHER"}
    await harness.ok("olga", "/praxis whoami", **other)  # T-OTHER's admin
    assert "no case #1" in await harness.fails("olga", "/case show 1", **other)
    assert "Who gets" not in await harness.ok("olga", "/case list", **other)
    assert "0 published" in await harness.ok("olga", "/case search rehearsal", **other)
    assert "No case is waiting" in await harness.ok("olga", "/case queue", **other)
    assert "no case #1" in await harness.fails("olga", "/case review 1 return note:x", **other)
    assert "no case #1" in await harness.fails("zelda", "/case withdraw 1", **other)
    assert await _status(harness, 1) == "published"


# ------------------------------------------------------------------ reading


async def test_search_ignores_case_and_accents(harness: Harness) -> None:
    await people(harness)
    text = CLEAN.replace("Who gets to explain?", "Ñandú counting and explaining")
    await _submitted_case(harness, extra="")
    await harness.ok("zelda", f"/case submit {text}")
    await harness.ok("fay", "/case review 2 approve")
    assert "#2" in await harness.ok("bob", "/case search nandu")
    assert "#2" in await harness.ok("bob", "/case search ÑANDÚ counting")
    assert "0 published" in await harness.ok("bob", "/case search nandu zebra")
    # the unpublished case #1 is never found
    assert "#1" not in await harness.ok("bob", "/case search rehearsal")


async def test_list_by_status_is_scoped_to_what_each_person_may_see(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness, "zelda")
    await _submitted_case(harness, "bob")
    assert "2 " in (await harness.ok("fay", "/case list status:submitted")).split(")")[0] + " "
    mine = await harness.ok("bob", "/case list status:submitted")
    assert "#2" in mine and "#1" not in mine and "your own" in mine


async def test_forget_me_deletes_drafts_but_not_submitted_cases(harness: Harness) -> None:
    await people(harness)
    await harness.ok("zelda", '/case submit title:"Half-written"')
    await _submitted_case(harness, "zelda", "new:yes")
    assert "1 unsubmitted case draft." in await harness.ok("zelda", "/praxis forget-me")
    await harness.ok("zelda", "/praxis forget-me confirm:yes")
    mine = await harness.ok("zelda", "/case mine")
    assert "Half-written" not in mine and "Who gets to explain?" in mine


async def test_demo_has_published_cases_one_anonymous_and_one_in_review(harness: Harness) -> None:
    app = harness.app
    await load_demo(app.services, app.registry)
    await load_demo(app.services, app.registry)
    async with app.services.db.session() as session:
        counts = dict(
            (await session.execute(select(Case.status, func.count()).group_by(Case.status))).all()
        )
    assert counts == {"published": 3, "in-review": 1}
    listed = await harness.ok("newcomer", "/case list")
    assert "Anonymous" in listed and "María Hernández" in listed
    assert "Tom" not in listed
    await harness.with_role("newcomer", Role.FACILITATOR)
    queue = await harness.ok("newcomer", "/case queue")
    assert "Diego Ramírez" in queue and "being reviewed by Marcus Lee" in queue


# ------------------------------------------------------------------ the library


async def test_published_cases_are_in_the_resource_library(harness: Harness) -> None:
    await people(harness)
    await _submitted_case(harness)
    assert "Who gets" not in await harness.ok("bob", "/resource search type:case-study")
    await harness.ok("fay", "/case review 1 approve")
    found = await harness.ok("bob", "/resource search rehearsal type:case-study")
    assert "Who gets to explain?" in found
    assert "Who gets" in await harness.ok("bob", "/resource search standard:7.RP")
    assert "Who gets" in await harness.ok("bob", "/resource search type:case-study grade:6-8")
    await harness.ok("zelda", "/case withdraw 1 confirm:yes")
    assert "Who gets" not in await harness.ok("bob", "/resource search rehearsal")


async def test_case_search_ranks_with_filters_and_lists_newest_without_words(
    harness: Harness,
) -> None:
    await people(harness)
    await _submitted_case(harness)
    await harness.ok("fay", "/case review 1 approve")
    k2 = CLEAN.replace("grade:6-8", "grade:K-2").replace(
        "Who gets to explain?", "Counting collections"
    )
    await harness.ok("bob", f"/case submit {k2}")
    await harness.ok("fay", "/case review 2 approve")
    both = await harness.ok("bob", "/case search focus:identity")
    assert both.index("#2") < both.index("#1")  # newest first with no words
    only = await harness.ok("bob", "/case search rehearsal grade:K-2")
    assert "#2" in only and "#1 " not in only
    assert "one equity focus at a time" in await harness.fails(
        "bob", "/case search focus:identity,deep-math"
    )
