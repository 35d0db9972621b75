"""Find details in a case of practice that could identify a student.

Cases are published to a community library, so before one is submitted the
author is shown the exact spans that look like a student's name, an email
address, a phone number, an ID number, a birth date, a street address, or a
description of a group so small it points to one child. The author then edits
or confirms each one; nothing is removed automatically, because only the author
knows whether "Maria" is a student or a colleague.

Why hand-written rules rather than presidio, scrubadub or spaCy: those need
language models downloaded at install or run time, which this deployment
cannot do (nothing may be fetched at run time). Plain regular expressions,
compiled once at import, also keep a 5,000-character case well under 10 ms.

Names are only flagged with evidence from the sentence, never just for being
capitalised: a cue word before them ("my student Maria", "a boy named Leo"),
a narration verb next to them ("Jayden said", "asked Sofia") or a possessive
("Maria's answer"). A stop list of capitalised words common in education
writing (Common Core, Algebra, IEP, Monday, January, Students, Then, ...)
keeps sentence-initial words and subject names out. Once a name is flagged,
every other occurrence of it in the text is flagged too, since each one must be
edited.

Deliberately not flagged:

* Adults named with an honorific ("Ms. Rivera", "Dr. Martin", "Coach Lee").
  The check protects students; an honorific reliably marks an adult, and
  listing every colleague would bury the findings the author must act on. The
  honorific's surname is not flagged elsewhere in the text either.
* Authors in citations ("Boaler (2016)", "(Aguirre et al., 2013)",
  "Aguirre, Mayfield-Ingram & Martin (2013)"), anywhere in the text, plus a
  short list of researchers and mathematicians often named without a year
  ("Jo Boaler", "Pascal's triangle").
* Pseudonyms such as "Student A" or "Student 3", standard codes (7.RP.A.2),
  grade levels, lesson dates without a birth cue, times, percentages, counts,
  page numbers, years, and round or arithmetic numbers (1000000, = 2468024).
* A birth year on its own ("born in 2012"): a year alone identifies nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FindingKind = Literal["name", "email", "phone", "id_number", "birth_date", "small_group", "address"]


@dataclass(frozen=True)
class Finding:
    """One span the author must edit or confirm before submitting a case."""

    kind: FindingKind
    start: int
    end: int
    excerpt: str
    reason: str


REASONS: dict[str, str] = {
    "name": "looks like a student's name",
    "email": "is an email address",
    "phone": "looks like a phone number",
    "id_number": "looks like an ID number",
    "ssn": "looks like a Social Security number",
    "birth_date": "looks like a birth date",
    "small_group": "describes a group so small it points to one child",
    "address": "looks like a street address",
}

# Lower numbers win when two findings overlap: the more specific rule is the
# more trustworthy one.
_PRIORITY: dict[str, int] = {
    "email": 0,
    "phone": 1,
    "id_number": 2,
    "birth_date": 3,
    "address": 4,
    "small_group": 5,
    "name": 6,
}

# ---------------------------------------------------------------- vocabulary

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# Maria, José, D'Andre, O'Neil, DeShawn, McKenzie, Mary-Kate. Needs a
# lowercase letter, so "A", "IEP" and "ELLs" are never names.
_NAME = rf"\b[{_UP}](?:['’][{_UP}])?[{_LO}]+(?:[{_UP}][{_LO}]+)?(?:-[{_UP}][{_LO}]+)?\b"
_NAME_RE = re.compile(_NAME)

_MONTHS = (
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
)
_DAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
    "thurs fri sat sun"
)
_FUNCTION_WORDS = """
a an the i he she they we you it his her their our my your its them him us me one
someone somebody everyone everybody anyone anybody nobody none no nothing everything
something each every both all some many most few several others another other this
that these those there here who what when where why how which whose whoever whatever
if but and or so yet for nor because since although though while after before once
until unless as at by in on of to with without from into during through about above
below over under between among then now later next last first second third fourth
finally also still even just only instead however meanwhile afterward afterwards
eventually suddenly yesterday today tomorrow tonight sometimes often usually always
never again overall initially ultimately soon together yes okay ok well oh wow hey hi
hello thanks please sure right wait look let lets maybe perhaps clearly obviously
honestly interestingly surprisingly unfortunately fortunately luckily actually
basically really very much more less not do does did is are was were be been have has
had can could would should shall might must
"""
_EDUCATION_WORDS = """
student students teacher teachers kid kids child children class classes group groups
partner partners pair pairs table tables team teams peer peers parent parents family
families classmate classmates learner learners boy boys girl girls staff admin
administrator administrators coach principal counselor para paraprofessional aide
colleague colleagues facilitator facilitators mentor mentors school schools district
districts department board state county city community lesson lessons unit units task
tasks problem problems question questions part activity exit ticket warm launch closure
discussion figure chart graph worksheet text prompt book chapter section standard
standards module curriculum step round practice homework quiz test exam assessment data
evidence results research context focus equity reflection notes observation plan cycle
case week day morning afternoon period block semester year fall spring summer winter
grade kindergarten pre middle high elementary title common core math maths mathematics
algebra geometry calculus precalculus statistics stats trigonometry arithmetic number
numbers talks routine routines english spanish french arabic chinese mandarin cantonese
vietnamese korean japanese portuguese russian somali haitian creole hmong tagalog hindi
urdu swahili navajo american african asian latino latina latinx latine hispanic black
white native indigenous muslim christian jewish science history reading writing art
music social studies desmos geogebra google zoom khan academy kahoot quizizz canvas
schoology seesaw nearpod padlet jamboard excel sheets slides docs classroom microsoft
illustrative eureka zearn dreambox amplify bridges envision wonders youcubed twitter
facebook instagram tiktok youtube slack discord praxis chromebook chromebooks ipad
thanksgiving christmas halloween easter ramadan eid diwali hanukkah kwanzaa juneteenth
labor memorial veterans presidents mr mrs ms mx miss dr prof professor sir madam mister
mom mommy dad daddy mama papa grandma grandpa granny auntie aunt uncle god senor señor
señora senora maestra maestro good great nice true false correct wrong exactly agree
disagree
"""
# Researchers and mathematicians who are often named without a year, and whose
# names are rare as students' first names.
_KNOWN_AUTHORS = """
boaler vygotsky piaget dewey freire polya pólya skemp ladson-billings gutiérrez
gutierrez aguirre mayfield-ingram delpit dweck hattie marzano liljedahl lampert fosnot
zwiers bruner noddings kendi schoenfeld wiliam hiebert stigler sfard cobb yackel bloom
pascal euler euclid pythagoras newton gauss fibonacci descartes archimedes cartesian
venn napier riemann leibniz fermat pythagorean euclidean
"""
_STOP: frozenset[str] = frozenset(
    (_MONTHS + " " + _DAYS + " " + _FUNCTION_WORDS + " " + _EDUCATION_WORDS).split()
)
_ALWAYS_EXEMPT: frozenset[str] = frozenset(_KNOWN_AUTHORS.split())

_PERSON_NOUN = (
    r"(?:students?|learners?|child(?:ren)?|kids?|sons?|daughters?|boys?|girls?|pupils?"
    r"|classmates?|twins?|nieces?|nephews?|grand(?:son|daughter)s?|step(?:son|daughter)s?"
    r"|kindergart(?:n|en)ers?|(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|eleventh|twelfth)[- ]graders?|freshm[ae]n|sophomores?"
    r"|newcomers?|mentees?|tutees?)"
)

_AFTER_VERBS = (
    "said says asked asks answered replied responded explained explains shared shares wrote "
    "writes drew draws noticed notices thought thinks told tells solved solves argued added "
    "suggested whispered shouted yelled exclaimed raised counted pointed looked smiled "
    "laughed struggled figured realized realised insisted claimed guessed shrugged nodded "
    "sighed cried got used uses tried tries worked works came went was is had has did didn't "
    "doesn't wasn't isn't hasn't couldn't can't could would kept started began finished "
    "showed shows needed wanted wants built made found agreed disagreed objected wondered "
    "commented interjected volunteered continued paused hesitated erased circled sketched "
    "moved sat stood walked ran left joined helped reasoned justified compared measured "
    "estimated predicted multiplied divided subtracted announced admitted mentioned noted "
    "stated offered proposed chose decided seemed felt knew saw heard understood missed "
    "forgot remembered loves loved likes liked hates hated refused groaned giggled grinned "
    "frowned jumped turned leaned grabbed picked put took gave rolled stared beamed chimed "
    "piped spoke speaks typed read reads counts"
)
_ADVERBS = (
    "then also just still never always immediately quickly finally eventually quietly "
    "suddenly actually initially first later even really"
)
_BEFORE_VERBS = (
    r"asked|told|called on|helped|praised|reminded|prompted|invited|encouraged|thanked"
    r"|paired|partnered|watched|heard|showed|gave|handed|let|pushed|challenged|questioned"
    r"|said|says|replied|answered|explained|whispered|shouted|exclaimed|interrupted"
    r"|noticed|pulled aside|seated|sat with|worked with|met with|conferred with"
    r"|conferenced with|checked in with|talked to|talked with|spoke to|spoke with"
    r"|turned to|chose|picked|selected"
)


def _words(words: str) -> str:
    return "|".join(re.escape(w) for w in sorted(words.split(), key=len, reverse=True))


# ------------------------------------------------------------------ patterns

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE_US_RE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\w|[-.]\d)"
)
# The lookbehind keeps arithmetic such as "3+45-67-89" out.
_PHONE_INTL_RE = re.compile(r"(?<![\w)+*/=^-])\+\d[\d\s().-]{6,20}\d")
_PHONE_LOCAL_RE = re.compile(
    r"(?i:\b(?:phone|cell|mobile|call|text|tel|number)\b)[^\n\d]{0,15}?"
    r"(\d{3}[-.]\d{4})(?![\w-]|[-.]\d)"
)
_SSN_RE = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_ID_LABELLED_RE = re.compile(
    r"(?:(?i:\bstudent\s+(?:id|i\.d\.|number|no\.?|#))|\bID\b|\bI\.D\.|(?i:\bid\s+number)"
    r"|(?i:\b(?:lunch|pin)\s+(?:number|code))|(?i:\bssn\b)|(?i:\bsocial\s+security\s+number))"
    r"(?:\s*(?i:number|no\.?|num\.?))?\s*(?i:is|was|of)?\s*[:#=-]?\s*#?\s*"
    r"([A-Za-z]{0,4}-?\d[\d-]{1,}\d)"
)
_ID_BARE_RE = re.compile(r"(?<![\w.,/-])[A-Za-z]{0,3}\d{6,}(?![\w]|[.,/-]\d)")
_MATH_OPERATORS = "=+×*/^÷<>−"

_MONTH = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
_DATE = (
    r"(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}})"
)
_BIRTH_RE = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day"
    r"|turn(?:s|ed|ing)?\s+\d{1,2})"
    r"(?:\s+(?:is|was))?\s*[:,=-]?\s*(?:(?:on|in)\s+)?(?:the\s+)?"
    rf"({_DATE})(?![\w/.-]\d)",
    re.IGNORECASE,
)

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

_SMALL_GROUP_RE = re.compile(
    r"\b(?:[Tt]he|[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:only|one|sole|lone|single)\s+"
    r"((?:[\w'-]+\s+){0,4}?)"
    r"(student|kid|child|girl|boy|learner|pupil|person|one|newcomer|refugee|immigrant"
    r"|family)s?\b"
    r"(\s+(?:in|at|on|from)\s+(?:my|our|the|this|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:class|classes|classroom|school|grade|room|section|period|building|district|team"
    r"|group|cohort|program|course)\b)?"
    r"(\s+(?:who|that)\s+(?:uses|used|wears|wore|speaks|spoke|is|was|has|had|came|comes"
    r"|moved|lives|lived|arrived|needs|needed|receives|received|identifies|practices"
    r"|observes|fasts|attends|attended|signs|stutters|recently)\b[^.;:!?,\n]*"
    r"|\s+with\s+[^.;:!?,\n]*)?"
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
_NARRATION_VERBS = frozenset(_AFTER_VERBS.split())
_CLAUSE_STOP_RE = re.compile(r"\s+(?:and|but|so|because|when|while|then)\b")
_MAX_CLAUSE = 80

_CUE_NAME_RE = re.compile(
    rf"(?i:\b{_PERSON_NOUN})(?:\s*,\s*|\s+)(?:(?i:named|called|nicknamed)\s+)?"
    rf"({_NAME}(?:\s+{_NAME})?)"
)
_NAMED_RE = re.compile(rf"(?i:\b(?:named|nicknamed|goes\s+by))\s+({_NAME}(?:\s+{_NAME})?)")
_PERSON_NOUN_RE = re.compile(rf"(?i:\b{_PERSON_NOUN}\b)")
_NAMED_WINDOW = 50
_AFTER_VERB_RE = re.compile(
    rf"({_NAME})(?=(?:\s+(?:{_words(_ADVERBS)}|[a-z]+ly))?\s+(?:{_words(_AFTER_VERBS)})\b)"
)
_BEFORE_VERB_RE = re.compile(rf"(?i:\b(?:{_BEFORE_VERBS}))\s+({_NAME}(?:\s+{_NAME})?)")
_POSSESSIVE_RE = re.compile(rf"({_NAME})(?:['’]s\b|(?<=s)['’])(?=\s+[a-z0-9])")
_PRECEDING_NAME_RE = re.compile(rf"({_NAME}) $")
_LIST_AFTER_RE = re.compile(rf"(?:\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|with)\s+|\s*&\s*)({_NAME})")
_LIST_BEFORE_RE = re.compile(rf"({_NAME})(?:\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)$")
_LIST_LOOKBACK = 60

_TITLE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Professor|Coach|Principal|Dean|Superintendent|Sr|Sra"
    r"|Srta|Señor|Señora|Maestra|Maestro|Mister)\.?\s+"
    rf"({_NAME}(?:\s+{_NAME})?)"
)
# Bounded repeats keep a long run of capitalised words from backtracking.
_NAME_LIST = (
    rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
    rf"(?:(?:\s*,\s*(?:and\s+|&\s*)?|\s*&\s*|\s+and\s+){_NAME}(?:\s+{_NAME}){{0,2}}){{0,5}}"
)
_CITATION_RE = re.compile(
    rf"({_NAME_LIST})(?:\s+et\s+al\.?)?(?:['’]s?)?\s*\(\s*(?:\d{{4}}|n\.d\.)[a-z]?"
    rf"|(?:\(|;)\s*(?:see\s+|e\.g\.,?\s+)?({_NAME_LIST})(?:\s+et\s+al\.?)?,?\s+\d{{4}}"
)


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
    return found


def _trim_clause(clause: str) -> str:
    """Keep a "who ..." clause to the trait itself, not the rest of the sentence."""
    stop = _CLAUSE_STOP_RE.search(clause)
    if stop:
        clause = clause[: stop.start()]
    # "with a hearing aid sat up front": the sentence's own verb ends the trait.
    words = list(re.finditer(r"\S+", clause))
    for word in words[2:]:
        if word.group().lower() in _NARRATION_VERBS:
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
        if not (descriptive or trait or m.group(2).lower() in _GENDERED):
            continue
        end = m.end(3) if m.group(3) else m.end(2)
        if trait:
            end = m.start(4) + len(_trim_clause(m.group(4)))
        found.append(_Candidate("small_group", m.start(), end, "small_group"))
    return found


# -------------------------------------------------------------------- names


def _exemptions(text: str) -> tuple[set[str], list[tuple[int, int]]]:
    """Names of adults and cited authors: never flagged, anywhere in the text."""
    names = set(_ALWAYS_EXEMPT)
    spans: list[tuple[int, int]] = []
    for m in _TITLE_RE.finditer(text):
        names.update(w.lower() for w in m.group(1).split())
        spans.append((m.start(), m.end()))
    for m in _CITATION_RE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        names.update(w.group().lower() for w in _NAME_RE.finditer(m.group(group)))
        spans.append((m.start(group), m.end(group)))
    return names, spans


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop stop words from either end of a one- or two-word name."""
    words = [(w.start() + start, w.end() + start) for w in _NAME_RE.finditer(text[start:end])]
    words = [(s, e) for s, e in words if text[s:e].lower() not in _STOP]
    if not words:
        return None
    return words[0][0], words[-1][1]


