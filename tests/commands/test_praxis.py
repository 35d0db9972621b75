"""/praxis: roles, profiles, settings and forget-me, as people use them."""

from __future__ import annotations

from tests.harness import Harness


async def test_first_person_is_admin_and_next_is_member(harness: Harness) -> None:
    assert "Role       admin" in await harness.ok("ana", "/praxis whoami")
    assert "Role       member" in await harness.ok("ben", "/praxis whoami")


async def test_whoami_shows_role_and_time_zone(harness: Harness) -> None:
    await harness.ok("ana", '/praxis profile set timezone:america/chicago district:"Oak Unified"')
    shown = await harness.ok("ana", "/praxis whoami")
    assert "America/Chicago" in shown
    assert "Oak Unified" in shown


async def test_member_cannot_grant_roles_and_nothing_changes(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("ben", "/praxis whoami")
    refusal = await harness.fails("ben", "/praxis role grant @ben admin")
    assert "Only admins" in refusal
    assert "Role       member" in await harness.ok("ben", "/praxis whoami")


async def test_admin_grants_and_revokes_facilitator(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("ben", "/praxis whoami")
    assert "now a facilitator" in await harness.ok("ana", "/praxis role grant @ben facilitator")
    assert "Role       facilitator" in await harness.ok("ben", "/praxis whoami")
    await harness.ok("ana", "/praxis role revoke @ben facilitator")
    assert "Role       member" in await harness.ok("ben", "/praxis whoami")


async def test_last_admin_cannot_be_revoked(harness: Harness) -> None:
    await harness.community("ana")
    assert "at least one admin" in await harness.fails("ana", "/praxis role revoke @ana admin")


async def test_unknown_person_is_named_in_the_error(harness: Harness) -> None:
    await harness.community("ana")
    assert "@nobody" in await harness.fails("ana", "/praxis role grant @nobody facilitator")


async def test_bad_time_zone_is_refused_with_a_hint(harness: Harness) -> None:
    shown = await harness.fails("ana", "/praxis profile set timezone:America/Chicagoo")
    assert "America/Chicago" in shown
    assert "UTC" in await harness.ok("ana", "/praxis whoami")


async def test_settings_are_admin_only(harness: Harness) -> None:
    await harness.community("ana")
    assert "Only admins" in await harness.fails("ben", "/praxis settings timezone:Europe/Paris")
    await harness.ok("ana", '/praxis settings timezone:Europe/Paris quiet-hours:"21:00-07:00"')
    shown = await harness.ok("ana", "/praxis settings")
    assert "Europe/Paris" in shown and "21:00-07:00" in shown


async def test_forget_me_asks_first_then_deletes_profile(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set school:Lincoln position:coach")
    preview = await harness.ok("ana", "/praxis forget-me")
    assert "would delete" in preview and "profile" in preview
    assert "Lincoln" in await harness.ok("ana", "/praxis whoami")
    await harness.ok("ana", "/praxis forget-me confirm:yes")
    assert "Lincoln" not in await harness.ok("ana", "/praxis whoami")


async def test_help_lists_every_family_and_usage(harness: Harness) -> None:
    from bot.grammar.help import pages

    count = len(pages(harness.app.registry))
    shown = await harness.ok("ana", "/praxis help")
    for page in range(2, count + 1):
        shown += await harness.ok("ana", f"/praxis help page:{page}")
    for family, sub in harness.app.registry.commands():
        assert family.usage(sub) in shown
    assert "Number" not in await harness.ok("ana", "/praxis help whoami")
    assert "no help topic" in await harness.fails("ana", "/praxis help nonsense")
    usage = await harness.ok("ana", "/praxis help role")
    assert "/praxis role grant|revoke <@user> facilitator|admin" in usage
