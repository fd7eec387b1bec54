"""Where status list credentials come from: a caller's folder or mapping, or the network.

A :class:`StatusListStore` answers ``get(url)`` with the raw status list document the
credential's ``statusListCredential`` (or ``1EdTechRevocationList`` ``id``) names:

* a **mapping** ``url -> document``: a parsed dict, JSON or JWT text, bytes, or a path;
* a **folder**: every ``*.json`` / ``*.jsonld`` / ``*.jwt`` file in it (recursively),
  each indexed by the list credential's own ``id`` (for a JWT: its ``id``, ``vc.id`` or
  ``jti``), which is the URL that ``statusListCredential`` names;
* the **network**, only when the caller allowed it (``online=True``).

When none of these has the list, :class:`StatusListUnavailable` says why, and the
verifier reports "not checked": a list that was not read never yields "not revoked".
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError, OpenBadgeError, StatusListError
from ..limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..keys.fetch import FetchPolicy

_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")
SUFFIXES = (".json", ".jsonld", ".jwt")


class StatusListUnavailable(StatusListError):
    """The status list could not be obtained (not supplied, network off or failed)."""

    code = "status_list_unavailable"


@dataclass(frozen=True)
class ListDocument:
    """A status list as obtained: a JSON object or a VC-JWT, and where it came from."""

    url: str
    origin: str  #: "mapping", "folder:<file>" or "network"
    document: dict[str, Any] | None = None
    jwt: str | None = None


def _parse_text(text: str, limits: Limits) -> dict[str, Any] | str:
    from ..safejson import loads

    stripped = text.strip().lstrip("\ufeff")
    if _JWT.match(stripped):
        return stripped
    doc = loads(stripped, limits=limits)
    if not isinstance(doc, dict):
        raise InvalidInputError("a status list must be a JSON object or a JWT")
    return doc


def _read_file(path: Path, limits: Limits) -> dict[str, Any] | str:
    try:
        if path.stat().st_size > limits.max_json_bytes:
            raise InvalidInputError(f"{path.name} is over the size limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return _parse_text(data.decode("utf-8"), limits)
    except UnicodeDecodeError:
        raise InvalidInputError(f"{path.name} is not UTF-8 text") from None


def _jwt_id(token: str, limits: Limits) -> str | None:
    from ..proofs.vc_jwt import decode_unverified

    try:
        _header, payload = decode_unverified(token, limits=limits)
    except InvalidInputError:
        return None
    vc = payload.get("vc")
    for value in (payload.get("id"), vc.get("id") if isinstance(vc, dict) else None,
                  payload.get("jti")):
        if isinstance(value, str):
            return value
    return None


def _to_document(url: str, origin: str, value: dict[str, Any] | str) -> ListDocument:
    if isinstance(value, dict):
        return ListDocument(url, origin, document=value)
    return ListDocument(url, origin, jwt=value)


class StatusListStore:
    """Status list documents by URL, from the caller's folder or mapping, or the network."""

    def __init__(self, source: Mapping[str, Any] | str | os.PathLike[str] | None = None, *,
                 online: bool = False, limits: Limits = DEFAULT_LIMITS,
                 policy: FetchPolicy | None = None) -> None:
        self.online = online
        self.policy = policy
        self.limits = limits
        self._mapping: Mapping[str, Any] | None = None
        self._folder: Path | None = None
        self._index: dict[str, tuple[str, dict[str, Any] | str]] | None = None
        if isinstance(source, Mapping):
            self._mapping = source
        elif source is not None:
            self._folder = Path(source)
        #: per-run cache of verified lists, filled by the status checker
        self.verified: dict[tuple[str, str], Any] = {}

    def _folder_index(self) -> dict[str, tuple[str, dict[str, Any] | str]]:
        if self._index is None:
            self._index = {}
            assert self._folder is not None
            for path in sorted(self._folder.rglob("*")):
                if not path.is_file() or path.suffix.lower() not in SUFFIXES:
                    continue
                try:
                    value = _read_file(path, self.limits)
                except InvalidInputError:
                    continue
                list_id = value.get("id") if isinstance(value, dict) \
                    else _jwt_id(value, self.limits)
                if isinstance(list_id, str):
                    self._index.setdefault(list_id, (path.name, value))
        return self._index

    def _from_mapping(self, url: str) -> ListDocument | None:
        assert self._mapping is not None
        if url not in self._mapping:
            return None
        value = self._mapping[url]
        if isinstance(value, dict):
            return ListDocument(url, "mapping", document=value)
        try:
            if isinstance(value, (bytes, bytearray)):
                parsed = _parse_text(bytes(value).decode("utf-8"), self.limits)
            elif isinstance(value, str) and (value.lstrip().startswith("{")
                                             or _JWT.match(value.strip())):
                parsed = _parse_text(value, self.limits)
            elif isinstance(value, (str, os.PathLike)):
                parsed = _read_file(Path(value), self.limits)
            else:
                raise InvalidInputError(f"unusable status list value ({type(value).__name__})")
        except (InvalidInputError, UnicodeDecodeError) as exc:
            raise StatusListError(f"the status list supplied for {url} is not usable: {exc}",
                                  code="status.list_not_credential") from None
        return _to_document(url, "mapping", parsed)

    def get(self, url: str) -> ListDocument:
        """The status list document for ``url``; raises StatusListUnavailable or StatusListError."""
        if self._mapping is not None:
            found = self._from_mapping(url)
            if found is not None:
                return found
        if self._folder is not None:
            hit = self._folder_index().get(url)
            if hit is not None:
                return _to_document(url, f"folder:{hit[0]}", hit[1])
        if not self.online:
            where = "in the status list folder/mapping given" if (
                self._mapping is not None or self._folder is not None) else "locally"
            raise StatusListUnavailable(
                f"status list {url} is not available {where} and network access is off")
        from .fetch import fetch_json

        try:
            doc = fetch_json(url, limits=self.limits, policy=self.policy)
        except OpenBadgeError as exc:
            raise StatusListUnavailable(f"status list {url}: {exc}") from None
        if not isinstance(doc, dict):
            raise StatusListError(f"status list {url} is not a JSON object",
                                  code="status.list_not_credential")
        return ListDocument(url, "network", document=doc)
