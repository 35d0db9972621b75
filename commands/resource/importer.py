"""Bulk import of a district's existing resource spreadsheet (`praxis import resources FILE`).

A district already keeps its tasks and rubrics in a spreadsheet. The import reads it
(CSV or XLSX), maps its header onto the fields `/resource share` takes, checks every row
by the same rules as a share, and adds what is good in one transaction: a fault half-way
leaves the library as it was. A link already in the library, or twice in the file, is
reported and not added again; every rejected row is listed with its row number and why.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.grammar.values import parse_list, parse_url
from bot.kernel.errors import UserError
from bot.text.normalize import fold, normalize_url
from commands.resource import choices
from commands.resource.checks import check_text, clean_labels
from storage import resources as library
from storage.resource_models import (
    GRADE_BANDS,
    MAX_DESCRIPTION,
    MAX_TITLE,
    MAX_URL,
    RESOURCE_TYPES,
    NewResource,
)

# The spec's fields, and the header names districts use for them (folded: case and accents
# do not matter, nor spaces, dashes or underscores).
FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "address", "web address", "enlace"),
    "title": ("title", "name", "resource", "titulo"),
    "type": ("type", "kind", "resource type", "tipo"),
    "grade": ("grade", "grade band", "grades", "grado"),
    "standard": ("standard", "standards", "standard codes", "ccss", "estandar", "estandares"),
    "focus": ("focus", "equity focus", "equity", "enfoque"),
    "tags": ("tags", "tag", "keywords", "etiquetas"),
    "description": ("description", "notes", "summary", "descripcion"),
}
REQUIRED = ("url", "title", "type")
# A cell's type and grade band as districts write them, folded (case and accents do not
# matter), Spanish ones included (the family's aliases, `tarea`, `todos`).
TYPE_ALIASES = {
    "case study": "case-study",
    "lesson plan": "lesson",
    "plan": "lesson",
    "estudio de caso": "case-study",
    "plan de clase": "lesson",
    **{fold(alias): choice for alias, choice in choices.TYPE_ALIASES},
}
GRADE_ALIASES = {
    "k2": "K-2",
    "35": "3-5",
    "68": "6-8",
    "912": "9-12",
    "k12": "all",
    **{fold(alias): choice for alias, choice in choices.GRADE_ALIASES},
}
MAX_ROWS = 100_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Rejected:
    row: int  # as a spreadsheet numbers it: the header is row 1
    reason: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    url: str
    existing: int | None  # the library's resource id, or None when it repeats an earlier row
    first_row: int | None = None


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # resource ids
    duplicates: list[Duplicate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    rows: int = 0

    def lines(self, *, limit: int = 200) -> list[str]:
        """What the operator reads: the counts, then each duplicate and rejected row."""
        in_library = sum(1 for dup in self.duplicates if dup.existing is not None)
        repeated = len(self.duplicates) - in_library
        out = [
            f"Read {self.rows} rows: added {len(self.added)}, {in_library} already in the "
            f"library, {repeated} repeating an earlier row, {len(self.rejected)} rejected."
        ]
        for dup in self.duplicates[:limit]:
            where = (
                f"already in the library as #{dup.existing}"
                if dup.existing is not None
                else f"the same link as row {dup.first_row}"
            )
            out.append(f"  row {dup.row}: not added, {where} ({dup.url})")
        for bad in self.rejected[:limit]:
            out.append(f"  row {bad.row}: rejected: {bad.reason}")
        hidden = max(0, len(self.duplicates) - limit) + max(0, len(self.rejected) - limit)
        if hidden:
            out.append(f"  … and {hidden} more rows not shown.")
        return out


def _key(name: str) -> str:
    return " ".join(fold(name).replace("_", " ").replace("-", " ").split())


_HEADER = {_key(alias): name for name, aliases in FIELDS.items() for alias in aliases}


def map_header(header: Sequence[str]) -> dict[str, int]:
    """Column index of each spec field; UserError naming what is missing or doubled."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _HEADER.get(_key(str(raw or "")))
        if name is None:
            continue
        if name in columns:
            raise UserError(f"Two columns mean {name}: {header[columns[name]]!r} and {raw!r}.")
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        known = ", ".join(FIELDS)
        raise UserError(
            f"The header needs a column for {', '.join(missing)}. Columns it reads: {known}."
        )
    return columns


def read_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a CSV (UTF-8, with or without BOM; comma, semicolon or tab) or XLSX file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
        return
    if suffix not in (".csv", ".tsv", ".txt"):
        raise UserError(f"{path.name}: import reads .csv or .xlsx files.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # Excel's "CSV" on Windows
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if cell is None else str(cell) for cell in row]
    finally:
        workbook.close()


