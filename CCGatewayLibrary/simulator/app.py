"""The simulator's HTTP face: a Starlette app answering every interface of ``interfaces.ALL`` plus the
control API of ``control.ALL``. Each gateway route carries its interface's row, and one endpoint serves
them all as the row says (agent ID range, Guid, path/query/body fields, model method, result kind);
answers are built in ``wire.py``.

Every answer is HTTP 200 with the gateway's JSON envelope, except an unknown route (HTTP 404, retcode
000-002). The model is only touched from the event-loop thread; a long poll waits on a future of its own
that the model's ``notify`` hook completes when events are queued for its agent or the session ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import control, validation
from .. import interfaces as api
from ..errors import RetcodeRefusal
from ..version import __version__
from . import faults, sessions, wire
from .model import DEFAULT_CALLER, Agent, GatewayModel
from .pages import page_handlers
from .routing import interface_routes

log = logging.getLogger("CCGatewayLibrary.simulator")

MAX_REQUESTS = 10_000  # entries kept by GET /simulator/requests
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]  # Starlette adds HEAD to GET


class SimulatorState:
    """Per-app state: the model, the long-poll wakers and the request log. Reached as ``app.state.simulator``."""

    def __init__(self, model: GatewayModel, poll_wait: float):
        self.model = model
        self.poll_wait = poll_wait
        # agent ID -> the futures its waiting polls wait on (one each: cancelling one poll leaves the others)
        self.wakers: dict[str, list[asyncio.Future]] = {}
        self.requests: deque = deque(maxlen=MAX_REQUESTS)
        self.closing = False
        model.notify = self.wake
        model.schedule = lambda seconds, callback: asyncio.get_running_loop().call_later(seconds, callback)
        self.faults = faults.FaultInjector(self)  # injected faults (faults.py)

    def wake(self, agent_id: str) -> None:
        for waiter in self.wakers.pop(agent_id, ()):  # popped: the next wait gets fresh futures
            if not waiter.done():
                waiter.set_result(None)

    def close(self) -> None:
        """Server stopping: every waiting poll answers now (empty), so shutdown is quick."""
        self.closing = True
        for agent_id in list(self.wakers):
            self.wake(agent_id)

    def record(self, scope, retcode: str, interface: api.Interface | None) -> None:
        """One entry of the request log for the request of ``scope``: ``retcode`` is the answer's, or what
        happened instead (``client went away``, ``fault: ...``). Path and query as Starlette's
        ``request.url`` gives them, read from the scope (building the URL cost more than the rest)."""
        self.requests.append(
            {
                "method": scope["method"],
                "path": scope["path"].replace("?", "%3F").replace("#", "%23").replace("\\", "%5C"),
                "query": scope.get("query_string", b"").decode(errors="replace"),
                "interface": interface.log_name if interface else None,
                "retcode": retcode,
                "poll": interface is api.AGENT_EVENT,
            }
        )

    async def poll(self, request: Request, agent: Agent, send=None) -> JSONResponse | None:
        """Pop one event, waiting up to ``poll_wait`` for one; None if the client went away meanwhile
        (``send``, the request's ASGI send, tells that cheaply under uvicorn)."""
        model, agent_id = self.model, agent.agent_id
        async for _ in request.stream():  # drain the body, so is_disconnected() below sees only a disconnect
            pass
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.poll_wait
        waited = False
        while True:
            if model.session(agent_id) is not agent:
                raise RetcodeRefusal("100-006", "signed out while polling")
            # A rotation asked for through the control API is answered at once (our choice: the real
            # gateway rotates on its own schedule; tests should not wait a whole poll for it).
            if agent.events or agent.rotate_pending or self.closing or loop.time() >= deadline:
                break
            # A future and a timer: what asyncio.wait_for(event.wait()) does, without a task per wait.
            waiter = loop.create_future()
            self.wakers.setdefault(agent_id, []).append(waiter)
            timer = loop.call_at(deadline, _release, waiter)
            try:
                await waiter
            finally:
                timer.cancel()
                waiters = self.wakers.get(agent_id)
                if waiters is not None and waiter in waiters:  # timed out (or cancelled): not woken
                    waiters.remove(waiter)
                    if not waiters:
                        del self.wakers[agent_id]
            waited = True
        if waited:
            gone = wire.client_gone(request, send)
            if gone if isinstance(gone, bool) else await gone:
                return None  # keep the event (and the Guid) for the next poll
        event = self.faults.deliver(agent, model.next_event(agent))
        return wire.event_reply(event, model.poll_guid(agent))


def _release(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_result(None)


class _InterfaceEndpoint:
    """Serves one interface as its row says: checks the agent ID and the Guid, reads the fields, calls the
    model method and answers with its result. A plain ASGI app (Starlette's ``Route`` takes it as is): it
    answers every error itself, so Starlette's per-request wrapper and exception layers would only cost."""

    def __init__(self, sim: SimulatorState, iface: api.Interface):
        serve = getattr(sim.model, iface.model, None)
        if serve is None:
            raise RuntimeError(f"interface {iface.log_name}: the model has no method {iface.model!r} to serve it")
        self.serve = serve
        self.sim, self.iface = sim, iface
        self.is_poll = iface.result == api.EVENT

    async def __call__(self, scope, receive, send) -> None:
        sim, iface, is_poll = self.sim, self.iface, self.is_poll
        request = Request(scope, receive)
        retcode, response = "0", None
        try:
            try:
                agent_id = validation.agent_id(scope["path_params"]["agentid"], iface.agent_range, iface.label)
            except validation.ArgumentError as error:
                raise wire.bad(str(error)) from None
            if iface.guid:
                agent = sim.model.authenticate(agent_id, wire.guid_header(scope))
            if is_poll:
                response = await sim.poll(request, agent, send)
                if response is None:  # nobody to answer; the event stays queued
                    retcode, response = wire.CLIENT_LEFT, wire.event_reply(None)
            else:
                body = await wire.json_body(request) if iface.body else {}
                query = request.query_params if iface.query else {}
                out = self.serve(agent_id, **wire.arguments(iface, scope["path_params"], query, body))
                headers = None
                if iface.result == api.SESSION:
                    guid, out = out
                    headers = {"Set-GUID": f"JSESSIONID={guid}"}
                response = wire.reply(result=None if iface.result == api.NO_RESULT else out, headers=headers)
        except RetcodeRefusal as refused:
            retcode, response = refused.retcode, wire.refusal(refused)
        except ClientDisconnect:  # the client hung up while its request was read: nobody to answer
            retcode, response = wire.CLIENT_LEFT, wire.event_reply(None) if is_poll else wire.reply()
        except Exception:  # a simulator bug must not look like a gateway 500
            log.exception("simulator error in %s %s", scope["method"], scope["path"])
            retcode, response = "100-007", wire.reply("100-007")
        sim.record(scope, retcode, iface)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s %s -> %s", iface.log_name, scope["method"], scope["path"], retcode)
        await wire.send_answer(response, scope, receive, send)


def _control(handler):
    """Wrap a control handler: refusals answer in the envelope with their detail; no 500s."""

    async def endpoint(request: Request) -> JSONResponse:
        try:
            return wire.reply(result=await handler(request))
        except RetcodeRefusal as refused:
            return wire.refusal(refused, detailed=True)
        except ClientDisconnect:
            return wire.reply()  # nobody to answer
        except Exception:
            log.exception("simulator error in %s %s", request.method, request.url.path)
            return wire.reply("100-007")

    return endpoint


def _control_handlers(sim: SimulatorState) -> dict:
    model = sim.model

    async def health(request):
        return {"name": "ccgateway-simulator", "version": __version__}

    async def inbound(request):
        body = await wire.json_body(request)
        agent_id = body.get("agent_id")
        if isinstance(agent_id, int) and not isinstance(agent_id, bool):
            agent_id = str(agent_id)
        if not isinstance(agent_id, str):
            raise wire.bad("field 'agent_id' is required (a string)")
        return {"callid": model.inbound_call(agent_id, wire.text(body, "caller", DEFAULT_CALLER))}

    async def skill_call(request):
        body = await wire.json_body(request)
        skill = body.get("skill_id")
        if isinstance(skill, int) and not isinstance(skill, bool):
            skill = str(skill)
        if not isinstance(skill, str):
            raise wire.bad("field 'skill_id' is required (a string)")
        callid, agent_id = model.skill_call(skill, wire.text(body, "caller", DEFAULT_CALLER))
        return {"callid": callid, "agent_id": agent_id}

    async def agent_skills(request):
        body = await wire.json_body(request)
        model.set_skills(request.path_params["agentid"], body.get("skills"))
        return {
            "agent_id": request.path_params["agentid"],
            "skills": list(model.skills.get(request.path_params["agentid"], ())),
        }

    async def hang_up(request):
        return {"callid": request.path_params["callid"], "agents": model.hang_up(request.path_params["callid"])}

    async def number(request):
        body = await wire.json_body(request)
        behaviour = body.get("behaviour", body.get("behavior"))
        if not isinstance(behaviour, str):
            raise wire.bad('field \'behaviour\' is required: "answer", "no answer" or "busy"')
        model.set_number_behaviour(request.path_params["number"], behaviour)
        return {"number": request.path_params["number"], "behaviour": model.numbers[request.path_params["number"]]}

    async def rotate(request):
        model.rotate_guid(request.path_params["agentid"])
        sim.wake(request.path_params["agentid"])  # the waiting poll answers with the new Guid

    async def status(request):
        return model.status()

    async def reset(request):
        model.reset()
        sim.faults.clear()  # injected faults end, the idle timeout is restored

    async def requests_log(request):
        return list(sim.requests)

    async def clear_requests(request):
        sim.requests.clear()

    return {
        control.HEALTH: health,
        control.INBOUND_CALL: inbound,
        control.SKILL_CALL: skill_call,
        control.AGENT_SKILLS: agent_skills,
        control.HANG_UP: hang_up,
        control.NUMBER_BEHAVIOUR: number,
        control.ROTATE_GUID: rotate,
        control.STATUS: status,
        control.RESET: reset,
        control.REQUESTS: requests_log,
        control.CLEAR_REQUESTS: clear_requests,
    }


def create_app(model: GatewayModel | None = None, poll_wait: float = 10.0) -> Starlette:
    """The simulator app for ``model`` (a new one if None); long polls wait up to ``poll_wait`` seconds."""
    sim = SimulatorState(model if model is not None else GatewayModel(), poll_wait)

    async def not_found(request: Request) -> JSONResponse:
        if request.url.path.startswith(api.BASE_PATH):
            sim.record(request.scope, "000-002", None)
        return wire.reply("000-002", message="no such interface", status=404)

    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        unknown = exc.status_code in (404, 405)
        return wire.reply(
            "000-002", message="no such interface" if unknown else str(exc.detail), status=404 if unknown else 200
        )

    async def any_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("simulator error in %s %s", request.method, request.url.path, exc_info=exc)
        return wire.reply("100-007")

    gateway = interface_routes(lambda iface: _InterfaceEndpoint(sim, iface))
    handlers = {entry: _control(handler) for entry, handler in _control_handlers(sim).items()}
    handlers.update({entry: _control(handler) for entry, handler in faults.control_handlers(sim).items()})
    handlers.update({entry: _control(handler) for entry, handler in sessions.control_handlers(sim).items()})
    handlers.update(page_handlers())  # status page and API documentation for people (pages.py)
    missing = [entry.describe() for entry in control.ALL if entry not in handlers]
    if missing:
        raise RuntimeError(f"control requests without a handler: {missing}")
    # The control routes first: the router tries routes in turn, and the fault layer (faults.py) serves the
    # gateway's routes itself, so gateway routes are tried here only for a request of no interface.
    routes: list[Route] = [Route(entry.route, handlers[entry], methods=[entry.method]) for entry in control.ALL]
    routes.append(Route(control.BASE_PATH, handlers[control.STATUS_PAGE], methods=["GET"]))
    routes += gateway
    # Last, matching everything: a known path with the wrong method is an unknown interface too.
    routes.append(Route("/{path:path}", not_found, methods=ALL_METHODS))
    # Starlette's ExceptionHandler type takes any Exception, although its docs key handlers of a subclass by it.
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: any_error})  # type: ignore[dict-item]
    app.state.simulator = sim
    sessions.install(sim, gateway)  # open polls and the model's clock-driven rules (sessions.py)
    faults.install(app, sim, gateway)
    return app
