"""The leak check: whatever a test or suite leaves on the gateway is released by the library when it ends,
even when it failed, and a warning lists what was left. The cleanup level (import argument
``cleanup_level``, keyword `Set Cleanup Level`; modelled on Browser's ``auto_closing_level``) says when:

* ``TEST`` (default): an agent signed in during a test and still signed in when the test ends (its teardown
  included) is force-signed-out then, which also releases its calls and agent conferences on the gateway.
  An agent signed in during a suite's setup (or an earlier test of it) belongs to the suite: it is
  force-signed-out when the suite ends. If a test leaves such an agent in a call or conference
  (``isWorking`` in ``GET .../onlineagent/{agentid}/agentstatus``), the library releases them at the end
  of that test: it ends an agent conference it chairs, drops its calls and retrieves and drops held ones.
* ``SUITE``: nothing is released when a test ends, so agents and their calls are carried into the next
  test; every agent signed in during the suite (setup or any test) is force-signed-out when it ends.
* ``MANUAL``: the tester signs agents out (e.g. `Sign Out All Agents` in the suite teardown). As a last
  resort, what is still signed in when the outermost suite using the library ends is force-signed-out.
* An agent the gateway has already signed out (its event stream ended) is just forgotten.

Every request is bounded by the library's timeout, agents are signed out in parallel, and a test's or
suite's clean-up takes at most twice the timeout (then what is left is reported, not attempted); nothing
here fails a test.
"""

from __future__ import annotations

import time
from enum import Enum
from typing import TYPE_CHECKING

from robot.api import logger
from robot.api.deco import keyword

from .. import interfaces as api
from .base import LibraryComponent

if TYPE_CHECKING:
    from ..client import GatewayClient
    from ..library import CCGatewayLibrary

_MAX_CALL_RELEASES = 4  # calls one agent can hold at once in practice (talking, held, help, conference)


class CleanupLevel(Enum):
    """When the library releases what tests leave on the gateway (modelled on Browser's ``AutoClosingLevel``).

    | =Level= | =Agents signed in during a test= | =Calls and conferences left to the suite's agents= | =Agents signed in during a suite= |
    | ``TEST`` (default) | force-signed-out when the test ends | released when the test ends | force-signed-out when the suite ends |
    | ``SUITE`` | force-signed-out when the suite ends | carried into the next test | force-signed-out when the suite ends |
    | ``MANUAL`` | left to the tester | left to the tester | left to the tester; what is still signed in when the outermost suite using the library ends is force-signed-out |

    Whatever the library releases is listed in a warning ("Leak check: ..."), with advice that fits the
    level. The value is case-insensitive: ``suite`` works too.
    """

    TEST = "TEST"
    SUITE = "SUITE"
    MANUAL = "MANUAL"


_ADVICE = {
    CleanupLevel.TEST: "Sign agents out in the test's teardown (e.g. `Sign Out All Agents`); to carry agents "
    "and calls into the next test, use `Set Cleanup Level    SUITE`.",
    CleanupLevel.SUITE: "Sign the suite's agents out in its suite teardown (e.g. `Sign Out All Agents`).",
    CleanupLevel.MANUAL: "The cleanup level is MANUAL: sign agents out yourself, e.g. `Sign Out All Agents` "
    "in the suite teardown.",
}


