"""Finding people's names in a teacher's text, in English and Spanish.

A word is a name candidate by what it is (`bot.text.gazetteer`): a first name
("Jayden", "Xiadani" is not one but "Itzel" is), a surname, or a capitalised
word that is no English or Spanish word. What the sentence does with it
decides the rest:

* a first name that is not also an ordinary word is flagged wherever it stands:
  after a preposition, in a list, a seating chart, a transcript;
* a name that is also a word (April, May, Hope, Grace, Jordan, Luz, Paz), a
  surname alone, a lowercase name, or an unknown capitalised word is flagged
  only with a cue: a transcript label ("Hope: I drew..."), a narration verb
  ("Esperanza counted", "Abril terminó"), a person noun ("my student",
  "la alumna"), a family noun ("her sister Rosa"), an appositive ("Paris, the
  student who..."), a possessive before something a child has ("Jordan's IEP"),
  an initial ("J. Ramirez"), a list with another name ("Group 3 (Tran,
  Lopez, Okafor)"), or "named", "goes by", "se llama";
* once flagged, every other mention of the name is flagged too, in this text
  and (through `known`) in the other parts of the same case.

Never flagged: adults named with an honorific or a role ("Ms. Rivera",
"Coach Lee", "my co-teacher, Ben", "la maestra Laura"), except a student's
family ("his mother, Mrs. Okafor", "su mamá, la señora Ortiz"), which
identifies the child; cited and published authors and mathematicians
(`bot.text.published`, plus a community's own list); schools, places and
curricula ("Lincoln Elementary", "San Antonio", "Eureka Math"); pseudonyms
("Student A", "S3", "Alumno B").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.text.gazetteer import Lexicon, fold, lexicon
from bot.text.published import PUBLISHED_NAMES, SURNAMES_ALONE

# ----------------------------------------------------------------- vocabulary


def _set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Words that are never names, whatever the gazetteer says: function words, the
# vocabulary of schools and lessons, labels of transcripts, brands of ed tech.
STOP = _set(
    """
