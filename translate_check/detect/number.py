"""Numbers, units and dates in the English that neither a bridge nor the Hebrew has.

Values are compared, not spellings, so ``2`` for ``two`` (or for Hebrew
``שתי``) is fine and ``3`` is not. The Hebrew source is consulted too, since
MT sometimes garbles numbers that the human translator got right.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from translate_check.detect import wordlists
from translate_check.detect.base import BridgeDetector, Finding, View
from translate_check.detect.calibration import severity_of
from translate_check.detect.translit import unprefixed
from translate_check.facts import DAYS, HEBREW_WORD, MONTHS
from translate_check.model import Span, quote
from translate_check.words import NUMBER_SUFFIXES, NUMBER_WORDS, ORDINAL_WORDS, Token, number_value

WEAK_WORDS = wordlists.words("number", "weak_words")
"""Number words that are just as often not numbers (``one must``, ``both sides``)."""

MULTIPLES: dict[str, float] = wordlists.numbers("number", "multiples")
"""Words for how many times: a bridge's ``triple winner`` backs the English ``three-time``.
They back English numbers but are never flagged, being as often no number (``double check``)."""

_SCALE_WORDS = wordlists.numbers("number", "scale_words")

HEBREW_NUMBERS: dict[str, float] = wordlists.numbers("number", "hebrew_numbers")
"""Hebrew number words by value (``שתי`` 2, ``תריסר`` 12)."""
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")

UNITS: dict[str, str] = dict(wordlists.word_lists("number")["units"])
"""Unit words by canonical unit: a same-value number with another unit is a divergence.
Speeds count as their distance unit, since ``40 mph`` is also written ``40 miles per hour``."""

DATE_MONTHS = MONTHS - {"may"}
"""Months the date check compares (``May`` is left out: it is also a modal and a name)."""
"""Weekdays: flagged only against another weekday in the bridge, since translations often
turn ``on Wednesday`` into a date or drop it."""


HEBREW_DATES: dict[str, frozenset[str]] = wordlists.groups("number", "hebrew_dates")
"""Hebrew names of the weekdays and months: a date the MT dropped is still in the source."""


_ORDINALS = {"first": 1, "second": 2, **ORDINAL_WORDS}


@dataclass(frozen=True)
class NumberParameters:
    ordinal_reach: float = 0.25
    """How far apart (as a share of the sentence) an English and a bridge ordinal may stand."""
    conversion_tolerance: float = 0.05
    """Relative slack for rounding a converted value (``15 miles`` ~ ``24 km``)."""
    raw_value: float = 0.85
    """Fitted: the share of changed-number flags on pairs with an injected divergence in
    ``bench.divergence`` (recalibrated by the confidence model); units, never injected,
    share it."""
    raw_date: float = 0.65
    """Fitted the same way, for weekdays and months."""


@dataclass(frozen=True)
class Number:
    """A number in a text; ``readings`` are the values it may stand for."""

    value: float
    first: int
    last: int
    weak: bool
    unit: str | None
    readings: frozenset[float]


def _is_number(tok: Token) -> bool:
    return tok.norm.startswith("#") or tok.norm in NUMBER_WORDS


def _joins(text: str, left: Token, right: Token) -> bool:
    """Whether two adjacent number tokens are one number (``3 million``, ``twenty-four``)."""
    between = text[left.end : right.start]
    return not between.strip() or (between == "-" and right.text.isalpha())


def numbers(text: str, tokens: Sequence[Token]) -> list[Number]:
    """Numbers in a text, joining ``3 million`` and ``twenty five`` into one value."""
    found = []
    k = 0
    while k < len(tokens):
        if not _is_number(tokens[k]):
            k += 1
            continue
        first = k
        total = current = 0.0
        while k < len(tokens) and _is_number(tokens[k]):
            if k > first and not _joins(text, tokens[k - 1], tokens[k]):
                break
            value = number_value(tokens[k].text) or 0.0
            scale = _SCALE_WORDS.get(tokens[k].text.lower())
            if scale == 100.0:
                current = (current or 1.0) * scale
            elif scale:
                total += (current or 1.0) * scale
                current = 0.0
            else:
                current += value
            k += 1
        unit = UNITS.get(tokens[k].norm) if k < len(tokens) else None
        group = tokens[first:k]
        weak = (len(group) == 1 and group[0].norm in WEAK_WORDS) or (
            len(group) > 1 and group[-1].text.lower() in ORDINAL_WORDS
        )
        value = total + current
        readings = _readings(group)
        after = k + 1 if k < len(tokens) and tokens[k].norm in NUMBER_SUFFIXES else k
        if after < len(tokens) and tokens[after].norm in ("century", "centuries"):
            readings |= {(value - 1) * 100}
        found.append(Number(value, first, k - 1, weak, unit, readings))
    # In a range the unit follows the last number only: ``2 to 3 inches``.
    for i in range(len(found) - 2, -1, -1):
        left, right = found[i], found[i + 1]
        between = text[tokens[left.last].end : tokens[right.first].start]
        if left.unit is None and right.unit and _RANGE.fullmatch(between):
            found[i] = replace(left, unit=right.unit)
        if _YEAR_RANGE.fullmatch(between) and (year := _range_end(left, right)):
            found[i + 1] = replace(right, readings=right.readings | {year})
    return found


_RANGE = re.compile(r"\s*(?:to|-|–|and|or)\s*")
_YEAR_RANGE = re.compile(r"[-–/]")


def _range_end(left: Number, right: Number) -> float | None:
    """The year that two digits end a range of years with (``1950-53``: 1953), if they do."""
    start, end = left.value, right.value
    if not (1000 <= start < 3000 and start.is_integer() and end.is_integer() and end < 100):
        return None
    year = start - start % 100 + end
    return year if year > start else None


_CLOCK = re.compile(r"(\d{1,2}):(\d\d)")


def _readings(group: Sequence[Token]) -> frozenset[float]:
    """Values a number may stand for: its whole value, its leading numeral (``3.9`` of
    ``3.9 million``, as in ``3.9 to 4.2 million``) and, for a clock time, the same time on
    the 12-hour clock written the other common ways (``17:30`` = ``5.30`` = ``5:30``).
    :func:`numbers` adds a century's years (``19th century``: the ``1800s``)."""
    lead = group[0].text
    readings = {number_value(lead) or 0.0}
    clock = _CLOCK.fullmatch(lead)
    if clock:
        hour, minutes = int(clock[1]), int(clock[2])
        for h in {hour, hour % 12, hour + 12 if hour < 12 else hour}:
            readings |= {round(h + minutes / 100, 6), h * 100.0 + minutes}
    return frozenset(readings)


