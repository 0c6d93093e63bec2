"""assess(): several bridges, divergence and severity from calibrated confidence."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields, replace

import pytest

from translate_check.detect import DETECTORS, DetectSettings, PairInput, assess
from translate_check.detect.calibration import CalibrationParameters
from translate_check.detect.confidence import model
from translate_check.detect.gaps import GapRule
from translate_check.detect.negation import NegationParameters
from translate_check.detect.registry import REGISTRY
from translate_check.detect.unbridged import UnbridgedParameters, similarity_floor
from translate_check.model import Bridge
from translate_check.score import Scorer

SCORER = Scorer()
HEBREW = "רק השבוע למשל נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4."
MT = "Just this week it became known that a Russian rocket will launch the Amos 4 satellite."
OTHER = "This week we learned that a Russian rocket is to launch the Israeli satellite Amos 4."
ENGLISH = "Just this week we learned that Russia will launch the Israeli satellite Amos 4."


def pair(tgt: str, *bridges: str) -> PairInput:
    named = tuple(Bridge(f"mt{k}", text) for k, text in enumerate(bridges))
    return PairInput.of(HEBREW, tgt, named, SCORER.sentence(tgt, bridges[0]))


def test_a_span_one_bridge_supports_is_not_flagged() -> None:
    alone = assess(pair(ENGLISH, MT))
    assert [f.type for f in alone.flags] == ["entity"]
    assert alone.flags[0].bridges == ("mt0",)
    assert assess(pair(ENGLISH, MT, OTHER)).flags == ()


def test_flags_name_every_bridge_that_agrees() -> None:
    third = "Just this week it was reported that a Russian rocket will launch Amos 4."
    verdict = assess(pair(ENGLISH, MT, third))
    assert verdict.flags[0].bridges == ("mt0", "mt1")


def test_clean_pairs_rank_below_flagged_ones() -> None:
    clean = assess(pair(MT, MT))
    flagged = assess(pair(ENGLISH, MT))
    assert clean.severity == "none" and clean.divergence <= CalibrationParameters().residual_max
    assert flagged.flags and clean.divergence < flagged.flags[0].confidence <= flagged.divergence
    assert 0.0 <= flagged.divergence <= 1.0


def test_severity_follows_confidence() -> None:
    verdict = assess(
        pair(
            "Just this week it became known that a Russian rocket will not launch "
            "the Amos 4 satellite.",
            MT,
        )
    )
    assert {f.type for f in verdict.flags} == {"negation"}
    assert verdict.severity == "major"
    calibrated = model().kinds["negation"]
    assert verdict.flags[0].confidence == round(
        calibrated.right(NegationParameters().raw_confidence), 4
    )


def test_settings_choose_detectors_and_sign_the_run() -> None:
    only = DetectSettings(enabled=("number",))
    assert assess(pair(ENGLISH, MT), only).flags == ()
    assert only.component().text.startswith(f"det:number|conf:0.5@{model().signature}|param:")
    assert DetectSettings().component().text.startswith("det:" + "+".join(DETECTORS) + "|conf:")
    with pytest.raises(FrozenInstanceError):
        only.enabled = ()  # type: ignore[misc]


def test_a_checks_parameters_are_settings() -> None:
    """Each check decides by its parameters in the settings, which the signature records."""
    assert {f.name for f in fields(DetectSettings)} >= set(REGISTRY) | {"calibration"}
    eager = DetectSettings(addition=GapRule(net_min=1))
    assert "addition" not in {f.type for f in assess(pair(ENGLISH, MT)).flags}
    added = [f for f in assess(pair(ENGLISH, MT), eager).flags if f.type == "addition"]
    assert [f.message for f in added] == [
        "the English adds “the Israeli”, which the MT does not have"
    ]
    blind = DetectSettings(negation=replace(NegationParameters(), context=0))
    signed = dict(blind.component().values)
    assert signed["negation.context"] == 0 and signed["negation.soft_reach"] == 8
    assert blind.component().text != DetectSettings().component().text


def test_unaligned_sentences_are_major() -> None:
    added = assess(PairInput.of("", ENGLISH, (Bridge("mt0", ""),), SCORER.sentence(ENGLISH, "")))
    dropped = assess(PairInput.of(HEBREW, "", (Bridge("mt0", MT),), SCORER.sentence("", MT)))
    assert [f.type for f in added.flags] == ["addition"] and added.severity == "major"
    assert [f.type for f in dropped.flags] == ["omission"] and dropped.severity == "major"


def test_the_verdict_names_no_check() -> None:
    """Calibrating, merging and holding back treat every check alike."""
    from pathlib import Path

    from translate_check.detect import verdict

    source = Path(verdict.__file__).read_text(encoding="utf-8")
    named = [n for n, cls in DETECTORS.items() if f'"{n}"' in source or cls.__name__ in source]
    assert named == []


def test_the_verdict_step_decides_by_its_declared_parameters() -> None:
    """Holding back and the clean pairs' ceiling are settings of the run, signed with it."""
    strict = DetectSettings(calibration=CalibrationParameters(residual_max=0.0))
    assert assess(pair(MT, MT), strict).divergence == 0.0
    assert strict.component().text != DetectSettings().component().text
    high = DetectSettings(min_confidence=0.99, calibration=CalibrationParameters(floor=0.99))
    verdict = assess(pair(ENGLISH, MT), high)
    assert verdict.flags == () and verdict.held_back == ()


def test_the_checks_without_a_bridge_decide_by_settings() -> None:
    similarities = [0.9, 0.88, 0.91, 0.89, 0.5]
    loose = UnbridgedParameters(outlier_spread=100.0)
    assert similarity_floor(similarities) > 0.5 > similarity_floor(similarities, loose)
    assert DetectSettings(unbridged=loose).component().text != DetectSettings().component().text
