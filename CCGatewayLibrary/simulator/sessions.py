"""Sessions over HTTP: tells the model which event polls are open and drives its clock-driven behaviour
(idle sign-out, Guid expiry, ring timeouts, conference set-up) from a timer on the server's loop. The
rules themselves live in the model (``GatewayModel.tick``, ``poll_opened``, ``session_for``); this module
only connects them to requests and time.

Control API (``control_routes``):

* ``GET/PUT /simulator/authentication``: ``{"auth_mode": 1 | 2, "guid_interval": s, "guid_timeout": s}``
  (AUTHMODE, GUIDINTERVAL, GUIDTIMEOUT of reference §2; defaults 2, 60, 120).
* ``GET/PUT/DELETE /simulator/directory``: the agent directory (agent ID -> password, phones, skills);
  GET lists agent IDs, phones and skills, never passwords; DELETE makes sign-in lenient again.
* ``GET/PUT /simulator/ring-timeout``: ``{"seconds": s | null}``, how long a phone rings unanswered.
"""

from __future__ import annotations

import asyncio
import logging

from .. import interfaces

log = logging.getLogger("CCGatewayLibrary.simulator")
_POLL = interfaces.AGENT_EVENT.log_name


class SessionWatch:
    """Per app: runs ``model.tick()`` on requests and on a timer while the server serves."""

    def __init__(self, sim):
        self.sim = sim
        self.model = sim.model
        self._timer = None

    def tick(self) -> None:
        for note in self.model.tick():
            # shown with the faults' log (GET /simulator/faults "applied"), as before this module existed
            self.sim.faults.applied.append({"id": None, "interface": None, **note})

    def schedule(self) -> None:
        if self._timer is not None or self.sim.closing:
            return
        loop = asyncio.get_running_loop()

        def fire() -> None:
            self._timer = None
            try:
                self.tick()
            except Exception:  # a model bug must not stop the clock
                log.exception("simulator error in a timed step")
            if not self.sim.closing:
                self._timer = loop.call_later(self.model.next_tick_in(), fire)

        self._timer = loop.call_later(self.model.next_tick_in(), fire)


class SessionMiddleware:
    """Inside the fault middleware: every gateway request ticks the model; event polls of a known session
    are open polls while they wait."""

    def __init__(self, app, watch: SessionWatch):
        self.app = app
        self.watch = watch

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(interfaces.BASE_PATH):
            await self.app(scope, receive, send)
            return
        from .faults import identify  # the route table by method and path

        watch, model = self.watch, self.watch.model
        watch.schedule()
        watch.tick()
        log_name, agent_id = identify(scope["method"], scope["path"])
        agent = None
        if log_name == _POLL:
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            agent = model.session_for(agent_id, headers.get("guid"))
        if agent is None:
            await self.app(scope, receive, send)
        else:  # a poll whose connection was cut (e.g. by a fault) no longer counts as polling
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            alive = (lambda: not transport.is_closing()) if transport is not None else None
            token = model.poll_opened(agent, alive)
            try:
                await self.app(scope, receive, send)
            finally:
                model.poll_closed(agent, token)
        watch.tick()  # e.g. a conference set-up due at once


def install(app, sim) -> None:
    """Wrap the app's middleware stack (before ``faults.install``, which goes outside it)."""
    sim.sessions = SessionWatch(sim)
    app.middleware_stack = SessionMiddleware(app.build_middleware_stack(), sim.sessions)


def directory_summary(model) -> dict:
    if model.directory is None:
        return {"agents": None, "sign_in_check": model.settings()["sign_in_check"]}
    return {"agents": {a: {"phones": e["phones"], "skills": e["skills"]} for a, e in model.directory.items()},
            "sign_in_check": model.settings()["sign_in_check"]}


def control_routes(sim, control) -> list:
    from starlette.routing import Route

    from .app import _bad, _json_body

    model = sim.model

    async def authentication(request):
        if request.method == "PUT":
            body = await _json_body(request)
            model.set_authentication(body.get("auth_mode", model.auth_mode),
                                     body.get("guid_interval", model.guid_interval),
                                     body.get("guid_timeout", model.guid_timeout))
        return {"auth_mode": model.auth_mode, "guid_interval": model.guid_interval,
                "guid_timeout": model.guid_timeout}

    async def directory(request):
        if request.method == "PUT":
            model.set_directory(await _json_body(request))
        elif request.method == "DELETE":
            model.set_directory(None)
        return directory_summary(model)

    async def ring_timeout(request):
        if request.method == "PUT":
            seconds = (await _json_body(request)).get("seconds", "missing")
            if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                        or not 0 < seconds <= 86400):
                raise _bad("field 'seconds' must be a number of seconds from 0 (exclusive) to 86400, or null")
            model.ring_timeout = None if seconds is None else float(seconds)
        return {"seconds": model.ring_timeout}

    return [Route("/simulator/authentication", control(authentication), methods=["GET", "PUT"]),
            Route("/simulator/directory", control(directory), methods=["GET", "PUT", "DELETE"]),
            Route("/simulator/ring-timeout", control(ring_timeout), methods=["GET", "PUT"])]
