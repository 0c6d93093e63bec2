"""Running the command line inside a test."""

from __future__ import annotations

import pytest

from translate_check.cli import main


def run_cli(args: list[str]) -> int:
    """The exit code of ``translate-check ARGS`` run in this process."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    return int(exited.value.code or 0)
