"""Parallel files (TSV, JSONL, TMX, XLIFF 1.2/2.0) and document discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate_check.corpus.discover import (
    DocumentPair,
    ParallelInput,
    Patterns,
    discover,
    read_manifest,
    unique_names,
)
from translate_check.corpus.parallel import read_parallel
from translate_check.corpus.runner import parallel_documents
from translate_check.errors import InputError

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("guides/timbuktu.tsv", "tsv", 4),
        ("news/tonga-earthquake.tmx", "tmx", 3),
        ("news/north-korea.xlf", "xliff-1.2", 2),
        ("news/subtropical-storm.xliff", "xliff-2.0", 2),
    ],
)
def test_fixture_files_parse(name: str, fmt: str, count: int) -> None:
    parsed = read_parallel(CORPUS / name)
    assert parsed.format == fmt
    assert len(parsed.segments) == count
    for segment in parsed.segments:
        assert any("\u05d0" <= ch <= "\u05ea" for ch in segment.source)
        assert segment.line >= 1


def test_xml_lines_point_at_the_unit(tmp_path: Path) -> None:
    parsed = read_parallel(CORPUS / "news/north-korea.xlf")
    lines = (CORPUS / "news/north-korea.xlf").read_text(encoding="utf-8").splitlines()
    assert all("<trans-unit" in lines[s.line - 1] for s in parsed.segments)


def test_jsonl_and_empty_targets(tmp_path: Path) -> None:
    path = tmp_path / "doc.jsonl"
    records = [
        {"source": "שלום עולם.", "target": "Hello world."},
        {"source": "תודה.", "target": ""},
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    parsed = read_parallel(path)
    assert [(s.target, s.line) for s in parsed.segments] == [("Hello world.", 1), ("", 2)]
    source, target, beads, lines, columns = parallel_documents(parsed)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ())]
    assert lines == (1, 2)
    assert columns == (1, 1), "a JSONL line does not say where its English starts"
    assert len(source.sentences) == 2 and len(target.sentences) == 1


def test_inline_markup_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "doc.xliff"
    path.write_text(
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="he">'
        '<file id="f"><unit id="u"><segment><source>שלום <ph id="1"/>עולם</source>'
        '<target>Hello <pc id="2">big</pc> world</target></segment></unit></file></xliff>'
    )
    (segment,) = read_parallel(path).segments
    assert (segment.source, segment.target) == ("שלום עולם", "Hello big world")


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file://{path}">]>
<tmx version="1.4"><header srclang="he"/><body>
<tu><tuv xml:lang="he"><seg>שלום &secret;</seg></tuv>
<tuv xml:lang="en"><seg>Hello &secret;</seg></tuv></tu>
</body></tmx>
"""


def test_xxe_payload_leaks_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "evil.tmx"
    path.write_text(XXE.format(path=secret))
    try:
        parsed = read_parallel(path)
    except InputError:
        return
    assert parsed.segments
    for segment in parsed.segments:
        assert "TOP-SECRET" not in segment.source + segment.target


def test_billion_laughs_is_refused_or_harmless(tmp_path: Path) -> None:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    path = tmp_path / "bomb.tmx"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE tmx [{entities}]><tmx version="1.4"><header/><body>'
        '<tu><tuv xml:lang="he"><seg>&a9;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>'
        "</body></tmx>"
    )
    try:
        parsed = read_parallel(path)
    except InputError:
        return
    assert all(len(s.source) < 1000 for s in parsed.segments)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.tsv", "no tab here\n", "expected 'Hebrew<TAB>English'"),
        ("bad.jsonl", '{"source": "x"}\n', "string 'source' and 'target'"),
        ("bad.tmx", "<tmx><body>", "not well-formed XML"),
        ("bad.xlf", "<html/>", "neither TMX nor XLIFF"),
        ("empty.tsv", "\n", "holds no segments"),
    ],
)
def test_bad_parallel_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        read_parallel(path)


def test_discover_fixture_corpus() -> None:
    items = discover(CORPUS, Patterns(exclude=("mt.tsv",)))
    names = [item.name for item in items]
    assert names == [
        "guides/timbuktu.tsv",
        "news/amazon-ring",
        "news/dinosaur-feathers",
        "news/north-korea.xlf",
        "news/subtropical-storm.xliff",
        "news/tonga-earthquake.tmx",
    ]
    pair = items[1]
    assert isinstance(pair, DocumentPair)
    assert pair.target.name == "amazon-ring.en.txt"


def test_discover_patterns_include_and_skip(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/x_he.md", "a/x_en.md", "a/y_he.md", "a/y_en.md", "mt.tsv"):
        (tmp_path / name).write_text("text\n")
    patterns = Patterns(source="*_he.md", target="*_en.md", include=("a/x*",))
    assert [i.name for i in discover(tmp_path, patterns)] == ["a/x"]
    assert discover(tmp_path, Patterns(), skip=[tmp_path / "mt.tsv"]) == []
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "data.tsv").write_text("שלום\tHello\n")
    assert discover(tmp_path, Patterns(exclude=("mt.tsv",))) == []


def test_missing_translation_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "doc.he.txt").write_text("שלום.\n")
    with pytest.raises(InputError, match=r"has no translation doc\.en\.txt"):
        discover(tmp_path, Patterns())


def test_manifest(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("שלום.\n")
    (tmp_path / "t.txt").write_text("Hello.\n")
    (tmp_path / "p.tsv").write_text("שלום.\tHello.\n")
    manifest = tmp_path / "docs.manifest"
    manifest.write_text("# documents\ns.txt\tt.txt\n\np.tsv\n")
    assert read_manifest(manifest) == [
        DocumentPair("s.txt", tmp_path / "s.txt", tmp_path / "t.txt"),
        ParallelInput("p.tsv", tmp_path / "p.tsv"),
    ]
    manifest.write_text("missing.txt\tt.txt\n")
    with pytest.raises(InputError, match="does not exist"):
        read_manifest(manifest)
    with pytest.raises(InputError, match="two documents are named"):
        unique_names([ParallelInput("p", tmp_path), ParallelInput("p", tmp_path)])
