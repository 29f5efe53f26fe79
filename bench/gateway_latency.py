"""A Robot Framework listener for benchmarks: every request the library sends (actions, simulator
control calls and event polls) takes SECONDS longer, standing for the network round trip to a lab
gateway, so a run against the embedded simulator lasts about as long as one against a real gateway.

    robot --listener bench/gateway_latency.py:0.02 --exclude resilience suites

The delay is added on the client side, after `Start Gateway Simulator` / `Connect To Gateway` connect the
library, by wrapping the client's request method. The resilience suite times faults of its own and is
best left out.
"""

from __future__ import annotations

import time

from robot.libraries.BuiltIn import BuiltIn


class gateway_latency:  # noqa: N801 - Robot Framework looks the listener class up by the module's name
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, seconds: str = "0.02"):
        self.seconds = float(seconds)

    def end_keyword(self, data, result) -> None:
        if result.name in ("Start Gateway Simulator", "Connect To Gateway") and result.passed:
            client = BuiltIn().get_library_instance("CCGatewayLibrary").client
            self._delay(client, "call")
            self._delay(client, "control")

    def _delay(self, client, method: str) -> None:
        send, seconds = getattr(client, method), self.seconds

        def delayed(*args, **kwargs):
            time.sleep(seconds)
            return send(*args, **kwargs)

        setattr(client, method, delayed)  # the client calls self.call / self.control: the wrapper wins
