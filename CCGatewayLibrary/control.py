"""The bundled simulator's control API, one row per request: plays the customer, inspects the simulator and
injects faults. The only place its paths are written: the keywords (through ``GatewayClient.control``),
the simulator's routes (``simulator/app.py``, ``simulator/faults.py``), its pages and API document
(``simulator/pages.py``) and the tests all take them from here.

Adding a control request: one row here (and in :data:`ALL`), one handler in the simulator keyed by the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

BASE_PATH = "/simulator"


@dataclass(frozen=True, eq=False)
class Control:
    method: str
    template: str  # below BASE_PATH; placeholders such as {callid}
    summary: str  # for the API page
    example: object = None  # request body example for the API page

    @property
    def route(self) -> str:
        return BASE_PATH + self.template

    def path(self, **params: object) -> str:
        """The request path, each parameter quoted as one path segment."""
        return BASE_PATH + self.template.format(**{k: quote(str(v), safe="") for k, v in params.items()})

    def describe(self, **params: object) -> str:
        return f"{self.method} {self.path(**params)}"


HEALTH = Control("GET", "/health", "Name and version of the simulator.")
INBOUND_CALL = Control(
    "POST",
    "/inbound-calls",
    "A customer calls an agent; the result is the call ID.",
    {"agent_id": "101", "caller": "13800000001"},
)
SKILL_CALL = Control(
    "POST",
    "/skill-calls",
    "A customer calls a skill queue; the call rings the first free agent "
    "signed in to it (resetskill). The result: the call ID and that agent's ID.",
    {"skill_id": "1", "caller": "13800000001"},
)
AGENT_SKILLS = Control(
    "PUT",
    "/agents/{agentid}/skills",
    "The skills configured for an agent (default: skill 1), which resetskill signs it in to.",
    {"skills": ["1", "2"]},
)
HANG_UP = Control(
    "POST", "/calls/{callid}/hang-up", "Every external party of the call hangs up; answers the agents that were in it."
)
NUMBER_BEHAVIOUR = Control(
    "PUT",
    "/numbers/{number}",
    "How an external number answers calls: answer, no answer or busy.",
    {"behaviour": "no answer"},
)
ROTATE_GUID = Control("POST", "/agents/{agentid}/rotate-guid", "The agent's next event poll carries a new Guid.")
STATUS = Control("GET", "/status", "Agents, calls, conferences and number behaviours, as JSON.")
RESET = Control(
    "POST", "/reset", "Signs everyone out and forgets all calls, conferences, number behaviours and faults."
)
REQUESTS = Control("GET", "/requests", "The log of requests received.")
CLEAR_REQUESTS = Control("DELETE", "/requests", "Clears the log of requests received.")
FAULTS = Control("GET", "/faults", "Injected faults: those in force and what they did.")
INJECT_FAULT = Control(
    "POST",
    "/faults",
    "Injects a fault (see Inject Gateway Fault).",
    {"kind": "latency", "seconds": 2, "interface": "release", "count": 1},
)
CLEAR_FAULTS = Control("DELETE", "/faults", "Ends every injected fault and restores the idle timeout.")
IDLE_TIMEOUT = Control("GET", "/idle-timeout", "Seconds without an event poll before an agent is signed out.")
SET_IDLE_TIMEOUT = Control(
    "PUT",
    "/idle-timeout",
    "Sets the seconds without an event poll before an agent is signed out (null: never).",
    {"seconds": 120},
)
AUTHENTICATION = Control(
    "GET", "/authentication", "AUTHMODE (1 static, 2 dynamic), GUIDINTERVAL and GUIDTIMEOUT in seconds."
)
SET_AUTHENTICATION = Control(
    "PUT",
    "/authentication",
    "Sets AUTHMODE, GUIDINTERVAL and GUIDTIMEOUT (seconds; the interval below the timeout).",
    {"auth_mode": 2, "guid_interval": 60, "guid_timeout": 120},
)
DIRECTORY = Control(
    "GET",
    "/directory",
    "The agent directory (agent IDs, phones, skills; never passwords) and whether sign-in is strict or lenient.",
)
SET_DIRECTORY = Control(
    "PUT",
    "/directory",
    "Sets the agent directory: sign-in then checks passwords (100-004) and phone numbers (100-014).",
    {"101": {"password": "secret", "phones": ["70101"], "skills": ["1"]}},
)
CLEAR_DIRECTORY = Control("DELETE", "/directory", "Removes the agent directory: any password and phone are accepted.")
RING_TIMEOUT = Control("GET", "/ring-timeout", "Seconds a phone rings unanswered before the call fails.")
SET_RING_TIMEOUT = Control("PUT", "/ring-timeout", "Sets the ring timeout in seconds (null: never).", {"seconds": 30})

# The pages for people (simulator/pages.py).
STATUS_PAGE = Control("GET", "/", "The status page (HTML).")
LIVE = Control("GET", "/live", "The status page's content, refreshed by the page itself (HTML).")
OPENAPI = Control("GET", "/openapi.json", "This OpenAPI document.")
DOCS = Control("GET", "/docs", "This OpenAPI document as an HTML page.")

ALL: tuple[Control, ...] = (
    HEALTH,
    INBOUND_CALL,
    SKILL_CALL,
    AGENT_SKILLS,
    HANG_UP,
    NUMBER_BEHAVIOUR,
    ROTATE_GUID,
    STATUS,
    RESET,
    REQUESTS,
    CLEAR_REQUESTS,
    FAULTS,
    INJECT_FAULT,
    CLEAR_FAULTS,
    IDLE_TIMEOUT,
    SET_IDLE_TIMEOUT,
    STATUS_PAGE,
    LIVE,
    OPENAPI,
    DOCS,
    AUTHENTICATION,
    SET_AUTHENTICATION,
    DIRECTORY,
    SET_DIRECTORY,
    CLEAR_DIRECTORY,
    RING_TIMEOUT,
    SET_RING_TIMEOUT,
)
