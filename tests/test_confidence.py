"""The confidence model: the shipped parameters, their meaning and how they are made."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from translate_check.detect import DetectSettings, PairInput, assess
from translate_check.detect.calibration import CALIBRATION, CalibrationParameters
from translate_check.detect.confidence import FEATURES, Calibration, model, parse
from translate_check.detect.evidence import gather
from translate_check.detect.unsupported import UnsupportedParameters
from translate_check.links import HebrewParameters
from translate_check.model import Bridge
from translate_check.score import Scorer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
HEBREW = "שתי המדינות עומדות לחתום בקרוב מאוד על הסכם סודיות."
MT = "The two countries are about to sign a confidentiality agreement very soon."


def shipped() -> dict:
    path = resources.files("translate_check.detect").joinpath("confidence.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_shipped_file_loads_as_plain_data() -> None:
    data = shipped()
    assert tuple(data["features"]) == FEATURES and len(data["weights"]) == len(FEATURES)
    loaded = model()
    assert loaded.signature == data["signature"] and loaded.kinds


def test_a_file_fitted_on_other_features_is_refused() -> None:
    data = shipped() | {"features": ["content"]}
    with pytest.raises(ValueError, match="other features"):
        parse(data)


def test_an_unsupported_word_is_more_likely_marked_than_a_supported_one() -> None:
    english = "The two countries are about to sign a secret weapons agreement very soon."
    found = gather(HEBREW, english, (Bridge("mt", MT),))
    p = dict(zip((t.text for t in found.tgt), model().word_probabilities(found), strict=True))
    assert p["weapons"] > p["countries"] and p["secret"] > p["sign"]
    assert all(0.0 < v < 1.0 for v in p.values())


@pytest.mark.parametrize(
    ("english", "other", "word", "second_bridge_raises"),
    [
        # The second bridge has the word: it agrees with the English, less likely wrong.
        (
            "The two countries will sign a secrecy agreement very soon.",
            "The two states will soon sign a secrecy pact.",
            "secrecy",
            False,
        ),
        # The second bridge lacks it too: two renderings agree it is not there.
        (
            "The two countries are about to sign a secret weapons agreement very soon.",
            "The two states will soon sign a confidentiality pact.",
            "weapons",
            True,
        ),
    ],
)
def test_a_second_bridge_moves_a_words_probability_by_what_it_says(
    english: str, other: str, word: str, second_bridge_raises: bool
) -> None:
    one = gather(HEBREW, english, (Bridge("a", MT),))
    two = gather(HEBREW, english, (Bridge("a", MT), Bridge("b", other)))
    k = next(t.index for t in one.tgt if t.text == word)
    p_one, p_two = model().word_probabilities(one)[k], model().word_probabilities(two)[k]
    assert (p_two > p_one) if second_bridge_raises else (p_two < p_one)


def test_unsupported_wording_stays_under_the_default_operating_point() -> None:
    """Three bridges lacking the same words make them very probable, yet wording alone
    never fails CI: it is held back at the default and shown from a lower threshold."""
    english = "The two countries are about to sign a secret weapons agreement very soon."
    bridges = tuple(
        Bridge(name, text)
        for name, text in (
            ("a", MT),
            ("b", "The two states will soon sign a confidentiality pact."),
            ("c", "Both countries are soon to sign a confidentiality agreement."),
        )
    )
    pair = PairInput.of(HEBREW, english, bridges, Scorer().sentence(english, MT))
    raw = max(model().word_probabilities(pair.evidence))
    verdict = assess(pair)
    wording = [f for f in verdict.held_back if f.type in ("addition", "mistranslation")]
    assert (
        max(model().calibrate("unsupported", f.type, raw)[0] for f in wording)
        > UnsupportedParameters().wording_max
    )
    assert not verdict.flags and wording
    assert all(f.confidence <= UnsupportedParameters().wording_max for f in wording)
    assert any("weapons" in english[a:b] for f in wording for a, b in f.tgt_spans)


@pytest.mark.parametrize("kind", sorted(model().kinds))
def test_calibration_never_falls_as_evidence_grows(kind: str) -> None:
    calibration = model().kinds[kind]
    assert calibration.scale >= 0.0
    values = [calibration.right(raw / 20) for raw in range(1, 20)]
    assert values == sorted(values) and all(0.0 < v < 1.0 for v in values)


def test_a_kind_never_seen_keeps_its_raw_confidence() -> None:
    assert model().calibrate("improbable", "improbable", 0.5) == (0.5, False)
    assert Calibration(0.0, 0.0, 0.9).right(0.99) == pytest.approx(0.5)


def test_min_confidence_holds_flags_back_without_losing_them() -> None:
    english = "The 3 counties will never sign all of the agreement, reportedly."
    pair = PairInput.of(HEBREW, english, (Bridge("mt", MT),), Scorer().sentence(english, MT))
    low = assess(pair, DetectSettings(min_confidence=0.1))
    high = assess(pair, DetectSettings(min_confidence=0.9))
    assert low.flags and all(f.confidence >= 0.1 for f in low.flags)
    assert all(f.confidence >= 0.9 for f in high.flags)
    assert all(0.1 <= f.confidence < 0.9 for f in high.held_back)
    spans = {s for f in low.flags for s in f.tgt_spans}
    assert spans <= {s for f in high.flags + high.held_back for s in f.tgt_spans} | spans
    assert high.divergence <= low.divergence


def test_a_lower_floor_holds_back_wording_the_default_floor_drops() -> None:
    english = "The two countries are about to sign a secret weapons agreement very soon."
    pair = PairInput.of(HEBREW, english, (Bridge("mt", MT),), Scorer().sentence(english, MT))
    words = model().word_probabilities(pair.evidence)
    assert any(0.0 < p < CalibrationParameters().floor for p in words)
    low = CalibrationParameters(floor=min(p for p in words if p > 0.0))
    default, lower = (assess(pair, DetectSettings(calibration=c)) for c in (CALIBRATION, low))
    assert len(lower.held_back) > len(default.held_back)
    assert all(f.confidence >= low.floor for f in lower.held_back)


@pytest.mark.skipif(not (DATA / "wmt23-he-en-dev").is_dir(), reason="needs ../shared/data")
@pytest.mark.skipif(shutil.which("hspell") is None, reason="the fit reads the Hebrew with hspell")
def test_the_fit_regenerates_the_shipped_file_bit_for_bit() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.fit_confidence", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_hebrew_makes_a_number_it_lacks_more_suspect() -> None:
    """Heard, the Hebrew raises a number it does not write and leaves a word it does not
    speak to where the bridge alone puts it."""
    english = "The 3 countries are about to sign a confidentiality agreement very soon."
    bridges = (Bridge("mt", "The 3 countries are about to sign an agreement very soon."),)
    heard = gather(HEBREW, english, bridges)
    unheard = gather(HEBREW, english, bridges, hebrew=HebrewParameters(witness=False))
    with_hebrew = model().word_probabilities(heard)
    without = model().word_probabilities(unheard)
    three = next(t.index for t in heard.tgt if t.text == "3")
    assert heard.witness is not None and heard.witness.number_unwritten[three]
    assert with_hebrew[three] > without[three]
