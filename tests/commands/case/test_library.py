"""Search folding and the export of cases."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from commands.case.export import case_export_rows, cases_csv
from commands.case.library import fold
from tests.commands.test_case import CLEAN, _people
from tests.harness import Harness


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Ñandú") == fold("nandu") == "nandu"
    assert fold("ÉQUITÉ Straße") == "equite strasse"


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_case_blind(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(text.upper()) == fold(text.upper().lower())


async def test_export_never_names_an_anonymous_author(harness: Harness) -> None:
    await _people(harness)
    await harness.ok("zelda", f"/case submit {CLEAN} anonymous:yes")
    formula = CLEAN.replace('title:"Who gets to explain?"', 'title:"=HYPERLINK(1)"')
    await harness.ok("bob", f"/case submit {formula}")
    await harness.ok("fay", "/case review 1 approve")
    await harness.ok("fay", "/case review 2 approve")
    async with harness.app.services.db.session() as session:
        rows = await case_export_rows(session, 1)
    assert {row.id: row.author for row in rows} == {1: "Anonymous", 2: "bob"}
    data = cases_csv(rows).decode()
    assert "zelda" not in data
    parsed = list(csv.DictReader(io.StringIO(data)))
    assert {r["title"] for r in parsed} >= {"'=HYPERLINK(1)"}
