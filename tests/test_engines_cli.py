"""Where converted models are looked for, which engine ran, and what a missing extra says."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from platformdirs import user_data_dir

import translate_check.mt as mt
import translate_check.mt.base as mt_base
from tests.cli import run_cli
from translate_check.model import MTInfo
from translate_check.mt.convert import MODELS_DIR, converted_name
from translate_check.mt.file import FileTranslator

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"
VERIFY = ["verify", str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"), "-q", "--no-cache"]


class FakeModel(FileTranslator):
    """The fixture's reference translations, passed off as a transformers model."""

    @property
    def info(self) -> MTInfo:
        return MTInfo(engine="hf", model="fake")


def test_models_dir_defaults_to_the_user_data_folder_wherever_a_run_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[Path] = []

    def load(engine: str, **kwargs: Any) -> FakeModel:
        asked.append(kwargs["models_root"])
        return FakeModel(LEIDERMAN / "reference.tsv")

    monkeypatch.setattr(mt, "load_translator", load)
    monkeypatch.chdir(tmp_path)
    assert run_cli([*VERIFY, "--exit-zero"]) == 0
    assert Path(user_data_dir("translate-check")) / "models" == MODELS_DIR
    assert asked == [MODELS_DIR.resolve()]
    err = capsys.readouterr().err
    assert "using transformers (--engine hf), the slower engine" in err
    assert f"no CTranslate2 conversion of Helsinki-NLP/opus-mt-tc-big-he-en in {MODELS_DIR}" in err


def test_an_engine_asked_for_by_name_is_not_announced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        mt, "load_translator", lambda *a, **k: FakeModel(LEIDERMAN / "reference.tsv")
    )
    assert run_cli([*VERIFY, "--exit-zero", "--engine", "hf"]) == 0
    assert "using" not in capsys.readouterr().err


def test_a_missing_extra_is_one_line_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    absent = {"torch", "transformers", "ctranslate2"}
    monkeypatch.setattr(
        mt_base.importlib.util, "find_spec", lambda name, *a: None if name in absent else real(name)
    )
    assert run_cli(VERIFY) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "needs the hf extra" in err and 'pip install "translate-check[hf]"' in err
    assert "--mt-file" in err and "internal error" not in err


def test_bogus_quantization_is_refused_before_anything_loads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(["models", "convert", "/nowhere", "--quantization", "bogus"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ValueError" not in err
    assert "'bogus' (choose int8, int8_float16, float16 or float32)" in err


def test_convert_messages_speak_of_its_own_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("ctranslate2")
    assert run_cli(["models", "convert", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "--mt-file" not in err and "--model" not in err

    model = tmp_path / "marian"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"weights")
    (tmp_path / "out" / converted_name(str(model))).mkdir(parents=True)
    assert run_cli(["models", "convert", str(model), "--models-dir", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "already exists; remove it or convert again with --force" in err
    assert "force=True" not in err
