"""The suite-wide network guard itself (tests/conftest.py)."""

import socket

import pytest


@pytest.mark.parametrize("address", [("192.0.2.1", 443), ("10.0.0.1", 80), ("example.org", 443)])
def test_guard_blocks_non_loopback(address: tuple[str, int], socket_log: object) -> None:
    assert socket_log == []
    s = socket.socket()
    try:
        with pytest.raises(OSError, match="network is blocked"):
            s.connect(address)
    finally:
        s.close()
    assert socket_log == [address]  # the log is live: the attempt shows at once


def test_guard_lets_loopback_through() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket()
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()
