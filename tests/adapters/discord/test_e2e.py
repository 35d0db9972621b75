"""The Discord adapter end to end: the real discord.py client against FakeDiscord."""

from __future__ import annotations

from typing import Any

import pytest

from bot.kernel.model import Address
from bot.kernel.reply import Button, Buttons, Paragraph, Reply
from tests.adapters.discord.conftest import GUILD_ID, Stack
from tests.fakes.discord import RecordedRequest
from tests.fakes.discord_limits import assert_within_limits

pytestmark = pytest.mark.asyncio(loop_scope="module")

# One command of each family: (command, options, who, text the reply shows).
# The lead extends this table as families merge.
FAMILY_COMMANDS: list[tuple[str, dict[str, Any], str, str]] = [
    ("praxis whoami", {}, "owner", "Role"),
    ("praxis help", {}, "teacher", "/praxis"),
    ("nudge list", {}, "owner", "nudge"),
    ("resource search", {"query": "fractions", "type": "task"}, "teacher", "fractions"),
    ("cycle status", {}, "teacher", "lesson-study cycles"),
    ("case list", {}, "teacher", "Published cases"),
    ("reflect history", {}, "teacher", "reflection"),
    ("praxis report", {"charts": "no"}, "owner", "Members"),
]


def person(stack: Stack, who: str) -> Any:
    guild = stack.fake.guilds[0]
    return {"owner": guild.owner, "admin": guild.admins[0], "teacher": guild.members[0]}[who]


def shown(body: dict[str, Any]) -> str:
    """All the text of a message body: content, titles, descriptions, fields, footers."""
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


async def answered(stack: Stack, token: str) -> RecordedRequest:
    """The interaction's answer; when a busy machine made the bot defer, its follow-up edit."""
    fake = stack.fake
    callback = await fake.wait_for_callback(token)
    if callback.json["type"] not in (5, 6):
        return callback
    edit = await fake.wait_for(lambda r: r.method == "PATCH" and token in r.path)
    kind = 7 if callback.json["type"] == 6 else 4
    flags = int((callback.json.get("data") or {}).get("flags") or 0)
    data = {**edit.json, "flags": flags | int(edit.json.get("flags") or 0)}
    return RecordedRequest(
        "POST",
        callback.path,
        {},
        {"type": kind, "data": data},
        {},
        status=200,
        response=callback.response,
    )


async def command(
    stack: Stack, name: str, options: dict[str, Any] | None = None, who: str = "owner"
) -> tuple[str, RecordedRequest]:
    fake = stack.fake
    token = await fake.send_interaction(
        fake.slash_command(name, options or {}, user=person(stack, who))
    )
    return token, await answered(stack, token)


async def test_the_tree_is_synced_to_the_configured_guild(stack: Stack) -> None:
    synced = stack.fake.commands(GUILD_ID)
    slash = sorted(c["name"] for c in synced if c.get("type", 1) == 1)
    assert slash == sorted(stack.app.registry.names())
    menus = [c["name"] for c in synced if c.get("type") == 3]
    assert menus == [a.label for _, a in stack.app.registry.message_actions()]
    assert stack.fake.commands() == [], "DISCORD_GUILD_IDS set: nothing global"
    probe = next(c for c in synced if c["name"] == "probe")
    search = next(o for o in probe["options"] if o["name"] == "search")
    assert [o["name"] for o in search["options"]] == ["query", "page"]
    page = search["options"][1]
    assert (page["type"], page["min_value"], page["max_value"]) == (4, 1, 99)
    save = next(o for o in probe["options"] if o["name"] == "save")
    assert save["options"][0]["autocomplete"] is True and save["options"][0]["required"]


