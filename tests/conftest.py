"""Shared test setup: every test runs against its own cache, database and config.

No test may read or write the user's real analysis cache, annotation database
or config file, and a developer's NEWSDESK_MODEL must not change results.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_newsdesk_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("newsdesk-env")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("NEWSDESK_DB", str(home / "newsdesk.json"))
    monkeypatch.setenv("NEWSDESK_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(home))
    monkeypatch.delenv("NEWSDESK_MODEL", raising=False)
    return home


# ------------------------------------------------------------------ loopback only

class NetworkAttempts:
    """Connections and name lookups a test tried beyond loopback (each one fails the test)."""

    def __init__(self):
        self.attempts: list[str] = []


def _loopback_host(host) -> bool:
    import ipaddress

    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in ("localhost", "localhost.", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Nothing in the suite reaches beyond 127.0.0.1 / ::1: a connect to another address,
    or a name lookup of another host, raises in the code under test *and* fails the test
    at teardown (code under test may catch the error; the record it leaves stays).
    Names under `.invalid` (RFC 6761: never resolve) fail as a DNS miss, unrecorded, so
    tests can exercise "host not found" without asking a real resolver."""
    import socket

    seen = NetworkAttempts()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def refuse(address) -> None:
        seen.attempts.append(repr(address))
        raise ConnectionRefusedError(f"the test suite connects only to loopback, not {address!r}")

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback_host(address[0]):
            refuse(address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback_host(address[0]):
            refuse(address)
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
        if isinstance(name, str) and name.lower().rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host is not None and not _loopback_host(host):
            refuse((host, *args[:1]))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield seen
    assert not seen.attempts, f"the test tried to reach beyond loopback: {seen.attempts}"
