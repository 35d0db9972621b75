"""/praxis in Spanish: a member's own choice, the community's default, and auto."""

from __future__ import annotations

from tests.harness import Harness

ENGLISH_PROFILE = ("Role", "District", "Time zone", "Language", "Your profile", "set yours")


async def test_a_member_who_chooses_spanish_reads_whoami_and_profile_in_spanish(
    harness: Harness,
) -> None:
    await harness.community("ana")
    saved = await harness.ok("ben", '/praxis profile set language:es district:"Valle Verde"')
    # The answer to the change is already in the language just chosen.
    assert "Guardé tu perfil." in saved and "Saved your profile" not in saved
    assert "Idioma" in saved and "Español" in saved
    whoami = await harness.ok("ben", "/praxis whoami")
    assert "ben en console" in whoami
    for spanish in ("Rol", "miembro", "Distrito", "Valle Verde", "Zona horaria", "Idioma"):
        assert spanish in whoami
    assert "elige la tuya con /praxis profile set" in whoami  # the time zone's hint
    profile = await harness.ok("ben", "/praxis profile")
    assert "Tu perfil" in profile and "Español" in profile
    for english in ENGLISH_PROFILE:
        assert english not in whoami and english not in profile
    # Someone else, who chose nothing, still reads English.
    assert "Role       admin" in await harness.ok("ana", "/praxis whoami")


async def test_the_communitys_default_language_and_each_members_choice(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("ben", "/praxis whoami")
    await harness.ok("cara", "/praxis profile set language:en")
    saved = await harness.ok("ana", "/praxis settings language:es")
    # The admin chose nothing for herself, so the answer is in the new default already.
    assert "Guardé la configuración de la comunidad." in saved
    assert "los demás ahora leen en Español" in saved
    ben = await harness.ok("ben", "/praxis whoami")
    assert "Rol" in ben and "Idioma" in ben
    assert "Español (el de la comunidad; elige el tuyo con /praxis profile set language:en)" in ben
    cara = await harness.ok("cara", "/praxis whoami")
    assert "Role" in cara and "Language   English" in cara and "Idioma" not in cara
    # auto clears cara's choice: she follows the community again.
    cleared = await harness.ok("cara", "/praxis profile set language:auto")
    assert "Guardé tu perfil." in cleared
    assert "Español (el de la comunidad" in await harness.ok("cara", "/praxis whoami")
    # And auto on the community goes back to English for everyone who chose nothing.
    back = await harness.ok("ana", "/praxis settings language:auto")
    assert "Saved the community settings." in back and "English (the default)" in back
    assert "Role" in await harness.ok("ben", "/praxis whoami")


async def test_an_unknown_language_is_refused_in_the_askers_language(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set language:es")
    refused = await harness.fails("ana", "/praxis profile set language:klingon")
    assert "Hablo en (English), es (Español)" in refused
    assert "language:auto" in refused


async def test_roles_forget_me_and_published_names_in_spanish(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set language:es school:Lincoln")
    await harness.ok("ben", "/praxis whoami")
    granted = await harness.ok("ana", "/praxis role grant @ben facilitator")
    assert "ben ahora es persona facilitadora." in granted
    assert "ya es persona facilitadora" in await harness.ok(
        "ana", "/praxis role grant @ben facilitator"
    )
    assert "al menos una persona administradora" in await harness.fails(
        "ana", "/praxis role revoke @ana admin"
    )
    preview = await harness.ok("ana", "/praxis forget-me")
    assert "Esto borraría:" in preview and "tu perfil" in preview
    assert "confirm:yes" in preview and "would delete" not in preview
    published = await harness.ok("ana", '/praxis published add "Marian Small"')
    assert "Agregué «Marian Small»" in published


async def test_the_school_calendar_in_spanish(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set language:es")
    added = await harness.ok(
        "ana", '/praxis calendar add 2026-12-21..2027-01-01 "Vacaciones de invierno"'
    )
    assert "Agregué #1 Vacaciones de invierno (vacaciones, del lun 21 dic 2026 al" in added
    assert "al calendario de toda la comunidad" in added
    assert "Mon" not in added and "Dec" not in added
    listed = await harness.ok("ana", "/praxis calendar")
    assert "Calendario escolar" in listed and "Toda la comunidad" in listed
    removed = await harness.ok("ana", "/praxis calendar remove 1")
    assert "Quité #1 Vacaciones de invierno" in removed
    assert "Todavía no hay entradas" in await harness.ok("ana", "/praxis calendar")
