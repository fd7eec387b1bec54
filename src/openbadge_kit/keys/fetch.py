"""Guarded HTTP GET of small JSON documents (DID documents, JWKs), and their on-disk cache.

Used only when the caller opted in to network access. Every fetch: HTTPS only (plain HTTP
solely to loopback, and only with ``allow_loopback``), no loopback/private/link-local
addresses unless explicitly allowed, a timeout on each operation and on the whole transfer,
at most ``limits.max_network_bytes`` read, redirects followed only within the same host, a
content-type check, and strict JSON parsing. Every failure is a :class:`NetworkError` with a
precise reason.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidInputError, NetworkError, NetworkRefusedError
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import loads

if TYPE_CHECKING:  # httpx is imported on the first fetch, not on import (cold start)
    import httpx

#: how many same-host redirects are followed
MAX_REDIRECTS = 3


@dataclass(frozen=True)
class FetchPolicy:
    """Which hosts a fetch may contact.

    ``allow_loopback`` permits 127.0.0.0/8, ::1 and ``localhost`` — over plain HTTP, since
    loopback traffic never leaves the machine (meant for tests and local development).
    ``allow_private`` permits private, link-local and other non-global addresses over HTTPS.
    """

    allow_loopback: bool = False
    allow_private: bool = False


def _is_loopback_name(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


def host_is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an IP literal) is the loopback interface."""
    if _is_loopback_name(host):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_address(ip: str, host: str, policy: FetchPolicy) -> None:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if addr.is_loopback:
        if not policy.allow_loopback:
            raise NetworkRefusedError(f"refusing to contact {host}: it is a loopback address")
        return
    if (not addr.is_global or addr.is_multicast) and not policy.allow_private:
        raise NetworkRefusedError(
            f"refusing to contact {host}: {addr} is a private or reserved address")


def check_host(host: str, policy: FetchPolicy, *, lookup: bool) -> str | None:
    """Refuse hosts the policy does not permit; ``lookup`` also checks what DNS returns.

    Returns the vetted address to connect to when a DNS lookup was made (so the connection
    goes to the address that was checked, not to a second, possibly different, DNS answer),
    else None.
    """
    if not host:
        raise NetworkRefusedError("URL has no host")
    if _is_loopback_name(host):
        if not policy.allow_loopback:
            raise NetworkRefusedError(f"refusing to contact {host}: it is a loopback address")
        return None
    bare = host.strip("[]")
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        pass
    else:
        _check_address(bare, host, policy)
        return None
    if not lookup:
        return None
    import socket  # online path only (cold start)

    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise NetworkError(f"cannot resolve host {host}: {exc}") from None
    if not infos:
        raise NetworkError(f"cannot resolve host {host}")
    for info in infos:
        _check_address(str(info[4][0]), host, policy)
    return str(infos[0][4][0]).split("%", 1)[0]


