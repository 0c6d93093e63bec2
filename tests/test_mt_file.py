"""The precomputed-translation bridge: lookup, other splitters, missing entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate_check.errors import InputError, MissingTranslationError
from translate_check.mt.file import FileTranslator, share_out


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_tsv_lookup_is_whitespace_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "mt.tsv", "שלום  עולם.\tHello world.\nמה שלומך?\tHow are you?\n")
    translator = FileTranslator(path)
    assert translator.translate(["מה שלומך?", " שלום עולם. "]) == ["How are you?", "Hello world."]
    assert translator.info.engine == "file"


def test_jsonl(tmp_path: Path) -> None:
    lines = [{"source": "אחת.", "translation": "One."}, {"source": "שתיים.", "translation": "Two."}]
    path = write(
        tmp_path, "mt.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines)
    )
    assert FileTranslator(path).translate(["שתיים.", "אחת."]) == ["Two.", "One."]


def test_segment_covering_two_entries_gets_both_translations(tmp_path: Path) -> None:
    path = write(tmp_path, "mt.tsv", "אחת.\tOne.\nשתיים.\tTwo.\nשלוש.\tThree.\n")
    assert FileTranslator(path).translate(["אחת. שתיים.", "שלוש."]) == ["One. Two.", "Three."]


def test_entry_covering_two_segments_is_shared_out(tmp_path: Path) -> None:
    path = write(tmp_path, "mt.tsv", "אחת. שתיים.\tOne. Two.\nשלוש.\tThree.\n")
    out = FileTranslator(path).translate(["אחת.", "שתיים.", "שלוש."])
    assert out == ["One.", "Two.", "Three."]


def test_share_out_by_words_when_translation_is_one_sentence() -> None:
    parts = share_out("the quick brown fox jumps over the dog", ["אבגד", "הוזח"])
    assert len(parts) == 2 and all(parts)
    assert " ".join(parts) == "the quick brown fox jumps over the dog"


def test_missing_translation_lists_examples(tmp_path: Path) -> None:
    path = write(tmp_path, "mt.tsv", "אחת.\tOne.\n")
    with pytest.raises(MissingTranslationError, match="1 source sentence"):
        FileTranslator(path).translate(["אחת.", "לא קיים."])


@pytest.mark.parametrize(
    ("name", "text"),
    [("bad.tsv", "no tab here\n"), ("bad.jsonl", '{"source": "x"}\n'), ("empty.tsv", "\n\n")],
)
def test_malformed_files_are_input_errors(tmp_path: Path, name: str, text: str) -> None:
    with pytest.raises(InputError):
        FileTranslator(write(tmp_path, name, text))
