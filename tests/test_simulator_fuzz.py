"""The simulator under bad requests (hypothesis over its HTTP API): no HTTP 500 and no internal error, every
malformed request answered with the documented retcode (000-002 for a malformed parameter or body, 100-006 for
a wrong Guid, HTTP 404 + 000-002 for an unknown route), and the simulator's state unchanged."""

from __future__ import annotations

import json
import logging
import re

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.retcodes import CATALOGUE
from tests.fidelity_marks import fidelity

from conftest import control

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
AGENT_ID = re.compile(r"[1-9][0-9]{2,5}")
WITH_BODY = [
    i for i in api.ALL if i.log_name in ("login", "forceLogin", "callout", "confJoin", "innerHelp", "requestAgentConf")
]
NEEDS_GUID = [i for i in api.ALL if i.log_name not in ("login", "forceLogin")]
SEGMENT = st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#\x00"), max_size=12)
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=60)  # legal in HTTP
NOT_AGENT_ID = st.one_of(SEGMENT, st.sampled_from(["100", "60000", "1000000", "0101", "abc", " 101", "1e3"])).filter(
    lambda s: not (AGENT_ID.fullmatch(s) and 101 <= int(s) <= 999999)
)
JSON_NOT_OBJECT = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=3)
)
NOT_JSON_OBJECT = st.one_of(
    st.binary(max_size=40).filter(lambda b: _not_object(b)),
    st.builds(lambda v: json.dumps(v).encode(), JSON_NOT_OBJECT),
)


def _not_object(raw: bytes) -> bool:
    if not raw.strip():
        return False  # an empty body is read as {}
    try:
        return not isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        return True


class Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


@pytest.fixture
def world(sim):
    """Two signed-in agents (one in a talking call), their Guids, and a watch on the simulator's error log."""
    guids = {}
    for agent_id in ("101", "102"):
        response = requests.put(
            f"{sim.url}/agentgateway/resource/onlineagent/{agent_id}",
            json={"autoanswer": True},
            verify=sim.ca_bundle,
            timeout=5,
        )
        guids[agent_id] = response.headers["Set-GUID"].split("=", 1)[1]
    control(sim, "POST", "/inbound-calls", {"agent_id": "101"})
    errors = Errors()
    logger = logging.getLogger("CCGatewayLibrary.simulator")
    logger.addHandler(errors)
    http = requests.Session()
    yield sim, guids, http, errors
    logger.removeHandler(errors)
    http.close()


def send(world, method, path, body: bytes | None = None, guid: str | None = None):
    sim, _, http, _ = world
    headers = {"Content-Type": "application/json"}
    if guid is not None:
        headers["Guid"] = guid
    response = http.request(method, sim.url + path, data=body, headers=headers, verify=sim.ca_bundle, timeout=5)
    assert response.status_code in (200, 404), f"{method} {path}: HTTP {response.status_code}"
    answer = response.json()
    assert set(answer) >= {"message", "retcode"} and answer["retcode"] in CATALOGUE, answer
    unknown_route = answer["retcode"] == "000-002" and answer["message"] == "no such interface"
    assert (response.status_code == 404) == unknown_route
    return answer["retcode"]


def state(world):
    return control(world[0], "GET", "/status")


def no_internal_error(world):
    assert world[3].records == [], world[3].records


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    segments=st.lists(SEGMENT, min_size=1, max_size=5),
)
def test_unknown_routes_answer_404_with_000_002(world, method, segments):
    path = "/agentgateway/resource/" + "/".join(requests.utils.quote(s, safe="") for s in segments)
    from CCGatewayLibrary.simulator.faults import identify

    if identify(method, path) != (None, None):
        return  # a documented route by chance: covered by the tests below
    before = state(world)
    assert send(world, method, path, b"{}", world[1]["101"]) == "000-002"
    assert state(world) == before
    no_internal_error(world)


# Valid values of every URI placeholder but {agentid}.
PATH_VALUES = {
    "callid": "1-1",
    "number": "13800000001",
    "time": "600",
    "restcause": "0",
    "isautoanswer": "true",
    "flag": "true",
    "autoflag": "true",
}


@FUZZ
@given(iface=st.sampled_from(api.ALL), agent=NOT_AGENT_ID)
def test_an_invalid_agent_id_in_the_path_is_000_002(world, iface, agent):
    path = iface.path(agentid=requests.utils.quote(agent, safe=""), **PATH_VALUES)
    before = state(world)
    retcode = send(world, iface.method, path, b"{}", world[1]["101"])
    assert retcode == "000-002"
    assert state(world) == before
    no_internal_error(world)


