"""The CC-Gateway agent interfaces this project speaks, one row each: method, URI template, method name in
logs, agent ID range, the retcodes each can fail with, the events each triggers, where that is documented,
and the request's shape (path, query and body fields, Guid or not), the kind of its result and the model
method of the simulator that serves it.

The five seed interfaces follow the seed pages to the letter; the rest follow the project's API reference
(each row names its source). This table drives everything: the client builds requests from it, the
simulator routes, reads and answers from it (``simulator/app.py``), documents it (``simulator/pages.py``)
and matches injected faults by it (``simulator/faults.py``), so none of them can drift apart.

Adding an interface: one row here (and in :data:`ALL`), one keyword that calls it, one method of
``simulator/model.GatewayModel`` named by ``model=`` that takes the agent ID and the fields' arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

BASE_PATH = "/agentgateway/resource"

OLD_RANGE = (101, 59999)  # older doc series (cec_07_12xx/13xx) and four of the seeds
NEW_RANGE = (101, 999999)  # newer doc series (cec_07_03xx-05xx) and seed 000

# Field kinds: how the simulator reads a field (simulator/wire.py). The documents' own samples send numbers
# and booleans as strings ("4", "false"), so FLAG and INTEGER accept both forms.
TEXT = "text"  # a string, passed on as it is (the model checks its format)
FLAG = "flag"  # a boolean
INTEGER = "integer"
CALL_ID = "call ID"  # checked as a call ID (validation.call_id)
ADDRESSES = "addresses"  # requestagentconf's list of {"addressType", "address"}

# Result kinds: what the model method returns and how the simulator answers with it.
VALUE = "value"  # the return value is the answer's result (None: {})
NO_RESULT = "no result"  # the answer's result is {} whatever the method returns
SESSION = "session"  # the method returns (Guid, result); the answer carries Set-GUID: JSESSIONID=<Guid>
EVENT = "event"  # the event long poll: the answer carries "event", not "result"

REQUIRED = object()  # Field default: the request must carry the field


@dataclass(frozen=True, eq=False)
class Field:
    """One value an interface reads from its request: a URI placeholder, a query parameter or a body field."""

    name: str  # as the gateway spells it
    kind: str = TEXT
    description: str = ""
    example: object = None  # for the simulator's API page
    default: object = None  # what the simulator takes when it is absent; REQUIRED: it must be there
    arg: str | None = ""  # the model method's keyword argument: "" the same as name, None not passed on

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def argument(self) -> str | None:
        return self.name if self.arg == "" else self.arg


# URI placeholders other than {agentid}, by name; a row may give its own with placeholders=.
PATH_FIELDS = {
    "callid": Field("callid", CALL_ID, "call ID, e.g. 1456401416-3", "1456401416-3", REQUIRED),
    "number": Field("number", TEXT, "phone number, 1 to 24 digits", "13800000001", REQUIRED),
}


@dataclass(frozen=True, eq=False)
class Interface:
    label: str  # the keyword that calls it, used in failure messages
    method: str
    template: str  # below BASE_PATH; placeholders {agentid} and those of path
    log_name: str  # "Method Name in Logs" on the interface's page
    agent_range: tuple[int, int]
    retcodes: tuple[str, ...]  # documented failure retcodes
    events: tuple[str, ...]  # documented triggered events
    source: str
    model: str = ""  # the GatewayModel method that serves it: model(agent_id, **fields' arguments)
    result: str = VALUE  # VALUE, NO_RESULT, SESSION or EVENT
    body: tuple[Field, ...] = ()  # JSON body fields; none: the body is not read
    query: tuple[Field, ...] = ()  # query parameters
    placeholders: tuple[Field, ...] = ()  # URI placeholders but {agentid}, in order; default: PATH_FIELDS
    guid: bool = True  # the request carries the agent's Guid (False only for sign-in)

    def __post_init__(self) -> None:
        names = [name for _, name, _, _ in Formatter().parse(self.template) if name and name != "agentid"]
        given = {field.name: field for field in self.placeholders}
        missing = [name for name in names if name not in given and name not in PATH_FIELDS]
        if missing or self.result not in (VALUE, NO_RESULT, SESSION, EVENT):
            raise ValueError(
                f"interface {self.log_name}: placeholders without a Field {missing}, or result "
                f"{self.result!r} is not one of the result kinds"
            )
        object.__setattr__(self, "placeholders", tuple(given.get(name) or PATH_FIELDS[name] for name in names))

    def path(self, **params: str) -> str:
        return BASE_PATH + self.template.format(**params)

    def describe(self, **params: str) -> str:
        """``DELETE /agentgateway/resource/voicecall/101/release``, for failure messages and logs."""
        return f"{self.method} {self.path(**params)}"

    @property
    def route(self) -> str:
        """The URI template with the base path, as routes and the API page write it."""
        return BASE_PATH + self.template


def _i(label, method, template, log_name, agent_range, retcodes=(), events=(), source="", **shape):
    return Interface(label, method, template, log_name, agent_range, tuple(retcodes), tuple(events), source, **shape)


_CALLID_QUERY = Field("callid", CALL_ID, "the call (optional)", "1456401416-3")
_SIGN_IN_BODY = (
    Field("password", TEXT, "the agent's password", ""),
    Field("phonenum", TEXT, "the softphone number to bind; empty: the agent ID", "70101"),
    Field("status", INTEGER, "state after sign-in: 3 busy, 4 idle, 5 wrap-up", 4, 4),
    Field("phonelinkage", FLAG, "phone linkage with a hard phone", False, False),
    Field("autoanswer", FLAG, "the gateway answers incoming calls", True, True),
    Field("autoenteridle", FLAG, "idle (not wrap-up) after a call", True, True),
    Field("agenttype", INTEGER, "agent type (4: PC+phone); read, not modelled", 4, 4, arg=None),
)

# The five seed interfaces.
CONNECT_HOLD = _i(
    "Hold Call",
    "POST",
    "/voicecall/{agentid}/connecthold/{callid}",
    "connectHold",
    OLD_RANGE,
    ("100-006", "100-007", "200-013", "200-014"),
    (
        "AgentEvent_Call_Release",
        "AgentEvent_Customer_Release",
        "AgentOther_PhoneRelease",
        "AgentMediaEvent_StopRecordDone",
    ),
    "seed 004_9a090d9518f45614.txt (Holding a Call)",
    model="connect_hold",
)
RELEASE = _i(
    "Drop Call",
    "DELETE",
    "/voicecall/{agentid}/release",
    "release",
    OLD_RANGE,
    ("100-006", "100-007", "200-017"),
    ("AgentEvent_Call_Release", "AgentEvent_Customer_Release"),
    "seed 001_12ca62a64fc16e53.txt (Dropping a Call)",
    model="release",
)
RELEASE_LEGACY = _i(
    "Drop Call",
    "DELETE",
    "/voicecall/{agentid}",
    "releaseEx",
    OLD_RANGE,
    RELEASE.retcodes,
    RELEASE.events,
    "seed 001_12ca62a64fc16e53.txt (Dropping a Call, legacy URI)",
    model="release",
)
DISCONNECT = _i(
    "Release Number",
    "POST",
    "/voicecall/{agentid}/disconnect/{number}",
    "disconnect",
    NEW_RANGE,
    ("100-006", "100-007", "200-023", "200-024"),
    ("AgentEvent_Call_Release", "AgentEvent_Customer_Release"),
    "seed 000_869f01822fcfb190.txt (Releasing a Connection of a Specified Number)",
    model="disconnect",
)
PHONE_HANGUP = _i(
    "Reject Ringing Call",
    "POST",
    "/voicecall/{agentid}/phonehangup",
    "phonehangup",
    OLD_RANGE,
    ("100-006", "100-007"),
    ("AgentOther_PhoneRelease", "AgentEvent_No_Answer"),
    "seed 002_699bd41dfde9fa63.txt (Rejecting a Call)",
    model="phone_hangup",
)
RELEASE_AGENT_CONF = _i(
    "Release Agent Conference",
    "POST",
    "/agentconf/{agentid}/releaseagentconf",
    "releaseAgentConf",
    OLD_RANGE,
    ("000-002", "100-006", "100-007", "101-001", "101-002"),
    ("AgentMediaEvent_StopRecordDone", "AgentOther_PhoneRelease", "AgentConf_SelfLeaveResult", "AgentState_Ready"),
    "seed 003_4dff9bc1abf1d863.txt (Releasing an Agent Conference)",
    model="release_agent_conf",
)

# Sign-in, sign-out and events (reference §3, §4).
SIGN_IN = _i(
    "Sign In Agent",
    "PUT",
    "/onlineagent/{agentid}",
    "login",
    NEW_RANGE,
    ("100-001", "100-002", "100-003", "100-004", "100-011", "100-012", "100-013", "100-014", "100-015", "100-016"),
    ("AgentOther_InService", "AgentState_Ready"),
    "cec_07_1202",
    model="sign_in",
    result=SESSION,
    body=_SIGN_IN_BODY,
    guid=False,
)
FORCE_SIGN_IN = _i(
    "Sign In Agent",
    "PUT",
    "/onlineagent/{agentid}/forcelogin",
    "forceLogin",
    NEW_RANGE,
    SIGN_IN.retcodes,
    SIGN_IN.events,
    "cec_07_1203",
    model="force_sign_in",
    result=SESSION,
    body=_SIGN_IN_BODY,
    guid=False,
)
SIGN_OUT = _i(
    "Sign Out Agent",
    "DELETE",
    "/onlineagent/{agentid}/logout",
    "logout",
    NEW_RANGE,
    ("100-005", "100-006", "100-007", "100-008", "100-010"),
    (),
    "cec_07_1219",
    model="sign_out",
)
FORCE_SIGN_OUT = _i(
    "Sign Out Agent",
    "DELETE",
    "/onlineagent/{agentid}/forcelogout",
    "forceLogout",
    NEW_RANGE,
    ("100-006", "100-007"),
    (),
    "cec_07_1220",
    model="force_sign_out",
)
AGENT_EVENT = _i(
    "Wait For Agent Event",
    "GET",
    "/agentevent/{agentid}",
    "getAgentEvent",
    NEW_RANGE,
    ("000-001", "000-003", "100-006"),
    (),
    "cec_07_1274",
    model="next_event",
    result=EVENT,
)
AGENT_STATUS = _i(
    "Get Agent State",
    "GET",
    "/onlineagent/{agentid}/agentstatus",
    "getAgentStatus",
    NEW_RANGE,
    ("000-002", "100-006"),
    (),
    "cec_07_1222",
    model="agent_status",
)

# Call set-up steps (reference §6, §7).
CALL_OUT = _i(
    "Make Call",
    "PUT",
    "/voicecall/{agentid}/callout",
    "callout",
    NEW_RANGE,
    ("100-006", "100-007", "200-001"),
    (
        "AgentOther_PhoneAlerting",
        "AgentOther_PhoneOffhook",
        "AgentState_Busy",
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Talking",
    ),
    "cec_07_1232",
    model="call_out",
    body=(
        Field("called", TEXT, "the number to call", "13800000001", REQUIRED),
        Field("caller", TEXT, "the calling number shown; empty: the platform's default", ""),
    ),
)
ANSWER = _i(
    "Answer Call",
    "PUT",
    "/voicecall/{agentid}/answer",
    "answer",
    NEW_RANGE,
    ("100-006", "100-007", "200-002"),
    ("AgentEvent_Talking",),
    "cec_07_1234",
    model="answer",
    query=(_CALLID_QUERY,),
)
HOLD = _i(
    "Put Call On Hold",
    "POST",
    "/voicecall/{agentid}/hold",
    "hold",
    NEW_RANGE,
    ("100-006", "100-007", "200-013", "200-014"),
    ("AgentEvent_Hold",),
    "cec_07_1239",
    model="hold",
)
GET_HOLD = _i(
    "Retrieve Held Call",
    "POST",
    "/voicecall/{agentid}/gethold",
    "getHold",
    NEW_RANGE,
    ("100-006", "100-007", "200-015", "200-016"),
    ("AgentEvent_Talking",),
    "cec_07_1241",
    model="retrieve",
    query=(Field("callid", CALL_ID, "the held call", "1456401416-3"),),
)
CONF_JOIN = _i(
    "Join Held Call To Conference",
    "POST",
    "/voicecall/{agentid}/confjoin",
    "confJoin",
    NEW_RANGE,
    ("100-006", "100-007", "200-010", "200-011"),
    ("AgentEvent_Conference",),
    "cec_07_1245",
    model="conf_join",
    body=(Field("callid", CALL_ID, "the held call to join", "1456401416-3", REQUIRED),),
)
INNER_HELP = _i(
    "Request Internal Help",
    "POST",
    "/voicecall/{agentid}/innerhelp",
    "innerHelp",
    NEW_RANGE,
    ("100-006", "100-007", "200-018"),
    ("AgentEvent_Hold", "AgentEvent_Customer_Alerting"),
    "cec_07_1236",
    model="inner_help",
    body=(
        Field("dstaddress", TEXT, "the helper's agent ID", "102", REQUIRED),
        Field("devicetype", INTEGER, "2: an agent", 2, 2),
        Field("mode", INTEGER, "1: two-party help, 2: three-party help", 1, 1),
    ),
)
REQUEST_AGENT_CONF = _i(
    "Request Agent Conference",
    "POST",
    "/agentconf/{agentid}/requestagentconf",
    "requestAgentConf",
    OLD_RANGE,
    ("000-002", "100-006", "100-007"),
    ("AgentConf_SelfJoinResult", "AgentConf_RequestSuccess"),
    "cec_07_1283",
    model="request_agent_conf",
    result=NO_RESULT,  # the confId reaches the chair in its events
    body=(
        Field(
            "addresses",
            ADDRESSES,
            "participants: addressType 9 an agent ID, 6 a phone number (UNCONFIRMED)",
            [{"addressType": "9", "address": "102"}, {"addressType": "6", "address": "13800000001"}],
            REQUIRED,
        ),
    ),
)
ANSWER_AGENT_CONF = _i(
    "Answer Agent Conference",
    "POST",
    "/agentconf/{agentid}/answeragentconf",
    "answerAgentConf",
    OLD_RANGE,
    ("100-006", "100-007"),
    ("AgentConf_SelfJoinResult",),
    "cec_07_0469 / cec_07_1284 (method name in logs and error codes not retrieved: answerAgentConf, 100-006 "
    "and 100-007 are assumed, as for the other agent-conference interfaces)",
    model="answer_agent_conf",
)
LEAVE_AGENT_CONF = _i(
    "Leave Agent Conference",
    "POST",
    "/agentconf/{agentid}/requestleaveagentconf",
    "requestLeaveAgentConf",
    OLD_RANGE,
    ("000-002", "100-006", "100-007", "101-001", "101-007"),
    ("AgentMediaEvent_StopRecordDone", "AgentOther_PhoneRelease", "AgentConf_SelfLeaveResult"),
    "cec_07_1286 / cec_07_0471 (method name in logs not retrieved: requestLeaveAgentConf is assumed)",
    model="leave_agent_conf",
)

# Call-data queries (reference §6.1), for the getters.
CALL_INFO = _i(
    "Get Call Info",
    "GET",
    "/calldata/{agentid}/callinfo",
    "queryCallInfo",
    NEW_RANGE,
    ("000-002", "100-006", "100-007"),
    (),
    "cec_07_0419 / cec_07_1261 (its error codes were not retrieved: 000-002, 100-006 and 100-007 are assumed, "
    "as for the other agent queries)",
    model="call_info",
    query=(
        Field(
            "isNoContainLastCall",
            FLAG,
            "true: only a current call, not the last one",
            "true",
            False,
            arg="no_last_call",
        ),
    ),
)
HOLD_LIST = _i(
    "Get Held Calls",
    "GET",
    "/calldata/{agentid}/holdlist",
    "queryHoldListInfo",
    NEW_RANGE,
    ("100-006", "300-001", "400-003"),
    (),
    "cec_07_0422",
    model="hold_list",
)

# Agent state (reference §8; pages cec_07_1211 saybusy, 1212 cancelbusy, 1213 rest, 1216 cancelwork, 0351
# autoenteridle list their events and retcodes; for sayfree, cancelrest, work and autoanswer the pages were not
# retrieved: their method names follow the naming of the pages read, their retcodes those of the pages read).
_STATE_RETCODES = ("000-002", "100-006", "100-007", "100-009")
SAY_FREE = _i(
    "Set Agent Ready",
    "POST",
    "/onlineagent/{agentid}/sayfree",
    "sayFree",
    NEW_RANGE,
    _STATE_RETCODES,
    ("AgentState_Ready",),
    "reference §8 (sayfree; page not retrieved: method name and retcodes assumed)",
    model="say_free",
)
SAY_BUSY = _i(
    "Set Agent Busy",
    "POST",
    "/onlineagent/{agentid}/saybusy",
    "sayBusy",
    NEW_RANGE,
    _STATE_RETCODES,
    ("AgentState_SetNotReady_Success",),
    "cec_07_1211 / 13461",
    model="say_busy",
    query=(
        Field("reason", INTEGER, "busy reason: 0 (none) or 200 to 250", 200, 0),
        Field("prolong", FLAG, "reset the busy reason of an agent that is busy already", False, False),
    ),
)
CANCEL_BUSY = _i(
    "Cancel Agent Busy",
    "POST",
    "/onlineagent/{agentid}/cancelbusy",
    "cancelBusy",
    NEW_RANGE,
    ("100-006", "100-007", "100-009"),
    ("AgentState_CancelNotReady_Success",),
    "cec_07_1212",
    model="cancel_busy",
)
REST = _i(
    "Set Agent Rest",
    "POST",
    "/onlineagent/{agentid}/rest/{time}/{restcause}",
    "rest",
    NEW_RANGE,
    _STATE_RETCODES,
    ("AgentState_SetRest_Success", "AgentState_Rest_Timeout"),
    "cec_07_1213",
    model="rest",
    placeholders=(
        Field("time", INTEGER, "rest duration in seconds, 1 to 86399", 600, REQUIRED, arg="seconds"),
        Field("restcause", INTEGER, "rest cause code, 0 (none) to 255", 0, REQUIRED),
    ),
    query=(Field("prolong", FLAG, "reset the rest of an agent that is resting already", False, False),),
)
CANCEL_REST = _i(
    "Cancel Agent Rest",
    "POST",
    "/onlineagent/{agentid}/cancelrest",
    "cancelRest",
    NEW_RANGE,
    ("100-006", "100-007", "100-009"),
    ("AgentState_CancelRest_Success",),
    "reference §8 (cancelrest; page not retrieved: method name and retcodes assumed)",
    model="cancel_rest",
)
WORK = _i(
    "Set Agent Wrap Up",
    "POST",
    "/onlineagent/{agentid}/work",
    "work",
    NEW_RANGE,
    _STATE_RETCODES,
    ("AgentState_SetWork_Success",),
    "reference §8 (work; page not retrieved: method name and retcodes assumed)",
    model="work",
)
CANCEL_WORK = _i(
    "Cancel Agent Wrap Up",
    "POST",
    "/onlineagent/{agentid}/cancelwork",
    "cancelWork",
    NEW_RANGE,
    ("100-006", "100-007", "100-009"),
    ("AgentState_CancelWork_Success",),
    "cec_07_1216",
    model="cancel_work",
)
AUTO_ANSWER = _i(
    "Set Agent Auto Answer",
    "POST",
    "/onlineagent/{agentid}/autoanswer/{isautoanswer}",
    "setAgentAutoAnswer",
    NEW_RANGE,
    ("000-002", "100-006", "100-007"),
    (),
    "reference §8 (autoanswer; page not retrieved: method name and retcodes assumed like autoenteridle's)",
    model="set_auto_answer",
    placeholders=(
        Field("isautoanswer", TEXT, "true: the gateway answers customer calls", "true", REQUIRED, arg="flag"),
    ),
)
AUTO_ENTER_IDLE = _i(
    "Set Agent Auto Enter Idle",
    "POST",
    "/onlineagent/{agentid}/autoenteridle/{flag}",
    "setAgentAutoEnterIdle",
    NEW_RANGE,
    ("000-002", "100-006", "100-007"),
    (),
    "cec_07_0351",
    model="set_auto_enter_idle",
    placeholders=(
        Field("flag", TEXT, "true: idle after a call; any other 1 to 5 characters: wrap-up", "true", REQUIRED),
    ),
)
RESET_SKILL = _i(
    "Sign In To Skills",
    "POST",
    "/onlineagent/{agentid}/resetskill/{autoflag}",
    "resetSkill",
    NEW_RANGE,
    ("000-002", "100-006", "100-007"),
    (),
    "cec_07_1209 (its retcodes were not retrieved: assumed)",
    model="reset_skill",
    placeholders=(
        Field("autoflag", TEXT, "true: every configured skill; else the skills in skillid", "false", REQUIRED),
    ),
    query=(
        Field("skillid", TEXT, "skill IDs separated by ';', e.g. 1;2", "1", ""),
        Field("phonelinkage", INTEGER, "1: phone linkage on, 0: off", 0),
    ),
)

# Mute, transfer and internal calls (reference §6).
BEGIN_MUTE = _i(
    "Mute Call",
    "POST",
    "/voicecall/{agentid}/beginmute",
    "beginMute",
    NEW_RANGE,
    ("100-006", "100-007", "200-003", "200-004"),
    (),
    "reference §6 (recorce.js, demo resultCode.js; no page: method name assumed)",
    model="begin_mute",
)
END_MUTE = _i(
    "Unmute Call",
    "POST",
    "/voicecall/{agentid}/endmute",
    "endMute",
    NEW_RANGE,
    ("100-006", "100-007", "200-007", "200-008"),
    (),
    "reference §6 (recorce.js, demo resultCode.js; no page: method name assumed)",
    model="end_mute",
)
TRANSFER = _i(
    "Transfer Call",
    "POST",
    "/voicecall/{agentid}/transfer",
    "transfer",
    NEW_RANGE,
    ("000-002", "100-006", "100-007", "200-012"),
    ("AgentEvent_Customer_Alerting", "AgentEvent_Call_Release", "AgentEvent_Connect_Fail"),
    "cec_07_1242 (events after AgentEvent_Customer_Alerting and the retcodes but 200-012 not retrieved: "
    "the simulator's reading)",
    model="transfer",
    body=(
        Field("devicetype", INTEGER, "1 skill, 2 agent, 3 IVR, 4 system access code, 5 external number", 2, REQUIRED),
        Field("address", TEXT, "the skill ID, agent ID, IVR or access code, or number (at most 24)", "102", REQUIRED),
        Field(
            "mode",
            INTEGER,
            "0 release (blind), 1 release (external) or suspend (IVR), 2 success transfer, "
            "3 talk transfer, 4 three-party transfer",
            0,
            REQUIRED,
        ),
        Field("caller", TEXT, "the calling number shown to an external target", "", arg=None),
        Field("callappdata", TEXT, "call data passed on; read, not modelled", "", arg=None),
    ),
)
CANCEL_TRANSFER = _i(
    "Cancel Transfer",
    "POST",
    "/voicecall/{agentid}/canceltransfer",
    "cancelTransfer",
    NEW_RANGE,
    ("100-006", "100-007"),
    ("AgentEvent_Talking",),
    "reference §6 (recorce.js; no page: method name, events and retcodes are the simulator's reading)",
    model="cancel_transfer",
)
CALL_INNER = _i(
    "Call Agent",
    "PUT",
    "/voicecall/{agentid}/callinner",
    "callInner",
    NEW_RANGE,
    ("100-006", "100-007", "200-001"),
    CALL_OUT.events,
    "cec_07_1235 (events and retcodes not retrieved: assumed as for callout)",
    model="call_inner",
    body=(
        Field("called", TEXT, "the agent ID (work number) to call", "102", REQUIRED),
        Field("caller", TEXT, "the calling number shown; empty: the agent's own", ""),
    ),
)

ALL: tuple[Interface, ...] = (
    CONNECT_HOLD,
    RELEASE,
    RELEASE_LEGACY,
    DISCONNECT,
    PHONE_HANGUP,
    RELEASE_AGENT_CONF,
    SIGN_IN,
    FORCE_SIGN_IN,
    SIGN_OUT,
    FORCE_SIGN_OUT,
    AGENT_EVENT,
    AGENT_STATUS,
    CALL_OUT,
    ANSWER,
    HOLD,
    GET_HOLD,
    CONF_JOIN,
    INNER_HELP,
    REQUEST_AGENT_CONF,
    CALL_INFO,
    HOLD_LIST,
    SAY_FREE,
    SAY_BUSY,
    CANCEL_BUSY,
    REST,
    CANCEL_REST,
    WORK,
    CANCEL_WORK,
    AUTO_ANSWER,
    AUTO_ENTER_IDLE,
    RESET_SKILL,
    BEGIN_MUTE,
    END_MUTE,
    TRANSFER,
    CANCEL_TRANSFER,
    CALL_INNER,
    ANSWER_AGENT_CONF,
    LEAVE_AGENT_CONF,
)
BY_LOG_NAME: dict[str, Interface] = {iface.log_name: iface for iface in ALL}