async def test_parity_every_core_command_is_in_the_registered_tree(stack: Stack) -> None:
    synced = {c["name"]: c for c in stack.fake.commands(GUILD_ID)}
    for family, sub in stack.app.registry.commands():
        group = synced[family.name]
        registered = {o["name"]: o for o in group["options"]}
        assert sub.name in registered, f"/{family.name} {sub.name} is missing on Discord"
        options = {o["name"] for o in registered[sub.name].get("options", [])}
        for option in sub.options:
            name = "query" if option.rest and sub.name == "search" else option.name
            assert name in options, f"/{family.name} {sub.name} lacks {name}"
        assert "help" in registered, f"/{family.name} answers help on Discord too"


@pytest.mark.parametrize(("name", "options", "who", "expected"), FAMILY_COMMANDS)
async def test_one_command_of_each_family(
    stack: Stack, name: str, options: dict[str, Any], who: str, expected: str
) -> None:
    _, callback = await command(stack, name, options, who)

    assert callback.json["type"] == 4
    assert callback.ephemeral, "replies are private by default"
    assert expected in shown(callback.data)
    assert_within_limits(callback.data)


async def test_the_owner_is_an_admin_and_grants_a_role_to_a_mentioned_person(stack: Stack) -> None:
    teacher = person(stack, "teacher")
    await command(stack, "praxis whoami", who="teacher")

    _, callback = await command(
        stack,
        "praxis role",
        {"action": "grant", "user": teacher, "role": "facilitator"},
        who="owner",
    )

    assert "Teacher is now a facilitator." in shown(callback.data)
    assert callback.data["allowed_mentions"] == {"parse": []}


async def test_a_member_is_refused_an_admin_command(stack: Stack) -> None:
    _, callback = await command(stack, "praxis settings", {"name": "Mine now"}, who="teacher")

    assert "Only admins can change community settings." in shown(callback.data)
    assert callback.ephemeral


async def test_an_administrator_of_the_guild_is_an_admin(stack: Stack) -> None:
    _, callback = await command(stack, "praxis whoami", who="admin")

    assert "admin" in shown(callback.data)


async def test_a_public_reply_is_escaped_and_pings_nobody(stack: Stack) -> None:
    _, callback = await command(stack, "probe announce", {"text": "**Study** group <@&1>"})

    body = callback.data
    assert not callback.ephemeral
    assert "@everyone" not in body["content"] and "@\u200beveryone" in body["content"]
    assert "\\*\\*Study\\*\\*" in body["content"]
    assert body["allowed_mentions"] == {"parse": []}


async def test_a_long_result_is_split_into_messages_discord_accepts(stack: Stack) -> None:
    token, callback = await command(stack, "probe long")
    sent = [callback.data]
    # 60 items and a 9,000-character paragraph need several messages; the reply ends with
    # its note, so the follow-up carrying "the end" is the last one
    await stack.fake.wait_for(
        lambda r: r.method == "POST" and r.path.endswith(token) and "the end" in shown(r.json)
    )
    extra = [r for r in stack.fake.requests if r.method == "POST" and r.path.endswith(token)]
    sent += [r.json for r in extra]

    assert len(sent) >= 3
    for body in sent:
        assert_within_limits(body)
    assert all(r.status == 200 for r in extra) and all(r.ephemeral for r in extra)
    text = "\n".join(shown(body) for body in sent)
    assert all(f"#{i} Task {i}" in text for i in range(60)), "no item is lost"
    assert "word399" in text and "the end" in text
    fields = sum(len(e.get("fields") or []) for b in sent for e in b.get("embeds") or [])
    assert fields == 60


async def test_a_slow_command_is_deferred_then_followed_up(stack: Stack) -> None:
    fake = stack.fake
    token = await fake.send_interaction(fake.slash_command("probe slow", {}))
    callback = await fake.wait_for_callback(token)

    assert callback.json["type"] == 5 and callback.ephemeral
    edit = await stack.fake.wait_for(lambda r: r.method == "PATCH" and token in r.path)
    assert edit.path.endswith("/messages/@original")
    assert edit.json["content"] == "Done after a while."
    assert edit.json["allowed_mentions"] == {"parse": []}


