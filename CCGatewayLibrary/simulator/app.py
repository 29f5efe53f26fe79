"""The simulator's HTTP face: a Starlette app answering every interface of ``interfaces.ALL`` (routes
built from that table) plus a small control API under ``/simulator``.

Every answer is HTTP 200 with the gateway's JSON envelope, except an unknown route (HTTP 404, retcode
000-002). The model is only touched from the event-loop thread; a long poll waits on a per-agent
``asyncio.Event`` that the model's ``notify`` hook sets when events are queued or the session ends.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import interfaces, validation
from ..retcodes import meaning_of
from ..version import __version__
from . import faults, sessions
from .model import DEFAULT_CALLER, GatewayFault, GatewayModel
from .pages import page_routes

log = logging.getLogger("CCGatewayLibrary.simulator")

MAX_BODY = 64 * 1024  # bytes; no interface needs more
MAX_REQUESTS = 10_000  # entries kept by GET /simulator/requests
ALL_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]  # Starlette adds HEAD to GET


def _envelope(retcode: str = "0", result=None, message: str | None = None) -> dict:
    if message is None:
        message = "success" if retcode == "0" else meaning_of(retcode)
    return {"message": message, "retcode": retcode, "result": {} if result is None else result}


def _reply(retcode: str = "0", result=None, message: str | None = None, headers=None,
           status: int = 200) -> JSONResponse:
    return JSONResponse(_envelope(retcode, result, message), status_code=status, headers=headers)


def _bad(detail: str) -> GatewayFault:
    return GatewayFault("000-002", detail)


async def _json_body(request: Request) -> dict:
    """The JSON object in the body; an empty body is ``{}``. Anything else is 000-002."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise _bad("request body too large")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise _bad("malformed JSON body") from None
    if not isinstance(data, dict):
        raise _bad("the JSON body must be an object")
    return data


# Field readers: the documents' own samples send numbers and booleans as strings ("4", "false"), so
# both forms are accepted; any other type is 000-002.

def _text(body: dict, key: str, default: str | None = "") -> str:
    value = body.get(key)
    if value is None:
        if default is None:
            raise _bad(f"field {key!r} is required")
        return default
    if not isinstance(value, str):
        raise _bad(f"field {key!r} must be a string")
    return value


def _flag(body: dict, key: str, default: bool) -> bool:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _bad(f"field {key!r} must be a boolean")


def _int(body: dict, key: str, default: int) -> int:
    value = body.get(key)
    if value is None:
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    raise _bad(f"field {key!r} must be an integer")


