"""Takedown and moderation, as a facilitator and an author live them (the console stack).

A published case that names a student is unpublished by a facilitator: it is
gone from search, show, list, the library and the exports at once, its author
is told by direct message, and the audit log (admins only) records it.
"""

from __future__ import annotations

from bot.kernel.reply import Attachment
from tests.commands.case.helpers import CLEAN
from tests.commands.case.helpers import people as _people
from tests.commands.case.test_case import _status
from tests.harness import Harness

NAMING = CLEAN.replace(
    'evidence:"Distinct explainers per week rose from 5 to 13; 68% on the exit ticket."',
    'evidence:"By November even Mateo Okafor explained his ratio table to the class."',
)


def _files(result: object) -> str:
    blocks = result.reply.blocks  # type: ignore[attr-defined]
    return "\n".join(b.data.decode("utf-8", "replace") for b in blocks if isinstance(b, Attachment))


async def _published_naming_a_student(harness: Harness) -> None:
    await _people(harness)
    held = await harness.ok("zelda", f"/case submit {NAMING}")
    assert "Mateo Okafor" in held and "Nothing was submitted" in held
    await harness.ok("zelda", "/case submit 1 confirm:yes")
    await harness.ok("fay", "/case review 1 approve")
    assert await _status(harness, 1) == "published"
    assert "Who gets to explain?" in await harness.ok("bob", "/case search Mateo Okafor")


async def test_a_facilitator_unpublishes_a_case_naming_a_student(harness: Harness) -> None:
    await _published_naming_a_student(harness)
    asked = await harness.ok("fay", '/case unpublish 1 note:"It names a student."')
    assert "confirm:yes" in asked and await _status(harness, 1) == "published"
    before = len(harness.deliveries.delivered)
    done = await harness.ok("fay", '/case unpublish 1 note:"It names a student." confirm:yes')
    assert "out of the library" in done
    assert await _status(harness, 1) == "returned"
    # gone from every read path at once
    assert "0 published" in await harness.ok("bob", "/case search Mateo Okafor")
    assert "no case #1" in await harness.fails("bob", "/case show 1")
    assert "Who gets to explain?" not in await harness.ok("bob", "/case list")
    assert "Who gets" not in await harness.ok("bob", "/resource search type:case-study")
    assert "Nothing matches" in await harness.ok("bob", "/resource search Mateo Okafor")
    export = await harness.run("fay", "/praxis export cases")
    assert "Mateo" not in _files(export) and "Who gets" not in _files(export)
    # the author is told, with the note, and has the case back to edit
    told = [d for d in harness.deliveries.delivered[before:] if d.address.user == "zelda"]
    assert len(told) == 1 and "took your case #1" in told[0].reply.plain_text()
    assert "It names a student." in told[0].reply.plain_text()
    assert "returned" in await harness.ok("zelda", "/case mine")
    # the audit log records it, for admins only
    log = await harness.ok("ana", "/praxis audit")
    assert "fay unpublished case #1" in log and "fay approved case #1" in log
    assert "It names a student." in log and "Mateo" not in log
    assert "Only admins" in await harness.fails("fay", "/praxis audit")
    assert "Only admins" in await harness.fails("bob", "/praxis audit")
    assert "Only admins" in await harness.fails("fay", "/praxis export audit")
    audit_csv = _files(await harness.run("ana", "/praxis export audit"))
    assert "unpublished" in audit_csv and "approved" in audit_csv and "Mateo" not in audit_csv
    # edited and resubmitted, it goes through review again
    await harness.ok(
        "zelda",
        '/case submit 1 evidence:"By November even Student A explained a ratio table."',
    )
    assert await _status(harness, 1) == "submitted"


async def test_only_facilitators_unpublish_and_only_published_cases(harness: Harness) -> None:
    await _published_naming_a_student(harness)
    assert "Only facilitators and admins" in await harness.fails(
        "bob", "/case unpublish 1 confirm:yes"
    )
    assert "Only facilitators and admins" in await harness.fails(
        "zelda", "/case unpublish 1 confirm:yes"
    )
    await harness.ok("ana", "/case unpublish 1 confirm:yes")  # an admin may too
    assert "not published" in await harness.fails("fay", "/case unpublish 1 confirm:yes")


async def test_a_note_with_approve_reaches_the_author(harness: Harness) -> None:
    await _people(harness)
    await harness.ok("zelda", f"/case submit {CLEAN}")
    before = len(harness.deliveries.delivered)
    await harness.ok("fay", '/case review 1 approve note:"Lovely use of the 5 Practices."')
    told = [d.reply.plain_text() for d in harness.deliveries.delivered[before:]]
    assert any("published" in t and "Lovely use of the 5 Practices." in t for t in told)


async def test_a_note_naming_a_student_is_held_until_confirmed(harness: Harness) -> None:
    await _people(harness)
    await harness.ok("zelda", f"/case submit {CLEAN}")
    held = await harness.ok("fay", '/case review 1 return note:"Jayden should not be named"')
    assert "Nothing was sent" in held and "confirm:yes" in held
    assert await _status(harness, 1) == "submitted"
    await harness.ok("fay", '/case review 1 return note:"Jayden should not be named" confirm:yes')
    assert await _status(harness, 1) == "returned"


async def test_a_facilitator_cannot_approve_their_own_case_when_another_exists(
    harness: Harness,
) -> None:
    await _people(harness)
    await harness.ok("fay", f"/case submit {CLEAN}")
    assert "another facilitator" in await harness.fails("fay", "/case review 1 approve")
    await harness.ok("ana", "/case review 1 approve")  # ana, an admin, is another
    assert await _status(harness, 1) == "published"


