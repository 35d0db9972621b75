"""Find details in a teacher's text that could identify a student, in English and Spanish.

Every path that shares or publishes text runs this one check: the parts of a
case, cycle artifacts and observation notes, reflections shared with a team or
the community, resource descriptions, review notes. The author is shown the
exact spans that look like a student's (or their family's) name, an email
address, a phone number, an ID number, a birth date, a street address, a
social-media handle, or a description of a group so small it points to one
child. The author edits or confirms each one; nothing is removed
automatically, because only the author knows whether "Maria" is a student or a
colleague.

Names are found by `bot.text.names` (a gazetteer of first names and
surnames from Faker, word lists from pyspellchecker, and sentence cues); the
rest are regular expressions compiled once at import. The check adds a few
milliseconds to a 5,000-character case (`python -m bench.deidentify`).

Deliberately not flagged: adults named with an honorific or a role, published
educators, researchers and mathematicians (`bot.text.published`, plus what a
community adds), cited authors, schools, places and curricula, pseudonyms
(Student A, S3, Alumno B), standard codes (7.RP.A.2), fractions, lesson dates
without a birth cue, times, percentages, counts, room and period numbers, and
round or arithmetic numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from bot.kernel.i18n import N_, _, ngettext
from bot.text.names import NARRATION_VERBS, find_names, mentions, name_keys

FindingKind = Literal[
    "name", "email", "phone", "id_number", "birth_date", "small_group", "address", "handle"
]


@dataclass(frozen=True)
class Finding:
    """One span the author must edit or confirm before the text is shared."""

    kind: FindingKind
    start: int
    end: int
    excerpt: str
    reason: str


REASONS: dict[str, str] = {
    "name": N_("looks like a student's name"),
    "family": N_("names a student's family member"),
    "email": N_("is an email address"),
    "phone": N_("looks like a phone number"),
    "id_number": N_("looks like an ID number"),
    "ssn": N_("looks like a Social Security number"),
    "birth_date": N_("looks like a birth date"),
    "small_group": N_("describes a group so small it points to one child"),
    "address": N_("looks like a street address"),
    "handle": N_("looks like a social-media handle"),
}

# Lower numbers win when two findings overlap: the more specific rule is the
# more trustworthy one.
_PRIORITY: dict[str, int] = {
    "email": 0,
    "handle": 1,
    "phone": 2,
    "id_number": 3,
    "birth_date": 4,
    "address": 5,
    "small_group": 6,
    "name": 7,
}

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"

# ------------------------------------------------------------------ contacts

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_US_RE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w|[-.]\d)"
)
# The lookbehind keeps arithmetic such as "3+45-67-89" out.
_PHONE_INTL_RE = re.compile(r"(?<![\w)+*/=^-])\+\d[\d\s().-]{6,20}\d")
_PHONE_CUE = (
    r"(?i:\b(?:phone|cell|mobile|call|text|tel|teléfono|telefono|tel\.|cel|celular|móvil"
    r"|movil|whatsapp|llamar|llamó|llama|llámale|número|numero|number)\b)"
)
_PHONE_LOCAL_RE = re.compile(rf"{_PHONE_CUE}[^\n\d]{{0,25}}?(\d{{3}}[-.]\d{{4}})(?![\w-]|[-.]\d)")
# Mexico's 55 2133 4455, Spain's 612 34 56 78 or 612 345 678: only after a cue word.
_PHONE_GROUPED_RE = re.compile(
    rf"{_PHONE_CUE}[^\n\d]{{0,30}}?(\d{{2,3}}(?:[\s.-]\d{{2,4}}){{2,4}})(?![\w]|[-.]\d)"
)

_HANDLE_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_.]{2,30})\b")
_HANDLE_PLATFORM_RE = re.compile(
    r"(?i:\b(?:tiktok|instagram|insta|ig|snapchat|snap|twitter|youtube|roblox|fortnite"
    r"|gamertag|discord|twitch|facebook|threads)\b)"
)
_HANDLE_NAMED_RE = re.compile(
    r"(?i:\b(?:tiktok|instagram|insta|snapchat|roblox|fortnite|gamertag|twitch|youtube)"
    r"(?:\s+(?:handle|name|username|account|user))?\s+(?:is|es|:)\s+)([A-Za-z0-9_.]{3,30})\b"
)

# ---------------------------------------------------------------------- IDs

_SSN_RE = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_ID_LABEL = (
    r"(?i:\bstudent\s+(?:id|i\.d\.|number|no\.?|#)|\bstate\s+(?:id|number)|\bid\s+number"
    r"|\b(?:lunch|pin|library|locker|badge|bus)\s+(?:number|code|no\.?|#|pin)|\bpin\b"
    r"|\bssn\b|\bsocial\s+security\s+number|\bs?sid\b|\bsasid\b|\bosis\b|\blasid\b"
    r"|\bmatr[ií]cula|\bn[uú]mero\s+de\s+(?:estudiante|alumno|alumna|matr[ií]cula|lista"
    r"|expediente|control|cuenta)|\bexpediente|\bfolio|\bcurp\b|\bdni\b|\bnie\b|\brut\b"
    r"|\brun\b|\bnia\b|\bid\s+escolar)"
    r"|\bID\b|\bI\.D\.|(?<=\s)#(?=\s*\d)"
)
_ID_LABELLED_RE = re.compile(
    rf"(?:{_ID_LABEL})(?:\s*(?i:number|no\.?|num\.?|#))?\s*(?i:is|was|of|es|era)?\s*[:#=,-]?\s*#?\s*"
    r"([A-Za-z]{0,4}-?\d[\d-]{1,}\d)"
)
# "student 4471", "la alumna 4471", "#4471": a pseudonym has one or two digits.
_ID_PERSON_RE = re.compile(
    r"(?i:\b(?:student|kid|child|pupil|learner|alumn[oa]|estudiante|niñ[oa])\s+#?\s*)(\d{3,})\b"
)
_ID_HASH_RE = re.compile(r"(?<![\w&/])#\s?(\d{4,})\b")
_ID_HASH_FINE_RE = re.compile(
    r"(?i:\b(?:case|resource|problem|question|item|page|room|lesson|task|exercise|issue"
    r"|ejercicio|problema|pregunta|página|salón|aula|lección|caso|recurso|unit|unidad)\s*)$"
)
_ID_BARE_RE = re.compile(r"(?<![\w.,/-])[A-Za-z]{0,3}\d{6,}(?![\w]|[.,/-]\d)")
_CURP_RE = re.compile(r"\b[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d\b")
_DNI_RE = re.compile(r"\b\d{8}-?[A-HJ-NP-TV-Z]\b")
_MATH_OPERATORS = "=+×*/^÷<>−"

# ------------------------------------------------------------- birth dates

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
    r"|(?i:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
    r"|noviembre|diciembre)\b)"
)
_DATE = (
    r"(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?{_MONTH}(?:,?\s+(?:de(?:l)?\s+)?\d{{4}})?"
    rf"|{_MONTH}\s+(?:de\s+)?\d{{4}})"
)
_BIRTH_RE = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day"
    r"|turn(?:s|ed|ing)?\s+\d{1,2}|naci[óo]|nacid[oa]|fecha\s+de\s+nacimiento"
    r"|f\.\s*(?:de\s+)?nac\.?|cumpleaños|cumple\s+(?:\d{1,2}\s+(?:años\s+)?)?)"
    r"(?:\s+(?:is|was|es|fue|on|el))?\s*[:,=-]?\s*(?:(?:on|in|el|en)\s+)?(?:the\s+)?"
    rf"({_DATE})(?![\w/.-]\d)",
    re.IGNORECASE,
)

# --------------------------------------------------------------- addresses

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way"
    r"|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Trail|Trl|Square|Sq|Alley|Loop|Row)\b"
)
_STREET_WORD = rf"(?:\d{{1,3}}(?:st|nd|rd|th)|[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)"
_STREET_NAME = (
    rf"(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:{_STREET_WORD}\s+){{1,3}}{_STREET_SUFFIX}"
)
_ADDRESS_RE = re.compile(
    rf"\b\d{{1,6}}[A-Z]?\s+{_STREET_NAME}"
    r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*#?\w+)?"
    rf"(?:,\s+[{_UP}][{_LO}]+(?:\s+[{_UP}][{_LO}]+)?,?\s+[A-Z]{{2}}\b(?:\s+\d{{5}}(?:-\d{{4}})?)?)?"
)
_LIVES_ON_RE = re.compile(
    r"(?i:\b(?:lives?|lived|living|stays?|stayed|staying|moved))\s+(?i:on|at|to)\s+"
    rf"(?:the\s+)?({_STREET_NAME})"
)
# "calle Morelos 123", "Av. Juárez 45", "C/ Mayor, 5", "colonia Centro".
_ADDRESS_ES_RE = re.compile(
    r"(?i:\b(?:calle|c/|avenida|av\.|avda\.|callejón|privada|cerrada|paseo|carrera|cra\.)\s+)"
    rf"(?:[{_UP}][{_LO}]+\.?\s+){{1,3}}(?:(?:n[º°o]\.?\s*|#\s*)?\d{{1,5}}|,\s*\d{{1,5}})"
    r"(?:,?\s+(?i:col\.|colonia)\s+[\w ]{2,30})?"
)

# ------------------------------------------------------------- small groups

_SMALL_GROUP_RE = re.compile(
    r"\b(?:[Tt]he|[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:only|one|sole|lone|single)\s+"
    r"((?:[\w'-]+\s+){0,4}?)"
    r"(student|kid|child|girl|boy|learner|pupil|person|one|newcomer|refugee|immigrant"
    r"|family)s?\b"
    r"(\s+(?:in|at|on|from)\s+(?:(?:my|our|the|this|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:class|classes|classroom|school|grade|room|section|period|building|district|team"
    r"|group|cohort|program|course)\b|[\w-]*\d[\w°º-]*))?"
    r"(\s+(?:who|that)\s+(?:uses|used|wears|wore|speaks|spoke|is|was|has|had|came|comes"
    r"|moved|lives|lived|arrived|needs|needed|receives|received|identifies|practices"
    r"|observes|fasts|attends|attended|signs|stutters|recently)\b[^.;:!?,\n]*"
    r"|\s+with\s+[^.;:!?,\n]*)?"
)
_SMALL_GROUP_ES_RE = re.compile(
    r"(?i:\b(?:el|la|al|del|mi|nuestr[oa]|su)\s+(?:únic[oa]|sol[oa])\s+)"
    r"(?i:(?:alumn[oa]|estudiante|niñ[oa]|chic[oa]|muchach[oa]|persona|familia)\b)"
    r"(?:[^.;:!?\n]{0,60}?(?:\b(?:del|de la|de mi|en (?:el|la|mi))\s+[\w°º ]{1,20}"
    r"|\s+que\s+[^.;:!?,\n]{3,60}|\s+con\s+[^.;:!?,\n]{3,60}))?"
)
_SMALL_GROUP_ES_DESCRIBED_RE = re.compile(
    r"(?i:\b(?:únic[oa]|sol[oa])\s+(?:alumn[oa]|estudiante|niñ[oa]|chic[oa])\s+(?!de\b|en\b|"
    r"que\b|con\b|del\b|y\b|o\b|,)\w+|\b(?:alumn[oa]|estudiante|niñ[oa])\s+(?:que|con)\s+)"
)
_SMALL_GROUP_REJECT_WORDS = """
a an the this that these those time times way thing things reason day question problem
one to of for in on at with who which when is was were are i we they he she it my our
their his her and or but
"""
# Adjectives that single out nobody ("the only other student").
_SMALL_GROUP_BLAND_WORDS = """
other remaining first last second third whole same right best possible good actual real
main typical
"""
_SMALL_GROUP_REJECT = frozenset(_SMALL_GROUP_REJECT_WORDS.split())
_SMALL_GROUP_BLAND = frozenset(_SMALL_GROUP_BLAND_WORDS.split())
_GENDERED = frozenset({"girl", "boy"})
_TRAIT_VERBS = NARRATION_VERBS | frozenset(["sat", "stood", "was", "is", "had", "has", "got"])
_CLAUSE_STOP_RE = re.compile(r"\s+(?:and|but|so|because|when|while|then)\b")
_MAX_CLAUSE = 80


# -------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Candidate:
    """A proposed finding before overlaps are resolved."""

    kind: FindingKind
    start: int
    end: int
    reason_key: str


def _contact_details(text: str) -> list[_Candidate]:
    found = [_Candidate("email", m.start(), m.end(), "email") for m in _EMAIL_RE.finditer(text)]
    found += [_Candidate("phone", m.start(), m.end(), "phone") for m in _PHONE_US_RE.finditer(text)]
    for m in _PHONE_INTL_RE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group())
        if 8 <= digits <= 15:
            found.append(_Candidate("phone", m.start(), m.end(), "phone"))
    found += [
        _Candidate("phone", m.start(1), m.end(1), "phone") for m in _PHONE_LOCAL_RE.finditer(text)
    ]
    for m in _PHONE_GROUPED_RE.finditer(text):
        if 9 <= sum(ch.isdigit() for ch in m.group(1)) <= 12:
            found.append(_Candidate("phone", m.start(1), m.end(1), "phone"))
    return found


def _handles(text: str) -> list[_Candidate]:
    """@handles with a digit or underscore, or beside a platform; a bare @name is a colleague."""
    found = []
    for m in _HANDLE_RE.finditer(text):
        handle = m.group(1)
        platform = _HANDLE_PLATFORM_RE.search(text, max(0, m.start() - 40), m.start())
        if platform or any(ch.isdigit() or ch == "_" for ch in handle):
            found.append(_Candidate("handle", m.start(), m.end(), "handle"))
    found += [
        _Candidate("handle", m.start(1), m.end(1), "handle")
        for m in _HANDLE_NAMED_RE.finditer(text)
    ]
    return found


def _looks_arithmetic(text: str, start: int, end: int) -> bool:
    """Big numbers in maths teaching are round or sit next to an operator."""
    if text[start:end].endswith("000"):
        return True
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    return bool(before and before in _MATH_OPERATORS) or bool(after and after in _MATH_OPERATORS)


def _id_numbers(text: str) -> list[_Candidate]:
    found = [_Candidate("id_number", m.start(), m.end(), "ssn") for m in _SSN_RE.finditer(text)]
    for m in _ID_LABELLED_RE.finditer(text):
        if sum(ch.isdigit() for ch in m.group(1)) >= 3:
            found.append(_Candidate("id_number", m.start(1), m.end(1), "id_number"))
    for m in _ID_PERSON_RE.finditer(text):
        found.append(_Candidate("id_number", m.start(1), m.end(1), "id_number"))
    for m in _ID_HASH_RE.finditer(text):
        if not _ID_HASH_FINE_RE.search(text, max(0, m.start() - 20), m.start()):
            found.append(_Candidate("id_number", m.start(1), m.end(1), "id_number"))
    for regex in (_CURP_RE, _DNI_RE):
        found += [
            _Candidate("id_number", m.start(), m.end(), "id_number") for m in regex.finditer(text)
        ]
    for m in _ID_BARE_RE.finditer(text):
        if not _looks_arithmetic(text, m.start(), m.end()):
            found.append(_Candidate("id_number", m.start(), m.end(), "id_number"))
    return found


def _birth_dates(text: str) -> list[_Candidate]:
    return [
        _Candidate("birth_date", m.start(1), m.end(1), "birth_date")
        for m in _BIRTH_RE.finditer(text)
    ]


def _addresses(text: str) -> list[_Candidate]:
    found = [
        _Candidate("address", m.start(), m.end(), "address") for m in _ADDRESS_RE.finditer(text)
    ]
    found += [
        _Candidate("address", m.start(1), m.end(1), "address") for m in _LIVES_ON_RE.finditer(text)
    ]
    found += [
        _Candidate("address", m.start(), m.end(), "address") for m in _ADDRESS_ES_RE.finditer(text)
    ]
    return found


def _trim_clause(clause: str) -> str:
    """Keep a "who ..." clause to the trait itself, not the rest of the sentence."""
    stop = _CLAUSE_STOP_RE.search(clause)
    if stop:
        clause = clause[: stop.start()]
    # "with a hearing aid sat up front": the sentence's own verb ends the trait.
    words = list(re.finditer(r"\S+", clause))
    for word in words[2:]:
        if word.group().lower() in _TRAIT_VERBS:
            clause = clause[: word.start()]
            break
    if len(clause) > _MAX_CLAUSE:
        clause = clause[:_MAX_CLAUSE].rsplit(" ", 1)[0]
    return clause.rstrip()


def _small_groups(text: str) -> list[_Candidate]:
    found = []
    for m in _SMALL_GROUP_RE.finditer(text):
        descriptors = m.group(1).lower().split()
        if any(word in _SMALL_GROUP_REJECT for word in descriptors):
            continue
        descriptive = any(word not in _SMALL_GROUP_BLAND for word in descriptors)
        trait = m.group(4) is not None
        where = m.group(3) is not None
        if not (descriptive or trait or m.group(2).lower() in _GENDERED):
            continue
        if not (descriptive or trait) and not where and m.group(2).lower() not in _GENDERED:
            continue
        end = m.end(3) if where else m.end(2)
        if trait:
            end = m.start(4) + len(_trim_clause(m.group(4)))
        found.append(_Candidate("small_group", m.start(), end, "small_group"))
    for m in _SMALL_GROUP_ES_RE.finditer(text):
        if _SMALL_GROUP_ES_DESCRIBED_RE.search(m.group()) or m.group().rstrip() != m.group(0)[:20]:
            found.append(_Candidate("small_group", m.start(), m.end(), "small_group"))
    return found


def _names(text: str, published: Iterable[str], known: Iterable[str]) -> list[_Candidate]:
    return [
        _Candidate("name", n.start, n.end, "family" if n.family else "name")
        for n in find_names(text, published=published, known=known)
    ]


# --------------------------------------------------------------- public API


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the most specific, then longest, finding wherever two overlap."""
    ordered = sorted(candidates, key=lambda c: (_PRIORITY[c.kind], c.start - c.end, c.start))
    kept: list[_Candidate] = []
    for cand in ordered:
        if cand.start < cand.end and all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def find_identifying_details(
    text: str, *, published: Iterable[str] = (), known_names: Iterable[str] = ()
) -> list[Finding]:
    """Return the spans an author should edit or confirm, sorted and non-overlapping.

    `published` adds a community's own published names to the shipped list;
    `known_names` are names already flagged elsewhere in the same piece of
    writing (another part of a case), flagged here wherever they appear.
    """
    candidates = (
        _contact_details(text)
        + _handles(text)
        + _id_numbers(text)
        + _birth_dates(text)
        + _addresses(text)
        + _small_groups(text)
        + _names(text, published, known_names)
    )
    return [
        Finding(c.kind, c.start, c.end, text[c.start : c.end], _(REASONS[c.reason_key]))
        for c in _resolve(candidates)
    ]


