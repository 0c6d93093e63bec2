"""``--help`` in the usual typer style and usage errors as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from translate_check.cli import app, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.mark.parametrize("command", ["verify", "corpus"])
def test_help_shows_usual_metavars(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    for raw in ("<bool>", "<list[Path]>", "<path>", "<str>", "{source}", "<major"):
        assert raw not in out
    assert "PATH" in out and "[major|minor|never" in out
    if command == "verify":
        assert "verify [OPTIONS] SOURCE TARGET" in out
    else:
        assert "corpus [OPTIONS] [PATHS]..." in out


def test_root_help_has_no_bool_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "<bool>" not in out and "--debug" in out


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["verify", "a", "b", "--fail-on", "critical"],
            "invalid value for --fail-on: 'critical' (choose major, minor or never)",
        ),
        (
            ["corpus", "a", "--engine", "fast"],
            "invalid value for --engine: 'fast' (choose auto, hf or ct2)",
        ),
        (
            ["corpus", "a", "-f", "xml"],
            "invalid value for --format / -f: 'xml' (choose text, json, junit, sarif or github)",
        ),
    ],
)
def test_bad_choice_is_one_line(
    args: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2
    assert err == f"translate-check: error: {line}\n"


def test_unknown_option_is_one_line_with_the_help_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["verify", "a", "b", "--bogus"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "--bogus" in err and "'translate-check verify --help'" in err
    assert "Value error" not in err


def test_quiet_means_the_same_in_verify_and_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leiderman = FIXTURES / "leiderman"
    verify = ["verify", str(leiderman / "he.txt"), str(leiderman / "en.txt")]
    verify += ["--mt-file", str(leiderman / "reference.tsv"), "--exit-zero"]
    corpus = ["corpus", str(FIXTURES / "corpus"), "--exit-zero"]
    corpus += ["--cache-dir", str(tmp_path)]
    for command in (verify, corpus):
        code, out, _ = run([*command, "-q"], capsys)
        assert code == 0 and out == "", "-q leaves out the console summary"
        code, out, _ = run(command, capsys)
        assert code == 0 and out.strip(), "without -q the summary is printed"
    code, out, _ = run([*corpus, "-q", "-f", "text"], capsys)
    assert "translate-check corpus" in out, "a format asked for is still written"
    group = typer.main.get_command(app)
    helps = {
        next(p.help for p in group.commands[name].params if p.name == "quiet")  # type: ignore[attr-defined]
        for name in ("verify", "corpus")
    }
    assert len(helps) == 1, "one help text for -q in both commands"


def test_no_command_shows_the_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys)
    assert code == 2 and "COMMAND [ARGS]..." in out and err == ""


def test_a_misspelt_command_gets_one_clean_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["verfy"], capsys)
    assert code == 2
    assert err == (
        "translate-check: error: no such command 'verfy'. Did you mean 'verify'? "
        "See 'translate-check --help'\n"
    )


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("corpus", 'pip install "translate-check[ray]"'),  # the Ray extra
        ("verify", '{"source": …, "translation": …}'),  # the MT file's JSONL keys
    ],
)
def test_help_names_what_a_user_must_type(
    command: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    _, out, _ = run([command, "--help"], capsys)
    assert said in out


@pytest.mark.parametrize("command", ["verify", "corpus"])
def test_segmented_and_paired_together_are_refused(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    leiderman = FIXTURES / "leiderman"
    if command == "verify":
        args = ["verify", str(leiderman / "he.txt"), str(leiderman / "en.txt")]
    else:
        args = ["corpus", str(FIXTURES / "corpus"), "--isolated"]
    args += ["--mt-file", str(leiderman / "reference.tsv"), "--segmented", "--paired"]
    code, out, err = run(args, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--segmented and --paired exclude each other" in err
