"""Forms: modal shape within Slack's limits, and submissions as commands."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.forms import FormOrigin, build_modal, inline_errors, submission_command
from bot.grammar.registry import Registry
from bot.kernel.model import StructuredCommand
from bot.kernel.reply import Form, FormField
from tests.fakes.probe import PROBE

REGISTRY = Registry([PROBE])


def test_modal_respects_slack_limits() -> None:
    form = Form(
        "A very long title for a Slack modal",
        "/probe note",
        (FormField("title", "T" * 3000, max_length=9000),),
    )
    view = build_modal(form, channel="C1", channel_name="general")
    assert len(view["title"]["text"]) <= 24
    assert view["blocks"][0]["element"]["max_length"] <= 3000
    assert FormOrigin.load(view["private_metadata"]).command == "/probe note"


@given(st.text(min_size=1).filter(str.strip))
def test_submitted_text_reaches_the_core_unchanged(text: str) -> None:
    command = submission_command(REGISTRY, "/probe note kind:idea", {"title": text})
    assert command == StructuredCommand("probe", "note", {"kind": "idea", "title": text})


def test_errors_go_on_the_named_field_else_the_first() -> None:
    fields = ("title", "body")
    assert inline_errors("What happened names a student.", "body", fields) == {
        "body": "What happened names a student."
    }
    assert list(inline_errors("Something else is wrong.", None, fields)) == ["title"]
    assert list(inline_errors("The prompt: is not yours.", "prompt", fields)) == ["title"]