def find_in_parts(
    parts: Mapping[str, str], *, published: Iterable[str] = ()
) -> dict[str, list[Finding]]:
    """Check several parts of one piece of writing (a case) as one.

    A name flagged in one part is flagged in every part, even where that part
    alone gives no cue ("Hope's work" in the evidence after "my student Hope"
    in the context).
    """
    published = tuple(published)
    first = {
        name: find_identifying_details(text, published=published) for name, text in parts.items()
    }
    keys: set[str] = set()
    for name, found in first.items():
        keys |= name_keys(parts[name], [(f.start, f.end) for f in found if f.kind == "name"])
    if not keys:
        return first
    result = {}
    for name, text in parts.items():
        flagged = name_keys(text, [(f.start, f.end) for f in first[name] if f.kind == "name"])
        if keys - flagged and mentions(text, keys - flagged):
            result[name] = find_identifying_details(text, published=published, known_names=keys)
        else:
            result[name] = first[name]
    return result


_MAX_LISTED = 15


def describe_findings(findings: list[Finding], what: str | None = None) -> str:
    """Say what to edit or confirm, once per distinct excerpt so repeats stay short, in the
    reader's language; `what` is the caller's subject, already in it (default "This case")."""
    if not findings:
        return _("No student-identifying details found.")
    if what is None:
        what = _("This case")
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        key = (" ".join(f.excerpt.split()), f.reason)
        counts[key] = counts.get(key, 0) + 1
    lines = [
        _(
            "{what} may identify a student. Edit these details, or confirm each one is fine:",
            what=what,
        )
    ]
    for (excerpt, reason), count in list(counts.items())[:_MAX_LISTED]:
        if count > 1:
            line = ngettext(
                '- "{excerpt}" ({n} time): {reason}',
                '- "{excerpt}" ({n} times): {reason}',
                count,
                excerpt=excerpt,
                reason=reason,
            )
        else:
            line = _('- "{excerpt}": {reason}', excerpt=excerpt, reason=reason)
        lines.append(line)
    if len(counts) > _MAX_LISTED:
        lines.append(ngettext("- and {n} more", "- and {n} more", len(counts) - _MAX_LISTED))
    return "\n".join(lines)
