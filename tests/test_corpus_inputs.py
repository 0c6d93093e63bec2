"""``corpus`` on folders as teams keep them: line-keyed MT files, one sentence per line, tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_cli
from translate_check.io import looks_like_html, normalize, read_input

# Three NTREX-128 segments: a heading sentencex runs into the next line, and a line whose
# quotation sentencex cuts so that neither piece is an entry of the line-keyed MT file.
HE = [
    "חברי פרלמנט בוויילס חוששים ‚להיראות כמו חבובות‘",
    "כמה חברי פרלמנט נחרדו מההצעה שכותרת תפקידם תשתנה מ- AMs ל- MWPs ‏(Member of the Welsh "
    "Parliament).",
    'ועדת בית המחוקקים, שמנסחת כרגע את החקיקה לשינויי השמות, אמרה: "ההחלטה הסופית לגבי כל '
    "מילות תיאור באשר לשמות התפקידים של חברי בית המחוקקים היא כמובן החלטתם של חברי בית "
    'המחוקקים עצמם."',
]
EN = [
    "Welsh AMs worried about 'looking like muppets'",
    "There is consternation among some AMs at a suggestion their title should change to MWPs "
    "(Member of the Welsh Parliament).",
    "The Assembly Commission, which is currently drafting legislation to introduce the name "
    'changes, said: "The final decision on any descriptors of what Assembly Members are called '
    'will of course be a matter for the members themselves."',
]
MT = [
    "MPs in Wales fear to 'look like Muppets'",
    "Some MPs were dismayed at the suggestion that the title of their duties would change from "
    "AMs to MWPs (Member of the Welsh Parliament).",
    'The House Committee, which is currently drafting the name-change legislation, said: "The '
    "final decision regarding any descriptive words regarding the names of the functions of the "
    "members of the legislature is of course the decision of the members of the legislature "
    'themselves."',
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "welsh.he.txt").write_text("\n".join(HE) + "\n", encoding="utf-8")
    (docs / "welsh.en.txt").write_text("\n".join(EN) + "\n", encoding="utf-8")
    mt = "".join(f"{h}\t{m}\n" for h, m in zip(HE, MT, strict=True))
    (tmp_path / "mt.tsv").write_text(mt, encoding="utf-8")
    return tmp_path


def corpus(folder: Path, *extra: str) -> dict:
    out = folder / "out"
    args = ["corpus", str(folder / "docs"), "--mt-file", str(folder / "mt.tsv"), "--no-cache"]
    code = run_cli([*args, "-q", "--exit-zero", "-f", "json", "-o", str(out), *extra])
    assert code == 0
    return json.loads((out / "translate-check.json").read_text(encoding="utf-8"))


def pairs(data: dict) -> list[tuple[str, str]]:
    got = data["documents"][0]["report"]["pairs"]
    return [(normalize(p["src_text"]), p["mt_text"]) for p in got]


LINES = [(normalize(h), m) for h, m in zip(HE, MT, strict=True)]


def test_line_keyed_mt_file_keeps_unknown_pieces_as_their_line(folder: Path) -> None:
    got = pairs(corpus(folder))
    assert LINES[2] in got, "the cut line is one unit with its own translation"
    assert all(m for _, m in got)


def test_segmented_and_paired_read_one_sentence_per_line(folder: Path) -> None:
    for flag in ("--segmented", "--paired"):
        assert pairs(corpus(folder, flag)) == LINES


def test_paired_is_a_config_key(folder: Path) -> None:
    (folder / "docs" / "translate-check.toml").write_text("paired = true\n", encoding="utf-8")
    assert pairs(corpus(folder)) == LINES


def test_paired_with_different_line_counts_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "docs" / "welsh.en.txt").write_text("\n".join(EN[:2]) + "\n", encoding="utf-8")
    args = ["corpus", str(folder / "docs"), "--mt-file", str(folder / "mt.tsv"), "--paired"]
    assert run_cli([*args, "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--paired needs files of the same number of lines" in err
    assert "Traceback" not in err


QUOTING = (
    "The page broke because of a stray <script>alert(1)</script> tag.\n"
    "Editors then wrapped the title in <b> by hand.\n"
    "Nothing else on the site changed.\n"
    "The fix went out on Tuesday.\n"
)


def test_a_text_quoting_tags_is_text() -> None:
    assert not looks_like_html(QUOTING)
    assert looks_like_html("<p>שלום</p>\n<p>עולם <b>יפה</b></p>\n")
    assert looks_like_html("<!DOCTYPE html><title>x</title>")


@pytest.mark.parametrize(("markup", "kept"), [("auto", True), ("text", True), ("html", False)])
def test_markup_choice(tmp_path: Path, markup: str, kept: bool) -> None:
    path = tmp_path / "en.txt"
    path.write_text(QUOTING, encoding="utf-8")
    decoded = read_input(path, "translation", markup=markup)  # type: ignore[arg-type]
    assert ("<script>" in decoded.text) is kept
    assert len(decoded.text) == len(QUOTING), "stripping keeps offsets"


def test_markup_text_reads_a_page_as_written(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("<html><body><p>Hello there.</p></body></html>\n", encoding="utf-8")
    assert "<p>" in read_input(path, markup="text").text
    auto = read_input(path)
    assert "<p>" not in auto.text
    assert any("--markup text" in w for w in auto.warnings)
