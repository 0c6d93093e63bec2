"""Hebrew words with character spans, their prefixes split off and, with hspell, their lemmas.

A reviewer asks of every flag *which Hebrew words?*, so the Hebrew is tokenised
with offsets like the English (:mod:`translate_check.words`). Hebrew writes
the conjunction, the article and most prepositions onto the next word (ו ה ב ל
מ ש כ), so a token keeps the ways it can be read: its prefix letters and the
rest. hspell (``hspell -l``, Debian package ``hspell``, run as a program; its
input and output are ISO-8859-8) knows which readings are real words, gives
their lemmas and marks proper nouns; without it every split is kept, lemmas are
the bare forms and nothing is marked a name.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from translate_check.detect.number import HEBREW_NUMBERS
from translate_check.detect.translit import unprefixed
from translate_check.facts import HEBREW_LETTERS, HEBREW_WORD

HSPELL_ENCODING = "iso-8859-8"
HSPELL_MISSING = (
    "hspell is not installed: Hebrew words are linked without their lemmas and name marks "
    "(apt-get install hspell)"
)
HSPELL_TIMEOUT = 60.0
"""Seconds one hspell call may take (thousands of words take a fraction of one)."""

_WORD = re.compile(
    f"[{HEBREW_LETTERS}]+(?:[\u05f4\"'\u05f3][{HEBREW_LETTERS}]+)*[\u05f3']?|\\d+(?:[.,]\\d+)*"
)
_HEADER = re.compile(r"^(?:מילה חוקית|צירוף חוקי): (\S+)$")
_ANALYSIS = re.compile(r"^\s+(\S+?)\((.*)\)$")
_UNKNOWN_LEMMA = "שונות"
"""What hspell writes for the lemma of a word it knows only as a name or particle."""

PREFIX_GLOSSES: dict[str, frozenset[str]] = {
    "ו": frozenset({"and", "but"}),
    "ב": frozenset({"in", "on", "at", "with", "by", "into", "within", "during"}),
    "ל": frozenset({"to", "for", "into", "towards", "toward"}),
    "מ": frozenset({"from", "than", "of", "out"}),
    "ש": frozenset({"that", "who", "which", "whom"}),
    "כ": frozenset({"as", "like", "when", "about"}),
    "ה": frozenset(),
}
"""English words a one-letter prefix is rendered by. The article ה is left without: English
writes *the* far more often than Hebrew writes ה, so it ties nothing down."""

_GLOSS_TEXT = """
של of | את | על on about over upon regarding | עם with | אל to | מן from | עד until till to
בין between among | לפני before ago | אחרי after | לאחר after | כמו like as | בלי without
ללא without | כי that because since | אם if whether | גם also too even | לא not no
אין no not none | רק only just | כבר already | עוד more still yet another | או or either
אבל but however | אולם but however | אך but yet | זה this that it | זו this that it
זאת this that it | הוא he it | היא she it | הם they | הן they | אני i | אנחנו we
אשר which who that | כדי to order | יש there have has | כך so thus | לכן therefore so
מאוד very | כל all every each any whole | כלשהו some any kind | כלשהי some any kind
כלשהם some any | כלשהן some any | כמה several some few | רוב most | מעט little few
הרבה many much lot | אולי maybe perhaps | כנראה apparently probably likely
הנראה apparently probably likely | לכאורה allegedly supposedly | למשל example instance
"""
GLOSSES: dict[str, frozenset[str]] = {
    line.split()[0]: frozenset(line.split()[1:])
    for line in re.split(r"[|\n]", _GLOSS_TEXT)
    if line.split()
}
"""Hebrew function words, quantifiers and hedges with the English words that render them: a
closed class, written for this module (no dictionary). They are the Hebrew's grammar, so
they also say which Hebrew tokens are not content."""


@dataclass(frozen=True)
class Reading:
    """One way to read a Hebrew word: prefix letters, then ``form`` (the rest), a form of
    ``lemma``."""

    prefix: str
    form: str
    lemma: str
    proper: bool = False

    @property
    def glosses(self) -> frozenset[str]:
        """English words that render the reading if it is a grammar word (else none)."""
        return GLOSSES.get(self.form, GLOSSES.get(self.lemma, frozenset()))


@dataclass(frozen=True)
class WordFacts:
    """What a Hebrew word's readings say about it, the same wherever it stands: worked out
    once per word (:func:`word_facts`), as the links ask it of every token many times over."""

    proper: bool
    """Whether hspell reads the word as a proper noun (a name)."""
    glosses: frozenset[str]
    """English words that render the word if it is a grammar word (ככל הנראה's הנראה as a
    whole, or its readings)."""
    function: bool
    """A closed-class word (``של``, ``כל``): grammar, not content."""
    forms: str
    """The word and its lemmas, sorted, as one text: where a name written in it is looked for."""
    prefixes: frozenset[str]
    """English words that render one of its readings' prefix letters."""


