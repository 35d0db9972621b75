"""A moment in a reply, on each platform: a token the platform shows in the reader's zone,
and everywhere else (the console, notifications, titles and footers) text in the zone the
core gave it."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.render import render as console
from adapters.discord.render import render as discord
from adapters.slack.render import render as slack
from bot.kernel.reply import Fields, Item, ItemList, Moment, Note, Paragraph, Reply, rich

AT = datetime(2026, 12, 7, 14, 30, tzinfo=UTC)
CHICAGO = Moment(AT, "America/Chicago")


def _reply() -> Reply:
    return Reply(
        [
            Paragraph(rich("Next <!here> at ", CHICAGO, ", be ready.")),
            Fields((("When", rich(CHICAGO)),)),
            ItemList((Item(rich(CHICAGO), rich("then ", Moment(AT, "Asia/Tokyo"))),)),
            Note(rich("Sent ", CHICAGO)),
        ]
    )


def test_the_console_reads_a_moment_in_the_readers_zone() -> None:
    shown = console(_reply())
    assert "Next <!here> at Mon 7 Dec 2026, 08:30 CST, be ready." in shown
    assert "then Mon 7 Dec 2026, 23:30 JST" in shown
    assert _reply().plain_text().count("08:30 CST") == 4


def test_slack_gets_date_tokens_and_user_text_stays_inert() -> None:
    message = slack(_reply())
    first = message.blocks[0]["text"]["text"]
    assert first.startswith("Next &lt;!here&gt; at <!date^1796653800^{date_short_pretty}")
    assert "|Mon\u00a07\u00a0Dec\u00a02026,\u00a008:30\u00a0CST>, be ready." in first
    assert "<!date^1796653800^" in message.blocks[1]["fields"][0]["text"]
    assert "<!date^" in message.blocks[-1]["elements"][0]["text"]  # context renders tokens
    assert "<!date" not in message.text and "08:30 CST" in message.text  # the fallback text


def test_discord_gets_timestamps_where_it_renders_them_and_text_elsewhere() -> None:
    [message] = discord(_reply())
    [embed] = message.embeds
    assert embed.description is not None
    assert embed.description.endswith(" at <t:1796653800:f>, be ready.")
    names = [field.name for field in embed.fields]
    values = [field.value for field in embed.fields]
    assert values[0] is not None and "<t:1796653800:f>" in values[0]
    assert names[1] == "Mon 7 Dec 2026, 08:30 CST"
    assert values[1] is not None and "<t:1796653800:f>" in values[1]
    assert embed.footer.text == "Sent Mon 7 Dec 2026, 08:30 CST"


def test_a_short_reply_with_a_moment_is_plain_content_on_discord() -> None:
    [message] = discord(Reply([Paragraph(rich("Resumed; next ", CHICAGO))]))
    assert message.content == "Resumed; next <t:1796653800:f>"
