"""Variables for running the suites against the bundled CC-Gateway simulator (the default without any
variable file; this file only makes the choice explicit):

    robot --variablefile resources/environments/simulator.py suites

An empty GATEWAY_URL makes ``Connect To The Gateway Under Test`` start the embedded simulator on a free
port, so parallel pabot processes never collide. It is given the agent directory SIMULATOR_AGENTS
(resources/simulator_agents.json), so it checks each agent's password and phone number at sign-in as a
real gateway does.
"""

from pathlib import Path

SIMULATOR_AGENTS = str(Path(__file__).resolve().parent.parent / "simulator_agents.json")

GATEWAY_URL = ""
CA_BUNDLE = "True"
AGENT_A, AGENT_B, AGENT_C = "101", "102", "103"
NOT_SIGNED_IN = "199"
AGENT_PASSWORDS: dict = {}
AGENT_PASSWORD = ""
