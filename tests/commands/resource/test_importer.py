"""`praxis import resources FILE`: a district's spreadsheet, bad rows and duplicates included."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.kernel.errors import UserError
from bot.root.app import App
from bot.root.importing import ImportOptions, import_file
from commands.resource.importer import check_row, map_header
from storage import resources as library
from storage.resource_models import DEFAULT_FOCUS, Resource
from tests.harness import Harness

TOPICS = [
    ("Fraction strips on the number line", "task", "3-5", "3.NF.A.2", "deep-math"),
    ("Ratio tables with recipes from home", "lesson", "6-8", "6.RP.A.3", "funds-of-knowledge"),
    ("Number talks rubric", "rubric", "K-2", "K.CC.B.4", "identity"),
    ("Linear functions gallery walk", "task", "9-12", "HSF-LE.A.1", "multiple-competencies"),
    ("Who gets to be good at math? (article)", "article", "all", "", "marginality"),
    ("Proportional reasoning exit ticket", "assessment", "6-8", "7.RP.A.2", "deep-math"),
]
BAD_ROWS = {
    # row number in the file -> (the row, a word the reason must contain)
    "no link": (["", "Untitled", "task", "3-5", "", "", "", ""], "web link"),
    "ftp": (["ftp://files.example.org/x", "Old files", "task", "", "", "", "", ""], "web link"),
    "type": (["https://ex.org/poster", "Poster", "poster", "", "", "", "", ""], "type"),
    "grade": (["https://ex.org/g", "Grade thing", "task", "13-14", "", "", "", ""], "grade"),
    "focus": (["https://ex.org/f", "Focus thing", "task", "", "", "vibes", "", ""], "equity"),
    "title": (["https://ex.org/t", "", "task", "", "", "", "", ""], "title"),
}
HEADER = [
    "Link",
    "Title",
    "Resource type",
    "Grade band",
    "Standards",
    "Equity focus",
    "Tags",
    "Notes",
]


def district_csv(path: Path, *, rows: int = 2000, seed: int = 3) -> dict[str, object]:
    """A realistic export: 2,000 rows, six bad ones, and links that repeat earlier rows."""
    rng = random.Random(seed)
    expected_bad: dict[int, str] = {}
    repeats: dict[int, int] = {}
    written: list[list[str]] = []
    good: list[int] = []  # indices of rows that import (a repeat copies one of these)
    bad = list(BAD_ROWS.values())
    for index in range(rows):
        number = index + 2  # the header is row 1
        if index % 331 == 17 and bad:
            row, word = bad.pop()
            expected_bad[number] = word
        elif index % 97 == 50 and good:
            original = rng.choice(good)
            row = list(written[original])
            row[0] = row[0].replace("https://", "HTTPS://") + "?utm_source=newsletter"
            repeats[number] = original + 2
        else:
            title, kind, grade, standard, focus = rng.choice(TOPICS)
            row = [
                f"https://district.example.org/library/{index}",
                f"{title} — unit {index % 12 + 1}",
                kind.capitalize() if index % 5 == 0 else kind,
                grade,
                standard,
                focus,
                "; ".join(rng.sample(["number-talks", "ell", "small-group", "launch"], 2)),
                "Used in our PLC; students’ strategies varied. Ñandú warm-up.",
            ]
            good.append(index)
        written.append(row)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(written)
    return {"bad": expected_bad, "repeats": repeats, "rows": rows}


async def _count(app: App) -> int:
    async with app.db.session() as session:
        return (await session.execute(select(func.count()).select_from(Resource))).scalar_one()


async def test_a_district_spreadsheet_imports_with_bad_rows_and_duplicates_reported(
    app: App, harness: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await harness.ok("ana", "/praxis whoami")  # the console community exists, ana its admin
    existing = await harness.ok(
        "ana",
        '/resource share url:https://district.example.org/library/4 title:"Shared before" '
        "type:task",
    )
    assert "#1" in existing
    path = tmp_path / "library.csv"
    plan = district_csv(path)

    status = await import_file(app, ImportOptions(path, "ana"))
    out = capsys.readouterr()

    assert status == 0, out.err
    bad, repeats = plan["bad"], plan["repeats"]
    assert isinstance(bad, dict) and isinstance(repeats, dict)
    for number, word in bad.items():
        line = next(line for line in out.out.splitlines() if line.startswith(f"  row {number}:"))
        assert "rejected" in line and word in line, line
    for number, first in repeats.items():
        assert f"  row {number}: not added, the same link as row {first}" in out.out
    assert "row 6: not added, already in the library as #1" in out.out
    added = 2000 - len(bad) - len(repeats) - 1
    assert f"added {added}, 1 already in the library, {len(repeats)} repeating" in out.out
    assert await _count(app) == added + 1
    assert "importing [" in out.err, "a progress bar on standard error"
    found = await harness.ok("maria", "/resource search nandu type:task grade:3-5")
    assert "Fraction strips on the number line" in found
    tagged = await harness.ok("maria", "/resource search tag:small-group")
    assert "results" in tagged.lower() or "#" in tagged


async def test_a_fault_half_way_leaves_the_library_as_it_was(
    app: App, harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await harness.ok("ana", "/praxis whoami")
    path = tmp_path / "library.csv"
    district_csv(path, rows=900)
    real = library.publish_many
    calls = 0

    async def failing(session, resources):  # the database dies during the second batch
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ConnectionError("database went away")
        await real(session, resources)

    monkeypatch.setattr(library, "publish_many", failing)
    with pytest.raises(ConnectionError):
        await import_file(app, ImportOptions(path, "ana"))
    assert calls == 2
    assert await _count(app) == 0


async def test_an_xlsx_workbook_imports_like_a_csv(
    app: App, harness: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.create_sheet("Library", 0)
    sheet.append(["Title", "URL", "Type", "Grade", "Focus"])
    sheet.append(["Estimation jar routine", "https://ex.org/jar", "task", "K-2", "identity"])
    sheet.append(["Broken row", "not a link", "task", None, None])
    path = tmp_path / "library.xlsx"
    workbook.save(path)

    assert await import_file(app, ImportOptions(path, "ana")) == 0
    out = capsys.readouterr().out
    assert "added 1," in out and "row 3: rejected" in out
    assert "Estimation jar routine" in await harness.ok("ana", "/resource search estimation")


async def test_a_file_without_the_needed_columns_says_which(
    app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Name,Notes\nSomething,else\n", encoding="utf-8")
    assert await import_file(app, ImportOptions(path, "ana")) == 1
    err = capsys.readouterr().err
    assert "needs a column for url, type" in err
    assert await _count(app) == 0


def test_header_names_fold_case_accents_and_separators() -> None:
    columns = map_header(["  LINK ", "Título", "resource_type", "Grade-Band"])
    assert columns == {"url": 0, "title": 1, "type": 2, "grade": 3}
    with pytest.raises(UserError, match="Two columns mean url"):
        map_header(["url", "link", "title", "type"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=8, max_size=8))
def test_any_row_is_either_imported_or_rejected_with_a_reason(row: list[str]) -> None:
    columns = map_header(HEADER)
    try:
        values = check_row(row, columns, DEFAULT_FOCUS)
    except UserError as error:
        assert str(error)
    else:
        assert values.url.lower().startswith(("http://", "https://"))
        assert values.title and values.type


def test_a_spanish_districts_types_and_bands_are_read_as_the_english_choices() -> None:
    columns = map_header(["Enlace", "Título", "Tipo", "Grado"])
    rows = [
        (["https://ex.org/a", "Rectas", "Tarea", "Todos"], ("task", "all")),
        (["https://ex.org/b", "Rúbrica oral", "RÚBRICA", "3-5"], ("rubric", "3-5")),
        (["https://ex.org/c", "Caso", "estudio de caso", ""], ("case-study", None)),
        (["https://ex.org/d", "Lección", "leccion", "6-8"], ("lesson", "6-8")),
    ]
    for row, (kind, grade) in rows:
        values = check_row(row, columns, DEFAULT_FOCUS)
        assert (values.type, values.grade) == (kind, grade)
