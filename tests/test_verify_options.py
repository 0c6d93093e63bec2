"""``verify --paired``, ``--min-confidence`` and ``--nbest`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli import run_cli
from translate_check.mt import load_translator
from translate_check.report.json_report import schema

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed passage one sentence per line: Hebrew, English and the MT file."""
    folder = tmp_path_factory.mktemp("paired")
    rows = [
        line.split("\t") for line in (LEIDERMAN / "reference.tsv").read_text("utf-8").splitlines()
    ]
    english = [
        "One assumption is that the Russian Intelligence attempted to recruit Leiderman.",
        "In order to do this the Russians apparently brought great pressure to bear on him.",
        "Leiderman, according to this assessment, refused and the Russians decided to deport him.",
    ]
    paths = {"he": folder / "he.txt", "en": folder / "en.txt", "short": folder / "short.txt"}
    paths["he"].write_text("".join(f"{he}\n" for he, _ in rows[:3]), encoding="utf-8")
    paths["en"].write_text("".join(f"{en}\n" for en in english), encoding="utf-8")
    paths["short"].write_text(english[0] + "\n", encoding="utf-8")
    return paths


def report(tmp_path: Path, args: list[str]) -> dict:
    out = tmp_path / "report.json"
    assert run_cli(["verify", *args, "--json", str(out), "--exit-zero", "-q"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())
    return data


def test_paired_keeps_line_i_with_line_i(lines: dict[str, Path], tmp_path: Path) -> None:
    mt = str(LEIDERMAN / "reference.tsv")
    data = report(tmp_path, [str(lines["he"]), str(lines["en"]), "--paired", "--mt-file", mt])
    assert [(p["src"], p["tgt"]) for p in data["pairs"]] == [([0], [0]), ([1], [1]), ([2], [2])]
    assert data["tool"]["signature"].endswith("|align:given")


def test_paired_files_of_different_lengths_are_one_error_line(
    lines: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(lines["he"]), str(lines["short"]), "--paired"]
    code = run_cli(["verify", *args, "--mt-file", str(LEIDERMAN / "reference.tsv"), "-q"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "--paired needs files of the same number of lines" in err and "has 3" in err


def test_min_confidence_leaves_less_certain_flags_out(tmp_path: Path) -> None:
    args = [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt")]
    args += ["--mt-file", str(LEIDERMAN / "reference.tsv")]
    low = report(tmp_path, [*args, "--min-confidence", "0.1"])
    high = report(tmp_path, [*args, "--min-confidence", "0.8"])
    low_flags = [f for p in low["pairs"] for f in p["flags"]]
    high_flags = [f for p in high["pairs"] for f in p["flags"]]
    assert len(high_flags) < len(low_flags)
    assert all(f["confidence"] >= 0.8 for f in high_flags)
    assert min(f["confidence"] for f in low_flags) < 0.8
    assert low["tool"]["signature"] != high["tool"]["signature"]
    assert high["summary"]["major"] <= low["summary"]["major"]


@pytest.mark.parametrize(
    ("option", "value"),
    [("--min-confidence", "1.5"), ("--min-confidence", "-0.1"), ("--nbest", "0")],
)
def test_out_of_range_values_exit_2(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt")]
    code = run_cli(["verify", *args, "--mt-file", str(LEIDERMAN / "reference.tsv"), option, value])
    assert code == 2 and option in capsys.readouterr().err


def test_nbest_with_mt_files_only_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"), "-q"]
    code = run_cli(["verify", *args, "--mt-file", str(LEIDERMAN / "reference.tsv"), "--nbest", "3"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--nbest needs an MT model" in err


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["hf", "ct2"])
def test_nbest_adds_the_models_next_best_translations_as_bridges(
    engine: str, tiny_marian: Path, tiny_ct2: Path, lines: dict[str, Path], tmp_path: Path
) -> None:
    model = str(tiny_marian if engine == "hf" else tiny_ct2)
    args = [str(lines["he"]), str(lines["en"]), "--paired", "--model", model]
    args += ["--engine", engine, "--device", "cpu", "--cache-dir", str(tmp_path / "cache")]
    data = report(tmp_path, [*args, "--nbest", "3"])
    names = [b["name"] for b in data["pairs"][0]["bridges"]]
    assert len(names) == 3 and names[1].endswith("#2") and names[2].endswith("#3")
    one = report(tmp_path, args)
    assert [b["name"] for b in one["pairs"][0]["bridges"]] == names[:1]
    assert one["pairs"][0]["mt_text"] == data["pairs"][0]["mt_text"]
    assert "rank=2" in data["tool"]["signature"] and "rank=2" not in one["tool"]["signature"]


@pytest.mark.slow
def test_nbest_translates_once_and_the_cache_serves_a_rerun(
    tiny_marian: Path, tmp_path: Path
) -> None:
    translator = load_translator(
        "hf", model=str(tiny_marian), device="cpu", beam_size=2, cache_dir=tmp_path
    )
    sentences = ["שלום עולם.", "ליידרמן גורש."]
    first = translator.translate_nbest(sentences, 3)  # type: ignore[attr-defined]
    assert [len(h) for h in first] == [3, 3]
    inner = translator.inner  # type: ignore[attr-defined]
    calls: list[int] = []
    real = inner.translate_nbest
    inner.translate_nbest = lambda s, k, p=None: calls.append(len(s)) or real(s, k, p)
    assert translator.translate_nbest(sentences, 3) == first  # type: ignore[attr-defined]
    assert calls == []
