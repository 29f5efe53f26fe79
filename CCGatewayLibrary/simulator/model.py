"""The simulator's call model: agents, their phones, calls, three-party calls, internal help and agent
conferences, with one event queue per agent. Pure synchronous Python, no HTTP and no asyncio: the app
calls it from the event-loop thread only, and every operation costs O(1) or O(parties of one call).

Operations return a result or raise :class:`RetcodeRefusal` carrying a retcode of the catalogue
(``CCGatewayLibrary.retcodes``). ``notify(agent_id)`` is called whenever events are queued for an agent
and when its session ends, so the app can wake a waiting long poll.

Simulator choices where the documents are silent (the CC-Gateway API reference, §12):

* Empty poll: ``{"message": "", "retcode": "0", "event": null}`` (shape UNCONFIRMED by the docs).
* ``101-001`` / ``101-002`` (releaseagentconf): not in an agent conference / not its chairperson.
* ``200-023`` / ``200-024`` (disconnect): the number is not a party of the agent's last call / an
  internal-help helper tried to release someone other than itself. "Last call" is the agent's most
  recently created or joined call that is still alive.
* ``requestagentconf`` body (UNCONFIRMED): ``{"addresses": [{"addressType": "9", "address": "<agent
  id>"}, {"addressType": "6", "address": "<phone number>"}]}``; a bad body answers ``000-002``.
  The chair must be idle or talking. The conference is set up ``conf_setup`` seconds later (the docs
  say to wait for the events; the delay is ours): the chair gets ``AgentConf_SelfJoinResult`` then
  ``AgentConf_RequestSuccess``; agent participants that are signed in and idle ring
  (``AgentConf_Ringing``; others are skipped) and join when they answer (``answeragentconf``); phone
  participants join when their number's behaviour is "answer", ring and time out on "no answer".
  Before set-up the chair is not in the conference yet: releaseagentconf answers ``101-001``. A second
  answer answers ``000-007`` (interface invoked repeatedly); ``requestleaveagentconf`` by the chair
  answers ``101-007`` (the documented code; its meaning is ours: the chair must release instead); by
  a participant still ringing it declines.
* ``phonehangup`` without phone linkage or without an alerting phone: ``100-007``.
* Sign-in value errors: ``status`` not 3/4/5 -> ``100-011``; ``phonenum`` not 1-24 digits, or the phone
  of another signed-in agent -> ``100-013``. With a ``passwords`` dict, an agent missing from it or a
  wrong password -> ``100-004``. Force sign-in releases the old session's calls like force sign-out.
* Wrong value formats (dialled number, call ID, agent ID in a body): ``000-002``.
* After its last call (or conference) an agent goes idle (``AgentState_Ready``), or to wrap-up
  (``AgentState_Work``) with ``autoenteridle`` false, whatever state it signed in with.
* Agent-to-agent calls (a callout to an agent's phone, internal help) always ring and wait for Answer
  Call: ``autoanswer`` applies to customer (inbound) calls only. With phone linkage no call auto-answers.
* ``AgentOther_PhoneRelease`` is queued only when the agent's phone has no other ringing, dialling or
  talking call left (a held call does not keep the phone busy).
* When a party leaves a call that goes on, the agents remaining in it get
  ``AgentEvent_Customer_Release {callid, number}``; a customer leaving is announced the same way.
  When a call is left with one party it ends: a remaining agent gets ``AgentEvent_Call_Release`` (or
  ``AgentEvent_No_Answer`` if it had not answered), ``AgentOther_PhoneRelease {3}`` and its state event.
* Three-party internal help (mode 2): while the helper rings, the help call has its own ID (the
  innerhelp result); when the helper answers it joins the customer's call, whose ID survives, and the
  helper's ``AgentEvent_Talking`` carries that ID.
* Connect-hold and three-party join move the other agents of the talking call into the held call
  without telling them (the docs list no event for them).
* ``agentstatus``: ``agentState`` 7 (talking) with a talking or held call or a conference, 3 while only
  ringing or dialling, otherwise the idle/busy/wrap-up state; ``isWorking`` true with any call or
  conference.
* ``callinfo`` (queryCallInfo): the agent's last live call, else (unless ``isNoContainLastCall=true``)
  the call it left last, with ``endtime``, else an empty result ``{}``. ``holdlist``: its held calls,
  or ``400-003`` when it holds none (the demo's meaning of 400-003). Both in the shape of the reference's
  callinfo sample; ``callskill`` "" and ``callskillid`` 0 unless a skill routed the call.
* Which number rings which agent (the agent directory): an agent's phone is the ``phonenum`` it signed in
  with, or its agent ID when sign-in gives none. A callout, a transfer to an external number
  (devicetype 5) or Release Number with that number reaches the agent; ``callinner`` (internal call,
  cec_07_1235) takes the agent ID and rings that phone (200-001 when the agent is not signed in).
* Agent state (reference §8; pages cec_07_1211, 1212, 1213, 1216, 0351, 1346, 1350): saybusy reason 0 or
  200-250, rest time 1-86399 s and cause 0-255, else ``000-002``. ``AgentState_SetNotReady_Success``
  carries ``reason`` as a number (the doc sample shows the string "200"). Busy again and rest again need
  ``prolong=true`` (the pages make it mandatory then), else ``100-009``; cancelbusy / cancelrest /
  cancelwork of a state the agent is not in, and sayfree / work during a call, are ``100-009`` (our
  reading of "setting the agent state failed"). Busy or rest asked for during a call take effect when
  the agent's last call ends, instead of idle/wrap-up: rest then reports ``agentState`` 9 (pre-rest)
  meanwhile, as the demo's agentStatus_setPreRestWhenTalking does; cancelbusy / cancelrest withdraw them.
  Cancel busy / rest / wrap-up and sayfree make the agent idle (demo eventHandle.js). When the rest time
  is up, ``AgentState_Rest_Timeout`` is queued and the agent stays in rest (cec_07_1350).
  ``autoanswer/{isautoanswer}`` follows ``autoenteridle/{flag}``'s rule (cec_07_0351): "true" is on, any
  other 1-5 characters off, longer ``000-002``. A busy, resting or wrap-up agent is offered no call.
* Skills (resetskill, cec_07_1209): every agent is configured for skill 1 (``DEFAULT_SKILLS``) unless the
  control API (``set_skills``) says otherwise; resetskill signs in to all of them (autoflag "true") or to
  the intersection with ``skillid`` ("1;2"). After sign-in an agent is in no skill queue. A call to a
  skill (control API) rings the free agent signed in to it that signed in first; with none free it is
  refused with ``100-007`` (the simulator does not queue calls). ``callinfo`` then shows the skill in
  ``callskillid`` (``callskill`` "skill <id>"). resetskill's retcodes were not retrieved: 000-002,
  100-006, 100-007 are assumed.
* Mute (beginmute / endmute; retcode meanings from the demo): no call ``200-003`` / ``200-007``; a
  call that is not talking, or muted already, ``200-004``; unmute without a muted call ``200-008``. No
  event (none is needed, reference §6). Mute ends with the call.
* Transfer (cec_07_1242; only ``AgentEvent_Customer_Alerting`` and 200-012 are documented for it, the rest
  is our reading of the transfer modes of cec_07_0583): devicetype 1 skill (routed as above), 2 agent,
  3 IVR / 4 access code (an automatic flow that takes the call at once), 5 number (an agent's phone
  reaches the agent, other numbers behave as set by ``set_number_behaviour``). Modes per device type as
  reference §6 lists them, else ``000-002`` (IVR suspend, mode 1, is not simulated). No talking call:
  ``200-012``; blind transfer of an outbound call to a number: ``100-007`` (not supported, cec_07_1242).
  The agent gets ``AgentEvent_Customer_Alerting {callid, otherPhone, otherPhoneWorkno, type}``. Blind:
  the agent is released at once (``AgentEvent_Call_Release``, phone, state events); the target rings
  (``AgentEvent_Ringing`` with ``transfer`` "yes", ``transfrom`` the agent ID) or, when it cannot be
  reached (not signed in, not free, a busy number), the call ends. Success / talk / three-party: the
  target rings and the agent keeps the call; an unreachable target gives ``AgentEvent_Connect_Fail``
  (call ID) and nothing else changes. When the target answers, success transfer releases the agent
  (``AgentEvent_Call_Release``, phoneState 3); talk transfer gives it ``AgentEvent_Talking`` and
  three-party ``AgentEvent_Conference``, and the customer and the target stay connected when it drops.
  ``canceltransfer`` (no documentation beyond its URI) withdraws a target that has not answered: the
  target gets ``AgentEvent_No_Answer``, the agent ``AgentEvent_Talking``; with no transfer waiting,
  ``100-007``.
* Each agent's event queue keeps at most ``max_queue`` events (oldest dropped): an agent that never
  polls cannot exhaust memory.
* Sessions (reference §2, §4): an agent with no event poll open and none for ``idle_timeout`` seconds
  (default 120, as documented) is signed out by :meth:`GatewayModel.tick`. Dynamic authentication
  (``auth_mode`` 2, the documented default): the first event poll after sign-in and then one every
  ``guid_interval`` seconds (GUIDINTERVAL, default 60) carries a new Guid in ``Set-GUID``; the replaced
  Guid is still accepted until the next rotation, at most ``guid_timeout`` seconds (GUIDTIMEOUT, default
  120) after it was issued, then answers ``100-006`` (the code the seed pages list). Static (``auth_mode`` 1): the sign-in Guid stays.
* Agent directory (``directory``: agent ID -> password, phones, skills): with one, an unknown agent or
  a wrong password answers ``100-004``, a phone number not configured for the agent ``100-014``, and an
  empty ``phonenum`` binds the agent's first configured phone. Without one, any password is accepted
  and an empty ``phonenum`` binds the agent ID as phone number (``status()`` says so).
* Ring timeouts (``ring_timeout`` seconds, default 30: the docs give no value): a called number that
  does not answer -> ``AgentEvent_Call_Out_Fail``, ``AgentEvent_Connect_Fail``, then the phone release
  and ``AgentState_Ready``; the agent's own phone not picked up on a callout (its number's behaviour
  "no answer") -> ``AgentEvent_Connect_Fail``, ``AgentOther_PhoneRelease``; an agent that does not
  answer a ringing call -> ``AgentEvent_No_Answer``, ``AgentOther_PhoneRelease``, ``AgentState_Ready``.
* Release Number (seed 000): a helper of an internal help call is named by its agent ID (employee
  ID), every other party by its phone number (an agent's own: its soft-phone number). The
  ``AgentEvent_Customer_Release`` the requesting agent gets carries the number as the request named it
  (our interpretation: the docs give the event's fields, not which of a helper's two numbers it holds).
* HTTP (``app.py``): an unknown route, or a known path with another method, answers HTTP 404 with
  ``{"message": "no such interface", "retcode": "000-002", "result": {}}``; everything else HTTP 200.
  Body booleans and integers are also accepted as strings (``"false"``, ``"4"``), as in the docs'
  sign-in sample; other wrong types and malformed JSON answer ``000-002``. A failure's ``message`` is
  the catalogue meaning of its retcode.
"""

