"""Requests exactly as Slack sends them to an app, signed with the v0 scheme.

End-to-end tests must hit the real Bolt app with bytes Slack would send, so the
signature check, the form/JSON decoding and the payload routing are all exercised.
Builders return a `Payload` (body + content type); `signed()` turns it into the
body and headers to POST, with options for the failure cases Slack can produce
(expired timestamp, forged signature, retries).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

# Shared with FakeSlack so signed requests and the fake Web API agree on identities.
TEAM_ID = "T0PRAXIS"
TEAM_DOMAIN = "praxis-test"
API_APP_ID = "A0PRAXIS"
USER_ID = "U0TEACHER"
USER_NAME = "teacher"
CHANNEL_ID = "C0GENERAL"
CHANNEL_NAME = "general"
TRIGGER_ID = "13345224609.738474920.8088930838d88f008e0"
DEFAULT_RESPONSE_URL = "https://hooks.slack.com/commands/T0PRAXIS/1/unset"
BOT_USER_ID = "U0PRAXISBOT"
BOT_ID = "B0PRAXIS"

# Bolt rejects timestamps older than five minutes; six is safely stale.
EXPIRED_AGE_SECONDS = 6 * 60


@dataclass(frozen=True)
class Payload:
    """An unsigned request body and the content type Slack would label it with."""

    body: bytes
    content_type: str


@dataclass(frozen=True)
class SignedRequest:
    """A body and headers ready to POST to the app's Slack endpoint."""

    body: bytes
    headers: dict[str, str]


def signature(body: bytes, secret: str, timestamp: int) -> str:
    """The `X-Slack-Signature` value: v0 HMAC-SHA256 over "v0:{ts}:{body}"."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def sign(
    body: bytes, secret: str, timestamp: int | None = None, *, content_type: str = FORM
) -> dict[str, str]:
    """Headers Slack attaches to a request carrying `body`."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(body, secret, ts),
    }


def signed(
    payload: Payload,
    secret: str,
    *,
    timestamp: int | None = None,
    expired: bool = False,
    forged: bool = False,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
) -> SignedRequest:
    """Sign a payload, optionally the way an attacker or a retrying Slack would.

    `forged` signs with a different secret (so the format is valid but the MAC is
    not); `expired` backdates the timestamp past Bolt's five-minute window while
    keeping the signature itself correct, so only the age check can reject it.
    """
    ts = int(time.time()) if timestamp is None else timestamp
    if expired:
        ts -= EXPIRED_AGE_SECONDS
    key = secret + "-forged" if forged else secret
    headers = sign(payload.body, key, ts, content_type=payload.content_type)
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason
    return SignedRequest(body=payload.body, headers=headers)


def _user(user_id: str, user_name: str, team_id: str) -> dict[str, str]:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id}


def _team(team_id: str, team_domain: str) -> dict[str, str]:
    return {"id": team_id, "domain": team_domain}


def _interactive(payload: dict[str, Any]) -> Payload:
    """Interactivity arrives as a form with a single `payload` field of JSON."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return Payload(body=body, content_type=FORM)


def slash_command(
    command: str,
    text: str = "",
    *,
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    channel_id: str = CHANNEL_ID,
    channel_name: str = CHANNEL_NAME,
    trigger_id: str = TRIGGER_ID,
    response_url: str = DEFAULT_RESPONSE_URL,
    api_app_id: str = API_APP_ID,
) -> Payload:
    """A slash command invocation, as the form body Slack posts."""
    fields = {
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
    return Payload(body=urlencode(fields).encode(), content_type=FORM)


def block_actions(
    action_id: str,
    value: str = "",
    *,
    block_id: str = "block",
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    channel_id: str = CHANNEL_ID,
    channel_name: str = CHANNEL_NAME,
    message_ts: str = "1700000000.000100",
    trigger_id: str = TRIGGER_ID,
    response_url: str = DEFAULT_RESPONSE_URL,
    api_app_id: str = API_APP_ID,
) -> Payload:
    """A button click on a message: a `block_actions` interactivity payload."""
    return _interactive(
        {
            "type": "block_actions",
            "user": _user(user_id, user_name, team_id),
            "api_app_id": api_app_id,
            "token": "deprecated-verification-token",
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": False,
            },
            "trigger_id": trigger_id,
            "team": _team(team_id, team_domain),
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": channel_name},
            "message": {"type": "message", "ts": message_ts, "text": ""},
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "action_ts": str(time.time()),
                }
            ],
        }
    )


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, dict[str, Any]]],
    *,
    private_metadata: str = "",
    view_id: str = "V0VIEW",
    user_id: str = USER_ID,
    user_name: str = USER_NAME,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
    trigger_id: str = TRIGGER_ID,
    api_app_id: str = API_APP_ID,
) -> Payload:
    """A modal submit. `values` is Slack's state.values: block_id -> action_id -> element.

    Example element: {"type": "plain_text_input", "value": "hello"}.
    """
    return _interactive(
        {
            "type": "view_submission",
            "team": _team(team_id, team_domain),
            "user": _user(user_id, user_name, team_id),
            "api_app_id": api_app_id,
            "token": "deprecated-verification-token",
            "trigger_id": trigger_id,
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {
                "id": view_id,
                "team_id": team_id,
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": private_metadata,
                "blocks": [],
                "state": {"values": values},
                "hash": "1700000000.abcdef",
                "title": {"type": "plain_text", "text": "Praxis"},
                "app_id": api_app_id,
                "bot_id": BOT_ID,
            },
            "response_urls": [],
        }
    )


def event_callback(
    event: dict[str, Any],
    *,
    team_id: str = TEAM_ID,
    api_app_id: str = API_APP_ID,
    event_id: str = "Ev0PRAXIS01",
    event_time: int | None = None,
) -> Payload:
    """An Events API delivery wrapping `event` (e.g. {"type": "app_mention", ...})."""
    body = {
        "token": "deprecated-verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return Payload(body=json.dumps(body).encode(), content_type=JSON)
