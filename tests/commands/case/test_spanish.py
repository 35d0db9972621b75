"""/case in Spanish (issue 19): a Spanish author writes and follows a case in Spanish, an
English facilitator reviews it in English, and each author's direct message comes in the
author's own language. Typed Spanish choices are stored as their English values."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.grammar.spec import Option
from bot.grammar.values import convert
from bot.kernel.language import Language, speaking
from commands.case import ACTION_ALIASES, FAMILY
from commands.case.browse import STATUS_ALIASES, STATUS_CHOICES
from commands.case.fields import GRADE_ALIASES, check_grade
from storage.cases import Case
from storage.resource_models import GRADE_BANDS
from tests.commands.case.helpers import CLEAN, people
from tests.harness import Harness
from tests.lookups import labels, suggest

SPANISH_CASE = CLEAN.replace("grade:6-8", "grade:todos") + " anonymous:sí"


async def _case(harness: Harness, case_id: int) -> Case:
    async with harness.app.services.db.session() as session:
        return (await session.execute(select(Case).where(Case.id == case_id))).scalar_one()


async def test_a_spanish_author_writes_a_case_and_follows_it_in_spanish(harness: Harness) -> None:
    await people(harness)
    await harness.ok("zelda", "/praxis profile set language:es")

    result = await harness.run("zelda", "/case submit")
    form = result.reply.form
    assert form is not None and form.title == "Nuevo caso de práctica"
    labels = {f.name: f.label for f in form.fields}
    assert labels["context"] == "Contexto (el entorno; sin nombres)"
    assert labels["anonymous"] == "¿Anónimo para los miembros? (sí o no)"
    assert form.submit_label == "Enviar caso"
    assert all(len(f.label) <= 45 for f in form.fields)  # Discord's limit, in Spanish too
    assert "Escribe tu caso" in result.reply.plain_text()

    partial = await harness.ok("zelda", '/case submit title:"Voces calladas" grade:3-5')
    assert "Se guardó tu borrador #1" in partial and "Falta para poder enviarlo" in partial
    assert "Saved your draft" not in partial

    submitted = await harness.ok("zelda", f"/case submit new:yes {SPANISH_CASE}")
    assert "Enviaste el caso #2" in submitted and "a revisión" in submitted
    assert "Los miembros no verán que lo escribiste tú" in submitted
    assert "Submitted case" not in submitted

    stored = await _case(harness, 2)
    assert stored.status == "submitted" and stored.grade == "all" and stored.anonymous

    shown = await harness.ok("zelda", "/case show 2")
    assert "Estado" in shown and "enviado" in shown
    assert "Banda de grados" in shown and "todos" in shown
    assert "tú (anónimo para los miembros)" in shown
    mine = await harness.ok("zelda", "/case mine")
    assert "Tus casos, los más recientes primero." in mine and "borrador" in mine
    assert "tuyo (anónimo para los miembros) · enviado" in mine
    assert "Your cases" not in mine


async def test_an_english_reviewer_reads_english_and_each_author_hears_their_own_language(
    harness: Harness,
) -> None:
    await people(harness)
    await harness.ok("zelda", "/praxis profile set language:es")
    await harness.ok("zelda", f"/case submit {SPANISH_CASE}")
    await harness.ok("bob", f"/case submit {CLEAN}")

    queue = await harness.ok("fay", "/case queue")
    assert "Cases waiting for review (2), oldest first." in queue
    opened = await harness.ok("fay", "/case review 1")
    assert "in review" in opened and "Approve and publish" in opened
    assert "zelda (anonymous to members)" in opened and "Status" in opened
    approved = await harness.ok("fay", '/case review 1 approve note:"Gracias, muy claro."')
    assert "Published case #1 in the case library." in approved
    assert "Publicaste" not in approved
    returned = await harness.ok("fay", '/case review 2 return note:"Say more about the task."')
    assert "Returned case #2 to its author with your note." in returned

    dms = {d.address.user: d.reply.plain_text() for d in harness.deliveries.delivered}
    assert set(dms) == {"zelda", "bob"}
    assert "se publicó en la biblioteca de casos" in dms["zelda"]
    assert "Los miembros no ven que lo escribiste tú." in dms["zelda"]
    assert "La nota de la revisión: Gracias, muy claro." in dms["zelda"]
    assert "was published" not in dms["zelda"]
    assert "was returned with a note" in dms["bob"] and "Say more about the task." in dms["bob"]
    assert "se devolvió" not in dms["bob"]

    # The published card, for a Spanish reader: Spanish labels, the author still hidden.
    await harness.ok("bob", "/praxis profile set language:es")
    card = await harness.ok("bob", "/case show 1")
    assert "Autoría" in card and "Anónimo" in card and "publicado" in card

    # A takedown by the English facilitator reaches the Spanish author in Spanish.
    seen = len(harness.deliveries.delivered)
    taken = await harness.ok("fay", "/case unpublish 1 confirm:yes")
    assert "Unpublished case #1" in taken
    [dm] = harness.deliveries.delivered[seen:]
    assert dm.address.user == "zelda"
    assert "Alguien de facilitación sacó tu caso #1" in dm.reply.plain_text()
    assert "No se dejó ninguna nota." in dm.reply.plain_text()


async def test_spanish_choices_are_stored_as_their_english_values(harness: Harness) -> None:
    await people(harness)
    for name in ("fay", "zelda"):
        await harness.ok(name, "/praxis profile set language:es")
    await harness.ok("zelda", f"/case submit {SPANISH_CASE}")
    approved = await harness.ok("fay", "/case review 1 aprobar")
    assert "Publicaste el caso #1 en la biblioteca de casos." in approved
    assert (await _case(harness, 1)).status == "published"
    listed = await harness.ok("zelda", "/case list status:publicados")
    assert "Casos publicados (1)" in listed and "Who gets to explain?" in listed
    found = await harness.ok("zelda", "/case search grade:todos")
    assert "1 caso publicado con esos filtros." in found
    refused = await harness.fails("zelda", "/case search grade:octavo")
    assert "no puede ser “octavo”" in refused and "todos" in refused


def _option(sub: str, name: str) -> Option:
    [spec] = [s for s in FAMILY.subcommands if s.name == sub]
    [option] = [o for o in spec.options if o.name == name]
    return option


def _recased(word: str, flips: list[bool]) -> str:
    flips = flips + [False] * (len(word) - len(flips))
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=False))


@given(
    st.sampled_from(STATUS_ALIASES + tuple((c, c) for c in STATUS_CHOICES)),
    st.lists(st.booleans(), max_size=20),
)
def test_any_spelling_of_a_status_is_stored_as_its_choice(
    pair: tuple[str, str], flips: list[bool]
) -> None:
    alias, canonical = pair
    assert convert(_option("list", "status"), _recased(alias, flips)) == canonical


@given(st.sampled_from(ACTION_ALIASES), st.lists(st.booleans(), max_size=10))
def test_a_spanish_review_action_is_its_english_choice(
    pair: tuple[str, str], flips: list[bool]
) -> None:
    alias, canonical = pair
    assert convert(_option("review", "action"), _recased(alias, flips)) == canonical


@given(
    st.sampled_from(tuple(GRADE_ALIASES.items()) + tuple((b, b) for b in GRADE_BANDS)),
    st.lists(st.booleans(), max_size=20),
    st.sampled_from(("", " ", "  ")),
)
def test_a_typed_grade_band_is_stored_as_the_vocabulary_spells_it(
    pair: tuple[str, str], flips: list[bool], pad: str
) -> None:
    typed, band = pair
    assert check_grade(f"{pad}{_recased(typed, flips)}{pad}") == band
    assert band in GRADE_BANDS


@given(st.text(min_size=1, max_size=12))
def test_a_typed_grade_is_a_band_or_nothing(typed: str) -> None:
    assert check_grade(typed) in (*GRADE_BANDS, None)


async def test_a_spanish_readers_suggestions_name_each_status_in_spanish(harness: Harness) -> None:
    # The lookup reads the language it is called in (App.suggest does not choose one yet).
    await people(harness)
    await harness.ok("bob", f"/case submit {CLEAN}")
    await harness.ok("bob", "/case submit new:yes draft:yes grade:3-5")
    with speaking(Language.ES):
        spanish = labels(await suggest(harness, "case", "bob", ""))
    assert spanish == ["#2 Caso sin título (borrador)", "#1 Who gets to explain? (enviado)"]
    english = labels(await suggest(harness, "case", "bob", ""))
    assert english == ["#2 Untitled case (draft)", "#1 Who gets to explain? (submitted)"]


async def test_a_published_case_enters_the_library_in_the_communitys_language(
    harness: Harness,
) -> None:
    """The library's copy is stored once, for every reader: its labels follow the
    community's default, not the reviewer's or the author's own choice."""
    from storage.resources import Resource

    await people(harness)
    await harness.ok("ana", "/praxis settings language:es")
    await harness.ok("fay", "/praxis profile set language:en")  # the reviewer reads English
    submitted = await harness.ok("zelda", f"/case submit {CLEAN}")
    case_id = int(submitted.split("#", 1)[1].split()[0].rstrip(".,:"))
    await harness.ok("fay", f"/case review {case_id} approve")
    async with harness.app.services.db.session() as session:
        copy = (
            await session.execute(
                select(Resource).where(Resource.origin == "case", Resource.origin_id == case_id)
            )
        ).scalar_one()
    assert "Contexto: Seventh grade" in copy.body and "Context:" not in copy.body
    assert copy.description.startswith(f"Un caso de práctica (/case show {case_id}).")
