"""Memory of the call-flow log (issue 10, item 7): it keeps plain rows, never an agent's event stream or HTTP
session, and at most a bounded number of rows per test, so sign-in/sign-out cycles within one test (or
through the Python API, with no test at all) do not grow memory. The full figures: bench/flowlog_memory.py."""

from __future__ import annotations

import gc
import sys
import tracemalloc
import weakref
from pathlib import Path

import pytest
from robot.output.logger import LOGGER

from CCGatewayLibrary import CCGatewayLibrary, flowlog

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from common import SimulatorProcess  # noqa: E402


@pytest.fixture
def library(monkeypatch):
    # Outside a Robot run, Robot keeps every message logged for a log to come: not the library's memory.
    monkeypatch.setattr(LOGGER, "_message_cache", None)
    with SimulatorProcess(tls=False, poll_wait=0.2) as sim:
        lib = CCGatewayLibrary(url=sim.url)
        lib.call_flow.start_test("Many Sign-Ins")
        yield lib
        lib.close()


def cycle(library):
    library.run_keyword("sign_in_agent", ["101"], {})
    library.run_keyword("wait_for_agent_event", ["101", "AgentState_Ready"], {})
    library.run_keyword("sign_out_agent", ["101"], {})


def test_a_signed_out_agents_event_stream_is_released_within_the_test(library):
    library.run_keyword("sign_in_agent", ["101"], {})
    library.run_keyword("wait_for_agent_event", ["101", "AgentState_Ready"], {})
    stream = library.client.session("101").stream
    gone, poller = weakref.ref(stream), stream._thread
    del stream
    library.run_keyword("sign_out_agent", ["101"], {})
    poller.join(5)  # the poller leaves its last long poll (0.2 s here)
    gc.collect()
    assert gone() is None, [type(r).__name__ for r in gc.get_referrers(gone())]
    assert "AgentState_Ready" in library.call_flow.render()  # what it received is still drawn


def test_memory_stays_flat_over_sign_in_cycles_in_one_test(library, monkeypatch):
    monkeypatch.setattr(flowlog, "_KEPT_ROWS", 60, raising=False)  # the row cap is reached after 12 cycles, not 160
    for _ in range(30):
        cycle(library)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(200):
            cycle(library)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # The library's own request log (library.requests, capped at 10,000) grows by 400 small records here;
    # keeping each agent's stream and session, as before, grew by about 25 KiB per cycle (5 MiB).
    assert grown < 1024 * 1024, f"{grown / 1024:.0f} KiB more after 200 sign-in/sign-out cycles"
    assert library.call_flow.kept_rows() <= 60
    html = library.call_flow.render()
    assert "460 requests \u00b7 460 events \u00b7 230 waits" in html  # rows not kept are still counted
    assert "earlier rows not drawn (the diagram shows the last 60)" in html