a an the i he she they we you it his her their our my your its them him us me one
this that these those there here who what when where why how which if but and or so
then now later next first also still even just only yes no ok okay well oh wow hey hi
thanks please sure right wait look let maybe overall finally today yesterday tomorrow
monday tuesday wednesday thursday friday saturday sunday january february march
september october november december fall
student students teacher teachers kid kids child children class group groups table tables
team partner partners pair pairs peer classmate learner boy boys girl girls staff admin
coach principal counselor para aide colleague facilitator mentor school district
lesson unit task problem question activity exit ticket warm launch closure discussion
notes note context evidence problem focus tried question title goal goals date time
observer observation observed noticed noticing wondering wonder notice
grade kindergarten elementary middle high common core math maths mathematics algebra
geometry calculus statistics english spanish science history reading writing
iep ell ells esl esol mll mlls sped ela stem steam plc pd ap ib sel pbis rti mtss
ncts nctm ccss smp mp sbac staar parcc nwea map ixl iready zearn desmos geogebra
google zoom khan kahoot quizizz canvas schoology seesaw nearpod padlet jamboard flipgrid
illustrative eureka bridges envision amplify dreambox youcubed chromebook chromebooks
ipad ipads slack discord praxis
t s q a p r e m me yo tu el la los las un una unos unas lo le les mi mis su sus
nuestro nuestra del al de en con por para sin sobre entre hasta desde
maestra maestro maestras maestros profesora profesor docente alumno alumna alumnos alumnas
estudiante estudiantes niño niña niños niñas grupo equipo mesa pareja compañero compañera
clase escuela salón aula tarea problema pregunta nota notas contexto evidencia
observadora observador asesora asesor directora director coordinadora coordinador
lunes martes miércoles jueves viernes sábado domingo enero febrero marzo septiembre
octubre noviembre diciembre primavera otoño invierno verano
matemáticas matemática álgebra geometría español inglés ciencias
usaer sep pie curp dni id ids pin ssn dob
ok tv pe pta pto ela esl gt gate aig pre post
"""
)
# Transcript and note labels that are roles, not people ("T:", "S1:", "Maestra:").
_ROLE_LABEL_RE = re.compile(
    r"(?i:t|s|s\d+|e\d+|ss|st|q|a|p|r|m|me|yo|teacher|student|students|partner|partner \d+"
    r"|observer|observadora?|coach|facilitator|facilitadora?|maestra|maestro|docente|profe"
    r"|profesora?|alumno|alumna|estudiante|asesora?|directora?|note|notes|nota|notas"
    r"|group|table|team|pair|grupo|mesa|equipo|pareja|seat|asiento|k|kid|child|class|all"
    r"|many|several|todos|varios|both)\b"
)

_HONORIFIC = (
    r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Dra|Prof|Profa|Sr|Sra|Srta|Mtro|Mtra|Lic|Ing|St)\.?"
    r"|(?i:coach|principal|dean|superintendent|professor|señor|señora|señorita|señorito|don"
    r"|doña|maestra|maestro|profesora|profesor|profe|miss|mister|madam|madame|mme|sir"
    r"|teacher|directora|director|asesora|asesor|coordinadora|coordinador|supervisora"
    r"|supervisor|orientadora|orientador|psicóloga|psicólogo|bibliotecaria|bibliotecario)"
)
_HONORIFIC_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s(\"“,;:]))(?:(?i:el|la)\s+)?(?:{_HONORIFIC})\s+(?:[A-Z]\.\s+)?$"
)
# Adults named by their role: "my co-teacher, Ben", "our coach Dana", "the para, Luis".
_ADULT_ROLE_BEFORE_RE = re.compile(
    r"(?i:\b(?:co-?teachers?|colleagues?|coach|principal|assistant principal|para"
    r"|paraprofessional|aide|interventionist|specialist|counselor|librarian|mentor"
    r"|department chair|chair|superintendent|facilitator|knowledgeable other|researcher"
    r"|professor|author|mathematician|student teacher|ell teacher|esl teacher|sped teacher"
    r"|teacher|colega|directora|director|coordinadora|coordinador|asesora|asesor"
    r"|supervisora|supervisor|maestra de apoyo|maestro de apoyo|especialista)"
    r"(?:,|\s)\s*(?:(?:el|la|our|my|mi|nuestra|nuestro)\s+)?(?:[A-Z][a-z]+\.\s+)?)$"
)
_FAMILY = (
    r"(?:mother|mom|mum|mommy|mama|mamá|madre|father|dad|daddy|papa|papá|padre|parents?"
    r"|guardian|grandma|grandmother|grandpa|grandfather|granny|abuela|abuelo|abuelita"
    r"|abuelito|aunt|auntie|tía|tia|uncle|tío|tio|brother|sister|sibling|twin|cousin"
    r"|hermano|hermana|hermanito|hermanita|gemelo|gemela|primo|prima|stepmom|stepdad"
    r"|stepmother|stepfather|madrastra|padrastro|foster mom|foster dad|caregiver|tutora?"
    r"|son|daughter|hijo|hija)"
)
_FAMILY_BEFORE_RE = re.compile(
    rf"(?i:\b{_FAMILY})(?:\s+(?:mayor|menor|older|younger|little|big|twin))?"
    r"(?:\s+(?:is|es|was|era)\s+|\s*,\s*|\s+)$"
)
_FAMILY_AFTER_RE = re.compile(
    rf"^(?:\s*,\s*|\s+\()(?:(?:student|alumno|alumna|estudiante)\s+\w+['’]s\s+|"
    rf"(?:his|her|their|the|su|el|la)\s+(?:student['’]s\s+)?){_FAMILY}\b",
    re.IGNORECASE,
)
_PERSON_NOUN_BEFORE_RE = re.compile(
    r"(?i:\b(?:students?|learners?|pupils?|kids?|child|boys?|girls?|classmates?|twins?"
    r"|(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth)[- ]graders?"
    r"|kindergarte?ners?|newcomers?|mentees?|tutees?|alumn[oa]s?|estudiantes?|niñ[oa]s?"
    r"|chic[oa]s?|compañer[oa]s?|pareja|named|called|nicknamed|goes by|go by|llamad[oa]"
    r"|apodad[oa]|se llama|le dicen|le decimos))"
    r"(?:\s*,\s*|\s+)(?:(?:named|called|llamad[oa])\s+)?$"
)
_SPEECH = (
    "said says asked asks answered replied responded explained explains shared shares wrote "
    "writes drew draws noticed notices told tells argued added suggested whispered shouted "
    "yelled exclaimed insisted claimed wondered commented interjected volunteered "
    "announced admitted mentioned stated offered proposed objected disagreed agreed "
    "dijo dice preguntó pregunta respondió responde contestó contesta explicó explica "
    "comentó comenta escribió escribe dibujó dibuja propuso notó gritó susurró insistió "
    "aclaró agregó añadió compartió argumentó opinó"
)
_ACTION = (
    "solved solves raised counted counts pointed looked smiled laughed struggled figured "
    "realized realised guessed shrugged nodded sighed cried used uses tried tries worked works "
    "came went kept started began finished showed shows needed wanted wants built made found "
    "continued paused hesitated erased circled sketched moved sat stood walked ran left joined "
    "helped reasoned justified compared measured estimated predicted multiplied divided "
    "subtracted chose decided seemed felt knew saw heard understood missed forgot remembered "
    "loves loved likes liked hates hated refused groaned giggled grinned frowned jumped turned "
    "leaned grabbed picked put took gave rolled stared beamed chimed piped spoke speaks typed "
    "read reads scored scores got gets led leads presented presents caught catches "
    "transferred finished teaches taught learned learns copied copies folded "
    "labelled labeled labels reached dominated could would can will did didn't doesn't "
    "won't couldn't wouldn't can't never always usually often rarely finally also just still "
    "immediately quickly quietly suddenly actually initially really even "
    "explaining saying asking working drawing counting talking sharing writing solving "
    "using trying arguing laughing crying sitting reading looking"
    " resolvió terminó termina empezó empieza comenzó borró pidió pide quiso hizo hace usó "
    "usa trabajó trabaja habló habla levantó sacó saca obtuvo logró mostró muestra encontró "
    "lideró ayudó ayuda faltó falta llegó llega sonrió leyó lee copió corrigió calculó estimó "
    "midió comparó ordenó eligió decidió prefirió entendió descubrió vio observó discutió "
    "defendió demostró probó intentó trató contó cuenta sumó restó multiplicó dividió "
    "tiene tuvo puede pudo quiere necesita necesitó se siempre nunca casi también ya "
    "tomó toma participó participa pasó"
)
_SPEECH_SET = _set(_SPEECH)
_VERB_SET = _SPEECH_SET | _set(_ACTION)
NARRATION_VERBS = _VERB_SET
# Before a name: someone did something to or with the child.
_BEFORE_RE = re.compile(
    r"(?i:\b(?:ask|asked|asking|tell|told|call on|called on|help|helped|praise|praised|remind"
    r"|reminded|prompt|prompted|invite|invited|encourage|encouraged|thank|thanked|pair|paired"
    r"|partner|partnered|watch|watched|hear|heard|show|showed|give|gave|giving|hand|handed|let"
    r"|push|pushed|challenge|challenged|question|questioned|said|says|replied|answered"
    r"|explained|whispered|shouted|exclaimed|interrupt|interrupted|notice|noticed|pulled aside"
    r"|pull|pulled|seat|seated|sat with|work with|worked with|met with|conferred with"
    r"|conferenced with|check in with|checked in with|talk to|talked to|talk with|talked with"
    r"|spoke to|spoke with|turn to|turned to|choose|chose|pick|picked|select|selected|next to"
    r"|beside|behind|near|with|w/|alongside|between|rescue|rescued|sat|underestimated"
    r"|overestimated|observe|observed|interview|interviewed|video of|clip of|recording of"
    r"|notes on|talk over|talked over|call|called|move|moved|thinking about|think about"
    r"|worried about|worry about|proud of|frustrated with|for|and|&|from"
    r"|le pregunté a|le pedí a|le di a|le dije a|le expliqué a|le doy a|observé a|subestimé a"
    r"|ayudé a|senté a|llamé a|felicité a|entrevisté a|escuché a|pregunté a|junto a|al lado de"
    r"|pensando en|pienso en|preocupada por|preocupado por|orgullosa de|orgulloso de"
    r"|frustré con|trabajé con|con|y|e|a|para|de|entre))\s+$"
)
# Spanish possession: "el cuaderno de Dolores", "la mamá de Iker".
_DE_POSSESSIVE_RE = re.compile(
    r"(?i:\b(?:cuaderno|libreta|trabajo|respuesta|idea|estrategia|dibujo|mamá|papá|madre"
    r"|padre|familia|hermano|hermana|abuela|abuelo|pareja|equipo|examen|prueba|calificación"
    r"|PIE|lugar|asiento|modelo|explicación|pregunta|error|solución|cartel|póster|turno"
    r"|voz|mano|libro|hoja|tarea|boleto|reflexión)\s+de\s+)$"
)
# A stage direction opening a transcript line: "[Ángel en el pizarrón]", "(Kenji at the board)".
_BRACKET_RE = re.compile(r"(?:^|\n)\s*[\[(]$")
_BRACKET_AFTER_RE = re.compile(r"^\s+(?:at|on|in|by|en|al|junto|frente)\b")
# Cues that count for names that are also words; "for", "from", "and", "a", "de" do not.
_WEAK_BEFORE = frozenset({"for", "and", "&", "from", "y", "e", "a", "para", "de", "entre", "con"})
# Followed by something only a child or a person has.
_PERSONAL_NOUNS = _set(
    """
