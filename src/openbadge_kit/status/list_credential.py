"""Read and verify a status list credential before any bit of it is believed.

:func:`verified_list` obtains the list a ``statusListCredential`` URL names (from the
run's :class:`~openbadge_kit.status.store.StatusListStore`), then checks, in order:
it is a credential of the list type the entry expects, one of its proofs verifies with
the key of its own issuer, it is inside its own validity window, its subject is the
right list type, and its ``encodedList`` decodes (bounded).  Each problem raises a
:class:`~openbadge_kit.errors.StatusListError` whose ``code`` is the stable check code
(``status.list_signature_invalid`` ...).  Results are cached per run, so a batch that
shares one list verifies it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..dates import parse_datetime
from ..errors import InvalidInputError, StatusListError
from .bitstring import MIN_LIST_BITS, decode_bitstring
from .store import ListDocument

if TYPE_CHECKING:
    from ..verify.options import VerifyOptions


@dataclass(frozen=True)
class ListKind:
    """What one status entry type expects of its list."""

    entry_type: str
    credential_type: str
    subject_type: str
    index_field: str
    list_field: str
    has_purpose: bool = True


LIST_KINDS: dict[str, ListKind] = {
    k.entry_type: k for k in (
        ListKind("BitstringStatusListEntry", "BitstringStatusListCredential",
                 "BitstringStatusList", "statusListIndex", "statusListCredential"),
        ListKind("StatusList2021Entry", "StatusList2021Credential", "StatusList2021",
                 "statusListIndex", "statusListCredential"),
        ListKind("RevocationList2020Status", "RevocationList2020Credential",
                 "RevocationList2020", "revocationListIndex", "revocationListCredential",
                 has_purpose=False),
    )
}


@dataclass
class VerifiedList:
    """A status list whose credential verified: its bits and what they are for."""

    url: str
    list_id: str | None
    issuer: str | None
    origin: str
    bits: bytes
    purposes: frozenset[str]
    proof_suite: str
    notes: list[str] = field(default_factory=list)

    @property
    def size_bits(self) -> int:
        """Length of the list in bits."""
        return len(self.bits) * 8


def _problem(code: str, message: str) -> StatusListError:
    return StatusListError(message, code=code)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _types(node: Any) -> list[str]:
    return [t for t in _as_list(node.get("type")) if isinstance(t, str)] \
        if isinstance(node, dict) else []


def _issuer(doc: dict[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _verify_signature(found: ListDocument, options: VerifyOptions) -> tuple[dict[str, Any], str]:
    """The list credential and the suite of the proof that verified it."""
    resolver = options.get_resolver()
    if found.jwt is not None:
        from ..proofs.vc_jwt import verify as verify_jwt

        checked = verify_jwt(found.jwt, resolver=resolver, now=options.now,
                             skew_seconds=options.skew_seconds, limits=options.limits)
        credential = checked.credential
        if not isinstance(credential, dict):
            raise _problem("status.list_not_credential",
                           f"the status list JWT at {found.url} holds no credential")
        if not checked.result.ok:
            raise _problem("status.list_signature_invalid",
                           f"the status list JWT does not verify: {checked.result.message}")
        if checked.claim_problems:
            raise _problem("status.list_signature_invalid",
                           f"the status list JWT claims are inconsistent: "
                           f"{checked.claim_problems[0]}")
        return credential, checked.result.suite
    doc = found.document or {}
    from ..proofs.data_integrity import verify_proofs

    results = verify_proofs(doc, resolver=resolver, now=options.now,
                            skew_seconds=options.skew_seconds, limits=options.limits)
    if not results:
        raise _problem("status.list_unsigned",
                       f"the status list at {found.url} has no proof, so it cannot be trusted")
    good = next((r for r in results if r.ok), None)
    if good is None:
        raise _problem("status.list_signature_invalid",
                       f"the status list's proof does not verify: {results[0].message}")
    return doc, good.suite


def _check_window(doc: dict[str, Any], options: VerifyOptions) -> None:
    skew = timedelta(seconds=options.skew_seconds)
    for field_name, late in (("validFrom", False), ("issuanceDate", False),
                             ("validUntil", True), ("expirationDate", True)):
        if field_name not in doc:
            continue
        try:
            when = parse_datetime(doc[field_name])
        except InvalidInputError:
            raise _problem("status.list_malformed",
                           f"the status list's {field_name} is not a date-time") from None
        if late and when < options.now - skew:
            raise _problem("status.list_expired",
                           f"the status list credential expired at {doc[field_name]}")
        if not late and when > options.now + skew:
            raise _problem("status.list_not_yet_valid",
                           f"the status list credential is not valid before {doc[field_name]}")


def _load(url: str, kind: ListKind, options: VerifyOptions) -> VerifiedList:
    found = options.get_status_store().get(url)
    if found.document is not None:
        types = _types(found.document)
        if "VerifiableCredential" not in types:
            raise _problem("status.list_not_credential",
                           f"the document at {url} is not a Verifiable Credential")
    credential, suite = _verify_signature(found, options)
    types = _types(credential)
    if kind.credential_type not in types:
        raise _problem("status.list_wrong_type",
                       f"the status list credential is not typed {kind.credential_type} "
                       f"(found {', '.join(types) or 'no type'})")
    _check_window(credential, options)
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise _problem("status.list_malformed", "the status list has no credentialSubject")
    if kind.subject_type not in _types(subject):
        raise _problem("status.list_wrong_type",
                       f"the status list's subject is not typed {kind.subject_type}")
    purposes = frozenset(p for p in _as_list(subject.get("statusPurpose"))
                         if isinstance(p, str))
    try:
        encoded = subject.get("encodedList")
        if not isinstance(encoded, str):
            raise StatusListError("encodedList is missing or not a string",
                                  code="status_list_encoding")
        bits = decode_bitstring(encoded, limits=options.limits)
    except StatusListError as exc:
        code = "status.list_too_large" if exc.code == "status_list_too_large" \
            else "status.list_undecodable"
        raise _problem(code, f"the status list's encodedList cannot be read: {exc}") from None
    notes = []
    if (list_id := credential.get("id")) and list_id != url:
        notes.append(f"the list credential's id is {str(list_id)[:200]}")
    return VerifiedList(url, credential.get("id") if isinstance(credential.get("id"), str)
                        else None, _issuer(credential), found.origin, bits, purposes, suite,
                        notes)


def verified_list(url: str, kind: ListKind, options: VerifyOptions) -> VerifiedList:
    """The verified list ``url`` names; raises StatusListError (cached per run)."""
    store = options.get_status_store()
    key = (url, kind.entry_type)
    cached = store.verified.get(key)
    if cached is None:
        try:
            cached = _load(url, kind, options)
        except StatusListError as exc:
            cached = exc
        store.verified[key] = cached
    if isinstance(cached, StatusListError):
        raise cached
    return cached  # type: ignore[no-any-return]


def short_list_note(verified: VerifiedList, size: int) -> str | None:
    """A note when the list is shorter than the Bitstring Status List minimum (16 KiB)."""
    if verified.size_bits // size < MIN_LIST_BITS:
        return (f"the list has {verified.size_bits // size} entries, fewer than the "
                f"{MIN_LIST_BITS} the Bitstring Status List spec requires for privacy")
    return None