async def test_a_button_click_pages_in_place_and_survives_a_restart(stack: Stack) -> None:
    fake = stack.fake
    search, callback = await command(stack, "probe search", {"query": "fractions"}, who="teacher")
    buttons = [b for row in callback.data["components"] for b in row["components"]]
    ids = {b["label"]: b["custom_id"] for b in buttons}
    assert ids["Next"] == "pg:/probe search page:2"  # a pager: its click replaces the page
    assert ids["Long"].startswith("px#") and len(ids["Long"]) <= 100
    assert ids["Save"] == "px:/probe save 1 fractions"
    message_id = fake.interactions[search].original_message_id

    token = await fake.send_interaction(
        fake.button_click(ids["Next"], message=message_id, user=person(stack, "teacher"))
    )
    clicked = await answered(stack, token)
    assert clicked.json["type"] == 7, "a page replaces the page"
    assert "Page 2 for Teacher" in shown(clicked.data)

    await stack.restart()

    for label, expected in (("Long", "Page 2 for Admin"), ("Save", "Saved #1 for Admin.")):
        token = await fake.send_interaction(
            fake.button_click(ids[label], user=person(stack, "admin"))
        )
        answer = await answered(stack, token)
        assert expected in shown(answer.data), label
        assert answer.data["allowed_mentions"] == {"parse": []}


async def test_a_long_form_comes_in_two_modals_then_runs_its_command(stack: Stack) -> None:
    fake = stack.fake
    teacher = person(stack, "teacher")
    _, opened = await command(stack, "probe longform", who="teacher")
    assert opened.json["type"] == 9
    first = opened.data
    inputs = [row["components"][0] for row in first["components"]]
    assert [i["custom_id"] for i in inputs] == ["title", "grade", "context", "problem", "focus"]
    assert first["title"].endswith("(1/2)") and len(first["title"]) <= 45

    values = {
        "title": "Fractions on a number line",
        "grade": "4",
        "context": "A class of 28",
        "problem": "Students read 1/2 as 1 and 2",
        "focus": "identity",
    }
    token = await fake.send_interaction(fake.modal_submit(first["custom_id"], values, user=teacher))
    step = await answered(stack, token)
    assert step.ephemeral and "Step 1 saved" in step.data["content"]
    (cont,) = [b for row in step.data["components"] for b in row["components"]]
    assert cont["label"] == "Continue"

    token = await fake.send_interaction(fake.button_click(cont["custom_id"], user=teacher))
    second = (await answered(stack, token)).data
    assert [row["components"][0]["custom_id"] for row in second["components"]] == [
        "tried",
        "evidence",
    ]
    token = await fake.send_interaction(
        fake.modal_submit(
            second["custom_id"], {"tried": "Number talks", "evidence": "Exit tickets"}, user=teacher
        )
    )
    done = await answered(stack, token)

    text = shown(done.data)
    assert "Saved your case." in text and "Exit tickets" in text and "case" in text
    assert "Fractions on a number line" in text and done.ephemeral


async def test_a_form_mistake_is_answered_privately(stack: Stack) -> None:
    fake = stack.fake
    admin = person(stack, "admin")
    _, opened = await command(stack, "probe longform", who="admin")
    values = dict.fromkeys(("title", "grade", "problem", "focus"), "x")
    values["context"] = "Maria said it was half"
    token = await fake.send_interaction(
        fake.modal_submit(opened.data["custom_id"], values, user=admin)
    )
    step = await answered(stack, token)
    (cont,) = [b for row in step.data["components"] for b in row["components"]]
    token = await fake.send_interaction(fake.button_click(cont["custom_id"], user=admin))
    second = (await answered(stack, token)).data

    token = await fake.send_interaction(
        fake.modal_submit(second["custom_id"], {"tried": "y", "evidence": "z"}, user=admin)
    )
    answer = await answered(stack, token)

    assert "Remove the student's name" in shown(answer.data) and answer.ephemeral


