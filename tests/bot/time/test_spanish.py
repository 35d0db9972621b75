"""The recurrence grammar in Spanish: what a Spanish-speaking facilitator types means what the
English says, is stored the same way, and is told back in Spanish."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.time.calendar import DistrictCalendar, EntryKind, Span, check_horizon, team_of
from bot.time.recurrence import (
    EXAMPLES,
    Recurrence,
    RecurrenceError,
    parse_duration,
    parse_quiet_hours,
    parse_recurrence,
    parse_time_of_day,
    recurrence_from_text,
    recurrence_to_text,
)
from bot.time.zones import check_zone, when_text

NY = ZoneInfo("America/New_York")
# Wednesday 4 March 2026, 10:15 in New York.
NOW = datetime(2026, 3, 4, 10, 15, tzinfo=NY)

DAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def outcome(text: str, now: datetime = NOW) -> Recurrence | str:
    """What the grammar makes of a text: the Recurrence, or that it refused it."""
    try:
        return parse_recurrence(text, now=now)
    except RecurrenceError:
        return "refused"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- the examples of the issue -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("cada lunes 8:00", "every monday 8:00"),
        ("cada lunes a las 8:00", "every monday at 8:00"),
        ("todos los lunes a las 8", "every monday 8:00"),
        ("los lunes 8:00", "every monday 8:00"),
        ("cada 2 semanas el viernes 14:00", "every 2 weeks on friday 14:00"),
        ("cada dos semanas los viernes a las 2 de la tarde", "every 2 weeks on friday 2pm"),
        ("cada 2 viernes 14:00", "every other friday 14:00"),
        ("cada día 7:30", "every day 7:30"),
        ("todos los días a las 7:30", "every day 7:30"),
        ("cada 3 días a las 6", "every 3 days 6am"),
        ("cada día laborable 8:00", "every weekday 8:00"),
        ("de lunes a viernes a las 8", "every weekday 8:00"),
        ("cada fin de semana 10", "every weekend 10am"),
        ("mañana a las 8", "tomorrow 8am"),
        ("mañana a las 8 de la mañana", "tomorrow 8am"),
        ("mañana al mediodía", "tomorrow noon"),
        ("hoy a las 15:30", "today 15:30"),
        ("hoy a las 3:30 p. m.", "today 15:30"),
        ("hoy 17:00 h", "today 17:00"),
        ("en 3 días", "in 3 days"),
        ("en 2 horas", "in 2 hours"),
        ("en una hora y media", "in 90 minutes"),
        ("dentro de 30 minutos", "in 30 minutes"),
        ("el 5 de diciembre a las 9", "2026-12-05 09:00"),
        ("el 5 de diciembre de 2026 a las 9", "december 5, 2026 9am"),
        ("5 de diciembre", "december 5"),
        ("el 2 de marzo a las 9", "2027-03-02 09:00"),  # passed this year: next year's
        ("lunes y miércoles 8:00", "every monday,wednesday 8:00"),
        ("lun, mar y vie 8:00", "every mon, tue and fri at 8"),
        ("cada lun,mié 8:00", "every mon,wed 8:00"),
        ("lunes 9:00", "monday 9:00"),
        ("el lunes a las 9", "on monday 9:00"),
        ("el próximo viernes a las 9", "next fri 9"),
        ("el viernes que viene a las 9", "next fri 9"),
        ("este viernes a las 9", "this friday 9:00"),
        ("cada mes el día 1 9:00", "every month on day 1 9:00"),
        ("el día 15 de cada mes a las 9", "every month on the 15th 9am"),
        ("cada mes el 15 a las 9", "every month on day 15 9:00"),
        ("el 1 de cada 2 meses a las 9", "every 2 months on day 1 9:00"),
        ("cada lunes 8:00 tz:America/Chicago", "every monday 8:00 tz:America/Chicago"),
    ],
)
def test_spanish_reads_as_the_english_it_says(spanish: str, english: str) -> None:
    ours, theirs = parse_recurrence(spanish, now=NOW), parse_recurrence(english, now=NOW)
    assert ours == theirs
    assert ours.text == theirs.text  # stored in the one canonical (English) form
    assert recurrence_from_text(recurrence_to_text(ours)) == recurrence_from_text(
        recurrence_to_text(theirs)
    )


@pytest.mark.parametrize(
    ("english", "stored"),
    [
        ("december 5 9:00", "2026-12-05 09:00"),
        ("5 december", "2026-12-05 09:00"),
        ("on the 5th of december at 9", "2026-12-05 09:00"),
        ("dec 5, 2027 15:30", "2027-12-05 15:30"),
        ("mar 2 9am", "2027-03-02 09:00"),
        ("monday and wednesday 8:00", "every monday,wednesday 08:00"),
        ("weekday 8:00", "every weekday 08:00"),
    ],
)
def test_english_reads_month_names_and_day_lists_too(english: str, stored: str) -> None:
    assert parse_recurrence(english, now=NOW).text == stored


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("2 semanas", "2 weeks"),
        ("3 días", "3 days"),
        ("3 dias", "3d"),
        ("1 hora", "1 hour"),
        ("90 minutos", "90 minutes"),
        ("1 hora y 30 minutos", "1h30m"),
        ("2 Horas", "2h"),
    ],
)
def test_durations_read_in_spanish(spanish: str, english: str) -> None:
    assert parse_duration(spanish) == parse_duration(english)


@pytest.mark.parametrize(
    ("spanish", "english"),
    [("mediodía", "noon"), ("medianoche", "midnight"), ("8 de la tarde", "8pm"), ("8 h", "8")],
)
def test_times_of_day_read_in_spanish(spanish: str, english: str) -> None:
    if spanish == "8 h":
        with pytest.raises(RecurrenceError):
            parse_time_of_day(spanish)  # "8 h" is a duration's spelling, not a time
        return
    assert parse_time_of_day(spanish) == parse_time_of_day(english)


def test_quiet_hours_are_read_as_before() -> None:
    assert parse_quiet_hours("21:00-07:00") == parse_quiet_hours("21:00 to 07:00")


# --- families: every English phrase and its Spanish twin ---------------------------------------

hours = st.integers(0, 23)
minutes = st.sampled_from([0, 5, 15, 30, 45, 59])


@st.composite
def clock_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A time of day as English and Spanish write it."""
    hour, minute = draw(hours), draw(minutes)
    style = draw(st.sampled_from(["24h", "at", "meridiem", "bare", "noon"]))
    if style == "noon":
        return draw(st.sampled_from([("noon", "mediodía"), ("midnight", "medianoche")]))
    if style == "meridiem":
        twelve = hour % 12 or 12
        part = "de la mañana" if hour < 12 else "de la tarde"
        ap = "am" if hour < 12 else "pm"
        return f"{twelve}:{minute:02d}{ap}", f"{twelve}:{minute:02d} {part}"
    if style == "bare":
        return f"{hour}", f"{hour}"
    text = f"{hour}:{minute:02d}"
    if style == "at":
        return f"at {text}", f"a las {text}"
    return text, text


