"""Fetching status lists, revocation lists and JSON Schemas, only when the caller allowed it.

A thin layer over :func:`openbadge_kit.keys.fetch.fetch_json`, which applies every
network guard (HTTPS only, no private addresses, same-host redirects, timeouts, size
cap, strict JSON); this module only names the media types these documents come as.
Every failure is a :class:`~openbadge_kit.errors.NetworkError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..keys.fetch import FetchPolicy

#: media types accepted for status lists, revocation lists and schemas
ACCEPT = ("application/vc+ld+json", "application/vc", "application/ld+json",
          "application/json", "application/schema+json", "text/plain")


def fetch_json(url: str, *, limits: Limits = DEFAULT_LIMITS,
               policy: FetchPolicy | None = None) -> Any:
    """The JSON document at ``url`` (guarded GET; raises NetworkError)."""
    from ..keys.fetch import FetchPolicy
    from ..keys.fetch import fetch_json as guarded_fetch

    return guarded_fetch(url, accept=ACCEPT, policy=policy or FetchPolicy(), limits=limits)
