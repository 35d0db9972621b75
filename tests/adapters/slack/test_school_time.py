"""School time on Slack: a district's .ics shared in a direct message, and times shown as
Slack date tokens that each reader sees in their own zone."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.slack.conftest import SECRET, TOKEN, RunningSlack
from tests.fakes import slack_signing as sig

ICS = Path(__file__).resolve().parents[2] / "fixtures" / "oak_unified_2026_27.ics"


async def test_an_ics_shared_in_a_direct_message_with_the_command_is_imported(
    slack: RunningSlack,
) -> None:
    await slack.command("/praxis", "whoami")  # the first person: the community's admin
    shared = slack.fake.share_file("ousd-2026-27.ics", ICS.read_bytes())
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel_type": "im",
        "channel": slack.fake.dm_channel(sig.USER_ID),
        "user": sig.USER_ID,
        "text": 'praxis calendar import district:"Oak Unified"',
        "files": [shared],
        "ts": "1700000000.000100",
    }
    answer = await slack.post(sig.signed(sig.event_callback(event, event_id="EvIcs1"), SECRET))
    assert answer.status == 200
    reply = await slack.fake.wait_for(
        lambda: [
            c for c in slack.fake.successful("chat.postMessage") if "Imported" in c.args["text"]
        ]
    )
    assert "6 PD days, 5 holidays, 3 breaks" in reply[0].args["text"]
    [download] = slack.fake.calls("file_download")
    assert download.status == 200 and download.token == TOKEN
    listing = await slack.command("/praxis", 'calendar list district:"Oak Unified"')
    assert "Winter Break (Schools Closed)" in listing.shown


async def test_times_in_a_listing_are_slack_date_tokens_with_a_text_fallback(
    slack: RunningSlack,
) -> None:
    await slack.command("/praxis", "whoami")
    answer = await slack.command(
        "/nudge", 'schedule to:#general when:"every monday 8:00" message:"Bring work"'
    )
    text = answer.shown.replace("\u00a0", " ")
    # Monday 30 November 2026, 08:00 UTC: Slack shows each reader the token in their own
    # zone; the fallback is in the asker's (their Slack profile says New York).
    tokens = re.findall(r"<!date\^(\d+)\^\{date_short_pretty\} \{time\}\|([^>]*)>", text)
    assert tokens, text
    stamp, fallback = tokens[0]
    assert int(stamp) == 1_796_025_600
    assert fallback == "Mon 30 Nov 2026, 03:00 EST"
    # The notification text has no tokens: plain words.
    assert "Mon 30 Nov 2026, 03:00 EST" in answer.json["text"]
