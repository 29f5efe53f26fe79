"""Bad input fails before any request: a matrix of invalid arguments to the keywords, each proven unsent by the
simulator's request log and by a count of what the client put on the wire; and hypothesis properties that no
argument can make the library request a path outside the documented URI templates."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from CCGatewayLibrary import CCGatewayLibrary
from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client.poll_connection import PollConnection
from CCGatewayLibrary.validation import ArgumentError

from conftest import control

TOO_LONG = "1" * 25
# (keyword, positional arguments, named arguments, the argument the failure must name)
MATRIX = [
    # agent IDs
    ("drop_call", ["100"], {}, "agent_id"),
    ("drop_call", ["60000"], {}, "agent_id"),  # the older interfaces stop at 59999
    ("make_call", ["1000000", "13800000001"], {}, "agent_id"),
    ("drop_call", ["abc"], {}, "agent_id"),
    ("drop_call", [""], {}, "agent_id"),
    ("drop_call", [" 101"], {}, "agent_id"),
    ("drop_call", ["101 "], {}, "agent_id"),
    ("drop_call", ["1 01"], {}, "agent_id"),
    ("drop_call", ["0101"], {}, "agent_id"),
    ("drop_call", ["-101"], {}, "agent_id"),
    ("drop_call", ["+101"], {}, "agent_id"),
    ("drop_call", ["101.0"], {}, "agent_id"),
    ("drop_call", ["1e3"], {}, "agent_id"),
    ("drop_call", ["\u0661\u0660\u0661"], {}, "agent_id"),  # Arabic-Indic digits
    ("drop_call", ["\uff11\uff10\uff11"], {}, "agent_id"),  # full-width digits
    ("drop_call", ["101/../102"], {}, "agent_id"),
    ("drop_call", ["101?x=1"], {}, "agent_id"),
    ("drop_call", ["101#"], {}, "agent_id"),
    ("drop_call", [None], {}, "agent_id"),
    ("drop_call", [True], {}, "agent_id"),
    ("reject_ringing_call", ["99"], {}, "agent_id"),
    ("release_agent_conference", ["0"], {}, "agent_id"),
    ("answer_agent_conference", ["60000"], {}, "agent_id"),  # 101-59999, as releaseagentconf
    ("leave_agent_conference", ["abc"], {}, "agent_id"),
    ("sign_in_agent", ["abc"], {}, "agent_id"),
    ("sign_out_agent", ["1000000"], {}, "agent_id"),
    ("put_call_on_hold", ["10a"], {}, "agent_id"),
    # numbers
    ("release_number", ["101", TOO_LONG], {}, "number"),
    ("release_number", ["101", "12a"], {}, "number"),
    ("release_number", ["101", "+8613800000001"], {}, "number"),
    ("release_number", ["101", "-1"], {}, "number"),
    ("release_number", ["101", ""], {}, "number"),
    ("release_number", ["101", "138 0000"], {}, "number"),
    ("release_number", ["101", "\uff11\uff12\uff13"], {}, "number"),
    ("release_number", ["101", "1.5"], {}, "number"),
    ("release_number", ["101", "12/34"], {}, "number"),
    ("release_number", ["101", "%31"], {}, "number"),
    ("make_call", ["101", TOO_LONG], {}, "called"),
    ("make_call", ["101", "abc"], {}, "called"),
    ("make_call", ["101", "+86138"], {}, "called"),
    ("make_call", ["101", ""], {}, "called"),
    ("make_call", ["101", "12 34"], {}, "called"),
    ("make_call", ["101", "13800000001"], {"caller": "x1"}, "caller"),
    ("sign_in_agent", ["101"], {"phone_number": "7010a"}, "phone_number"),
    ("simulate_inbound_call", ["101"], {"caller": TOO_LONG}, "caller"),
    # call IDs
    ("hold_call", ["101", "a/b"], {}, "call_id"),
    ("hold_call", ["101", "a?b"], {}, "call_id"),
    ("hold_call", ["101", "a#b"], {}, "call_id"),
    ("hold_call", ["101", ".."], {}, "call_id"),
    ("hold_call", ["101", "../x"], {}, "call_id"),
    ("hold_call", ["101", "a b"], {}, "call_id"),
    ("hold_call", ["101", "\u547c\u53eb-1"], {}, "call_id"),  # non-ASCII
    ("hold_call", ["101", ""], {}, "call_id"),
    ("hold_call", ["101", "a" * 65], {}, "call_id"),
    ("hold_call", ["101", "-1"], {}, "call_id"),
    ("hold_call", ["101", "a.b"], {}, "call_id"),
    ("hold_call", ["101", "%2e%2e"], {}, "call_id"),
    ("hold_call", ["101", "1456401416-3\n"], {}, "call_id"),
    ("retrieve_held_call", ["101", "x/../y"], {}, "call_id"),
    ("answer_call", ["101", "a&b=c"], {}, "call_id"),
    ("join_held_call_to_conference", ["101", "a b"], {}, "call_id"),
    ("simulate_customer_hang_up", ["../reset"], {}, "call_id"),
    # other arguments
    ("sign_in_agent", ["101"], {"status": "sleeping"}, "status"),
    ("request_internal_help", ["101", "abc"], {}, "helper_agent_id"),
    ("request_internal_help", ["101", "102"], {"mode": "four-party"}, "mode"),
    ("request_agent_conference", ["101"], {}, "participants"),
    ("request_agent_conference", ["101", "12a"], {}, "participants"),
    ("set_remote_party_behaviour", ["13800000001", "maybe"], {}, "behaviour"),
    ("set_remote_party_behaviour", ["+1", "busy"], {}, "number"),
    ("inject_gateway_fault", ["earthquake"], {}, "kind"),
    ("inject_gateway_fault", ["latency"], {"agent_id": "abc"}, "agent_id"),
    ("inject_gateway_fault", ["http error"], {"status": 404}, "status"),
    ("inject_gateway_fault", ["latency"], {"interface": "teleport"}, "interface"),
    ("set_agent_busy", ["101"], {"reason": "199"}, "reason"),
    ("set_agent_busy", ["101"], {"reason": "2/0"}, "reason"),
    ("set_agent_rest", ["101", "1.5 s"], {}, "duration"),
    ("set_agent_rest", ["101", "86400 s"], {}, "duration"),
    ("set_agent_rest", ["101", "1 min"], {"cause": "../1"}, "cause"),
    ("sign_in_to_skills", ["101", "1;2"], {}, "skill_ids"),
    ("transfer_call", ["101", "102"], {"to": "voicemail"}, "to"),
    ("transfer_call", ["101", "102"], {"mode": "talk"}, "mode"),
    ("transfer_call", ["101", "../x"], {"to": "external"}, "target"),
    ("transfer_call", ["101", "abc"], {}, "target"),
    ("call_agent", ["101", "13800000001"], {}, "called_agent_id"),
    ("simulate_inbound_call_to_skill", ["../reset"], {}, "skill_id"),
    ("set_agent_skills", ["101", "a"], {}, "skill_ids"),
]


class WireCount:
    """Counts every HTTP request any requests transport adapter sends (the library's, its pollers', anyone's),
    and every request sent on a kept-alive connection of the library directly (its actions' and its pollers')."""

    def __init__(self, monkeypatch):
        self.sent: list[str] = []
        original = requests.adapters.HTTPAdapter.send
        original_direct = PollConnection.request

        def send(adapter, request, *args, **kwargs):
            self.sent.append(f"{request.method} {request.url}")
            return original(adapter, request, *args, **kwargs)

        def send_direct(connection, method, path, *args, **kwargs):
            self.sent.append(f"{method} {path}")
            return original_direct(connection, method, path, *args, **kwargs)

        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
        monkeypatch.setattr(PollConnection, "request", send_direct)


@pytest.fixture
def library(sim):
    lib = CCGatewayLibrary(timeout="5 s")
    lib.connect(sim.url, sim.ca_bundle)
    yield lib
    lib.close()


def test_the_matrix_is_large_enough():
    assert len(MATRIX) >= 40


@pytest.mark.parametrize(
    "keyword, args, kwargs, argument", MATRIX, ids=[f"{k}-{i}" for i, (k, *_) in enumerate(MATRIX)]
)
def test_invalid_input_fails_before_any_request(library, sim, monkeypatch, keyword, args, kwargs, argument):
    wire = WireCount(monkeypatch)
    with pytest.raises(ArgumentError) as error:
        library.run_keyword(keyword, list(args), dict(kwargs))
    assert f"argument '{argument}' " in str(error.value) and "allowed:" in str(error.value)
    # ... and names the keyword that refused it (its name as a test writes it)
    label = " ".join(word.capitalize() for word in keyword.split("_"))
    assert str(error.value).startswith(f"{label}: "), str(error.value)
    assert wire.sent == []
    monkeypatch.undo()
    assert control(sim, "GET", "/requests") == []  # the simulator saw nothing either


@pytest.mark.parametrize(
    "keyword, args",
    [
        ("drop_call", ["101"]),
        ("hold_call", ["101", "1456401416-3"]),
        ("release_number", ["101", "13800000001"]),
        ("make_call", ["101", "13800000001"]),
        ("answer_call", ["101", "1456401416-3"]),
    ],
)
def test_valid_input_does_reach_the_simulator(library, sim, monkeypatch, keyword, args):
    """The proof above can fail: the same keywords with valid arguments are seen on the wire and by the simulator."""
    wire = WireCount(monkeypatch)
    with pytest.raises(AssertionError, match="^100-006"):  # nobody is signed in
        library.run_keyword(keyword, args, {})
    assert len(wire.sent) == 1
    monkeypatch.undo()
    assert len(control(sim, "GET", "/requests")) == 1


# ---------------------------------------------------------------------------------------- URI properties

_PARAM = {
    "agentid": r"[1-9][0-9]{2,5}",
    "callid": r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}",
    "number": r"[0-9]{1,24}",
    "time": r"[1-9][0-9]{0,4}",
    "restcause": r"[0-9]{1,3}",
    "isautoanswer": "true|false",
    "flag": "true|false",
    "autoflag": "true|false",
}
DOCUMENTED = [
    (
        iface.method,
        re.compile(
            re.escape(api.BASE_PATH)
            + re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?:{_PARAM[m.group(1)]})", re.escape(iface.template))
        ),
    )
    for iface in api.ALL
]
DOCUMENTED.append(("POST", re.compile(r"/simulator/calls/(?:" + _PARAM["callid"] + r")/hang-up")))
QUERY = {
    "callid": re.compile(_PARAM["callid"]),
    "reason": re.compile(r"[0-9]{1,3}"),
    "prolong": re.compile("true|false"),
    "skillid": re.compile(r"[0-9]{1,9}(;[0-9]{1,9})*"),
    "phonelinkage": re.compile("[01]"),
}


class Capture(requests.adapters.BaseAdapter):
    """Answers every request itself, with the gateway's success envelope, and keeps what was asked."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def send(self, request, **kwargs):
        self.urls.append((request.method, request.url))
        response = requests.Response()
        response.status_code, response.reason, response.url, response.request = 200, "OK", request.url, request
        response._content = json.dumps({"message": "success", "retcode": "0", "result": "1-1"}).encode()
        response._content_consumed = True  # the body is all there (the client reads answers in chunks)
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self):
        pass


