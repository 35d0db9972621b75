"""The library in Spanish (issue 19): a Spanish-speaking member shares, searches and reads
cards in Spanish, a sharer is told of a take-down in their own language, and Spanish
words for the typed choices (type:tarea, grade:todos) are stored as the English choice."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.grammar.spec import Option
from bot.grammar.values import convert
from bot.kernel.language import Language
from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from commands.resource import FAMILY
from commands.resource.choices import GRADE_ALIASES, TYPE_ALIASES
from storage.resources import Resource
from tests.adapters.spanish import assert_english, assert_spanish, english_words
from tests.harness import Harness

# Titles and descriptions people wrote: chosen without any English or Spanish function word,
# so what the bot says around them decides the language.
SHARE = (
    "/resource share url:https://example.org/fracciones title:Fracciones type:tarea "
    "grade:todos tags:fracciones description:Rectas"
)


def option(sub: str, name: str) -> Option:
    command = next(s for s in FAMILY.subcommands if s.name == sub)
    return next(o for o in command.options if o.name == name)


async def spanish(harness: Harness, *names: str) -> None:
    for name in names:
        await harness.ok(name, "/praxis whoami")
        await harness.ok(name, "/praxis profile set language:es")


async def stored(harness: Harness, resource_id: int) -> Resource:
    async with harness.app.db.session() as session:
        found = await session.scalar(select(Resource).where(Resource.id == resource_id))
        assert found is not None
        return found


async def test_a_spanish_member_shares_searches_and_reads_cards_in_spanish(
    harness: Harness,
) -> None:
    await harness.community("ana")
    await spanish(harness, "lucia")
    shared = await harness.ok("lucia", SHARE)
    assert "lucia compartió un recurso." in shared
    assert "Tipo" in shared and "tarea" in shared and "Grados" in shared and "todos" in shared
    assert "Calificar 5" in shared and "Guardar" in shared
    assert "shared a resource" not in shared and "Rate 5" not in shared
    found = await harness.ok("lucia", "/resource search fracciones")
    assert "Recursos que coinciden con “fracciones”" in found
    assert "compartido por lucia" in found and "Resultados 1–1 de 1" in found
    assert_spanish(found)
    card = await harness.ok("lucia", "/resource show 1")
    assert "sin calificaciones todavía" in card and "Enlace:" in card
    assert not english_words(card), card  # labels only: no sentence to read as Spanish
    nothing = await harness.ok("lucia", "/resource search decimales")
    assert "No hay coincidencias" in nothing
    await harness.ok("ana", "/resource rate 1 4")
    assert "★ 4,0 de 1 calificación" in await harness.ok("lucia", "/resource show 1")
    saved = await harness.ok("lucia", "/resource save 1")
    assert "Guardaste #1 Fracciones" in saved
    assert "Tus recursos guardados" in await harness.ok("lucia", "/resource saved")
    # The same library, read by an English speaker, is in English.
    english = await harness.ok("ana", "/resource search fracciones")
    assert "Resources matching" in english and "shared by lucia" in english
    assert_english(english)


async def test_a_text_that_may_name_a_student_is_held_in_spanish(harness: Harness) -> None:
    await harness.community("ana")
    await spanish(harness, "lucia")
    held = await harness.ok(
        "lucia",
        "/resource share url:https://example.org/f title:Fracciones type:tarea "
        'description:"Juan Pérez explicó su estrategia"',
    )
    assert "No se guardó nada: Este recurso podría identificar" in held
    assert "compártelo tal como está" in held and "confirm:yes" in held
    assert "Está bien: compartirlo" in held
    assert "This resource" not in held
    assert "No hay coincidencias" in await harness.ok("lucia", "/resource search")


async def test_a_spanish_sharer_is_told_of_a_take_down_in_spanish(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("fay", Role.FACILITATOR)
    await spanish(harness, "lucia")
    await harness.ok("lucia", SHARE)
    asked = await harness.ok("fay", '/resource hide 1 note:"Add the answer key"')
    assert "Nothing changes until you run" in asked
    seen = len(harness.deliveries.delivered)
    done = await harness.ok("fay", '/resource hide 1 note:"Add the answer key" confirm:yes')
    assert "Hid #1 Fracciones" in done and "Its sharer has been told." in done
    told = [d.reply for d in harness.deliveries.delivered[seen:]]
    assert len(told) == 1 and told[0].language is Language.ES
    notice = told[0].plain_text()
    assert "Alguien de facilitación sacó tu recurso #1 “Fracciones”" in notice
    assert "Su nota: Add the answer key" in notice  # the note stays as the facilitator wrote it
    assert "Lo que compartiste: Fracciones (tarea) https://example.org/fracciones" in notice
    assert "Compártelo de nuevo con /resource share" in notice
    assert "A facilitator took" not in notice


async def test_a_spanish_facilitator_removes_and_the_english_sharer_reads_english(
    harness: Harness,
) -> None:
    await harness.community("ana")
    await harness.with_role("fay", Role.FACILITATOR)
    await spanish(harness, "fay")
    await harness.ok("ben", "/resource share url:https://example.org/ratios title:Ratios type:task")
    asked = await harness.ok("fay", "/resource remove 1")
    assert "Nada cambia hasta que ejecutes /resource remove 1 confirm:yes" in asked
    assert "Quitarlo" in asked
    seen = len(harness.deliveries.delivered)
    done = await harness.ok("fay", "/resource remove 1 confirm:yes")
    assert "Quitaste #1 Ratios" in done and "Se le avisó a quien lo compartió." in done
    told = [d.reply for d in harness.deliveries.delivered[seen:]]
    assert [reply.language for reply in told] == [Language.EN]
    assert [reply.plain_text() for reply in told] == [
        "A facilitator took your resource #1 “Ratios” out of the library."
    ]
    assert "Aquí no hay ningún recurso #1." in await harness.fails("fay", "/resource show 1")


async def test_spanish_choices_are_stored_as_the_english_choice(harness: Harness) -> None:
    await harness.community("ana")
    await spanish(harness, "lucia")
    await harness.ok("lucia", SHARE)
    resource = await stored(harness, 1)
    assert (resource.type, resource.grade) == ("task", "all")
    # English readers see the stored choice in English; filters take either word.
    assert "all grades" in await harness.ok("ana", "/resource search type:task")
    assert "Fracciones" in await harness.ok("ana", "/resource search type:tarea grade:todos")
    await harness.ok("lucia", "/resource edit 1 type:Rúbrica grade:3-5")
    assert (await stored(harness, 1)).type == "rubric"


async def test_a_spanish_misspelling_gets_a_did_you_mean(harness: Harness) -> None:
    await harness.community("ana")
    await spanish(harness, "lucia")
    wrong = await harness.fails(
        "lucia", "/resource share url:https://example.org/a title:Recta type:tareas"
    )
    assert "¿Quisiste decir tarea?" in wrong
    assert "task (tarea)" in wrong  # the choices, each with its Spanish word
    band = await harness.fails("lucia", "/resource search grade:tods")
    assert "¿Quisiste decir todos?" in band


ALIASES = st.sampled_from(
    [("type", alias, choice) for alias, choice in TYPE_ALIASES]
    + [("grade", alias, choice) for alias, choice in GRADE_ALIASES]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(entry=ALIASES, sub=st.sampled_from(["share", "search", "edit"]), data=st.data())
def test_any_alias_in_any_case_is_its_choice(
    entry: tuple[str, str, str], sub: str, data: st.DataObject
) -> None:
    name, alias, choice = entry
    flips = data.draw(st.lists(st.booleans(), min_size=len(alias), max_size=len(alias)))
    typed = "".join(ch.upper() if up else ch for ch, up in zip(alias, flips, strict=True))
    padded = data.draw(st.sampled_from(["", " ", "  "]))
    assert convert(option(sub, name), padded + typed + padded) == choice


async def test_the_librarys_report_and_digest_parts_are_in_spanish(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.ok("ana", "/praxis settings language:es")
    await harness.ok("ana", '/praxis digest to:#general when:"every monday 8:00"')
    clock.set(datetime(2026, 11, 25, 10, tzinfo=UTC))
    await harness.ok("ben", "/resource share url:https://example.org/t title:Teselados type:task")
    await harness.ok("ana", "/resource save 1")
    report = await harness.ok("ana", "/praxis report")
    for text in ("Recursos compartidos", "Compartidos, por tipo", "tarea", "1 guardado"):
        assert text in report, report
    # The count and its word agree: one is "compartido", not "compartidos".
    assert "1 compartido" in report and "1 compartidos" not in report, report
    assert "Resources shared" not in report and "1 save" not in report
    clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
    seen = len(harness.deliveries.delivered)
    await app.engine.run_due(clock.now())
    [post] = harness.deliveries.delivered[seen:]
    digest = post.reply.plain_text()
    assert "Recursos nuevos" in digest and "Teselados" in digest and "tarea" in digest
    assert "New resources" not in digest


async def test_a_bad_link_tag_or_standard_is_refused_in_spanish(harness: Harness) -> None:
    await spanish(harness, "lucia")
    refusals = {
        "link": await harness.fails(
            "lucia", "/resource share url:ftp://ejemplo title:Fracciones type:tarea"
        ),
        "tag": await harness.fails(
            "lucia",
            "/resource share url:https://example.org/a title:Fracciones type:tarea tags:¡¿!",
        ),
        "standard": await harness.fails(
            "lucia",
            "/resource share url:https://example.org/b title:Fracciones type:tarea standard:quinto",
        ),
    }
    assert "no es un enlace web" in refusals["link"]
    assert "no sirve como etiqueta" in refusals["tag"]
    assert "no parece un código de estándar" in refusals["standard"]
    for shown in refusals.values():
        # What was typed is echoed in quotes, and usage lines are syntax.
        first = shown.splitlines()[0]
        assert not english_words(first), first
    async with harness.app.db.session() as session:
        assert await session.scalar(select(Resource.id)) is None, "nothing was shared"
