"""The habits of a maintained library, checked: tests test the working tree (not an installed copy), the
dependencies are ranges with a pinned set for CI, lint is clean, the test tiers name real tests, the suites
pass a dry run without pabot, no test installs system packages, and the README's layout lists every module."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from robot.api import ExecutionResult

import CCGatewayLibrary

from conftest import ACCEPTANCE, SLOW

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "CCGatewayLibrary"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _loaded_package_files() -> list[Path]:
    return [
        Path(module.__file__).resolve()
        for name, module in list(sys.modules.items())
        if name.split(".")[0] == "CCGatewayLibrary" and getattr(module, "__file__", None)
    ]


@pytest.fixture
def probe():
    """A module written into the package for this test only: found only by a process that imports the tree."""
    name, token = f"_tree_probe_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    path = PACKAGE / f"{name}.py"
    path.write_text(f"TOKEN = {token!r}\n", encoding="utf-8")
    try:
        yield name, token
    finally:
        path.unlink()
        sys.modules.pop(f"CCGatewayLibrary.{name}", None)
        for cached in (PACKAGE / "__pycache__").glob(f"{name}.*"):
            cached.unlink()


def test_pytest_imports_the_tree(probe, monkeypatch):
    assert Path(CCGatewayLibrary.__file__).resolve() == PACKAGE / "__init__.py"
    outside = [str(f) for f in _loaded_package_files() if not f.is_relative_to(ROOT)]
    assert outside == [], "modules imported from an installed copy, not the working tree"
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    name, token = probe
    assert importlib.import_module(f"CCGatewayLibrary.{name}").TOKEN == token


ROBOT_PROBE = """*** Settings ***
Library             CCGatewayLibrary

*** Test Cases ***
The Working Tree Is What Runs
    ${token} =    Evaluate    importlib.import_module('CCGatewayLibrary.${PROBE}').TOKEN    modules=importlib
    Should Be Equal    ${token}    ${TOKEN}
    ${files} =    Evaluate    [m.__file__ for n, m in list(sys.modules.items()) if n.split('.')[0] == 'CCGatewayLibrary' and getattr(m, '__file__', None)]    modules=sys
    Evaluate    pathlib.Path($OUT).write_text(json.dumps($files))    modules=pathlib,json