async def test_a_lone_facilitator_may_approve_their_own_case(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("ana", f"/case submit {CLEAN}")
    await harness.ok("ana", "/case review 1 approve")
    assert await _status(harness, 1) == "published"


async def test_an_anonymous_author_cannot_rate_their_own_case(harness: Harness) -> None:
    await _people(harness)
    await harness.ok("zelda", f"/case submit {CLEAN} anonymous:yes")
    await harness.ok("fay", "/case review 1 approve")
    found = await harness.ok("zelda", "/resource search type:case-study")
    assert "Who gets to explain?" in found
    assert "can't rate" in await harness.fails("zelda", "/resource rate 1 5")
    await harness.ok("bob", "/resource rate 1 5")


async def test_submit_without_an_id_never_replaces_an_open_draft(harness: Harness) -> None:
    await _people(harness)
    await harness.ok("zelda", 'case submit title:"Quiet voices" context:"Grade 4, 22 students."')
    shown = await harness.ok("zelda", 'case submit title:"Loud voices" problem:"Who talks."')
    assert "open draft #1" in shown and "new draft #2" in shown
    mine = await harness.ok("zelda", "/case mine")
    assert "Quiet voices" in mine and "Loud voices" in mine
    # filling parts the draft does not have yet continues it
    await harness.ok("zelda", 'case submit 2 tried:"Talk moves."')
    await harness.ok("zelda", 'case submit question:"How?"')
    assert "Saved your draft #2" in await harness.ok("zelda", "case submit grade:3-5")


async def test_a_facilitator_hides_a_resource_and_its_sharer_is_told(harness: Harness) -> None:
    await _people(harness)
    await harness.ok(
        "bob", '/resource share url:https://example.org/t title:"Tape diagrams" type:task'
    )
    assert "Only facilitators" in await harness.fails("zelda", "/resource hide 1 confirm:yes")
    asked = await harness.ok("fay", '/resource hide 1 note:"The photo shows faces."')
    assert "confirm:yes" in asked and "Tape diagrams" in await harness.ok(
        "zelda", "/resource show 1"
    )
    before = len(harness.deliveries.delivered)
    await harness.ok("fay", '/resource hide 1 note:"The photo shows faces." confirm:yes')
    assert "no resource #1" in await harness.fails("zelda", "/resource show 1")
    told = [d for d in harness.deliveries.delivered[before:] if d.address.user == "bob"]
    text = told[0].reply.plain_text()
    assert "The photo shows faces." in text and "https://example.org/t" in text
    assert "fay hidden resource #1" in await harness.ok("ana", "/praxis audit")


async def test_removing_asks_first_and_a_facilitators_removal_tells_the_sharer(
    harness: Harness,
) -> None:
    await _people(harness)
    await harness.ok("bob", '/resource share url:https://example.org/u title:"Area" type:task')
    assert "confirm:yes" in await harness.ok("bob", "/resource remove 1")
    assert "Area" in await harness.ok("zelda", "/resource show 1")
    before = len(harness.deliveries.delivered)
    await harness.ok("fay", "/resource remove 1 confirm:yes")
    assert [d.address.user for d in harness.deliveries.delivered[before:]] == ["bob"]
    assert "fay removed resource #1" in await harness.ok("ana", "/praxis audit")


async def test_a_resource_description_naming_a_student_is_held(harness: Harness) -> None:
    await harness.community("ana")
    command = (
        '/resource share url:https://example.org/v title:"Fraction strips" type:task '
        'description:"Keisha Brown made these for her group"'
    )
    held = await harness.ok("ben", command)
    assert "Nothing was saved" in held and "Keisha Brown" in held and "confirm:yes" in held
    assert 'description:"Keisha Brown made these for her group"' in held, "shown back whole"
    assert "Nothing matches" in await harness.ok("ben", "/resource search fraction strips")
    await harness.ok("ben", command + " confirm:yes")
    assert "Fraction strips" in await harness.ok("ben", "/resource search fraction strips")


async def test_a_community_adds_its_own_published_names(harness: Harness) -> None:
    await _people(harness)
    text = CLEAN.replace(
        'question:"How do you keep rehearsal from becoming the confident partner talking?"',
        'question:"How would Kassandra Wolfe-Ortiz frame rehearsal?"',
    )
    assert "check these details" in await harness.ok("zelda", f"/case submit {text} draft:yes")
    assert "Only facilitators" in await harness.fails(
        "bob", '/praxis published add "Kassandra Wolfe-Ortiz"'
    )
    await harness.ok("fay", '/praxis published add "Kassandra Wolfe-Ortiz"')
    assert "Kassandra Wolfe-Ortiz" in await harness.ok("bob", "/praxis published")
    assert "Submitted case #2" in await harness.ok("zelda", f"/case submit new:yes {text}")


async def test_a_name_flagged_in_one_part_is_flagged_in_every_part(harness: Harness) -> None:
    await _people(harness)
    text = CLEAN.replace(
        'problem:"The same five students explain every day."',
        'problem:"My student Hope never explains."',
    ).replace(
        'tried:"Partner rehearsal before sharing, from October 12 on; grade 7 team agreed."',
        'tried:"Partner rehearsal with Hope first."',
    )
    shown = await harness.ok("zelda", f"/case submit {text}")
    assert "in Problem of practice" in shown and "in What was tried" in shown
