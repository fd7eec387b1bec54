"""Suite-wide guard: no test may reach the network, except loopback servers it starts.

Every outbound ``connect`` to an address outside 127.0.0.0/8 and ::1 fails with
``NetworkBlockedError`` (and is recorded), so an accidental fetch fails the test that
made it instead of silently succeeding on a developer's machine. Unix sockets (the
PostgreSQL tests) are allowed. The ``socket_log`` fixture lets a test assert that it
opened no socket at all.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
ATTEMPTS: list[Any] = []


class NetworkBlockedError(OSError):
    """A test tried to reach a non-loopback address."""


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like
    host = address[0]
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name: only loopback literals are allowed


def _guarded(real: Any) -> Any:
    def connect(self: socket.socket, address: Any) -> Any:
        ATTEMPTS.append(address)
        if not _is_loopback(address):
            raise NetworkBlockedError(f"test tried to reach {address!r}: network is blocked")
        return real(self, address)

    return connect


socket.socket.connect = _guarded(_real_connect)  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded(_real_connect_ex)  # type: ignore[method-assign]


class SocketLog:
    """A live view of the connects attempted since the fixture was created."""

    def __init__(self) -> None:
        self._start = len(ATTEMPTS)

    def attempts(self) -> list[Any]:
        """The addresses connected to so far (loopback included)."""
        return ATTEMPTS[self._start:]

    def __len__(self) -> int:
        return len(self.attempts())

    def __iter__(self) -> Iterator[Any]:
        return iter(self.attempts())

    def __bool__(self) -> bool:
        return bool(self.attempts())

    def __eq__(self, other: object) -> bool:
        return self.attempts() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SocketLog({self.attempts()!r})"


@pytest.fixture
def socket_log() -> SocketLog:
    """Every connect attempted during the test so far (loopback included), read live."""
    return SocketLog()
