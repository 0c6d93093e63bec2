"""Hebrew word links: prefixes, lemmas (with hspell and without), names, numbers, and the
Hebrew each flag is about."""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.cli import run_cli
from translate_check import hebrew
from translate_check import links as linking
from translate_check.detect import DetectSettings
from translate_check.detect.evidence import gather
from translate_check.hebrew import (
    GLOSSES,
    HSPELL_MISSING,
    Hspell,
    Reading,
    analyse,
    bare_readings,
    parse_hspell,
    tokenize_hebrew,
)
from translate_check.links import HebrewParameters, link_pair, locate, witness
from translate_check.model import Bridge, Flag
from translate_check.report.json_report import schema
from translate_check.words import align_words, tokenize

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"
needs_hspell = pytest.mark.skipif(shutil.which("hspell") is None, reason="hspell not installed")

HSPELL_OUTPUT = """\
מילה חוקית: בשורה
\tבשורה(ע,נ,יחיד)
צירוף חוקי: ב+שורה
\tשורה(ע,נ,יחיד)
צירוף חוקי: ה+רוסים
\tרוסיה(ע,ז,רבים)
מילה חוקית: נתניהו
\tשונות(ע,פרטי)
שגיאות כתיב שנמצאו:

ליידרמן
"""


def test_prefixes_split_without_an_analyser() -> None:
    readings = bare_readings("ובישראל")
    assert Reading("", "ובישראל", "ובישראל") in readings
    assert Reading("וב", "ישראל", "ישראל") in readings
    assert bare_readings("דובר") == (Reading("", "דובר", "דובר"),)


def test_hspell_output_gives_splits_lemmas_and_names() -> None:
    found = parse_hspell(HSPELL_OUTPUT)
    assert Reading("ב", "שורה", "שורה") in found["בשורה"]
    assert Reading("", "בשורה", "בשורה") in found["בשורה"]
    assert found["הרוסים"] == (Reading("ה", "רוסים", "רוסיה"),)
    assert found["נתניהו"] == (Reading("", "נתניהו", "נתניהו", proper=True),)
    assert "ליידרמן" not in found  # unknown words keep every split


def test_each_line_of_the_gloss_table_is_its_own_entries() -> None:
    assert GLOSSES["עד"] == {"until", "till", "to"}
    assert GLOSSES["בין"] == {"between", "among"}
    assert "apparently" in GLOSSES["הנראה"] and "הנראה" not in GLOSSES["כנראה"]


def test_tokens_keep_offsets_numbers_and_grammar_words() -> None:
    text = "שיגרו את הלווין עמוס 4, שתי המדינות."
    tokens = tokenize_hebrew(text)
    assert [text[t.start : t.end] for t in tokens] == [t.text for t in tokens]
    assert [t.text for t in tokens] == ["שיגרו", "את", "הלווין", "עמוס", "4", "שתי", "המדינות"]
    assert tokens[4].number == 4 and tokens[5].number == 2
    assert tokens[1].function and tokens[1].unwritten and tokens[2].content


@needs_hspell
def test_hspell_lemmas_and_proper_nouns() -> None:
    found, warning = analyse(["הרוסים החליטו לגרשו מישראל"])
    assert warning is None
    assert "רוסיה" in {r.lemma for r in found["הרוסים"]}
    assert any(r.proper and r.form == "ישראל" and r.prefix == "מ" for r in found["מישראל"])
    token = tokenize_hebrew("מישראל", found)[0]
    assert token.proper


def test_missing_hspell_is_one_warning_and_links_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hebrew, "find_hspell", lambda: None)
    found, warning = analyse(["הרוסים החליטו"])
    assert found == {} and warning == HSPELL_MISSING and "\n" not in warning
    links = link_pair("ליידרמן דחה את ההצעה", "Leiderman refused the offer", [])
    assert links.english[0][0].how == "translit"


