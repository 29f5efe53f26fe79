"""The fidelity ledger: one row per documented behaviour the simulator is measured against, with its
source, what the simulator does, its status and (from the tests' ``@fidelity`` marks) the tests that
prove it.

Sources: ``seed 000`` .. ``seed 004`` are the five seed interface pages (with the line of the statement);
``ref §N l.L`` is the CC-Gateway API reference (section and line).
Status: ``documented`` (the simulator does what the source says), ``interpretation`` (the source is
silent or open; the reason says what we chose and why) or ``not modelled``.

``python -m CCGatewayLibrary.simulator.fidelity`` writes ``docs/fidelity.md`` and prints the counts;
``tests/test_fidelity.py`` fails when a row has no test, a test names no row, or the document is stale.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DOCUMENTED, INTERPRETATION, NOT_MODELLED = "documented", "interpretation", "not modelled"


@dataclass(frozen=True)
class Row:
    id: str
    source: str
    behaviour: str  # what the simulator does
    status: str = DOCUMENTED
    reason: str = ""  # for interpretations and rows not modelled


D, INTERP, N = DOCUMENTED, INTERPRETATION, NOT_MODELLED


def _seed(n: str, lines: str) -> str:
    return f"seed {n} l.{lines}"


ROWS: tuple[Row, ...] = (
    # ---------------------------------------------------------------- seed 000: disconnect
    Row(
        "seed000-uri",
        _seed("000", "11"),
        "POST /agentgateway/resource/voicecall/{agentid}/disconnect/{number} is served",
    ),
    Row("seed000-agent-range", _seed("000", "28"), "agent IDs 101-999999 are accepted in the path; others 000-002"),
    Row(
        "seed000-number-format",
        _seed("000", "34"),
        "number of 1-24 digits; any other value 000-002",
        INTERP,
        "the page gives no code for a malformed number: 000-002 (parameter in the URL wrong)",
    ),
    Row(
        "seed000-last-call-only",
        _seed("000", "7"),
        "only parties of the agent's last call can be released; the held customer in two-party help is refused "
        "with 200-023",
        INTERP,
        "the page quotes '200-204', not in its own list: 200-023 is used",
    ),
    Row(
        "seed000-outbound-hold-release",
        _seed("000", "7"),
        "after a callout put on hold the held callee can be released",
    ),
    Row(
        "seed000-helper-by-employee-id",
        _seed("000", "34"),
        "the requesting agent releases the helper by the helper's employee ID (agent ID); the helper's phone number is refused (200-023)",
    ),
    Row(
        "seed000-self-by-softphone",
        _seed("000", "34"),
        "the requesting agent releases itself by its soft-phone number; its own agent ID is refused (200-023)",
    ),
    Row(
        "seed000-helper-only-self",
        _seed("000", "34"),
        "the helper may release only itself; anyone else 200-024",
        INTERP,
        "200-024's meaning is not documented",
    ),
    Row("seed000-three-party", _seed("000", "6"), "in a three-party call a party is released by its number"),
    Row("seed000-guid-header", _seed("000", "53"), "the Guid header is required: missing or wrong 100-006"),
    Row("seed000-log-name", _seed("000", "36"), "the request log names the interface 'disconnect'"),
    Row("seed000-response", _seed("000", "62-75"), "success: HTTP 200 {message, retcode '0', result {}}"),
    Row(
        "seed000-events",
        _seed("000", "77-78"),
        "AgentEvent_Call_Release to a released agent, AgentEvent_Customer_Release to the agents that stay",
    ),
    Row("seed000-100-006", _seed("000", "80"), "100-006 for an agent not signed in or a wrong Guid"),
    Row(
        "seed000-100-007",
        _seed("000", "81"),
        "100-007 by the fault 'operation exception'",
        INTERP,
        "no documented situation produces it in a model without WAS failures",
    ),
    Row(
        "seed000-200-023",
        _seed("000", "82"),
        "200-023: the number is not a party of the last call",
        INTERP,
        "meaning not documented (reference §10)",
    ),
    Row(
        "seed000-200-024",
        _seed("000", "83"),
        "200-024: a helper tried to release another party",
        INTERP,
        "meaning not documented (reference §10)",
    ),
    # ---------------------------------------------------------------- seed 001: release
    Row("seed001-uri", _seed("001", "10"), "DELETE .../voicecall/{agentid}/release is served"),
    Row("seed001-uri-legacy", _seed("001", "11-12"), "DELETE .../voicecall/{agentid} (legacy) does the same"),
    Row(
        "seed001-agent-range",
        _seed("001", "24"),
        "agent IDs 101-59999; 60000 and above 000-002",
        INTERP,
        "the page gives no code for an ID out of range: 000-002",
    ),
    Row("seed001-current-call-only", _seed("001", "6"), "only the current call is released; held calls stay held"),
    Row("seed001-log-names", _seed("001", "26-27"), "the request log names 'release' and 'releaseEx'"),
    Row("seed001-response", _seed("001", "55-62"), "success: HTTP 200 {message, retcode '0', result {}}"),
    Row(
        "seed001-events",
        _seed("001", "64-65"),
        "AgentEvent_Call_Release and AgentEvent_Customer_Release, then AgentOther_PhoneRelease and AgentState_Ready",
        INTERP,
        "the phone release and the state event come from reference §9 (dev guide), not the page",
    ),
    Row("seed001-100-006", _seed("001", "67"), "100-006 for an agent not signed in or a wrong Guid"),
    Row(
        "seed001-100-007",
        _seed("001", "68"),
        "100-007 by the fault 'operation exception'",
        INTERP,
        "no documented situation produces it",
    ),
    Row(
        "seed001-200-017",
        _seed("001", "69"),
        "200-017 when the agent has no current call",
        INTERP,
        "meaning from the Huawei demo constants (reference §10)",
    ),
    # ---------------------------------------------------------------- seed 002: phonehangup
    Row("seed002-uri", _seed("002", "22"), "POST .../voicecall/{agentid}/phonehangup is served"),
    Row(
        "seed002-agent-range",
        _seed("002", "46"),
        "agent IDs 101-59999; 60000 and above 000-002",
        INTERP,
        "the page gives no code for an ID out of range: 000-002",
    ),
    Row(
        "seed002-prereq-linkage",
        _seed("002", "8"),
        "without phone linkage the request is refused with 100-007",
        INTERP,
        "the page lists only 100-006 and 100-007: 100-007 for an unmet prerequisite",
    ),
    Row(
        "seed002-prereq-alerting",
        _seed("002", "9"),
        "only after AgentOther_PhoneAlerting (a ringing linked phone); otherwise 100-007",
        INTERP,
        "as for the linkage prerequisite",
    ),
    Row(
        "seed002-espace-only",
        _seed("002", "10"),
        "every linked phone behaves as an eSpace 7910",
        INTERP,
        "phone models are not simulated",
    ),
    Row("seed002-log-name", _seed("002", "50"), "the request log names 'phonehangup'"),
    Row("seed002-response", _seed("002", "151-155"), "success: HTTP 200 {result {}, message 'success', retcode '0'}"),
    Row(
        "seed002-events",
        _seed("002", "133-134"),
        "AgentOther_PhoneRelease {phoneState 2}, AgentEvent_No_Answer, then AgentState_Ready",
        INTERP,
        "AgentState_Ready: the agent is idle again (not on the page)",
    ),
    Row("seed002-100-006", _seed("002", "138"), "100-006 for an agent not signed in or a wrong Guid"),
    Row(
        "seed002-100-007",
        _seed("002", "139"),
        "100-007 for an unmet prerequisite, or by the fault 'operation exception'",
    ),
    # ---------------------------------------------------------------- seed 003: releaseagentconf
    Row("seed003-uri", _seed("003", "11"), "POST .../agentconf/{agentid}/releaseagentconf is served"),
    Row("seed003-agent-range", _seed("003", "23"), "agent IDs 101-59999; 60000 and above 000-002"),
    Row(
        "seed003-chair-only",
        _seed("003", "4, 7"),
        "only the chairperson may release: a participant gets 101-002",
        INTERP,
        "101-002's meaning is not documented",
    ),
    Row(
        "seed003-applied-for",
        _seed("003", "5"),
        "before the conference is set up (AgentConf_RequestSuccess) the release is refused with 101-001",
        INTERP,
        "the chair has not joined yet, so it is in no conference: 101-001",
    ),
    Row("seed003-removes-all", _seed("003", "7"), "the chairperson and every participant leave; the conference ends"),
    Row(
        "seed003-events",
        _seed("003", "62-65"),
        "to the chairperson: AgentMediaEvent_StopRecordDone, AgentOther_PhoneRelease, AgentConf_SelfLeaveResult, "
        "AgentState_Ready",
    ),
    Row("seed003-log-name", _seed("003", "25"), "the request log names 'releaseAgentConf'"),
    Row("seed003-response", _seed("003", "50-59"), "success: HTTP 200 {message, retcode '0', result {}}"),
    Row("seed003-000-002", _seed("003", "67"), "000-002 for a bad parameter (agent ID in the path, request body)"),
    Row("seed003-100-006", _seed("003", "68"), "100-006 for an agent not signed in or a wrong Guid"),
    Row(
        "seed003-100-007",
        _seed("003", "69"),
        "100-007 by the fault 'operation exception'",
        INTERP,
        "no documented situation produces it",
    ),
    Row(
        "seed003-101-001",
        _seed("003", "70"),
        "101-001 for an agent in no agent conference (or one not set up)",
        INTERP,
        "meaning not documented",
    ),
    Row(
        "seed003-101-002",
        _seed("003", "71"),
        "101-002 for a participant who is not the chairperson",
        INTERP,
        "meaning not documented",
    ),
    # ---------------------------------------------------------------- seed 004: connecthold
    Row("seed004-uri", _seed("004", "21"), "POST .../voicecall/{agentid}/connecthold/{callid} is served"),
    Row("seed004-agent-range", _seed("004", "45"), "agent IDs 101-59999; 60000 and above 000-002"),
    Row("seed004-prereq", _seed("004", "8-9"), "needs an established call and a held call; the agent drops out"),
    Row("seed004-callid", _seed("004", "55"), "{callid} names the held call; another call ID 200-014"),
    Row("seed004-log-name", _seed("004", "59"), "the request log names 'connectHold'"),
    Row("seed004-response", _seed("004", "163-168"), "success: HTTP 200 {result {}, message 'success', retcode '0'}"),
    Row(
        "seed004-events",
        _seed("004", "142-145"),
        "AgentMediaEvent_StopRecordDone, AgentEvent_Call_Release, AgentEvent_Customer_Release, "
        "AgentOther_PhoneRelease (then AgentState_Ready)",
        INTERP,
        "order inside the group is ours; the state event is §9's",
    ),
    Row("seed004-100-006", _seed("004", "149"), "100-006 for an agent not signed in or a wrong Guid"),
    Row(
        "seed004-100-007",
        _seed("004", "150"),
        "100-007 by the fault 'operation exception'",
        INTERP,
        "no documented situation produces it",
    ),
    Row(
        "seed004-200-013",
        _seed("004", "151"),
        "200-013 without an established call",
        INTERP,
        "meaning from the demo constants",
    ),
    Row(
        "seed004-200-014",
        _seed("004", "152"),
        "200-014 when the call ID is not a held call of the agent",
        INTERP,
        "meaning from the demo constants",
    ),
    # ---------------------------------------------------------------- common conventions
    Row(
        "seed-methods-only",
        "seeds 000-004 'supports only the ... method'",
        "another HTTP method on a seed URI is an unknown interface: HTTP 404, retcode 000-002",
        INTERP,
        "the pages do not say what a wrong method answers",
    ),
    Row(
        "common-http200-envelope",
        "ref §1 l.43",
        "errors are HTTP 200 with the retcode in the body",
        INTERP,
        "HTTP status on errors is UNCONFIRMED; clients only check 200",
    ),
    Row(
        "common-unknown-route-404",
        "ref §1 l.43",
        "an unknown route answers HTTP 404 with retcode 000-002",
        INTERP,
        "not documented",
    ),
    Row(
        "common-failure-message",
        "ref §1 l.42",
        "a failure's message is the meaning of its retcode",
        INTERP,
        "the real message text ('Unknown ERROR._<code>') is not reproduced",
    ),
    Row(
        "common-content-type",
        "seeds 'Content-Type ... Mandatory Yes'",
        "requests without Content-Type are served",
        INTERP,
        "no documented retcode for a missing Content-Type",
    ),
    Row("callid-format", "ref §6.1 l.315", "call IDs are '<unix seconds>-<sequence>'"),
    Row("state-agentstatus", "ref §8 l.338-339", "agentstatus gives agentState 3/4/5/7 and isWorking"),
    Row(
        "agentid-60000-consistency",
        "ref §1 l.38, §12 l.482",
        "60000-999999: sign-in and disconnect accept them, the four 101-59999 seed interfaces refuse them (000-002)",
        INTERP,
        "the two doc series disagree; the simulator follows each page",
    ),
    # ---------------------------------------------------------------- sign-in, sign-out
    Row("signin-uri-put", "ref §3.1 l.100", "PUT .../onlineagent/{agentid} signs in"),
    Row("signin-no-guid", "ref §3.1 l.104", "sign-in needs no Guid header"),
    Row(
        "signin-set-guid-header",
        "ref §2 l.58-63",
        "the sign-in answer carries Set-GUID: JSESSIONID=<guid>",
        INTERP,
        "documented for static mode; given in both modes so the first poll can authenticate",
    ),
    Row("signin-guid-format", "ref §2 l.72", "Guids are '<uuid>.AgentGateway0'"),
    Row(
        "signin-result-fields",
        "ref §3.1 l.133-137",
        "result: vdnid, workno, mediatype, loginTime, isForceChange, serverName, timeRemaining",
    ),
    Row("signin-events-idle", "ref §3.1 l.141", "status 4: AgentOther_InService, AgentState_Ready"),
    Row("signin-events-busy", "ref §3.1 l.142", "status 3: ... AgentState_SetNotReady_Success"),
    Row("signin-events-wrapup", "ref §3.1 l.143", "status 5: ... AgentState_Work"),
    Row("signin-string-values", "ref §3.1 l.130", "the doc sample's string values ('4', 'false') are accepted"),
    Row("signin-agent-range", "ref §1 l.38", "sign-in accepts agent IDs 101-999999"),
    Row("signin-100-002", "ref §3.1 l.145", "an agent already signed in gets 100-002"),
    Row("signin-force", "ref §3.2 l.157", "forcelogin replaces the session: the old Guid and queue are gone"),
    Row("signin-100-004-password", "ref §3.1 l.146", "with an agent directory a wrong password gets 100-004"),
    Row("signin-100-004-unknown-agent", "ref §3.1 l.146", "with an agent directory an unknown agent gets 100-004"),
    Row(
        "signin-100-013",
        "ref §3.1 l.147",
        "a phone number not of 1-24 digits, or bound to another agent, gets 100-013",
        INTERP,
        "which phone errors are 100-013 and which 100-014 is not documented",
    ),
    Row(
        "signin-100-014", "ref §3.1 l.147", "with an agent directory a phone not configured for the agent gets 100-014"
    ),
    Row("signin-100-011", "ref §3.1 l.145", "status other than 3/4/5 gets 100-011"),
    Row(
        "signin-empty-phone",
        "ref §3.1 l.111",
        "with a directory an empty phonenum binds the agent's first phone",
        INTERP,
        "one doc version says phonenum is mandatory, another optional",
    ),
    Row(
        "signin-lenient",
        "ref §3.1 l.110",
        "without an agent directory any password and phone number are accepted",
        INTERP,
        "nothing to check against; the status page and the Start Gateway Simulator log say so",
    ),
    Row(
        "signin-refusal-changes-nothing",
        "issue 9 (bad input)",
        "a refused sign-in changes no state and queues no event",
    ),
    Row(
        "signin-other-retcodes",
        "ref §3.1 l.145-148",
        "100-001, 100-003, 100-012, 100-015, 100-016 are never produced",
        N,
        "agent types, IP addresses, uPortal and CTI failures are not simulated",
    ),
    Row(
        "signout-refused-in-call",
        "ref §3.3 l.165",
        "sign-out in a call or conference is refused with 100-010",
        INTERP,
        "the page lists 100-005..100-008; 100-010 is 'state error at sign-out'",
    ),
    Row(
        "signout-no-shutdown-event",
        "ref §3.3 l.165",
        "no AgentOther_ShutdownService for a self-initiated or idle sign-out",
    ),
    Row(
        "forcelogout-releases-calls",
        "ref §3.3 l.166",
        "force sign-out signs out in a call and releases it for the others",
    ),
    # ---------------------------------------------------------------- event polling
    Row("poll-uri", "ref §4 l.180", "GET .../agentevent/{agentid} with the Guid header polls"),
    Row(
        "poll-one-event",
        "ref §4 l.194",
        "one event per response: {message, retcode, event {eventType, workNo, content}}",
    ),
    Row("poll-event-fields", "ref §4 l.198", "events carry eventGenTime (newer docs)"),
    Row("poll-answers-at-once", "ref §4 l.186", "a queued event is answered at once"),
    Row(
        "poll-long-wait",
        "ref §4 l.186-188",
        "without an event the poll waits (10 s by default, configurable) then answers",
    ),
    Row(
        "poll-empty-shape",
        "ref §4 l.202",
        "an empty poll is {message '', retcode '0', event null}",
        INTERP,
        "shape UNCONFIRMED",
    ),
    Row(
        "poll-idle-signout",
        "ref §4 l.191",
        "no poll for 120 s (configurable): the agent is signed out, its calls released",
    ),
    Row(
        "poll-open-poll-counts",
        "ref §4 l.193",
        "an open (waiting) poll counts as polling",
        INTERP,
        "the poll is the heartbeat; a poll in progress is not 'no poll'",
    ),
    Row("poll-100-006-after-signout", "ref §4 l.204", "a poll after sign-out (or a waiting one) answers 100-006"),
    Row(
        "poll-000-003",
        "ref §4 l.204",
        "000-003 is never answered; a stale Guid gets 100-006",
        INTERP,
        "the seed pages list 100-006, not 000-003, for a bad Guid",
    ),
    # ---------------------------------------------------------------- Guid handling
    Row("auth-dynamic-default", "ref §2 l.57", "dynamic authentication (AUTHMODE 2) is the default"),
    Row("auth-static", "ref §2 l.56", "static mode (AUTHMODE 1) is an option: the sign-in Guid stays"),
    Row(
        "auth-first-poll-guid",
        "seeds 'GUID returned by the polling event query interface during dynamic authentication'",
        "in dynamic mode the first poll after sign-in gives a new Guid",
        INTERP,
        "the seeds say the dynamic-mode Guid is the poll's; when the first one comes is not documented",
    ),
    Row("auth-guid-interval", "ref §2 l.68", "a new Guid every GUIDINTERVAL (60 s, configurable) on a poll answer"),
    Row(
        "auth-guid-timeout",
        "ref §2 l.69",
        "a replaced Guid is accepted until the next rotation, at most GUIDTIMEOUT (120 s) after its issue",
        INTERP,
        "how long a replaced Guid lasts is not documented beyond GUIDTIMEOUT; two rotations back is refused",
    ),
    Row("auth-old-guid-100-006", "ref §2 l.70", "an expired Guid gets 100-006"),
    Row("auth-set-guid-on-poll", "ref §2 l.64-67", "the new Guid arrives in Set-GUID on the event poll answer"),
    Row("auth-set-guid-format", "ref §2 l.60", "Set-GUID is 'JSESSIONID=<guid>'"),
    Row("auth-guid-per-agent", "ref §2 l.61", "a Guid authenticates only its own agent"),
    Row(
        "auth-ignoring-client-fails",
        "ref §2 l.67",
        "a client that never takes the poll's Set-GUID is refused after GUIDTIMEOUT",
    ),
    Row(
        "auth-control-api",
        "ref §2 l.55",
        "AUTHMODE, GUIDINTERVAL, GUIDTIMEOUT are settings (control API, CLI, keyword)",
    ),
    Row(
        "not-modelled",
        "ref §2 l.74, §3.1 l.154-155, §3.4",
        "updateGuid, handshake (push mode) and loginex are unknown routes",
        N,
        "push mode and sign-in without a media licence are outside the library's scope",
    ),
    # ---------------------------------------------------------------- agent directory, ring timeouts, faults
    Row(
        "directory-control-api",
        "issue 9",
        "the directory is set, listed (no passwords) and cleared through the control API",
    ),
    Row("directory-status", "issue 9", "the status page and settings say whether sign-in is lenient or strict"),
    Row(
        "directory-server-cli",
        "issue 9",
        "SimulatorServer, the CLI and Start Gateway Simulator take a directory (JSON file or dict)",
    ),
    Row(
        "ring-timeout-config",
        "ref §9 l.356-358",
        "ring timeout 30 s by default, configurable",
        INTERP,
        "the docs give no ring time",
    ),
    Row(
        "fault-100-007-each-seed",
        "seeds 000-004 'Error Code 100-007'",
        "the fault 'operation exception' answers 100-007 on any interface and changes nothing",
    ),
    Row("bad-input-no-state-change", "issue 9 (bad input)", "every refusal leaves state and event queues unchanged"),
    # ---------------------------------------------------------------- §9 event sequences
    Row("seq-signin-idle", "ref §9 l.349", "sign-in idle: AgentOther_InService, AgentState_Ready"),
    Row(
        "seq-inbound-manual",
        "ref §9 l.350-352",
        "inbound manual answer: AgentState_Busy, AgentOther_PhoneAlerting, AgentOther_PhoneOffhook, AgentEvent_Ringing",
    ),
    Row(
        "answer-customer-alerting",
        "ref §9 l.352",
        "after the answer AgentEvent_Customer_Alerting, then AgentEvent_Talking",
        INTERP,
        "the guide does not fix the order",
    ),
    Row("seq-inbound-abandoned", "ref §9 l.352-353", "the caller hangs up before the answer: AgentEvent_No_Answer"),
    Row(
        "seq-inbound-ring-timeout",
        "ref §5.2 l.238",
        "an unanswered ringing call times out: AgentEvent_No_Answer, AgentOther_PhoneRelease, AgentState_Ready",
        INTERP,
        "the gateway's no-answer handling (re-queue, forced busy reason 2) is not modelled",
    ),
    Row("seq-auto-answer", "ref §5.2 l.230", "with autoanswer: AgentEvent_Auto_Answer then AgentEvent_Talking"),
    Row(
        "seq-outbound",
        "ref §9 l.354-356",
        "callout: AgentOther_PhoneAlerting, AgentOther_PhoneOffhook, AgentState_Busy, AgentEvent_Customer_Alerting, AgentEvent_Talking",
    ),
    Row(
        "seq-outbound-agent-no-pickup",
        "ref §9 l.357",
        "the agent's phone not picked up: AgentEvent_Connect_Fail, AgentOther_PhoneRelease",
    ),
    Row(
        "seq-outbound-callee-no-answer",
        "ref §9 l.357-358",
        "the callee does not answer: AgentEvent_Call_Out_Fail, AgentEvent_Connect_Fail, AgentState_Ready",
        INTERP,
        "AgentOther_PhoneRelease is also sent (the phone went off hook)",
    ),
    Row(
        "seq-outbound-callee-busy",
        "ref §9 l.358",
        "the callee is busy: AgentEvent_Call_Out_Fail, AgentEvent_Connect_Fail",
    ),
    Row("seq-hold-unhold", "ref §9 l.359", "hold: AgentEvent_Hold (content the call ID); unhold: AgentEvent_Talking"),
    Row(
        "seq-release",
        "ref §9 l.360-362",
        "release: AgentEvent_Call_Release, AgentEvent_Customer_Release, AgentOther_PhoneRelease, AgentState_Ready",
    ),
    Row(
        "seq-release-wrapup",
        "ref §9 l.361-362",
        "with autoenteridle false: AgentState_Work instead of Ready",
        INTERP,
        "[inferred] in the reference",
    ),
    Row("seq-three-party", "ref §9 l.363-364", "confjoin: AgentEvent_Conference {callid, partner 'B,C'}"),
    Row("seq-three-party-a-leaves", "ref §9 l.364-365", "if A leaves, B and C stay connected"),
    Row("seq-three-party-b-leaves", "ref §9 l.365", "if B leaves, A gets AgentEvent_Customer_Release and C stays"),
    Row("seq-three-party-disconnect-c", "ref §9 l.366", "disconnect/{C's number} brings A back to B alone"),
    Row("seq-innerhelp-two-party", "ref §9 l.367-368", "two-party help: customer held (AgentEvent_Hold), helper rings"),
    Row("seq-innerhelp-drop-helper", "ref §9 l.368-369", "drop the helper by work number, then gethold"),
    Row("seq-phonehangup", "ref §9 l.370", "phone-linkage reject: AgentOther_PhoneRelease, AgentEvent_No_Answer"),
    Row(
        "seq-conf-release",
        "ref §9 l.371-372",
        "chair releases: AgentMediaEvent_StopRecordDone, AgentOther_PhoneRelease, AgentConf_SelfLeaveResult, AgentState_Ready",
    ),
    # ---------------------------------------------------------------- §7 agent conference
    Row(
        "conf-request-events",
        "ref §7 l.328",
        "request: the chair gets AgentConf_SelfJoinResult then AgentConf_RequestSuccess",
    ),
    Row(
        "conf-chair-wait",
        "ref §7 l.328",
        "chair operations before AgentConf_RequestSuccess are refused (101-001)",
        INTERP,
        "the refusal's code is not documented; the set-up takes conf_setup (0.05 s)",
    ),
    Row("conf-participant-ringing", "ref §7 l.329", "invited agents ring: AgentConf_Ringing"),
    Row(
        "conf-answer",
        "ref §7 l.329",
        "answeragentconf: the participant joins (AgentConf_SelfJoinResult); the others get AgentConf_ParticipantChanged",
    ),
    Row(
        "conf-second-answer",
        "ref §1 l.46",
        "a second answer (or the chair's) gets 000-007",
        INTERP,
        "'interface invoked repeatedly'; the page's codes were not retrieved",
    ),
    Row(
        "conf-answer-not-invited",
        "ref §7 l.329",
        "answering without an invitation gets 101-001",
        INTERP,
        "codes not retrieved",
    ),
    Row(
        "conf-leave-events",
        "ref §7 l.330",
        "leave: AgentMediaEvent_StopRecordDone, AgentOther_PhoneRelease, AgentConf_SelfLeaveResult (then AgentState_Ready)",
        INTERP,
        "AgentState_Ready is not listed; the agent is idle again",
    ),
    Row("conf-leave-others-told", "ref §7 l.330", "the others get AgentConf_ParticipantChanged (changeType 1)"),
    Row(
        "conf-leave-chair-101-007",
        "ref §7 l.330",
        "the chair's leave is refused with 101-007",
        INTERP,
        "101-007 is on the page's list; its meaning is ours",
    ),
    Row(
        "conf-leave-not-in-conf",
        "ref §7 l.330",
        "a leave outside a conference gets 101-001",
        INTERP,
        "meaning not documented",
    ),
    Row(
        "conf-decline",
        "ref §7 l.329",
        "a ringing participant that leaves declines: AgentConf_SelfLeaveResult",
        INTERP,
        "no decline interface is documented",
    ),
    Row(
        "conf-participant-ring-timeout",
        "ref §5.5 l.277",
        "an invited participant that does not answer within the ring timeout is dropped",
        INTERP,
        "AgentConf_Timeout's use is not documented",
    ),
    Row(
        "conf-phone-participant",
        "ref §7 l.328",
        "phone participants join, ring or are skipped by their number's behaviour",
        INTERP,
        "external numbers are simulated",
    ),
    Row("conf-chair-idle-or-talking", "ref §7 l.328", "the chair must be idle or in a stable call; otherwise 100-007"),
    Row(
        "conf-body-shape",
        "ref §7 l.328",
        "body {addresses: [{addressType 9|6, address}]}; a bad body 000-002",
        INTERP,
        "the body table was not retrieved",
    ),
    Row("conf-release-events", "ref §7 l.331", "release: the chair's events as seed 003"),
    Row(
        "conf-release-participants",
        "ref §7 l.331",
        "release removes every participant: AgentConf_SelfLeaveResult to each",
    ),
)


def scan_tests(tests_dir: Path) -> dict[str, list[str]]:
    """Row ID -> node IDs of the tests whose ``@fidelity(...)`` decorator names it (read from the source)."""
    found: dict[str, list[str]] = {}
    for path in sorted(Path(tests_dir).glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "fidelity":
                    for arg in decorator.args:
                        found.setdefault(ast.literal_eval(arg), []).append(f"tests/{path.name}::{node.name}")
    return found


def counts() -> Counter:
    return Counter(row.status for row in ROWS)


def counts_line() -> str:
    c = counts()
    return (
        f"{len(ROWS)} documented behaviours: {c[D]} modelled as documented, {c[INTERP]} modelled with a marked "
        f"interpretation, {c[N]} not modelled."
    )


def render(tests: dict[str, list[str]]) -> str:
    lines = [
        "# Simulator fidelity ledger",
        "",
        "Generated by `python -m CCGatewayLibrary.simulator.fidelity` from the rows of that module and the "
        "tests' `@fidelity` marks; do not edit.",
        "",
        counts_line(),
        "",
        "Sources: `seed 00N l.L` = seed interface page 00N (`00N_*.txt`), line L; `ref §S l.L` = "
        "the CC-Gateway API reference (`ccgateway-api.md`), section S, line L.",
        "",
        "| ID | Source | What the simulator does | Status | Tests |",
        "|---|---|---|---|---|",
    ]
    for row in ROWS:
        status = row.status + (f": {row.reason}" if row.reason else "")
        proof = "<br>".join(f"`{t}`" for t in tests.get(row.id, [])) or "**none**"
        lines.append(f"| {row.id} | {row.source} | {row.behaviour} | {status} | {proof} |".replace("\n", " "))
    return "\n".join(lines) + "\n"


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    (root / "docs" / "fidelity.md").write_text(render(scan_tests(root / "tests")), encoding="utf-8")
    print(counts_line())


if __name__ == "__main__":
    main()
