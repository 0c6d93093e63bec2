"""The corpus command with a real (tiny, random-weight) transformers model."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli import run_cli

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

pytestmark = pytest.mark.slow


def test_reruns_reuse_results_and_translate_only_edits(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = Path(shutil.copytree(CORPUS, tmp_path / "corpus"))
    config = tmp_path / "settings.toml"
    config.write_text('exclude = ["mt.tsv", "README.md"]\n', encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = [
        "corpus", str(corpus), "--config", str(config), "--model", str(tiny_marian),
        "--engine", "hf", "--device", "cpu", "--cache-dir", str(cache),
        "--exit-zero", "-q", "-f", "json", "-o", str(out),
    ]  # fmt: skip

    def translated() -> int:
        with sqlite3.connect(cache / "translations.sqlite3") as db:
            return db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    assert run_cli(args) == 0
    first = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
    assert first["summary"]["cached"] == 0
    assert first["documents"][1]["report"]["mt"]["engine"] == "hf"
    before = translated()

    import translate_check.mt

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged corpus must not load the model")

    with monkeypatch.context() as patch:
        patch.setattr(translate_check.mt, "load_translator", no_model)
        assert run_cli(args) == 0
    second = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
    assert second["summary"]["cached"] == 6

    hebrew = corpus / "news" / "amazon-ring.he.txt"
    hebrew.write_text(hebrew.read_text(encoding="utf-8").replace("2017", "2018"))
    assert run_cli(args) == 0
    assert translated() == before + 1