@st.composite
def phrase_pair(draw: st.DrawFn) -> tuple[str, str]:
    """One English phrase from a family the grammar reads, and the Spanish that says it."""
    clock_en, clock_es = draw(clock_pair())
    day = draw(st.integers(0, 6))
    n = draw(st.integers(1, 40))
    family = draw(
        st.sampled_from(
            [
                "every day",
                "every n days",
                "every weekday",
                "weekly",
                "every n weeks",
                "list",
                "monthly",
                "one day",
                "next day",
                "tomorrow",
                "today",
                "in",
                "date",
            ]
        )
    )
    if family == "every day":
        every = draw(st.sampled_from(["cada día", "todos los días"]))
        return f"every day {clock_en}", f"{every} {clock_es}"
    if family == "every n days":
        return f"every {n} days {clock_en}", f"cada {n} días {clock_es}"
    if family == "every weekday":
        spanish = draw(
            st.sampled_from(["cada día laborable", "de lunes a viernes", "entre semana"])
        )
        return f"every weekday {clock_en}", f"{spanish} {clock_es}"
    if family == "weekly":
        every = draw(st.sampled_from(["cada", "todos los", "los"]))
        return f"every {DAYS_EN[day]} {clock_en}", f"{every} {DAYS_ES[day]} {clock_es}"
    if family == "every n weeks":
        article = draw(st.sampled_from(["el", "los"]))
        return (
            f"every {n} weeks on {DAYS_EN[day]} {clock_en}",
            f"cada {n} semanas {article} {DAYS_ES[day]} {clock_es}",
        )
    if family == "list":
        days = sorted(draw(st.sets(st.integers(0, 6), min_size=2, max_size=4)))
        english = ", ".join(DAYS_EN[d] for d in days[:-1]) + f" and {DAYS_EN[days[-1]]}"
        spanish = ", ".join(DAYS_ES[d] for d in days[:-1]) + f" y {DAYS_ES[days[-1]]}"
        every = draw(st.sampled_from(["", "cada "]))
        return f"every {english} {clock_en}", f"{every}{spanish} {clock_es}"
    if family == "monthly":
        dom = draw(st.integers(1, 31))
        spanish = draw(
            st.sampled_from(
                [f"cada mes el día {dom}", f"el día {dom} de cada mes", f"el {dom} de cada mes"]
            )
        )
        return f"every month on day {dom} {clock_en}", f"{spanish} {clock_es}"
    if family == "one day":
        on = draw(st.sampled_from(["", "el "]))
        return f"{DAYS_EN[day]} {clock_en}", f"{on}{DAYS_ES[day]} {clock_es}"
    if family == "next day":
        return f"next {DAYS_EN[day]} {clock_en}", f"el próximo {DAYS_ES[day]} {clock_es}"
    if family == "tomorrow":
        return f"tomorrow {clock_en}", f"mañana {clock_es}"
    if family == "today":
        return f"today {clock_en}", f"hoy {clock_es}"
    if family == "in":
        unit = draw(
            st.sampled_from(
                [("minutes", "minutos"), ("hours", "horas"), ("days", "días"), ("weeks", "semanas")]
            )
        )
        return f"in {n} {unit[0]}", f"en {n} {unit[1]}"
    month, dom = draw(st.integers(0, 11)), draw(st.integers(1, 31))
    year = draw(st.sampled_from(["", " 2027"]))
    return (
        f"{MONTHS_EN[month]} {dom}{year.replace(' ', ', ')} {clock_en}",
        f"el {dom} de {MONTHS_ES[month]}{year.replace(' ', ' de ')} {clock_es}",
    )