@lru_cache(maxsize=4096)
def hebrew_words(text: str) -> frozenset[str]:
    """Hebrew words of a text, each also without the one-letter prefixes it may carry."""
    return frozenset(form for word in HEBREW_WORD.findall(text) for form in unprefixed(word))


@lru_cache(maxsize=4096)
def hebrew_numbers(text: str) -> Counter[float]:
    """Values written in the Hebrew, as digits or as number words (with prefixes), with how
    often each occurs."""
    values = Counter(v for d in _DIGITS.findall(text) if (v := number_value(d)) is not None)
    for word in HEBREW_WORD.findall(text):
        value = next((HEBREW_NUMBERS[w] for w in unprefixed(word) if w in HEBREW_NUMBERS), None)
        if value is not None:
            values[float(value)] += 1
    return values


IN_BASE_UNITS: dict[str, tuple[str, float]] = {
    unit: (dimension, float(size))
    for unit, (dimension, size) in wordlists.word_lists("number")["in_base_units"].items()
}
"""Each convertible unit's dimension and size in that dimension's base unit: a translator
may convert miles to km or pounds to kg, never miles to kg."""


def _converted(
    number: Number, others: Sequence[Number], hebrew_units: frozenset[str], tolerance: float
) -> bool:
    """Whether a bridge number is this one converted to another unit of its dimension
    (degrees may be Fahrenheit on one side and Celsius on the other, and so may
    temperature differences). The bridge's number may also be in a unit the Hebrew names:
    MT garbles units more often than values (``150 yards`` for the Hebrew's 150 metres,
    against the English ``500 feet``). When the bridge has numbers in the English's own
    unit, the bridge did not convert and a mismatch is a mismatch."""
    if any(o.unit == number.unit for o in others) and number.unit != "°":
        return False
    value = number.value
    for other in others:
        for unit in {other.unit, *(u for u in hebrew_units if _same_dimension(number.unit, u))}:
            if _DEGREES & {number.unit, unit}:
                candidates = [
                    (value - 32) * 5 / 9, value * 9 / 5 + 32, value * 5 / 9, value * 9 / 5
                ]  # fmt: skip
            elif unit is not None and _same_dimension(number.unit, unit):
                assert number.unit is not None
                candidates = [value * IN_BASE_UNITS[number.unit][1] / IN_BASE_UNITS[unit][1]]
            else:
                continue
            if any(
                abs(c - other.value) <= tolerance * max(abs(other.value), 1.0) for c in candidates
            ):
                return True
    return False


