"""The retcode catalogue: one table of CC-Gateway result codes, shared by the library and the simulator.

Each entry gives the retcode as the gateway sends it (a string such as ``"200-017"``), a short meaning
that reads well after the retcode in a failure message, and the source of that meaning:

* ``doc``: Huawei's error-code table or the interface's own page (the CC-Gateway API reference, §10).
* ``demo``: the constants of Huawei's AgentGateway web demo (``resultCode.js``), not the docs.
* ``simulator``: the documents list the code for an interface but leave its meaning open; the bundled
  simulator uses it with the meaning given here. A real gateway may mean something else by it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Retcode:
    code: str
    meaning: str
    source: str  # "doc", "demo" or "simulator"


def _table(*rows: tuple[str, str, str]) -> dict[str, Retcode]:
    return {code: Retcode(code, meaning, source) for code, meaning, source in rows}


CATALOGUE: dict[str, Retcode] = _table(
    ("0", "success", "doc"),
    ("000-001", "the method of obtaining agent events is wrong", "doc"),
    ("000-002", "a parameter or the address in the URL is wrong, or an interface parameter is invalid", "doc"),
    ("000-003", "no permission to call the interface; the agent's authentication (Guid) may have expired", "doc"),
    ("000-004", "the agent is being switched over (failover)", "doc"),
    ("000-005", "the inspected agent is the inspector itself", "doc"),
    ("000-006", "message parameter error", "doc"),
    ("000-007", "the interface was invoked repeatedly", "doc"),
    ("100-001", "sign-in parameters are empty or invalid", "doc"),
    ("100-002", "the agent is already signed in (use force sign-in)", "doc"),
    ("100-003", "the CTI platform was unavailable during sign-in", "doc"),
    ("100-004", "wrong agent ID or password at sign-in", "doc"),
    ("100-005", "sign-out parameters are invalid", "doc"),
    ("100-006", "the agent is not signed in, or the Guid is not this agent's", "doc"),
    ("100-007", "exception during the agent operation", "doc"),
    ("100-008", "the agent is already signed out", "doc"),
    ("100-009", "setting the agent state failed", "doc"),
    ("100-010", "the agent's state does not allow sign-out (for example, it is in a call)", "doc"),
    ("100-011", "invalid parameter at sign-in", "doc"),
    ("100-012", "wrong agent type at sign-in", "doc"),
    ("100-013", "the phone number to bind is invalid", "doc"),
    ("100-014", "the sign-in phone number is not in the configured range", "doc"),
    ("100-015", "the agent is already signed in and cannot be forced out", "doc"),
    ("100-016", "invalid IP address at sign-in", "doc"),
    ("101-001", "the agent is not in an agent conference", "simulator"),
    ("101-002", "the agent is not the chairperson of the agent conference", "simulator"),
    ("101-007", "the chairperson cannot leave the agent conference (release it instead)", "simulator"),
    ("200-001", "the outbound call failed: the agent's state or the called number does not allow it", "demo"),
    ("200-002", "the agent has no ringing call to answer", "demo"),
    ("200-003", "mute: the agent has no call", "demo"),
    ("200-004", "mute: the call is not in a state that allows it", "demo"),
    ("200-007", "unmute: the agent has no call", "demo"),
    ("200-008", "unmute: the call is not in a state that allows it", "demo"),
    ("200-010", "three-party call: the agent has no established call", "demo"),
    ("200-011", "three-party call: the agent has no held call with that call ID", "demo"),
    ("200-012", "transfer: the agent has no established call", "demo"),
    ("200-013", "the agent has no established call", "demo"),
    ("200-014", "the call is not in a state that allows it (no held call with that call ID)", "demo"),
    ("200-015", "the agent has no held call with that call ID", "demo"),
    ("200-016", "the held call cannot be retrieved in the agent's current state", "demo"),
    ("200-017", "the agent has no call to release", "demo"),
    ("200-018", "internal help: the agent has no call, or the helper cannot be reached", "demo"),
    ("200-023", "the number is not a party of the agent's last call", "simulator"),
    (
        "200-024",
        "this agent may not release that number (an internal-help helper may release only itself)",
        "simulator",
    ),
    ("300-001", "the agent has no right to make this query", "demo"),
    ("400-003", "the agent has no held call", "demo"),
)


def meaning_of(retcode: str) -> str:
    """The meaning of ``retcode``, or a plain statement that the catalogue does not know it."""
    entry = CATALOGUE.get(retcode)
    return entry.meaning if entry else "unknown retcode (not in the CCGatewayLibrary catalogue)"


# The bundled simulator's own answer field next to ``message`` and ``retcode``: why it refused (e.g.
# "agent 101 has no phone linkage ..."). A real gateway sends no such field, so the library can
# mark the text as the simulator's and never confuses a gateway's ``message`` with it.
SIMULATOR_DETAIL = "simulatorDetail"