from __future__ import annotations

import hmac
import itertools
import re
import time
import uuid
from collections import deque
from typing import Callable, TypeVar

from .. import agentstates, validation
from ..agentstates import BUSY, IDLE, REST, WRAP_UP, word
from ..errors import RetcodeRefusal
from ..interfaces import SIGN_IN

# Leg states of a party in a call. RINGING: an agent being offered the call; DIALING: the agent who
# placed it, waiting for the other side; HELD: the agent put its leg on hold.
RINGING, DIALING, TALKING, HELD = "ringing", "dialing", "talking", "held"
ACTIVE = (RINGING, DIALING, TALKING)


PHONE_IDLE, PHONE_ALERTING, PHONE_OFFHOOK = "idle", "alerting", "off hook"

BEHAVIOURS = ("answer", "no answer", "busy")
AUTH_STATIC, AUTH_DYNAMIC = 1, 2  # AUTHMODE (reference §2); dynamic is the documented default
GUID_INTERVAL, GUID_TIMEOUT = 60.0, 120.0  # GUIDINTERVAL / GUIDTIMEOUT, in seconds (reference §2)
IDLE_TIMEOUT = 120.0  # no event poll for 2 minutes: signed out (reference §4)
RING_TIMEOUT = 30.0  # our choice: the docs give no ring time
CONF_SETUP = 0.05  # seconds from requestagentconf to AgentConf_RequestSuccess (our choice)
DEFAULT_CALLER = "13800000000"
DEFAULT_SKILLS = ("1",)  # the skills configured for an agent the simulator was told nothing about
# Transfer modes by device type (cec_07_1242 as the reference §6 reads it): mode -> kind.
TRANSFER_MODES = {
    1: {0: "blind", 2: "success"},
    2: {0: "blind", 2: "success"},
    3: {0: "blind"},
    4: {0: "blind", 2: "success"},
    5: {1: "blind", 2: "success", 3: "talk", 4: "three-party"},
}
_SKILL = re.compile(r"[0-9]{1,9}")
RECENT_EVENTS = 20  # events per agent kept for the status page
_DIGITS = re.compile(r"[0-9]{1,24}")  # a phone number
_T = TypeVar("_T")


def _check(ok: bool, retcode: str, detail: str = "") -> None:
    if not ok:
        raise RetcodeRefusal(retcode, detail)


def _need(value: _T | None, retcode: str, detail: str = "") -> _T:
    """``value``, or a refusal with ``retcode`` when it is None (unlike ``_check``, the type checker sees it)."""
    if value is None:
        raise RetcodeRefusal(retcode, detail)
    return value


def _need_leg(leg: tuple[Call, Party] | tuple[None, None], retcode: str, detail: str = "") -> tuple[Call, Party]:
    """The (call, party) ``GatewayModel._leg`` or ``_held`` found, or a refusal with ``retcode``."""
    if leg[0] is None:
        raise RetcodeRefusal(retcode, detail)
    return leg


def _valid(check, value, *args) -> str:
    """Run a ``validation`` check; a bad value is a bad parameter (000-002)."""
    try:
        return check(value, *args)
    except validation.ArgumentError as error:
        raise RetcodeRefusal("000-002", str(error)) from None


def _now_ms() -> int:
    return int(time.time() * 1000)


def _new_guid() -> str:
    return f"{uuid.uuid4()}.AgentGateway0"


def normalize_directory(directory: object) -> dict[str, dict]:
    """Agent directory -> {agent ID: {"password": str, "phones": [str], "skills": [str]}}; 000-002 naming
    the entry otherwise. An entry may give ``phone`` (one) or ``phones`` (a list)."""
    if not isinstance(directory, dict):
        raise RetcodeRefusal("000-002", "the agent directory must be an object of agent IDs")
    normal = {}
    for agent_id, entry in directory.items():
        agent_id = _valid(validation.agent_id, str(agent_id), SIGN_IN.agent_range, "agent directory")
        _check(isinstance(entry, dict), "000-002", f"agent directory entry {agent_id} must be an object")
        unknown = set(entry) - {"password", "phone", "phones", "skills", "name"}
        _check(not unknown, "000-002", f"agent directory entry {agent_id} has unknown field(s) {sorted(unknown)}")
        password = entry.get("password", "")
        password = getattr(password, "value", password)  # a Robot Secret
        phones = entry.get("phones", [entry["phone"]] if "phone" in entry else [])
        phones = [phones] if isinstance(phones, (str, int)) else phones
        _check(
            isinstance(password, str) and isinstance(phones, list),
            "000-002",
            f"agent directory entry {agent_id}: 'password' must be a string, 'phones' a list",
        )
        phones = [str(p) for p in phones]
        _check(
            all(_DIGITS.fullmatch(p) for p in phones),
            "000-002",
            f"agent directory entry {agent_id}: phone numbers must be 1 to 24 digits",
        )
        skills = entry.get("skills", [])
        skills = [skills] if isinstance(skills, (str, int)) else skills
        _check(isinstance(skills, list), "000-002", f"agent directory entry {agent_id}: 'skills' must be a list")
        normal[agent_id] = {"password": password, "phones": phones, "skills": [str(k) for k in skills]}
    return normal


class Agent:
    """One signed-in session. A new object per sign-in, so a waiting poll can tell its session ended."""

    __slots__ = (
        "agent_id",
        "guid",
        "old_guids",
        "guid_time",
        "rotate_pending",
        "phone",
        "linkage",
        "autoanswer",
        "autoenteridle",
        "base_state",
        "phone_state",
        "calls",
        "conf",
        "events",
        "login_ms",
        "last_call",
        "recent",
        "last_poll",
        "open_polls",
        "first_poll_done",
        "after_call",
        "rest_token",
        "skills",
        "muted",
    )

    def __init__(
        self,
        agent_id: str,
        guid: str,
        phone: str,
        linkage: bool,
        autoanswer: bool,
        autoenteridle: bool,
        status: int,
        now: float,
        max_queue: int,
    ):
        self.agent_id = agent_id
        self.guid = guid
        self.old_guids: dict[str, float] = {}  # replaced Guid -> when it stops being accepted (clock)
        self.guid_time = now  # when the current Guid was issued
        self.rotate_pending: str | None = None  # "keep" / "expire": the next poll rotates (control API, faults)
        self.last_poll = now  # idle sign-out: the end of the last event poll (or the sign-in)
        self.open_polls: dict[object, Callable[[], bool]] = {}  # waiting polls -> "is its client still there?"
        self.first_poll_done = False
        self.phone = phone
        self.linkage = linkage
        self.autoanswer = autoanswer
        self.autoenteridle = autoenteridle
        self.base_state = status  # idle, busy or wrap-up; "talking" is derived from the calls
        self.phone_state = PHONE_IDLE
        self.calls: list[Call] = []  # in the order the agent created or joined them: [-1] is the last call
        self.conf: Conference | None = None
        self.events: deque = deque(maxlen=max_queue)
        self.login_ms = _now_ms()
        self.last_call: dict | None = None  # call info of the call it left last (queryCallInfo)
        self.recent: deque = deque(maxlen=RECENT_EVENTS)  # latest events, polled or not (status page)
        self.after_call: tuple | None = None  # (BUSY, reason) or (REST, seconds, cause): asked for in a call
        self.rest_token: int | None = None  # identifies the running rest's timer
        self.skills: tuple[str, ...] = ()  # skill queues signed in to (resetskill)
        self.muted: str | None = None  # the call ID muted with beginmute


class Party:
    __slots__ = ("number", "agent", "state", "since")

    def __init__(self, number: str, agent: Agent | None, state: str):
        self.number = number  # phone number (an agent's phone for agent parties)
        self.agent = agent  # None for an external number
        self.state = state
        self.since = 0.0  # model clock when it joined the call (ring timeouts)

    def describe(self) -> dict:
        return {
            "number": self.number,
            "agent_id": self.agent.agent_id if self.agent else None,
            "type": "agent" if self.agent else "external",
            "state": self.state,
        }


class Call:
    __slots__ = (
        "callid",
        "parties",
        "caller",
        "called",
        "feature",
        "begin_ms",
        "helpers",
        "join_into",
        "skill",
        "transfer",
        "own_phone_ringing",
    )

    def __init__(self, callid: str, caller: str, called: str, feature: str):
        self.callid = callid
        self.parties: list[Party] = []
        self.caller, self.called, self.feature = caller, called, feature
        self.begin_ms = _now_ms()
        self.helpers: set[str] = set()  # agent IDs that came in as internal-help helpers
        self.join_into: str | None = None  # three-party help: the customer call the helper joins on answer
        self.skill = 0  # the skill queue that routed it (0: none)
        self.transfer: tuple[Agent, str, Party] | None = (
            None  # (agent, kind, target party) while a transfer waits for its target
        )
        self.own_phone_ringing = False  # callout: the agent's own phone rings and is not picked up

    def party(self, agent: Agent) -> Party | None:
        for p in self.parties:
            if p.agent is agent:
                return p
        return None

    def member(self, agent: Agent) -> Party:
        """The party of an agent known to be in this call (the call is one of ``agent.calls``)."""
        party = self.party(agent)
        assert party is not None, f"agent {agent.agent_id} is not a party of call {self.callid}"
        return party

    @property
    def state(self) -> str:
        states = {p.state for p in self.parties}
        return "alerting" if states & {RINGING, DIALING} else "held" if HELD in states else "talking"


