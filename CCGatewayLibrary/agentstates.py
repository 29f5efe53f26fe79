"""The gateway's ``agentState`` codes (reference §8, doc cec_07_0581) as the words testers read, in one
table shared by the getters, the simulator's model and its status page."""

from __future__ import annotations

UNKNOWN, SIGNED_IN, SIGNED_OUT, BUSY, IDLE, WRAP_UP, IDLE_6, TALKING, REST, PRE_REST = range(10)

# agentState code -> word. 1 (signed in) and 6 (idle) are documented as unused; 7 also covers a held call
# and a conference.
WORDS: dict[int, str] = {
    UNKNOWN: "unknown",
    SIGNED_IN: "signed in",
    SIGNED_OUT: "signed out",
    BUSY: "busy",
    IDLE: "idle",
    WRAP_UP: "wrap-up",
    IDLE_6: "idle",
    TALKING: "talking",
    REST: "rest",
    PRE_REST: "pre-rest",
}

# The sign-in body's ``status``: the state an agent signs in to (cec_07_1202).
SIGN_IN_STATES: dict[str, int] = {"idle": IDLE, "busy": BUSY, "wrap-up": WRAP_UP}


def word(code: object) -> str:
    """``4`` -> ``"idle"``; a code outside the table reads ``state 42``."""
    if isinstance(code, int) and not isinstance(code, bool):
        return WORDS.get(code, f"state {code}")
    return f"state {code!r}"
