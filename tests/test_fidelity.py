"""The fidelity ledger (CCGatewayLibrary/simulator/fidelity.py) is complete: every row has a test, every
test's @fidelity mark names rows that exist, docs/fidelity.md is fresh and the README shows the counts."""

from pathlib import Path

from CCGatewayLibrary.simulator import fidelity

ROOT = Path(__file__).resolve().parent.parent


def test_every_row_has_a_test_and_every_marked_row_exists():
    tests = fidelity.scan_tests(ROOT / "tests")
    ids = [row.id for row in fidelity.ROWS]
    assert len(ids) == len(set(ids)), "duplicate row IDs"
    assert [i for i in ids if i not in tests] == [], "rows without a test"
    assert sorted(set(tests) - set(ids)) == [], "tests naming rows that do not exist"


def test_rows_are_sourced_and_interpretations_give_a_reason():
    assert len(fidelity.ROWS) >= 98
    for row in fidelity.ROWS:
        assert row.status in (fidelity.DOCUMENTED, fidelity.INTERPRETATION, fidelity.NOT_MODELLED), row
        assert row.source and row.behaviour, row
        assert bool(row.reason) == (row.status != fidelity.DOCUMENTED), row
    seeds = {row.source.split(" l.")[0] for row in fidelity.ROWS if row.source.startswith("seed 00")}
    assert seeds == {"seed 000", "seed 001", "seed 002", "seed 003", "seed 004"}


def test_the_ledger_document_is_fresh_and_the_readme_shows_the_counts():
    rendered = fidelity.render(fidelity.scan_tests(ROOT / "tests"))
    assert (ROOT / "docs" / "fidelity.md").read_text(encoding="utf-8") == rendered, (
        "docs/fidelity.md is stale: run 'python -m CCGatewayLibrary.simulator.fidelity' and commit the result"
    )
    assert fidelity.counts_line() in (ROOT / "README.md").read_text(encoding="utf-8")