@FUZZ
@given(iface=st.sampled_from(WITH_BODY), body=NOT_JSON_OBJECT)
def test_a_body_that_is_not_a_json_object_is_000_002(world, iface, body):
    before = state(world)
    assert send(world, iface.method, iface.path(agentid="101"), body, world[1]["101"]) == "000-002"
    assert state(world) == before
    no_internal_error(world)


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
FIELDS = [
    "password",
    "phonenum",
    "status",
    "phonelinkage",
    "autoanswer",
    "autoenteridle",
    "called",
    "caller",
    "callid",
    "dstaddress",
    "devicetype",
    "mode",
    "addresses",
]


@FUZZ
@given(
    iface=st.sampled_from([i for i in WITH_BODY if i.log_name != "forceLogin"]),
    body=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUE, max_size=4),
)
def test_any_json_object_body_gets_a_documented_answer_and_a_refusal_changes_nothing(world, iface, body):
    before = state(world)
    retcode = send(world, iface.method, iface.path(agentid="102"), json.dumps(body).encode(), world[1]["102"])
    assert retcode in ("0", "000-002", *iface.retcodes), (iface.log_name, body, retcode)
    if retcode != "0":
        assert state(world) == before
    no_internal_error(world)


@FUZZ
@given(iface=st.sampled_from(NEEDS_GUID), guid=st.one_of(st.none(), HEADER_TEXT, st.just("JSESSIONID=x")))
def test_a_wrong_or_missing_guid_is_100_006_and_changes_nothing(world, iface, guid):
    before = state(world)
    path = iface.path(agentid="101", **PATH_VALUES)
    assert send(world, iface.method, path, b"{}", guid) == "100-006"
    assert state(world) == before
    no_internal_error(world)


def test_one_agents_guid_cannot_act_for_another_on_any_interface(world):
    for iface in NEEDS_GUID:
        before = state(world)
        path = iface.path(agentid="101", **PATH_VALUES)
        assert send(world, iface.method, path, b"{}", world[1]["102"]) == "100-006", iface.log_name
        assert state(world) == before
    no_internal_error(world)


@FUZZ
@given(callid=SEGMENT, number=SEGMENT)
@fidelity("seed000-number-format")
def test_malformed_call_ids_and_numbers_in_the_path_are_000_002(world, callid, number):
    if re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}", callid) or re.fullmatch(r"[0-9]{1,24}", number):
        return  # well-formed: a documented refusal (200-014, 200-023) or an action, tested elsewhere
    before = state(world)
    quote = lambda s: requests.utils.quote(s, safe="")  # noqa: E731
    guid = world[1]["101"]
    if callid:
        assert send(world, "POST", api.CONNECT_HOLD.path(agentid="101", callid=quote(callid)), None, guid) == "000-002"
    if number:
        assert send(world, "POST", api.DISCONNECT.path(agentid="101", number=quote(number)), None, guid) == "000-002"
    assert (
        send(world, "PUT", api.ANSWER.path(agentid="101") + "?callid=" + quote(callid or "."), None, guid) == "000-002"
    )
    assert state(world) == before
    no_internal_error(world)


@FUZZ
@given(
    path=st.sampled_from(
        ["/simulator/faults", "/simulator/inbound-calls", "/simulator/idle-timeout", "/simulator/numbers/13800000009"]
    ),
    body=st.one_of(
        NOT_JSON_OBJECT,
        st.builds(
            lambda d: json.dumps(d).encode(),
            st.dictionaries(
                st.sampled_from(
                    [
                        "kind",
                        "count",
                        "duration",
                        "agent",
                        "interface",
                        "seconds",
                        "status",
                        "agent_id",
                        "caller",
                        "behaviour",
                    ]
                ),
                JSON_VALUE,
                max_size=4,
            ),
        ),
    ),
)
def test_the_control_api_refuses_bad_bodies_with_000_002_and_never_fails_inside(world, path, body):
    method = {"/simulator/faults": "POST", "/simulator/inbound-calls": "POST"}.get(path, "PUT")
    retcode = send(world, method, path, body)
    valid = not _not_object(body) if body.strip() else True
    assert retcode in ("0", "000-002", "100-007") if valid else retcode == "000-002"
    control(world[0], "DELETE", "/faults")
    control(world[0], "PUT", "/idle-timeout", {"seconds": 120})
    no_internal_error(world)
