"""What a verification run is told by its caller: clock, keys, status lists, trust, network.

:class:`VerifyOptions` is built once per :func:`~openbadge_kit.verify.verify` or
:func:`~openbadge_kit.verify.verify_many` call and shared by every credential (and every
endorsement) checked in that call, so folders of DID documents and status lists are read
once.  It holds only picklable data, so worker processes can rebuild it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError
from ..keys.base import Resolver
from ..limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..keys.fetch import FetchPolicy

#: status_lists / did_documents / trust may be given as one of these
PathLike = str | os.PathLike[str]


@dataclass
class VerifyOptions:
    """Settings of one verification run (see :func:`openbadge_kit.verify.verify`)."""

    now: datetime
    recipient: str | None = None
    resolver: Resolver | None = None
    did_documents: Mapping[str, Any] | PathLike | None = None
    #: pinned issuer key sets for VC-JWTs: a mapping JWKS URL -> JWK Set document
    jwks: Any = None
    status_lists: Mapping[str, Any] | PathLike | None = None
    trust: frozenset[str] | None = None
    online: bool = False
    skew_seconds: float = 300
    limits: Limits = DEFAULT_LIMITS
    #: which hosts online fetches may contact (tests allow loopback); None = the default
    fetch_policy: FetchPolicy | None = None
    #: caches filled while verifying (resolver, status store); not part of the settings
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def get_resolver(self) -> Resolver:
        """The caller's resolver, or the library's default one built from these settings."""
        if self.resolver is not None:
            return self.resolver
        cached = self._cache.get("resolver")
        if cached is None:
            from ..keys.resolvers import default_resolver

            cached = default_resolver(online=self.online, did_documents=self.did_documents,
                                      jwks=self.jwks, limits=self.limits)
            self._cache["resolver"] = cached
        resolver: Resolver = cached
        return resolver

    def get_status_store(self) -> Any:
        """The :class:`~openbadge_kit.status.store.StatusListStore` of this run."""
        store = self._cache.get("status_store")
        if store is None:
            from ..status.store import StatusListStore

            store = StatusListStore(self.status_lists, online=self.online, limits=self.limits,
                                    policy=self.fetch_policy)
            self._cache["status_store"] = store
        return store

    def for_pickling(self) -> VerifyOptions:
        """A copy without caches, to send to a worker process."""
        return VerifyOptions(self.now, self.recipient, self.resolver, self.did_documents,
                             self.jwks, self.status_lists, self.trust, self.online,
                             self.skew_seconds, self.limits, self.fetch_policy)


def _as_aware(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    if not isinstance(now, datetime):
        raise InvalidInputError("now must be a datetime", code="verify_option_invalid")
    if now.tzinfo is None:
        raise InvalidInputError("now must be timezone-aware (e.g. datetime.now(timezone.utc))",
                                code="verify_option_invalid")
    return now


def _trust(value: Iterable[str] | PathLike | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(f"cannot read trust list {path}: {exc}",
                                    code="verify_option_invalid") from None
        return frozenset(_trust_lines(text))
    items = list(value)
    if not all(isinstance(i, str) for i in items):
        raise InvalidInputError("trust must hold issuer ids (strings)",
                                code="verify_option_invalid")
    return frozenset(i.strip() for i in items if i.strip())


def _trust_lines(text: str) -> list[str]:
    """Issuer ids from a trust file: JSON (a list, or an object with ``issuers``) or lines."""
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        from .. import safejson

        doc = safejson.loads(text)
        items = doc.get("issuers", []) if isinstance(doc, dict) else doc
        if not isinstance(items, list):
            raise InvalidInputError("trust file: expected a list of issuer ids",
                                    code="verify_option_invalid")
        out = []
        for item in items:
            if isinstance(item, dict):
                item = item.get("id")
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
        return out
    # one id per line; '#' starts a comment only at the start of a line (ids hold fragments)
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def build_options(
    *,
    now: datetime | None = None,
    recipient: str | None = None,
    resolver: Resolver | None = None,
    did_documents: Mapping[str, Any] | PathLike | None = None,
    jwks: Any = None,
    status_lists: Mapping[str, Any] | PathLike | None = None,
    trust: Iterable[str] | PathLike | None = None,
    online: bool = False,
    skew_seconds: float = 300,
    limits: Limits = DEFAULT_LIMITS,
    fetch_policy: FetchPolicy | None = None,
) -> VerifyOptions:
    """Check the caller's settings (and the trust file they name).

    ``fetch_policy`` says which hosts online fetches may reach (default: public HTTPS
    hosts only; tests allow loopback).  Raises
    :class:`~openbadge_kit.errors.InvalidInputError` (code ``verify_option_invalid``)
    for wrong settings: that is the caller's mistake, not a hostile credential.
    """
    if recipient is not None and not isinstance(recipient, str):
        raise InvalidInputError("recipient must be a string", code="verify_option_invalid")
    if did_documents is not None and not isinstance(did_documents, Mapping) \
            and not Path(did_documents).is_dir():
        raise InvalidInputError(f"DID document folder not found: {did_documents}",
                                code="verify_option_invalid")
    if status_lists is not None and not isinstance(status_lists, (Mapping, str, os.PathLike)):
        raise InvalidInputError("status_lists must be a folder or a mapping url -> list",
                                code="verify_option_invalid")
    if status_lists is not None and not isinstance(status_lists, Mapping) \
            and not Path(status_lists).is_dir():
        raise InvalidInputError(f"status list folder not found: {status_lists}",
                                code="verify_option_invalid")
    return VerifyOptions(
        now=_as_aware(now),
        recipient=recipient,
        resolver=resolver,
        did_documents=did_documents,
        jwks=jwks,
        status_lists=status_lists,
        trust=_trust(trust),
        online=bool(online),
        skew_seconds=float(skew_seconds),
        limits=limits,
        fetch_policy=fetch_policy,
    )
