"""Check one ``credentialStatus`` entry against its (verified) status list.

:func:`check_status_entry` returns a :class:`StatusOutcome` for one entry and never
raises for bad data: Bitstring Status List (revocation, suspension, refresh, message),
StatusList2021 and RevocationList2020 entries are looked up in their verified list;
``1EdTechRevocationList`` is handled by :mod:`.revocation_list`; any other type is
"not checked" (unknown status types are ignored, never failed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import StatusListError
from ..verify.report import CheckStatus
from .bitstring import get_bit
from .list_credential import LIST_KINDS, ListKind, short_list_note, verified_list
from .store import StatusListUnavailable

if TYPE_CHECKING:
    from ..verify.options import VerifyOptions

#: widest status entry accepted (the spec has no upper bound; 8 bits = 256 messages)
MAX_STATUS_SIZE = 8
#: the longest statusListIndex accepted, in digits
MAX_INDEX_DIGITS = 12


@dataclass
class StatusOutcome:
    """The result of checking one status entry (becomes one ``status`` CheckResult)."""

    status: CheckStatus
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def _int_field(entry: dict[str, Any], name: str, default: int | None = None) -> int:
    value = entry.get(name, default)
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.isdigit() and len(value) <= MAX_INDEX_DIGITS:
        value = int(value)
    if not isinstance(value, int) or value < 0 or len(str(value)) > MAX_INDEX_DIGITS:
        raise StatusListError(f"{name} must be a non-negative integer (a string of digits), "
                              f"not {str(entry.get(name))[:40]!r}", code="status.entry_malformed")
    return value


def _status_message(entry: dict[str, Any], value: int) -> str | None:
    for item in entry.get("statusMessage") or []:
        if not isinstance(item, dict) or not isinstance(item.get("status"), str):
            continue
        try:
            if int(item["status"], 16) == value:
                message = item.get("message")
                return str(message)[:300] if message is not None else None
        except ValueError:
            continue
    return None


def _value_outcome(purpose: str, value: int, entry: dict[str, Any],
                   details: dict[str, Any]) -> StatusOutcome:
    where = f"index {details['index']} of {details['list']}"
    if value == 0:
        word = {"revocation": "not revoked", "suspension": "not suspended"}.get(
            purpose, f"no {purpose} status set")
        return StatusOutcome(CheckStatus.PASSED, "status.ok", f"{word} ({where})", details)
    details["value"] = value
    if purpose == "revocation":
        return StatusOutcome(CheckStatus.FAILED, "status.revoked",
                             f"REVOKED by its issuer ({where})", details)
    if purpose == "suspension":
        return StatusOutcome(CheckStatus.FAILED, "status.suspended",
                             f"SUSPENDED by its issuer ({where})", details)
    text = _status_message(entry, value)
    if text is not None:
        details["statusMessage"] = text
    if purpose == "refresh":
        return StatusOutcome(CheckStatus.WARNING, "status.refresh",
                             f"the issuer says a refreshed credential is available ({where})",
                             details)
    return StatusOutcome(CheckStatus.WARNING, "status.message",
                         f"status message from the issuer: {text or hex(value)} ({where})",
                         details)


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _check_list_entry(entry: dict[str, Any], kind: ListKind, credential: dict[str, Any],
                      options: VerifyOptions) -> StatusOutcome:
    url = entry.get(kind.list_field)
    if not isinstance(url, str) or not url:
        raise StatusListError(f"{kind.entry_type} has no {kind.list_field} URL",
                              code="status.entry_malformed")
    index = _int_field(entry, kind.index_field)
    size = _int_field(entry, "statusSize", 1) if kind.has_purpose else 1
    if not 1 <= size <= MAX_STATUS_SIZE:
        raise StatusListError(f"statusSize {size} is not supported (1..{MAX_STATUS_SIZE})",
                              code="status.entry_malformed")
    purpose = entry.get("statusPurpose") if kind.has_purpose else "revocation"
    if not isinstance(purpose, str):
        raise StatusListError(f"{kind.entry_type} has no statusPurpose",
                              code="status.entry_malformed")
    verified = verified_list(url, kind, options)
    details: dict[str, Any] = {"type": kind.entry_type, "purpose": purpose, "index": index,
                               "list": url, "listOrigin": verified.origin,
                               "listIssuer": verified.issuer}
    if kind.has_purpose and purpose not in verified.purposes:
        raise StatusListError(
            f"the entry's statusPurpose {purpose!r} is not a purpose of the list "
            f"({', '.join(sorted(verified.purposes)) or 'none'})",
            code="status.list_wrong_purpose")
    try:
        value = get_bit(verified.bits, index, size)
    except StatusListError as exc:
        raise StatusListError(f"{exc}", code="status.index_out_of_range") from None
    outcome = _value_outcome(purpose, value, entry, details)
    notes = list(verified.notes)
    if (note := short_list_note(verified, size)) is not None:
        notes.append(note)
    if verified.issuer != _issuer_id(credential):
        notes.append(f"the list is issued by {verified.issuer}, not by the credential's "
                     "issuer (allowed, e.g. a status service)")
        trusted = options.trust is not None and verified.issuer in options.trust
        if outcome.status is CheckStatus.PASSED and not trusted:
            # "not revoked" on the word of someone other than the issuer: say whose
            outcome.status = CheckStatus.WARNING
            outcome.message += (f"; the list is published by {verified.issuer}, not by the "
                                "credential's issuer (add it to your trust list to accept it "
                                "silently)")
    if notes:
        outcome.details["notes"] = notes
    return outcome


def check_status_entry(entry: Any, credential: dict[str, Any],
                       options: VerifyOptions) -> StatusOutcome:
    """Check one ``credentialStatus`` entry; never raises for bad data."""
    if not isinstance(entry, dict):
        return StatusOutcome(CheckStatus.FAILED, "status.entry_malformed",
                             "a credentialStatus entry must be a JSON object")
    kind_name = entry.get("type")
    try:
        if kind_name == "1EdTechRevocationList":
            from .revocation_list import check_revocation_list

            return check_revocation_list(entry, credential, options)
        kind = LIST_KINDS.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            return StatusOutcome(CheckStatus.NOT_CHECKED, "status.type_unsupported",
                                 f"status method {str(kind_name)[:80]!r} is not supported, so "
                                 "the credential's status was not checked",
                                 {"type": str(kind_name)[:80]})
        return _check_list_entry(entry, kind, credential, options)
    except StatusListUnavailable as exc:
        return StatusOutcome(CheckStatus.NOT_CHECKED, "status.list_unavailable",
                             f"status not checked: {exc}", {"type": kind_name})
    except StatusListError as exc:
        code = exc.code if exc.code.startswith("status.") else "status.list_invalid"
        return StatusOutcome(CheckStatus.FAILED, code, str(exc), {"type": kind_name})
