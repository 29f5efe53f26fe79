"""Mutation testing of the core with mutmut, and the score per module (docs/mutation.md).

    python bench/mutation.py                       # run every module of [tool.mutmut] only_mutate, then report
    python bench/mutation.py validation eventtypes # only these modules (names as below), then report
    python bench/mutation.py --report              # report what mutants/ holds, run nothing
    python bench/mutation.py --survivors validation  # list the surviving mutants of a module
    python bench/mutation.py model --functions release disconnect   # only these functions/methods of the
                                                   # module(s), run and report (a partial score)
    python bench/mutation.py model --sample 400 --seed 1   # 400 mutants drawn at random (seeded, so the
                                                   # same 400 every time) from the modules' mutants, run and
                                                   # report the score with its 95 % confidence interval
    python bench/mutation.py model --sample 400 --seed 1 --report   # the same sample's score, run nothing

mutmut (3.x) copies the package and tests into mutants/ (git-ignored), mutates one function at a time and
runs the tests of the fast unit subset (``pytest_add_cli_args_test_selection`` in pyproject.toml) that
reach it. Results are kept in mutants/; mutmut tests again every mutant named on its command line, so a
rerun of a module, ``--functions`` or ``--sample`` judges its mutants again, while a run of everything (no
module named) goes on where a stopped one stopped. ``--max-children N`` sets the parallel workers
(default 1: the machine is shared).

A sample is an estimate of the full score: the mutants are drawn without replacement from the modules'
mutants (those of import-time functions left out, below), listed by mutmut's own generator from the
current source, so a seed names the same mutants until the source changes. The interval is Wilson's score
interval for a binomial proportion (95 %, z = 1.96), which stays inside 0-100 % and is sound near 100 %;
it ignores the finite-population correction, so it is slightly wider than it needs to be.

Score = (killed + timeout) / (killed + survived + no tests + timeout), as mutmut counts it: a "timeout" is a
mutant that made a test hang (a wait that never returns), which fails the test run; mutants caught by the type checker or skipped are
not counted, nor those of functions that run only while their module is imported ("import" column,
IMPORT_TIME below), which mutmut cannot switch on. "no tests" are mutants in functions no test of the subset reaches: they count as survivors.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = {  # short name -> module, in report order; goals from issue 14
    "gateway": "CCGatewayLibrary.client.gateway",
    "events": "CCGatewayLibrary.client.events",
    "poll_connection": "CCGatewayLibrary.client.poll_connection",
    "validation": "CCGatewayLibrary.validation",
    "interfaces": "CCGatewayLibrary.interfaces",
    "retcodes": "CCGatewayLibrary.retcodes",
    "eventtypes": "CCGatewayLibrary.eventtypes",
    "model": "CCGatewayLibrary.simulator.model",
    "keywords": "CCGatewayLibrary.keywords",
}
GOALS = {
    "gateway": 90,
    "events": 90,
    "poll_connection": 90,
    "validation": 90,
    "eventtypes": 90,
    "retcodes": 90,
    "interfaces": 90,
    "model": 80,
}
# Functions that run only while their module is imported (they build the catalogue tables once). mutmut
# switches a mutant on after the import, so their mutants can never be killed; the tables they build are
# checked against the documentation by tests/test_retcodes.py, tests/test_docs.py and the simulator tests.
IMPORT_TIME = (
    "CCGatewayLibrary.interfaces.x__i_",
    "CCGatewayLibrary.retcodes.x__table_",
    "CCGatewayLibrary.eventtypes.x__null_",
    "CCGatewayLibrary.eventtypes.x__text_",
    "CCGatewayLibrary.eventtypes.x__object_",
)
# mutmut's exit-code convention (mutmut/stats.py status_by_exit_code, 3.8)
_STATUS = {
    0: "survived",
    1: "killed",
    3: "killed",
    5: "no tests",
    2: "interrupted",
    33: "no tests",
    34: "skipped",
    35: "suspicious",
    36: "timeout",
    37: "caught by type check",
    -24: "timeout",
    24: "timeout",
    152: "timeout",
    255: "timeout",
    -11: "segfault",
    -9: "segfault",
}


def mutant_names(modules: list[str]) -> list[str]:
    """Every mutant of ``modules`` as mutmut names it (import-time functions left out), sorted: from
    mutants/ when its copy of the file is up to date, else from mutmut's own generator (nothing written)."""
    from mutmut.mutation.file_mutation import mutate_file_contents  # noqa: PLC0415 (optional dependency)
    from mutmut.utils.format_utils import get_mutant_name  # noqa: PLC0415

    names = []
    for path in sorted((ROOT / "CCGatewayLibrary").rglob("*.py")):
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts)
        if not any(module == m or module.startswith(m + ".") for m in modules):
            continue
        copy, meta = ROOT / "mutants" / relative, ROOT / "mutants" / f"{relative}.meta"
        if meta.exists() and copy.exists() and copy.stat().st_mtime > path.stat().st_mtime:
            # mutmut's own test of an up-to-date copy: written after the source last changed
            names += json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            continue
        mutated = mutate_file_contents(str(relative), path.read_text(encoding="utf-8"))
        names += [get_mutant_name(relative, name) for name in mutated.mutant_names]
    return sorted(n for n in names if not n.startswith(IMPORT_TIME))