def check_url(url: str, policy: FetchPolicy, *, lookup: bool) -> tuple[httpx.URL, str | None]:
    """Parse and vet a URL under ``policy``: ``(url, vetted address or None)``."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise NetworkRefusedError(f"malformed URL {url[:120]!r}") from None
    host = parsed.host
    if parsed.scheme == "http":
        if not (policy.allow_loopback and host_is_loopback(host)):
            raise NetworkRefusedError(f"refusing plain-HTTP URL {url[:120]!r} (HTTPS required)")
    elif parsed.scheme != "https":
        raise NetworkRefusedError(f"refusing URL scheme {parsed.scheme!r} (HTTPS required)")
    if parsed.userinfo:
        raise NetworkRefusedError("refusing a URL with user information")
    return parsed, check_host(host, policy, lookup=lookup)


def fetch_json(
    url: str,
    *,
    accept: Iterable[str],
    client: httpx.Client | None = None,
    policy: FetchPolicy = FetchPolicy(),
    limits: Limits = DEFAULT_LIMITS,
) -> Any:
    """GET ``url`` and parse its JSON body, under every guard listed in the module docstring.

    ``accept`` lists the media types accepted (``Content-Type`` without parameters). When no
    ``client`` is given one is made (and the host's DNS answers are vetted too); with a
    caller's client only literal addresses and names like ``localhost`` are vetted.
    """
    import httpx

    accepted = {a.lower() for a in accept}
    own_client = client is None
    timeout = limits.network_timeout
    http = client or httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                                  trust_env=False)
    deadline = time.monotonic() + timeout
    try:
        current, pinned = check_url(url, policy, lookup=own_client)
        first_host = (current.host, current.port)
        for _ in range(MAX_REDIRECTS + 1):
            body, location = _get_once(http, current, pinned, accepted, limits, deadline)
            if location is None:
                try:
                    return loads(body, limits=limits)
                except InvalidInputError as exc:
                    raise NetworkError(f"{current} did not return valid JSON: "
                                       f"{exc.message}") from None
            target, pinned = check_url(urljoin(str(current), location), policy,
                                       lookup=own_client)
            if (target.host, target.port) != first_host:
                raise NetworkError(
                    f"{current} redirects to another host ({target.host}); refused")
            current = target
        raise NetworkError(f"{url} redirects more than {MAX_REDIRECTS} times")
    finally:
        if own_client:
            http.close()


def _get_once(http: httpx.Client, url: httpx.URL, pinned: str | None, accepted: set[str],
              limits: Limits, deadline: float) -> tuple[bytes, str | None]:
    """One GET: (body, None) on success, (b"", location) on a redirect; NetworkError.

    With ``pinned``, the connection goes to that vetted address while the ``Host`` header,
    TLS SNI and certificate check still use the URL's host name (no DNS rebinding).
    """
    import httpx

    max_bytes = limits.max_network_bytes
    headers = {"Accept": ", ".join(sorted(accepted))}
    target = url
    extensions: dict[str, Any] = {}
    if pinned is not None:
        target = url.copy_with(host=pinned)
        headers["Host"] = url.netloc.decode("ascii")
        extensions["sni_hostname"] = url.host
    try:
        with http.stream("GET", target, headers=headers, extensions=extensions,
                         follow_redirects=False,
                         timeout=httpx.Timeout(limits.network_timeout)) as resp:
            if resp.status_code in (301, 302, 303, 307, 308):
                location = resp.headers.get("location")
                if not location:
                    raise NetworkError(f"{url} answered {resp.status_code} without Location")
                return b"", location
            if resp.status_code != 200:
                raise NetworkError(f"{url} answered HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if ctype not in accepted:
                raise NetworkError(
                    f"{url} returned content type {ctype or 'none'!r}; expected one of "
                    f"{', '.join(sorted(accepted))}")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise NetworkError(
                    f"{url} response is {declared} bytes, over the limit of {max_bytes}")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise NetworkError(f"{url} response is over the limit of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise NetworkError(f"{url} took longer than {limits.network_timeout} s")
                chunks.append(chunk)
            return b"".join(chunks), None
    except httpx.TimeoutException:
        raise NetworkError(f"{url} timed out after {limits.network_timeout} s") from None
    except httpx.HTTPError as exc:
        raise NetworkError(f"fetching {url} failed: {type(exc).__name__}: {exc}") from None


class DiskCache:
    """A folder of fetched JSON documents, one file per URL (named by its SHA-256).

    Entries record when they were fetched. Files are written atomically (temporary file, then
    ``os.replace``); an unreadable entry counts as absent.
    """

    def __init__(self, folder: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
                 ) -> None:
        self.folder = Path(folder)
        self._limits = limits

    def _path(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")

    def get(self, key: str, *, max_age: float | None = None) -> Any | None:
        """The cached value of ``key``, if present (and younger than ``max_age`` seconds)."""
        path = self._path(key)
        try:
            entry = loads(path.read_bytes(), limits=self._limits)
        except (OSError, InvalidInputError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        fetched = entry.get("fetchedAt")
        if max_age is not None and (not isinstance(fetched, (int, float))
                                    or time.time() - fetched > max_age):
            return None
        return entry.get("value")

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` for ``key`` (atomic replace)."""
        from ..atomic import write_atomic  # only a fetch stores (cold start)

        data = json.dumps({"key": key, "fetchedAt": time.time(), "value": value},
                          ensure_ascii=False)
        write_atomic(self._path(key), data, mode=0o600, make_parents=True)


def url_origin(url: str) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, lower-cased; None for anything else."""
    try:
        parts = urlsplit(url)
        port_number = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    port = f":{port_number}" if port_number else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"
