"""Independent items of work shared between forked processes of this one.

Checking a pair needs only the document's state, built before the processes
are forked, so children start from that state for free and hand their results
back pickled through a pipe. Items are handed out a few at a time to whichever
process asks first, so a process that started late (this one, while it aligns
the sentences) or works slower takes fewer, and every process ends at about the
same time. Off Linux, where forking a process that has loaded native libraries
is not always safe, everything stays in this process.
"""

from __future__ import annotations

import mmap
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Generic, TypeVar

FORK_MIN_ITEMS = 100
"""Fewest items (pairs) worth a process of their own: forking and handing the results back
cost about what checking a dozen pairs does, so a short document stays in one process."""
CHUNK = 4
"""Fewest items handed out at a time. A process asking for work gets the larger of this and
a share of what is left (guided scheduling): long runs of neighbouring items first, whose
sentences share words and so the per-word facts each process keeps, and short ones at the
end, so that the processes end within a few pairs of each other."""

R = TypeVar("R")


def can_fork() -> bool:
    """Whether work may be forked here (Linux)."""
    return sys.platform.startswith("linux")


def processes(workers: int, count: int) -> int:
    """How many processes ``count`` items are worth, up to ``workers``."""
    return max(1, min(workers, count // FORK_MIN_ITEMS)) if can_fork() else 1


def forked_map(work: Callable[[int], R], count: int, workers: int) -> list[R]:
    """``[work(k) for k in range(count)]``, shared between up to ``workers`` processes.

    A child that cannot be forked, or that fails, leaves its items to this process,
    which then meets (and raises) a failing item's error itself.
    """
    shares = processes(workers, count)
    if shares <= 1:
        return [work(k) for k in range(count)]
    with Ahead(work, count, shares - 1) as ahead:
        done = ahead.take(range(count))
    return [done[k] for k in range(count)]


class _Claims:
    """A counter of items handed out, shared by this process and its forked children.

    The counter lives in shared memory; a one-byte token in a pipe is its lock, which
    every process reads to take and writes back to give up.
    """

    def __init__(self, count: int, processes: int) -> None:
        self.count, self.processes = count, processes
        self._next = mmap.mmap(-1, 8)
        self._lock = os.pipe()
        os.write(self._lock[1], b"\0")

    def claim(self) -> range:
        """The next items to work on; an empty range once all are handed out."""
        os.read(self._lock[0], 1)
        try:
            start = min(int.from_bytes(self._next[:8], "little"), self.count)
            end = min(start + max(CHUNK, (self.count - start) // (2 * self.processes)), self.count)
            self._next[:8] = end.to_bytes(8, "little")
        finally:
            os.write(self._lock[1], b"\0")
        return range(start, end)

    def close(self) -> None:
        for fd in self._lock:
            os.close(fd)
        self._next.close()


class Ahead(Generic[R]):
    """``work`` on items ``0 .. count-1``, started now in ``children`` forked processes.

    This process joins in when it asks for results (:meth:`take`), so it can do other
    work meanwhile, such as aligning the sentences whose pairs the children check on a
    guess. Use it as a context manager: leaving it ends and reaps every child it
    started, whatever happened.
    """

    def __init__(self, work: Callable[[int], R], count: int, children: int) -> None:
        self.work = work
        self.claims = _Claims(count, children + 1)
        self.children: list[tuple[int, int]] = []
        for _ in range(children):
            try:
                self.children.append(_fork(self._share))
            except OSError:  # no process to be had: the others take its items
                break

    def _share(self) -> list[tuple[int, R]]:
        """A child's part: items as long as any are left."""
        done: list[tuple[int, R]] = []
        while chunk := self.claims.claim():
            done.extend((k, self.work(k)) for k in chunk)
        return done

    def take(self, wanted: Iterable[int]) -> dict[int, R]:
        """The results of the ``wanted`` items: this process works on the items still
        left (skipping those not wanted), then gathers the children's, and does any
        wanted item a failed child left undone."""
        want = set(wanted)
        done: dict[int, R] = {}
        while chunk := self.claims.claim():
            done.update((k, self.work(k)) for k in chunk if k in want)
        while self.children:
            data = _collect(*self.children.pop(0))
            if data:
                done.update((k, r) for k, r in pickle.loads(data) if k in want)
        for k in sorted(want - done.keys()):
            done[k] = self.work(k)
        return done

    def __enter__(self) -> Ahead[R]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for pid, read in self.children:  # left early: end what it started
            os.close(read)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        self.children = []
        self.claims.close()


def _collect(pid: int, read: int) -> bytes:
    """A child's pickled results once it has ended, or nothing where it failed."""
    try:
        with os.fdopen(read, "rb") as got:
            data = got.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    return data if os.waitpid(pid, 0)[1] == 0 else b""


def _fork(work: Callable[[], object]) -> tuple[int, int]:
    """A child that writes ``work()``, pickled, to a pipe: its process id and the pipe's
    end to read it from."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the child: its results into the pipe, then gone without clean-up
        os.close(read)
        code = 1
        try:
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out, pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read
