"""What an author sees when their case is checked for student-identifying details."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.text.deidentify import Finding, describe_findings, find_identifying_details

# Each row: the case text and the exact (kind, excerpt) pairs the author is shown, in order.
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # --- names after cue words
    ("My student Maria solved it first.", [("name", "Maria")]),
    ("A student named Jayden Lopez asked for help.", [("name", "Jayden Lopez")]),
    ("My kid Jayden hates word problems.", [("name", "Jayden")]),
    ("My son Leo loves fractions.", [("name", "Leo")]),
    ("My daughter, Emma, checks my homework.", [("name", "Emma")]),
    ("A boy named Leo drew a number line.", [("name", "Leo")]),
    ("A girl called Ana drew a tape diagram.", [("name", "Ana")]),
    ("The learner Sam counted by fives.", [("name", "Sam")]),
    ("The child Ava watched quietly.", [("name", "Ava")]),
    ("A quiet boy in my second period named Leo finally spoke up.", [("name", "Leo")]),
    ("Students Maria and Jayden worked together.", [("name", "Maria"), ("name", "Jayden")]),
    ("My student Zoë explained ratios.", [("name", "Zoë")]),
    ("My student D'Andre got there first.", [("name", "D'Andre")]),
    # --- pseudonyms are fine
    ("Student A said it was 7. Student 3 disagreed.", []),
    ("Student B's work showed a number line. Student #3 disagreed.", []),
    # --- names in classroom narration
    ("Jayden said the answer was 12.", [("name", "Jayden")]),
    ("Then Sofia disagreed with the group.", [("name", "Sofia")]),
    ("I asked Sofia to explain her thinking.", [("name", "Sofia")]),
    ("Maria's answer was 3/4.", [("name", "Maria")]),
    ("Maria Lopez said she was confused.", [("name", "Maria Lopez")]),
    ('"Four," said Jayden.', [("name", "Jayden")]),
    ("I called on Jayden and then waited.", [("name", "Jayden")]),
    ("Marcus quietly asked whether 0 is even.", [("name", "Marcus")]),
    (
        "Maria, Jayden, and Sofia said they agreed.",
        [("name", "Maria"), ("name", "Jayden"), ("name", "Sofia")],
    ),
    ("I paired Maria with Sofia.", [("name", "Maria"), ("name", "Sofia")]),
    # once a name is flagged, every mention of it must be edited
    (
        "My student Maria froze. Later Maria tried again, and Maria got it.",
        [("name", "Maria"), ("name", "Maria"), ("name", "Maria")],
    ),
    # --- capitalised words that are not names
    ("In 2019 Math was hard. Common Core says so.", []),
    ("Monday was busy. January went fast. May was calmer.", []),
    ("Everyone said yes. Nobody noticed. Students shared ideas.", []),
    ("Title I schools have IEP and ELL supports.", []),
    ("Algebra is where Geometry and English meet. Spanish helped.", []),
    ("Pascal's triangle came up. Today's lesson ran long. Let's go on.", []),
    ("Desmos was down, so Number Talks helped instead.", []),
    ("The Common Core State Standards were adopted. Illustrative Mathematics was used.", []),
    # --- adults with honorifics are not flagged, here or later
    ("Ms. Rivera said the lesson went well. Rivera noticed the shift.", []),
    ("Dr. Martin asked good questions. Coach Lee watched. Mr. Thompson said nothing.", []),
    # --- published authors
    ("As Boaler (2016) argues, mistakes grow the brain.", []),
    ("Aguirre, Mayfield-Ingram & Martin (2013) show this. Martin says it again.", []),
    ("Research supports this (Aguirre et al., 2013; Boaler, 2016).", []),
    ("As Jo Boaler writes, math is for everyone.", []),
    # --- email and phone
    ("Email me at maria.lopez@school.org about it.", [("email", "maria.lopez@school.org")]),
    ("Her mom's number is (555) 123-4567.", [("phone", "(555) 123-4567")]),
    (
        "Call 555.123.4567 or 1-800-555-1234.",
        [("phone", "555.123.4567"), ("phone", "1-800-555-1234")],
    ),
    ("Reach the family on +44 20 7946 0958.", [("phone", "+44 20 7946 0958")]),
    ("Text +1 (555) 123-4567 today.", [("phone", "+1 (555) 123-4567")]),
    ("His cell phone is 555-1234.", [("phone", "555-1234")]),
    # --- ID numbers
    ("Student ID 123456 was on the test.", [("id_number", "123456")]),
    ("Her ID: A123456 was printed.", [("id_number", "A123456")]),
    ("He gave ID 12345 at lunch.", [("id_number", "12345")]),
    ("SSN 123-45-6789 was on the form.", [("id_number", "123-45-6789")]),
    (
        "His lunch code 4412 and student #45678 were on the sheet.",
        [
            ("id_number", "4412"),
            ("id_number", "45678"),
        ],
    ),
    ("The number 987654 came up on the form.", [("id_number", "987654")]),
    # --- numbers that are maths, not identity
    ("Write 1000000 in scientific notation; 3x + 2 = 1234567 is wrong.", []),
    ("Over 1,250,000 people; 3.14159265 is close to pi.", []),
    # --- birth dates
    ("He was born on 3/4/2012.", [("birth_date", "3/4/2012")]),
    ("DOB 2012-03-04 was on file.", [("birth_date", "2012-03-04")]),
    ("Her birthday is May 3.", [("birth_date", "May 3")]),
    ("Her birthday is the 3rd of May.", [("birth_date", "3rd of May")]),
    ("He was born in March 2012.", [("birth_date", "March 2012")]),
    ("Jayden turned 9 on March 4.", [("name", "Jayden"), ("birth_date", "March 4")]),
    ("She was born in 2012.", []),
    # --- lesson dates, times, counts, codes
    ("On 2026-03-04 we taught the lesson on March 4 at 10:30.", []),
    ("45% got it: 12 of 28 students, page 123, pages 12-15.", []),
    ("We taught 7.RP.A.2, K.CC.A.1, HSA-REI.B.3 and 6.NS.1 in 3rd grade.", []),
    ("In grade 7, in 2019, we met at 3:15 pm.", []),
    # --- addresses
    (
        "She lives at 123 Maple Street, Apt 4B, Springfield, IL 62704.",
        [("address", "123 Maple Street, Apt 4B, Springfield, IL 62704")],
    ),
    ("The bus stops at 42 W 3rd Ave every day.", [("address", "42 W 3rd Ave")]),
    ("He lives on Elm Street.", [("address", "Elm Street")]),
    # --- small groups that point to one child
    (
        "She is the only Black girl in my class.",
        [("small_group", "the only Black girl in my class")],
    ),
    (
        "He is the one student who uses a wheelchair and loves math.",
        [("small_group", "the one student who uses a wheelchair")],
    ),
    ("The only ELL student joined late.", [("small_group", "The only ELL student")]),
    ("Our only Deaf student reads lips.", [("small_group", "Our only Deaf student")]),
    (
        "The one student with a hearing aid sat up front.",
        [("small_group", "The one student with a hearing aid")],
    ),
    (
        "The only student who speaks Arabic helped translate.",
        [("small_group", "The only student who speaks Arabic")],
    ),
    ("The only student who got it right was quiet.", []),
    ("The only time a student asked, I smiled. The only one who finished left.", []),
    # --- empty and plain
    ("", []),
    ("We worked on equivalent fractions with area models.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_flags_exactly_the_identifying_spans(text: str, expected: list[tuple[str, str]]) -> None:
    findings = find_identifying_details(text)
    assert [(f.kind, f.excerpt) for f in findings] == expected


def test_table_is_large_and_covers_every_kind() -> None:
    assert len(CASES) >= 40
    kinds = {kind for _, expected in CASES for kind, _ in expected}
    assert kinds == {"name", "email", "phone", "id_number", "birth_date", "small_group", "address"}


def test_span_points_at_the_excerpt_in_the_original_text() -> None:
    text = "Notes.\nLater my student Maria wrote 3/4."
    [finding] = find_identifying_details(text)
    assert text[finding.start : finding.end] == "Maria" == finding.excerpt
    assert finding.reason == "looks like a student's name"


def test_ssn_has_its_own_reason() -> None:
    [finding] = find_identifying_details("SSN 123-45-6789")
    assert "Social Security" in finding.reason


def test_description_quotes_each_span_with_its_reason() -> None:
    text = "My student Maria emailed maria@x.org. Maria said hi."
    message = describe_findings(find_identifying_details(text))
    assert '"Maria" (2 times): looks like a student\'s name' in message
    assert '"maria@x.org": is an email address' in message
    assert "edit" in message.lower() and "confirm" in message.lower()


def test_description_when_nothing_found() -> None:
    assert describe_findings([]) == "No student-identifying details found."


def test_description_stays_short_for_many_findings() -> None:
    findings = [
        Finding("id_number", i, i + 6, f"{100000 + i}", "looks like an ID number")
        for i in range(40)
    ]
    message = describe_findings(findings)
    assert message.count("\n- ") == 16
    assert message.endswith("- and 25 more")


def test_description_collapses_line_breaks_in_an_excerpt() -> None:
    finding = Finding("address", 0, 10, "12 Oak\nStreet", "looks like a street address")
    assert '"12 Oak Street"' in describe_findings([finding])


_CASE_WORDS = st.sampled_from(
    [
        "student",
        "my",
        "named",
        "said",
        "asked",
        "Maria",
        "Jayden's",
        "born",
        "on",
        "DOB",
        "ID",
        "the",
        "only",
        "one",
        "who",
        "uses",
        "in",
        "class",
        "lives",
        "at",
        "Street",
        "123",
        "555-123-4567",
        "+44",
        "(",
        ")",
        "2012-03-04",
        "May",
        "3",
        ",",
        ".",
        "&",
        "Boaler",
        "(2016)",
        "Ms.",
        "@",
        "x.org",
        "-",
        "'",
        "’s",
        "\n",
        "é",
        "Zoë",
        "1234567",
    ]
)


def _check_invariants(text: str) -> None:
    findings = find_identifying_details(text)
    previous_end = 0
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.start >= previous_end
        assert f.excerpt == text[f.start : f.end]
        assert f.reason
        previous_end = f.end
    assert isinstance(describe_findings(findings), str)


@given(st.text())
def test_arbitrary_text_gives_well_formed_spans(text: str) -> None:
    _check_invariants(text)


@given(st.lists(_CASE_WORDS, max_size=40).map(" ".join))
def test_case_like_text_gives_well_formed_spans(text: str) -> None:
    _check_invariants(text)
