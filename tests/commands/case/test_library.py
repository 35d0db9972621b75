"""Search folding and the export of cases."""

from __future__ import annotations

import csv
import io

from commands.case.export import case_export_rows, cases_csv
from tests.commands.case.helpers import CLEAN, people
from tests.harness import Harness


async def test_export_never_names_an_anonymous_author(harness: Harness) -> None:
    await people(harness)
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
