"""CCGatewayLibrary: Robot Framework keywords for the agent REST API of Huawei's CC-Gateway."""

from .version import __version__

__all__ = ["CCGatewayLibrary", "__version__"]


def __getattr__(name):  # the keyword layer imports Robot Framework; the client and simulator do not
    if name == "CCGatewayLibrary":
        from .library import CCGatewayLibrary

        return CCGatewayLibrary
    raise AttributeError(name)