def _call_id(value: str | None, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    try:
        return validation.call_id(value, "simulator", "callid")
    except validation.ArgumentError as error:
        raise _bad(str(error)) from None


def _addresses(body: dict) -> list[tuple[str, str]]:
    """requestagentconf body (shape UNCONFIRMED): {"addresses": [{"addressType", "address"}, ...]}."""
    items = body.get("addresses")
    if not isinstance(items, list) or not items:
        raise _bad("field 'addresses' must be a non-empty list")
    pairs = []
    for item in items:
        kind = item.get("addressType") if isinstance(item, dict) else None
        if isinstance(kind, int) and not isinstance(kind, bool):
            kind = str(kind)
        if not isinstance(kind, str) or not isinstance(item.get("address"), str):
            raise _bad("each address must be {\"addressType\": \"9\" or \"6\", \"address\": \"<digits>\"}")
        pairs.append((kind, item["address"]))
    return pairs


class _Call:
    """What an operation may read from the request."""

    __slots__ = ("body", "query", "path")

    def __init__(self, body: dict, query, path: dict):
        self.body, self.query, self.path = body, query, path


def _sign_in(model: GatewayModel, agent_id: str, r: _Call, force: bool):
    b = r.body
    guid, result = model.sign_in(
        agent_id, password=_text(b, "password"), phonenum=_text(b, "phonenum"), status=_int(b, "status", 4),
        phonelinkage=_flag(b, "phonelinkage", False), autoanswer=_flag(b, "autoanswer", True),
        autoenteridle=_flag(b, "autoenteridle", True), force=force)
    return result, {"Set-GUID": f"JSESSIONID={guid}"}


def _no_result(_value) -> None:
    return None  # the confId reaches the chair in its events; the interface's result stays {}


# Operation per interface, by its log name. Each returns the result (None = {}), or (result, headers).
OPERATIONS = {
    "login": lambda m, a, r: _sign_in(m, a, r, force=False),
    "forceLogin": lambda m, a, r: _sign_in(m, a, r, force=True),
    "logout": lambda m, a, r: m.sign_out(a),
    "forceLogout": lambda m, a, r: m.sign_out(a, force=True),
    "getAgentStatus": lambda m, a, r: m.agent_status(a),
    "callout": lambda m, a, r: m.call_out(a, _text(r.body, "called", None), _text(r.body, "caller")),
    "answer": lambda m, a, r: m.answer(a, _call_id(r.query.get("callid"))),
    "hold": lambda m, a, r: m.hold(a),
    "getHold": lambda m, a, r: m.retrieve(a, _call_id(r.query.get("callid"))),
    "confJoin": lambda m, a, r: m.conf_join(a, _call_id(_text(r.body, "callid", None), required=True)),
    "innerHelp": lambda m, a, r: m.inner_help(a, _text(r.body, "dstaddress", None), _int(r.body, "devicetype", 2),
                                              _int(r.body, "mode", 1)),
    "requestAgentConf": lambda m, a, r: _no_result(m.request_agent_conf(a, _addresses(r.body))),
    "connectHold": lambda m, a, r: m.connect_hold(a, _call_id(r.path["callid"], required=True)),
    "release": lambda m, a, r: m.release(a),
    "releaseEx": lambda m, a, r: m.release(a),
    "disconnect": lambda m, a, r: m.disconnect(a, r.path["number"]),
    "phonehangup": lambda m, a, r: m.phone_hangup(a),
    "releaseAgentConf": lambda m, a, r: m.release_agent_conf(a),
    "answerAgentConf": lambda m, a, r: m.answer_agent_conf(a),
    "requestLeaveAgentConf": lambda m, a, r: m.leave_agent_conf(a),
    "queryCallInfo": lambda m, a, r: m.call_info(
        a, include_last=r.query.get("isNoContainLastCall", "").lower() != "true"),
    "queryHoldListInfo": lambda m, a, r: m.hold_list(a),
}
_WITH_BODY = {"login", "forceLogin", "callout", "confJoin", "innerHelp", "requestAgentConf"}
_NO_GUID = {"login", "forceLogin"}


class SimulatorState:
    """Per-app state: the model, the long-poll wakers and the request log. Reached as ``app.state.simulator``."""

    def __init__(self, model: GatewayModel, poll_wait: float):
        self.model = model
        self.poll_wait = poll_wait
        self.wakers: dict[str, asyncio.Event] = {}
        self.requests: deque = deque(maxlen=MAX_REQUESTS)
        self.closing = False
        model.notify = self.wake
        self.faults = faults.FaultInjector(self)  # injected faults and idle sign-out (faults.py)

    def wake(self, agent_id: str) -> None:
        waker = self.wakers.pop(agent_id, None)  # popped: the next wait gets a fresh Event
        if waker is not None:
            waker.set()

    def close(self) -> None:
        """Server stopping: every waiting poll answers now (empty), so shutdown is quick."""
        self.closing = True
        for waker in self.wakers.values():
            waker.set()
        self.wakers.clear()

    def record(self, request: Request, retcode: str, interface: str | None, poll: bool = False) -> None:
        self.requests.append({"method": request.method, "path": request.url.path,
                              "query": request.url.query, "interface": interface, "retcode": retcode,
                              "poll": poll})

    async def poll(self, request: Request, agent) -> JSONResponse | None:
        """Pop one event, waiting up to ``poll_wait`` for one; None if the client went away meanwhile."""
        model, agent_id = self.model, agent.agent_id
        async for _ in request.stream():  # drain the body, so is_disconnected() below sees only a disconnect
            pass
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.poll_wait
        waited = False
        while True:
            if model.session(agent_id) is not agent:
                raise GatewayFault("100-006", "signed out while polling")
            if agent.events or self.closing or loop.time() >= deadline:
                break
            waker = self.wakers.get(agent_id)
            if waker is None:
                waker = self.wakers[agent_id] = asyncio.Event()
            try:
                await asyncio.wait_for(waker.wait(), deadline - loop.time())
            except asyncio.TimeoutError:
                pass
            waited = True
        if waited and await request.is_disconnected():
            return None  # keep the event (and the Guid) for the next poll
        event = self.faults.deliver(agent, model.next_event(agent))
        guid = model.poll_guid(agent)
        headers = {"Set-GUID": f"JSESSIONID={guid}"} if guid else None
        return JSONResponse({"message": "", "retcode": "0", "event": event}, headers=headers)


def _agent_endpoint(sim: SimulatorState, iface: interfaces.Interface):
    operation = OPERATIONS.get(iface.log_name)
    is_poll = iface is interfaces.AGENT_EVENT

    async def endpoint(request: Request) -> JSONResponse:
        retcode, response = "0", None
        try:
            try:
                agent_id = validation.agent_id(request.path_params["agentid"], iface.agent_range, iface.label)
            except validation.ArgumentError as error:
                raise _bad(str(error)) from None
            if iface.log_name not in _NO_GUID:
                agent = sim.model.authenticate(agent_id, request.headers.get("guid"))
            if is_poll:
                response = await sim.poll(request, agent)
                if response is None:  # nobody to answer; the event stays queued
                    response = JSONResponse({"message": "", "retcode": "0", "event": None})
            elif operation is None:
                raise GatewayFault("100-007", f"{iface.log_name} is not simulated")
            else:
                body = await _json_body(request) if iface.log_name in _WITH_BODY else {}
                out = operation(sim.model, agent_id, _Call(body, request.query_params, request.path_params))
                result, headers = out if isinstance(out, tuple) else (out, None)
                response = _reply(result=result, headers=headers)
        except GatewayFault as fault:
            retcode, response = fault.retcode, _reply(fault.retcode)
        except Exception:  # a simulator bug must not look like a gateway 500
            log.exception("simulator error in %s %s", request.method, request.url.path)
            retcode, response = "100-007", _reply("100-007")
        sim.record(request, retcode, iface.log_name, poll=is_poll)
        log.debug("%s %s %s -> %s", iface.log_name, request.method, request.url.path, retcode)
        return response

    return endpoint


def _control(handler):
    """Wrap a control handler: faults answer in the envelope with their detail; no 500s."""

    async def endpoint(request: Request) -> JSONResponse:
        try:
            return _reply(result=await handler(request))
        except GatewayFault as fault:
            detail = f"{fault.meaning}: {fault.detail}" if fault.detail else fault.meaning
            return _reply(fault.retcode, message=detail)
        except Exception:
            log.exception("simulator error in %s %s", request.method, request.url.path)
            return _reply("100-007")

    return endpoint


def _control_routes(sim: SimulatorState) -> list[Route]:
    model = sim.model

    async def health(request):
        return {"name": "ccgateway-simulator", "version": __version__}

    async def inbound(request):
        body = await _json_body(request)
        agent_id = body.get("agent_id")
        if isinstance(agent_id, int) and not isinstance(agent_id, bool):
            agent_id = str(agent_id)
        if not isinstance(agent_id, str):
            raise _bad("field 'agent_id' is required (a string)")
        return {"callid": model.inbound_call(agent_id, _text(body, "caller", DEFAULT_CALLER))}

    async def hang_up(request):
        model.hang_up(request.path_params["callid"])

    async def number(request):
        body = await _json_body(request)
        behaviour = body.get("behaviour", body.get("behavior"))
        if not isinstance(behaviour, str):
            raise _bad("field 'behaviour' is required: \"answer\", \"no answer\" or \"busy\"")
        model.set_number_behaviour(request.path_params["number"], behaviour)
        return {"number": request.path_params["number"], "behaviour": model.numbers[request.path_params["number"]]}

    async def rotate(request):
        model.rotate_guid(request.path_params["agentid"])

    async def status(request):
        return model.status()

    async def reset(request):
        model.reset()
        sim.faults.clear()  # injected faults end, the idle timeout is restored

    async def requests_log(request):
        if request.method == "DELETE":
            sim.requests.clear()
            return None
        return list(sim.requests)

    c = _control
    return [
        Route("/simulator/health", c(health), methods=["GET"]),
        Route("/simulator/inbound-calls", c(inbound), methods=["POST"]),
        Route("/simulator/calls/{callid}/hang-up", c(hang_up), methods=["POST"]),
        Route("/simulator/numbers/{number}", c(number), methods=["PUT"]),
        Route("/simulator/agents/{agentid}/rotate-guid", c(rotate), methods=["POST"]),
        Route("/simulator/status", c(status), methods=["GET"]),
        Route("/simulator/reset", c(reset), methods=["POST"]),
        Route("/simulator/requests", c(requests_log), methods=["GET", "DELETE"]),
    ]


def create_app(model: GatewayModel | None = None, poll_wait: float = 10.0) -> Starlette:
    """The simulator app for ``model`` (a new one if None); long polls wait up to ``poll_wait`` seconds."""
    sim = SimulatorState(model if model is not None else GatewayModel(), poll_wait)

    async def not_found(request: Request) -> JSONResponse:
        if request.url.path.startswith(interfaces.BASE_PATH):
            sim.record(request, "000-002", None)
        return _reply("000-002", message="no such interface", status=404)

    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _reply("000-002", message="no such interface" if exc.status_code in (404, 405) else str(exc.detail),
                      status=404 if exc.status_code in (404, 405) else 200)

    async def any_error(request: Request, exc: Exception) -> JSONResponse:
        log.error("simulator error in %s %s", request.method, request.url.path, exc_info=exc)
        return _reply("100-007")

    routes = [Route(interfaces.BASE_PATH + iface.template, _agent_endpoint(sim, iface), methods=[iface.method])
              for iface in interfaces.ALL]
    for route in routes:
        route.methods.discard("HEAD")  # Starlette adds HEAD to GET routes: a HEAD poll would eat an event
    routes += _control_routes(sim)
    routes += faults.control_routes(sim, _control)
    routes += sessions.control_routes(sim, _control)
    routes += page_routes()  # status page and API documentation for people (pages.py)
    # Last, matching everything: a known path with the wrong method is an unknown interface too.
    routes.append(Route("/{path:path}", not_found, methods=ALL_METHODS))
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: any_error})
    app.state.simulator = sim
    sessions.install(app, sim)  # open polls and the model's clock-driven behaviour (sessions.py)
    faults.install(app, sim)
    return app
