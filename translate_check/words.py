"""Words with character spans, their normal forms, and MT↔English word alignment.

Detectors reason about words, but reviewers see characters, so every token
keeps its offsets. Alignment links each English word to at most one word of a
bridge, trying the strictest evidence first (same word, same stem, a small
thesaurus, near-same spelling, shared character n-grams) and breaking ties by
relative position, because free translations reorder words but rarely move
them far.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz.fuzz import ratio

_FUNCTION_TEXT = """a an the this that these those there here it its it's he him his she her hers
    they them their theirs we us our ours you your yours i me my mine who whom whose which what
    whatever whoever where when while whereas why how and or but nor so yet if then than because as
    since though although unless until till whether of in on at by for with about against
    between into through during before after above below to from up down out off over under
    again further once be is am are was were been being have has had having do does did doing
    done would should could can will shall may might must ought also just only very too quite
    rather such both each other another any some all no not every either neither more most much
    many few less least own same s t can't cannot one ones someone something anything everything
    nothing somebody anybody everybody nobody via per upon onto within without among amongst
    across along around behind beside besides beyond toward towards whilst thus hence therefore
    however still even already now yes well like unlike get got getting gets n't let lets
    said says say"""
FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_TEXT.split())
"""Words that carry grammar rather than content; unmatched ones are not evidence of meaning."""

NUMBER_WORDS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
    "dozen": 12, "pair": 2, "couple": 2, "half": 0.5, "twice": 2, "both": 2,
}  # fmt: skip
"""English number words and their values (``both`` and ``couple`` count as two)."""

ORDINAL_WORDS: dict[str, int] = {
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
"""Ordinals that are not also common words (``first`` and ``second`` are left out)."""

_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*"
    r"|[^\W\d_]+?(?=n['’]t\b)"
    r"|n['’]t\b"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*",
)
NUMBER_SUFFIXES = frozenset({"st", "nd", "rd", "th", "s"})
"""Letters written onto a numeral (``19th``, ``1800s``): part of the number, not words."""
_CONTRACTION_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}
_BRITISH = (
    (re.compile(r"our(?=s?$|ed$|ing$|ite)"), "or"),
    (re.compile(r"(?<=[a-z])is(?=e[sd]?$|ing$|ation)"), "iz"),
    (re.compile(r"yse(?=[sd]?$)"), "yze"),
    (re.compile(r"(?<=[bcdfgkmpstv])re(?=s?$)"), "er"),
    (re.compile(r"elll?(?=ed$|ing$|er$)"), "el"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"ence(?=s?$)"), "ense"),
)

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-cased word, after folding British spellings."""
    return str(_STEMMER.stemWord(spelling_key(word)))


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """Fold British spellings to American ones so ``behaviour`` equals ``behavior``."""
    for pattern, repl in _BRITISH:
        word = pattern.sub(repl, word)
    return word


def number_value(text: str) -> float | None:
    """Value of a numeral (``2``, ``1,500``, ``3.5``, ``12:00``), number word (``two``,
    ``thirteenth``) or Roman numeral (``II``), else None."""
    if text[:1].isdigit():
        if ":" in text:
            return float(text.replace(":", "")) if _CLOCK.fullmatch(text) else None
        digits = text.replace(",", "") if _THOUSANDS.fullmatch(text) else text
        try:
            return float(digits.replace(",", "."))
        except ValueError:
            return None
    if len(text) > 1 and _ROMAN.fullmatch(text):
        return float(_roman(text))
    value = NUMBER_WORDS.get(text.lower(), ORDINAL_WORDS.get(text.lower()))
    return None if value is None else float(value)


