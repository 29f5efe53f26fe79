"""RequestsLibrary for the interfaces without a keyword: each signed-in agent's HTTP session (current Guid,
TLS setting, cookies, timeout) registered in RequestsLibrary's session cache under the alias ``agent_<id>``.

Registration happens at `Sign In Agent` when RequestsLibrary is imported in the running suite, and on
demand with `Get Agent Session Alias` (e.g. when RequestsLibrary is imported after the sign-in)."""

from __future__ import annotations

from robot.api import logger
from robot.api.deco import keyword
from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError

from .. import interfaces as api
from .. import validation
from ..client.agent_http import AgentHttpSession
from .base import LibraryComponent


def alias_of(agent_id: str) -> str:
    return f"agent_{agent_id}"


class RequestsSessionKeywords(LibraryComponent):
    @keyword(tags=("Agent", "RequestsLibrary"))
    def get_agent_session_alias(self, agent_id: str) -> str:
        """Returns the RequestsLibrary alias of the agent's HTTP session, ``agent_<agent ID>``, registering it if needed.

        For every CC-Gateway interface without a keyword: after `Sign In Agent`, the agent's session is
        in RequestsLibrary's session cache, so ``POST On Session``, ``GET On Session`` ... send the
        request as the agent, and `Wait For Agent Event` waits for the events it triggers. The session:

        - sends the agent's *current* Guid as header ``Guid`` and takes a newer one from ``Set-GUID`` of
          every answer, so it follows a Guid rotation like the keywords (and they follow one it meets);
        - uses the library's TLS setting (``verify``), its cookies and its timeout (a request's own
          ``timeout=`` wins);
        - has the gateway's base address as URL, so the documented URI is the path:
          ``/agentgateway/resource/voicecall/101/hold``;
        - sends the Guid only to the gateway (not on a redirect elsewhere) and masks it in the headers
          RequestsLibrary logs and returns (``${response.headers}``): no log shows it in full;
        - appears in the request log and the call-flow diagram as ``RequestsLibrary``.

        `Sign In Agent` registers the session by itself when RequestsLibrary is imported in the suite
        (``Library    RequestsLibrary``); this keyword is needed only when RequestsLibrary is imported
        later, and to get the alias in a variable. The alias stays after `Sign Out Agent`: requests on
        it then go without a Guid and the gateway answers 100-006. Do not poll ``/agentevent/...`` through
        it: the library's poller would miss the events it takes.

        | =Argument= | =Description= |
        | ``agent_id`` | Agent ID (work number) of an agent signed in by `Sign In Agent`, 101 to 999999. |

        Returns ``agent_<agent ID>``, e.g. ``agent_101``. Fails before any request for an invalid
        ``agent_id``, an agent this library has not signed in, or when RequestsLibrary is not imported.
        Calls no gateway interface.

        Example:
        | ***** Settings *****
        | Library    CCGatewayLibrary
        | Library    RequestsLibrary
        |
        | ***** Test Cases *****
        | Hold Through RequestsLibrary
        |     `Sign In Agent`    101
        |     ...
        |     ${answer} =    POST On Session    agent_101    /agentgateway/resource/voicecall/101/hold
        |     Should Be Equal    ${answer.json()}[retcode]    0
        |     `Wait For Agent Event`    101    AgentEvent_Hold
        |     ${alias} =    `Get Agent Session Alias`    101
        """
        label = "Get Agent Session Alias"
        agent_id = self.agent(agent_id, api.SIGN_IN)
        self.stream_session(agent_id, label)
        requests_library = _requests_library()
        if requests_library is None:
            raise validation.ArgumentError(
                f"{label}: RequestsLibrary is not imported in this suite; add "
                "'Library    RequestsLibrary' to its settings."
            )
        return self._register(requests_library, agent_id)

    # -- called by Sign In Agent -----------------------------------------------------------------
    def register_if_imported(self, agent_id: str) -> None:
        requests_library = _requests_library()
        if requests_library is not None:
            self._register(requests_library, agent_id)

    def _register(self, requests_library, agent_id: str) -> str:
        alias = alias_of(agent_id)
        cache = requests_library._cache  # RequestsLibrary keeps its sessions in a robot.utils.ConnectionCache
        try:
            existing = cache.get_connection(alias)
        except RuntimeError:
            existing = None
        if not (isinstance(existing, AgentHttpSession) and existing.agent_id == agent_id):
            cache.register(AgentHttpSession(agent_id, lambda: self.library.client), alias=alias)
            logger.info(
                f"Agent {agent_id}'s HTTP session is RequestsLibrary session '{alias}' "
                f"(base URL {self.client.url}; the Guid follows the agent's session)"
            )
        return alias


def _requests_library():
    """The running RequestsLibrary instance, or None when the suite does not import it."""
    try:  # all=True: a dictionary look-up, cheap enough for every sign-in (a miss by name raises, slowly)
        return BuiltIn().get_library_instance(all=True).get("RequestsLibrary")
    except RobotNotRunningError:
        return None