async def test_someone_else_cannot_continue_your_form(stack: Stack) -> None:
    fake = stack.fake
    _, opened = await command(stack, "probe longform", who="teacher")
    values = dict.fromkeys(("title", "grade", "context", "problem", "focus"), "private")
    token = await fake.send_interaction(
        fake.modal_submit(opened.data["custom_id"], values, user=person(stack, "teacher"))
    )
    step = await answered(stack, token)
    (cont,) = [b for row in step.data["components"] for b in row["components"]]

    token = await fake.send_interaction(
        fake.button_click(cont["custom_id"], user=person(stack, "admin"))
    )
    answer = await answered(stack, token)

    assert answer.json["type"] == 4 and answer.ephemeral
    assert "expired or is someone else's" in shown(answer.data)


async def test_autocomplete_suggests_from_a_family_lookup(stack: Stack) -> None:
    fake = stack.fake
    await command(stack, "praxis whoami")  # the community exists once someone used the bot
    token = await fake.send_interaction(
        fake.autocomplete("probe save", {"id": "frac"}, focused="id")
    )
    callback = await answered(stack, token)

    assert callback.json["type"] == 8
    assert callback.data["choices"] == [{"name": "#2 Fraction strips task", "value": "2"}]


async def test_autocomplete_suggests_this_guilds_resources_for_a_resource_id(
    stack: Stack,
) -> None:
    fake = stack.fake
    teacher = person(stack, "teacher")
    for n, title in enumerate(("Quokka fractions on the number line", "Quokka ratio tables"), 1):
        _, shared = await command(
            stack,
            "resource share",
            {"url": f"https://example.org/quokka/{n}", "title": title, "type": "task"},
            who="teacher",
        )
        assert shared.json["type"] == 4

    token = await fake.send_interaction(
        fake.autocomplete("resource show", {"id": "QUOKKA frac"}, focused="id", user=teacher)
    )
    callback = await answered(stack, token)

    assert callback.json["type"] == 8
    (choice,) = callback.data["choices"]
    assert choice["name"].endswith(" Quokka fractions on the number line (task)")
    assert choice["name"] == f"#{choice['value']} Quokka fractions on the number line (task)"

    token = await fake.send_interaction(
        fake.autocomplete("resource rate", {"id": "quokka"}, focused="id", user=teacher)
    )
    both = await answered(stack, token)
    assert [c["name"].split(" ", 1)[1] for c in both.data["choices"]] == [
        "Quokka ratio tables (task)",
        "Quokka fractions on the number line (task)",
    ], "the asker's own, newest first"


async def test_a_delivery_reaches_a_channel_and_a_direct_message(stack: Stack) -> None:
    fake = stack.fake
    guild = fake.guilds[0]
    fake.rate_limit_next("POST", f"/channels/{guild.channel_id}/messages", retry_after=0.1)
    reply = Reply(
        [
            Paragraph("Nudge: plan the research lesson @here"),
            Buttons((Button("Done", "/probe slow"),)),
        ],
        private=False,
    )

    message_id = await stack.app.services.delivery.send(
        Address("discord", str(GUILD_ID), str(guild.channel_id)), reply
    )

    attempts = fake.requests_to("POST", f"/channels/{guild.channel_id}/messages")
    assert [a.status for a in attempts][-2:] == [429, 200], "a 429 is waited out"
    body = attempts[-1].json
    assert "Nudge: plan the research lesson" in body["content"] and "@here" not in body["content"]
    assert body["allowed_mentions"] == {"parse": []}
    assert body["components"][0]["components"][0]["custom_id"] == "px:/probe slow"
    assert message_id == attempts[-1].response["id"]

    teacher = guild.members[0]
    await stack.app.services.delivery.send(
        Address("discord", str(GUILD_ID), None, str(teacher.id)), reply
    )
    dm = fake.dm_channels[teacher.id]["id"]
    sent = await fake.wait_for(lambda r: r.path == f"/channels/{dm}/messages")
    custom_id = sent.json["components"][0]["components"][0]["custom_id"]
    assert custom_id.startswith("px#"), "in a DM the button's community is stored"

    token = await fake.send_interaction(
        {**fake.button_click(custom_id, user=teacher), "guild_id": None, "user": teacher.payload()}
    )
    clicked = await answered(stack, token)
    assert clicked.json["type"] in (4, 5)


