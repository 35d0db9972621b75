"""What the identifying-details check knows about words: first names, surnames, common words.

Names come from Faker's person providers (English, Spanish and Portuguese
locales of the Americas and Europe, and the African, Arab, South and
South-East Asian locales it ships in Latin script): about 14,000 first names
and 10,000 surnames, read from the installed package, nothing fetched. Common
words come from pyspellchecker's English and Spanish frequency lists, which
leave proper names out or rare. Both are well kept, pure Python, and ship their
data inside the wheel.

Why these and not names-dataset or a NER model: names-dataset is a 55 MB
wheel that loads hundreds of megabytes into memory; spaCy's small models are
not on PyPI from their authors and cost 50-100 ms for a 5,000-character case
against the 20 ms the check may add. A gazetteer plus sentence cues is fast
and, measured on the corpus under tests/bot/text/deidentify_corpus, good enough.

Everything is loaded once, on first use (`lexicon()`), in about a third of a
second, in the process's first check.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Faker locales whose person providers hold names in Latin script.
_LOCALES = [
    "en",
    "en_US",
    "en_GB",
    "en_IE",
    "en_IN",
    "en_KE",
    "en_NG",
    "en_NZ",
    "en_PK",
    "en_TH",
    "es",
    "es_AR",
    "es_CL",
    "es_CO",
    "es_ES",
    "es_MX",
    "es_CA",
    "pt_BR",
    "pt_PT",
    "fr_FR",
    "fr_CA",
    "it_IT",
    "de_DE",
    "nl_NL",
    "pl_PL",
    "cs_CZ",
    "ro_RO",
    "hr_HR",
    "vi_VN",
    "id_ID",
    "tr_TR",
    "ar_AA",
    "fa_IR",
    "sw",
    "yo_NG",
    "ig_NG",
    "ha_NG",
    "zu_ZA",
    "tw_GH",
    "ga_IE",
    "fi_FI",
    "sv_SE",
    "no_NO",
    "da_DK",
    "hu_HU",
    "lt_LT",
    "lv_LV",
    "et_EE",
    "az_AZ",
    "uz_UZ",
    "sq_AL",
]
_FIRST_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
# A word this frequent in English or Spanish text is an ordinary word before it is a name
# ("Hope", "Will", "Luz", "Paz"): such names are flagged only with a cue.
COMMON_FREQUENCY = 20000
# Between these two, a word is ordinary first unless it is a common name where most
# students here come from ("Emily", "Jack" pass; "Alpha", "Admiral" are words).
SOMETIMES_FREQUENCY = 5000
_CORE_LOCALES = ("en_US", "en_GB", "es_MX", "es_ES", "es_CO", "es_AR", "pt_BR")
# A word at least this frequent is a known word: an unknown capitalised word is not one.
KNOWN_FREQUENCY = 30

# Names that are also months, places, titles or ordinary words, whatever their frequency.
_AMBIGUOUS_EXTRA = """
april may june august abril mayo junio julio agosto january enero
jordan paris sydney savannah brooklyn florence austin houston dallas denver jackson madison
tyler phoenix aurora charlotte victoria regina chelsea georgia virginia carolina dakota
montana lincoln washington jefferson kennedy india china asia africa america lima santiago
santa salvador trinidad concepción asunción dolores mercedes pilar soledad rocío amparo
consuelo socorro reyes jesús jesus cruz guadalupe milagros esperanza ángel angel sky river
autumn summer winter spring rain storm star sunny honey precious destiny justice harmony
unity liberty journey genesis eden heaven angel christian king major royal prince princess
duke earl baron noble chance hunter archer mason carter cooper parker taylor harper piper
page grant mark will bill art rob pat sue don ray wade chase drew gene guy joy hope faith
grace charity mercy patience prudence constance blanca clara linda bella luna flor estrella
perla dulce paz luz sol mar rosa rose iris lily violet daisy jasmine ivy hazel olive ruby
pearl amber crystal diamond jade opal coral dawn eve holly ginger sage rowan aspen willow
april domingo santos salud gloria alegría rey reina autumn admiral author bishop blessing
branch cherry clay cliff crystal echo elder foster frank jewel lemon melody penny pepper rocky
saint sierra sincere sunshine ward marine pastor brisa caridad corona cordero palma paloma
pluma prima rana máxima monja modesto digna franco bello
"""


@functools.lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case and accents folded: how names are looked up ("Zoë", "ZOE" and "zoe" meet)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _latin(word: str) -> bool:
    return bool(word) and all(ord(ch) < 0x250 or ch in "’'" for ch in word)


def _provider_lists(attrs: tuple[str, ...], locales: tuple[str, ...] = ()) -> set[str]:
    found: set[str] = set()
    for locale in locales or _LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        for cls in module.Provider.__mro__:
            for attr in attrs:
                values = cls.__dict__.get(attr)
                if isinstance(values, dict | tuple | list):
                    found.update(str(v) for v in values)
    return {name for name in found if _latin(name) and len(name) > 1}


def _frequencies(language: str) -> dict[str, int]:
    import spellchecker

    path = Path(spellchecker.__file__).parent / "resources" / f"{language}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, int] = json.load(handle)
    return data


@dataclass(frozen=True)
class Lexicon:
    """First names, surnames and common words, folded for lookup."""

    first: frozenset[str]  # folded first names
    last: frozenset[str]  # folded surnames
    common: frozenset[str]  # lowercase words frequent enough to be words first (accents kept)
    known: frozenset[str]  # lowercase words seen at all (accents kept)
    ambiguous: frozenset[str]  # folded first names that are also ordinary words
    # Spanish words with their accents folded: the word list has "quien" and "esta" but
    # not "quién" or "está", so an accented word is matched by its folded form too.
    spanish_folded: frozenset[str] = frozenset()
    spanish_common_folded: frozenset[str] = frozenset()  # the same, of `common`

    def is_first(self, word: str) -> bool:
        return fold(word) in self.first

    def is_last(self, word: str) -> bool:
        return fold(word) in self.last

    def is_word(self, word: str) -> bool:
        """A known English or Spanish word, as written (accents matter: "mía" is, "Mia" is
        not); a word written with an accent ("Quién", "Está") is one when its unaccented
        form is a Spanish word, since the list often keeps only that form."""
        lower = word.lower()
        if lower in self.known:
            return True
        folded = fold(word)
        return folded != lower and folded in self.spanish_folded

    def is_common(self, word: str) -> bool:
        """Frequent enough to be a word first ("Quién" is, by "quien")."""
        lower = word.lower()
        if lower in self.common:
            return True
        folded = fold(word)
        return folded != lower and folded in self.spanish_common_folded

    def is_ambiguous(self, word: str) -> bool:
        return fold(word) in self.ambiguous or word.lower() in self.common


@functools.cache
def lexicon() -> Lexicon:
    """Load the names and the word lists once."""
    first_raw = _provider_lists(_FIRST_ATTRS)
    last_raw = _provider_lists(("last_names",))
    english, spanish = _frequencies("en"), _frequencies("es")
    common = {w for w, n in english.items() if n >= COMMON_FREQUENCY}
    common |= {w for w, n in spanish.items() if n >= COMMON_FREQUENCY}
    known = {w for w, n in english.items() if n >= KNOWN_FREQUENCY}
    known |= {w for w, n in spanish.items() if n >= KNOWN_FREQUENCY}
    first = {fold(n) for n in first_raw}
    core = {fold(n) for n in _provider_lists(_FIRST_ATTRS, _CORE_LOCALES)}
    sometimes = {w for w, n in english.items() if n >= SOMETIMES_FREQUENCY}
    sometimes |= {w for w, n in spanish.items() if n >= SOMETIMES_FREQUENCY}
    ambiguous = {fold(n) for n in first_raw if n.lower() in common}
    ambiguous |= {fold(n) for n in first_raw if n.lower() in sometimes and fold(n) not in core}
    ambiguous |= {fold(w) for w in _AMBIGUOUS_EXTRA.split()}
    return Lexicon(
        first=frozenset(first),
        last=frozenset(fold(n) for n in last_raw),
        common=frozenset(common),
        known=frozenset(known),
        ambiguous=frozenset(ambiguous),
        spanish_folded=frozenset(fold(w) for w, n in spanish.items() if n >= KNOWN_FREQUENCY),
        spanish_common_folded=frozenset(
            fold(w) for w, n in spanish.items() if n >= COMMON_FREQUENCY
        ),
    )
