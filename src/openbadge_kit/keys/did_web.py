"""did:web: DID → HTTPS URL mapping, and a resolver that fetches only when allowed.

Mapping (NOTES 3.3): ``did:web:example.com`` → ``https://example.com/.well-known/did.json``;
``did:web:example.com:user:alice`` → ``https://example.com/user/alice/did.json``;
``did:web:example.com%3A3000:user:alice`` → ``https://example.com:3000/user/alice/did.json``.
The fetched document's ``id`` must be the DID.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ..errors import NetworkDisabledError, ResolutionError
from ..limits import DEFAULT_LIMITS, Limits
from .base import VerificationMethod
from .documents import listed_methods, method_from_document
from .online import DEFAULT_MAX_AGE, OnlineResolver

if TYPE_CHECKING:  # httpx is imported only when a fetch happens (cold start)
    import httpx

    from .fetch import FetchPolicy

# keys.fetch (and its FetchPolicy) is imported when a did:web DID is met, not when the
# resolver is built: every verification builds one, few meet a did:web issuer (cold start)

#: media types accepted for a DID document (GitHub Pages and most servers say application/json)
DID_MEDIA_TYPES = ("application/did+json", "application/did+ld+json", "application/json",
                   "application/ld+json")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A host[:port], and a path segment (compiled on first use: cold start)."""
    return (re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*"
                       r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::[0-9]{1,5})?$"),
            re.compile(r"^(?:[A-Za-z0-9._~!$&'()*+,;=@-]|%[0-9A-Fa-f]{2})+$"))


def did_web_to_url(did: str, *, scheme: str = "https") -> str:
    """The URL of the DID document of a did:web DID; ResolutionError when malformed."""
    if not isinstance(did, str) or not did.startswith("did:web:"):
        raise ResolutionError(f"not a did:web DID: {str(did)[:80]!r}")
    if len(did) > 2048 or any(c in did for c in "#?/ \t\r\n"):
        raise ResolutionError(f"malformed did:web DID {did[:80]!r}")
    host_pattern, segment_pattern = _patterns()
    segments = did[len("did:web:"):].split(":")
    host = unquote(segments[0])
    if not host_pattern.match(host) or (
            ":" in host and not 0 < int(host.rsplit(":", 1)[1]) < 65536):
        raise ResolutionError(f"did:web host {host[:80]!r} is not a valid host[:port]")
    path = segments[1:]
    for seg in path:
        if not segment_pattern.match(seg) or unquote(seg) in (".", "..") or "/" in unquote(seg):
            raise ResolutionError(f"did:web path segment {seg[:40]!r} is not allowed")
    tail = "/".join(path) if path else ".well-known"
    return f"{scheme}://{host.lower()}/{tail}/did.json"


class DidWebResolver(OnlineResolver):
    """Resolves did:web DIDs and DID URLs; fetches only when ``online`` is true.

    Offline, documents come from ``cache_dir`` (whatever their age) or resolution raises
    :class:`NetworkDisabledError`. Online, a cached document younger than ``max_age`` seconds
    is used, otherwise it is fetched with :func:`~openbadge_kit.keys.fetch.fetch_json`
    (HTTPS, size/time limits, same-host redirects only, content type checked) and cached.
    ``allow_loopback`` (tests, local development) lets ``localhost``/127.0.0.1 DIDs be fetched
    over plain HTTP; ``allow_private`` lets private addresses be fetched over HTTPS.
    """

    def __init__(
        self,
        *,
        online: bool = False,
        cache_dir: str | os.PathLike[str] | None = None,
        client: httpx.Client | None = None,
        limits: Limits = DEFAULT_LIMITS,
        allow_loopback: bool = False,
        allow_private: bool = False,
        max_age: float = DEFAULT_MAX_AGE,
        policy: FetchPolicy | None = None,
    ) -> None:
        super().__init__(online=online, cache_dir=cache_dir, client=client, limits=limits,
                         allow_loopback=allow_loopback, allow_private=allow_private,
                         max_age=max_age, policy=policy)
        self._memory: dict[str, dict[str, Any]] = {}

    def handles(self, method_id: str) -> bool:
        """Ids starting ``did:web:``."""
        return isinstance(method_id, str) and method_id.startswith("did:web:")

    def url_for(self, did: str) -> str:
        """Where the DID document of ``did`` is fetched from under this resolver's policy."""
        url = did_web_to_url(did)
        if self._policy.allow_loopback:
            import httpx  # only a loopback-allowing (test / local) policy needs the host here

            from .fetch import host_is_loopback

            if host_is_loopback(httpx.URL(url).host):
                url = "http://" + url[len("https://"):]
        return url

    def document(self, did: str) -> dict[str, Any]:
        """The DID document of ``did`` (memory, disk cache, then network when online)."""
        cached = self._memory.get(did)
        if cached is not None:
            return cached
        url = self.url_for(did)
        doc: Any = None
        if self._cache is not None:
            doc = self._cache.get(did, max_age=self._max_age if self.online else None)
        if doc is None:
            if not self.online:
                raise NetworkDisabledError(
                    f"resolving {did} needs the network (did:web, {url}); allow it with "
                    "online=True / --online, or give its DID document (--did-docs)")
            from .fetch import fetch_json

            doc = fetch_json(url, accept=DID_MEDIA_TYPES, client=self._client,
                             policy=self._policy, limits=self._limits)
            self._check(doc, did, url)
            if self._cache is not None:
                self._cache.put(did, doc)
        self._check(doc, did, url)
        self._memory[did] = doc
        return doc  # type: ignore[no-any-return]

    @staticmethod
    def _check(doc: Any, did: str, url: str) -> None:
        if not isinstance(doc, dict):
            raise ResolutionError(f"{url} is not a DID document (not a JSON object)")
        if doc.get("id") != did:
            raise ResolutionError(
                f"the DID document at {url} is for {str(doc.get('id'))[:120]!r}, not {did!r}")

    def resolve(self, method_id: str) -> VerificationMethod:
        """The verification method ``method_id`` (a did:web DID URL with a fragment)."""
        if not self.handles(method_id):
            raise ResolutionError(f"not a did:web identifier: {str(method_id)[:80]!r}")
        did = method_id.split("#", 1)[0]
        if "#" not in method_id:
            raise ResolutionError(
                f"{did!r} names no verification method (a #fragment is needed)")
        return method_from_document(self.document(did), method_id)

    def assertion_methods(self, controller: str) -> list[VerificationMethod]:
        """The methods the did:web document of ``controller`` lists under assertionMethod."""
        if not self.handles(controller) or "#" in controller:
            return []
        return listed_methods(self.document(controller))