"""


def test_a_robot_process_started_by_a_test_imports_the_tree(probe, tmp_path):
    """Started as tests/test_pabot.py starts robot and pabot: the environment of the test session, and a
    working directory outside the repository (which ``python -m`` would otherwise put on sys.path)."""
    name, token = probe
    suite, out = tmp_path / "probe.robot", tmp_path / "files.json"
    suite.write_text(ROBOT_PROBE, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-B",
            "-m",
            "robot",
            "--output",
            "NONE",
            "--log",
            "NONE",
            "--report",
            "NONE",
            "--variable",
            f"PROBE:{name}",
            "--variable",
            f"TOKEN:{token}",
            "--variable",
            f"OUT:{out}",
            str(suite),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    files = [Path(f).resolve() for f in json.loads(out.read_text(encoding="utf-8"))]
    assert PACKAGE / "library.py" in files
    assert [str(f) for f in files if not f.is_relative_to(ROOT)] == []


def test_suites_pass_a_dry_run_without_pabot(tmp_path):
    """``robot --dryrun suites`` on a plain ``pip install .``: pabot's library cannot be imported."""
    shim = tmp_path / "shim" / "pabot"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise ModuleNotFoundError('No module named pabot (test shim)', name='pabot')\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(shim.parent), os.environ.get("PYTHONPATH")]))}
    blocked = subprocess.run(
        [sys.executable, "-c", "import pabot.pabotlib"], env=env, capture_output=True, text=True, timeout=60
    )
    assert blocked.returncode != 0 and "test shim" in blocked.stderr, "the shim does not hide pabot"

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "robot",
            "--dryrun",
            "--outputdir",
            str(tmp_path / "out"),
            "--log",
            "NONE",
            "--report",
            "NONE",
            "--console",
            "dotted",
            str(ROOT / "suites"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    stats = ExecutionResult(str(tmp_path / "out" / "output.xml")).statistics.total
    assert (done.returncode, stats.failed) == (0, 0), done.stdout[-4000:]
    assert stats.passed >= 15


def test_with_pabot_installed_the_value_set_keywords_are_pabots_own():
    """The stand-ins are for a dry run without pabot only: under pabot the suites take real value sets."""
    spec = importlib.util.spec_from_file_location("PabotValueSets", ROOT / "resources" / "PabotValueSets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from pabot.pabotlib import PabotLib

    assert module.PabotValueSets is PabotLib


def _agent_sets():
    spec = importlib.util.spec_from_file_location("AgentSets", ROOT / "resources" / "AgentSets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_pabotlib_each_pabot_process_reads_the_set_at_its_position(tmp_path):
    """``--variable AGENT_SETS:file`` (pabot --no-pabotlib): the process at ``${PABOTQUEUEINDEX}`` N gets
    the file's set N+1, as PabotLib's value sets name their keys (lower case, the ``tags`` line left out);
    a run with more processes than sets fails naming the file and both counts."""
    sets = tmp_path / "lab-agents.dat"
    sets.write_text(
        "[first]\ntags = agents\nAGENT_A = 2001\nCUSTOMER = 555\n\n[second]\ntags = agents\nAGENT_A = 2011\nCUSTOMER = 556\n",
        encoding="utf-8",
    )
    agent_set_for_process = _agent_sets().agent_set_for_process
    assert agent_set_for_process(str(sets), "0") == {"agent_a": "2001", "customer": "555"}
    assert agent_set_for_process(str(sets), 1) == {"agent_a": "2011", "customer": "556"}
    with pytest.raises(RuntimeError, match=r"pabot process 3 needs agent set 3, but .*lab-agents.dat' has 2"):
        agent_set_for_process(str(sets), 2)
    with pytest.raises(RuntimeError, match="cannot be read"):
        agent_set_for_process(str(tmp_path / "missing.dat"), 0)


# -- dependencies ---------------------------------------------------------------------------------------


def _requirements() -> dict[str, list[Requirement]]:
    project = PYPROJECT["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {group: [Requirement(r) for r in requirements] for group, requirements in groups.items()}


def test_runtime_dependencies_are_ranges_not_pins():
    """Exact pins make the library impossible to install beside other Robot Framework libraries."""
    for requirement in _requirements()["dependencies"]:
        operators = {spec.operator for spec in requirement.specifier}
        assert operators & {">=", "~="}, f"{requirement}: give the lowest version the code works with"
        assert operators & {"<", "~="}, f"{requirement}: give an upper bound (the next major version)"
        assert "==" not in operators, f"{requirement}: a range, not a pin (CI pins in constraints.txt)"


def test_every_pin_of_the_constraints_lies_within_its_range():
    """Every pin, for this Python or another (a pin may carry a python_version marker)."""
    pins: dict[str, list[tuple[str, bool]]] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pin = Requirement(line)
            (spec,) = pin.specifier
            assert spec.operator == "==", f"constraints.txt pins exact versions: {line}"
            applies = pin.marker is None or pin.marker.evaluate()
            pins.setdefault(canonicalize_name(pin.name), []).append((spec.version, applies))
    for group, requirements in _requirements().items():
        for requirement in requirements:
            versions = pins.get(canonicalize_name(requirement.name), [])
            assert any(applies for _, applies in versions), (
                f"{requirement.name} ({group}) is not pinned in constraints.txt for this Python"
            )
            for version, _ in versions:
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"constraints.txt pins {requirement.name}=={version}, outside {requirement} ({group})"
                )


# -- lint and layout ------------------------------------------------------------------------------------


def test_ruff_check_passes():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_ruff_format_leaves_the_tree_as_it_is():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, "run 'ruff format .': " + done.stdout[-4000:] + done.stderr[-2000:]


def test_mypy_passes():
    """The package type-checks clean with the configuration in pyproject.toml ([tool.mypy]), as CI runs it."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success: no issues found" in done.stdout, done.stdout[-4000:]


def test_the_test_tiers_name_tests_that_exist():
    """conftest.py marks tests by module and name; a renamed test must not silently leave its tier."""
    for table in (ACCEPTANCE, SLOW):
        for module, names in table.items():
            path = ROOT / "tests" / module
            assert path.is_file(), f"conftest.py names a test module that does not exist: {module}"
            defined = {
                node.name
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.FunctionDef)
            }
            assert set(names or ()) <= defined, f"{module}: no test named {sorted(set(names) - defined)}"


def test_no_test_installs_system_packages():
    """CI (.ci/run) installs what the tests need; a test that runs a package manager needs root and a network."""
    installer = re.compile(r"\b(apt-get|apt|dnf|yum|apk|brew|snap)\b[\"',\s]+install\b")
    offenders = [
        path.name
        for path in (ROOT / "tests").glob("*.py")
        if path.name != Path(__file__).name and installer.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_readme_layout_lists_every_module():
    """Each module by its path, or by its name in the row of its folder."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme[readme.index("## Layout") :].splitlines() if line.startswith("|")]
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" or "__pycache__" in path.parts or path.name.startswith("_tree_probe_"):
            continue
        module, folder = path.relative_to(ROOT).as_posix(), path.parent.relative_to(ROOT).as_posix() + "/"
        if not any(f"`{module}`" in row or (f"`{folder}`" in row and f"`{path.name}`" in row) for row in rows):
            missing.append(module)
    assert missing == [], "README.md, Layout: add these modules"


def test_the_package_points_at_no_file_outside_the_repository():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![.\w])\.\./|\bshared/(reference|seeds)\b", line)
    ]  # "../", not ".../uri"
    assert offenders == [], "name the document (e.g. 'the CC-Gateway API reference, §10'), not a path"


def test_the_simulators_public_pages_name_no_internal_file(sim):
    for page in ("/simulator/docs", "/simulator/openapi.json", "/simulator/"):
        text = requests.get(f"{sim.url}{page}", verify=sim.ca_bundle, timeout=5).text
        assert re.findall(r"[\w-]+\.(?:py|txt|md|robot|resource)\b", text) == [], page
