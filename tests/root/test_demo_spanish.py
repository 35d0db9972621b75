"""`praxis demo`'s Spanish-speaking people: the bot speaks to them in Spanish."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.root.app import App
from bot.root.demo import LUCIA_REFLECTION, PEOPLE, load_demo
from storage.reflect import Reflection
from tests.harness import Harness


async def test_the_demos_spanish_speakers_read_the_bot_in_spanish(
    harness: Harness, app: App
) -> None:
    await load_demo(app.services, app.registry)
    await load_demo(app.services, app.registry)  # twice: nothing added twice
    assert {p.user_id for p in PEOPLE if p.language == "es"} == {"lucia", "javier"}
    lucia = await harness.ok("lucia", "/praxis whoami")
    assert "Lucía Mendoza en Praxis demo network" in lucia
    assert "Rol" in lucia and "Idioma" in lucia and "Español" in lucia
    assert "docente de lenguaje dual" in lucia
    javier = await harness.ok("javier", "/praxis profile")
    assert "Tu perfil" in javier and "persona facilitadora" in javier
    found = await harness.ok("javier", "/resource search charlas")
    assert found.count("Charlas numéricas en dos idiomas") == 1
    assert "Lucía Mendoza" in found
    rubric = await harness.ok("ana", "/resource search razonamiento")
    assert "Rúbrica para escuchar el razonamiento matemático" in rubric
    # Everyone else still reads English.
    assert "Role" in await harness.ok("ana", "/praxis whoami")
    async with app.services.db.session() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(Reflection)
            .where(Reflection.answer == LUCIA_REFLECTION)
        )
    assert count == 1