_ROMAN = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
_CLOCK = re.compile(r"\d{1,2}:\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(text: str) -> int:
    values = [_ROMAN_VALUES[ch] for ch in text]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its characters, normal form, stem and role."""

    index: int
    text: str
    start: int
    end: int
    norm: str
    stem: str
    function: bool
    capitalized: bool

    @property
    def content(self) -> bool:
        return not self.function

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _fold(word: str) -> str:
    """Lower case without diacritics, so ``Sámi`` matches ``Sami``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def _norm(word: str) -> str:
    lower = _fold(word).replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower == "n't":
        return "not"
    return _CONTRACTION_STEMS.get(lower, lower)


@lru_cache(maxsize=65536)
def _facts(word: str) -> tuple[str, str, bool]:
    """A word's normal form, stem and whether it is a function word, wherever it stands
    (a text repeats its words, so each is worked out once)."""
    norm = _norm(word)
    value = number_value(word if word.isupper() else norm)
    if value is not None and norm not in ("one", "both", "couple", "pair", "half"):
        norm = f"#{value:g}"
    function = norm in FUNCTION_WORDS or (len(norm) == 1 and norm.isalpha())
    return norm, norm if norm.startswith("#") else stem(norm), function


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[Token, ...]:
    """Split English into word tokens with [start, end) character spans."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        norm, stemmed, function = _facts(word)
        if (
            not function
            and norm in NUMBER_SUFFIXES
            and tokens
            and tokens[-1].end == start
            and tokens[-1].norm.startswith("#")
        ):
            function = True  # a suffix written onto a numeral
        tokens.append(
            Token(len(tokens), word, start, end, norm, stemmed, function, word[:1].isupper())
        )
    return tuple(tokens)


_CLOSING = {'"': '"', "“": "”", "‘": "’"}
_OPENING = frozenset(" \"'“‘([")
QUOTED_NAME_WORDS = 3
"""A quotation this short is a quoted name or term, not quoted speech."""


def sentence_initial(text: str, token: Token) -> bool:
    """Whether a token starts its sentence or a quoted sentence (so its capital says nothing
    about names): ``said, "Right now we…"``, but not ``the name "Gingrich" came``."""
    opening = text[token.start - 1 : token.start]
    if opening in _CLOSING:
        end = text.find(_CLOSING[opening], token.start)
        if end < 0 or len(text[token.start : end].split()) > QUOTED_NAME_WORDS:
            return True
    k = token.start  # back over the quotes, brackets and spaces before it
    while k and text[k - 1] in _OPENING:
        k -= 1
    return not k or text[k - 1] in ".!?:;\n"


def ngram_similarity(a: str, b: str, n: int = 3) -> float:
    """Dice coefficient of character n-grams: tolerant of derivation (``deport``/``deportee``)."""
    grams_a = {a[i : i + n] for i in range(len(a) - n + 1)}
    grams_b = {b[i : i + n] for i in range(len(b) - n + 1)}
    if not grams_a or not grams_b:
        return 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


_SYNONYM_TEXT = """
woman women female females lady ladies | man men male males | child children kid kids
research study studies studied researcher scientist | find found discover discovered show shown
begin began begun start started commence launch | end ended finish finished conclude complete
buy bought purchase purchased acquire | help helped assist assisted aid support
say said state stated tell told claim claimed declare declared announce announced note noted
use used utilise utilize employ | get got obtain obtained receive received gain gained
need needed require required necessary essential vital | try tried attempt attempted seek sought
choose chose select selected pick picked elect | enough sufficient adequate
about approximately around roughly nearly almost some | also too additionally likewise
because due since as | main primary principal chief major key central leading
important significant crucial critical | country nation state | city town municipality
car vehicle automobile | police officer officers policeman cop | people persons individuals public
place site location spot venue | area region zone district territory | allow permit enable let
kill killed slay slain | die died perish perished dead death | big large huge great vast
small little tiny minor | fast quick quickly rapid rapidly swift | slow slowly gradual gradually
show display exhibit demonstrate present | happen happened occur occurred take place
build built construct constructed erect | make made create created produce produced
leave left depart departed exit | come came arrive arrived reach reached | go went travel travelled
see saw watch watched observe observed view | think thought believe believed consider considered
want wanted wish desire | stop stopped halt halted cease | keep kept maintain retain preserve
answer reply respond response | ask asked request requested inquire | job work employment position
firm company business corporation enterprise | money funds cash | price cost costs fee
rise rose increase increased grow grew | fall fell drop dropped decrease decreased decline
often frequently usually commonly typically | quite rather fairly | very extremely highly
maybe perhaps possibly | however but yet nevertheless nonetheless though although
sea ocean | ship vessel boat | road street route way path | hill mountain peak summit
old ancient elderly aged | new modern recent novel | hard difficult tough | easy simple
whole entire complete full | rule govern control | government administration authorities
team squad side | game match contest | win won victory beat | lose lost defeat defeated
doctor physician | illness disease sickness | medicine drug drugs medication
kid youngster | house home dwelling residence | meal food | trip journey voyage tour
"""
SYNONYMS: dict[str, int] = {}
"""Stem → group of a small curated thesaurus of everyday English; faithful translations
reword these words more than any others."""
for _group, _words in enumerate(_SYNONYM_TEXT.split("|")):
    for _word in _words.split():
        SYNONYMS.setdefault(_STEMMER.stemWord(_word), _group)


@dataclass(frozen=True)
class LinkParameters:
    """When :func:`align_words` links two words by spelling or across a distance."""

    fuzzy_min: float = 80.0
    """rapidfuzz ratio (0–100) above which two content words count as one misspelt or
    inflected."""
    ngram_min: float = 0.6
    """Character-trigram Dice above which two long words count as derivations of one
    another."""
    function_reach: float = 0.3
    """Largest relative-position gap across which two identical function words are linked."""


LINKS = LinkParameters()


@dataclass(frozen=True)
class Alignment:
    """Word links between an English text and one bridge: index ↔ index, with the evidence
    for each English word (``exact``, ``stem``, ``synonym``, ``fuzzy``, ``ngram`` or None)."""

    tgt: tuple[Token, ...]
    mt: tuple[Token, ...]
    tgt_to_mt: tuple[int | None, ...]
    mt_to_tgt: tuple[int | None, ...]
    kind: tuple[str | None, ...]


def _relpos(i: int, n: int) -> float:
    return (i + 0.5) / n if n else 0.0


def _fuzzy_score(a: Token, b: Token, limits: LinkParameters) -> float:
    """Similarity in (0, 1] of two content words that share no stem, or 0."""
    if a.norm.startswith("#") or b.norm.startswith("#"):
        return 0.0
    x, y = a.norm, b.norm
    if min(len(x), len(y)) < 4:
        return 0.0
    fuzzy = ratio(x, y)
    if fuzzy >= limits.fuzzy_min:
        return 0.5 + fuzzy / 400
    if min(len(x), len(y)) >= 6 and x[:4] == y[:4] and ngram_similarity(x, y) >= limits.ngram_min:
        return 0.5
    return 0.0


def align_words(tgt_text: str, mt_text: str, limits: LinkParameters = LINKS) -> Alignment:
    """Link English words to bridge words one-to-one, strictest evidence first."""
    tgt, mt = tokenize(tgt_text), tokenize(mt_text)
    n, m = len(tgt), len(mt)
    to_mt: list[int | None] = [None] * n
    to_tgt: list[int | None] = [None] * m
    kind: list[str | None] = [None] * n

    def link(candidates: list[tuple[float, float, int, int]], how: str) -> None:
        for _, _, i, j in sorted(candidates):
            if to_mt[i] is None and to_tgt[j] is None:
                to_mt[i], to_tgt[j], kind[i] = j, i, how

    by_norm: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    for j, tok in enumerate(mt):
        by_norm.setdefault(tok.norm, []).append(j)
        by_stem.setdefault(tok.stem, []).append(j)
    exact = []
    for i, tok in enumerate(tgt):
        for j in by_norm.get(tok.norm, ()):
            gap = abs(_relpos(i, n) - _relpos(j, m))
            if tok.content or gap <= limits.function_reach:
                exact.append((gap, 0.0, i, j))
    link(exact, "exact")
    stems = [
        (abs(_relpos(i, n) - _relpos(j, m)), 0.0, i, j)
        for i, tok in enumerate(tgt)
        if to_mt[i] is None and tok.content
        for j in by_stem.get(tok.stem, ())
        if to_tgt[j] is None and mt[j].content
    ]
    link(stems, "stem")
    synonyms = [
        (abs(_relpos(i, n) - _relpos(j, m)), 0.0, i, j)
        for i, tok in enumerate(tgt)
        if to_mt[i] is None and tok.content and tok.stem in SYNONYMS
        for j in range(m)
        if to_tgt[j] is None and mt[j].content and SYNONYMS.get(mt[j].stem) == SYNONYMS[tok.stem]
    ]
    link(synonyms, "synonym")
    loose_mt = [j for j in range(m) if to_tgt[j] is None and mt[j].content]
    fuzzy = []
    for i, tok in enumerate(tgt):
        if to_mt[i] is not None or tok.function:
            continue
        for j in loose_mt:
            score = _fuzzy_score(tok, mt[j], limits)
            if score:
                fuzzy.append((-score, abs(_relpos(i, n) - _relpos(j, m)), i, j))
    for _, _, i, j in sorted(fuzzy):
        if to_mt[i] is None and to_tgt[j] is None:
            to_mt[i], to_tgt[j] = j, i
            kind[i] = "fuzzy" if ratio(tgt[i].norm, mt[j].norm) >= limits.fuzzy_min else "ngram"
    return Alignment(tgt, mt, tuple(to_mt), tuple(to_tgt), tuple(kind))


def acronyms(text: str) -> frozenset[str]:
    """Acronyms written in a text (``MDT``, ``U.S.`` as ``US``)."""
    return frozenset(m.group().replace(".", "") for m in _ACRONYM.finditer(text))


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}\b")


def merge_spans(spans: Sequence[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Join spans separated only by spaces so a phrase is one span, not one per word."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
