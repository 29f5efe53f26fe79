"""``@fidelity("row-id", ...)``: the rows of the fidelity ledger (``CCGatewayLibrary/simulator/fidelity.py``)
a test proves. ``tests/test_fidelity.py`` reads these decorators from the source, so a row without a
test, or a test naming no row that exists, fails."""

import pytest


def fidelity(*row_ids: str):
    return pytest.mark.fidelity(*row_ids)
