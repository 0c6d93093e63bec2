"""The HTML report: structure, escaping, diff and flag highlighting, the index page."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from translate_check.cli import main
from translate_check.detect import DetectSettings
from translate_check.model import (
    Bridge,
    Component,
    Document,
    Flag,
    MTInfo,
    Pair,
    Report,
    Scores,
    Sentence,
    Signature,
    Summary,
)
from translate_check.report.html import (
    FlagView,
    IndexEntry,
    Segment,
    header,
    render_html,
    render_index,
    segments,
    word_diff,
)

FIXTURE = Path("fixtures/leiderman")
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")


def pair(
    id: int,
    src: str,
    tgt: str,
    mt: str,
    flags: tuple[Flag, ...] = (),
    paragraph: int = 0,
    extra: tuple[Bridge, ...] = (),
) -> Pair:
    severity = max((f.severity for f in flags), key=["minor", "major"].index, default="none")
    return Pair(
        id=id,
        src=(id,) if src else (),
        tgt=(id,) if tgt else (),
        src_text=src,
        tgt_text=tgt,
        mt_text=mt,
        scores=Scores(50.0, 20.0, 60.0),
        divergence=0.5,
        severity=severity,
        flags=flags,
        paragraph=paragraph,
        bridges=(Bridge("file:mt.tsv", mt), *extra),
    )


def report_of(pairs: list[Pair], path: str = "he.txt", model: str = "mt.tsv") -> Report:
    """A hand-built report: the renderer needs nothing the pipeline adds beyond these fields."""
    by_type: dict[str, int] = {}
    for p in pairs:
        for f in p.flags:
            by_type[f.type] = by_type.get(f.type, 0) + 1

    def doc(texts: list[str], lang: str, name: str) -> Document:
        sentences = tuple(Sentence(i, t, 0, len(t), 0) for i, t in enumerate(texts))
        return Document(" ".join(texts), lang, sentences, path=name, sha256="ab" * 32)

    return Report(
        source=doc([p.src_text for p in pairs], "he", path),
        target=doc([p.tgt_text for p in pairs], "en", "en.txt"),
        mt=MTInfo("file", model),
        pairs=tuple(pairs),
        summary=Summary(
            pairs=len(pairs),
            major=sum(p.severity == "major" for p in pairs),
            minor=sum(p.severity == "minor" for p in pairs),
            unaligned_source=sum(not p.tgt for p in pairs),
            unaligned_target=sum(not p.src for p in pairs),
            chrf=55.5,
            bleu=22.2,
            ter=44.4,
            by_type=tuple(sorted(by_type.items())),
            major_flags=sum(f.severity == "major" for p in pairs for f in p.flags),
            minor_flags=sum(f.severity == "minor" for p in pairs for f in p.flags),
        ),
        signature=Signature((Component("tool", "translate-check:0.1.0|test"),)),
        version="0.1.0",
        created="2026-01-02T03:04:05+00:00",
    )


class Elements(HTMLParser):
    """Start tags with their attributes, and the text inside each element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._raw = tag

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def rows_of(page: str) -> list[dict[str, str | None]]:
    return [a for a in parse(page).find("section") if "r" in (a.get("class") or "").split()]


@pytest.fixture(scope="module")
def leiderman(leiderman_run: tuple[str, dict]) -> tuple[str, dict]:
    return leiderman_run


def test_leiderman_rows_follow_the_pairs_in_order(leiderman: tuple[str, dict]) -> None:
    page, data = leiderman
    assert [r["id"] for r in rows_of(page)] == [p["anchor"] for p in data["pairs"]]
    assert page.count('lang="he" dir="rtl"') >= len(data["pairs"])
    for p in data["pairs"]:
        assert p["src_text"] in re.sub(r"<[^>]+>", "", page)