@given(phrase_pair())
@settings(max_examples=400, deadline=None)
def test_every_english_phrase_and_its_spanish_twin_parse_the_same(pair: tuple[str, str]) -> None:
    english, spanish = pair
    assert outcome(spanish) == outcome(english)


@given(phrase_pair(), st.sampled_from([str.upper, strip_accents, str.title, lambda t: t]))
@settings(max_examples=300, deadline=None)
def test_spanish_without_accents_or_in_capitals_parses_the_same(
    pair: tuple[str, str], spell: object
) -> None:
    spanish = pair[1]
    assert callable(spell)
    assert outcome(spell(spanish)) == outcome(spanish)


SPANISH_WORDS = (
    *("cada", "el", "los", "las", "la", "a", "de", "y", "en", "hoy", "mañana", "manana"),
    *("lunes", "martes", "mar", "miércoles", "sábado", "domingo", "día", "días", "semana"),
    *("semanas", "mes", "meses", "hora", "horas", "minutos", "laborable", "fin", "próximo"),
    *("que", "viene", "mediodía", "medianoche", "tarde", "noche", "8", "15:30", "2", "31"),
    *("0", "99999", "diciembre", "2026", "p.", "m.", "h", ",", "tz:", "every", "on", "at"),
)


@given(st.lists(st.sampled_from(SPANISH_WORDS), max_size=9).map(" ".join))
@settings(max_examples=500, deadline=None)
def test_any_mix_of_spanish_words_is_read_or_refused_with_a_message(text: str) -> None:
    for language in (Language.EN, Language.ES):
        with speaking(language):
            try:
                rec = parse_recurrence(text, now=NOW)
            except RecurrenceError as error:
                assert str(error)
            else:
                assert recurrence_from_text(recurrence_to_text(rec)) == recurrence_from_text(
                    recurrence_to_text(rec)
                )
                assert rec.describe()


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_random_text_raises_nothing_but_the_grammars_own_error(text: str) -> None:
    with speaking(Language.ES):
        for parse in (lambda t: parse_recurrence(t, now=NOW), parse_duration, parse_time_of_day):
            with contextlib.suppress(RecurrenceError):
                parse(text)


