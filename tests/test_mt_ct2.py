"""CTranslate2: conversion of the tiny Marian model, translation, scoring, engine choice."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from translate_check.errors import ModelError
from translate_check.mt import load_translator
from translate_check.mt.convert import META_FILE, convert_marian, find_converted

pytest.importorskip("ctranslate2")
pytestmark = pytest.mark.slow


def test_conversion_layout(tiny_ct2: Path, tiny_marian: Path) -> None:
    assert tiny_ct2.name == f"{tiny_marian.name}-ct2-int8"
    for name in ("model.bin", "source.spm", "target.spm", META_FILE):
        assert (tiny_ct2 / name).is_file()
    meta = json.loads((tiny_ct2 / META_FILE).read_text(encoding="utf-8"))
    assert meta["model"] == str(tiny_marian)
    assert meta["revision"].startswith("sha256:")
    assert find_converted(str(tiny_marian), tiny_ct2.parent) == tiny_ct2
    assert find_converted("someone/other-model", tiny_ct2.parent) is None


def test_existing_conversion_is_not_overwritten(tiny_ct2: Path, tiny_marian: Path) -> None:
    with pytest.raises(ModelError, match="already exists"):
        convert_marian(str(tiny_marian), tiny_ct2.parent)


def test_translate_and_score(tiny_ct2: Path, mt_train_lines: dict) -> None:
    from translate_check.mt.ct2 import CT2Translator

    ct2 = CT2Translator(tiny_ct2, device="cpu", beam_size=2)
    assert ct2.info.engine == "ct2"
    assert ("compute_type", "int8") in ct2.info.options
    he, en = mt_train_lines["he"][:6], mt_train_lines["en"][:6]
    done: list[int] = []
    out = ct2.translate(["", *he], progress=done.append)
    assert out[0] == "" and all(out[1:])
    assert sum(done) == len(he) + 1
    assert out[1:] == [ct2.translate([s])[0] for s in he]
    long = " ".join(he)
    assert ct2._count(long) > ct2._max_source
    assert ct2.translate([long])[0]

    scores = ct2.score(he, en)
    spans = ct2.token_spans(en)
    assert [len(s) for s in scores] == [len(s) for s in spans]
    assert all(v <= 0 for row in scores for v in row if not math.isnan(v))


def test_auto_engine_prefers_a_conversion(tiny_ct2: Path, tiny_marian: Path) -> None:
    chosen = load_translator("auto", model=str(tiny_marian), models_root=tiny_ct2.parent)
    assert chosen.info.engine == "ct2"
    fallback = load_translator("auto", model=str(tiny_marian), models_root=tiny_ct2 / "none")
    assert fallback.info.engine == "hf"


def test_ct2_engine_without_conversion_is_a_model_error(tiny_marian: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no CTranslate2 conversion"):
        load_translator("ct2", model=str(tiny_marian), models_root=tmp_path)
    (tmp_path / "model.bin").write_bytes(b"garbage")
    with pytest.raises(ModelError):
        load_translator("ct2", model=str(tmp_path), models_root=tmp_path)
