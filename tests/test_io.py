"""Decoding, normalising and writing files (translate_check.io)."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

import translate_check.io as tc_io
from translate_check.errors import InputError, OutputError
from translate_check.io import (
    Script,
    atomic_write_text,
    check_folder,
    check_languages,
    check_writable,
    decode,
    is_stdout,
    looks_like_html,
    normalize,
    plausibility,
    read_input,
    repair_mojibake,
    script_of,
    strip_html,
)

# Short texts are where statistical detectors fail; each must still be read right.
SHORT_HEBREW = ["ש", "כן", "לא.", "שלום", "ב-1948 נולדה", 'צה"ל', "שָׁלוֹם", "ג'ורג' בוש"]


@pytest.mark.parametrize("text", SHORT_HEBREW)
@pytest.mark.parametrize("encoding", ["cp1255", "iso-8859-8"])
def test_short_legacy_hebrew_is_read_right(text: str, encoding: str) -> None:
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} cannot hold {text!r}")
    if raw.isascii():
        pytest.skip("nothing to detect")
    decoded = decode(raw, "x")
    assert decoded.text == text
    assert decoded.encoding in {"windows-1255", "iso-8859-8"}
    assert "Hebrew" in decoded.warnings[0]


@pytest.mark.parametrize("text", ["café", "naïve “quoted” — text", "Façade. Über. Ação."])
def test_short_western_text_is_read_as_windows_1252(text: str) -> None:
    decoded = decode(text.encode("cp1252"), "x")
    assert decoded.text == text
    assert decoded.encoding == "windows-1252"


def test_iso_8859_8_only_byte_picks_iso() -> None:
    decoded = decode("שלום ‗".encode("iso-8859-8"), "x")
    assert decoded.encoding == "iso-8859-8"
    assert "ISO-8859-8" in decoded.warnings[0]


def test_plausibility_prefers_real_words() -> None:
    hebrew = "שלום עולם".encode("cp1255")
    assert plausibility(hebrew.decode("cp1255")) > plausibility(hebrew.decode("cp1252"))
    western = "café crème".encode("cp1252")
    assert plausibility(western.decode("cp1252")) > plausibility(western.decode("cp1255"))


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xef\xbb\xbf" + "שלום".encode(), "utf-8"),
        ("\ufeffשלום".encode("utf-16-le"), "utf-16-le"),
        ("\ufeffשלום".encode("utf-16-be"), "utf-16-be"),
        ("\ufeffשלום".encode("utf-32-le"), "utf-32-le"),
        ("\ufeffשלום".encode("utf-32-be"), "utf-32-be"),
    ],
)
def test_byte_order_marks(raw: bytes, encoding: str) -> None:
    decoded = decode(raw, "x")
    assert (decoded.text, decoded.encoding, decoded.warnings) == ("שלום", encoding, ())


def test_utf16_without_bom_needs_real_letters() -> None:
    assert decode("שלום עולם".encode("utf-16-be"), "x").encoding == "utf-16-be"
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(0, 256, 3)) * 4, "x")


@pytest.mark.parametrize(
    "raw", [b"\x00\x01\x02\x03binary", b"abc\x01\x02\x03\x04\x05\x06\x07\x08" * 10]
)
def test_binary_is_refused(raw: bytes) -> None:
    with pytest.raises(InputError, match="x looks like a binary file"):
        decode(raw, "x")


def test_a_few_stray_controls_are_tolerated() -> None:
    assert decode("שלום עולם, מה שלומך?\x1a".encode(), "x").text.endswith("\x1a")


def _garble(text: str) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode())


def test_mojibake_is_repaired_with_quotes_and_dashes() -> None:
    text = "שלום — “עולם” ’"
    repaired, warning = repair_mojibake(_garble(text), "x")
    assert repaired == text
    assert "×©×œ×•×" in warning and "garbled" in warning


def test_mojibake_in_english_is_repaired() -> None:
    repaired, warning = repair_mojibake(_garble("I don’t “know”."), "x")
    assert repaired == "I don’t “know”."
    assert "'â€™t'" in warning


def test_mojibake_repair_leaves_mixed_text_alone() -> None:
    text = "Price: 3×4 m², Ö. Müller, 20Â°; שלום"
    assert repair_mojibake(text, "x") == (text, "")


def test_mojibake_with_lost_bytes_is_refused() -> None:
    lossy = "".join(bytes([b]).decode("cp1252", errors="ignore") for b in "אמא שלום".encode())
    with pytest.raises(InputError, match="cannot be repaired"):
        repair_mojibake(lossy, "x")


def test_normalize_strips_points_marks_and_invisibles() -> None:
    assert normalize("בְּרֵאשִׁ֖ית בָּרָ֣א") == "בראשית ברא"
    assert normalize("\u200fשלום\u200b  \u202aעולם\u202c\n") == "שלום עולם"
    assert normalize("ירושלים׃ בית־לחם") == "ירושלים׃ בית־לחם"  # sof pasuq and maqaf stay
    assert normalize("\ufb2aלום") == "שלום"  # presentation forms decompose


def test_html_detection_and_stripping_keep_length() -> None:
    page = "<html><body><p>שלום <b>עולם</b> &amp; צה&quot;ל</p><br><p>x</p></body></html>"
    assert looks_like_html(page)
    assert not looks_like_html("Use <b> for bold, a < b and c > d.")
    stripped = strip_html(page)
    assert len(stripped) == len(page)
    assert normalize(stripped) == 'שלום עולם & צה"ל x'
    assert "\n\n" in stripped[stripped.index("ל", 20) : stripped.index("x")]


def test_script_of() -> None:
    assert script_of("שלום עולם, world") == Script("Hebrew", 8 / 13)
    assert script_of("Hello עולם").name == "Latin"
    assert script_of("Привет мир").name == "Cyrillic"
    assert script_of("12 + 3 = 15") == Script("", 0.0)


def test_check_languages_accepts_hebrew_then_english() -> None:
    check_languages("שלום עולם", "Hello world", Path("he.txt"), Path("en.txt"))
    with pytest.raises(InputError, match="did you swap them"):
        check_languages("Hello world", "שלום עולם", Path("a"), Path("b"))


def test_hebrew_source_may_quote_much_english() -> None:
    source = "הוא עבד ב-Google Research ואחר כך ב-Microsoft Research Cambridge."
    check_languages(source, "He worked at Google Research.", Path("he.txt"), Path("en.txt"))
    with pytest.raises(InputError, match=r"does not look like Hebrew \(mostly Latin letters\)"):
        check_languages("Google Research, Microsoft שלום", "x", Path("he.txt"), Path("en.txt"))


def test_read_input_refuses_oversized_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "big.txt"
    path.write_text("שלום " * 100, encoding="utf-8")
    monkeypatch.setattr(tc_io, "MAX_INPUT_BYTES", 100)
    with pytest.raises(InputError, match="split it into smaller files"):
        read_input(path, "source")


def test_unreadable_file_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "he.txt"
    path.write_text("שלום", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match=f"cannot read source file {path}: Permission denied"):
        read_input(path, "source")


def test_check_writable(tmp_path: Path) -> None:
    check_writable(tmp_path / "new.json")
    source = tmp_path / "he.txt"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="also an input"):
        check_writable(tmp_path / "." / "he.txt", [source])
    with pytest.raises(OutputError, match="is a folder"):
        check_writable(tmp_path)


def test_atomic_write_replaces_or_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "r.json"
    atomic_write_text(path, "old")
    atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new"

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tc_io.os, "replace", crash)
    with pytest.raises(OutputError, match="No space left"):
        atomic_write_text(path, "broken")
    assert path.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "r.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    check_writable(link)
    atomic_write_text(link, "new")
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.json"], "no temporary left"


def test_a_fifo_is_written_to_directly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    check_writable(fifo)
    atomic_write_text(fifo, "report\n")
    reader.join(timeout=10)
    assert got == ["report\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the FIFO is still a FIFO"
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_character_device_is_written_to_directly(tmp_path: Path) -> None:
    # Through a link, so that a regression replaces the link, never /dev/null itself.
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    check_writable(link)
    atomic_write_text(link, "report\n")
    assert link.is_symlink()
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null.json"]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OutputError, match=f"output {path} is a socket"):
            check_writable(path)


def test_a_looping_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="loops"):
        check_writable(tmp_path / "a")


def test_missing_folders_are_created_but_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "no" / "such" / "r.json"
    check_writable(deep)
    atomic_write_text(deep, "x")
    assert deep.read_text(encoding="utf-8") == "x"
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is not a folder"):
        check_writable(tmp_path / "file.txt" / "sub" / "r.json")
    with pytest.raises(OutputError, match="is not a folder"):
        check_folder(tmp_path / "file.txt", "--output")


def test_dash_is_standard_output() -> None:
    assert is_stdout(Path("-"))
    check_writable(Path("-"))