# --- told back in Spanish ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "english", "spanish"),
    [
        ("every monday 8:00", "every Monday at 08:00", "cada lunes a las 08:00"),
        (
            "2026-11-30 08:00",
            "once, on Monday 30 November 2026 at 08:00",
            "una vez, el lunes, 30 de noviembre de 2026 a las 08:00",
        ),
        ("every day 7:30", "every day at 07:30", "cada día a las 07:30"),
        ("every 3 days 6:00", "every 3 days at 06:00", "cada 3 días a las 06:00"),
        ("every weekday 15:30", "every weekday at 15:30", "de lunes a viernes a las 15:30"),
        (
            "every 2 weeks on friday 14:00",
            "every 2 weeks on Friday at 14:00",
            "cada 2 semanas, los viernes, a las 14:00",
        ),
        (
            "every mon,wed,fri 8:00",
            "every Monday, Wednesday and Friday at 08:00",
            "cada lunes, miércoles y viernes a las 08:00",
        ),
        (
            "every weekend 10:00",
            "every Saturday and Sunday at 10:00",
            "cada sábado y domingo a las 10:00",
        ),
        (
            "every month on day 1 9:00",
            "every month on day 1 at 09:00",
            "el día 1 de cada mes a las 09:00",
        ),
        (
            "every 2 months on day 31 9:00",
            "every 2 months on day 31 at 09:00 (skipping months without a day 31)",
            "el día 31, cada 2 meses, a las 09:00 (salvo en los meses sin día 31)",
        ),
        ("cron 0 8 * * 1", 'on the cron schedule "0 8 * * 1"', 'según el horario cron "0 8 * * 1"'),
        (
            "every monday 8:00 tz:America/Chicago",
            "every Monday at 08:00 (America/Chicago time)",
            "cada lunes a las 08:00 (hora de America/Chicago)",
        ),
    ],
)
def test_a_schedule_is_described_in_the_readers_language(
    text: str, english: str, spanish: str
) -> None:
    rec = parse_recurrence(text, now=NOW)
    assert rec.describe() == english
    with speaking(Language.ES):
        assert rec.describe() == spanish
    # The stored recurrence is the same object whichever language it was described in.
    assert recurrence_from_text(recurrence_to_text(rec)).describe() == english


ENGLISH_WORDS = re.compile(r"\b(?:every|once|on|at|and|weeks?|days?|months?|Monday|Friday)\b")


@given(phrase_pair())
@settings(max_examples=200, deadline=None)
def test_no_english_word_is_left_in_a_spanish_description(pair: tuple[str, str]) -> None:
    rec = outcome(pair[1])
    if isinstance(rec, Recurrence):
        with speaking(Language.ES):
            assert not ENGLISH_WORDS.search(rec.describe())