iep ieps 504 plan mom dad mother father mum parents family grandma grandpa sister brother
aunt uncle answer answers work notebook poster idea ideas strategy strategies thinking
score scores grade grades paper drawing model desk seat group partner table tower
reflection explanation question questions mistake mistakes solution method picture
diagram journal folder test quiz homework behavior behaviour attendance accommodations
caseworker case turn hand voice face
"""
)
_APPOSITIVE_RE = re.compile(
    r"^\s*(?:,\s*(?:a|an|the|un|una|el|la|who|whom|whose|que|quien|our|my|mi|nuestro"
    r"|nuestra|one of|uno de|una de)\b|\s*\((?:IEP|504|ELL|goes by|her nickname|his nickname"
    r"|nickname|su apodo|PIE|grade|grado|age\s\d|edad"
    r"|\d{1,2}(?:st|nd|rd|th|°|º)?\s*(?:grade|grado))"
    r"|,\s*(?:(?!and\b|y\b)[a-z]+\s+){1,3}[a-z]+,\s*(?:"
    r"[a-z]+ed|[a-z]+s)\b)",
)
# A label at the start of a line: "Jayden:", "DESHAWN (whispering):", "Marisol - ", "Ethan-".
_LABEL_AFTER_RE = re.compile(r"^(?:\s*\([^)\n]{0,40}\))?\s*(?::|[-–—](?=\s|\"|“)|-(?=\s))")
_LINE_START_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:[-•*·]\s*|\d{1,2}[:.]\d{2}\s*[-–—]?\s*|\[\s*|[\w ]{1,12}\d{0,3}\s*:\s*|"
    r"(?:seat|asiento|table|mesa|group|grupo)\s+\d+\s*:\s*)?$",
    re.IGNORECASE,
)
_LABEL_LINE_RE = re.compile(
    r"(?:^|\n)[ \t]*[^\W\d][\w'’ -]{0,20}\s*(?:\([^)\n]{0,40}\))?\s*:", re.M
)
_VOCATIVE_AFTER_RE = re.compile(r"^\s*[,!?]")
_VOCATIVE_BEFORE_RE = re.compile(r",\s*$")
# Schools, places and things named after people.
_ORG_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:Elementary|Middle|High|Junior|School|Schools|Academy|Unified|District"
    r"|ISD|USD|College|University|Institute|Center|Centre|Prep|Preparatory|Charter|Magnet"
    r"|Foundation|Park|Library|Math|Mathematics|Learning|Press|Books|Day|Month|Award|Prize"
    r"|Theorem|Conjecture|Curve|Triangle|Sequence|Method|Algorithm|Spiral|Numbers|Street|St\b"
    r"|Avenue|Ave\b|Road|Boulevard|Blvd|Hall|Building|Campus|County|City|Heights|Valley"
    r"|Unified|K-8|K-12|curve|triangle|theorem|sequence|spiral|diagram|diagrams|numbers"
    r"|method|algorithm|conjecture|rule|principle|paradox|problem|tasks|numbers)\b"
)
_ORG_BEFORE_RE = re.compile(
    r"(?:\b(?:Escuela|Colegio|Instituto|Liceo|Primaria|Secundaria|Preparatoria|Universidad"
    r"|University of|Ciudad|San|Santa|Santo|Saint|St\.|São|Lake|Mount|Mt\.|Fort|Port|Cape"
    r"|Puerto|Villa|Jardín de Niños|Telesecundaria|Avenida|Av\.|Calle|Plaza|Parque|Día de"
    r"|Dia de|Teorema de|Triángulo de|Sucesión de)\s+(?:(?:[A-ZÁÉÍÓÚÑ][\w'’-]*|de|del|la)\s+)?)$"
)
_CITATION_RE = re.compile(
    r"([A-ZÁÉÍÓÚÑ][\w'’-]+(?:(?:,\s*|\s*&\s*|\s+and\s+|\s+y\s+|\s+)[A-ZÁÉÍÓÚÑ][\w'’-]+){0,6})"
    r"(?:\s+et\s+al\.?)?(?:['’]s?)?,?\s*\(\s*(?:\d{4}|n\.d\.)[a-z]?"
    r"|\(\s*(?:see\s+|e\.g\.,?\s+|cf\.\s+|véase\s+)?([A-ZÁÉÍÓÚÑ][\w'’-]+"
    r"(?:(?:,\s*|\s*&\s*|\s+and\s+|\s+y\s+)[A-ZÁÉÍÓÚÑ][\w'’-]+){0,6})(?:\s+et\s+al\.?)?,?\s+\d{4}"
    r"|([A-ZÁÉÍÓÚÑ][\w'’-]+)\s+et\s+al\b"
)
_CITED_RE = re.compile(r"\d{4}|et al|n\.d\.")
_INITIAL_BEFORE_RE = re.compile(r"(?:^|(?<=[\s(\"“]))[A-Z]\.\s+$")
_INITIAL_AFTER_RE = re.compile(r"\s+[A-Z]\.(?=\s|$|[,;)])")
_PSEUDONYM_BEFORE_RE = re.compile(
    r"(?i:\b(?:student|students|alumno|alumna|alumnos|estudiante|partner|pareja|group|grupo"
    r"|table|mesa|team|equipo|seat)\s+)$"
)
_DATE_AFTER_RE = re.compile(r"\s+(?:\d|de\s+\d|the\s+\d)")
_MONTHS = _set("april may june august january abril mayo junio agosto julio enero")
_PLACES = _set(
    """
