"""The suites and resources pass Robocop's lint (with the rule against Sleep on) and are formatted as
pyproject.toml says ([tool.robocop.lint], [tool.robocop.format])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["suites", "resources", "tests/robot"]


def robocop(*args: str) -> subprocess.CompletedProcess:
    command = shutil.which("robocop", path=str(Path(sys.executable).parent)) or shutil.which("robocop")
    if command is None:
        pytest.fail("robocop is not installed: pip install '.[test]'")
    return subprocess.run([command, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_robocop_check_passes():
    done = robocop("check", *SOURCES)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_robocop_format_leaves_the_files_unchanged():
    done = robocop("format", "--check", "--diff", "--no-color", *SOURCES)
    assert done.returncode == 0, "run 'robocop format suites resources'\n" + done.stdout[-4000:] + done.stderr[-2000:]


def test_the_rule_against_sleep_is_on(tmp_path):
    suite = tmp_path / "sleepy.robot"
    suite.write_text("*** Test Cases ***\nSleepy\n    Sleep    1 s\n", encoding="utf-8")
    done = robocop("check", "--config", str(ROOT / "pyproject.toml"), str(suite))
    assert done.returncode != 0 and "KW01 Sleep keyword" in done.stdout, done.stdout + done.stderr
