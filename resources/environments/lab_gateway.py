"""Variables for running the suites against a real CC-Gateway in a lab. Nothing secret is written here:
everything comes from environment variables, and passwords become Robot Framework ``Secret`` values, which
no log shows.

| Environment variable   | Meaning                                                                    |
|------------------------|----------------------------------------------------------------------------|
| CCGW_URL               | the gateway, e.g. https://10.0.0.5:8043 (required)                        |
| CCGW_CA_BUNDLE         | the PEM file of the CA that signed the gateway's certificate (default:    |
|                        | the system's CAs)                                                          |
| CCGW_AGENTS            | three agent IDs for AGENT_A, AGENT_B, AGENT_C, e.g. 2001,2002,2003        |
| CCGW_NOT_SIGNED_IN     | an agent ID that no one signs in during the run (default 59999)           |
| CCGW_PASSWORD          | the agents' password, if they share one                                   |
| CCGW_PASSWORD_<agent>  | one agent's password, e.g. CCGW_PASSWORD_2001 (overrides CCGW_PASSWORD);  |
|                        | also for the agents of pabot value sets (resources/agents.dat)            |
| CCGW_CONSULTED_PARTY,  | phone numbers the agents may call and that answer (defaults: the suites'  |
| CCGW_THIRD_PARTY,      | simulator numbers 13800000002, 13800000003, 13800000001): set them, or    |
| CCGW_CUSTOMER          | the untagged tests that call out dial those numbers                        |

    export CCGW_URL=https://10.0.0.5:8043 CCGW_CA_BUNDLE=$HOME/lab-ca.pem CCGW_AGENTS=2001,2002,2003
    read -s CCGW_PASSWORD && export CCGW_PASSWORD
    robot --variablefile resources/environments/lab_gateway.py --exclude simulator suites

Tests tagged ``simulator`` need the simulator to play the customer and are left out with --exclude.
"""

from __future__ import annotations

import os

from robot.api.types import Secret


def get_variables() -> dict:
    url = _required("CCGW_URL", "the gateway's address, e.g. https://10.0.0.5:8043")
    agents = [a.strip() for a in _required("CCGW_AGENTS", "three agent IDs, e.g. 2001,2002,2003").split(",")]
    if len(agents) != 3 or not all(a.isdigit() for a in agents):
        raise ValueError(
            f"CCGW_AGENTS is {os.environ['CCGW_AGENTS']!r}; allowed: three agent IDs separated "
            "by commas, e.g. 2001,2002,2003"
        )
    shared = os.environ.get("CCGW_PASSWORD")
    passwords = {
        name[len("CCGW_PASSWORD_") :]: Secret(value)
        for name, value in os.environ.items()
        if name.startswith("CCGW_PASSWORD_") and name[len("CCGW_PASSWORD_") :].isdigit()
    }
    numbers = {
        name: os.environ[f"CCGW_{name}"]
        for name in ("CONSULTED_PARTY", "THIRD_PARTY", "CUSTOMER")
        if os.environ.get(f"CCGW_{name}")
    }
    return {
        **numbers,
        "GATEWAY_URL": url,
        "CA_BUNDLE": os.environ.get("CCGW_CA_BUNDLE") or "True",
        "AGENT_A": agents[0],
        "AGENT_B": agents[1],
        "AGENT_C": agents[2],
        "NOT_SIGNED_IN": os.environ.get("CCGW_NOT_SIGNED_IN", "59999"),
        "AGENT_PASSWORDS": passwords,  # each agent's own password; the others use AGENT_PASSWORD
        "AGENT_PASSWORD": Secret(shared if shared is not None else ""),
    }


def _required(name: str, what: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ValueError(f"environment variable {name} is not set; it must give {what}")
    return value
