"""Routes of the gateway interfaces, built from ``interfaces.ALL``: each carries its :class:`Interface`, so a
request is matched once (by the fault layer in front of the app, ``faults.py``) and then served and matched
against injected faults by that entry."""

from __future__ import annotations

from starlette.routing import Match, Route
from starlette.types import Scope

from .. import interfaces as api


class InterfaceRoute(Route):
    def __init__(self, interface: api.Interface, endpoint):
        super().__init__(interface.route, endpoint, methods=[interface.method])
        assert self.methods is not None  # set from methods= above
        self.methods.discard("HEAD")  # Starlette adds HEAD to GET routes: a HEAD poll would eat an event
        self.interface = interface


def interface_routes(endpoint_for) -> list[InterfaceRoute]:
    """One route per interface; ``endpoint_for(interface)`` gives its endpoint."""
    return [InterfaceRoute(iface, endpoint_for(iface)) for iface in api.ALL]


def match(routes: list[InterfaceRoute], scope: Scope) -> tuple[InterfaceRoute | None, Scope]:
    """The route that serves this request and its child scope (path parameters), or (None, {}).

    Only the routes of the request's method and resource (``voicecall``, ``agentevent``, ...) are tried:
    trying every route's pattern in turn cost a tenth of the simulator's CPU with thousands of agents."""
    for route in _candidates(routes, scope.get("method", ""), scope.get("path", "")):
        found, child = route.matches(scope)
        if found is Match.FULL:
            return route, child
    return None, {}


_INDEXES: dict[int, tuple[list, dict[tuple[str, str], list[InterfaceRoute]]]] = {}


def _resource(path: str) -> str:
    """``/agentgateway/resource/voicecall/101/release`` -> ``voicecall``."""
    return path[len(api.BASE_PATH) + 1 :].split("/", 1)[0] if path.startswith(api.BASE_PATH + "/") else ""


def _candidates(routes: list[InterfaceRoute], method: str, path: str) -> list[InterfaceRoute]:
    kept = _INDEXES.get(id(routes))
    if kept is None or kept[0] is not routes:  # built once per list of routes (a list per app)
        index: dict[tuple[str, str], list[InterfaceRoute]] = {}
        for route in routes:
            for route_method in route.methods or ():
                index.setdefault((route_method, _resource(route.path)), []).append(route)
        kept = _INDEXES[id(routes)] = (routes, index)
    return kept[1].get((method, _resource(path)), [])


async def _unserved(request):  # routes used only to identify requests
    raise NotImplementedError


_IDENTIFY = interface_routes(lambda iface: _unserved)


def identify(method: str, path: str) -> tuple[api.Interface | None, str | None]:
    """(interface, agent ID) of a gateway request, or (None, None) for an unknown route."""
    route, child = match(_IDENTIFY, {"type": "http", "method": method, "path": path, "root_path": ""})
    return (route.interface, child["path_params"]["agentid"]) if route else (None, None)
