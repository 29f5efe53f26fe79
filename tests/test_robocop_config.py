"""docs/robocop.toml, the Robocop settings offered to users for call scenarios: robocop runs with it on the
project's suites and resources and passes, it still catches a Sleep and a scenario longer than it allows, and
it says exactly what the project's own configuration (pyproject.toml) says."""

from __future__ import annotations

from pathlib import Path

import tomllib
from test_lint import ROOT, SOURCES, robocop

CONFIG = ROOT / "docs" / "robocop.toml"


def test_robocop_check_passes_on_the_suites_with_the_documented_config(tmp_path):
    copy = tmp_path / "robocop.toml"  # as a user copies it
    copy.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    done = robocop("check", "--config", str(copy), *SOURCES)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    done = robocop("format", "--config", str(copy), "--check", "--no-color", *SOURCES)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_documented_config_still_catches_sleep_and_overlong_scenarios(tmp_path):
    steps = "".join(f"    Wait For Agent Event    101    Event_{n}\n" for n in range(16))
    suite = tmp_path / "scenario.robot"
    suite.write_text("*** Test Cases ***\nSleepy\n    Sleep    1 s\n\nSixteen Steps\n" + steps, encoding="utf-8")
    done = robocop("check", "--config", str(CONFIG), str(suite))
    assert done.returncode != 0
    assert "KW01 Sleep keyword" in done.stdout, done.stdout
    assert "Test case 'Sixteen Steps' has too many keywords inside (16/15)" in done.stdout, done.stdout
    assert "missing-doc-test-case" not in done.stdout and "DOC02" not in done.stdout


def test_the_documented_config_is_the_projects_own():
    documented = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["robocop"]
    assert documented["lint"] == project["lint"]
    assert documented["format"] == project["format"]


def test_the_readme_points_to_it():
    assert "docs/robocop.toml" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert Path(CONFIG).is_file()
