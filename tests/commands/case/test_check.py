"""The identifying-details check as an author meets it on a whole case."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from commands.case.check import check_case, findings_list, snippet, unconfirmed
from storage.cases import Case


def _case(**parts: str) -> Case:
    case = Case(
        title="", grade="6-8", context="", problem="", focus=["identity"], tried="",
        evidence="", question="", held_findings=[], confirmed_findings=[],
    )  # fmt: skip
    case.id = 7
    for name, value in parts.items():
        setattr(case, name, value)
    return case


def test_findings_name_the_part_and_exact_characters() -> None:
    case = _case(context="Room 12.", evidence="Email sam.lee@school.org or call 555-867-5309.")
    found = check_case(case)
    assert [(f.part, f.finding.kind, f.finding.excerpt) for f in found] == [
        ("evidence", "email", "sam.lee@school.org"),
        ("evidence", "phone", "555-867-5309"),
    ]
    titles = [item.title for item in findings_list(case, found).items]
    assert titles[0] == "“sam.lee@school.org” in Evidence, characters 7-24"


def test_a_real_case_is_not_flagged() -> None:
    case = _case(
        title="Ratio tables in a tracked section",
        context="Seventh grade (grade 7), 7.RP.A.2 and 6.RP.A.3b. Lesson on 2026-10-05, "
        "then again on October 12. Period 3, 28 students, 45 minutes.",
        problem="Students in grades 6-8 were placed by last year's scores.",
        tried="Aguirre, Mayfield-Ingram & Martin (2013) and Boaler (2016) framed it.",
        evidence="41% to 68% correct; 19 of 26 students built a table; Student A explained.",
        question="How do we argue for the rich task in 8th grade too?",
    )
    assert check_case(case) == []


def test_confirming_covers_only_findings_already_shown() -> None:
    case = _case(context="My student Maria said 4.")
    shown = [f.key for f in check_case(case)]
    case.tried = "I asked Sofia."
    new = unconfirmed(check_case(case), shown)
    assert [f.finding.excerpt for f in new] == ["Sofia"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_every_finding_is_an_exact_span_shown_in_its_snippet(context: str, evidence: str) -> None:
    case = _case(context=context, evidence=evidence)
    for found in check_case(case):
        text = getattr(case, found.part)
        f = found.finding
        assert text[f.start : f.end] == f.excerpt
        assert f"[{' '.join(f.excerpt.split())}]" in snippet(text, f.start, f.end) or not f.excerpt


def test_repeats_share_a_line_and_a_long_list_is_cut() -> None:
    names = ["Maria", "Jayden", "Sofia", "Leo", "Emma", "Ava", "Sam", "Zoe", "Omar", "Ivan",
             "Nora", "Ruth", "Eli", "Kai", "Lena", "Tess", "Ben", "Amir"]  # fmt: skip
    text = " ".join(f"My student {n} said 4." for n in names) + " Maria said 5."
    listing = findings_list(_case(context=text), check_case(_case(context=text)))
    titles = [str(item.title) for item in listing.items]
    assert titles[0].startswith("“Maria” in Context, 2 times, characters 12-16, ")
    assert len(titles) == 16 and titles[-1] == "and 3 more details like these"