@pytest.fixture(scope="module")
def offline():
    """The library connected to a URL it never reaches: every request is captured."""
    lib = CCGatewayLibrary(timeout="1 s")
    client = lib.connect("https://gateway.invalid:8043", True)
    capture = Capture()
    client._http.mount("https://", capture)
    yield lib, capture
    lib.close()


ARGUMENT = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-10, max_value=10**26),
    st.from_regex(r"[0-9]{1,26}", fullmatch=True),
    st.from_regex(r"[0-9A-Za-z_./?#%& -]{1,70}", fullmatch=True),
    st.sampled_from(
        [
            "101",
            "59999",
            "60000",
            "999999",
            "1000000",
            "..",
            "../101",
            "%2e%2e",
            "101/x",
            "a?b=c",
            "1456401416-3",
            "x#y",
            "\u0661\u0660\u0661",
            "101\n",
            "",
            " ",
        ]
    ),
)
KEYWORDS = {
    "drop_call": 1,
    "hold_call": 2,
    "release_number": 2,
    "reject_ringing_call": 1,
    "release_agent_conference": 1,
    "answer_call": 2,
    "retrieve_held_call": 2,
    "put_call_on_hold": 1,
    "make_call": 3,
    "join_held_call_to_conference": 2,
    "request_internal_help": 2,
    "request_agent_conference": 3,
    "sign_out_agent": 1,
    "simulate_customer_hang_up": 1,
    "set_agent_busy": 2,
    "set_agent_rest": 3,
    "sign_in_to_skills": 3,
    "transfer_call": 3,
    "call_agent": 3,
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keyword=st.sampled_from(sorted(KEYWORDS)), values=st.lists(ARGUMENT, min_size=3, max_size=3))
def test_no_argument_leads_outside_the_documented_uri_templates(offline, keyword, values):
    lib, capture = offline
    capture.urls.clear()
    args = values[: KEYWORDS[keyword]]
    try:
        lib.run_keyword(keyword, args, {})
    except ArgumentError:
        assert capture.urls == [], "a refused argument must not be sent"
        return
    except AssertionError:
        pass  # a retcode or a result the keyword did not expect: the request went out, checked below
    assert len(capture.urls) == 1
    method, url = capture.urls[0]
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("https", "gateway.invalid:8043")
    assert any(method == m and pattern.fullmatch(parts.path) for m, pattern in DOCUMENTED), url
    assert not parts.fragment and ".." not in url and "%" not in url and " " not in url
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        assert key in QUERY and QUERY[key].fullmatch(value), url