def sample(modules: list[str], size: int, seed: int, functions: list[str] | None = None) -> tuple[list[str], int]:
    """``size`` mutants of ``modules`` (of ``functions`` when given) drawn at random with ``seed`` (the same
    ones for the same source), and how many there were to draw from."""
    population = [name for name in mutant_names(modules) if _selected(name, functions)]
    return sorted(random.Random(seed).sample(population, min(size, len(population)))), len(population)


def wilson(killed: int, judged: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval (95 % for z = 1.96) of the proportion killed/judged, in percent."""
    if not judged:
        return 0.0, 100.0
    p = killed / judged
    centre = (p + z * z / (2 * judged)) / (1 + z * z / judged)
    half = z / (1 + z * z / judged) * math.sqrt(p * (1 - p) / judged + z * z / (4 * judged * judged))
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def _selected(key: str, functions: list[str] | None) -> bool:
    """Whether mutant ``key`` (module.x_function__mutmut_N or module.xǁClassǁmethod__mutmut_N) is of one of
    ``functions`` (None: all)."""
    name = key.split("__mutmut_")[0]
    return functions is None or any(name.endswith(("ǁ" + f, ".x_" + f)) for f in functions)


def results(functions: list[str] | None = None, keys: set[str] | None = None) -> dict[str, Counter]:
    """Status counts per module from mutants/**/*.py.meta (only ``keys`` when given: a sample)."""
    by_module: dict[str, Counter] = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in data.get("exit_code_by_key", {}).items():
            if not _selected(key, functions) or (keys is not None and key not in keys):
                continue
            module = key.split(".x_")[0].split(".xǁ")[0]
            status = "not checked" if code is None else _STATUS.get(code, "suspicious")
            if key.startswith(IMPORT_TIME):
                status = "import time"
            by_module.setdefault(module, Counter())[status] += 1
    return by_module


def survivors(module: str, keys: set[str] | None = None) -> list[str]:
    found = []
    for meta in (ROOT / "mutants").rglob("*.py.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for key, code in data.get("exit_code_by_key", {}).items():
            if (keys is not None and key not in keys) or key.startswith(IMPORT_TIME):
                continue
            if key.startswith(module + ".") and _STATUS.get(code) in ("survived", "no tests", "timeout"):
                found.append(f"{key}: {_STATUS[code]}")
    return sorted(found)


def report(functions: list[str] | None = None, drawn: tuple[list[str], int] | None = None) -> int:
    """Print the score per module; with ``drawn`` (a sample and its population size), only the sample's
    mutants, each module's score with its 95 % Wilson interval. Returns how many modules miss their goal."""
    keys = set(drawn[0]) if drawn else None
    counts = results(functions, keys)
    if functions:
        print(f"only the mutants of: {', '.join(functions)}")
    if drawn:
        print(f"sampled {len(drawn[0])} of {drawn[1]} mutants (import-time functions left out)")
    print(
        f"{'module':<40} {'mutants':>8} {'import':>7} {'killed':>7} {'timeout':>8} {'survived':>9} {'no tests':>9} "
        f"{'unchecked':>10} {'score':>7} {'goal':>5}" + ("  95 % interval" if drawn else "")
    )
    short_of_goal = 0
    for short, module in MODULES.items():
        total = Counter()
        for name, counter in counts.items():
            if name == module or name.startswith(module + "."):
                total += counter
        if not total:
            continue
        judged = total["killed"] + total["survived"] + total["no tests"] + total["timeout"]
        score = 100 * (total["killed"] + total["timeout"]) / judged if judged else 0.0
        goal = GOALS.get(short)
        short_of_goal += bool(goal and judged and score < goal)
        low, high = wilson(total["killed"] + total["timeout"], judged)
        print(
            f"{module:<40} {sum(total.values()):>8} {total['import time']:>7} {total['killed']:>7} {total['timeout']:>8} {total['survived']:>9} "
            f"{total['no tests']:>9} {total['not checked']:>10} {score:>6.1f}% {str(goal or '-'):>5}"
            + (f"  {low:.1f}-{high:.1f} %" if drawn else "")
        )
    return short_of_goal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", choices=[[], *MODULES], help="modules to run (default: all)")
    parser.add_argument("--report", action="store_true", help="only report the results in mutants/")
    parser.add_argument("--survivors", metavar="MODULE", choices=list(MODULES), help="list survivors of MODULE")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument(
        "--functions", nargs="+", metavar="NAME", help="only these functions or methods (by name) of the modules given"
    )
    parser.add_argument("--sample", type=int, metavar="N", help="only N mutants drawn at random (with --seed)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random sample (default 1)")
    args = parser.parse_args()
    modules = [MODULES[m] for m in (args.modules or ([args.survivors] if args.survivors else MODULES))]
    drawn = sample(modules, args.sample, args.seed, args.functions) if args.sample else None
    if args.survivors:
        print("\n".join(survivors(MODULES[args.survivors], set(drawn[0]) if drawn else None)))
        return 0
    if drawn and not args.report:
        subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children), *drawn[0]],
            cwd=ROOT,
            check=False,
        )
    elif not args.report:
        names = (
            (
                [f"{m}.*ǁ{f}__mutmut_*" for m in modules for f in args.functions]
                + [f"{m}.x_{f}__mutmut_*" for m in modules for f in args.functions]
            )
            if args.functions
            else [f"{m}.*" for m in modules]
            if args.modules
            else []  # everything: mutmut then skips the mutants already judged, so a stopped run goes on
        )
        subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children), *names],
            cwd=ROOT,
            check=False,
        )
    return 1 if report(args.functions, drawn) else 0


if __name__ == "__main__":
    sys.exit(main())