@dataclass(frozen=True)
class RowValues:
    url: str
    url_key: str
    title: str
    type: str
    grade: str | None
    standards: tuple[str, ...]
    focus: tuple[str, ...]
    tags: tuple[str, ...]
    description: str


def _cell(row: Sequence[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    return " ".join(str(row[index]).split()) if name != "description" else str(row[index]).strip()


def _list(text: str) -> tuple[str, ...]:
    """Spreadsheets separate list items with commas or semicolons."""
    return parse_list(text.replace(";", ","))


def check_row(row: Sequence[str], columns: dict[str, int], focus: tuple[str, ...]) -> RowValues:
    """One row by the rules of `/resource share`; UserError says what is wrong."""
    url = parse_url(_cell(row, columns, "url"))
    if len(url) > MAX_URL:
        raise UserError(f"the link is too long ({len(url)} characters; at most {MAX_URL}).")
    title = check_text("title", _cell(row, columns, "title"), MAX_TITLE, required=True)
    kind = _cell(row, columns, "type").lower()
    kind = TYPE_ALIASES.get(fold(kind), kind)
    if kind not in RESOURCE_TYPES:
        shown = _cell(row, columns, "type") or "(empty)"
        raise UserError(f"type “{shown[:40]}” is not one of: {', '.join(RESOURCE_TYPES)}.")
    grade_text = _cell(row, columns, "grade")
    grade: str | None = None
    if grade_text:
        squeezed = grade_text.upper().replace(" ", "").replace("–", "-")
        grade = next((band for band in GRADE_BANDS if band.upper() == squeezed), None)
        grade = grade or GRADE_ALIASES.get(fold(squeezed.replace("-", "")))
        if grade is None:
            raise UserError(f"grade “{grade_text[:20]}” is not one of: {', '.join(GRADE_BANDS)}.")
    description = check_text("description", _cell(row, columns, "description"), MAX_DESCRIPTION)
    return RowValues(
        url=url,
        url_key=normalize_url(url),
        title=title,
        type=kind,
        grade=grade,
        standards=clean_labels("standard", _list(_cell(row, columns, "standard"))),
        focus=clean_labels("focus", _list(_cell(row, columns, "focus")), allowed=focus),
        tags=clean_labels("tag", _list(_cell(row, columns, "tags"))),
        description=description,
    )


async def import_resources(
    session: AsyncSession,
    community_id: int,
    rows: Iterable[Sequence[str]],
    *,
    shared_by: int | None,
    focus: tuple[str, ...],
    now: datetime,
    progress: Progress | None = None,
    batch: int = 500,
) -> ImportReport:
    """Check every row, then add the good ones in batches inside the caller's transaction.

    The caller commits once at the end, so nothing is half-imported.
    """
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise UserError("The file is empty: it needs a header row and at least one resource.")
    columns = map_header(header)
    report = ImportReport()
    seen: dict[str, int] = {}
    good: list[tuple[int, RowValues]] = []
    for number, row in enumerate(iterator, start=2):
        if not any(str(cell).strip() for cell in row):
            continue  # blank lines in a spreadsheet are not rows
        report.rows += 1
        if report.rows > MAX_ROWS:
            raise UserError(f"At most {MAX_ROWS} rows in one import; split the file.")
        try:
            values = check_row(row, columns, focus)
        except UserError as error:
            report.rejected.append(Rejected(number, str(error)))
            continue
        if values.url_key in seen:
            report.duplicates.append(Duplicate(number, values.url, None, seen[values.url_key]))
            continue
        seen[values.url_key] = number
        good.append((number, values))
    existing = await library.ids_by_url_key(session, community_id, [v.url_key for _, v in good])
    fresh: list[RowValues] = []
    for number, values in good:
        if values.url_key in existing:
            report.duplicates.append(Duplicate(number, values.url, existing[values.url_key]))
        else:
            fresh.append(values)
    for start in range(0, len(fresh), batch):
        chunk = [_resource(community_id, v, shared_by, now) for v in fresh[start : start + batch]]
        await library.publish_many(session, chunk)
        report.added.extend(resource.id for resource in chunk)
        if progress is not None:
            progress(start + len(chunk), len(fresh))
    return report


def _resource(community_id: int, v: RowValues, shared_by: int | None, now: datetime) -> NewResource:
    return NewResource(
        community_id=community_id,
        title=v.title,
        type=v.type,
        grade=v.grade,
        description=v.description,
        url=v.url,
        url_key=v.url_key,
        standards=",".join(v.standards),
        focus=",".join(v.focus),
        tags=",".join(v.tags),
        shared_by=shared_by,
        created_at=now,
    )
