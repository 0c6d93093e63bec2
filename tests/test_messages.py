"""Flag messages are plain data that name their texts; each renderer emphasises the quotes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from translate_check.cli import main
from translate_check.model import message_parts, quote
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import read_document, verify
from translate_check.report.console import render_console

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEIDERMAN = FIXTURES / "leiderman"
TYPO = "typo? the English has “counties”; the MT has “countries”"
# Words that leave a reader guessing which text is meant, and markdown emphasis.
UNCLEAR = re.compile(r"\bsource\b|\btranslation\b|\*")


def test_quote_and_parts_round_trip() -> None:
    message = f"the MT has {quote('a “b” c')}; the English has {quote('d')}"
    assert message == 'the MT has “a "b" c”; the English has “d”'
    assert message_parts(message) == [
        ("the MT has ", False),
        ('“a "b" c”', True),
        ("; the English has ", False),
        ("“d”", True),
    ]
    assert "".join(text for text, _ in message_parts(message)) == message
    assert message_parts("no quotes") == [("no quotes", False)]


def test_leiderman_messages_name_their_texts(leiderman_run: tuple[str, dict]) -> None:
    html, report = leiderman_run
    messages = [f["message"] for p in report["pairs"] for f in p["flags"]]
    assert TYPO in messages
    assert not [m for m in messages if UNCLEAR.search(m)]
    assert '<mark class="q">“counties”</mark>' in html
    assert "*counties*" not in html


def test_console_bolds_the_quoted_words() -> None:
    report = verify(
        read_document(LEIDERMAN / "he.txt", "he"),
        read_document(LEIDERMAN / "en.txt", "en"),
        [FileTranslator(LEIDERMAN / "reference.tsv")],
    )
    console = Console(record=True, force_terminal=True, width=250, color_system="standard")
    render_console(report, console)
    styled = console.export_text(styles=True)
    assert re.search(r"\x1b\[1m“counties”", styled), "quoted words are bold"
    assert "*" not in console.export_text()


def test_console_table_shows_severity_and_numbers_from_one() -> None:
    report = verify(
        read_document(LEIDERMAN / "he.txt", "he"),
        read_document(LEIDERMAN / "en.txt", "en"),
        [FileTranslator(LEIDERMAN / "reference.tsv")],
    )
    console = Console(record=True, width=250)
    render_console(report, console)
    lines = console.export_text().splitlines()
    header = next(line for line in lines if "┃" in line)
    assert [cell.strip() for cell in header.split("┃")[1:3]] == ["#", "severity"]
    rows = [line.split("│")[1:3] for line in lines if line.count("│") == 6]
    shown = {(int(n), sev.strip()) for n, sev in rows if n.strip()}
    flagged = {(p.id + 1, p.severity) for p in report.pairs if p.flags}
    assert shown == flagged, "each flagged pair by its number from 1, with its severity"
    assert {"major", "minor"} <= {sev for _, sev in shown}


def test_corpus_outputs_carry_plain_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = Path(shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus"))
    out = tmp_path / "out"
    base = ["corpus", str(corpus), "--no-cache", "--exit-zero", "-q"]
    monkeypatch.setenv("COLUMNS", "250")
    for extra in (["-f", "text", "-f", "github"], ["-f", "json", "-f", "junit", "-f", "sarif"]):
        with pytest.raises(SystemExit):
            main([*base, *extra, "-o", str(out)])
    stdout = capsys.readouterr().out
    data = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
    messages = {f["message"] for d in data["documents"] for f in d["findings"]}
    assert messages and not [m for m in messages if UNCLEAR.search(m)]
    sarif = json.loads((out / "translate-check.sarif").read_text(encoding="utf-8"))
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    junit = (out / "translate-check.junit.xml").read_text(encoding="utf-8")
    for text in [*texts, stdout, junit]:
        assert "*" not in text
    assert "the MT has “Gordon Jundro”; the English has “Washington”" in texts
    assert "the English has “Washington”" in stdout and "::warning" in stdout
