"""Whatever users feed ``translate-check verify``, it answers with an exit code and one line.

Every case runs the real CLI on the Leiderman fixture (or a damaged copy of it)
with its reference translations as the MT bridge, so no model is needed.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import translate_check.io as tc_io
from translate_check.cli import main
from translate_check.io import normalize
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import document_from_text, read_document

ROOT = Path(__file__).resolve().parents[1]
LEIDERMAN = ROOT / "fixtures" / "leiderman"
HE = (LEIDERMAN / "he.txt").read_text(encoding="utf-8")
EN = (LEIDERMAN / "en.txt").read_text(encoding="utf-8")
MT = LEIDERMAN / "reference.tsv"
GOOD_REPORT = '{"previous": "report"}\n'
VERIFY_MODULE = importlib.import_module("translate_check.cli.verify")


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    """Run the CLI; return the exit code and stderr, checked to be free of tracebacks."""
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def error_line(err: str) -> str:
    """The single error line; anything else on stderr must be warnings."""
    errors = [line for line in err.splitlines() if line.startswith("translate-check: ")]
    assert len(errors) == 1, err
    return errors[0]


def verify(
    capsys: pytest.CaptureFixture[str], src: Path, tgt: Path, out: Path, *extra: object
) -> tuple[int, str]:
    return cli(
        capsys, "verify", src, tgt, "--mt-file", MT, "--json", out, "-q", "--exit-zero", *extra
    )


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A report path that already holds a good report, which failures must leave alone."""
    path = tmp_path / "report.json"
    path.write_text(GOOD_REPORT, encoding="utf-8")
    return path


def sentences(report_path: Path, side: str = "source") -> list[str]:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return [normalize(s["text"]) for s in report[side]["sentences"]]


def clean_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    path = tmp_path / "clean.json"
    assert verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", path)[0] == 0
    return sentences(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n  \n", "holds no text"),
        ("\u200f\u200b \n\u202b\n".encode(), "holds no text"),
        (bytes(range(256)) * 8, "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Word/OpenDocument"),
        (b"{\\rtf1\\ansi\\ansicpg1255 \\'f9\\'ec\\'e5\\'ed}", "RTF document"),
        (b"\xff\xfe\x00\xd8", "not valid utf-16-le"),
        (b"\x81\x8d\x8f\x90\x9d\xff" * 20, "encoding could not be recognised"),
    ],
    ids=["empty", "whitespace", "invisible", "binary", "pdf", "docx", "rtf", "bad-utf16", "noise"],
)
def test_unusable_source_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path, content: bytes, message: str
) -> None:
    src = write(tmp_path / "he.txt", content)
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    line = error_line(err)
    assert code == 2
    assert message in line and str(src) in line
    assert out.read_text(encoding="utf-8") == GOOD_REPORT


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d, "is a folder"),
        (lambda d: d / "missing.txt", "does not exist"),
    ],
    ids=["directory", "missing"],
)
def test_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path, make, message):
    code, err = verify(capsys, make(tmp_path), LEIDERMAN / "en.txt", out)
    assert code == 2 and message in error_line(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_special_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, err = verify(capsys, fifo, LEIDERMAN / "en.txt", out)
    assert code == 2 and "not a regular file" in error_line(err)


@pytest.mark.parametrize(
    ("text", "encoding", "warning"),
    [
        (HE, "utf-16", ""),
        ("\ufeff" + HE, "utf-16-be", ""),
        (HE, "utf-32", ""),
        (HE, "utf-8-sig", ""),
        (HE, "utf-16-le", "no byte-order mark"),
    ],
    ids=["utf-16", "utf-16-be", "utf-32", "utf-8-sig", "utf-16-no-bom"],
)
def test_unicode_encodings_are_decoded(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: Path,
    text: str,
    encoding: str,
    warning: str,
) -> None:
    src = write(tmp_path / "he.txt", text, encoding)
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 0, err
    assert warning in err if warning else "warning" not in err
    assert sentences(out) == clean_sentences(tmp_path, capsys)


@pytest.mark.parametrize(
    ("encoding", "name"), [("cp1255", "Windows-1255"), ("iso-8859-8", "ISO-8859-8")]
)
def test_legacy_hebrew_is_detected_and_announced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path, encoding: str, name: str
) -> None:
    src = write(tmp_path / "he.txt", HE, encoding)
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 0, err
    assert f"warning: source file {src} is not UTF-8" in err and name in err
    assert sentences(out) == clean_sentences(tmp_path, capsys)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["source"]["encoding"] == "windows-1255"  # the two read this file the same