def _same_dimension(a: str | None, b: str) -> bool:
    if a in _DEGREES:
        return b in _DEGREES
    return a in IN_BASE_UNITS and b in IN_BASE_UNITS and IN_BASE_UNITS[a][0] == IN_BASE_UNITS[b][0]


HEBREW_UNITS: dict[str, frozenset[str]] = wordlists.groups("number", "hebrew_units")
"""Hebrew unit words (each also with the one-letter prefixes the Hebrew may give it)."""
_HEBREW_UNIT_MARKS: dict[str, re.Pattern[str]] = {
    unit: re.compile(pattern)
    for unit, pattern in {
        "km": r"קמ?[\"״]ש|ק[\"״]מ", "cm": r"ס[\"״]מ", "mm": r"מ[\"״]מ", "kg": r"ק[\"״]ג",
        "%": "%", "$": r"\$", "€": "€", "₪": r"₪|ש[\"״]ח",
    }.items()
}  # fmt: skip
"""Hebrew unit abbreviations (ק״מ, קמ״ש) and signs."""


@lru_cache(maxsize=4096)
def hebrew_units(text: str) -> frozenset[str]:
    """Units the Hebrew names, in words, abbreviations or signs."""
    words = hebrew_words(text)
    return frozenset(unit for unit, forms in HEBREW_UNITS.items() if forms & words) | frozenset(
        unit for unit, mark in _HEBREW_UNIT_MARKS.items() if mark.search(text)
    )


_DEGREES = frozenset({"°", "°C", "°F"})


def _close(a: float, b: float) -> bool:
    """Equal values, or a whole number and a fraction it rounds down from (``29`` ~ ``29¾``)."""
    if abs(a - b) <= 1e-9 * max(1.0, abs(a)):
        return True
    return (a.is_integer() or b.is_integer()) and int(a) == int(b)


