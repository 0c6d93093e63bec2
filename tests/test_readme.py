"""The README's first command does what the README says it does."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from translate_check.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_first_command_exits_as_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)\n```\n\n(.*?)\n\n", readme, re.S)
    assert block is not None
    command, after = block.groups()
    said = re.search(r"exit (\d)", after)
    assert said is not None, "the README says which exit code the first command ends with"
    args = shlex.split(command.split("&& ", 1)[1])
    assert args[0] == "translate-check"
    paths = [str(ROOT / a) if (ROOT / a).exists() else a for a in args[1:]]
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main([*paths, "-q"])
    assert exited.value.code == int(said.group(1))
    assert "flags at or above `--fail-on`" in after
    assert os.path.getsize(tmp_path / "report.json") > 0
