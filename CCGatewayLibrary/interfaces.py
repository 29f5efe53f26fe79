"""The CC-Gateway agent interfaces this project speaks: method, URI template, method name in logs,
agent ID range, the retcodes each can fail with, the events each triggers, and where that is documented.

The five seed interfaces follow ``../shared/seeds/`` to the letter; the rest follow
``../shared/reference/ccgateway-api.md``. The library validates and builds requests from this table and
the simulator answers from it, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_PATH = "/agentgateway/resource"

OLD_RANGE = (101, 59999)  # older doc series (cec_07_12xx/13xx) and four of the seeds
NEW_RANGE = (101, 999999)  # newer doc series (cec_07_03xx-05xx) and seed 000


@dataclass(frozen=True)
class Interface:
    label: str  # the keyword that calls it, used in failure messages
    method: str
    template: str  # below BASE_PATH; placeholders {agentid}, {number}, {callid}
    log_name: str  # "Method Name in Logs" on the interface's page
    agent_range: tuple[int, int]
    retcodes: tuple[str, ...]  # documented failure retcodes
    events: tuple[str, ...]  # documented triggered events
    source: str

    def path(self, **params: str) -> str:
        return BASE_PATH + self.template.format(**params)

    def describe(self, **params: str) -> str:
        """``DELETE /agentgateway/resource/voicecall/101/release``, for failure messages and logs."""
        return f"{self.method} {self.path(**params)}"


def _i(label, method, template, log_name, agent_range, retcodes=(), events=(), source=""):
    return Interface(label, method, template, log_name, agent_range, tuple(retcodes), tuple(events), source)


# The five seed interfaces.
CONNECT_HOLD = _i(
    "Hold Call", "POST", "/voicecall/{agentid}/connecthold/{callid}", "connectHold", OLD_RANGE,
    ("100-006", "100-007", "200-013", "200-014"),
    ("AgentEvent_Call_Release", "AgentEvent_Customer_Release", "AgentOther_PhoneRelease",
     "AgentMediaEvent_StopRecordDone"),
    "seed 004_9a090d9518f45614.txt (Holding a Call)")
RELEASE = _i(
    "Drop Call", "DELETE", "/voicecall/{agentid}/release", "release", OLD_RANGE,
    ("100-006", "100-007", "200-017"), ("AgentEvent_Call_Release", "AgentEvent_Customer_Release"),
    "seed 001_12ca62a64fc16e53.txt (Dropping a Call)")
RELEASE_LEGACY = _i(
    "Drop Call", "DELETE", "/voicecall/{agentid}", "releaseEx", OLD_RANGE,
    RELEASE.retcodes, RELEASE.events, "seed 001_12ca62a64fc16e53.txt (Dropping a Call, legacy URI)")
DISCONNECT = _i(
    "Release Number", "POST", "/voicecall/{agentid}/disconnect/{number}", "disconnect", NEW_RANGE,
    ("100-006", "100-007", "200-023", "200-024"), ("AgentEvent_Call_Release", "AgentEvent_Customer_Release"),
    "seed 000_869f01822fcfb190.txt (Releasing a Connection of a Specified Number)")
PHONE_HANGUP = _i(
    "Reject Ringing Call", "POST", "/voicecall/{agentid}/phonehangup", "phonehangup", OLD_RANGE,
    ("100-006", "100-007"), ("AgentOther_PhoneRelease", "AgentEvent_No_Answer"),
    "seed 002_699bd41dfde9fa63.txt (Rejecting a Call)")
RELEASE_AGENT_CONF = _i(
    "Release Agent Conference", "POST", "/agentconf/{agentid}/releaseagentconf", "releaseAgentConf", OLD_RANGE,
    ("000-002", "100-006", "100-007", "101-001", "101-002"),
    ("AgentMediaEvent_StopRecordDone", "AgentOther_PhoneRelease", "AgentConf_SelfLeaveResult", "AgentState_Ready"),
    "seed 003_4dff9bc1abf1d863.txt (Releasing an Agent Conference)")

# Sign-in, sign-out and events (reference §3, §4).
SIGN_IN = _i(
    "Sign In Agent", "PUT", "/onlineagent/{agentid}", "login", NEW_RANGE,
    ("100-001", "100-002", "100-003", "100-004", "100-011", "100-012", "100-013", "100-014", "100-015", "100-016"),
    ("AgentOther_InService", "AgentState_Ready"), "cec_07_1202")
FORCE_SIGN_IN = _i(
    "Sign In Agent", "PUT", "/onlineagent/{agentid}/forcelogin", "forceLogin", NEW_RANGE,
    SIGN_IN.retcodes, SIGN_IN.events, "cec_07_1203")
SIGN_OUT = _i(
    "Sign Out Agent", "DELETE", "/onlineagent/{agentid}/logout", "logout", NEW_RANGE,
    ("100-005", "100-006", "100-007", "100-008", "100-010"), (), "cec_07_1219")
FORCE_SIGN_OUT = _i(
    "Sign Out Agent", "DELETE", "/onlineagent/{agentid}/forcelogout", "forceLogout", NEW_RANGE,
    ("100-006", "100-007"), (), "cec_07_1220")
AGENT_EVENT = _i(
    "Wait For Agent Event", "GET", "/agentevent/{agentid}", "getAgentEvent", NEW_RANGE,
    ("000-001", "000-003", "100-006"), (), "cec_07_1274")
AGENT_STATUS = _i(
    "Get Agent State", "GET", "/onlineagent/{agentid}/agentstatus", "getAgentStatus", NEW_RANGE,
    ("000-002", "100-006"), (), "cec_07_1222")

# Call set-up steps (reference §6, §7).
CALL_OUT = _i(
    "Make Call", "PUT", "/voicecall/{agentid}/callout", "callout", NEW_RANGE,
    ("100-006", "100-007", "200-001"),
    ("AgentOther_PhoneAlerting", "AgentOther_PhoneOffhook", "AgentState_Busy", "AgentEvent_Customer_Alerting",
     "AgentEvent_Talking"), "cec_07_1232")
ANSWER = _i(
    "Answer Call", "PUT", "/voicecall/{agentid}/answer", "answer", NEW_RANGE,
    ("100-006", "100-007", "200-002"), ("AgentEvent_Talking",), "cec_07_1234")
HOLD = _i(
    "Put Call On Hold", "POST", "/voicecall/{agentid}/hold", "hold", NEW_RANGE,
    ("100-006", "100-007", "200-013", "200-014"), ("AgentEvent_Hold",), "cec_07_1239")
GET_HOLD = _i(
    "Retrieve Held Call", "POST", "/voicecall/{agentid}/gethold", "getHold", NEW_RANGE,
    ("100-006", "100-007", "200-015", "200-016"), ("AgentEvent_Talking",), "cec_07_1241")
CONF_JOIN = _i(
    "Join Held Call To Conference", "POST", "/voicecall/{agentid}/confjoin", "confJoin", NEW_RANGE,
    ("100-006", "100-007", "200-010", "200-011"), ("AgentEvent_Conference",), "cec_07_1245")
INNER_HELP = _i(
    "Request Internal Help", "POST", "/voicecall/{agentid}/innerhelp", "innerHelp", NEW_RANGE,
    ("100-006", "100-007", "200-018"), ("AgentEvent_Hold", "AgentEvent_Customer_Alerting"), "cec_07_1236")
REQUEST_AGENT_CONF = _i(
    "Request Agent Conference", "POST", "/agentconf/{agentid}/requestagentconf", "requestAgentConf", OLD_RANGE,
    ("000-002", "100-006", "100-007"), ("AgentConf_SelfJoinResult", "AgentConf_RequestSuccess"), "cec_07_1283")
ANSWER_AGENT_CONF = _i(
    "Answer Agent Conference", "POST", "/agentconf/{agentid}/answeragentconf", "answerAgentConf", OLD_RANGE,
    ("100-006", "100-007"), ("AgentConf_SelfJoinResult",),
    "cec_07_0469 / cec_07_1284 (method name in logs and error codes not retrieved: answerAgentConf, 100-006 "
    "and 100-007 are assumed, as for the other agent-conference interfaces)")
LEAVE_AGENT_CONF = _i(
    "Leave Agent Conference", "POST", "/agentconf/{agentid}/requestleaveagentconf", "requestLeaveAgentConf",
    OLD_RANGE, ("000-002", "100-006", "100-007", "101-001", "101-007"),
    ("AgentMediaEvent_StopRecordDone", "AgentOther_PhoneRelease", "AgentConf_SelfLeaveResult"),
    "cec_07_1286 / cec_07_0471 (method name in logs not retrieved: requestLeaveAgentConf is assumed)")

# Call-data queries (reference §6.1), for the getters.
CALL_INFO = _i(
    "Get Call Info", "GET", "/calldata/{agentid}/callinfo", "queryCallInfo", NEW_RANGE,
    ("000-002", "100-006", "100-007"), (),
    "cec_07_0419 / cec_07_1261 (its error codes were not retrieved: 000-002, 100-006 and 100-007 are assumed, "
    "as for the other agent queries)")
HOLD_LIST = _i(
    "Get Held Calls", "GET", "/calldata/{agentid}/holdlist", "queryHoldListInfo", NEW_RANGE,
    ("100-006", "300-001", "400-003"), (), "cec_07_0422")

ALL: tuple[Interface, ...] = (
    CONNECT_HOLD, RELEASE, RELEASE_LEGACY, DISCONNECT, PHONE_HANGUP, RELEASE_AGENT_CONF,
    SIGN_IN, FORCE_SIGN_IN, SIGN_OUT, FORCE_SIGN_OUT, AGENT_EVENT, AGENT_STATUS,
    CALL_OUT, ANSWER, HOLD, GET_HOLD, CONF_JOIN, INNER_HELP, REQUEST_AGENT_CONF,
    CALL_INFO, HOLD_LIST, ANSWER_AGENT_CONF, LEAVE_AGENT_CONF,
)