def test_leiderman_header_names_files_engine_and_scores(leiderman: tuple[str, dict]) -> None:
    page, data = leiderman
    for side in ("source", "target"):
        assert data[side]["path"] in page
        assert data[side]["sha256"] in page
    assert data["mt"]["engine"] in page and data["mt"]["model"] in page
    assert data["tool"]["signature"] in page
    assert data["created"] in page
    assert f"chrF <b>{data['summary']['chrf']:.1f}</b>" in page
    assert f"<b>{data['summary']['pairs']}</b> pairs" in page


def test_header_shows_settings_and_folds_the_signature(leiderman: tuple[str, dict]) -> None:
    page, data = leiderman
    signature = data["tool"]["signature"]
    folded = re.search(r'<details class="sig">(.*?)</details>', page, re.S)
    assert folded is not None and signature in folded.group(1)
    assert page.count(signature) == 1, "the raw signature appears only folded"
    assert 'id="copy-sig"' in folded.group(1)
    assert f"by translate-check {data['tool']['version']}" in page
    assert "alignment threshold <b>0.1</b>" in page
    assert "detectors <b>addition, omission," in page
    assert "(sacrebleu " in page


def test_html_output_is_checked_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "verify",
                str(FIXTURE / "he.txt"),
                str(FIXTURE / "en.txt"),
                "--mt-file",
                str(tmp_path / "missing.tsv"),
                "--html",
                str(tmp_path / "file.txt" / "r.html"),
            ]
        )
    assert exit_.value.code == 2
    assert "is not a folder" in capsys.readouterr().err