def test_western_legacy_translation_is_detected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    tgt = write(tmp_path / "en.txt", EN.replace('"', "\u201c", 1) + "\nCafé.\n", "cp1252")
    code, err = verify(capsys, LEIDERMAN / "he.txt", tgt, out)
    assert code == 0, err
    assert "Windows-1252" in err
    assert "Café." in sentences(out, "target")


def _as_cp1252(data: bytes, keep_undefined: bool) -> str:
    """Bytes shown by a Windows-1252 decoder; undefined bytes kept as C1 controls or lost."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or (chr(b) if keep_undefined else "")
        for b in data
    )


def test_mojibake_is_repaired_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    src = write(tmp_path / "he.txt", _as_cp1252(HE.encode(), keep_undefined=True))
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 0, err
    assert "garbled text" in err and "repaired" in err and "\u00d7" in err
    assert sentences(out) == clean_sentences(tmp_path, capsys)


def test_lossy_mojibake_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path):
    src = write(tmp_path / "he.txt", _as_cp1252(HE.encode(), keep_undefined=False))
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 2 and "cannot be repaired" in error_line(err)
    assert out.read_text(encoding="utf-8") == GOOD_REPORT


def test_swapped_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path) -> None:
    code, err = verify(capsys, LEIDERMAN / "en.txt", LEIDERMAN / "he.txt", out)
    line = error_line(err)
    assert code == 2 and "did you swap them?" in line
    assert line.index("en.txt") < line.index("he.txt")


@pytest.mark.parametrize(
    ("src_text", "tgt_text", "message"),
    [
        (EN, EN, "source file"),
        (HE, HE, "translation file"),
        ("Привет, мир. Как дела?", EN, "mostly Cyrillic letters"),
        ("1234 5678.", EN, "no letters at all"),
    ],
    ids=["english-twice", "hebrew-twice", "russian-source", "digits"],
)
def test_wrong_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: Path,
    src_text: str,
    tgt_text: str,
    message: str,
) -> None:
    src, tgt = write(tmp_path / "a.txt", src_text), write(tmp_path / "b.txt", tgt_text)
    code, err = verify(capsys, src, tgt, out)
    assert code == 2 and message in error_line(err)


def test_unpunctuated_100k_line_is_capped_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    words = HE.split()
    line = " ".join(words[i % len(words)].strip(".,:") for i in range(20000))[:100_000]
    src = write(tmp_path / "he.txt", line)
    tsv = "".join(
        f"{normalize(s.text)}\tthe sentence number {s.id}\n"
        for s in document_from_text(line, "he").sentences
    )
    mt = write(tmp_path / "mt.tsv", tsv)
    tgt = write(tmp_path / "en.txt", " ".join(f"the sentence number {i}" for i in range(120)))
    code, err = cli(capsys, "verify", src, tgt, "--mt-file", mt, "--json", out, "-q", "--exit-zero")
    assert code == 0, err
    report = json.loads(out.read_text(encoding="utf-8"))
    pieces = report["source"]["sentences"]
    assert 100 <= len(pieces) <= 200
    assert all(len(p["text"]) <= 1000 for p in pieces)
    assert "".join(line[p["start"] : p["end"]] for p in pieces).replace(" ", "") == line.replace(
        " ", ""
    )


def test_50_mb_input_is_read_and_segmented_in_seconds(tmp_path: Path) -> None:
    """Reading and segmentation are linear; alignment of such a file is the aligner's concern."""
    paragraph = HE.split("\n\n")[0] + "\n\n"
    big = tmp_path / "he.txt"
    big.write_text(paragraph * (50_000_000 // len(paragraph.encode())), encoding="utf-8")
    started = time.perf_counter()
    doc = read_document(big, "he")
    assert time.perf_counter() - started < 60
    assert doc.sentences[-1].end == len(doc.text.rstrip())
    assert len(doc.sentences) == 2 * doc.text.count("\n\n")


def test_html_is_stripped_with_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
):
    page = "<!DOCTYPE html><html><body>" + "".join(f"<p>{para}</p>\n" for para in HE.split("\n\n"))
    src = write(tmp_path / "he.html", page + "</body></html>")
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 0 and "removed HTML markup" in err and "--markup text" in err


def test_stripped_html_keeps_offsets_into_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    paragraphs = [p.replace("הרוסי", "<b>הרוסי</b>") for p in HE.split("\n\n")]
    page = (
        "<!DOCTYPE html>\n<html><head><title>x</title><style>p {color: red}</style></head>"
        "<body>\n" + "".join(f"<p class='he'>{p}</p>\n" for p in paragraphs) + "</body></html>\n"
    )
    src = write(tmp_path / "he.html", page)
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out, "--markup", "html")
    assert code == 0, err
    assert "removed HTML markup" in err
    report = json.loads(out.read_text(encoding="utf-8"))
    got = report["source"]["sentences"]
    assert [normalize(s["text"]) for s in got] == clean_sentences(tmp_path, capsys)
    for s in got:  # offsets index the page itself: only tags lie between the sentence's words
        assert normalize(tc_io.strip_html(page[s["start"] : s["end"]])) == normalize(s["text"])