class NumberDetector(BridgeDetector[NumberParameters]):
    name = "number"

    def find(self, view: View) -> list[Finding]:
        words = view.words
        tgt_numbers = numbers(view.tgt_text, words.tgt)
        mt_numbers = numbers(view.mt_text, words.mt)
        hebrew = hebrew_numbers(view.src_text)
        units = hebrew_units(view.src_text)
        multiples = [MULTIPLES[t.norm] for t in words.mt if t.norm in MULTIPLES]
        known = [n.value for n in mt_numbers] + list(hebrew) + multiples
        readings = {r for n in mt_numbers for r in n.readings} | set(known)
        unmatched_mt = [
            n for n in mt_numbers if not any(_close(n.value, t.value) for t in tgt_numbers)
        ]
        findings = []
        for number in tgt_numbers:
            said = view.tgt_text[words.tgt[number.first].start : words.tgt[number.last].end]
            span = ((words.tgt[number.first].start, words.tgt[number.last].end),)
            exact = {number.value, *number.readings} & readings
            if not exact and not any(_close(number.value, v) for v in known):
                if number.weak or (
                    number.unit
                    and _converted(number, mt_numbers, units, self.parameters.conversion_tolerance)
                ):
                    continue
                other = min(unmatched_mt, key=lambda n: abs(n.first - number.first), default=None)
                src = (
                    ""
                    if other is None
                    else view.mt_text[words.mt[other.first].start : words.mt[other.last].end]
                )
                findings.append(
                    self._finding(
                        f"the MT has {quote(src)}; the English has {quote(said)}"
                        if src
                        else f"the English has {quote(said)}, which neither the MT nor the Hebrew "
                        "has",
                        span,
                        ()
                        if other is None
                        else ((words.mt[other.first].start, words.mt[other.last].end),),
                    )
                )
                continue
            same = [n for n in mt_numbers if _close(n.value, number.value)]
            if (
                number.unit
                and number.unit not in units
                and same
                and all(n.unit and n.unit != number.unit for n in same)
            ):
                other = same[0]
                unit_end = words.tgt[number.last + 1].end
                findings.append(
                    self._finding(
                        f"unit differs: the MT has {quote(words.mt[other.last + 1].text)}, "
                        f"the English {quote(words.tgt[number.last + 1].text)}",
                        ((words.tgt[number.first].start, unit_end),),
                        ((words.mt[other.first].start, words.mt[other.last + 1].end),),
                    )
                )
        findings.extend(self._repeated(view, tgt_numbers, mt_numbers, hebrew, findings))
        findings.extend(self._dates(view))
        findings.extend(self._first_second(view))
        return findings

    def _first_second(self, view: View) -> list[Finding]:
        """``first`` and ``second`` (not numbers elsewhere: *first aid*, *a second*) against a
        different ordinal the bridge has in their place: ``second`` for ``first``."""
        words = view.words
        mt_ordinals = [
            t for t in words.mt if t.norm in _ORDINALS and words.mt_to_tgt[t.index] is None
        ]
        findings = []
        for tok in words.tgt:
            if tok.norm not in ("first", "second") or words.tgt_to_mt[tok.index] is not None:
                continue
            if any(t.norm == tok.norm for t in words.mt):
                continue
            rel = tok.index / max(1, len(words.tgt))
            near = [
                t
                for t in mt_ordinals
                if _ORDINALS[t.norm] != _ORDINALS[tok.norm]
                and abs(t.index / max(1, len(words.mt)) - rel) <= self.parameters.ordinal_reach
            ]
            if near:
                findings.append(
                    self._finding(
                        f"the MT has {quote(near[0].text)}; the English has {quote(tok.text)}",
                        (tok.span,),
                        (near[0].span,),
                    )
                )
        return findings

    def _repeated(
        self,
        view: View,
        tgt_numbers: Sequence[Number],
        mt_numbers: Sequence[Number],
        hebrew: Counter[float],
        found: Sequence[Finding],
    ) -> list[Finding]:
        """A value the English writes more often than the bridge and the Hebrew do: ``three
        sensors … three-dimensional`` where the source has *two* sensors. The extra
        occurrences are those no bridge number is linked to."""
        words = view.words
        flagged = {span for f in found for span in f.tgt_spans}
        mt_counts = Counter(n.value for n in mt_numbers)
        tgt_counts = Counter(n.value for n in tgt_numbers if not n.weak)
        findings = []
        for value, count in tgt_counts.items():
            extra = count - max(mt_counts[value], hebrew[value])
            if extra <= 0 or not (mt_counts[value] or hebrew[value]):
                continue
            loose = [
                n
                for n in tgt_numbers
                if n.value == value and words.tgt_to_mt[n.first] is None and not n.weak
            ]
            for number in loose[-extra:]:
                span = (words.tgt[number.first].start, words.tgt[number.last].end)
                if span not in flagged:
                    said = view.tgt_text[span[0] : span[1]]
                    findings.append(
                        self._finding(
                            f"the English has {quote(said)} once more than the MT and the Hebrew",
                            (span,),
                            (),
                        )
                    )
        return findings

    def _dates(self, view: View) -> list[Finding]:
        """Months and weekdays that neither the bridge nor the Hebrew has.

        A weekday is also flagged against another weekday in the bridge, even
        when the Hebrew word for it is there, since Hebrew day names double as
        ordinals (שני: Monday, second).
        """
        words = view.words
        mt_dates = {t.norm for t in words.mt if t.norm in DATE_MONTHS or t.norm in DAYS}
        hebrew = hebrew_words(view.src_text)
        return [
            self._finding(
                f"date: the English has {quote(tok.text)}, which neither the MT nor the Hebrew has",
                (tok.span,),
                (),
                "date",
            )
            for tok in words.tgt
            if (tok.norm in DATE_MONTHS or tok.norm in DAYS)
            and tok.norm not in mt_dates
            and (
                not HEBREW_DATES[tok.norm] & hebrew or (tok.norm in DAYS and bool(mt_dates & DAYS))
            )
        ]

    def _finding(
        self,
        message: str,
        tgt_spans: tuple[Span, ...],
        mt_spans: tuple[Span, ...],
        kind: str = "value",
    ) -> Finding:
        """``kind`` is ``value`` (numbers and units) or ``date`` (weekdays and months, which
        Hebrew translators drop more often than they change)."""
        confidence = self.parameters.raw_date if kind == "date" else self.parameters.raw_value
        return Finding(
            severity=severity_of(confidence),
            message=message,
            tgt_spans=tgt_spans,
            mt_spans=mt_spans,
            confidence=confidence,
        )
