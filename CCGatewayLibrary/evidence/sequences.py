"""The documented event sequences (reference §9) and the agent states and call situations a run can reach,
as tables for the spec coverage. Kept apart from ``eventtypes.py`` so that it can move there later.

A sequence is a tuple of groups. The events of one group may come in any order (reference §9: "Order inside
a group is not guaranteed by the docs"); the groups come in the order given. A group may name the
interfaces (``log_name`` of ``interfaces.py``) whose request must have caused its events; ``()`` means any
cause (a simulator action, a customer, another agent). A sequence is seen when one agent, in one test,
received the events of every group in that order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import eventtypes


@dataclass(frozen=True)
class Group:
    events: frozenset[str]
    caused_by: tuple[str, ...] = ()  # interface log names; () = any cause


@dataclass(frozen=True)
class Sequence:
    name: str
    groups: tuple[Group, ...]
    source: str
    inferred: bool = False  # the reference marks (part of) it [inferred]

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(e for g in self.groups for e in sorted(g.events))

    def describe(self) -> str:
        return " \u2192 ".join(" + ".join(sorted(g.events)) for g in self.groups)


def _g(events: str, caused_by: str = "") -> Group:
    return Group(frozenset(events.split()), tuple(caused_by.split()))


SEQUENCES: tuple[Sequence, ...] = (
    Sequence(
        "Sign-in idle", (_g("AgentOther_InService", "login forceLogin"), _g("AgentState_Ready")), "reference §9 [doc]"
    ),
    Sequence(
        "Inbound call, manual answer",
        (
            _g("AgentState_Busy AgentOther_PhoneAlerting AgentOther_PhoneOffhook AgentEvent_Ringing"),
            _g("AgentEvent_Customer_Alerting AgentEvent_Talking", "answer"),
        ),
        "reference §9 [doc] devg cec_05_1426",
    ),
    Sequence(
        "Inbound call, caller hangs up before the answer",
        (_g("AgentEvent_Ringing"), _g("AgentEvent_No_Answer")),
        "reference §9 [doc] devg cec_05_1426",
    ),
    Sequence(
        "Outbound call answered",
        (
            _g(
                "AgentOther_PhoneAlerting AgentOther_PhoneOffhook AgentState_Busy AgentEvent_Customer_Alerting",
                "callout",
            ),
            _g("AgentEvent_Talking"),
        ),
        "reference §9 [doc] devg cec_05_4029",
    ),
    Sequence(
        "Outbound call, agent does not pick up",
        (_g("AgentEvent_Connect_Fail AgentOther_PhoneRelease"),),
        "reference §9 [doc] devg cec_05_4029",
    ),
    Sequence(
        "Outbound call, called party does not answer",
        (_g("AgentEvent_Call_Out_Fail AgentEvent_Connect_Fail AgentState_Ready"),),
        "reference §9 [doc] devg cec_05_4029",
    ),
    Sequence(
        "Hold, then retrieve",
        (_g("AgentEvent_Hold", "hold"), _g("AgentEvent_Talking", "getHold")),
        "reference §9 [doc] AgentEvent_Hold page",
    ),
    Sequence(
        "Release (DELETE release)",
        (
            _g("AgentEvent_Call_Release AgentEvent_Customer_Release AgentOther_PhoneRelease", "release releaseEx"),
            _g("AgentState_Ready"),
        ),
        "reference §9 [doc] devg cec_05_4035",
    ),
    Sequence(
        "Three-party call",
        (_g("AgentEvent_Hold", "hold"), _g("AgentEvent_Conference", "confJoin")),
        "reference §9 [doc] devg cec_05_4041",
    ),
    Sequence(
        "Two-party internal help",
        (_g("AgentEvent_Hold", "innerHelp"), _g("AgentEvent_Customer_Alerting", "innerHelp")),
        "reference §9 [doc] cec_07_1236, cec_07_1248",
        inferred=True,
    ),
    Sequence(
        "Phone-linkage reject",
        (_g("AgentOther_PhoneRelease AgentEvent_No_Answer", "phonehangup"),),
        "reference §9 [doc] cec_07_1255",
    ),
    Sequence(
        "Chairperson releases the agent conference",
        (
            _g(
                "AgentMediaEvent_StopRecordDone AgentOther_PhoneRelease AgentConf_SelfLeaveResult AgentState_Ready",
                "releaseAgentConf",
            ),
        ),
        "reference §9 [doc] cec_07_1287",
    ),
)


@dataclass(frozen=True)
class Situation:
    """An agent state or call situation, reached when an agent receives one of ``events`` or a request to
    one of ``interfaces`` (log names) succeeds."""

    name: str
    kind: str  # "agent state" or "call situation"
    events: tuple[str, ...] = ()
    interfaces: tuple[str, ...] = ()
    source: str = ""


SITUATIONS: tuple[Situation, ...] = (
    # Agent states of reference §8 (agentState values) that the library can reach and see.
    Situation("signed in", "agent state", ("AgentOther_InService",), ("login", "forceLogin"), "reference §3, §8"),
    Situation("idle", "agent state", ("AgentState_Ready",), (), "reference §8 (agentState 4)"),
    Situation("busy (occupied by a call)", "agent state", ("AgentState_Busy",), (), "reference §8 (agentState 3)"),
    Situation("wrap-up", "agent state", ("AgentState_Work",), (), "reference §8 (agentState 5)"),
    Situation("talking", "agent state", ("AgentEvent_Talking",), (), "reference §8 (agentState 7)"),
    Situation(
        "signed out",
        "agent state",
        ("AgentOther_ShutdownService",),
        ("logout", "forceLogout"),
        "reference §8 (agentState 2)",
    ),
    # Call situations the five seed interfaces act on.
    Situation("ringing", "call situation", ("AgentEvent_Ringing", "AgentOther_PhoneAlerting"), (), "reference §9"),
    Situation("talking", "call situation", ("AgentEvent_Talking",), (), "reference §9"),
    Situation("held", "call situation", ("AgentEvent_Hold",), ("hold",), "reference §9"),
    Situation("three-party", "call situation", ("AgentEvent_Conference",), ("confJoin",), "reference §9"),
    Situation(
        "agent conference",
        "call situation",
        ("AgentConf_RequestSuccess", "AgentConf_SelfJoinResult"),
        ("requestAgentConf",),
        "reference §5.5, §7",
    ),
    Situation("internal help", "call situation", (), ("innerHelp",), "reference §9"),
)


def _check() -> None:
    """Every event named here is in the event catalogue: this table cannot invent an event type."""
    named = {e for s in SEQUENCES for e in s.events} | {e for s in SITUATIONS for e in s.events}
    unknown = sorted(named - set(eventtypes.CATALOGUE))
    if unknown:
        raise ValueError(f"sequences.py names event types the catalogue does not know: {unknown}")


_check()