def _with_surname_before(text: str, start: int) -> int:
    """Include a first name written just before the matched word ("Maria Lopez said")."""
    m = _PRECEDING_NAME_RE.search(text, max(0, start - 40), start)
    if m and m.group(1).lower() not in _STOP:
        return m.start(1)
    return start


def _evidence_names(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _CUE_NAME_RE.finditer(text):
        spans.append((m.start(1), m.end(1)))
    for m in _NAMED_RE.finditer(text):
        if _PERSON_NOUN_RE.search(text, max(0, m.start() - _NAMED_WINDOW), m.start()):
            spans.append((m.start(1), m.end(1)))
    for m in _AFTER_VERB_RE.finditer(text):
        spans.append((_with_surname_before(text, m.start(1)), m.end(1)))
    for m in _BEFORE_VERB_RE.finditer(text):
        spans.append((m.start(1), m.end(1)))
    for m in _POSSESSIVE_RE.finditer(text):
        spans.append((_with_surname_before(text, m.start(1)), m.end(1)))
    return spans


def _is_exempt(
    text: str, span: tuple[int, int], names: set[str], spans: list[tuple[int, int]]
) -> bool:
    if any(span[0] < e and s < span[1] for s, e in spans):
        return True
    return any(w.group().lower() in names for w in _NAME_RE.finditer(text, span[0], span[1]))


def _extend_lists(text: str, spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """A name joined by "and" or a comma to a flagged name is a name too."""
    pending = list(spans)
    while pending:
        start, end = pending.pop()
        neighbours = []
        after = _LIST_AFTER_RE.match(text, end)
        if after:
            neighbours.append((after.start(1), after.end(1)))
        before = _LIST_BEFORE_RE.search(text, max(0, start - _LIST_LOOKBACK), start)
        if before:
            neighbours.append((before.start(1), before.end(1)))
        for span in neighbours:
            if span not in spans and text[span[0] : span[1]].lower() not in _STOP:
                spans.add(span)
                pending.append(span)
    return spans


def _names(text: str) -> list[_Candidate]:
    exempt_names, exempt_spans = _exemptions(text)
    spans: set[tuple[int, int]] = set()
    for raw in _evidence_names(text):
        span = _name_span(text, *raw)
        if span and not _is_exempt(text, span, exempt_names, exempt_spans):
            spans.add(span)
    spans = {
        s for s in _extend_lists(text, spans) if not _is_exempt(text, s, exempt_names, exempt_spans)
    }
    # Every other mention of a flagged name must be edited too.
    known = {w.group() for s, e in spans for w in _NAME_RE.finditer(text, s, e)}
    for m in _NAME_RE.finditer(text):
        if m.group() in known and not _is_exempt(text, m.span(), exempt_names, exempt_spans):
            spans.add(m.span())
    return [_Candidate("name", s, e, "name") for s, e in spans]


# --------------------------------------------------------------- public API


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the most specific, then longest, finding wherever two overlap."""
    ordered = sorted(candidates, key=lambda c: (_PRIORITY[c.kind], c.start - c.end, c.start))
    kept: list[_Candidate] = []
    for cand in ordered:
        if cand.start < cand.end and all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def find_identifying_details(text: str) -> list[Finding]:
    """Return the spans an author should edit or confirm, sorted and non-overlapping."""
    candidates = (
        _contact_details(text)
        + _id_numbers(text)
        + _birth_dates(text)
        + _addresses(text)
        + _small_groups(text)
        + _names(text)
    )
    return [
        Finding(c.kind, c.start, c.end, text[c.start : c.end], REASONS[c.reason_key])
        for c in _resolve(candidates)
    ]


_MAX_LISTED = 15


def describe_findings(findings: list[Finding]) -> str:
    """Say what to edit or confirm, once per distinct excerpt so repeats stay short."""
    if not findings:
        return "No student-identifying details found."
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        key = (" ".join(f.excerpt.split()), f.reason)
        counts[key] = counts.get(key, 0) + 1
    lines = ["This case may identify a student. Edit these details, or confirm each one is fine:"]
    for (excerpt, reason), count in list(counts.items())[:_MAX_LISTED]:
        times = f" ({count} times)" if count > 1 else ""
        lines.append(f'- "{excerpt}"{times}: {reason}')
    if len(counts) > _MAX_LISTED:
        lines.append(f"- and {len(counts) - _MAX_LISTED} more")
    return "\n".join(lines)