def test_markdown_is_read_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path):
    tgt = write(tmp_path / "en.md", "# Translation\n\n" + EN.replace("Leiderman", "*Leiderman*"))
    code, err = verify(capsys, LEIDERMAN / "he.txt", tgt, out)
    assert code == 0, err


def test_niqqud_and_cantillation_do_not_change_sentences_or_mt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    pointed = "".join(c + ("\u05b8\u0591" if "\u05d0" <= c <= "\u05ea" else "") for c in HE)
    src = write(tmp_path / "he.txt", pointed)
    code, err = verify(capsys, src, LEIDERMAN / "en.txt", out)
    assert code == 0, err
    assert [normalize(s) for s in sentences(out)] == clean_sentences(tmp_path, capsys)


def test_bidi_marks_and_zero_width_characters_are_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path
) -> None:
    marked = "\u200f" + HE.replace(" ", " \u200f").replace("ו", "ו\u200b").replace(
        "\n\n", "\n\u202b\n"
    )
    src = write(tmp_path / "he.txt", marked)
    tgt = write(tmp_path / "en.txt", "\ufeff\u200e" + EN.replace(" ", "\u200b "))
    code, err = verify(capsys, src, tgt, out)
    assert code == 0, err
    assert sentences(out) == clean_sentences(tmp_path, capsys)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2029"])
def test_other_line_endings_in_segmented_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path, newline: str
) -> None:
    hebrew = [line.split("\t")[0] for line in MT.read_text(encoding="utf-8").splitlines()]
    src = write(tmp_path / "he.txt", newline.join(hebrew) + newline)
    tgt = write(tmp_path / "en.txt", newline.join(["Some English."] * len(hebrew)))
    code, err = verify(capsys, src, tgt, out, "--segmented")
    assert code == 0, err
    assert len(sentences(out)) == len(hebrew)


