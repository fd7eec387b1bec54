"""The status list credential an issuer publishes (W3C Bitstring Status List v1.0).

The registry knows which credentials are revoked or suspended; this module turns that
into the unsigned ``BitstringStatusListCredential`` for one list, and writes signed lists
to disk atomically.  Signing is the issuer's (same key, same proof format as its
credentials).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..atomic import write_atomic
from ..dates import format_datetime
from ..errors import IssuanceError
from ..status.bitstring import encode_bitstring, set_bit
from .credential import VC_V2_CONTEXT
from .registry import Registry


def build_status_list_credential(
    registry: Registry,
    list_id: str,
    *,
    issuer_id: str,
    issued_at: datetime,
    valid_for_seconds: int | None = None,
) -> dict[str, Any]:
    """The unsigned status list credential of ``list_id`` as the registry has it now.

    Its ``id`` is the list URL (what each entry's ``statusListCredential`` names), its
    subject ``<list URL>#list`` with the list's ``statusPurpose`` and ``encodedList``.
    ``valid_for_seconds`` sets ``validUntil`` (and ``ttl``) so relying parties refetch.
    """
    info = registry.get_list(list_id)
    bits = bytearray(info.size // 8)
    for index in registry.set_bits(list_id):
        set_bit(bits, index)
    subject: dict[str, Any] = {
        "id": f"{list_id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": info.purpose,
        "encodedList": encode_bitstring(bytes(bits)),
    }
    start = issued_at.replace(microsecond=0)
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": format_datetime(start),
        "credentialSubject": subject,
    }
    if valid_for_seconds is not None:
        if valid_for_seconds <= 0:
            raise IssuanceError("valid_for_seconds must be positive", code="status_list_ttl")
        credential["validUntil"] = format_datetime(start + timedelta(seconds=valid_for_seconds))
        subject["ttl"] = valid_for_seconds * 1000
    return credential


def status_list_filename(list_id: str, *, jwt: bool = False) -> str:
    """A file name for the list at ``list_id``: its last path segment, made safe."""
    path = urlsplit(list_id).path or list_id
    last = path.rstrip("/").rsplit("/", 1)[-1] or "status-list"
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in last).strip(".") or "list"
    suffix = ".jwt" if jwt else ".json"
    return safe if safe.endswith(suffix) else safe + suffix


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename (never half a file)."""
    write_atomic(path, text, make_parents=True)
