"""The README's commands do what the README says, and the install it offers is light."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from translate_check.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HEAVY = ("torch", "transformers", "ray", "ctranslate2", "sentence_transformers")


def first_command() -> tuple[str, list[str], str]:
    """The install, the verify arguments and the paragraph after the README's first block."""
    block = re.search(r"```sh\n(.*?)\n```\n\n(.*?)\n\n", README, re.S)
    assert block is not None
    command, after = block.groups()
    install, check = command.split(" && ", 1)
    args = shlex.split(check)
    assert args[0] == "translate-check"
    # Only the checkout's fixtures are the checkout's; the report goes wherever the test runs,
    # whatever files a user has left in the checkout.
    return install, [str(ROOT / a) if a.startswith("fixtures/") else a for a in args[1:]], after


def test_first_command_exits_as_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, args, after = first_command()
    said = re.search(r"exit (\d)", after)
    assert said is not None, "the README says which exit code the first command ends with"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main([*args, "-q"])
    assert exited.value.code == int(said.group(1))
    assert "flags at or above `--fail-on`" in after
    assert (tmp_path / "report.json").stat().st_size > 0


def test_first_command_does_not_depend_on_files_left_in_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Command 1 leaves report.json in the checkout; command 2's tests must not mind."""
    left = ROOT / "report.json"
    made = not left.exists()
    if made:
        left.write_text("{}", encoding="utf-8")
    try:
        _, args, _ = first_command()
        assert str(left) not in args
        monkeypatch.chdir(tmp_path)
        with pytest.raises(SystemExit) as exited:
            main([*args, "-q"])
        assert exited.value.code == 1
        assert (tmp_path / "report.json").stat().st_size > 0
    finally:
        if made:
            left.unlink()


def test_first_install_is_the_light_one() -> None:
    install, _, _ = first_command()
    assert shlex.split(install)[:2] == ["pip", "install"]
    assert shlex.split(install)[-1] == ".", "no extras: the light install"
    core = " ".join(PYPROJECT["project"]["dependencies"])
    assert not [name for name in HEAVY if name.replace("_", "-") in core]
    assert re.search(r"light .*about \d+ MB", README, re.S), "the README gives its size"


def test_seed_case_needs_no_heavy_package() -> None:
    """What the light install lacks is never imported for a check against an MT file."""
    _, args, _ = first_command()
    args = [a for a in args if a not in ("--json", "report.json")]
    script = (
        "import sys\nfrom translate_check.cli import main\n"
        f"try:\n    main({[*args, '-q']!r})\nexcept SystemExit as exc:\n"
        f"    print(exc.code, sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split(None, 1) == ["1", "[]\n"], done.stderr


def test_every_extra_is_named_in_the_readme() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"hf", "ct2", "ray", "corpus", "st", "dev"} <= set(extras)
    for extra in extras:
        assert f"| `{extra}` |" in README, f"the README's table of extras names {extra}"
    dev = " ".join(extras["dev"])
    assert all(extra in dev for extra in extras if extra != "dev"), "dev installs everything"


def test_ci_docs_install_only_from_places_that_exist() -> None:
    ci = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "example.invalid" not in ci
    installs = re.findall(r"pip install [^\n`]*", ci)
    assert installs
    for install in installs:
        named = re.search(r"translate-check\[[\w,]+\]", install)
        assert named is None or "@ " in install, f"no release on PyPI to install: {install}"
    assert "repo: local" in ci
