"""Masking of secrets for logs: a Guid or password is never written in full, at any log level."""

from __future__ import annotations


def mask(secret: str | None, keep: int = 4) -> str:
    """``'279fe21d-2caa-...AgentGateway0'`` -> ``'279f…(44 chars)'``; enough to tell two Guids apart."""
    if not secret:
        return "<none>"
    if len(secret) <= keep * 2:
        return "*" * len(secret)
    return f"{secret[:keep]}…({len(secret)} chars)"


def safe_url(url: str) -> str:
    """The URL without user name or password: ``https://user:pw@host:8043`` -> ``https://***@host:8043``.
    Credentials in a gateway or proxy URL never reach a message or log."""
    scheme, sep, rest = str(url).partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        authority = "***@" + authority.rpartition("@")[2]
    return f"{scheme}://{authority}{slash}{path}"
