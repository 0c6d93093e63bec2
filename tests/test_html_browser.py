"""The HTML report in a real browser: headless Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from bench.html_scale import CHROMIUM_ARGS
from tests.test_html import PAYLOADS, pair, report_of
from translate_check.detect import DetectSettings
from translate_check.model import Bridge, Flag, Signature
from translate_check.report.html import IndexEntry, render_html, render_index

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@dataclass
class Opened:
    """A loaded page and what it reported while loading and afterwards."""

    page: Any
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def visible_rows(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "section.r", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)"
        )

    def focused(self) -> str:
        return self.page.evaluate("document.activeElement.id")


@pytest.fixture
def open_page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def load(page_html: str, name: str = "report.html") -> Opened:
        path = tmp_path / name
        path.write_text(page_html, encoding="utf-8")
        opened = Opened(context.new_page())
        page = opened.page
        page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("request", lambda r: r.url != path.as_uri() and opened.requests.append(r.url))

        def dismiss(dialog: Any) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(path.as_uri())
        return opened

    yield load
    context.close()


@pytest.fixture(scope="module")
def leiderman(leiderman_run: tuple[str, dict]) -> tuple[str, dict]:
    return leiderman_run


def flagged_report() -> str:
    """Clean, minor, major and unaligned rows, so filters and navigation have work to do."""
    major = Flag("addition", "major", "adds a clause", tgt_spans=((6, 13),))
    minor = Flag("intensity", "minor", "great vs some", tgt_spans=((0, 5),), mt_spans=((0, 4),))
    return render_html(
        report_of(
            [
                pair(0, "א", "Clean one", "Clean one"),
                pair(1, "ב", "great pressure", "some pressure", (minor,)),
                pair(2, "ג", "Clean two", "Clean two"),
                pair(3, "ד", "Vadim refused", "Vadim", (major,), paragraph=1),
                pair(4, "ה", "", "Left out", (Flag("omission", "major", "not translated"),)),
                pair(5, "ו", "great effort", "some effort", (minor,)),
                pair(6, "ז", "Clean three", "Clean three", extra=(Bridge("hf:x", "Clean 3"),)),
            ]
        )
    )


def test_leiderman_loads_cleanly_with_hebrew_right_to_left(
    open_page: Any, leiderman: tuple[str, dict]
) -> None:
    page_html, data = leiderman
    opened = open_page(page_html)
    assert opened.errors == [] and opened.requests == []
    cells = opened.page.eval_on_selector_all(
        ".c.he",
        "cs => cs.map(c => [getComputedStyle(c).direction, getComputedStyle(c).textAlign])",
    )
    assert len(cells) == len(data["pairs"])
    assert set(map(tuple, cells)) == {("rtl", "right")}
    assert opened.visible_rows() == [p["anchor"] for p in data["pairs"]]


def test_leiderman_screenshot(open_page: Any, leiderman: tuple[str, dict]) -> None:
    opened = open_page(leiderman[0])
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "leiderman-report.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_leiderman_flagged_filter_shows_exactly_the_flagged_pairs(
    open_page: Any, leiderman: tuple[str, dict]
) -> None:
    page_html, data = leiderman
    opened = open_page(page_html)
    opened.page.select_option("#f-sev", "flagged")
    assert opened.visible_rows() == [p["anchor"] for p in data["pairs"] if p["flags"]]
    opened.page.select_option("#f-sev", "major")
    assert opened.visible_rows() == [p["anchor"] for p in data["pairs"] if p["severity"] == "major"]


def test_filters_hide_clean_rows_and_keep_every_flagged_one(open_page: Any) -> None:
    opened = open_page(flagged_report())
    page = opened.page
    assert len(opened.visible_rows()) == 7
    page.select_option("#f-sev", "flagged")
    assert opened.visible_rows() == ["pair-1", "pair-3", "pair-4", "pair-5"]
    assert page.text_content("#shown") == "4 of 7 pairs shown"
    page.select_option("#f-sev", "major")
    assert opened.visible_rows() == ["pair-3", "pair-4"]
    page.select_option("#f-sev", "all")
    page.select_option("#f-type", label="intensity (2)")
    assert opened.visible_rows() == ["pair-1", "pair-5"]
    page.select_option("#f-type", "")
    assert len(opened.visible_rows()) == 7
    assert opened.errors == []


def test_next_and_previous_flag_keys_move_focus(open_page: Any) -> None:
    opened = open_page(flagged_report())
    page = opened.page
    steps = []
    for key in ("j", "j", "n", "k", "p"):
        page.keyboard.press(key)
        steps.append(opened.focused())
    assert steps == ["pair-1", "pair-3", "pair-4", "pair-3", "pair-1"]
    assert page.evaluate("location.hash") == "#pair-1"
    page.select_option("#f-sev", "major")
    page.click("#next")
    assert opened.focused() == "pair-3"
    page.keyboard.press("Escape")
    page.locator("#pair-3").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert opened.focused() == "pair-3", "wraps around past the last major row"
    assert opened.errors == []


def test_injected_markup_stays_text(open_page: Any) -> None:
    rows = []
    for n, payload in enumerate(PAYLOADS):
        flag = Flag("addition", "major", payload, tgt_spans=((0, 4),), mt_spans=((0, 2),))
        rows.append(pair(n, payload, payload, payload, (flag,), extra=(Bridge(payload, payload),)))
    opened = open_page(render_html(report_of(rows, path=PAYLOADS[1], model=PAYLOADS[0])))
    page = opened.page
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == []
    for n, payload in enumerate(PAYLOADS):
        for cell in (".c.he", ".c.en", ".fl bdi", "details dd"):
            assert page.text_content(f"#pair-{n} {cell}") == payload
        assert page.text_content(f"#pair-{n} .c.mt").startswith(payload)
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert PAYLOADS[1] in page.title()


def test_numbers_and_latin_names_keep_their_order_inside_hebrew(open_page: Any) -> None:
    src = "ליידרמן פגש את Vadim Smith בשנת 2011."
    opened = open_page(render_html(report_of([pair(0, src, "x", "x")], path="מקור.txt")))
    boxes = opened.page.evaluate(
        """src => {
          const node = document.querySelector('#pair-0 .c.he').firstChild;
          const box = (word) => {
            const r = document.createRange(), i = node.data.indexOf(word);
            r.setStart(node, i); r.setEnd(node, i + word.length);
            return r.getBoundingClientRect().left;
          };
          return Object.fromEntries(['ליידרמן', 'Vadim', 'Smith', '20', '11', 'בשנת']
            .map(w => [w, box(w)]));
        }""",
        src,
    )
    assert boxes["ליידרמן"] > boxes["Vadim"], "Hebrew reads right to left"
    assert boxes["Vadim"] < boxes["Smith"], "a Latin name keeps its own order"
    assert boxes["20"] < boxes["11"], "digits keep their order"
    assert boxes["Vadim"] > boxes["בשנת"] > boxes["20"]
    assert opened.errors == []


def test_print_stylesheet_hides_controls(open_page: Any) -> None:
    opened = open_page(flagged_report())
    opened.page.emulate_media(media="print")
    assert opened.page.evaluate(
        "getComputedStyle(document.querySelector('.controls')).display"
    ) == ("none")
    assert opened.page.evaluate(
        "getComputedStyle(document.querySelector('section.r')).contentVisibility"
    ) == ("visible")


def test_index_page_links_to_a_report_row(open_page: Any, tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(flagged_report(), encoding="utf-8")
    entry = IndexEntry("leiderman", "report.html#pair-3", pairs=7, major=2, minor=2)
    opened = open_page(render_index([entry]), name="index.html")
    assert opened.errors == []
    opened.page.click("text=leiderman")
    opened.page.wait_for_url("**/report.html#pair-3")
    assert opened.page.evaluate("document.querySelector(':target').id") == "pair-3"


def test_word_diff_shows_only_when_asked_for(open_page: Any) -> None:
    page_html = render_html(
        report_of([pair(0, "א", "They gave their support.", "They gave its backing.")])
    )
    opened = open_page(page_html)
    decoration = "els => els.map(e => [e.textContent, getComputedStyle(e).textDecorationLine])"
    shown = dict(map(tuple, opened.page.eval_on_selector_all(".c.en ins", decoration)))
    assert shown == {"their ": "none", "support": "none"}, "by default only flags are marked"
    opened.page.select_option("#f-diff", "content")
    shown = dict(map(tuple, opened.page.eval_on_selector_all(".c.en ins", decoration)))
    assert shown == {"their ": "none", "support": "underline"}
    opened.page.select_option("#f-diff", "all")
    shown = dict(map(tuple, opened.page.eval_on_selector_all(".c.en ins", decoration)))
    assert shown == {"their ": "underline", "support": "underline"}
    assert opened.errors == []


def test_a_flag_shows_its_hebrew_english_and_mt_together(
    open_page: Any, leiderman: tuple[str, dict]
) -> None:
    page_html, data = leiderman
    opened = open_page(page_html)
    page = opened.page
    (pair_id,) = [
        p["id"]
        for p in data["pairs"]
        for f in p["flags"]
        if f["type"] == "intensity" and "כלשהו" in p["src_text"]
    ]
    row = f"#pair-{pair_id}"
    hebrew = page.eval_on_selector_all(f"{row} .c.he mark", "els => els.map(e => e.textContent)")
    assert "כלשהו" in hebrew
    background = "e => getComputedStyle(e).backgroundColor"
    marked = page.locator(f"{row} .c.he mark", has_text="כלשהו")
    assert marked.evaluate(background) != "rgba(0, 0, 0, 0)"
    item = page.locator(f"{row} .fl li", has_text="intensity")
    assert item.get_attribute("data-f") in (marked.get_attribute("data-f") or "").split(",")
    item.hover()
    current = page.eval_on_selector_all(
        f"{row} .cur", "els => els.map(e => e.closest('.c, .fl').className)"
    )
    assert {"c he", "c en", "c mt", "fl"} <= set(current)
    assert page.eval_on_selector(f"{row} .c.he .cur", "e => e.textContent") == "כלשהו"
    outline = page.eval_on_selector(f"{row} .c.he .cur", "e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    page.hover(f"{row} .meta")  # pointing at no flag lets go
    assert page.eval_on_selector_all("main .cur", "els => els.length") == 0
    assert opened.errors == []


def test_signature_is_folded_and_copied(open_page: Any, leiderman: tuple[str, dict]) -> None:
    page_html, data = leiderman
    opened = open_page(page_html)
    page = opened.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert not page.is_visible("#sig"), "the full signature is folded"
    page.click("details.sig summary")
    assert page.is_visible("#sig")
    page.click("#copy-sig")
    page.wait_for_function("document.getElementById('copy-sig').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == data["tool"]["signature"]
    assert opened.errors == []


def test_the_threshold_control_shows_held_back_flags(open_page: Any) -> None:
    kept = Flag("addition", "major", "adds a clause", tgt_spans=((10, 17),), confidence=0.8)
    held = Flag("mistranslation", "major", "says great", tgt_spans=((0, 5),), confidence=0.23)
    base = pair(0, "מנוף לחץ כלשהו", "great and refused", "some pressure", (kept,))
    report = report_of([replace(base, held_back=(held,))])
    signed = replace(report, signature=Signature((DetectSettings().component(),)))
    opened = open_page(render_html(signed))
    page = opened.page
    assert page.is_visible(".fl li.k8") and not page.is_visible(".fl li.hb")
    background = "e => getComputedStyle(e).backgroundColor"
    number = "e => getComputedStyle(e, '::after').content"
    assert page.eval_on_selector("ins.k2", background) == "rgba(0, 0, 0, 0)"
    assert page.eval_on_selector("ins.k2", number) in ("none", "normal")
    page.select_option("#f-conf", "2")
    assert page.is_visible(".fl li.hb") and page.is_visible(".fl li.k8")
    assert page.eval_on_selector("ins.k2", background) != "rgba(0, 0, 0, 0)"
    assert page.eval_on_selector("ins.k2", number) == '"2"'
    page.select_option("#f-conf", "9")
    assert not page.is_visible(".fl li.k8")
    assert opened.errors == []


def test_the_header_follows_the_threshold_control(open_page: Any) -> None:
    """Counts and flag types say what the page shows at the chosen confidence."""
    kept = Flag("addition", "major", "adds a clause", tgt_spans=((10, 17),), confidence=0.8)
    held = Flag("mistranslation", "minor", "says great", tgt_spans=((0, 5),), confidence=0.23)
    base = pair(0, "מנוף לחץ כלשהו", "great and refused", "some pressure", (kept,))
    report = report_of([replace(base, held_back=(held,)), pair(1, "ב", "Clean", "Clean")])
    signed = replace(report, signature=Signature((DetectSettings().component(),)))
    opened = open_page(render_html(signed))
    page = opened.page

    def header() -> tuple[list[str], list[str], list[str]]:
        counts = page.eval_on_selector_all(".counts li", "ls => ls.map(l => l.innerText)")
        types = page.eval_on_selector_all(
            ".types li", "ls => ls.filter(l => !l.hidden).map(l => l.innerText)"
        )
        options = page.eval_on_selector_all(
            "#f-type option", "os => os.filter(o => !o.hidden).map(o => o.textContent)"
        )
        return counts[1:4], types, options

    assert header() == (
        ["1 major flag", "0 minor flags", "1 clean pair"],
        ["addition 1"],
        ["any type", "addition (1)"],
    )
    page.select_option("#f-conf", "2")
    assert header() == (
        ["1 major flag", "1 minor flag", "1 clean pair"],
        ["addition 1", "mistranslation 1"],
        ["any type", "addition (1)", "mistranslation (1)"],
    )
    page.select_option("#f-type", label="mistranslation (1)")
    assert opened.visible_rows() == ["pair-0"]
    page.select_option("#f-conf", "9")
    assert header()[0] == ["0 major flags", "0 minor flags", "2 clean pairs"]
    assert opened.visible_rows() == [], "no mistranslation flag at 0.9"
    assert opened.errors == []