jordan paris sydney savannah brooklyn florence austin houston dallas denver jackson madison
tyler phoenix aurora charlotte victoria regina chelsea georgia virginia carolina dakota
montana lincoln washington jefferson kennedy india china asia africa america lima santiago
salvador trinidad concepción asunción santa sierra villa
"""
)
_GROUP_LIST_RE = re.compile(
    r"(?i:\b(?:group|table|team|pair|grupo|mesa|equipo|pareja|partners?)\s*\w{0,3}\s*)"
    r"(?:\(|:\s*)$"
)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*(?:['’]s?)?")
_NOT_LETTER = re.compile(r"[^\w'’-]")


@dataclass(frozen=True)
class Token:
    start: int
    end: int  # the end of the name itself, without a possessive
    word: str  # the name as written, without a possessive
    possessive: bool
    key: str  # folded, for lookups
    shape: str  # "cap", "upper" or "lower"


def _shape(word: str) -> str:
    if word.isupper():
        return "upper"
    if word.islower():
        return "lower"
    return "cap" if word[0].isupper() else "lower"


@functools.lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of `text`, possessives split off; cached, since a case's parts are read twice."""
    found: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group()
        possessive = False
        if word.endswith(("'s", "’s")) and len(word) > 2:
            word, possessive = word[:-2], True
        elif word.endswith(("'", "’")):
            word, possessive = word[:-1], word[-2:-1] == "s"
        if word:
            end = m.start() + len(word)
            found.append(Token(m.start(), end, word, possessive, fold(word), _shape(word)))
    return tuple(found)