class LeakCheck:
    def __init__(self, library: CCGatewayLibrary, level: CleanupLevel = CleanupLevel.TEST):
        self.library = library
        self.level = CleanupLevel[level.upper()] if isinstance(level, str) else level
        self._suites: list[set[str]] = []  # agents signed in when each running suite started
        self._test: set[str] | None = None  # agents signed in when the running test started
        self._until = 0.0  # time.monotonic() by which the running clean-up must end

    def _signed_in(self) -> set[str]:
        client = self.library.client
        return set(client.agents) if client is not None else set()

    # -- listener hooks ---------------------------------------------------------------------
    def start_suite(self) -> None:
        self._suites.append(self._signed_in())

    def start_test(self) -> None:
        self._test = self._signed_in()

    def end_test(self, name: str) -> None:
        before, self._test = self._test or set(), None
        client = self.library.client
        if client is None or self.level is not CleanupLevel.TEST:
            return
        self._until = time.monotonic() + 2 * client.timeout
        leftovers = self._sign_out(sorted(set(client.agents) - before))
        leftovers += [self._release_calls(agent_id) for agent_id in sorted(before & set(client.agents))]
        self._report(f"test '{name}'", leftovers)

    def end_suite(self, name: str) -> None:
        before = self._suites.pop() if self._suites else set()
        client = self.library.client
        if client is None:
            return
        if self.level is CleanupLevel.MANUAL:
            if self._suites:  # only the outermost suite using the library releases, as a last resort
                return
            before = set()
        self._report(f"suite '{name}'", self._sign_out(sorted(set(client.agents) - before)))

    # -- releasing --------------------------------------------------------------------------
    @property
    def _client(self) -> GatewayClient:
        """The library's client: releasing runs only once end_test / end_suite found one connected."""
        client = self.library.client
        assert client is not None, "the clean-up releases only with a connected client"
        return client

    def _sign_out(self, agent_ids: list[str]) -> list[str | None]:
        outcomes = self._client.release_agents(agent_ids)  # in parallel, within 2 x timeout
        return [
            None if outcome is None else f"agent {agent_id} signed in ({outcome})"
            for agent_id, outcome in outcomes.items()
        ]

    def _left(self) -> float:
        """Seconds the running clean-up may still take for one request (0: none left)."""
        return max(0.0, min(self._client.timeout, self._until - time.monotonic()))

    def _release_calls(self, agent_id: str) -> str | None:
        """For an agent the suite keeps: release the calls and conference a test left it in."""
        if not self._left():
            return f"agent {agent_id} not checked for calls (the clean-up ran out of its time)"
        if not self._working(agent_id):
            return None
        done = []
        if self._try(api.RELEASE_AGENT_CONF, agent_id):
            done.append("ended its agent conference")
        for _ in range(_MAX_CALL_RELEASES):
            if self._try(api.RELEASE, agent_id):
                done.append("dropped a call")
            elif self._try(api.GET_HOLD, agent_id) and self._try(api.RELEASE, agent_id):
                done.append("retrieved and dropped a held call")
            else:
                break
        if not self._left():
            state = "not confirmed released (the clean-up ran out of its time)"
        else:
            state = "still in a call (could not release it)" if self._working(agent_id) else "released"
        return f"agent {agent_id} in a call or conference ({', '.join(done) or 'nothing to release'}; {state})"

    def _working(self, agent_id: str) -> bool:
        try:
            client = self._client
            answer = client.call(api.AGENT_STATUS, agent_id, session=client.session(agent_id), timeout=self._left())
        except Exception:  # not signed in any more, or no answer: nothing this check can release
            return False
        result = answer.get("result")
        return bool(isinstance(result, dict) and str(result.get("isWorking")).lower() == "true")

    def _try(self, interface: api.Interface, agent_id: str) -> bool:
        client = self._client
        if not self._left():
            return False
        try:
            client.call(interface, agent_id, session=client.session(agent_id), timeout=self._left())
        except Exception:  # a refusal (e.g. 200-017: no call) means there is nothing of that kind left
            return False
        return True

    def _report(self, scope: str, outcomes: list[str | None]) -> None:
        leftovers = [item for item in outcomes if item]
        if leftovers:
            logger.warn(
                f"Leak check: {scope} left {len(leftovers)} thing(s) on the gateway; the library "
                f"(cleanup level {self.level.value}) released them: "
                + "; ".join(leftovers)
                + ". "
                + _ADVICE[self.level]
            )


class CleanupKeywords(LibraryComponent):
    @keyword(tags=("Config", "Cleanup"))
    def set_cleanup_level(self, level: CleanupLevel) -> CleanupLevel:
        """Sets when the library releases what tests leave on the gateway; returns the previous level.

        | =Argument= | =Description= |
        | ``level`` | ``TEST`` (each test's agents are signed out, and calls left to the suite's agents released, when the test ends), ``SUITE`` (agents and calls are carried into the next test; the suite's agents are signed out when it ends) or ``MANUAL`` (the tester signs out; a last resort when the outermost suite ends). See `CleanupLevel`. |

        The level applies from now on to the whole run, until set again; the import argument
        ``cleanup_level`` sets it at the start (default ``TEST``). The level in force when a test or
        suite ends decides what is released then. Whatever the library releases is listed in a
        warning ("Leak check: ...") whose advice fits the level. Calls no gateway interface.

        Returns the previous level, so it can be restored. Fails for a level other than ``TEST``,
        ``SUITE`` or ``MANUAL`` (any letter case), naming the allowed levels.

        Example: an agent and its call carried across the tests of a suite.
        | ***** Settings *****
        | Suite Setup       Run Keywords    `Start Gateway Simulator`    AND    `Set Cleanup Level`    SUITE
        | Suite Teardown    `Sign Out All Agents`
        |
        | ***** Test Cases *****
        | Customer Calls
        |     `Sign In Agent`    101
        |     ${call} =    `Simulate Inbound Call`    101
        |     `Wait For Agent Event`    101    AgentEvent_Ringing    callid=${call}
        |     `Answer Call`    101
        |     `Wait For Agent Event`    101    AgentEvent_Talking    callid=${call}
        |     Set Suite Variable    ${CALL}    ${call}
        | Agent Drops The Call The Previous Test Answered
        |     `Drop Call`    101
        |     `Wait For Agent Event`    101    AgentEvent_Call_Release    content=${CALL}
        |
        | ${previous} =    `Set Cleanup Level`    MANUAL
        | `Set Cleanup Level`    ${previous}
        """
        previous, self.library.leak_check.level = self.library.leak_check.level, level
        logger.info(f"Cleanup level {level.value} (was {previous.value})")
        return previous
