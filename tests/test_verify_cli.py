"""``translate-check verify`` end to end on the Leiderman fixture and on FLORES."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.cli import run_cli
from translate_check.report.json_report import schema

ROOT = Path(__file__).resolve().parents[1]
LEIDERMAN = ROOT / "fixtures" / "leiderman"
FLORES = ROOT / "fixtures" / "mt-train"
SEED = [
    "verify",
    str(LEIDERMAN / "he.txt"),
    str(LEIDERMAN / "en.txt"),
    "--mt-file",
    str(LEIDERMAN / "reference.tsv"),
]


@pytest.fixture(scope="module")
def leiderman_report(leiderman_run: tuple[str, dict]) -> dict:
    return leiderman_run[1]


def test_report_validates_against_schema(leiderman_report: dict) -> None:
    jsonschema.validate(leiderman_report, schema())
    assert leiderman_report["mt"]["engine"] == "file"
    assert "chrf[" in leiderman_report["tool"]["signature"]


def test_sentence_offsets_point_into_the_files(leiderman_report: dict) -> None:
    for side, name in (("source", "he.txt"), ("target", "en.txt")):
        text = (LEIDERMAN / name).read_text(encoding="utf-8")
        for sentence in leiderman_report[side]["sentences"]:
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert len(leiderman_report["source"]["sentences"]) == 10
    assert [s["paragraph"] for s in leiderman_report["source"]["sentences"]] == [
        0,
        0,
        1,
        1,
        1,
        2,
        2,
        3,
        3,
        3,
    ]


def test_every_hebrew_sentence_aligns_to_its_english(leiderman_report: dict) -> None:
    beads = [(p["src"], p["tgt"]) for p in leiderman_report["pairs"]]
    assert beads[0] == ([0], [0, 1]), "the first Hebrew sentence spans two English pieces"
    assert beads[1:] == [([i], [i + 1]) for i in range(1, 10)]
    assert leiderman_report["summary"]["unaligned_source"] == 0
    assert leiderman_report["summary"]["unaligned_target"] == 0


def test_exit_code_follows_fail_on(tmp_path: Path) -> None:
    base = [*SEED, "--quiet"]
    assert run_cli([*base, "--fail-on", "minor"]) == 1
    assert run_cli([*base, "--fail-on", "never"]) == 0
    assert run_cli([*base, "--fail-on", "minor", "--exit-zero"]) == 0


def test_missing_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["verify", "nope-he.txt", str(LEIDERMAN / "en.txt"), "--mt-file", "x.tsv"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "nope-he.txt" in err and "Traceback" not in err


def test_flores_aligns_one_to_one(tmp_path: Path) -> None:
    out = tmp_path / "flores.json"
    code = run_cli(
        [
            "verify",
            str(FLORES / "he.txt"),
            str(FLORES / "en.txt"),
            "--segmented",
            "--mt-file",
            str(FLORES / "mt.tsv"),
            "--json",
            str(out),
            "--exit-zero",
            "--quiet",
        ]
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0
    assert len(report["pairs"]) == 200
    assert all(p["src"] == p["tgt"] == [p["id"]] for p in report["pairs"])


@pytest.mark.parametrize("second", ["--html", "--json"])
def test_two_outputs_on_one_path_fail_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], second: str
) -> None:
    out = tmp_path / "out.x"
    first = "--json" if second == "--html" else "--html"
    code = run_cli([*SEED, first, str(out), second, str(tmp_path / "." / "out.x")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "both write" in err and "--html" in err and "--json" in err
    assert not out.exists()


def test_output_on_an_input_path_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mt = tmp_path / "mt.tsv"
    mt.write_bytes((LEIDERMAN / "reference.tsv").read_bytes())
    before = mt.read_bytes()
    code = run_cli([*SEED[:3], "--mt-file", str(mt), "--html", str(mt)])
    assert code == 2 and "also an input" in capsys.readouterr().err
    assert mt.read_bytes() == before
