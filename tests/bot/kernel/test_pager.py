"""Previous and Next, the one pager: where each button leads, on every page and past the last."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.kernel.pager import page_count, pager
from bot.kernel.reply import Button, Buttons
from tests.harness import Harness


def buttons(blocks: list[Buttons]) -> dict[str, Button]:
    return {b.label: b for block in blocks for b in block.buttons}


@given(
    total=st.integers(min_value=0, max_value=500),
    size=st.integers(min_value=1, max_value=50),
    page=st.integers(min_value=1, max_value=40),
)
def test_previous_and_next_lead_to_pages_that_exist(total: int, size: int, page: int) -> None:
    pages = page_count(total, size)
    shown = buttons(pager("/thing list", page, pages, total=total))
    assert all(b.pager for b in shown.values()), "both are marked as page navigation"
    if page < pages:
        assert shown["Next"].command == f"/thing list page:{page + 1}"
    else:
        assert "Next" not in shown
    if page > 1 and total:
        back = min(page - 1, pages)
        assert shown["Previous"].command == f"/thing list page:{back}"
        assert (back - 1) * size < total, "Previous never leads to an empty page"
    else:
        assert "Previous" not in shown


def test_past_the_last_page_previous_goes_to_the_last_page() -> None:
    shown = buttons(pager("/thing list", 9, 3, total=25))
    assert list(shown) == ["Previous"]
    assert shown["Previous"].command == "/thing list page:3"
    assert pager("/thing list", 4, 1, total=0) == [], "nothing at all: nowhere to go back to"


def test_a_page_can_sit_inside_the_command() -> None:
    shown = buttons(pager(lambda n: f"/thing search page:{n} sort:new", 2, 3, total=30))
    assert shown["Previous"].command == "/thing search page:1 sort:new"
    assert shown["Next"].command == "/thing search page:3 sort:new"


async def test_every_family_pages_with_the_one_pager(harness: Harness) -> None:
    """Lists of three families, past their last page: Previous goes to the last page."""
    await harness.community("ana")
    for n in range(1, 13):
        await harness.ok(
            "ana",
            f'/resource share url:https://example.org/t{n} title:"Fraction task {n}" type:task',
        )
    for text, back in (
        ("/resource search fraction page:7", "/resource search query:fraction page:2"),
        ("/resource mine page:7", "/resource mine page:2"),
        ("/case search page:3", None),  # no published case: nothing to go back to
        ("/reflect shared page:3", None),  # nothing shared: no Previous to another empty page
    ):
        result = await harness.run("ana", text)
        assert result.ok, text
        shown = buttons([b for b in result.reply.blocks if isinstance(b, Buttons)])
        assert "Next" not in shown, text
        if back is None:
            assert "Previous" not in shown, text
        else:
            assert shown["Previous"].command == back and shown["Previous"].pager, text