@lru_cache(maxsize=65536)
def word_facts(text: str, readings: tuple[Reading, ...], number: float | None) -> WordFacts:
    """The facts of a word with these readings (and this number value, if it is one)."""
    lemmas = frozenset(r.lemma for r in readings)
    return WordFacts(
        proper=any(r.proper for r in readings),
        glosses=GLOSSES.get(text, frozenset()).union(*(r.glosses for r in readings)),
        function=number is None
        and (text in GLOSSES or any(r.form in GLOSSES or r.lemma in GLOSSES for r in readings)),
        forms=" ".join(sorted({text, *lemmas})),
        prefixes=frozenset(
            w for r in readings for letter in r.prefix for w in PREFIX_GLOSSES[letter]
        ),
    )


@dataclass(frozen=True)
class HebrewToken:
    """One word of the Hebrew: its characters, the readings it may have, its number value."""

    index: int
    text: str
    start: int
    end: int
    readings: tuple[Reading, ...]
    facts: WordFacts = field(compare=False, repr=False)
    """What the readings say (:func:`word_facts`)."""
    number: float | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def proper(self) -> bool:
        """Whether hspell reads the word as a proper noun (a name)."""
        return self.facts.proper

    @property
    def glosses(self) -> frozenset[str]:
        """English words that render the token if it is a grammar word (ככל הנראה's הנראה
        as a whole, or its readings)."""
        return self.facts.glosses

    @property
    def unwritten(self) -> bool:
        """A grammar word English does not write (את, the object marker)."""
        return self.facts.function and not self.facts.glosses

    @property
    def function(self) -> bool:
        """A closed-class word (``של``, ``כל``): grammar, not content."""
        return self.facts.function

    @property
    def content(self) -> bool:
        return not self.function


@lru_cache(maxsize=65536)
def bare_readings(word: str) -> tuple[Reading, ...]:
    """Readings without a morphological analyser: the word, and the word without up to two
    prefix letters (ובישראל: ו+בישראל, וב+ישראל)."""
    return tuple(Reading(word[: len(word) - len(form)], form, form) for form in unprefixed(word))


@dataclass(frozen=True)
class Hspell:
    """hspell run as a program: ``hspell -l`` on a batch of words."""

    program: str

    def start(self, words: Iterable[str]) -> Callable[[], dict[str, tuple[Reading, ...]]]:
        """Start hspell on the words (the readings of every word it knows; words it does not
        know are left out) and return what waits for its readings: the caller
        works on (aligning the sentences) while hspell reads. Its input and output are
        temporary files, so neither side waits for the other to drain a pipe."""
        batch = sorted({w for w in words if _hspell_word(w)})
        if not batch:
            return dict
        output = tempfile.TemporaryFile()  # noqa: SIM115 (closed once read, below)
        try:
            with tempfile.TemporaryFile() as given:
                given.write("\n".join(batch).encode(HSPELL_ENCODING, errors="replace"))
                given.seek(0)
                process = subprocess.Popen(
                    [self.program, "-l"], stdin=given, stdout=output, stderr=subprocess.DEVNULL
                )
        except BaseException:
            output.close()
            raise

        def readings() -> dict[str, tuple[Reading, ...]]:
            with output:
                try:
                    process.wait(timeout=HSPELL_TIMEOUT)
                except BaseException:
                    process.kill()
                    process.wait()
                    raise
                output.seek(0)
                return parse_hspell(output.read().decode(HSPELL_ENCODING, errors="replace"))

        return readings


def _hspell_word(word: str) -> bool:
    """Whether hspell can take the word: Hebrew letters only (no digits, no geresh)."""
    return bool(word) and HEBREW_WORD.fullmatch(word) is not None