class Conference:
    __slots__ = (
        "conf_id",
        "chair",
        "members",
        "joined",
        "since",
        "begin_ms",
        "set_up",
        "setup_due",
        "invited",
        "chair_was_free",
    )

    def __init__(self, conf_id: str, chair: Agent):
        self.conf_id = conf_id
        self.chair = chair
        self.members: dict[str, int] = {}  # participant (agent ID or number) -> participantType 9 or 6
        self.joined: set[str] = set()  # participants that answered; the others ring
        self.since: dict[str, float] = {}  # participant -> when it started ringing (ring timeout)
        self.begin_ms = _now_ms()
        self.set_up = False  # AgentConf_RequestSuccess sent: chair operations allowed
        self.setup_due = 0.0
        self.invited: list[tuple[str, str]] = []
        self.chair_was_free = False


class GatewayModel:
    """The state of one simulated CC-Gateway. Agent IDs, numbers and call IDs are strings."""

    def __init__(
        self,
        passwords: dict[str, str] | None = None,
        guid_rotation: float | None = None,
        notify: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_queue: int = 10_000,
        *,
        directory: dict | None = None,
        auth_mode: int = AUTH_DYNAMIC,
        guid_interval: float = GUID_INTERVAL,
        guid_timeout: float = GUID_TIMEOUT,
        ring_timeout: float | None = RING_TIMEOUT,
        conf_setup: float = CONF_SETUP,
    ):
        self.notify = notify
        self.clock = clock
        self.max_queue = max_queue
        self.directory: dict[str, dict] | None = None
        if directory is not None:
            self.set_directory(directory)
        elif passwords is not None:  # passwords only: no phone restriction
            self.set_directory({a: {"password": p} for a, p in passwords.items()})
        self.set_authentication(auth_mode, guid_interval, guid_timeout)
        if guid_rotation is not None:
            self.guid_rotation = guid_rotation
        self.idle_timeout: float | None = IDLE_TIMEOUT  # seconds without an event poll before sign-out
        self.ring_timeout = ring_timeout  # seconds a phone rings unanswered; None: for ever
        self.conf_setup = conf_setup
        self.notes: deque = deque(maxlen=200)  # what tick() did (idle sign-outs, timeouts), newest last
        self._next_sweep = 0.0
        self._pending_confs: list[Conference] = []
        self.agents: dict[str, Agent] = {}  # signed-in sessions
        self.phones: dict[str, Agent] = {}  # phone number -> signed-in agent, to route calls to agents
        self.calls: dict[str, Call] = {}
        self.conferences: dict[str, Conference] = {}
        self.numbers: dict[str, str] = {}  # external number -> behaviour; default "answer"
        self.skills: dict[str, tuple[str, ...]] = {}  # agent ID -> configured skills; default DEFAULT_SKILLS
        # schedule(seconds, callback): runs callback later on the model's thread (the app sets it); None: never
        self.schedule: Callable[[float, Callable[[], None]], object] | None = None
        self._sequence = itertools.count(1)

    # ---------------------------------------------------------------- plumbing

    def _new_id(self) -> str:
        return f"{int(time.time())}-{next(self._sequence)}"

    def _emit(self, agent: Agent, event_type: str, content=None) -> None:
        event = {"eventType": event_type, "workNo": agent.agent_id, "content": content, "eventGenTime": _now_ms()}
        agent.events.append(event)
        agent.recent.append(event)
        if self.notify:
            self.notify(agent.agent_id)

    def _agent(self, agent_id: str) -> Agent:
        return _need(self.agents.get(agent_id), "100-006", f"agent {agent_id} is not signed in")

    @staticmethod
    def _free(agent: Agent) -> bool:
        """Idle and not occupied: may be offered a call; engaging it queues AgentState_Busy."""
        return not agent.calls and agent.conf is None and agent.base_state == IDLE

    @staticmethod
    def _leg(agent: Agent, *states: str) -> tuple[Call, Party] | tuple[None, None]:
        """The agent's most recent call whose leg is in one of ``states``."""
        for call in reversed(agent.calls):
            party = call.member(agent)
            if party.state in states:
                return call, party
        return None, None

    def _held(self, agent: Agent, callid: str | None) -> tuple[Call, Party] | tuple[None, None]:
        if callid is None:
            return self._leg(agent, HELD)
        call = self.calls.get(callid)
        party = call.party(agent) if call else None
        return (call, party) if call and party and party.state == HELD else (None, None)

    def _phone_in_use(self, agent: Agent) -> bool:
        return agent.conf is not None or self._leg(agent, *ACTIVE)[0] is not None

    def _hang_up_phone(self, agent: Agent, phone_state: int) -> None:
        """phoneState 2: the agent hung up itself; 3: the platform or the other side did."""
        if not self._phone_in_use(agent):
            agent.phone_state = PHONE_IDLE
            self._emit(agent, "AgentOther_PhoneRelease", {"phoneState": phone_state})

    def _rest_if_free(self, agent: Agent) -> None:
        """Back to idle (or wrap-up without autoenteridle) once the last call or conference is gone."""
        if not agent.calls and agent.conf is None:
            if agent.muted is not None:
                agent.muted = None
            if agent.after_call is not None:  # busy or rest asked for during the call
                self._apply_after_call(agent, agent.after_call)
            elif agent.autoenteridle:
                agent.base_state = IDLE
                self._emit(agent, "AgentState_Ready")
            else:
                agent.base_state = WRAP_UP
                self._emit(agent, "AgentState_Work")

    def _after_leave(self, agent: Agent, phone_state: int) -> None:
        self._hang_up_phone(agent, phone_state)
        self._rest_if_free(agent)

    def _add(self, call: Call, party: Party) -> None:
        party.since = self.clock()
        call.parties.append(party)
        if party.agent:
            party.agent.calls.append(call)

    def _detach(self, call: Call, party: Party) -> None:
        call.parties.remove(party)
        if party.agent:
            party.agent.calls.remove(call)
            party.agent.last_call = self._call_info(call, ended=True)

    def _end_call(self, call: Call, actor: Agent | None = None) -> None:
        """The call is over for everyone still in it; ``actor`` is the agent who ended it (phoneState 2)."""
        for party in list(call.parties):
            self._detach(call, party)
            if party.agent:
                self._emit(
                    party.agent,
                    "AgentEvent_No_Answer" if party.state == RINGING else "AgentEvent_Call_Release",
                    call.callid,
                )
                self._after_leave(party.agent, 2 if party.agent is actor else 3)
        self.calls.pop(call.callid, None)

    def _remove(self, call: Call, party: Party, actor: Agent | None = None, number: str | None = None) -> None:
        """Take ``party`` out of ``call`` (its own events are the caller's business). The agents left
        hear of it; a call left with a single party ends."""
        self._detach(call, party)
        ends = len(call.parties) < 2
        for p in call.parties:
            if p.agent and p.state != RINGING and (p.agent is actor or party.agent is None or not ends):
                self._emit(
                    p.agent, "AgentEvent_Customer_Release", {"callid": call.callid, "number": number or party.number}
                )
        if ends:
            self._end_call(call, actor)

    def _move_others(self, source: Call, target: Call, keep: Party) -> None:
        """Move every party of ``source`` but ``keep`` into ``target``; for them ``target`` is newly joined."""
        for party in [p for p in source.parties if p is not keep]:
            self._detach(source, party)
            self._add(target, party)
        target.helpers |= source.helpers

    @staticmethod
    def _make_last(agent: Agent, call: Call) -> None:
        agent.calls.remove(call)
        agent.calls.append(call)

    @staticmethod
    def _call_content(call: Call, callid: str | None = None) -> dict:
        return {
            "caller": call.caller,
            "called": call.called,
            "callid": callid or call.callid,
            "type": "main",
            "feature": call.feature,
            "mediaAbility": "1",
        }

    def _offer(self, agent: Agent, call: Call, auto_answer: bool, transfrom: str = "") -> Party:
        """Add ``agent`` to ``call`` and ring it, as for an inbound call (``transfrom``: the agent that
        transferred it); returns its party."""
        if self._free(agent):
            self._emit(agent, "AgentState_Busy")
        party = Party(agent.phone, agent, RINGING)
        self._add(call, party)
        agent.phone_state = PHONE_ALERTING
        self._emit(agent, "AgentOther_PhoneAlerting")
        ringing = {
            **self._call_content(call),
            "transfer": "yes" if transfrom else "no",
            "transfrom": transfrom,
            "mediaType": "5",
        }
        if agent.linkage:  # a linked hard phone only rings; the agent answers or rejects it
            self._emit(agent, "AgentEvent_Ringing", ringing)
            return party
        agent.phone_state = PHONE_OFFHOOK
        self._emit(agent, "AgentOther_PhoneOffhook", {"type": "main"})
        if auto_answer and agent.autoanswer:
            party.state = TALKING
            self._emit(agent, "AgentEvent_Auto_Answer", ringing)
            self._emit(agent, "AgentEvent_Talking", self._call_content(call))
        else:
            self._emit(agent, "AgentEvent_Ringing", ringing)
        return party

    def _stop_record(self, agent: Agent, record_id: str, begin_ms: int) -> None:
        self._emit(
            agent,
            "AgentMediaEvent_StopRecordDone",
            {
                "beginTime": begin_ms,
                "endTime": _now_ms(),
                "taskId": str(next(self._sequence)),
                "fileMediaType": "1",
                "recordFormat": "0",
                "callId": record_id,
            },
        )

    # ---------------------------------------------------------------- sessions

    # ---------------------------------------------------------------- settings

    def set_authentication(
        self, auth_mode: int = AUTH_DYNAMIC, guid_interval: float = GUID_INTERVAL, guid_timeout: float = GUID_TIMEOUT
    ) -> None:
        """AUTHMODE 1 (static) or 2 (dynamic, with GUIDINTERVAL < GUIDTIMEOUT in seconds)."""
        _check(auth_mode in (AUTH_STATIC, AUTH_DYNAMIC), "000-002", f"auth mode {auth_mode!r} is not 1 or 2")
        for name, value in (("guid_interval", guid_interval), ("guid_timeout", guid_timeout)):
            _check(
                not isinstance(value, bool) and isinstance(value, (int, float)) and 0 < value <= 86400,
                "000-002",
                f"{name} must be a number of seconds from 0 (exclusive) to 86400",
            )
        _check(
            guid_interval < guid_timeout,
            "000-002",
            f"guid_interval ({guid_interval:g} s) must be smaller than guid_timeout ({guid_timeout:g} s)",
        )
        self.auth_mode, self.guid_interval, self.guid_timeout = auth_mode, float(guid_interval), float(guid_timeout)

    @property
    def guid_rotation(self) -> float | None:
        """The Guid interval in dynamic mode, None in static mode (the older setting's name)."""
        return self.guid_interval if self.auth_mode == AUTH_DYNAMIC else None

    @guid_rotation.setter
    def guid_rotation(self, seconds: float | None) -> None:
        if seconds is None:
            self.auth_mode = AUTH_STATIC
        else:  # keep GUIDINTERVAL < GUIDTIMEOUT, as the docs require
            self.set_authentication(AUTH_DYNAMIC, seconds, max(self.guid_timeout, 2 * seconds))

    def set_directory(self, directory: dict | None) -> None:
        """The agents the gateway knows: agent ID -> {"password", "phones", "skills"}; None: lenient."""
        self.directory = None if directory is None else normalize_directory(directory)

    _SETTINGS = (
        "auth_mode",
        "guid_interval",
        "guid_timeout",
        "idle_timeout",
        "ring_timeout",
        "conf_setup",
        "directory",
    )

    def settings_snapshot(self) -> dict:
        return {name: getattr(self, name) for name in self._SETTINGS}

    def restore_settings(self, snapshot: dict) -> None:
        for name, value in snapshot.items():
            setattr(self, name, value)
        self._next_sweep = 0.0

    def set_idle_timeout(self, seconds: float | None) -> None:
        """Seconds without an event poll before sign-out; None: never. Applies from the next tick."""
        self.idle_timeout = None if seconds is None else float(seconds)
        self._next_sweep = 0.0

    def settings(self) -> dict:
        return {
            "auth_mode": self.auth_mode,
            "guid_interval": self.guid_interval,
            "guid_timeout": self.guid_timeout,
            "idle_timeout": self.idle_timeout,
            "ring_timeout": self.ring_timeout,
            "conf_setup": self.conf_setup,
            "directory_agents": None if self.directory is None else len(self.directory),
            "sign_in_check": "strict: passwords and phone numbers checked against the agent directory"
            if self.directory is not None
            else "lenient: no agent directory, any password and phone number accepted",
        }

    # ---------------------------------------------------------------- sessions

    def sign_in(
        self,
        agent_id: str,
        password: str = "",
        phonenum: str = "",
        status: int = IDLE,
        phonelinkage: bool = False,
        autoanswer: bool = True,
        autoenteridle: bool = True,
        force: bool = False,
    ) -> tuple[str, dict]:
        """Sign in (or force sign-in); returns (guid, result). Refusals change nothing."""
        agent_id = _valid(validation.agent_id, agent_id, SIGN_IN.agent_range, "sign in")
        _check(status in (BUSY, IDLE, WRAP_UP), "100-011", f"status {status!r} is not 3, 4 or 5")
        phone = phonenum
        if self.directory is not None:
            entry = self.directory.get(agent_id)
            if entry is None or not hmac.compare_digest(entry["password"].encode(), str(password).encode()):
                raise RetcodeRefusal("100-004", f"agent {agent_id} is not in the directory or the password is wrong")
            phone = phone or (entry["phones"][0] if entry["phones"] else "")
        phone = phone or agent_id
        _check(_DIGITS.fullmatch(phone) is not None, "100-013", f"phone number {phone!r} is not 1 to 24 digits")
        if self.directory is not None and self.directory[agent_id]["phones"]:
            _check(
                phone in self.directory[agent_id]["phones"],
                "100-014",
                f"phone {phone} is not configured for agent {agent_id}",
            )
        holder = self.phones.get(phone)
        _check(
            holder is None or holder.agent_id == agent_id,
            "100-013",
            f"phone {phone} is bound to signed-in agent {holder.agent_id if holder else ''}",
        )
        old = self.agents.get(agent_id)
        if old is not None:
            _check(force, "100-002")
            self._end_session(old)  # force sign-in replaces the session: old Guid and queue are gone
        guid = _new_guid()
        agent = Agent(
            agent_id, guid, phone, phonelinkage, autoanswer, autoenteridle, status, self.clock(), self.max_queue
        )
        self.agents[agent_id] = agent
        self.phones[phone] = agent
        self._emit(agent, "AgentOther_InService")
        self._emit(agent, "AgentState_Ready")
        if status == BUSY:
            self._emit(agent, "AgentState_SetNotReady_Success", {"reason": 0})
        elif status == WRAP_UP:
            self._emit(agent, "AgentState_Work")
        result = {
            "vdnid": 1,
            "workno": agent_id,
            "mediatype": "TTF",
            "loginTime": str(agent.login_ms),
            "isForceChange": "false",
            "serverName": "AgentGateway",
            "timeRemaining": "",
        }
        return guid, result

    def session_for(self, agent_id: str | None, guid: str | None) -> Agent | None:
        """The agent's session if ``guid`` is its current Guid or a replaced one not yet expired."""
        agent = self.agents.get(agent_id) if agent_id else None
        if agent is None or not guid:
            return None
        given = guid.encode()
        if hmac.compare_digest(agent.guid.encode(), given):
            return agent
        now = self.clock()
        for old, expires in list(agent.old_guids.items()):
            if expires <= now:
                del agent.old_guids[old]
            elif hmac.compare_digest(old.encode(), given):
                return agent
        return None

    def authenticate(self, agent_id: str, guid: str | None) -> Agent:
        """The agent's session for ``guid`` (see :meth:`session_for`); 100-006 otherwise."""
        return _need(self.session_for(agent_id, guid), "100-006")

    def session(self, agent_id: str) -> Agent | None:
        return self.agents.get(agent_id)

    def poll_opened(self, agent: Agent, alive: Callable[[], bool] | None = None) -> object:
        """An event poll of the agent is waiting: it counts as polling (no idle sign-out meanwhile) while
        ``alive()`` says its client is still connected. Returns the token for :meth:`poll_closed`."""
        token = object()
        agent.open_polls[token] = alive or (lambda: True)
        agent.last_poll = self.clock()
        return token

    def poll_closed(self, agent: Agent, token: object) -> None:
        agent.open_polls.pop(token, None)
        agent.last_poll = self.clock()

    @staticmethod
    def polling(agent: Agent) -> bool:
        return any(alive() for alive in agent.open_polls.values())

    def poll_guid(self, agent: Agent) -> str | None:
        """On a poll response: a new Guid when one is due, else None. Dynamic mode: the first poll after
        sign-in, then every ``guid_interval``; any mode: a rotation asked for by the control API."""
        now = self.clock()
        due = self.auth_mode == AUTH_DYNAMIC and (
            not agent.first_poll_done or now - agent.guid_time >= self.guid_interval
        )
        agent.first_poll_done = True
        if not (due or agent.rotate_pending):
            return None
        agent.old_guids.clear()  # two rotations back: refused
        if agent.rotate_pending != "expire":  # dynamic mode: the replaced Guid lives GUIDTIMEOUT from its issue
            lasts = agent.guid_time + self.guid_timeout if self.auth_mode == AUTH_DYNAMIC else float("inf")
            agent.old_guids[agent.guid] = max(lasts, now)
        agent.guid, agent.guid_time, agent.rotate_pending = _new_guid(), now, None
        return agent.guid

    def rotate_guid(self, agent_id: str, expire_old: bool = False) -> str | None:
        """Control API and faults: the agent's next poll response carries a new Guid; with ``expire_old``
        the old one stops working at once. Returns the previous pending request (to undo it)."""
        agent = self._agent(agent_id)
        previous, agent.rotate_pending = agent.rotate_pending, "expire" if expire_old else "keep"
        return previous

    def undo_rotation(self, agent: Agent, previous: str | None) -> None:
        agent.rotate_pending = previous

    def sign_out_idle(self, agent: Agent) -> None:
        """Signed out for not polling: as a sign-out, with no event to the agent itself."""
        self._end_session(agent)

    def tick(self, force: bool = False) -> list[dict]:
        """Time-driven behaviour, by the model's clock: conference set-ups due, and (at most every
        ``sweep_interval()``) idle sign-outs and ring timeouts. Returns notes of what it did."""
        now = self.clock()
        notes = []
        for conf in [c for c in self._pending_confs if c.setup_due <= now]:
            self._pending_confs.remove(conf)
            if self.conferences.get(conf.conf_id) is conf:
                self._set_up_conference(conf)
        if force or now >= self._next_sweep:
            self._next_sweep = now + self.sweep_interval()
            notes += self._sign_out_idle_agents(now)
            notes += self._ring_timeouts(now)
        self.notes.extend(notes)
        return notes

    def sweep_interval(self) -> float:
        limits = [1.0] + [t / 4 for t in (self.idle_timeout, self.ring_timeout) if t]
        return max(0.01, min(limits))

    def next_tick_in(self) -> float:
        """Seconds until :meth:`tick` has something to do, for the server's timer."""
        now = self.clock()
        wait = max(0.0, self._next_sweep - now) if self._next_sweep else self.sweep_interval()
        for conf in self._pending_confs:
            wait = min(wait, max(0.0, conf.setup_due - now))
        return max(0.005, min(wait, self.sweep_interval()))

    def _sign_out_idle_agents(self, now: float) -> list[dict]:
        timeout = self.idle_timeout
        if timeout is None:
            return []
        idle = [a for a in self.agents.values() if now - a.last_poll >= timeout and not self.polling(a)]
        for agent in idle:
            self.sign_out_idle(agent)
        return [
            {
                "kind": "idle sign-out",
                "agent": a.agent_id,
                "what": f"signed out after {timeout:g} s without an event poll",
            }
            for a in idle
        ]

    def _ring_timeouts(self, now: float) -> list[dict]:
        timeout = self.ring_timeout
        if timeout is None:
            return []
        notes = []
        for call in list(self.calls.values()):
            for party in list(call.parties):
                if self.calls.get(call.callid) is not call or party not in call.parties:
                    continue
                own = call.own_phone_ringing and party.state == DIALING
                if (party.state == RINGING or own) and now - party.since >= timeout:
                    who = party.agent.agent_id if party.agent else party.number
                    notes.append(
                        {
                            "kind": "ring timeout",
                            "agent": party.agent.agent_id if party.agent else None,
                            "what": f"{who} did not answer call {call.callid} within {timeout:g} s",
                        }
                    )
                    self._ring_timed_out(call, party, own)
        for conf in list(self.conferences.values()):
            for participant in [m for m in conf.members if m not in conf.joined]:
                if now - conf.since.get(participant, now) >= timeout:
                    notes.append(
                        {
                            "kind": "ring timeout",
                            "agent": None,
                            "what": f"{participant} did not answer agent conference {conf.conf_id}",
                        }
                    )
                    self._drop_participant(conf, participant)
        return notes

    def force_sign_in(self, agent_id: str, **fields) -> tuple[str, dict]:
        return self.sign_in(agent_id, force=True, **fields)

    def force_sign_out(self, agent_id: str) -> None:
        self.sign_out(agent_id, force=True)

    def sign_out(self, agent_id: str, force: bool = False) -> None:
        agent = self._agent(agent_id)
        _check(
            force or (not agent.calls and agent.conf is None), "100-010", f"agent {agent_id} is in a call or conference"
        )
        self._end_session(agent)

    def _end_session(self, agent: Agent) -> None:
        """Sign out without events to the agent itself; its calls are released for the other parties."""
        for call in list(agent.calls):
            self._remove(call, call.member(agent))
        if agent.conf is not None:
            if agent.conf.chair is agent:
                self._release_conference(agent.conf)
            else:
                self._leave_conference(agent, agent.conf)
        del self.agents[agent.agent_id]
        if self.phones.get(agent.phone) is agent:
            del self.phones[agent.phone]
        agent.events.clear()
        if self.notify:
            self.notify(agent.agent_id)  # a waiting poll answers 100-006

    def agent_status(self, agent_id: str) -> dict:
        agent = self._agent(agent_id)
        return {"agentState": self.state_of(agent), "isWorking": bool(agent.calls or agent.conf)}

    def call_info(self, agent_id: str, no_last_call: bool = False) -> dict:
        """queryCallInfo: the agent's current (last live) call, else the call it left last (unless
        ``no_last_call``, the query's isNoContainLastCall), else ``{}``."""
        agent = self._agent(agent_id)
        if agent.calls:
            return self._call_info(agent.calls[-1])
        return dict(agent.last_call) if not no_last_call and agent.last_call else {}

    def hold_list(self, agent_id: str) -> list[dict]:
        """queryHoldListInfo: the agent's held calls, oldest first; 400-003 when it holds none."""
        agent = self._agent(agent_id)
        held = [self._call_info(call) for call in agent.calls if call.member(agent).state == HELD]
        _check(bool(held), "400-003", f"agent {agent_id} has no held call")
        return held

    @staticmethod
    def _call_info(call: Call, ended: bool = False) -> dict:
        """The result shape of the reference's queryCallInfo sample; no skill queues are simulated."""
        return {
            "callfeature": int(call.feature),
            "callid": call.callid,
            "caller": call.caller,
            "called": call.called,
            "callskill": f"skill {call.skill}" if call.skill else "",
            "callskillid": call.skill,
            "orgicallednum": call.called,
            "calldata": "",
            "begintime": call.begin_ms,
            "endtime": _now_ms() if ended else None,
            "userPriority": 0,
            "trunkNo": 65535,
            "logontimes": 0,
        }

    def state_of(self, agent: Agent) -> int:
        if agent.after_call is not None and agent.after_call[0] == REST and (agent.calls or agent.conf):
            return agentstates.PRE_REST
        if agent.conf is not None or self._leg(agent, TALKING, HELD)[0] is not None:
            return agentstates.TALKING
        return BUSY if agent.calls else agent.base_state

    def next_event(self, agent: Agent) -> dict | None:
        return agent.events.popleft() if agent.events else None

    # ---------------------------------------------------------------- calls

    def inbound_call(self, agent_id: str, caller: str = DEFAULT_CALLER) -> str:
        """Control API: a customer calls the agent (routed straight to it)."""
        caller = _valid(validation.number, caller, "inbound call", "caller")
        agent = _need(self.agents.get(agent_id), "100-007", f"agent {agent_id} is not signed in")
        _check(self._free(agent), "100-007", f"agent {agent_id} is not idle (state {word(self.state_of(agent))})")
        call = Call(self._new_id(), caller, agent.phone, "0")
        self.calls[call.callid] = call
        self._add(call, Party(caller, None, TALKING))
        self._offer(agent, call, auto_answer=True)
        return call.callid

    def answer(self, agent_id: str, callid: str | None = None) -> None:
        agent = self._agent(agent_id)
        call, party = _need_leg(self._leg(agent, RINGING), "200-002")
        _check(callid in (None, call.callid), "200-002")
        if agent.linkage:
            self._emit(agent, "AgentOther_PhoneOffhook", {"type": "main"})
        agent.phone_state = PHONE_OFFHOOK
        party.state = TALKING
        customer_call = self.calls.get(call.join_into) if call.join_into else None
        requester = next((p.agent for p in call.parties if p.state == DIALING), None)
        if customer_call is not None and requester is not None and customer_call.party(requester):
            self._join_helper(call, customer_call, agent, requester)
            return
        other = next((p for p in call.parties if p is not party), None)
        if other is not None:  # reference §9, inbound manual answer: Customer_Alerting, then Talking
            self._emit(
                agent,
                "AgentEvent_Customer_Alerting",
                {
                    "callid": call.callid,
                    "otherPhone": other.number,
                    "otherPhoneWorkno": other.agent.agent_id if other.agent else "",
                    "type": "main",
                },
            )
        self._emit(agent, "AgentEvent_Talking", self._call_content(call))
        for p in call.parties:  # whoever placed the call is now connected too
            if p.state == DIALING and p.agent:
                p.state = TALKING
                self._emit(p.agent, "AgentEvent_Talking", self._call_content(call))
        self._transfer_progress(call)

    def _join_helper(self, help_call: Call, customer_call: Call, helper: Agent, requester: Agent) -> None:
        """Three-party help answered: the helper joins the customer's call; the help call ID ends."""
        self._detach(help_call, help_call.member(helper))
        self._detach(help_call, help_call.member(requester))
        self.calls.pop(help_call.callid, None)
        self._add(customer_call, Party(helper.phone, helper, TALKING))
        customer_call.helpers.add(helper.agent_id)
        self._make_last(requester, customer_call)
        self._emit(helper, "AgentEvent_Talking", self._call_content(help_call, customer_call.callid))
        mine = customer_call.party(requester)
        partner = ",".join(p.number for p in customer_call.parties if p is not mine)
        self._emit(requester, "AgentEvent_Conference", {"callid": customer_call.callid, "partner": partner})

    def call_out(self, agent_id: str, called: str, caller: str = "") -> str:
        agent = self._agent(agent_id)
        called = _valid(validation.dialled_number, called, "call out", "called")
        caller = _valid(validation.caller_number, caller, "call out", "caller")
        _check(
            self._leg(agent, *ACTIVE)[0] is None and agent.conf is None,
            "200-001",
            f"agent {agent_id} already has an active call or conference",
        )
        was_free = self._free(agent)
        call = Call(self._new_id(), caller or agent.phone, called, "7")
        self.calls[call.callid] = call
        mine = Party(agent.phone, agent, DIALING)
        self._add(call, mine)
        self._emit(agent, "AgentOther_PhoneAlerting")
        if self.numbers.get(agent.phone) == "no answer":  # the agent's own phone is not picked up
            agent.phone_state = PHONE_ALERTING
            call.own_phone_ringing = True
            return call.callid
        agent.phone_state = PHONE_OFFHOOK
        self._emit(agent, "AgentOther_PhoneOffhook", {"type": "main"})
        if was_free:
            self._emit(agent, "AgentState_Busy")
        target = self.phones.get(called)
        behaviour = self.numbers.get(called, "answer")
        if target is not None and target is not agent and self._free(target):
            self._emit(
                agent,
                "AgentEvent_Customer_Alerting",
                {"callid": call.callid, "otherPhone": called, "otherPhoneWorkno": target.agent_id, "type": "main"},
            )
            self._offer(target, call, auto_answer=False)
            return call.callid
        self._emit(
            agent,
            "AgentEvent_Customer_Alerting",
            {"callid": call.callid, "otherPhone": called, "otherPhoneWorkno": "", "type": "main"},
        )
        if target is not None or behaviour == "busy":  # a busy agent's phone or a busy number
            self._detach(call, mine)
            del self.calls[call.callid]
            self._emit(agent, "AgentEvent_Call_Out_Fail", call.callid)
            self._emit(agent, "AgentEvent_Connect_Fail", call.callid)
            self._after_leave(agent, 3)
        elif behaviour == "answer":
            self._add(call, Party(called, None, TALKING))
            mine.state = TALKING
            self._emit(agent, "AgentEvent_Talking", self._call_content(call))
        else:  # "no answer": rings until the agent drops the call or the ring timeout
            self._add(call, Party(called, None, RINGING))
        return call.callid

    def hold(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        call, party = _need_leg(self._leg(agent, *ACTIVE), "200-013")
        _check(party.state == TALKING, "200-014", f"call {call.callid} is {party.state}")
        party.state = HELD
        self._emit(agent, "AgentEvent_Hold", call.callid)

    def retrieve(self, agent_id: str, callid: str | None = None) -> None:
        agent = self._agent(agent_id)
        call, party = _need_leg(self._held(agent, callid), "200-015")
        _check(self._leg(agent, *ACTIVE)[0] is None, "200-016", "the agent has another active call")
        party.state = TALKING
        agent.phone_state = PHONE_OFFHOOK
        self._emit(agent, "AgentEvent_Talking", self._call_content(call))

    def release(self, agent_id: str) -> None:
        """Drop Call: the agent leaves its current (ringing, dialling or talking) call, not held ones."""
        agent = self._agent(agent_id)
        call, party = _need_leg(self._leg(agent, *ACTIVE), "200-017")
        others = [p for p in call.parties if p is not party]
        self._remove(call, party)
        self._emit(agent, "AgentEvent_Call_Release", call.callid)
        if len(others) == 1:  # the call ended with the agent leaving it
            self._emit(agent, "AgentEvent_Customer_Release", {"callid": call.callid, "number": others[0].number})
        self._after_leave(agent, 2)

    def hang_up(self, callid: str) -> list[str]:
        """Control API: every external party of the call hangs up. Returns the agent IDs that were in
        the call (their events follow), so the caller can tell which agents the hang-up concerns."""
        call = _need(self.calls.get(callid), "000-002", f"no call {callid!r}")
        externals = [p for p in call.parties if p.agent is None]
        _check(bool(externals), "000-002", f"call {callid} has no external party")
        agents = [p.agent.agent_id for p in call.parties if p.agent is not None]
        for party in externals:
            if call.callid not in self.calls:
                break
            self._remove(call, party)
        return agents

    def connect_hold(self, agent_id: str, callid: str) -> None:
        """Connect the talking call's other parties to the held call ``callid``; the agent drops out."""
        agent, talking, held, held_leg, held_other = self._merge_into_held(agent_id, callid, "200-013", "200-014")
        self._detach(held, held_leg)
        if len(held.parties) < 2:
            self._end_call(held)
        self._stop_record(agent, talking.callid, talking.begin_ms)
        self._emit(agent, "AgentEvent_Call_Release", talking.callid)
        self._emit(agent, "AgentEvent_Customer_Release", {"callid": held.callid, "number": held_other})
        self._after_leave(agent, 2)

    def conf_join(self, agent_id: str, callid: str) -> None:
        """Three-party call: the talking call's other parties join the held call ``callid``."""
        agent, _, held, held_leg, _ = self._merge_into_held(agent_id, callid, "200-010", "200-011")
        held_leg.state = TALKING
        self._make_last(agent, held)
        partner = ",".join(p.number for p in held.parties if p is not held_leg)
        self._emit(agent, "AgentEvent_Conference", {"callid": held.callid, "partner": partner})

    def _merge_into_held(
        self, agent_id: str, callid: str, no_talking: str, no_held: str
    ) -> tuple[Agent, Call, Call, Party, str]:
        """Connect-hold and three-party join start alike: the other parties of the agent's talking call
        move into its held call ``callid`` and the talking call ends. They differ in whether the agent
        stays, so this returns (agent, talking call, held call, the agent's held leg, the held party's
        number before the move) and leaves the rest to the caller."""
        agent = self._agent(agent_id)
        talking, mine = _need_leg(self._leg(agent, TALKING), no_talking)
        held, held_leg = _need_leg(
            self._held(agent, callid), no_held, f"{callid} is not a held call of agent {agent_id}"
        )
        held_other = next(p.number for p in held.parties if p is not held_leg)
        self._move_others(talking, held, keep=mine)
        self._detach(talking, mine)
        del self.calls[talking.callid]
        return agent, talking, held, held_leg, held_other

    def disconnect(self, agent_id: str, number: str) -> None:
        """Release Number: take ``number`` (a phone number, or an agent ID) out of the agent's last call."""
        agent = self._agent(agent_id)
        number = _valid(validation.number, number, "release number")
        call = agent.calls[-1] if agent.calls else None
        target = next((p for p in call.parties if self._named(call, p, number)), None) if call else None
        if call is None or target is None:
            raise RetcodeRefusal("200-023", f"{number} is not in the last call of agent {agent_id}")
        mine = call.party(agent)
        _check(agent.agent_id not in call.helpers or target is mine, "200-024")
        if target is mine:  # the agent leaves the call itself
            self._remove(call, mine)
            self._emit(agent, "AgentEvent_Call_Release", call.callid)
            self._after_leave(agent, 2)
            return
        self._remove(call, target, actor=agent, number=number)
        if target.agent:
            self._emit(target.agent, "AgentEvent_Call_Release", call.callid)
            self._after_leave(target.agent, 3)

    @staticmethod
    def _named(call: Call, party: Party, number: str) -> bool:
        """Seed 000: an internal-help helper is named by its employee ID (agent ID); every other party,
        the releasing agent itself included, by its phone number."""
        if party.agent is not None and party.agent.agent_id in call.helpers:
            return number == party.agent.agent_id
        return number == party.number

    def _ring_timed_out(self, call: Call, party: Party, own_phone: bool) -> None:
        agent = party.agent
        if own_phone:  # reference §9 outbound: the agent does not pick up -> Connect_Fail + PhoneRelease
            assert agent is not None, "own_phone: the party is the dialling agent"
            for p in list(call.parties):
                self._detach(call, p)
            self.calls.pop(call.callid, None)
            agent.phone_state = PHONE_IDLE
            self._emit(agent, "AgentEvent_Connect_Fail", call.callid)
            self._hang_up_phone(agent, 3)
            return
        self._detach(call, party)
        if agent is not None:  # an agent did not answer its ringing phone (reference §5.2 No_Answer)
            self._emit(agent, "AgentEvent_No_Answer", call.callid)
            self._after_leave(agent, 3)
        if len(call.parties) >= 2:
            return
        for p in list(call.parties):
            self._detach(call, p)
            if p.agent is not None and p.state == DIALING:  # reference §9 outbound: the callee did not answer
                self._emit(p.agent, "AgentEvent_Call_Out_Fail", call.callid)
                self._emit(p.agent, "AgentEvent_Connect_Fail", call.callid)
                self._after_leave(p.agent, 3)
            elif p.agent is not None:
                self._emit(p.agent, "AgentEvent_Call_Release", call.callid)
                self._after_leave(p.agent, 3)
        self.calls.pop(call.callid, None)

    def inner_help(self, agent_id: str, dstaddress: str, devicetype: int = 2, mode: int = 1) -> str:
        """Internal help by another agent: mode 1 two-party (customer held), mode 2 three-party."""
        agent = self._agent(agent_id)
        _check(devicetype == 2, "000-002", "only devicetype 2 (agent) is simulated")
        _check(mode in (1, 2), "000-002", f"mode {mode!r} is not 1 or 2")
        dstaddress = _valid(validation.agent_id, dstaddress, SIGN_IN.agent_range, "internal help", "dstaddress")
        customer_call, mine = _need_leg(self._leg(agent, TALKING), "200-018", f"agent {agent_id} has no talking call")
        helper = self.agents.get(dstaddress)
        if helper is None or helper is agent or not self._free(helper):
            raise RetcodeRefusal("200-018", f"helper {dstaddress} is not a signed-in idle agent")
        if mode == 1:
            mine.state = HELD
            self._emit(agent, "AgentEvent_Hold", customer_call.callid)
        call = Call(self._new_id(), agent.phone, helper.phone, "6")
        call.helpers.add(helper.agent_id)
        if mode == 2:
            call.join_into = customer_call.callid
        self.calls[call.callid] = call
        self._add(call, Party(agent.phone, agent, DIALING))
        self._emit(
            agent,
            "AgentEvent_Customer_Alerting",
            {"callid": call.callid, "otherPhone": helper.phone, "otherPhoneWorkno": helper.agent_id, "type": "main"},
        )
        self._offer(helper, call, auto_answer=False)
        return call.callid

    def phone_hangup(self, agent_id: str) -> None:
        """Reject Ringing Call on a linked hard phone that is alerting."""
        agent = self._agent(agent_id)
        _check(
            agent.linkage,
            "100-007",
            f"agent {agent_id} has no phone linkage (signed in without "
            "phonelinkage), so there is no hard phone to hang up",
        )
        no_ringing = f"no call is ringing on agent {agent_id}'s phone"
        _check(agent.phone_state == PHONE_ALERTING, "100-007", no_ringing)
        call, party = _need_leg(self._leg(agent, RINGING), "100-007", no_ringing)
        self._remove(call, party)
        agent.phone_state = PHONE_IDLE
        self._emit(agent, "AgentOther_PhoneRelease", {"phoneState": 2})
        self._emit(agent, "AgentEvent_No_Answer", call.callid)
        self._rest_if_free(agent)

    def set_number_behaviour(self, number: str, behaviour: str) -> None:
        """Control API: how an external number answers calls: "answer", "no answer" or "busy"."""
        number = _valid(validation.dialled_number, number, "set number behaviour", "number")
        key = str(behaviour).strip().lower().replace("_", " ").replace("-", " ")
        _check(key in BEHAVIOURS, "000-002", f"behaviour {behaviour!r} is not one of {', '.join(BEHAVIOURS)}")
        self.numbers[number] = key

    # ---------------------------------------------------------------- agent state (reference §8)

    @staticmethod
    def _in_call(agent: Agent) -> bool:
        return bool(agent.calls) or agent.conf is not None

    def _apply_after_call(self, agent: Agent, wanted: tuple) -> None:
        agent.after_call = None
        if wanted[0] == REST:
            self._start_rest(agent, wanted[1])
        else:
            agent.base_state = BUSY
            self._emit(agent, "AgentState_SetNotReady_Success", {"reason": wanted[1]})

    def _start_rest(self, agent: Agent, seconds: int) -> None:
        agent.base_state = REST
        agent.rest_token = token = next(self._sequence)
        self._emit(agent, "AgentState_SetRest_Success")
        if self.schedule is not None:
            self.schedule(seconds, lambda: self._rest_timed_out(agent, token))

    def _rest_timed_out(self, agent: Agent, token: int) -> None:
        """The rest time is over: the agent is told, and stays in rest (cec_07_1350)."""
        if self.agents.get(agent.agent_id) is agent and agent.rest_token == token and agent.base_state == REST:
            agent.rest_token = None
            self._emit(agent, "AgentState_Rest_Timeout")

    def _leave_state(self, agent: Agent, state: int, cancel_event: str) -> None:
        """Cancel busy / rest / wrap-up: the agent, in ``state`` and in no call, goes idle."""
        _check(
            not self._in_call(agent) and agent.base_state == state,
            "100-009",
            f"agent {agent.agent_id} is {word(self.state_of(agent))}, not {word(state)}",
        )
        agent.base_state = IDLE
        agent.rest_token = None
        self._emit(agent, cancel_event)

    def say_free(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        _check(not self._in_call(agent), "100-009", f"agent {agent_id} is in a call")
        agent.base_state, agent.rest_token, agent.after_call = IDLE, None, None
        self._emit(agent, "AgentState_Ready")

    def say_busy(self, agent_id: str, reason: int = 0, prolong: bool = False) -> None:
        agent = self._agent(agent_id)
        _check(reason == 0 or 200 <= reason <= 250, "000-002", f"reason {reason} is not 0 or 200 to 250")
        if self._in_call(agent):  # busy once the call is over
            agent.after_call = (BUSY, reason)
            return
        _check(
            agent.base_state != BUSY or prolong,
            "100-009",
            f"agent {agent_id} is busy already: busy again needs prolong=true",
        )
        agent.base_state, agent.rest_token = BUSY, None
        self._emit(agent, "AgentState_SetNotReady_Success", {"reason": reason})

    def cancel_busy(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        if self._in_call(agent) and agent.after_call and agent.after_call[0] == BUSY:
            agent.after_call = None
            self._emit(agent, "AgentState_CancelNotReady_Success")
            return
        self._leave_state(agent, BUSY, "AgentState_CancelNotReady_Success")

    def rest(self, agent_id: str, seconds: int, restcause: int, prolong: bool = False) -> None:
        agent = self._agent(agent_id)
        _check(1 <= seconds <= 86399, "000-002", f"time {seconds} is not 1 to 86399 seconds")
        _check(0 <= restcause <= 255, "000-002", f"restcause {restcause} is not 0 to 255")
        if self._in_call(agent):  # pre-rest (agentState 9) until the call is over
            agent.after_call = (REST, seconds, restcause)
            return
        _check(
            agent.base_state != REST or prolong,
            "100-009",
            f"agent {agent_id} is resting already: rest again needs prolong=true",
        )
        self._start_rest(agent, seconds)

    def cancel_rest(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        if self._in_call(agent) and agent.after_call and agent.after_call[0] == REST:
            agent.after_call = None
            self._emit(agent, "AgentState_CancelRest_Success")
            return
        self._leave_state(agent, REST, "AgentState_CancelRest_Success")

    def work(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        _check(not self._in_call(agent), "100-009", f"agent {agent_id} is in a call")
        agent.base_state, agent.rest_token, agent.after_call = WRAP_UP, None, None
        self._emit(agent, "AgentState_SetWork_Success")

    def cancel_work(self, agent_id: str) -> None:
        self._leave_state(self._agent(agent_id), WRAP_UP, "AgentState_CancelWork_Success")

    @staticmethod
    def _switch(name: str, value: str) -> bool:
        """autoenteridle's flag (cec_07_0351): "true" is on, any other 1 to 5 characters off."""
        _check(isinstance(value, str) and 1 <= len(value) <= 5, "000-002", f"{name} {value!r} is not 1 to 5 characters")
        return value.lower() == "true"

    def set_auto_answer(self, agent_id: str, flag: str) -> None:
        self._agent(agent_id).autoanswer = self._switch("isautoanswer", flag)

    def set_auto_enter_idle(self, agent_id: str, flag: str) -> None:
        self._agent(agent_id).autoenteridle = self._switch("flag", flag)

    # ---------------------------------------------------------------- skills

    def configured_skills(self, agent_id: str) -> tuple[str, ...]:
        """Set by the control API, else the agent directory's, else DEFAULT_SKILLS."""
        if agent_id in self.skills:
            return self.skills[agent_id]
        entry = self.directory.get(agent_id) if self.directory else None
        return tuple(entry["skills"]) if entry and entry["skills"] else DEFAULT_SKILLS

    def set_skills(self, agent_id: str, skills: list) -> None:
        """Control API: the skills configured for the agent (what resetskill can sign it in to)."""
        agent_id = _valid(validation.agent_id, agent_id, SIGN_IN.agent_range, "set agent skills")
        _check(
            isinstance(skills, list)
            and all(isinstance(s, (str, int)) and not isinstance(s, bool) and _SKILL.fullmatch(str(s)) for s in skills),
            "000-002",
            "skills must be a list of skill IDs (digits)",
        )
        self.skills[agent_id] = tuple(dict.fromkeys(str(s) for s in skills))

    def reset_skill(self, agent_id: str, autoflag: str, skillid: str = "", phonelinkage: int | None = None) -> None:
        """Sign in to skill queues: every configured one (autoflag "true"), else those of ``skillid``
        ("1;2;3") that are configured; none when both say nothing (cec_07_1209)."""
        agent = self._agent(agent_id)
        _check(
            len(skillid) <= 4000 and all(_SKILL.fullmatch(s) for s in skillid.split(";") if s),
            "000-002",
            f"skillid {skillid[:40]!r} is not skill IDs separated by ';'",
        )
        _check(phonelinkage in (None, 0, 1), "000-002", f"phonelinkage {phonelinkage!r} is not 0 or 1")
        configured = self.configured_skills(agent_id)
        wanted = set(skillid.split(";"))
        agent.skills = configured if autoflag.lower() == "true" else tuple(s for s in configured if s in wanted)
        if phonelinkage is not None:
            agent.linkage = bool(phonelinkage)

    def _skill_agent(self, skill: str, exclude: Agent | None = None) -> Agent | None:
        """The free agent signed in to ``skill`` that signed in first."""
        return next((a for a in self.agents.values() if skill in a.skills and a is not exclude and self._free(a)), None)

    def skill_call(self, skill: str, caller: str = DEFAULT_CALLER) -> tuple[str, str]:
        """Control API: a customer calls skill queue ``skill``; returns (call ID, agent ID it rings)."""
        caller = _valid(validation.number, caller, "inbound call to skill", "caller")
        _check(
            isinstance(skill, str) and _SKILL.fullmatch(skill) is not None,
            "000-002",
            f"skill {skill!r} is not a skill ID (digits)",
        )
        agent = _need(self._skill_agent(skill), "100-007", f"no idle agent is signed in to skill {skill}")
        call = Call(self._new_id(), caller, agent.phone, "0")
        call.skill = int(skill)
        self.calls[call.callid] = call
        self._add(call, Party(caller, None, TALKING))
        self._offer(agent, call, auto_answer=True)
        return call.callid, agent.agent_id

    # ---------------------------------------------------------------- mute, transfer, internal call

    def begin_mute(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        _check(bool(agent.calls), "200-003", f"agent {agent_id} has no call")
        call, _ = _need_leg(self._leg(agent, TALKING), "200-004", "no talking call")
        _check(agent.muted != call.callid, "200-004", f"call {call.callid} is muted already")
        agent.muted = call.callid

    def end_mute(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        _check(bool(agent.calls), "200-007", f"agent {agent_id} has no call")
        _check(
            agent.muted in self.calls and self.calls[agent.muted].party(agent) is not None, "200-008", "no muted call"
        )
        agent.muted = None

    def call_inner(self, agent_id: str, called: str, caller: str = "") -> str:
        """Internal call: rings the phone the agent ``called`` signed in with."""
        called = _valid(validation.agent_id, called, SIGN_IN.agent_range, "internal call", "called")
        target = _need(self.agents.get(called), "200-001", f"agent {called} is not signed in")
        return self.call_out(agent_id, target.phone, caller)

    def _transfer_target(self, agent: Agent, devicetype: int, address: str) -> tuple[Agent | None, str, bool]:
        """(target agent or None, the number that rings, reachable) for a transfer's device type and address."""
        if devicetype == 1:
            target = self._skill_agent(address, exclude=agent)
            return target, target.phone if target else address, target is not None
        if devicetype == 2:
            target = self.agents.get(address)
        elif devicetype == 5:
            target = self.phones.get(address)  # an agent's phone is reached by its number
            if target is None:
                return None, address, self.numbers.get(address, "answer") != "busy"
        else:  # 3, 4: an IVR flow or access code takes the call at once
            return None, address, True
        reachable = target is not None and target is not agent and self._free(target)
        return target, target.phone if target else address, reachable

    def _transfer_join(self, call: Call, devicetype: int, target: Agent | None, number: str, transfrom: str) -> Party:
        if target is not None:
            return self._offer(target, call, auto_answer=True, transfrom=transfrom)
        answers = devicetype in (3, 4) or self.numbers.get(number, "answer") == "answer"
        party = Party(number, None, TALKING if answers else RINGING)
        self._add(call, party)
        return party

    def transfer(self, agent_id: str, devicetype: int, address: str, mode: int) -> None:
        agent = self._agent(agent_id)
        modes = _need(TRANSFER_MODES.get(devicetype), "000-002", f"devicetype {devicetype} is not 1 to 5")
        _check(
            mode in modes,
            "000-002",
            f"mode {mode} is not one of {sorted(modes)} for devicetype {devicetype}"
            + (" (mode 1, suspend, is not simulated)" if devicetype == 3 else ""),
        )
        address = _valid(validation.dialled_number, address, "transfer", "address")
        call, mine = _need_leg(self._leg(agent, TALKING), "200-012", f"agent {agent_id} has no talking call")
        _check(call.transfer is None, "100-007", f"call {call.callid} is being transferred already")
        kind = modes[mode]
        _check(
            not (devicetype == 5 and kind == "blind" and call.feature == "7"),
            "100-007",
            "an outbound call cannot be blind-transferred to an external number (cec_07_1242)",
        )
        target, number, reachable = self._transfer_target(agent, devicetype, address)
        self._emit(
            agent,
            "AgentEvent_Customer_Alerting",
            {
                "callid": call.callid,
                "otherPhone": number,
                "otherPhoneWorkno": target.agent_id if target else "",
                "type": "main",
            },
        )
        if kind == "blind":  # the agent is released whatever becomes of the call
            self._detach(call, mine)
            self._emit(agent, "AgentEvent_Call_Release", call.callid)
            self._after_leave(agent, 2)
            if reachable:
                self._transfer_join(call, devicetype, target, number, agent.agent_id)
            else:
                self._end_call(call)
            return
        if not reachable:  # the agent keeps the call
            self._emit(agent, "AgentEvent_Connect_Fail", call.callid)
            return
        call.transfer = (agent, kind, self._transfer_join(call, devicetype, target, number, agent.agent_id))
        self._transfer_progress(call)

    def _transfer_progress(self, call: Call) -> None:
        """A waiting transfer whose target now talks: success transfer releases the agent; talk and
        three-party transfer leave it in the call, which the customer and the target keep when it drops."""
        if call.transfer is None or call.transfer[2] is None or call.transfer[2].state != TALKING:
            return
        agent, kind, _ = call.transfer
        call.transfer = None
        mine = call.party(agent)
        if mine is None:  # the agent dropped the call meanwhile
            return
        if kind == "success":
            self._detach(call, mine)
            self._emit(agent, "AgentEvent_Call_Release", call.callid)
            self._after_leave(agent, 3)
        elif kind == "talk":
            self._emit(agent, "AgentEvent_Talking", self._call_content(call))
        else:
            partner = ",".join(p.number for p in call.parties if p is not mine)
            self._emit(agent, "AgentEvent_Conference", {"callid": call.callid, "partner": partner})

    def cancel_transfer(self, agent_id: str) -> None:
        """The agent takes back a call whose transfer target has not answered yet."""
        agent = self._agent(agent_id)
        call, waiting = _need(
            next(((c, c.transfer) for c in agent.calls if c.transfer and c.transfer[0] is agent), None),
            "100-007",
            f"agent {agent_id} has no transfer waiting for its target",
        )
        target, call.transfer = waiting[2], None
        if target in call.parties:
            self._detach(call, target)
            if target.agent:
                self._emit(target.agent, "AgentEvent_No_Answer", call.callid)
                self._after_leave(target.agent, 3)
        self._emit(agent, "AgentEvent_Talking", self._call_content(call))

    # ---------------------------------------------------------------- agent conferences

    def request_agent_conf(self, agent_id: str, addresses: list[tuple[str, str]]) -> str:
        """``addresses``: (addressType "9" agent ID | "6" phone number, address). Returns the confId; the
        conference is set up ``conf_setup`` seconds later (:meth:`tick`)."""
        chair = self._agent(agent_id)
        _check(chair.conf is None, "100-007", f"agent {agent_id} is already in an agent conference")
        was_free = self._free(chair)
        _check(
            was_free or self._leg(chair, TALKING)[0] is not None,
            "100-007",
            f"agent {agent_id} is neither idle nor talking",
        )
        _check(
            bool(addresses)
            and all(
                kind in ("9", "6") and isinstance(address, str) and _DIGITS.fullmatch(address)
                for kind, address in addresses
            ),
            "000-002",
            'addresses must be ("9" agent ID | "6" phone number, digits) pairs',
        )
        conf = Conference(self._new_id(), chair)
        conf.invited, conf.chair_was_free = list(addresses), was_free
        conf.setup_due = self.clock() + self.conf_setup
        self.conferences[conf.conf_id] = conf
        chair.conf = conf
        if self.conf_setup <= 0:
            self._set_up_conference(conf)
        else:
            self._pending_confs.append(conf)
        return conf.conf_id

    def _set_up_conference(self, conf: Conference) -> None:
        """Reference §7: the chair gets AgentConf_SelfJoinResult then AgentConf_RequestSuccess; the
        participants are rung."""
        chair, body = conf.chair, {"confId": conf.conf_id}
        conf.set_up = True
        chair.phone_state = PHONE_OFFHOOK
        self._emit(chair, "AgentConf_SelfJoinResult", body)
        self._emit(chair, "AgentConf_RequestSuccess", body)
        if conf.chair_was_free:
            self._emit(chair, "AgentState_Busy")
        now = self.clock()
        for kind, address in conf.invited:
            if address in conf.members:
                continue
            if kind == "9":
                member = self.agents.get(address)
                if member is None or member is chair or not self._free(member):
                    continue  # not reachable: skipped
                member.conf = conf
                conf.members[address], conf.since[address] = 9, now
                self._emit(member, "AgentState_Busy")
                self._emit(member, "AgentConf_Ringing", body)
                continue
            behaviour = self.numbers.get(address, "answer")
            if behaviour == "busy":
                continue
            conf.members[address], conf.since[address] = 6, now
            if behaviour == "answer":
                self._join(conf, address)

    def _join(self, conf: Conference, participant: str) -> None:
        conf.joined.add(participant)
        conf.since.pop(participant, None)
        self._participant_changed(conf, participant, change_type=0)

    def _participant_changed(self, conf: Conference, participant: str, change_type: int) -> None:
        """To the chair and the other joined agents (reference §7: "others get ...")."""
        # Every documented field (reference §5.5). The docs give no values for deviceCallType and
        # deviceType; our interpretation: 0, and the devicetype codes of the transfer interface
        # (2 agent, 5 external number, reference §6).
        kind = conf.members.get(participant, 9)
        content = {
            "result": "0",
            "changeType": change_type,
            "changeReason": 0,
            "confId": conf.conf_id,
            "participant": participant,
            "participantType": kind,
            "deviceCallType": 0,
            "deviceType": 2 if kind == 9 else 5,
        }
        others = [conf.chair] + [self.agents.get(m) for m in conf.joined if conf.members.get(m) == 9]
        for agent in others:
            if agent is not None and agent.agent_id != participant and agent.conf is conf:
                self._emit(agent, "AgentConf_ParticipantChanged", dict(content))

    def answer_agent_conf(self, agent_id: str) -> None:
        """answeragentconf after AgentConf_Ringing: the participant joins (AgentConf_SelfJoinResult)."""
        agent = self._agent(agent_id)
        conf = agent.conf
        if conf is None or not conf.set_up:
            raise RetcodeRefusal("101-001", f"agent {agent_id} is not invited to an agent conference")
        _check(
            conf.chair is not agent and agent_id not in conf.joined,
            "000-007",
            f"agent {agent_id} has already joined agent conference {conf.conf_id}",
        )
        agent.phone_state = PHONE_OFFHOOK
        self._emit(agent, "AgentConf_SelfJoinResult", {"confId": conf.conf_id})
        self._join(conf, agent_id)

    def leave_agent_conf(self, agent_id: str) -> None:
        """requestleaveagentconf: a participant leaves (or, still ringing, declines); the chair may not."""
        agent = self._agent(agent_id)
        conf = agent.conf
        if conf is None or not conf.set_up:
            raise RetcodeRefusal("101-001", f"agent {agent_id} is not in an agent conference")
        _check(conf.chair is not agent, "101-007", "the chairperson releases the conference instead")
        self._drop_participant(conf, agent_id, actor=True)

    def _drop_participant(self, conf: Conference, participant: str, actor: bool = False) -> None:
        """Reference §7 leave: AgentMediaEvent_StopRecordDone, AgentOther_PhoneRelease,
        AgentConf_SelfLeaveResult to the participant (a ringing one only the last), then its state event;
        AgentConf_ParticipantChanged (changeType 1) to the others."""
        joined = participant in conf.joined
        if joined:
            self._participant_changed(conf, participant, change_type=1)
        conf.joined.discard(participant)
        conf.since.pop(participant, None)
        kind = conf.members.pop(participant, None)
        agent = self.agents.get(participant) if kind == 9 else None
        if agent is None or agent.conf is not conf:
            return
        agent.conf = None
        if joined:
            self._stop_record(agent, conf.conf_id, conf.begin_ms)
            self._hang_up_phone(agent, 2 if actor else 3)
        self._emit(agent, "AgentConf_SelfLeaveResult", {"confId": conf.conf_id})
        self._rest_if_free(agent)

    def release_agent_conf(self, agent_id: str) -> None:
        agent = self._agent(agent_id)
        if agent.conf is None or not agent.conf.set_up:
            raise RetcodeRefusal("101-001", f"agent {agent_id} is in no agent conference that is set up")
        _check(agent.conf.chair is agent, "101-002")
        self._release_conference(agent.conf)

    def _release_conference(self, conf: Conference) -> None:
        chair, body = conf.chair, {"confId": conf.conf_id}
        del self.conferences[conf.conf_id]
        if not conf.set_up:  # nobody was rung yet (the chair signs out before the set-up)
            chair.conf = None
            return
        self._stop_record(chair, conf.conf_id, conf.begin_ms)
        chair.conf = None
        self._hang_up_phone(chair, 2)
        self._emit(chair, "AgentConf_SelfLeaveResult", body)
        self._rest_if_free(chair)
        for participant, kind in list(conf.members.items()):
            member = self.agents.get(participant) if kind == 9 else None
            if member is None or member.conf is not conf:
                continue
            member.conf = None
            if participant in conf.joined:
                self._hang_up_phone(member, 3)
            self._emit(member, "AgentConf_SelfLeaveResult", body)
            self._rest_if_free(member)

    def _leave_conference(self, agent: Agent, conf: Conference) -> None:
        """A participant leaves (force sign-out); the others are told."""
        if agent.agent_id in conf.joined:
            self._participant_changed(conf, agent.agent_id, change_type=1)
        agent.conf = None
        conf.joined.discard(agent.agent_id)
        conf.since.pop(agent.agent_id, None)
        conf.members.pop(agent.agent_id, None)

    # ---------------------------------------------------------------- control

    def status(self) -> dict:
        return {
            "agents": [
                {
                    "agent_id": a.agent_id,
                    "state": word(self.state_of(a)),
                    "phone": a.phone,
                    "phone_state": a.phone_state,
                    "linkage": a.linkage,
                    "autoanswer": a.autoanswer,
                    "autoenteridle": a.autoenteridle,
                    "calls": [c.callid for c in a.calls],
                    "skills": list(a.skills),
                    "muted": a.muted,
                    "conference": a.conf.conf_id if a.conf else None,
                    "queued_events": len(a.events),
                }
                for a in self.agents.values()
            ],
            "calls": [
                {
                    "callid": c.callid,
                    "state": c.state,
                    "caller": c.caller,
                    "called": c.called,
                    "parties": [p.describe() for p in c.parties],
                }
                for c in self.calls.values()
            ],
            "conferences": [
                {
                    "confId": c.conf_id,
                    "chair": c.chair.agent_id,
                    "set_up": c.set_up,
                    "participants": [
                        {"participant": m, "participantType": t, "state": "joined" if m in c.joined else "ringing"}
                        for m, t in c.members.items()
                    ],
                }
                for c in self.conferences.values()
            ],
            "numbers": dict(self.numbers),
            "settings": self.settings(),
        }

    def reset(self) -> None:
        """Everyone signed out, all calls, conferences and number behaviours gone (no events queued)."""
        signed_in = list(self.agents)
        self.agents.clear()
        self.phones.clear()
        self.calls.clear()
        self.conferences.clear()
        self._pending_confs.clear()
        self.numbers.clear()
        self.skills.clear()
        if self.notify:
            for agent_id in signed_in:
                self.notify(agent_id)