@pytest.mark.parametrize(
    ("output", "message"),
    [
        (lambda d: d, "is a folder"),
        (lambda d: d / "file.txt" / "report.json", "is not a folder"),
        (lambda d: LEIDERMAN / "he.txt", "is also an input"),
        (lambda d: d / "sock", "is a socket"),
    ],
    ids=["folder", "file-as-folder", "input", "socket"],
)
def test_unwritable_output_fails_before_any_work(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output,
    message: str,
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "sock"))

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("inputs were read before the output was checked")

    monkeypatch.setattr(VERIFY_MODULE, "read_document", no_reading)
    before = (LEIDERMAN / "he.txt").read_bytes()
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", output(tmp_path))
    listening.close()
    assert code == 2 and message in error_line(err)
    assert (LEIDERMAN / "he.txt").read_bytes() == before


def test_missing_output_folders_are_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """verify follows corpus: a report's missing folders are made (one rule for both)."""
    report = tmp_path / "no" / "such" / "report.json"
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", report)
    assert code == 0, err
    assert json.loads(report.read_text(encoding="utf-8"))["pairs"]


def test_json_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--json -`` writes the report alone to stdout; the console summary goes to stderr."""
    with pytest.raises(SystemExit):
        main(
            [
                "verify",
                str(LEIDERMAN / "he.txt"),
                str(LEIDERMAN / "en.txt"),
                "--mt-file",
                str(MT),
                "--json",
                "-",
            ]
        )
    captured = capsys.readouterr()
    assert json.loads(captured.out)["pairs"]
    assert "major flag" in captured.err
    assert not (Path.cwd() / "-").exists()


def test_two_reports_on_standard_output_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = cli(
        capsys,
        "verify",
        LEIDERMAN / "he.txt",
        LEIDERMAN / "en.txt",
        "--mt-file",
        MT,
        "--json",
        "-",
        "--html",
        "-",
    )
    assert code == 2 and "both write -" in error_line(err)


def test_symlinked_report_keeps_its_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    target = tmp_path / "target.json"
    target.write_text(GOOD_REPORT, encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", link)
    assert code == 0, err
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["pairs"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", folder / "r.json")
    finally:
        folder.chmod(0o755)
    assert code == 2 and "permission denied" in error_line(err)


def test_crash_while_writing_keeps_the_previous_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tc_io.os, "fsync", disk_full)
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", out)
    assert code == 2 and f"cannot write {out}" in error_line(err)
    assert out.read_text(encoding="utf-8") == GOOD_REPORT
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize("where", ["translating", "writing"])
def test_ctrl_c_is_one_line_exit_130_and_keeps_the_report(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if where == "translating":
        monkeypatch.setattr(FileTranslator, "translate", interrupt)
    else:
        monkeypatch.setattr(tc_io.os, "fsync", interrupt)
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", out)
    assert code == 130 and "interrupted" in error_line(err)
    assert out.read_text(encoding="utf-8") == GOOD_REPORT
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_internal_error_is_one_line_exit_3(
    capsys: pytest.CaptureFixture[str], out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr(VERIFY_MODULE, "run_verify", bug)
    code, err = verify(capsys, LEIDERMAN / "he.txt", LEIDERMAN / "en.txt", out)
    line = error_line(err)
    assert code == 3
    assert "internal error: ZeroDivisionError: division by zero second line" in line
    assert "--debug" in line
    assert out.read_text(encoding="utf-8") == GOOD_REPORT
    with pytest.raises(SystemExit) as exited:
        main(["--debug", "verify", str(LEIDERMAN / "he.txt"), str(LEIDERMAN / "en.txt"),
              "--mt-file", str(MT), "-q"])  # fmt: skip
    err = capsys.readouterr().err
    assert exited.value.code == 3, "--debug adds a traceback and keeps the exit code"
    assert "Traceback" in err and "ZeroDivisionError" in err


def test_debug_keeps_exit_2_of_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--debug", "verify", "nope.txt", str(LEIDERMAN / "en.txt"), "--mt-file", str(MT)])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert "Traceback" in err and err.splitlines()[-1].startswith("translate-check: error:")


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    src = write(tmp_path / "he.bin", bytes(range(256)))
    done = subprocess.run(
        [sys.executable, "-m", "translate_check", "verify", str(src), str(LEIDERMAN / "en.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "binary file" in done.stderr
    assert "Traceback" not in done.stderr
