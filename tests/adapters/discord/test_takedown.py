"""Acceptance on Discord: a published case naming a student is unpublished by a facilitator.

The real discord.py client against FakeDiscord: the teacher submits (and
confirms) a case naming a student, an admin approves it, then unpublishes it;
it is gone from search, show, list, the library and the export, the teacher
gets a direct message, and the owner reads the audit log.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.discord.conftest import Stack
from tests.adapters.discord.test_e2e import command, person, shown

pytestmark = pytest.mark.asyncio(loop_scope="module")

CASE = {
    "title": "Whose explanation counts",
    "grade": "6-8",
    "context": "Seventh grade, 28 students, proportional relationships (7.RP.A.2).",
    "problem": "The same few students explain every day.",
    "focus": "identity",
    "tried": "Partner rehearsal before whole-class sharing.",
    "evidence": "By November even Quetzalli Obregón explained her ratio table.",
    "question": "How do you keep rehearsal from becoming the confident partner talking?",
}


def _files(request: Any) -> str:
    return "\n".join(f.data.decode("utf-8", "replace") for f in request.files)


async def test_a_published_case_naming_a_student_is_unpublished(stack: Stack) -> None:
    fake = stack.fake
    await command(stack, "praxis whoami", who="owner")
    await command(stack, "praxis whoami", who="teacher")
    _, held = await command(stack, "case submit", CASE, who="teacher")
    assert "may identify a student" in shown(held.data) and held.ephemeral
    _, submitted = await command(stack, "case submit", {"confirm": "yes"}, who="teacher")
    assert "Submitted case #" in shown(submitted.data), shown(submitted.data)
    number = shown(submitted.data).split("Submitted case #", 1)[1].split(" ", 1)[0]
    _, approved = await command(
        stack, "case review", {"case": number, "action": "approve"}, "admin"
    )
    assert "Published case" in shown(approved.data), shown(approved.data)
    _, found = await command(stack, "case search", {"query": "Quetzalli"}, who="teacher")
    assert CASE["title"] in shown(found.data)

    _, done = await command(
        stack,
        "case unpublish",
        {"case": number, "note": "It names a student.", "confirm": "yes"},
        who="admin",
    )
    assert "out of the library" in shown(done.data) and done.ephemeral

    teacher = person(stack, "teacher")
    dm = await fake.wait_for(
        lambda r: (
            teacher.id in fake.dm_channels
            and r.method == "POST"
            and r.path == f"/channels/{fake.dm_channels[teacher.id]['id']}/messages"
            and "took your case" in shown(r.json or {})
        )
    )
    assert "It names a student." in shown(dm.json)
    for name, options in (
        ("case search", {"query": "Quetzalli"}),
        ("case list", {}),
        ("resource search", {"query": "Quetzalli"}),
        ("resource search", {"type": "case-study"}),
    ):
        _, answer = await command(stack, name, options, who="owner")
        assert CASE["title"] not in shown(answer.data), name
    _, back = await command(stack, "case show", {"case": number}, who="teacher")
    assert "Status returned" in shown(back.data), "back with its author"
    _, log = await command(stack, "praxis audit", {}, who="owner")
    assert f"unpublished case #{number}" in shown(log.data)
    assert "It names a student." in shown(log.data) and "Quetzalli" not in shown(log.data)
    _, refused = await command(stack, "praxis audit", {}, who="teacher")
    assert "Only admins" in shown(refused.data)
    token, _ = await command(stack, "praxis export", {"what": "cases"}, who="owner")
    exported = await fake.wait_for(lambda r: token in r.path and bool(r.files))
    assert "Quetzalli" not in _files(exported)
