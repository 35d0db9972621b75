"""Pure text helpers for the library: folding, links, standard codes, tags, query words.

They live apart from storage so both search engines index and query the very
same folded text: `nandu` finds `Ñandú` on SQLite and PostgreSQL alike
because we fold accents and case ourselves instead of trusting each
database's own unaccent.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.kernel.errors import UserError
from bot.kernel.i18n import _

# Query parameters that only say where a click came from, never what the page is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "ref_src",
        "_hsenc",
        "_hsmi",
        "si",
        "spm",
        "vero_id",
        "oly_anon_id",
        "oly_enc_id",
        "wickedid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Small words that carry no meaning in a search. Both engines drop them from
# queries, so PostgreSQL's English configuration (which drops them from the
# index) and SQLite (which keeps them) find the same things.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "not",
        "no",
    ]
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_TERMS = 8
MAX_TERM_LENGTH = 40


def fold(text: str) -> str:
    """Lower-case text with accents removed: `Ñandú` -> `nandu`, `Straße` -> `strasse`.

    ASCII text has nothing to decompose: lower-casing is the whole fold, and it is most of
    what is indexed, so it skips the per-character pass.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.casefold())


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """Fold `text` and map each folded character back to its index in `text`.

    Snippets are cut from the original text at the place the folded words matched.
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    out: list[str] = []
    positions: list[int] = []
    for index, ch in enumerate(text):
        piece = fold(ch)
        out.append(piece)
        positions.extend([index] * len(piece))
    return "".join(out), positions


def words(text: str) -> list[str]:
    """Folded words of `text`, as both engines' tokenizers see them (letters and digits)."""
    return _WORD.findall(fold(text))


def query_terms(text: str) -> list[tuple[str, ...]]:
    """The terms of a user's query: each a word, or a phrase of words typed joined (`7.rp.a.2`).

    Everything that is not a letter or a digit separates words, so quotes,
    operators (`AND`, `NEAR(`, `*`, `-`, `:`) and brackets can never reach a
    search engine's query syntax; they are plain words or nothing.
    """
    terms: list[tuple[str, ...]] = []
    for chunk in fold(text).split():
        parts = tuple(p[:MAX_TERM_LENGTH] for p in _WORD.findall(chunk))
        if not parts:
            continue
        if len(parts) == 1 and parts[0] in STOPWORDS:
            continue
        if parts not in terms:
            terms.append(parts)
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return terms


def normalize_url(raw: str) -> str:
    """The one spelling of a link: lower-case scheme and host, no default port,
    no trailing slash, no fragment, no tracking parameters, sorted query.
    """
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise UserError(_("“{raw}” is not a web link I can read.", raw=raw)) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise UserError(
            _("“{raw}” is not a web link; links start with http:// or https://.", raw=raw)
        )
    host = parts.hostname.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    # Trailing slashes and spaces alike: the link read again must come out the same.
    path = re.sub(r"[/\s]+$", "", re.sub(r"/{2,}", "/", parts.path))
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_NAMES
    ]
    return urlunsplit(
        ("https" if scheme == "http" else scheme, netloc, path, urlencode(sorted(query)), "")
    )


def clean_url(raw: str) -> str:
    """The link as shown: the user's own, minus tracking parameters and fragment noise."""
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].split("|", 1)[0]
    parts = urlsplit(text)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING_NAMES
    ]
    return urlunsplit(
        (
            parts.scheme.lower(),
            parts.netloc.lower(),
            parts.path or "/",
            urlencode(query),
            parts.fragment,
        )
    )


# Common Core shapes, loosely: K.CC.A.1, 7.RP.A.2, 7.RP.2, 6.NS.C.6a, HSA-REI.B.3,
# HSF.IF.A.1, and the practices MP1..MP8. Domain and cluster codes (7.RP, 7.RP.A) pass too.
_GRADE_STANDARD = re.compile(r"^(K|[1-8])\.([A-Z]{1,4})(?:\.([A-D]))?(?:\.(\d{1,2})([A-E])?)?$")
_HS_STANDARD = re.compile(r"^HS([NAFGS])[-.]?([A-Z]{1,4})(?:\.([A-D]))?(?:\.(\d{1,2})([A-E])?)?$")
_PRACTICE = re.compile(r"^(?:CCSS\.MATH\.PRACTICE\.)?MP\.?([1-8])$")


def normalize_standard(raw: str) -> str:
    """A standard code in its usual spelling, or a UserError that shows the shape."""
    text = re.sub(r"\s+", "", raw).upper().removeprefix("CCSS.MATH.CONTENT.")
    if len(text) > 24:
        text = text[:24]
    if match := _PRACTICE.match(text):
        return f"MP{match.group(1)}"
    if match := _GRADE_STANDARD.match(text):
        grade, domain, cluster, number, part = match.groups()
        return _join(f"{grade}.{domain}", cluster, number, part)
    if match := _HS_STANDARD.match(text):
        category, domain, cluster, number, part = match.groups()
        return _join(f"HS{category}-{domain}", cluster, number, part)
    raise UserError(
        _(
            "“{raw}” doesn't look like a standard code; "
            "write it like K.CC.A.1, 7.RP.A.2 or HSA-REI.B.3.",
            raw=raw.strip()[:40],
        )
    )


def _join(head: str, cluster: str | None, number: str | None, part: str | None) -> str:
    code = head
    if cluster:
        code += f".{cluster}"
    if number:
        code += f".{int(number)}"
        if part:
            code += part.lower()
    return code


_TAG_BAD = re.compile(r"[^a-z0-9]+")
MAX_TAG_LENGTH = 40


def normalize_tag(raw: str) -> str:
    """`#Number Talks` -> `number-talks`: folded, words joined by hyphens."""
    text = _TAG_BAD.sub("-", fold(raw.strip().lstrip("#"))).strip("-")
    if not text:
        raise UserError(
            _("“{raw}” is not a usable tag; use letters and digits.", raw=raw.strip()[:40])
        )
    if len(text) > MAX_TAG_LENGTH:
        raise UserError(
            _(
                "The tag “{tag}…” is too long (at most {limit}).",
                tag=text[:20],
                limit=MAX_TAG_LENGTH,
            )
        )
    return text
