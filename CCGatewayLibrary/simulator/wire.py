"""What the simulator reads from a request and what it answers, in one place. Every answer is the gateway's
JSON envelope whose message is the meaning of its retcode in the catalogue (``retcodes.py``); an event poll
answers ``{"message": "", "retcode": "0", "event": ...}`` (``event`` null when empty: the shape the docs do
not confirm, see ``model.py``).

Field readers: the documents' own samples send numbers and booleans as strings (``"4"``, ``"false"``), so
both forms are accepted; any other type, a missing required field or malformed JSON is ``000-002``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import interfaces as api
from .. import validation
from ..errors import RetcodeRefusal
from ..retcodes import SIMULATOR_DETAIL, meaning_of

MAX_BODY = 64 * 1024  # bytes; no interface needs more
ABSENT = object()  # a field the request does not carry (the model's default applies)
CLIENT_LEFT = "client went away"  # the request log's entry for a request whose client disconnected
NOT_JSON_BODY = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"  # what a proxy in front answers


# ------------------------------------------------------------------------------------------ answers


class Answer(JSONResponse):
    """Starlette's JSONResponse with the same bytes, from one shared encoder: ``json.dumps`` with options
    builds a new encoder for every answer, a tenth of a poll's CPU in the simulator."""

    _encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))

    def render(self, content) -> bytes:
        return self._encoder.encode(content).encode("utf-8")


def envelope(retcode: str = "0", result=None, message: str | None = None) -> dict:
    if message is None:
        message = "success" if retcode == "0" else meaning_of(retcode)
    return {"message": message, "retcode": retcode, "result": {} if result is None else result}


def reply(retcode: str = "0", result=None, message: str | None = None, headers=None, status: int = 200) -> JSONResponse:
    return Answer(envelope(retcode, result, message), status_code=status, headers=headers)


def refusal(error: RetcodeRefusal, detailed: bool = False) -> JSONResponse:
    """The answer to a refused request; ``detailed`` (control API) adds why to the catalogue's meaning.
    A gateway interface's refusal keeps the catalogue's message and carries why in the simulator's own
    field ``simulatorDetail`` (a real gateway sends none), which the library shows marked as the simulator's."""
    message = f"{error.meaning}: {error.detail}" if detailed and error.detail else None
    answer = envelope(error.retcode, message=message)
    if error.detail and not detailed:
        answer[SIMULATOR_DETAIL] = error.detail
    return Answer(answer)


def event_reply(event: dict | None, guid: str | None = None) -> JSONResponse:
    """An event poll's answer: one event, or none (``event`` null); a rotated Guid in ``Set-GUID``."""
    headers = {"Set-GUID": f"JSESSIONID={guid}"} if guid else None
    return Answer({"message": "", "retcode": "0", "event": event}, headers=headers)


def not_json_reply() -> Response:
    return Response(NOT_JSON_BODY, media_type="text/html")


def http_error_reply(status: int) -> Response:
    return Response(f"{status} Service Unavailable", status_code=status, media_type="text/plain")


class _Cork:
    """Stands in for the connection's transport while one answer is sent (see :func:`send_answer`)."""

    __slots__ = ("parts", "closing")

    def __init__(self):
        self.parts: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.parts.append(data)

    def close(self) -> None:
        self.closing = True


async def send_answer(response: Response, scope, receive, send) -> None:
    """Send ``response`` in one write. uvicorn writes the status line and headers, then the body, each at
    once: over TLS two records and two packets, so two wake-ups of the client and two of its reads. Under
    uvicorn (its response cycle is ``send``'s object, as in :func:`client_gone`) both go to the socket
    together; elsewhere the response is sent as it is."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if cycle is None or transport is None or not hasattr(transport, "is_closing"):
        await response(scope, receive, send)
        return
    cork = cycle.transport = _Cork()
    try:
        await response(scope, receive, send)
    finally:
        cycle.transport = transport
        if cork.parts and not transport.is_closing():
            transport.write(b"".join(cork.parts))
        if cork.closing:
            transport.close()


# ------------------------------------------------------------------------------------------ requests


def client_gone(request: Request, send) -> Awaitable[bool] | bool:
    """Whether the client of a request whose body was read has disconnected. Under uvicorn its response
    cycle (``send``'s object) says so at once; elsewhere Starlette's ``request.is_disconnected()`` (an
    await under a cancelled scope, several times the cost) answers."""
    gone = getattr(getattr(send, "__self__", None), "disconnected", None)
    return gone if isinstance(gone, bool) else request.is_disconnected()


def guid_header(scope) -> str | None:
    """The request's ``Guid`` header (the first, as Starlette's ``request.headers.get("guid")``), read
    from the ASGI scope, whose header names are lower case."""
    for key, value in scope["headers"]:
        if key == b"guid":
            return value.decode("latin-1")
    return None


def bad(detail: str) -> RetcodeRefusal:
    return RetcodeRefusal("000-002", detail)


async def json_body(request: Request) -> dict:
    """The JSON object in the body; an empty body is ``{}``. Anything else is 000-002."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise bad("request body too large")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise bad("malformed JSON body") from None
    if not isinstance(data, dict):
        raise bad("the JSON body must be an object")
    return data


def text(body: Mapping, key: str, default: str | None = "") -> str:
    """A string field; ``default`` None makes it required."""
    value = body.get(key)
    if value is None:
        if default is None:
            raise bad(f"field {key!r} is required")
        return default
    return _text(key, value)


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise bad(f"field {key!r} must be a string")
    return value


def _flag(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad(f"field {key!r} must be a boolean")


def _integer(key: str, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    raise bad(f"field {key!r} must be an integer")


def _call_id(key: str, value: object) -> str:
    try:
        return validation.call_id(value, "simulator", key)
    except validation.ArgumentError as error:
        raise bad(str(error)) from None


def _addresses(key: str, items: object) -> list[tuple[str, str]]:
    """requestagentconf body (shape UNCONFIRMED): {"addresses": [{"addressType", "address"}, ...]}."""
    if not isinstance(items, list) or not items:
        raise bad(f"field {key!r} must be a non-empty list")
    pairs = []
    for item in items:
        kind = item.get("addressType") if isinstance(item, dict) else None
        if isinstance(kind, int) and not isinstance(kind, bool):
            kind = str(kind)
        if not isinstance(kind, str) or not isinstance(item.get("address"), str):
            raise bad('each address must be {"addressType": "9" or "6", "address": "<digits>"}')
        pairs.append((kind, item["address"]))
    return pairs


READERS = {api.TEXT: _text, api.FLAG: _flag, api.INTEGER: _integer, api.CALL_ID: _call_id, api.ADDRESSES: _addresses}


def read(field: api.Field, source: Mapping) -> object:
    """The field's value in ``source`` (path parameters, query parameters or the body), read by its kind;
    ABSENT when missing and the field is optional."""
    value = source.get(field.name)
    if value is None:
        if field.required:
            raise bad(f"field {field.name!r} is required")
        return ABSENT
    return READERS[field.kind](field.name, value)


def arguments(iface: api.Interface, path: Mapping, query: Mapping, body: Mapping) -> dict:
    """The keyword arguments of the interface's model method, read from the request as the table says."""
    found = {}
    for fields, source in ((iface.placeholders, path), (iface.query, query), (iface.body, body)):
        for field in fields:
            value = read(field, source)
            if value is not ABSENT and field.argument is not None:
                found[field.argument] = value
    return found