def test_page_is_self_contained_and_csp_admits_only_its_own_blocks() -> None:
    page = render_html(report_of([pair(0, "שלום", "Hello", "Hello")]))
    doc = parse(page)
    csp = doc.find("meta", http_equiv="Content-Security-Policy")[0]["content"] or ""
    assert "default-src 'none'" in csp
    for block, directive in ((doc.scripts, "script-src"), (doc.styles, "style-src")):
        assert len(block) == 1
        digest = base64.b64encode(hashlib.sha256(block[0].encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert not any(a.get("style") for _, a in doc.tags)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_input_text_is_escaped_everywhere(payload: str) -> None:
    flag = Flag("addition", "major", f"adds {payload}", ((0, 5),), ((0, 3),), (payload,))
    report = report_of(
        [
            pair(0, f"שלום {payload}", f"Hello {payload}", f"Hi {payload}", (flag,)),
            pair(1, payload, "", payload, extra=(Bridge(payload, payload),)),
            pair(2, "", payload, ""),
        ],
        path=payload,
        model=payload,
    )
    page = render_html(report)
    assert page.count(str(escape(payload))) >= 10
    if escape(payload) != payload:
        assert payload not in page
    assert "<img" not in page and "alert(1)</script>" not in page
    assert "49" not in page.replace(report.source.sha256, "")
    assert len(parse(page).scripts) == 1


def test_word_diff_marks_words_on_each_side_only() -> None:
    tgt = "Russia will launch the Israeli satellite Amos 4."
    mt = "A Russian rocket will launch the Amos 4 satellite into space."
    only_tgt, only_mt = word_diff(tgt, mt)
    assert [tgt[s:e] for s, e in only_tgt] == ["Russia", "Israeli satellite"]
    assert [mt[s:e] for s, e in only_mt] == ["A Russian rocket", "satellite into space"]
    assert word_diff("Hello, World!", "hello world") == ([], [])


def test_word_diff_is_off_until_asked_for_and_then_content_words_first() -> None:
    tgt, mt = "They gave their support to the plan.", "They gave its backing for the plan."
    page = render_html(report_of([pair(0, "א", tgt, mt)]))
    assert '<ins class="fw">their </ins><ins>support</ins><ins class="fw"> to</ins>' in page
    assert '<del class="fw">its </del><del>backing</del><del class="fw"> for</del>' in page
    assert 'data-diff="off"' in page and 'id="f-diff"' in page
    assert '<option value="off" selected>off</option>' in page
    css = "".join(parse(page).styles)
    assert (
        'main[data-diff="off"] :is(ins, del),\n'
        'main[data-diff="content"] :is(ins, del).fw { color: inherit; text-decoration: none; }'
        in css
    )


def test_the_hebrew_of_each_flag_is_marked_and_the_legend_explains_the_marks() -> None:
    src = "מנוף לחץ כלשהו על ליידרמן"
    shift = Flag(
        "intensity", "major", "m", tgt_spans=((0, 5),), mt_spans=((0, 12),), src_spans=((9, 14),)
    )
    added = Flag("addition", "major", "m", tgt_spans=((22, 30),), confidence=0.7)
    tgt, mt = "great pressure on Leiderman, and more", "some kind of pressure lever on Leiderman"
    page = render_html(report_of([pair(0, src, tgt, mt, (shift, added))]))
    assert 'מנוף לחץ <mark class="m2 k10" data-n="1" data-f="1">כלשהו</mark> על' in page
    assert (
        '<del class="fw m2 k10" data-f="1">some </del><del class="m2 k10" data-f="1">kind' in page
    )
    hebrew = page[page.index('<div class="c he"') :]
    hebrew = hebrew[: hebrew.index("</div>")]
    assert 'data-f="1"' in hebrew and 'data-f="2"' not in hebrew, "an addition has no Hebrew"
    assert '<li class="m2 k7" data-f="2" tabindex="0">' in page
    legend = page[page.index('<p class="legend">') :]
    legend = legend[: legend.index("</p>")]
    assert (
        "<sup>1</sup>" in legend and "confidence" in legend and "Hebrew, English and MT" in legend
    )


def test_segments_layer_flags_over_diff_and_clip_bad_spans() -> None:
    major = FlagView(1, Flag("omission", "major", "drops it"))
    minor = FlagView(2, Flag("number", "minor", "two vs 2"))
    text = "the 2 counties here"
    segs = segments(
        text, [(0, 14)], [((4, 14), major), ((4, 5), minor), ((15, 99), minor)], [(6, 14)]
    )
    assert "".join(s.text for s in segs) == text
    assert segs == (
        Segment("the ", diff=1),
        Segment("2", diff=1, severity=2, notes="2", level=10, flags="1,2"),
        Segment(" ", diff=1, severity=2, level=10, flags="1"),
        Segment("counties", diff=2, severity=2, notes="1", level=10, flags="1"),
        Segment(" "),
        Segment("here", severity=1, notes="2", level=10, flags="2"),
    )


def test_flags_are_highlighted_numbered_and_listed() -> None:
    flags = (
        Flag("addition", "major", "adds a clause", tgt_spans=((10, 19),)),
        Flag("intensity", "minor", "great vs some", tgt_spans=((0, 5),), mt_spans=((0, 4),)),
    )
    page = render_html(
        report_of([pair(0, "מנוף לחץ כלשהו", "great and refused", "some pressure", flags)])
    )
    assert '<ins class="m1 k10" data-n="2" data-f="2">great</ins>' in page
    assert '<ins class="m2 k10" data-n="1" data-f="1">refused</ins>' in page
    assert '<del class="fw m1 k10" data-n="2" data-f="2">some</del>' in page, "a function word"
    assert '<b>addition</b> <span class="cf"' in page and ">confidence 1.00</span>" in page
    assert '<bdi dir="ltr">adds a clause</bdi>' in page
    row = rows_of(page)[0]
    assert set((row["class"] or "").split()) == {"r", "f", "s2", "p", "t0k10", "t1k10"}, (
        "each flag's type at its confidence level, for the type filter"
    )
    assert (
        '<option value="0" data-k="1 1 1 1 1 1 1 1 1" data-name="addition">addition (1)</option>'
        in page
    )


def test_held_back_flags_wait_under_the_threshold_control() -> None:
    kept = Flag("addition", "major", "adds a clause", tgt_spans=((10, 19),), confidence=0.8)
    held = Flag("mistranslation", "major", "says great", tgt_spans=((0, 5),), confidence=0.23)
    base = pair(0, "מנוף לחץ כלשהו", "great and refused", "some pressure", (kept,))
    report = report_of([replace(base, held_back=(held,))])
    page = render_html(replace(report, signature=Signature((DetectSettings().component(),))))
    assert 'data-conf="5"' in page and '<option value="5" selected>0.5</option>' in page
    row = rows_of(page)[0]
    assert "f" in (row["class"] or "").split(), "a held flag alone would not make a row flagged"
    assert '<li class="m2 k2 hb" data-f="2"' in page and '<li class="m2 k8" data-f="1"' in page
    assert '<ins class="m2 k2" data-h="2" data-f="2">great</ins>' in page, "no number yet"
    css = "".join(parse(page).styles)
    assert 'main[data-conf="5"] :is(.k0, .k1, .k2, .k3, .k4):is(li)' in css
    assert "min confidence" in page and ">0.5<" in page


def test_unaligned_sentences_appear_in_place() -> None:
    page = render_html(
        report_of(
            [
                pair(0, "א", "A", "A"),
                pair(1, "ב", "", "B"),
                pair(2, "", "Extra English", ""),
                pair(3, "ג", "C", "C"),
            ]
        )
    )
    assert [r["id"] for r in rows_of(page)] == [f"pair-{i}" for i in range(4)]
    assert [" u" in (r["class"] or "") for r in rows_of(page)] == [False, True, True, False]
    assert page.index("no English") < page.index("no Hebrew") < page.index(">ג<")
    assert "Hebrew only" in page and "English only" in page


def test_paragraph_starts_and_extra_bridges() -> None:
    page = render_html(
        report_of(
            [
                pair(0, "א", "A", "A"),
                pair(1, "ב", "B", "B", extra=(Bridge("hf:opus", "Bee"),)),
                pair(2, "ג", "C", "C", paragraph=1),
            ]
        )
    )
    assert [" p" in (r["class"] or "") for r in rows_of(page)] == [True, False, True]
    assert "<summary>1 more bridge</summary>" in page
    assert "<dt><bdi>hf:opus</bdi></dt><dd>Bee</dd>" in page


def test_two_bridges_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    mt = str(FIXTURE / "reference.tsv")
    args = ["verify", str(FIXTURE / "he.txt"), str(FIXTURE / "en.txt"), "--mt-file", mt]
    with pytest.raises(SystemExit):
        main([*args, "--mt-file", mt, "--html", str(out), "--exit-zero", "--quiet"])
    page = out.read_text(encoding="utf-8")
    assert "<dt>Other bridges</dt>" in page
    assert page.count("<summary>1 more bridge</summary>") == len(rows_of(page))


def test_two_thousand_flagged_pairs_stay_under_three_megabytes() -> None:
    """Typical news sentences, every pair flagged on every differing word: the worst case."""
    src = "ביום שני הודיעה שרה דניוס, המזכירה הקבועה של ועדת נובל לספרות, כי הוועדה ויתרה ב-2016."
    tgt = "On Monday, Sara Danius, permanent secretary of the Nobel Committee, quit in 2016."
    mt = "On Monday, Sarah Danius, the permanent secretary of the committee, announced in 2016."
    only_tgt, only_mt = word_diff(tgt, mt)
    flag = Flag("mistranslation", "major", "differs from the MT", tuple(only_tgt), tuple(only_mt))
    report = report_of([pair(i, src, tgt, mt, (flag,), paragraph=i // 5) for i in range(2000)])
    assert len(render_html(report).encode()) < 3_000_000


def test_index_links_reports_and_neutralises_hrefs() -> None:
    page = render_index(
        [
            IndexEntry("Leiderman <b>", "leiderman.html#pair-0", pairs=1, major=1, minor=0),
            IndexEntry("evil", "javascript:alert(1)", pairs=3, major=0, minor=1),
            IndexEntry("far", "//example.com/x", pairs=0, major=0, minor=0),
        ]
    )
    links = [a["href"] for a in parse(page).find("a")]
    assert links == ["leiderman.html#pair-0", "javascript%3Aalert%281%29", ".//example.com/x"]
    assert "Leiderman &lt;b&gt;" in page
    assert "<td>Total</td><td>4</td><td>1</td><td>1</td>" in page


def test_an_empty_flag_span_is_a_caret_in_its_place() -> None:
    dropped = Flag("omission", "major", "drops a clause", tgt_spans=((5, 5),))
    page = render_html(report_of([pair(0, "א", "Hello world", "Hello big world", (dropped,))]))
    assert 'Hello<mark class="m2 k10" data-n="1" data-f="1"></mark> world' in page
    assert "mark:empty::before" in "".join(parse(page).styles)


def test_people_see_pair_and_paragraph_numbers_from_one() -> None:
    """Rows read #1, ¶ 1; the anchors keep the JSON ids, which count from 0."""
    page = render_html(report_of([pair(0, "א", "A", "A"), pair(1, "ב", "B", "B", paragraph=1)]))
    assert '<a href="#pair-0">#1</a>' in page and '<a href="#pair-1">#2</a>' in page
    assert "¶ 1<" in page and "¶ 2<" in page
    assert "#0<" not in page and "¶ 0" not in page


def test_the_mt_column_is_named_by_the_reports_bridge() -> None:
    """Not by the first pair's bridges, which an unaligned first pair does not have."""
    first = replace(pair(0, "", "An added line.", ""), bridges=())
    page = render_html(report_of([first, pair(1, "א", "One", "One")], model="nllb.tsv"))
    assert "<div>MT <bdi>file:nllb.tsv</bdi></div>" in page


def test_the_header_counts_every_step_of_the_threshold_control() -> None:
    kept = Flag("addition", "major", "adds", tgt_spans=((0, 5),), confidence=0.8)
    held = Flag("mistranslation", "minor", "says", tgt_spans=((6, 9),), confidence=0.23)
    flagged = replace(pair(0, "א", "great and refused", "some", (kept,)), held_back=(held,))
    report = report_of([flagged, pair(1, "ב", "Clean", "Clean")])
    signed = replace(report, signature=Signature((DetectSettings().component(),)))
    counts = header(signed)
    assert counts.major.by_level == (1,) * 8 + (0,)
    assert counts.minor.by_level == (1, 1) + (0,) * 7, "the held flag from 0.2 down"
    assert counts.clean.by_level == (1,) * 8 + (2,)
    assert [(name, c.by_level) for _, name, c in counts.types] == [
        ("addition", (1,) * 8 + (0,)),
        ("mistranslation", (1, 1) + (0,) * 7),
    ]
    page = render_html(signed)
    assert '<li class="m1" data-k="1 1 0 0 0 0 0 0 0"' in page
    assert "<b>0</b> minor flags</li>" in page, "at the run's 0.5, none is shown"
    assert '<li data-k="1 1 0 0 0 0 0 0 0" hidden>mistranslation <b>0</b></li>' in page


def test_a_run_threshold_off_the_control_shows_the_nearest_step() -> None:
    """A run at --min-confidence 0 shows every flag the page has: the control's lowest step
    is chosen and the counts are those of that step."""
    held = Flag("mistranslation", "minor", "says", tgt_spans=((6, 9),), confidence=0.23)
    flagged = replace(pair(0, "א", "great and refused", "some"), held_back=(held,))
    settings = DetectSettings(min_confidence=0.0)
    report = replace(report_of([flagged]), signature=Signature((settings.component(),)))
    page = render_html(report)
    assert '<option value="1" selected>0.1</option>' in page
    assert "<b>1</b> minor flag</li>" in page
