"""Agent sessions: sign in, sign out."""

from __future__ import annotations

from robot.api import logger
from robot.api.deco import keyword
from robot.api.types import Secret

from .. import agentstates, validation
from .. import interfaces as api
from ..client import mask
from ..client.gateway import FORCED
from .base import LibraryComponent, to_robot


class AgentKeywords(LibraryComponent):
    @keyword(tags=("Agent", "Action"))
    def sign_in_agent(
        self,
        agent_id: str,
        password: Secret | str = "",
        phone_number: str = "",
        *,
        status: str = "idle",
        phone_linkage: bool = False,
        force: bool = False,
        auto_answer: bool = False,
    ):
        """Signs the agent in, keeps its Guid and starts its event stream; returns the sign-in result.

        Returns once the gateway has accepted the sign-in. The sign-in events (``AgentOther_InService``,
        ``AgentState_Ready``, and for ``status=busy`` ``AgentState_SetNotReady_Success``, for
        ``status=wrap-up`` ``AgentState_Work``) stay buffered for `Wait For Agent Event`. Signing in is
        the agent's first step: wait for these events before the agent's next step, after which they
        count as earlier (see `Waiting for events`).

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``password`` | The agent's password. Give it as a ``Secret`` (``${PASSWORD: Secret}``) so no log can show it; a plain string works but is warned about. Empty by default. |
        | ``phone_number`` | The softphone number to bind, 1 to 24 digits. Empty: the gateway's default for the agent (the simulator uses the agent ID). |
        | ``status`` | State after sign-in: ``idle`` (default), ``busy`` or ``wrap-up``. |
        | ``phone_linkage`` | Phone linkage with a hard phone (eSpace 7910): the phone rings on a call and `Reject Ringing Call` can reject it. Default ``False``. |
        | ``force`` | Force sign-in (``.../forcelogin``), taking over a session that is already signed in. Default ``False``: an agent already signed in fails with 100-002. |
        | ``auto_answer`` | Let the gateway answer incoming calls. Default ``False``, so `Answer Call` answers. |

        Returns the gateway's ``result`` as a dictionary (``workno``, ``vdnid``, ``loginTime``, ...).
        When the suite imports RequestsLibrary, the agent's HTTP session is registered there as
        ``agent_<agent ID>`` (see `Get Agent Session Alias`).

        Fails before any request for an invalid ``agent_id``, ``phone_number`` or ``status``. Fails with
        the gateway's retcode otherwise: 100-001/100-011 (sign-in parameters empty or invalid), 100-002
        (already signed in; use ``force=True``), 100-003 (the CTI platform is unavailable), 100-004
        (wrong agent ID or password), 100-012 (wrong agent type), 100-013/100-014 (phone number invalid
        or out of range), 100-015 (signed in and cannot be forced out), 100-016 (invalid IP address);
        and if the answer carries no ``Set-GUID`` header.

        Calls ``PUT /agentgateway/resource/onlineagent/{agentid}`` (method ``login``), or with
        ``force=True`` ``PUT .../onlineagent/{agentid}/forcelogin`` (``forceLogin``).

        Example:
        | `Sign In Agent`    101    ${PASSWORD}    phone_number=70101
        | `Wait For Agent Events In Order`    101    AgentOther_InService    AgentState_Ready
        | `Sign In Agent`    102    phone_linkage=True    status=busy
        """
        interface = api.FORCE_SIGN_IN if force else api.SIGN_IN
        agent_id = self.agent(agent_id, interface)
        phone = "" if phone_number in (None, "") else validation.number(phone_number, interface.label, "phone_number")
        state = validation.choice(status, agentstates.SIGN_IN_STATES, interface.label, "status")
        secret = _password(password)
        body = {
            "password": secret,
            "phonenum": phone,
            "status": state,
            "phonelinkage": bool(phone_linkage),
            "autoanswer": bool(auto_answer),
            "agenttype": 4,
        }
        session, result = self.client.sign_in(agent_id, body, force=bool(force))
        session.phone_number = phone or agent_id
        logger.info(f"Agent {agent_id} signed in (Guid {mask(session.guid)}); its event stream started")
        self.library.requests_sessions.register_if_imported(agent_id)  # alias agent_<id> (requests_session.py)
        return to_robot(result)

    @keyword(tags=("Agent", "Action"))
    def sign_out_agent(self, agent_id: str, force: bool = False) -> None:
        """Signs the agent out and stops its event stream.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number), 101 to 999999. |
        | ``force`` | Force sign-out: signs out even in a call, releasing the call. Default ``False``: the gateway refuses while the agent is in a call. |

        Events not yet consumed are logged and then dropped with the session.

        Fails before any request for an invalid ``agent_id``; with the gateway's retcode otherwise:
        100-005 (sign-out parameters invalid), 100-006 (not signed in), 100-007 (operation exception),
        100-008 (already signed out), 100-010 (in a call; use ``force=True``).

        Calls ``DELETE /agentgateway/resource/onlineagent/{agentid}/logout`` (method ``logout``), or with
        ``force=True`` ``DELETE .../onlineagent/{agentid}/forcelogout`` (``forceLogout``).

        Example:
        | `Sign Out Agent`    101
        | `Sign Out Agent`    102    force=True
        """
        interface = api.FORCE_SIGN_OUT if force else api.SIGN_OUT
        agent_id = self.agent(agent_id, interface)
        self.log_events(agent_id)
        self.client.sign_out(agent_id, force=bool(force))
        logger.info(f"Agent {agent_id} signed out")

    @keyword(tags=("Agent", "Action", "Cleanup"))
    def sign_out_all_agents(self) -> None:
        """Force-signs-out every agent this library signed in, releasing their calls; for teardowns.

        Agents the gateway already signed out (100-006, 100-008) are simply forgotten. Every agent is
        attempted even when one fails; then the keyword fails listing the failures (retcode or
        connection error per agent). Agents are released in parallel, and the whole clean-up takes at
        most twice the library's ``timeout`` however many agents there are, even against a gateway that
        no longer answers. Does nothing when no gateway is connected.

        Calls ``DELETE /agentgateway/resource/onlineagent/{agentid}/forcelogout`` (method
        ``forceLogout``) for each agent.

        Example:
        | [Teardown]    `Sign Out All Agents`
        """
        client = self.library.client
        if client is None:
            return
        agent_ids = list(client.agents)
        for agent_id in agent_ids:
            self.log_events(agent_id)
        # every agent is attempted, in parallel and within twice the timeout in total; failures come last
        outcomes = client.release_agents(agent_ids)
        failures = [
            f"agent {agent_id}: {outcome}" for agent_id, outcome in outcomes.items() if outcome not in (None, FORCED)
        ]
        if failures:
            raise AssertionError("Sign Out All Agents could not sign out every agent:\n" + "\n".join(failures))


def _password(password: Secret | str | None) -> str:
    if isinstance(password, Secret):
        return str(password.value)
    if password:
        logger.warn(
            "Sign In Agent: the password was given as a plain string, which Robot Framework logs "
            "at TRACE level; give it as a Secret (e.g. ${PASSWORD: Secret} from %{ENV})."
        )
    return "" if password is None else str(password)
