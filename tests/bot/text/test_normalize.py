"""Folding, links, standard codes and query words: what the library's search stands on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.kernel.errors import UserError
from bot.text.normalize import fold, normalize_standard, normalize_tag, normalize_url, query_terms
from storage.search import fts5_query


def test_fold_removes_accents_and_case() -> None:
    assert fold("Ñandú") == "nandu"
    assert fold("ÁREA y Perímetro") == "area y perimetro"


@pytest.mark.parametrize(
    "raw",
    [
        "https://example.org/a/b",
        "HTTPS://WWW.Example.ORG/a/b/",
        "http://example.org:80/a/b?utm_source=slack&utm_medium=x",
        "https://example.org/a/b#section",
        "<https://example.org/a/b|label>",
    ],
)
def test_the_same_link_normalises_to_one_key(raw: str) -> None:
    assert normalize_url(raw) == "https://example.org/a/b"


def test_query_order_and_real_parameters_are_kept() -> None:
    assert normalize_url("https://e.org/p?b=2&a=1&fbclid=z") == "https://e.org/p?a=1&b=2"


@pytest.mark.parametrize("raw", ["ftp://e.org/x", "javascript:alert(1)", "e.org/x", "https://"])
def test_only_web_links_are_accepted(raw: str) -> None:
    with pytest.raises(UserError):
        normalize_url(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("k.cc.a.1", "K.CC.A.1"),
        ("7.RP.A.2", "7.RP.A.2"),
        ("hsa.rei.b.3", "HSA-REI.B.3"),
        ("HSA-REI.B.3", "HSA-REI.B.3"),
        ("6.ns.c.6A", "6.NS.C.6a"),
        ("mp.3", "MP3"),
        ("7.rp", "7.RP"),
    ],
)
def test_standard_codes_normalise(raw: str, code: str) -> None:
    assert normalize_standard(raw) == code


@pytest.mark.parametrize("raw", ["fractions", "9.RP.A.2", "HSX-AB.1", ""])
def test_wrong_standard_codes_show_the_shape(raw: str) -> None:
    with pytest.raises(UserError, match=r"7\.RP\.A\.2"):
        normalize_standard(raw)


def test_tags_normalise() -> None:
    assert normalize_tag("#Number Talks!") == "number-talks"
    assert normalize_tag("Álgebra") == "algebra"


@given(st.text(max_size=200))
def test_query_words_never_carry_syntax(text: str) -> None:
    for term in query_terms(text):
        for word in term:
            assert word and all(ch.isalnum() for ch in word)
    query = fts5_query(query_terms(text))
    assert query.count('"') % 2 == 0


@given(st.text(max_size=80))
def test_normalised_links_are_stable(text: str) -> None:
    try:
        once = normalize_url("https://example.org/" + text)
    except UserError:
        return
    assert normalize_url(once) == once
