"""What every resolver that may fetch over the network shares: its switches and caches.

:class:`OnlineResolver` holds whether fetching is allowed, the HTTP client, the limits,
the on-disk cache and the fetch policy (built on first use, so that offline verification
never imports the network code). did:web and JWKS resolvers build on it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:  # httpx and keys.fetch are imported only when a fetch happens
    import httpx

    from .fetch import DiskCache, FetchPolicy

#: how long a cached network document is reused while online, in seconds
DEFAULT_MAX_AGE = 3600.0


class OnlineResolver:
    """Network switches, cache and policy of a resolver that fetches only when allowed.

    ``online`` allows fetching; offline, only ``cache_dir`` (any age) answers.
    ``allow_loopback`` (tests, local development) and ``allow_private`` relax the default
    policy (public HTTPS hosts only) when no explicit ``policy`` is given.
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
        self.online = online
        self._client = client
        self._limits = limits
        self._given_policy = policy
        self._allow = (allow_loopback, allow_private)
        self._cache: DiskCache | None = None
        if cache_dir is not None:
            from .fetch import DiskCache

            self._cache = DiskCache(cache_dir, limits=limits)
        self._max_age = max_age

    @property
    def _policy(self) -> FetchPolicy:
        """The policy given, else one made of ``allow_loopback`` / ``allow_private``."""
        if self._given_policy is None:
            from .fetch import FetchPolicy

            self._given_policy = FetchPolicy(allow_loopback=self._allow[0],
                                             allow_private=self._allow[1])
        return self._given_policy