@dataclass(frozen=True)
class NameFinding:
    start: int
    end: int
    family: bool = False  # a student's parent or sibling


class _Published:
    """A community's published names, as folded word sequences and lone surnames."""

    def __init__(self, names: Iterable[str], words: Lexicon) -> None:
        self.full: set[tuple[str, ...]] = set()
        self.surnames: set[str] = set()
        self.firsts: set[str] = set()
        self.max_len = 1
        self.surnames.update(fold(n) for n in SURNAMES_ALONE)
        for name in names:
            parts = tuple(fold(p) for p in _TOKEN_RE.findall(name) if len(p) > 1 or p.isupper())
            parts = tuple(p for p in parts if p not in ("de", "la", "del", "von", "van", "of"))
            if not parts:
                continue
            self.full.add(parts)
            self.firsts.add(parts[0])
            self.max_len = max(self.max_len, len(parts))
            last = parts[-1]
            if len(parts) == 1 or not (last in words.first or last in words.last):
                self.surnames.add(last)


@functools.lru_cache(maxsize=50_000)
def _kind(word: str, key: str, shape: str) -> str:
    """strong (a name wherever it stands), weak (a name with a cue), strict (only with a
    strong cue: lowercase names, capitalised rare words), or none."""
    words = lexicon()
    if key in STOP or len(word) < 2:
        return "none"
    parts = [p for p in word.split("-") if p]
    first = [p for p in parts if fold(p) in words.first]
    if shape == "lower":
        return "strict" if first and word not in words.common else "none"
    if any(not words.is_ambiguous(p) for p in first):
        return "strong"
    if first or key in words.last:
        return "weak"
    if shape == "upper" and len(word) <= 3:
        return "weak"
    if not words.is_word(word):
        return "weak"
    return "none" if words.is_common(word) else "strict"


