"""The retcode catalogue and the failure message a gateway error produces."""

from CCGatewayLibrary import interfaces as api
from CCGatewayLibrary.client import GatewayError
from CCGatewayLibrary.retcodes import CATALOGUE, meaning_of


def test_every_documented_retcode_of_every_interface_has_a_meaning():
    for interface in api.ALL:
        for code in interface.retcodes:
            assert code in CATALOGUE, f"{interface.label} ({interface.log_name}) lists {code}, not in the catalogue"


def test_codes_whose_meaning_the_docs_leave_open_are_marked_as_the_simulators_choice():
    for code in ("101-001", "101-002", "200-023", "200-024"):
        assert CATALOGUE[code].source == "simulator"
    assert CATALOGUE["100-006"].source == "doc"


def test_unknown_retcode_says_so():
    assert "unknown retcode" in meaning_of("999-999")


def test_gateway_error_message_starts_with_retcode_then_meaning_keyword_and_interface():
    error = GatewayError("200-017", meaning_of("200-017"), "Drop Call", api.RELEASE.describe(agentid="101"))
    assert str(error) == (
        "200-017: the agent has no call to release (Drop Call: DELETE /agentgateway/resource/voicecall/101/release)"
    )
    assert error.retcode == "200-017"
    assert isinstance(error, AssertionError)


def test_seed_interfaces_match_their_pages():
    assert (
        api.CONNECT_HOLD.describe(agentid="101", callid="1-2")
        == "POST /agentgateway/resource/voicecall/101/connecthold/1-2"
    )
    assert (api.RELEASE.method, api.RELEASE.log_name, api.RELEASE.agent_range) == ("DELETE", "release", (101, 59999))
    assert api.RELEASE_LEGACY.path(agentid="101") == "/agentgateway/resource/voicecall/101"
    assert api.RELEASE_LEGACY.log_name == "releaseEx"
    assert (api.DISCONNECT.method, api.DISCONNECT.agent_range) == ("POST", (101, 999999))
    assert api.PHONE_HANGUP.events == ("AgentOther_PhoneRelease", "AgentEvent_No_Answer")
    assert api.RELEASE_AGENT_CONF.retcodes == ("000-002", "100-006", "100-007", "101-001", "101-002")
