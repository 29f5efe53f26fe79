"""Masking of secrets for logs: a Guid or password is never written in full, at any log level."""

from __future__ import annotations


def mask(secret: str | None, keep: int = 4) -> str:
    """``'279fe21d-2caa-...AgentGateway0'`` -> ``'279f…(44 chars)'``; enough to tell two Guids apart."""
    if not secret:
        return "<none>"
    if len(secret) <= keep * 2:
        return "*" * len(secret)
    return f"{secret[:keep]}…({len(secret)} chars)"