@pytest.mark.parametrize(
    ("text", "spanish"),
    [
        ("", "Dime cuándo."),
        ("cada lunes", "Agrega una hora, p. ej., cada lunes 8:00."),
        ("mañana", "Agrega una hora, p. ej., mañana 8:00."),
        ("cada lunez 8:00", 'No conozco el día "lunez"'),
        ("quizás algún día", 'No logro leer "quizás algún día" como una fecha u hora.'),
        ("cada día 25:00", '"25:00" no es una hora válida'),
        ("hoy a las 9", "ya pasó"),
        ("en un rato", '"en un rato" necesita una cantidad y una unidad'),
        ("cada semana 9:00", "Di qué día de la semana"),
        ("cada mes el día 32 9:00", "El día 32 no es un día del mes"),
        ("el 30 de febrero de 2027", "2027-02-30 no existe en el calendario"),
        ("cron 0 24 * * 1", "En el cron, el campo hora tiene"),
        ("cada lunes 8:00 tz:Marte/Olimpo", 'No conozco la zona horaria "Marte/Olimpo"'),
    ],
)
def test_refusals_are_in_the_readers_language(text: str, spanish: str) -> None:
    with speaking(Language.ES), pytest.raises(RecurrenceError) as caught:
        parse_recurrence(text, now=NOW)
    assert spanish in str(caught.value)
    assert "e.g." not in str(caught.value)


def test_duration_refusals_are_in_spanish() -> None:
    with speaking(Language.ES), pytest.raises(RecurrenceError, match="no es una duración"):
        parse_duration("un ratito")


def test_the_spanish_examples_in_the_help_all_parse() -> None:
    with speaking(Language.ES):
        examples = re.findall(r'"([^"]+)"', _(EXAMPLES))
    assert "cada lunes 8:00" in examples
    for example in examples:
        if example.startswith("tz:"):
            example = f"cada lunes 8:00 {example}"
        parse_recurrence(example, now=NOW)


# --- zones and calendars -----------------------------------------------------------------------


def test_a_delivery_time_is_shown_in_spanish() -> None:
    moment = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert when_text(moment, "America/New_York") == "Mon 30 Nov 2026, 08:00 EST"
    with speaking(Language.ES):
        shown = when_text(moment, "America/New_York")
    assert shown.startswith("lun 30 nov 2026, 08:00")


def test_an_unknown_zone_is_refused_in_spanish() -> None:
    with speaking(Language.ES), pytest.raises(UserError) as caught:
        check_zone("America/Chicagoo")
    assert "No conozco la zona horaria" in str(caught.value)
    assert "America/Chicago" in str(caught.value)


def test_why_a_day_is_no_school_day_is_said_in_spanish() -> None:
    maple = DistrictCalendar.of(
        [Span(EntryKind.BREAK, date(2027, 1, 4), date(2027, 1, 8), "Winter recess")], "Maple SD"
    )
    team = team_of([maple, DistrictCalendar()])
    with speaking(Language.ES):
        assert team.why_not(date(2026, 12, 26)) == "fin de semana"
        assert team.why_not(date(2027, 1, 4)) == "Winter recess (Maple SD)"
        holiday = DistrictCalendar.of(
            [Span(EntryKind.HOLIDAY, date(2027, 1, 4), date(2027, 1, 4), "Año Nuevo")]
        )
        assert team_of([holiday, maple]).why_not(date(2027, 1, 4)) == "Año Nuevo (la comunidad)"


def test_far_dates_are_refused_in_spanish() -> None:
    today = date(2026, 3, 4)
    with speaking(Language.ES), pytest.raises(UserError) as caught:
        check_horizon(today + timedelta(days=365 * 6), today)
    assert "Esa fecha" in str(caught.value) and "años" in str(caught.value)
    with speaking(Language.ES), pytest.raises(RecurrenceError, match="demasiado lejos"):
        parse_recurrence("el 5 de diciembre de 2300", now=NOW)
