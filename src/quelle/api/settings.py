"""How one server is set up: who may reach it, what it accepts. Shared by the app and `quelle serve`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

DEFAULT_MAX_BODY = 10 * 1024 * 1024
DEFAULT_ANALYZE_TIMEOUT = 30.0
DEFAULT_ANALYZE_MEMORY_MB = 1024  # as ingest's --max-memory
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """Whether an address to listen on reaches this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """``allowed_hosts``: Host header names served (others get 400); ``token``: the bearer token
    POST /api/analyze needs (required unless ``loopback_only``); limits for request bodies and analyses."""

    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    token: str | None = None
    loopback_only: bool = True
    max_body: int = DEFAULT_MAX_BODY
    analyze_timeout: float = DEFAULT_ANALYZE_TIMEOUT
    analyze_max_memory: int = DEFAULT_ANALYZE_MEMORY_MB
    extra_headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_listening(cls, host: str, *, allowed_hosts: list[str] | None = None, token: str | None = None,
                      max_body: int = DEFAULT_MAX_BODY,
                      analyze_timeout: float = DEFAULT_ANALYZE_TIMEOUT,
                      analyze_max_memory: int = DEFAULT_ANALYZE_MEMORY_MB) -> ServeSettings:
        """The defaults for a server on ``host``: that name, localhost and 127.0.0.1 are allowed."""
        hosts = list(allowed_hosts or []) or [host, *LOOPBACK_NAMES]
        names = tuple(dict.fromkeys(h.strip().lower().strip("[]") for h in hosts if h.strip()))
        return cls(allowed_hosts=names, token=token or None, loopback_only=is_loopback(host), max_body=max_body,
                   analyze_timeout=analyze_timeout, analyze_max_memory=analyze_max_memory)
