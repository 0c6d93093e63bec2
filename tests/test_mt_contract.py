"""Every MT backend honours the Translator protocol the pipeline relies on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from translate_check.mt.base import ForcedDecoder, Translator

Factory = Callable[[Path, Path, dict[str, list[str]], Path], Translator]


def _hf(tiny_marian: Path, tiny_ct2: Path, lines: dict[str, list[str]], tmp: Path) -> Translator:
    from translate_check.mt.hf import HFTranslator

    return HFTranslator(str(tiny_marian), device="cpu", beam_size=1)


def _ct2(tiny_marian: Path, tiny_ct2: Path, lines: dict[str, list[str]], tmp: Path) -> Translator:
    from translate_check.mt.ct2 import CT2Translator

    return CT2Translator(tiny_ct2, device="cpu", beam_size=1)


def _file(tiny_marian: Path, tiny_ct2: Path, lines: dict[str, list[str]], tmp: Path) -> Translator:
    from translate_check.mt.file import FileTranslator

    path = tmp / "mt.tsv"
    rows = zip(lines["he"], lines["en"], strict=True)
    path.write_text("".join(f"{he}\t{en}\n" for he, en in rows), encoding="utf-8")
    return FileTranslator(path)


def _cached(
    tiny_marian: Path, tiny_ct2: Path, lines: dict[str, list[str]], tmp: Path
) -> Translator:
    from translate_check.mt.cache import CachedTranslator

    return CachedTranslator(_hf(tiny_marian, tiny_ct2, lines, tmp), tmp / "cache")


@pytest.fixture(params=[_hf, _ct2, _file, _cached], ids=["hf", "ct2", "file", "cached"])
def translator(
    request: pytest.FixtureRequest,
    tiny_marian: Path,
    tiny_ct2: Path,
    mt_train_lines: dict[str, list[str]],
    tmp_path: Path,
) -> Translator:
    factory: Factory = request.param
    return factory(tiny_marian, tiny_ct2, mt_train_lines, tmp_path)


@pytest.mark.slow
def test_protocol(translator: Translator, mt_train_lines: dict[str, list[str]]) -> None:
    assert isinstance(translator, Translator)
    info = translator.info
    assert info.engine and info.model
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in info.options)

    he = mt_train_lines["he"][:5]
    out = translator.translate(he)
    assert len(out) == len(he) and all(isinstance(s, str) and s for s in out)
    reordered = translator.translate(he[::-1])
    assert reordered == out[::-1]
    assert translator.translate([]) == []


@pytest.mark.slow
def test_model_engines_score_through_the_cache(
    translator: Translator, mt_train_lines: dict[str, list[str]]
) -> None:
    from translate_check.mt import forced_decoder

    decoder = forced_decoder(translator)
    if translator.info.engine == "file":
        assert decoder is None, "precomputed translations cannot be scored"
        return
    assert isinstance(decoder, ForcedDecoder)
    he, en = mt_train_lines["he"][:3], mt_train_lines["en"][:3]
    scores = decoder.score(he, en)
    assert [len(row) for row in scores] == [len(row) for row in decoder.token_spans(en)]
    assert all(not v > 0 for row in scores for v in row), "log-probabilities or NaN"
    assert any(v < 0 for row in scores for v in row)