def test_an_hspell_that_fails_is_one_warning(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(hebrew, "find_hspell", lambda: Hspell(str(tmp_path / "no-hspell")))
    found, warning = analyse(["הרוסים החליטו"])
    assert found == {} and warning is not None and warning.startswith("hspell failed")
    assert "\n" not in warning


def test_names_and_numbers_tie_the_hebrew_to_the_english() -> None:
    src = "רק השבוע נודע כי טיל רוסי ישגר לחלל את הלווין עמוס 4 עבור שתי המדינות."
    tgt = "This week Russia will launch the Israeli satellite Amos 4 for the two countries."
    links = link_pair(src, tgt, [])
    by_word = {
        tok.text: [(links.hebrew[k.hebrew].text, k.how) for k in found]
        for tok, found in zip(tokenize(tgt), links.english, strict=True)
    }
    assert by_word["Amos"] == [("עמוס", "translit")]
    assert by_word["4"] == [("4", "number")]
    assert by_word["two"] == [("שתי", "number")]
    assert by_word["Russia"] == [("רוסי", "translit")]
    amos = next(t.index for t in links.hebrew if t.text == "עמוס")
    assert [tokenize(tgt)[i].text for i in links.renders[amos]] == ["Amos"]
    for h, english in enumerate(links.renders):  # what renders a Hebrew word is no guess
        assert all(any(k.hebrew == h and not k.placed for k in links.english[i]) for i in english)
    assert any(k.placed for found in links.english for k in found)


def test_grammar_words_and_prefixes_anchor_the_rest() -> None:
    src = "נבדק ונמצא דובר אמת בשורה של היבטים"
    mt = "was found to be telling the truth on a number of aspects"
    links = link_pair(src, "", [Bridge("mt", mt)])
    hebrew = [" ".join(links.hebrew[k.hebrew].text for k in found) for found in links.bridges[0]]
    words = [t.text for t in tokenize(mt)]
    assert hebrew[words.index("on")] == "בשורה"
    assert hebrew[words.index("number")] == "בשורה"
    assert hebrew[words.index("of")] == "של"
    assert hebrew[words.index("found")] in {"ונמצא", "נבדק"}


def test_the_english_borrows_a_bridge_words_hebrew() -> None:
    src = "ליידרמן פעל לקדם עסקאות נשק"
    mt = "Leiderman worked to promote arms deals"
    tgt = "Leiderman worked to advance arms deals"
    links = link_pair(src, tgt, [Bridge("mt", mt)], [align_words(tgt, mt)])
    hows = [found[0].how for found in links.english]
    assert hows[0] == "translit"
    assert hows[1].startswith("bridge:")  # "worked" through the bridge's "worked"


def test_flags_get_the_hebrew_of_their_mt_spans_and_additions_none() -> None:
    src = "מנוף לחץ כלשהו על ליידרמן"
    mt = "some kind of pressure lever on Leiderman"
    tgt = "great pressure on Leiderman, and he was deported"
    links = link_pair(src, tgt, [Bridge("mt", mt)], [align_words(tgt, mt)])
    shift = Flag("intensity", "major", "m", tgt_spans=((0, 5),), mt_spans=((0, 12),))
    added = Flag("addition", "major", "m", tgt_spans=((29, 49),))
    located = locate([shift, added], links, src, tgt, mt)
    assert [src[s:e] for s, e in located[0].src_spans] == ["כלשהו"]
    assert located[1].src_spans == ()


def test_a_hebrew_sentence_with_no_english_is_all_of_it() -> None:
    flag = Flag("omission", "major", "m")
    (located,) = locate([flag], None, " אין תרגום. ", "", "")
    assert located.src_spans == ((1, 11),)
    assert locate([flag], None, "", "English only", "") == (flag,)


def test_a_run_without_hspell_says_so_once_and_still_locates_flags(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(hebrew, "find_hspell", lambda: None)
    out = tmp_path / "report.json"
    args = [str(LEIDERMAN / name) for name in ("he.txt", "en.txt")]
    mt = ["--mt-file", str(LEIDERMAN / "reference.tsv")]
    assert run_cli(["verify", *args, *mt, "-q", "--exit-zero", "--json", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("hspell is not installed") == 1 and err.strip().count("\n") == 0, err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert HSPELL_MISSING in report["notes"]
    jsonschema.validate(report, schema())
    spans = [
        p["src_text"][s:e]
        for p in report["pairs"]
        for f in p["flags"]
        if f["type"] == "intensity"
        for s, e in f["src_spans"]
    ]
    assert "כלשהו" in spans


def test_the_hebrew_witnesses_each_english_word() -> None:
    """The Hebrew backs a word it visibly writes (a number, a name, a grammar word) and
    contradicts a number it lacks or a quantifier it has no word for."""
    hebrew_text = "רק השבוע נודע כי טיל רוסי ישגר את הלווין עמוס 4."
    english = "Only this week all learned that Russia will launch the satellite Amos 5."
    mt = "Just this week it became known that a Russian rocket will launch the Amos 4 satellite."
    bridges = (Bridge("mt", mt),)
    words = align_words(english, mt)
    tokens = tokenize(english)
    links = link_pair(hebrew_text, english, bridges, (words,))
    name_like = [t.capitalized and t.index > 0 for t in tokens]
    heard = witness(links, tokens, name_like)
    at = {t.text: t.index for t in tokens}
    assert heard.tied[at["Amos"]] and heard.tied[at["Only"]]
    assert heard.number_unwritten[at["5"]] and not heard.tied[at["5"]]
    assert heard.gloss_untied[at["all"]] and not heard.gloss_untied[at["Only"]]
    assert not any(heard.number_unwritten[i] for i in at.values() if i != at["5"])


def test_without_glosses_only_numbers_and_names_tie() -> None:
    english = "Only this week Amos 4."
    hebrew_text = "רק השבוע עמוס 4."
    found = link_pair(hebrew_text, english, (), (), None, glosses=False)
    hows = {t.text: found.english[t.index][0].how for t in tokenize(english)}
    assert hows["Amos"] == "translit" and hows["4"] == "number"
    assert hows["Only"] == "position"
    assert link_pair(hebrew_text, english, ()).english[0][0].how == "gloss"


def test_the_witness_is_a_setting_that_reaches_the_evidence() -> None:
    hebrew_text = "רק השבוע עמוס 4."
    english = "Only this week Amos 5."
    bridges = (Bridge("mt", "Just this week Amos 4."),)
    heard = gather(hebrew_text, english, bridges)
    unheard = gather(hebrew_text, english, bridges, hebrew=HebrewParameters(witness=False))
    assert heard.witness is not None and heard.links is not None
    assert unheard.witness is None and unheard.links is not None
    assert (
        DetectSettings().component() != DetectSettings(hebrew=HebrewParameters(False)).component()
    )
    assert gather("数字 4", "The number 4.", bridges).witness is None


def test_the_anchor_chain_is_the_same_by_scan_and_by_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paragraph's many ties go through a tree of prefix maxima: the chain it finds is the
    one the scan finds, equal weights included (the first of the heaviest chains wins)."""
    rng = random.Random(7)
    for _ in range(400):
        hebrew, english = rng.randint(1, 60), rng.randint(1, 60)
        weight = {
            (rng.randrange(hebrew), rng.randrange(english)): rng.choice([0.01, 1.0, 1.5, 3.0])
            for _ in range(rng.randint(1, 120))
        }
        monkeypatch.setattr(linking, "SCAN_MAX", 10**9)
        scanned = linking._monotone(weight)
        monkeypatch.setattr(linking, "SCAN_MAX", 0)
        assert linking._monotone(weight) == scanned
        assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(scanned))
