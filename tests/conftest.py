"""Shared fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate_check.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
LEIDERMAN = FIXTURES / "leiderman"


@pytest.fixture(scope="session")
def leiderman_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """The seed case through the real CLI once per session: its HTML page and JSON report."""
    out = tmp_path_factory.mktemp("leiderman")
    html, js = out / "report.html", out / "report.json"
    with pytest.raises(SystemExit) as exited:
        main(
            [
                "verify",
                str(LEIDERMAN / "he.txt"),
                str(LEIDERMAN / "en.txt"),
                "--mt-file",
                str(LEIDERMAN / "reference.tsv"),
                "--html",
                str(html),
                "--json",
                str(js),
                "--exit-zero",
                "--quiet",
            ]
        )
    assert exited.value.code == 0
    return html.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def mt_train_lines() -> dict[str, list[str]]:
    """Real Hebrew and English sentences (FLORES-200 devtest), by language."""
    return {
        lang: (FIXTURES / "mt-train" / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        for lang in ("he", "en")
    }


@pytest.fixture(scope="session")
def tiny_marian(
    tmp_path_factory: pytest.TempPathFactory, mt_train_lines: dict[str, list[str]]
) -> Path:
    """A tiny random-weight Marian model directory with tokenizers trained on real text."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from translate_check.mt.random_model import build_random_marian

    # A model this small gains nothing from threads, and on a busy machine every
    # parallel region would wait for a free core.
    torch.set_num_threads(1)

    lines = mt_train_lines["he"] + mt_train_lines["en"]
    return build_random_marian(tmp_path_factory.mktemp("tiny-marian"), lines, size="tiny")


@pytest.fixture(scope="session")
def tiny_ct2(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tiny_marian`` converted to CTranslate2 int8."""
    pytest.importorskip("ctranslate2")
    from translate_check.mt.convert import convert_marian

    return convert_marian(str(tiny_marian), tmp_path_factory.mktemp("models"))
