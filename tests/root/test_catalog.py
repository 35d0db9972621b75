"""The message catalogs agree with the code: nothing missing, stale or mistranslated."""

from __future__ import annotations

from functools import cache

from bot.root import catalog
from commands import all_families


@cache
def _checked() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The check's problems and its pending lines, read once for both tests."""
    pending: list[str] = []
    found = catalog.problems(all_families(), pending=pending)
    return tuple(found), tuple(pending)


def test_the_spanish_catalog_is_complete_and_current() -> None:
    """Complete but for the areas declared still under way (catalog.INCOMPLETE_AREAS)."""
    found, _pending = _checked()
    assert not found, "\n".join(found[:60]) + (
        f"\n… {len(found)} in all" if len(found) > 60 else ""
    )


def test_only_the_areas_declared_under_way_may_lack_entries() -> None:
    _found, pending = _checked()
    areas = {
        line.rsplit("goes in ", 1)[-1].removesuffix(".po)") for line in pending if "goes in" in line
    }
    areas |= {
        line.split("/", 1)[1].split(".po", 1)[0] for line in pending if line.startswith("es/")
    }
    assert areas <= catalog.INCOMPLETE_AREAS


MARKERS = {"_": 0, "ngettext": 0, "pgettext": 1, "N_": 0, "NP_": 1}


def _marked_in_code() -> dict[str, str]:
    """Every literal message id the product's code marks, read from its syntax tree:
    what a person can be shown, whether or not Babel's extractor saw it."""
    import ast
    from pathlib import Path

    found: dict[str, str] = {}
    for folder in ("bot", "commands", "adapters"):
        for path in sorted(Path(folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                position = MARKERS.get(node.func.id)
                if position is None or len(node.args) <= position:
                    continue
                argument = node.args[position]
                if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                    continue
                key = argument.value
                if position:  # contextual: the catalog's key is `context\x04id`
                    context = node.args[0]
                    if not (isinstance(context, ast.Constant) and isinstance(context.value, str)):
                        continue
                    key = f"{context.value}\x04{key}"
                found.setdefault(key, f"{path}:{node.lineno}")
    return found


def test_every_text_the_code_marks_reaches_the_catalog_tool() -> None:
    """Babel's extractor silently skips a marked text nested in another call inside a
    marked call (`_("{x}", x=describe(f, _("This text")))`): such a text is never
    added to a catalog, so its reader sees English and no check says so."""
    extracted = set(catalog.area_of_message(all_families()))
    lost = {msgid: where for msgid, where in _marked_in_code().items() if msgid not in extracted}
    assert not lost, "\n".join(f"{where}: {msgid!r}" for msgid, where in sorted(lost.items()))