async def test_a_scheduled_nudge_reaches_the_channel_through_the_engine(stack: Stack) -> None:
    from datetime import timedelta

    from bot.time.clock import FakeClock

    fake, channel = stack.fake, stack.fake.guilds[0].channel_id
    _, callback = await command(
        stack,
        "nudge schedule",
        {"to": f"<#{channel}>", "when": "in 5 minutes", "message": "Plan the research lesson"},
    )
    assert "Only facilitators" not in shown(callback.data), shown(callback.data)
    clock = stack.app.services.clock
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(minutes=6))

    await stack.app.engine.run_due(clock.now())

    sent = await fake.wait_for(
        lambda r: (
            r.path == f"/channels/{channel}/messages"
            and "Plan the research lesson" in shown(r.json or {})
        )
    )
    assert sent.status == 200 and sent.json["allowed_mentions"] == {"parse": []}
    assert_within_limits(sent.json)


async def test_a_failed_delivery_is_a_delivery_error(stack: Stack) -> None:
    from bot.scheduling.port import DeliveryError

    with pytest.raises(DeliveryError) as raised:
        await stack.app.services.delivery.send(
            Address("discord", str(GUILD_ID), "999"), Reply.text("hello")
        )
    assert raised.value.permanent


async def test_a_re_sent_delivery_with_its_key_is_not_posted_twice(stack: Stack) -> None:
    """A send cut short by a crash is re-sent with the same key: Discord (enforce_nonce)
    answers the message it already has, so the channel shows it once."""
    fake, channel = stack.fake, stack.fake.guilds[0].channel_id
    to = Address("discord", str(GUILD_ID), str(channel))
    delivery = stack.app.services.delivery
    first = await delivery.send(to, Reply.text("Observation notes due"), key="px41.9f3a1c2b.0")
    again = await delivery.send(
        to, Reply.text("Observation notes due"), key="px41.9f3a1c2b.0", resend=True
    )
    other = await delivery.send(to, Reply.text("Observation notes due"), key="px42.9f3a1c2b.0")
    posts = fake.requests_to("POST", f"/channels/{channel}/messages")
    assert [p.json["nonce"] for p in posts[-3:]] == ["px41.9f3a1c2b.0"] * 2 + ["px42.9f3a1c2b.0"]
    assert all(p.json["enforce_nonce"] for p in posts[-3:])
    assert first == again != other
    in_channel = [m for m in fake.messages.values() if m["channel_id"] == str(channel)]
    assert [m["content"] for m in in_channel].count("Observation notes due") == 2


async def test_a_report_attaches_its_charts_as_png_files(stack: Stack) -> None:
    """Charts people would rather look at than read arrive as image files on Discord."""
    fake = stack.fake
    token = await fake.send_interaction(
        fake.slash_command("praxis report", {}, user=person(stack, "owner"))
    )
    carrying = await fake.wait_for(
        lambda r: token in r.path and any((f.filename or "").endswith(".png") for f in r.files),
        timeout=30,
    )
    png = next(f for f in carrying.files if (f.filename or "").endswith(".png"))
    assert png.data.startswith(b"\x89PNG") and png.size > 5_000
    body = carrying.json.get("data", carrying.json)  # a callback wraps its message in "data"
    assert body.get("allowed_mentions") == {"parse": []}
