"""Robot Framework side of bench/keyword_overhead.py: inside a real Robot run (so the library's logging
goes to Robot's output as in a test), times an action keyword against a bare ``requests.Session`` call
to the same simulator endpoint, interleaved.

The action pair is `Put Call On Hold` / `Retrieve Held Call` (``POST .../voicecall/{agentid}/hold`` and
``.../gethold?callid=``): both succeed again and again on one answered call. The keywords are called
the way Robot calls a dynamic library (``run_keyword`` of the library), and, for comparison, through
``BuiltIn.Run Keyword`` (adding Robot's own keyword machinery: argument resolution, result objects).
The bare calls send the same method, URL, headers (with the agent's Guid) and body, and parse the JSON.
"""

from __future__ import annotations

import json
import time

import requests
from robot.libraries.BuiltIn import BuiltIn

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client.gateway import JSON_HEADERS

AGENT = "101"


def measure_keyword_overhead(options: dict, result_file: str) -> None:
    builtin = BuiltIn()
    library = builtin.get_library_instance("CCGatewayLibrary")
    builtin.run_keyword("Connect To Gateway", options["url"], f"verify={options['ca_bundle']}")
    builtin.run_keyword("Sign In Agent", AGENT)
    builtin.run_keyword("Wait For Agent Event", AGENT, "AgentState_Ready")
    call = builtin.run_keyword("Simulate Inbound Call", AGENT)
    builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Ringing", f"callid={call}")
    builtin.run_keyword("Answer Call", AGENT)
    builtin.run_keyword("Wait For Agent Event", AGENT, "AgentEvent_Talking", f"callid={call}")

    client = library.client
    bare = requests.Session()
    hold_url = client.url + api.HOLD.path(agentid=AGENT)
    retrieve_url = client.url + api.GET_HOLD.path(agentid=AGENT)

    def bare_call(url: str, params: dict | None = None) -> None:
        headers = {**JSON_HEADERS, "Guid": client.session(AGENT).guid}
        answer = bare.post(url, headers=headers, params=params, timeout=client.timeout, verify=client.verify).json()
        assert answer["retcode"] == "0", answer

    pairs = {
        "keyword": (
            lambda: library.run_keyword("put_call_on_hold", [AGENT], {}),
            lambda: library.run_keyword("retrieve_held_call", [AGENT, call], {}),
        ),
        "bare": (lambda: bare_call(hold_url), lambda: bare_call(retrieve_url, {"callid": call})),
        "robot": (
            lambda: builtin.run_keyword("Put Call On Hold", AGENT),
            lambda: builtin.run_keyword("Retrieve Held Call", AGENT, call),
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in pairs}
    order = list(pairs)
    for _ in range(options.get("warmup", 50)):
        for name in order:
            for action in pairs[name]:
                action()
    for _round in range(options["rounds"]):
        order = order[1:] + order[:1]  # rotate who goes first: no side always follows the other
        for name in order:
            for action in pairs[name]:
                started = time.perf_counter()
                action()
                times[name].append((time.perf_counter() - started) * 1000)
    builtin.run_keyword("Sign Out All Agents")
    bare.close()
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(times, out)
