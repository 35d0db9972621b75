"""Slack in the member's language: their Slack locale is their language until they choose.

users.info is asked with include_locale, and what Slack says (`es-LA`, `es-ES`) becomes
the member's platform language; every reply, and what the adapter says itself ("working
on it", a modal's buttons), is then in Spanish; an English-speaking member's stays English.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.root.app import App
from storage.community import Member
from tests.adapters.slack.conftest import RunningSlack
from tests.adapters.spanish import assert_english, assert_spanish, texts

SPANISH = "U0ESPANOL"
SPAIN = "U0ESPANA"
ENGLISH = "U0ENGLISH"


def people(slack: RunningSlack) -> None:
    slack.fake.add_user(SPANISH, real_name="Lucia Campos", locale="es-LA")
    slack.fake.add_user(SPAIN, real_name="Marta Gil", locale="es-ES")
    slack.fake.add_user(ENGLISH, real_name="Ann Lee", locale="en-US")


async def platform_language(app: App, user_id: str) -> str | None:
    async with app.db.session() as session:
        member = (
            await session.execute(select(Member).where(Member.user_id == user_id))
        ).scalar_one()
        return member.platform_language


async def test_the_slack_locale_is_asked_for_and_kept_as_the_platform_language(
    slack: RunningSlack, app: App
) -> None:
    people(slack)
    await slack.command("/probe", "count", user_id=SPANISH)
    call = slack.fake.successful("users.info")[-1]
    assert str(call.args.get("include_locale")).lower() in ("1", "true")
    assert await platform_language(app, SPANISH) == "es-LA"


async def test_working_on_it_is_said_in_the_askers_language(slack: RunningSlack) -> None:
    people(slack)
    spanish = await slack.command("/probe", "slow seconds:1.5", user_id=SPANISH)
    assert "Trabajando en ello…" in spanish.shown and "Working" not in spanish.shown
    await slack.fake.wait_for_call("response_url")
    english = await slack.command("/probe", "slow seconds:1.5", user_id=ENGLISH)
    assert "Working on it…" in english.shown


async def test_a_modal_has_spanish_buttons_for_a_spanish_member(slack: RunningSlack) -> None:
    people(slack)
    await slack.command("/probe", "form", user_id=SPANISH)
    view = (await slack.fake.wait_for_call("views.open")).args["view"]
    assert view["close"]["text"] == "Cancelar" and view["submit"]["text"] == "Enviar"


async def test_whoami_in_spanish_for_spanish_slack_and_in_english_for_english(
    slack: RunningSlack,
) -> None:
    people(slack)
    await slack.command("/praxis", "whoami", user_id=ENGLISH)  # the community's first: admin
    for user in (SPANISH, SPAIN):
        shown = texts((await slack.command("/praxis", "whoami", user_id=user)).json)
        for word in ("Rol", "Zona horaria", "Idioma"):
            assert word in shown, shown
        assert "Role" not in shown and "Time zone" not in shown
    english = texts((await slack.command("/praxis", "whoami", user_id=ENGLISH)).json)
    assert "Role" in english and "Time zone" in english and "Idioma" not in english


async def test_resource_search_in_spanish_for_spanish_slack(slack: RunningSlack) -> None:
    people(slack)
    await slack.command("/praxis", "whoami", user_id=ENGLISH)
    shared = await slack.command(
        "/resource",
        "share url:https://example.org/fracciones title:Fracciones type:task grade:3-5",
        user_id=ENGLISH,
    )
    assert shared.status == 200
    spanish = texts((await slack.command("/resource", "search fracciones", user_id=SPANISH)).json)
    assert "Fracciones" in spanish
    assert_spanish(spanish)
    english = texts((await slack.command("/resource", "search fracciones", user_id=ENGLISH)).json)
    assert "Fracciones" in english
    assert_english(english)
