"""Pairs checked in forked processes: the same results, in order, as in one process."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import translate_check.forked as forked
import translate_check.pipeline as pipeline
from translate_check.cli import options
from translate_check.forked import FORK_MIN_ITEMS, forked_map
from translate_check.model import Bead
from translate_check.mt.file import FileTranslator
from translate_check.pipeline import read_document, verify

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="pairs are forked on Linux only"
)

LEIDERMAN = Path(__file__).resolve().parents[1] / "fixtures" / "leiderman"


def _children() -> set[int]:
    """This process's children, running or not yet waited for (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


def test_shares_come_back_in_order() -> None:
    before = _children()
    count = 3 * FORK_MIN_ITEMS + 7
    assert forked_map(lambda k: (k, k * k), count, 3) == [(k, k * k) for k in range(count)]
    assert _children() <= before


def test_a_child_that_fails_leaves_its_share_to_this_process() -> None:
    parent = os.getpid()

    def work(k: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return k

    count = 2 * FORK_MIN_ITEMS
    assert forked_map(work, count, 2) == list(range(count))


@pytest.mark.parametrize("bad", [0, 2 * FORK_MIN_ITEMS - 1])
def test_an_error_reaches_the_caller_and_no_child_is_left(bad: int) -> None:
    def work(k: int) -> int:
        if k == bad:
            raise ValueError("bad pair")
        return k

    before = _children()
    with pytest.raises(ValueError, match="bad pair"):
        forked_map(work, 2 * FORK_MIN_ITEMS, 2)
    assert _children() <= before


def test_a_process_that_cannot_be_forked_leaves_its_share_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError("no more processes")

    monkeypatch.setattr(os, "fork", no_fork)
    count = 3 * FORK_MIN_ITEMS
    assert forked_map(lambda k: -k, count, 3) == [-k for k in range(count)]


def test_few_items_stay_in_this_process() -> None:
    parent = os.getpid()
    assert forked_map(lambda k: os.getpid(), FORK_MIN_ITEMS, 4) == [parent] * FORK_MIN_ITEMS


def test_a_report_is_the_same_from_several_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "FORK_MIN_ITEMS", 2)
    source = read_document(LEIDERMAN / "he.txt", "he")
    target = read_document(LEIDERMAN / "en.txt", "en")
    bridge = [FileTranslator(LEIDERMAN / "reference.tsv")]
    one = verify(source, target, bridge, workers=1)
    three = verify(source, target, bridge, workers=3)
    assert len(one.pairs) >= 6
    assert replace(three, created=one.created) == one


def test_a_busy_machine_gets_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert options.cores() == 4  # this program alone: every core
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 1.0, 1.0))
    assert options.cores() == 2  # two cores busy with others
    monkeypatch.setattr(os, "getloadavg", lambda: (40.0, 1.0, 1.0))
    assert options.cores() == 1


def test_a_process_that_asks_late_takes_only_what_is_left_and_wanted() -> None:
    before = _children()
    count = 4 * FORK_MIN_ITEMS
    with forked.Ahead(lambda k: k * k, count, 2) as ahead:
        done = ahead.take(range(0, count, 3))
    assert done == {k: k * k for k in range(0, count, 3)}
    assert _children() <= before


def test_pairs_checked_on_a_guess_are_those_of_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked, "FORK_MIN_ITEMS", 2)
    source = read_document(LEIDERMAN / "he.txt", "he")
    target = read_document(LEIDERMAN / "en.txt", "en")
    n = len(source.sentences)
    target = replace(target, sentences=target.sentences[:n])  # as many sentences each side
    # merges, a split and skips beside beads the guess (sentence k with sentence k) has
    beads = [
        Bead((0, 1), (0,)),
        Bead((), (1,)),
        Bead((2,), (2,)),
        Bead((3,), (3, 4)),
        Bead((4,), ()),
        *(Bead((k,), (k,)) for k in range(5, n)),
    ]
    monkeypatch.setattr(pipeline, "align", lambda *args, **kwargs: beads)
    finished = []
    finish = pipeline.Guess.finish
    monkeypatch.setattr(
        pipeline.Guess, "finish", lambda self, *a: finished.append(1) or finish(self, *a)
    )
    bridge = [FileTranslator(LEIDERMAN / "reference.tsv")]
    one = verify(source, target, bridge, workers=1)
    assert not finished
    three = verify(source, target, bridge, workers=3)
    assert finished, "the pairs were checked on the guess"
    assert [(p.src, p.tgt) for p in one.pairs] == [(b.src, b.tgt) for b in beads]
    assert replace(three, created=one.created) == one