def parse_hspell(output: str) -> dict[str, tuple[Reading, ...]]:
    """Readings per word from ``hspell -l`` output: a header per split (``צירוף חוקי: ב+שורה``,
    or ``מילה חוקית: מנוף`` unsplit), then one analysis per line (``שורה(ע,נ,יחיד)``)."""
    found: dict[str, list[Reading]] = {}
    current: tuple[str, str] | None = None
    for line in output.splitlines():
        header = _HEADER.match(line)
        if header:
            prefix, _, rest = header.group(1).rpartition("+")
            current = (prefix.replace("+", ""), rest) if rest else None
            continue
        analysis = _ANALYSIS.match(line)
        if analysis is None or current is None:
            if not line.startswith((" ", "\t")):
                current = None
            continue
        prefix, rest = current
        lemma, marks = analysis.groups()
        proper = "פרטי" in marks.split(",")
        reading = Reading(prefix, rest, rest if lemma == _UNKNOWN_LEMMA else lemma, proper)
        readings = found.setdefault(prefix + rest, [])
        if reading not in readings:
            readings.append(reading)
    return {word: tuple(readings) for word, readings in found.items()}


@lru_cache(maxsize=1)
def find_hspell() -> Hspell | None:
    """hspell on this machine, or None."""
    program = shutil.which("hspell")
    return Hspell(program) if program else None


@lru_cache(maxsize=65536)
def hebrew_number(word: str) -> float | None:
    """Value of digits (``4``, ``1,500``) or of a Hebrew number word, prefixes allowed."""
    if word[:1].isdigit():
        digits = word.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", word) else word
        try:
            return float(digits)
        except ValueError:
            return None
    return next((HEBREW_NUMBERS[f] for f in unprefixed(word) if f in HEBREW_NUMBERS), None)


def words(text: str) -> list[str]:
    """The Hebrew words of a text, in order (for a batch analysis)."""
    return _WORD.findall(text)


def tokenize_hebrew(
    text: str, analysed: dict[str, tuple[Reading, ...]] | None = None
) -> tuple[HebrewToken, ...]:
    """Split Hebrew into tokens with [start, end) character spans.

    ``analysed`` holds hspell's readings; a word it lacks (no hspell, or a word
    hspell does not know) gets every prefix split.
    """
    tokens: list[HebrewToken] = []
    known = analysed or {}
    for match in _WORD.finditer(text):
        word = match.group()
        readings = known.get(word) or bare_readings(word)
        parts = _PARTS.get(word)
        if parts is None or parts[0] is not readings:
            if len(_PARTS) >= PARTS_KEPT:
                _PARTS.clear()
            number = hebrew_number(word)
            parts = _PARTS[word] = (readings, number, word_facts(word, readings, number))
        tokens.append(
            HebrewToken(len(tokens), word, match.start(), match.end(), readings, parts[2], parts[1])
        )
    return tuple(tokens)


PARTS_KEPT = 65536
"""Words whose number value and facts are kept between texts (then they are forgotten)."""
_PARTS: dict[str, tuple[tuple[Reading, ...], float | None, WordFacts]] = {}
"""Each word's readings, number value and facts, as last worked out. They are reused only for
the very same readings (the same object: hspell's analyses of one run, or the bare ones),
which spares hashing the readings for every token of every text."""


Analysis = tuple[dict[str, tuple[Reading, ...]], str | None]
"""hspell's readings of the words, and a warning (one line) when it is missing or failed."""


def analyse(texts: Iterable[str]) -> Analysis:
    """hspell's readings of every Hebrew word of ``texts``, in one call, and a warning
    (one line, for the caller to show) when hspell is missing or fails."""
    return start_analysis(texts)()


def start_analysis(texts: Iterable[str]) -> Callable[[], Analysis]:
    """:func:`analyse`, started now and waited for when the returned function is called."""
    hspell = find_hspell()
    if hspell is None:
        return lambda: ({}, HSPELL_MISSING)
    try:
        pending = hspell.start(w for text in texts for w in words(text))
    except (OSError, subprocess.SubprocessError) as exc:
        note = _failed(exc)
        return lambda: ({}, note)

    def finish() -> Analysis:
        try:
            return pending(), None
        except (OSError, subprocess.SubprocessError) as exc:
            return {}, _failed(exc)

    return finish


def _failed(exc: Exception) -> str:
    return f"hspell failed ({exc}): Hebrew words are linked without their lemmas"