@functools.cache
def _pattern_words(pattern: str) -> frozenset[str]:
    """Every word written in a pattern: a superset of the words it can match."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]{2,}", pattern)}
    return frozenset(words | {"a", "y", "e", "o"})


class _Finder:
    def __init__(
        self, text: str, words: Lexicon, published: _Published, known: frozenset[str]
    ) -> None:
        self.text = text
        self.words = words
        self.published = published
        self.known = known
        self.toks = tokens(text)
        self._ended: dict[tuple[str, int], int | None] = {}
        self.transcript = len(_LABEL_LINE_RE.findall(text)) >= 2
        self.protected: list[tuple[int, int]] = []
        self.exempt_keys: set[str] = set()
        self.flagged: dict[int, bool] = {}  # token index -> family

    # ---------------------------------------------------------------- context

    def near(self, i: int, regex: re.Pattern[str], back: int) -> bool:
        """Whether one of the `back` words before token i is a word of `regex`: a cheap
        test that must pass before the regex is worth running."""
        words = _pattern_words(regex.pattern)
        return any(self.toks[j].key in words for j in range(max(0, i - back), i))

    def ended(self, regex: re.Pattern[str], at: int, width: int = 80) -> int | None:
        """The start of a match of `regex` (written to end with `$`) ending at `at`, or None.

        Searched in a window that ends at `at`, so `$` holds there, and `^` only
        at the real start of the text or of a line: only words that could be
        names get here, which keeps the check linear in the length of the text.
        """
        key = (regex.pattern, at)
        if key not in self._ended:
            m = regex.search(self.text, max(0, at - width), at)
            self._ended[key] = None if m is None else m.start()
        return self._ended[key]

    def before(self, i: int, width: int = 60) -> str:
        start = self.toks[i].start
        return self.text[max(0, start - width) : start]

    def after(self, i: int, width: int = 60) -> str:
        tok = self.toks[i]
        end = tok.end + (2 if tok.possessive else 0)
        return self.text[end : end + width]

    def next_word(self, i: int) -> str:
        if i + 1 >= len(self.toks):
            return ""
        tok = self.toks[i]
        gap = self.text[tok.end + (2 if tok.possessive else 0) : self.toks[i + 1].start]
        if gap.strip() not in ("", ","):
            return ""
        return self.toks[i + 1].word.lower()

    def in_protected(self, start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in self.protected)

    # --------------------------------------------------------------- exemptions

    def find_exemptions(self) -> None:
        citations = _CITATION_RE.finditer(self.text) if _CITED_RE.search(self.text) else ()
        for m in citations:
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            self.protected.append((m.start(group), m.end(group)))
            self.exempt_keys.update(fold(w) for w in _TOKEN_RE.findall(m.group(group)))
        n = len(self.toks)
        for i in range(n):
            if self.toks[i].key not in self.published.firsts:
                continue
            for length in range(min(self.published.max_len, n - i), 0, -1):
                parts = tuple(t.key for t in self.toks[i : i + length])
                if parts in self.published.full and self._adjacent(i, i + length):
                    self.protected.append((self.toks[i].start, self.toks[i + length - 1].end))
                    self.exempt_keys.add(parts[-1])
                    break
        surnames = self.published.surnames
        for i, tok in enumerate(self.toks):
            if tok.shape == "lower":
                continue
            if tok.key in surnames or (
                "-" in tok.word and {fold(p) for p in tok.word.split("-")} & surnames
            ):
                self.protected.append((tok.start, tok.end))
            if self.kind(tok) == "none":
                continue
            adult = self.honorific_before(i) or self.role_before(i)
            if adult and not self.family_before(i) and not self.family_after(i):
                self.exempt_keys.add(tok.key)
                self._exempt_run(i)

    def _adjacent(self, start: int, stop: int) -> bool:
        for j in range(start, stop - 1):
            gap = self.text[self.toks[j].end : self.toks[j + 1].start]
            if self.toks[j].possessive or gap.strip(" .") not in ("",):
                return False
        return True

    def _exempt_run(self, i: int) -> None:
        """An adult's whole name: "Ms. Ana Rivera", "la maestra Laura Gómez"."""
        j = i
        while j + 1 < len(self.toks) and self._joined(j) and self.toks[j + 1].shape == "cap":
            j += 1
            self.exempt_keys.add(self.toks[j].key)

    def _joined(self, j: int) -> bool:
        gap = self.text[self.toks[j].end : self.toks[j + 1].start]
        return not self.toks[j].possessive and gap == " "

    def honorific_before(self, i: int) -> bool:
        if not self.near(i, _HONORIFIC_BEFORE_RE, 3):
            return False
        return self.ended(_HONORIFIC_BEFORE_RE, self.toks[i].start, 24) is not None

    def role_before(self, i: int) -> bool:
        if not self.near(i, _ADULT_ROLE_BEFORE_RE, 4):
            return False
        return self.ended(_ADULT_ROLE_BEFORE_RE, self.toks[i].start, 44) is not None

    def family_before(self, i: int) -> bool:
        if not self.near(i, _FAMILY_BEFORE_RE, 6):
            return False
        at = self.toks[i].start
        honorific = self.ended(_HONORIFIC_BEFORE_RE, at, 24) if self.honorific_before(i) else None
        if honorific is not None:
            at = honorific
        return self.ended(_FAMILY_BEFORE_RE, at, 40) is not None

    def family_after(self, i: int) -> bool:
        return bool(_FAMILY_AFTER_RE.match(self.after(i, 60)))

    def exempt(self, i: int) -> bool:
        tok = self.toks[i]
        if self.in_protected(tok.start, tok.end):
            return True
        if tok.key in STOP:
            return True
        if tok.key in self.exempt_keys and not self.family_before(i):
            return True
        if (
            self.near(i, _ORG_BEFORE_RE, 3)
            and self.ended(_ORG_BEFORE_RE, tok.start, 40) is not None
        ):
            return True
        if _ORG_AFTER_RE.match(self.text, tok.end):
            return True
        if (
            len(tok.word) <= 2
            and self.near(i, _PSEUDONYM_BEFORE_RE, 1)
            and self.ended(_PSEUDONYM_BEFORE_RE, tok.start, 16) is not None
        ):
            return True
        # "Ramanujan and Hardy": a surname listed with a published name is published too.
        if self.kind(tok) != "strong":
            for j in self._list_neighbours(i):
                other = self.toks[j]
                if self.in_protected(other.start, other.end):
                    return True
        return False

    # --------------------------------------------------------------------- cues

    def cue(self, i: int) -> int:
        """How strongly the sentence says token i is a person: 0 none, 1 weak, 2 strong."""
        tok = self.toks[i]
        before, after = self.before(i), self.after(i)
        at = tok.start
        labelled = _LABEL_AFTER_RE.match(after) and self.ended(_LINE_START_RE, at, 30) is not None
        person = self.named(tok) or self.transcript
        if labelled and person and not _ROLE_LABEL_RE.fullmatch(tok.word):
            return 2
        if self.ended(_BRACKET_RE, at, 8) is not None and _BRACKET_AFTER_RE.match(after):
            return 2
        if self.near(i, _DE_POSSESSIVE_RE, 2) and self.ended(_DE_POSSESSIVE_RE, at, 20) is not None:
            return 2
        person = self.near(i, _PERSON_NOUN_BEFORE_RE, 3)
        if person and self.ended(_PERSON_NOUN_BEFORE_RE, at, 30) is not None:
            return 2
        if self.family_before(i):
            return 2
        if self.family_after(i) or _APPOSITIVE_RE.match(after):
            return 2
        if self.ended(_INITIAL_BEFORE_RE, at, 6) is not None or _INITIAL_AFTER_RE.match(after):
            return 2
        if tok.possessive:
            nxt = self.next_word(i)
            if fold(nxt) in _PERSONAL_NOUNS:
                return 2
            if nxt and nxt[:1].islower():
                return 1
        if self._verb_after(i):
            plain = self.words.is_word(tok.word) and not self.named(tok)
            return 1 if plain and not self._speech_after(i) else 2
        if _VOCATIVE_AFTER_RE.match(after) and self._after_label(i):
            return 2
        if before.rstrip(" ").endswith(",") and re.match(r"^\s*[?!]", after):
            return 2
        phrase = self.before_phrase(i)
        if phrase:
            return 1 if phrase in _WEAK_BEFORE else 2
        return 0

    def before_phrase(self, i: int) -> str:
        at = self.toks[i].start
        if not self.near(i, _BEFORE_RE, 1) and self.text[max(0, at - 3) : at].strip() not in (
            "&",
            "w/",
        ):
            return ""
        start = self.ended(_BEFORE_RE, at, 28)
        return "" if start is None else self.text[start:at].strip().lower()

    def named(self, tok: Token) -> bool:
        """A first name or surname, not merely an unknown capitalised word."""
        parts = [fold(p) for p in tok.word.split("-") if p]
        return any(p in self.words.first or p in self.words.last for p in parts)

    def _after_label(self, i: int) -> bool:
        before = self.before(i, 30)
        return bool(re.search(r"(?:^|\n)\s*[\w .]{1,15}:\s*$", before))

    def _verb_after(self, i: int) -> bool:
        j, seen = i + 1, 0
        while j < len(self.toks) and seen < 3:
            gap = self.text[self.toks[j - 1].end + (2 if self.toks[j - 1].possessive else 0) :]
            gap = gap[: self.toks[j].start - self.toks[j - 1].end]
            if gap.strip() not in ("",) and not (seen == 0 and gap.strip() in (",",)):
                return False
            word = self.toks[j].word.lower()
            if fold(word) in _VERB_SET:
                return True
            if not word.endswith("ly"):
                return False
            j, seen = j + 1, seen + 1
        return False

    def _speech_after(self, i: int) -> bool:
        return i + 1 < len(self.toks) and fold(self.toks[i + 1].word) in _SPEECH_SET

    # --------------------------------------------------------------- decisions

    def kind(self, tok: Token) -> str:
        return _kind(tok.word, tok.key, tok.shape)

    def run(self) -> list[NameFinding]:
        self.find_exemptions()
        for i, tok in enumerate(self.toks):
            kind = self.kind(tok)
            if kind == "none" and tok.key not in self.known:
                continue
            if self.exempt(i):
                continue
            if tok.key in self.known and tok.shape != "lower":
                self.flagged[i] = self.family_before(i)
                continue
            cue = self.cue(i)
            if tok.key in _MONTHS and _DATE_AFTER_RE.match(self.text, tok.end):
                continue
            needed = 1 if kind == "weak" and tok.shape == "cap" else 2
            if kind == "strong" or (kind != "none" and cue >= needed):
                if kind == "weak" and cue == 1 and self.words.is_ambiguous(tok.word):
                    # Capitalised mid-sentence, "Hope" is a proper noun; a place needs more.
                    loose = tok.key not in _PLACES | _MONTHS and not self.sentence_start(i)
                    if not loose and not self._strongish(i):
                        continue
                self.flagged[i] = self.family_before(i)
        self._extend_lists()
        self._every_mention()
        return self._spans()

    def sentence_start(self, i: int) -> bool:
        before = self.before(i, 20).rstrip(" \t")
        return not before or before[-1] in '.!?:;\n"“([-•*' or bool(re.search(r"\d$", before))

    def _strongish(self, i: int) -> bool:
        """A word-name with a weak cue: only a verb or a with-preposition will do."""
        if self._verb_after(i):
            return True
        phrase = self.before_phrase(i)
        return bool(phrase) and phrase not in _WEAK_BEFORE

    def _list_neighbours(self, i: int) -> list[int]:
        out = []
        for j in (i - 1, i + 1):
            if not 0 <= j < len(self.toks):
                continue
            a, b = (j, i) if j < i else (i, j)
            gap = self.text[
                self.toks[a].end + (2 if self.toks[a].possessive else 0) : self.toks[b].start
            ]
            if re.fullmatch(r"\s*(?:,|;|&|/|,\s*and|,\s*y|and|y|e|or|o|w/|with|con)\s*", gap):
                out.append(j)
        return out

    def _extend_lists(self) -> None:
        pending = list(self.flagged)
        while pending:
            i = pending.pop()
            for j in self._list_neighbours(i):
                tok = self.toks[j]
                if j in self.flagged or self.exempt(j) or tok.shape == "lower":
                    continue
                if self.kind(tok) != "none":
                    self.flagged[j] = False
                    pending.append(j)
        # "Group 3 (Tran, Lopez, Okafor)", "Mesa 2: Diego, Renata, Iker."
        for i, tok in enumerate(self.toks):
            if i in self.flagged or tok.shape == "lower" or self.exempt(i):
                continue
            if self.kind(tok) != "none" and self.ended(_GROUP_LIST_RE, tok.start, 24) is not None:
                self.flagged[i] = False
                for j in self._list_chain(i):
                    self.flagged.setdefault(j, False)

    def _list_chain(self, i: int) -> list[int]:
        chain: list[int] = []
        j = i
        while True:
            nxt = [k for k in self._list_neighbours(j) if k > j]
            if not nxt or self.exempt(nxt[0]) or self.kind(self.toks[nxt[0]]) == "none":
                return chain
            j = nxt[0]
            chain.append(j)

    def _every_mention(self) -> None:
        keys = {self.toks[i].key: self.toks[i].shape for i in self.flagged}
        for i, tok in enumerate(self.toks):
            if i in self.flagged or tok.key not in keys:
                continue
            if tok.shape == "lower" and keys[tok.key] != "lower":
                continue
            if not self.exempt(i):
                self.flagged[i] = self.family_before(i)

    def _spans(self) -> list[NameFinding]:
        found: list[NameFinding] = []
        for i in sorted(self.flagged):
            tok = self.toks[i]
            start, end = tok.start, tok.end
            family = self.flagged[i]
            if family:
                honorific = self.ended(_HONORIFIC_BEFORE_RE, tok.start, 24)
                if honorific is not None:
                    start = honorific
            # A first name, surname or second name next to it belongs to the same span.
            if i > 0 and i - 1 not in self.flagged and self._joined(i - 1):
                prev = self.toks[i - 1]
                if prev.shape == "cap" and not self.exempt(i - 1) and self.kind(prev) != "none":
                    start = prev.start
            if i + 1 < len(self.toks) and i + 1 not in self.flagged and self._joined(i):
                nxt = self.toks[i + 1]
                if nxt.shape == "cap" and nxt.key not in STOP and self.kind(nxt) != "none":
                    end = nxt.end
            m = _INITIAL_AFTER_RE.match(self.text, end)
            if m:
                end = m.end()
            if (
                found
                and start <= found[-1].end + 1
                and self.text[found[-1].end : start].strip() == ""
            ):
                last = found.pop()
                found.append(NameFinding(last.start, max(end, last.end), last.family or family))
            else:
                found.append(NameFinding(start, end, family))
        return found


@functools.lru_cache(maxsize=64)
def _published(extra: tuple[str, ...]) -> _Published:
    return _Published((*PUBLISHED_NAMES, *extra), lexicon())


def find_names(
    text: str, *, published: Iterable[str] = (), known: Iterable[str] = ()
) -> list[NameFinding]:
    """Spans of `text` that name a person the author must edit or confirm."""
    words = lexicon()
    pub = _published(tuple(published))
    finder = _Finder(text, words, pub, frozenset(fold(k) for k in known))
    return finder.run()


def name_keys(text: str, spans: Iterable[tuple[int, int]]) -> set[str]:
    """The folded words of flagged names, to flag them in the other parts of a text."""
    keys: set[str] = set()
    for start, end in spans:
        for tok in tokens(text[start:end]):
            if tok.key not in STOP and (tok.word[:1].isupper() or tok.shape == "lower"):
                keys.add(tok.key)
    return keys


def mentions(text: str, keys: set[str]) -> bool:
    """Whether any of these folded names appears in `text` as a word."""
    return any(tok.key in keys for tok in tokens(text))
