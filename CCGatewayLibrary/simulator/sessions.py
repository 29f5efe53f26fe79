"""Sessions over HTTP: tells the model which event polls are open and drives its clock-driven behaviour
(idle sign-out, Guid expiry, ring timeouts, conference set-up) from a timer on the server's loop. The
rules themselves live in the model (``GatewayModel.tick``, ``poll_opened``, ``session_for``); this module
only connects them to requests and time.

Its layer sits on each interface route (inside the fault layer, so a request a fault stops never counts
as a poll), and its control requests (``control.AUTHENTICATION``, ``DIRECTORY``, ``RING_TIMEOUT`` and
their setters) set AUTHMODE / GUIDINTERVAL / GUIDTIMEOUT, the agent directory and the ring timeout.
"""

from __future__ import annotations

import asyncio
import logging

from .. import control
from .. import interfaces as api
from . import wire

log = logging.getLogger("CCGatewayLibrary.simulator")


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
        """Arm the timer for the model's next due step, or bring it forward: a request may have made a
        step due sooner than the timer fires (a conference set-up ``conf_setup`` after the request, while
        the timer sleeps towards the next idle sweep up to a second away)."""
        if self.sim.closing:
            return
        loop = asyncio.get_running_loop()
        due = loop.time() + self.model.next_tick_in()
        if self._timer is not None:
            if self._timer.when() <= due:
                return
            self._timer.cancel()

        def fire() -> None:
            self._timer = None
            try:
                self.tick()
            except Exception:  # a model bug must not stop the clock
                log.exception("simulator error in a timed step")
            if not self.sim.closing:
                self._timer = loop.call_later(self.model.next_tick_in(), fire)

        self._timer = loop.call_at(due, fire)


class SessionLayer:
    """Wraps one interface route's ASGI app: ticks the model, and an event poll of a known session is an
    open poll while it waits and its connection lasts."""

    def __init__(self, app, watch: SessionWatch, interface: api.Interface):
        self.app = app
        self.watch = watch
        self.is_poll = interface.result == api.EVENT

    async def __call__(self, scope, receive, send) -> None:
        watch, model = self.watch, self.watch.model
        watch.schedule()
        watch.tick()
        agent = None
        if self.is_poll:
            agent = model.session_for(scope.get("path_params", {}).get("agentid"), wire.guid_header(scope))
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
        watch.schedule()  # e.g. a conference set-up due in conf_setup seconds


def install(sim, routes) -> None:
    """Put the session layer on each interface route (``routing.interface_routes``)."""
    sim.sessions = SessionWatch(sim)
    for route in routes:
        route.app = SessionLayer(route.app, sim.sessions, route.interface)


def directory_summary(model) -> dict:
    agents = (
        None
        if model.directory is None
        else {a: {"phones": e["phones"], "skills": e["skills"]} for a, e in model.directory.items()}
    )
    return {"agents": agents, "sign_in_check": model.settings()["sign_in_check"]}


def control_handlers(sim) -> dict:
    """Handlers of the authentication, directory and ring-timeout control requests, by their ``control`` row."""
    model = sim.model

    def authentication_now() -> dict:
        return {"auth_mode": model.auth_mode, "guid_interval": model.guid_interval, "guid_timeout": model.guid_timeout}

    async def authentication(request):
        return authentication_now()

    async def set_authentication(request):
        body = await wire.json_body(request)
        model.set_authentication(
            body.get("auth_mode", model.auth_mode),
            body.get("guid_interval", model.guid_interval),
            body.get("guid_timeout", model.guid_timeout),
        )
        return authentication_now()

    async def directory(request):
        return directory_summary(model)

    async def set_directory(request):
        model.set_directory(await wire.json_body(request))
        return directory_summary(model)

    async def clear_directory(request):
        model.set_directory(None)
        return directory_summary(model)

    async def ring_timeout(request):
        return {"seconds": model.ring_timeout}

    async def set_ring_timeout(request):
        seconds = (await wire.json_body(request)).get("seconds", "missing")
        if seconds is not None and (
            isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 86400
        ):
            raise wire.bad("field 'seconds' must be a number of seconds from 0 (exclusive) to 86400, or null")
        model.ring_timeout = None if seconds is None else float(seconds)
        return {"seconds": model.ring_timeout}

    return {
        control.AUTHENTICATION: authentication,
        control.SET_AUTHENTICATION: set_authentication,
        control.DIRECTORY: directory,
        control.SET_DIRECTORY: set_directory,
        control.CLEAR_DIRECTORY: clear_directory,
        control.RING_TIMEOUT: ring_timeout,
        control.SET_RING_TIMEOUT: set_ring_timeout,
    }
