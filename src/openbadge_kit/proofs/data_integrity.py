"""Embedded Ed25519 proofs: ``DataIntegrityProof``/``eddsa-rdfc-2022``, ``Ed25519Signature2020``.

Both suites hash the same way (VC-DI-EdDSA): the RDFC-1.0 canonical N-Quads of the
proof options (with the document's ``@context``) and of the document without its
``proof``; ``SHA-256(options) || SHA-256(document)`` is signed with Ed25519 and written as
``proofValue = "z" + base58btc(signature)``.

``sign`` refuses (``SigningError``) anything JSON-LD safe mode would drop.
``verify_proofs`` never raises on a hostile document: each proof gets a
:class:`~openbadge_kit.proofs.base.ProofResult` saying exactly what failed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from ..dates import format_datetime, parse_datetime, utcnow
from ..errors import (
    CanonicalizationLimitError,
    ContextNotAllowedError,
    InvalidInputError,
    JsonLdError,
    NetworkDisabledError,
    NetworkError,
    NetworkRefusedError,
    OpenBadgeError,
    ResolutionError,
    SafeModeError,
    SigningError,
)
from ..keys.base import Resolver, VerificationMethod
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import nests_deeper_than
from .base import ProofResult
from .registry import DATA_INTEGRITY, ED25519_2020_CONTEXT, SIGNING_SUITES, SuiteSpec, suite_for

ASSERTION_METHOD = "assertionMethod"
#: verification method types that carry an Ed25519 key usable with these suites
ED25519_VM_TYPES = frozenset(
    {"Multikey", "Ed25519VerificationKey2020", "JsonWebKey", "JsonWebKey2020"}
)


class Ed25519Signer(Protocol):
    """Anything that signs bytes with an Ed25519 private key."""

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        ...


def _canonize(document: dict[str, Any], limits: Limits) -> str:
    from ..jsonld.canonize import canonize

    return canonize(document, limits=limits)


def _hash_data(
    unsecured: dict[str, Any],
    options: dict[str, Any],
    limits: Limits,
    doc_hash: bytes | None = None,
) -> tuple[bytes, bytes]:
    """(proof-options hash || document hash, document hash)."""
    if doc_hash is None:
        doc_hash = hashlib.sha256(_canonize(unsecured, limits).encode("utf-8")).digest()
    options_hash = hashlib.sha256(_canonize(options, limits).encode("utf-8")).digest()
    return options_hash + doc_hash, doc_hash


def _proof_options(proof: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The proof without ``proofValue``, carrying the document's ``@context``.

    A proof that carries its own ``@context`` (some Ed25519Signature2020 producers put
    the suite context there) keeps it.
    """
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" not in options:
        options = {"@context": document.get("@context"), **options}
    return options


def _contexts(document: dict[str, Any]) -> list[Any]:
    ctx = document.get("@context")
    if ctx is None:
        return []
    return list(ctx) if isinstance(ctx, list) else [ctx]


def sign(
    document: dict[str, Any],
    key: Ed25519Signer,
    *,
    verification_method: str,
    suite: str = "eddsa-rdfc-2022",
    created: datetime | str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    proof_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> dict[str, Any]:
    """Return a copy of ``document`` with one more Ed25519 proof.

    ``suite`` is ``"eddsa-rdfc-2022"`` (a ``DataIntegrityProof``) or
    ``"Ed25519Signature2020"``. An existing proof stays: the new one joins the proof
    set and is computed over the document without any proof. For
    Ed25519Signature2020 the suite context is appended to ``@context`` when missing.
    ``created`` defaults to now (whole seconds, UTC).

    Raises ``SigningError`` (with the JSON-LD error's code when safe mode refuses).
    """
    spec = SIGNING_SUITES.get(suite)
    if spec is None:
        raise SigningError(f"unknown signing suite {suite!r}; use one of "
                           f"{sorted(SIGNING_SUITES)}", code="signing_unknown_suite")
    if not isinstance(document, dict):
        raise SigningError("a credential to sign must be a JSON object")
    if getattr(key, "algorithm", "EdDSA") != "EdDSA":
        raise SigningError(f"{spec.name} signs with Ed25519 keys only; this key is for "
                           f"{getattr(key, 'algorithm', '?')} (use VC-JWT for RSA and P-256)",
                           code="signing_key_type")
    if not isinstance(verification_method, str) or ":" not in verification_method:
        raise SigningError("verification_method must be an absolute URL or DID URL")
    if nests_deeper_than(document, limits.max_json_depth):  # before json.dumps recurses
        raise SigningError(f"refusing to sign: the credential nests deeper than "
                           f"{limits.max_json_depth} levels (limits.max_json_depth)",
                           code="input_too_large")
    # a strict JSON round trip is the copy: what is signed can always be written and read
    # back (no NaN/Infinity, no lone surrogates, nothing JSON has no form for)
    try:
        text = json.dumps(document, allow_nan=False, ensure_ascii=False)
        text.encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise SigningError(f"refusing to sign: the credential is not strict JSON ({exc})",
                           code="signing_not_json") from None
    secured: dict[str, Any] = json.loads(text)
    existing = secured.pop("proof", None)
    if spec.proof_type != DATA_INTEGRITY and ED25519_2020_CONTEXT not in _contexts(secured):
        secured["@context"] = [*_contexts(secured), ED25519_2020_CONTEXT]
    if isinstance(created, datetime):
        created_text = format_datetime(created)
    elif isinstance(created, str):
        try:
            parse_datetime(created)
        except InvalidInputError as exc:
            raise SigningError(f"created: {exc}", code="signing_bad_created") from None
        created_text = created
    else:
        created_text = format_datetime(utcnow())
    proof: dict[str, Any] = {}
    if proof_id is not None:
        proof["id"] = proof_id
    proof["type"] = spec.proof_type
    if spec.cryptosuite is not None:
        proof["cryptosuite"] = spec.cryptosuite
    proof.update({
        "created": created_text,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    })
    try:
        data, _ = _hash_data(secured, _proof_options(proof, secured), limits)
    except JsonLdError as exc:
        raise SigningError(f"refusing to sign: {exc}", code=exc.code) from exc
    signature = key.sign(data)
    proof["proofValue"] = "z" + base58.b58encode(signature).decode("ascii")
    if existing is None:
        secured["proof"] = proof
    else:
        proofs = existing if isinstance(existing, list) else [existing]
        secured["proof"] = [*proofs, proof]
    return secured


# --- verification ---------------------------------------------------------------------


def issuer_id(document: dict[str, Any]) -> str | None:
    """The credential's issuer id (``issuer`` as a string, or ``issuer.id``)."""
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def _fail(spec_name: str, code: str, message: str, vm: str | None = None,
          **details: Any) -> ProofResult:
    return ProofResult(spec_name, False, code, message, verification_method=vm,
                       details=details)


def _decode_proof_value(value: object) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise InvalidInputError("proofValue must be a multibase base58btc string ('z...')")
    if len(value) > 200:
        raise InvalidInputError("proofValue is far too long for an Ed25519 signature")
    try:
        raw: bytes = base58.b58decode(value[1:])
    except ValueError:
        raise InvalidInputError("proofValue is not valid base58btc") from None
    if len(raw) != 64:
        raise InvalidInputError(f"proofValue decodes to {len(raw)} bytes, not 64")
    return raw


def _unsecured_for(document: dict[str, Any], proof: dict[str, Any],
                   all_proofs: list[Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The document a proof was computed over, and the ids of the proofs it keeps.

    Without ``previousProof`` that is the document without any proof; in a proof chain
    the proofs named by ``previousProof`` are put back.
    """
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    previous = proof.get("previousProof")
    if previous is None:
        return unsecured, ()
    wanted = [previous] if isinstance(previous, str) else previous
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise InvalidInputError("previousProof must be a proof id or a list of them")
    chained = [p for p in all_proofs if isinstance(p, dict) and p.get("id") in wanted]
    if len(chained) != len(wanted):
        raise InvalidInputError("previousProof names a proof that is not in the document")
    unsecured["proof"] = chained[0] if len(chained) == 1 else chained
    return unsecured, tuple(wanted)


def _jsonld_failure(spec: SuiteSpec, exc: JsonLdError, vm: str | None) -> ProofResult:
    if isinstance(exc, SafeModeError):
        return _fail(spec.name, "proof.jsonld_data_loss",
                     str(exc), vm)
    if isinstance(exc, ContextNotAllowedError):
        return _fail(spec.name, "proof.context_unavailable",
                     f"context not available offline: {exc.url}", vm, context=exc.url)
    if isinstance(exc, CanonicalizationLimitError):
        return _fail(spec.name, "proof.canonicalization_limit", str(exc), vm)
    return _fail(spec.name, "proof.jsonld_error", f"JSON-LD processing failed: {exc}", vm)


def _check_dates(spec: SuiteSpec, proof: dict[str, Any], vm: str, now: datetime,
                 skew: timedelta) -> ProofResult | None:
    if "created" in proof:
        try:
            created = parse_datetime(proof["created"])
        except InvalidInputError:
            return _fail(spec.name, "proof.created_invalid",
                         "proof 'created' is not a valid date-time", vm)
        if created > now + skew:
            return _fail(spec.name, "proof.created_in_future",
                         f"proof was created in the future ({proof['created']})", vm)
    if "expires" in proof:
        try:
            expires = parse_datetime(proof["expires"])
        except InvalidInputError:
            return _fail(spec.name, "proof.expires_invalid",
                         "proof 'expires' is not a valid date-time", vm)
        if expires < now - skew:
            return _fail(spec.name, "proof.expired", f"proof expired at {proof['expires']}", vm)
    return None


def _verify_one(
    document: dict[str, Any],
    proof: object,
    all_proofs: list[Any],
    resolver: Resolver,
    now: datetime,
    skew: timedelta,
    limits: Limits,
    doc_hashes: dict[tuple[str, ...], bytes],
    expected_controller: str | None,
) -> ProofResult:
    if not isinstance(proof, dict):
        return _fail("unknown", "proof.malformed", "a proof must be a JSON object")
    spec = suite_for(proof)
    if spec is None:
        kind = proof.get("type")
        suite = proof.get("cryptosuite")
        label = f"{kind}/{suite}" if suite else str(kind)
        return _fail(label[:80], "proof.unsupported",
                     f"unsupported proof type {label[:80]!r}", None)
    vm_id = proof.get("verificationMethod")
    if isinstance(vm_id, dict):
        vm_id = vm_id.get("id")
    if not isinstance(vm_id, str) or not vm_id:
        return _fail(spec.name, "proof.malformed", "proof has no verificationMethod")
    if proof.get("proofPurpose") != ASSERTION_METHOD:
        return _fail(spec.name, "proof.purpose_mismatch",
                     f"proofPurpose is {proof.get('proofPurpose')!r}, expected "
                     "'assertionMethod'", vm_id)
    try:
        signature = _decode_proof_value(proof.get("proofValue"))
    except InvalidInputError as exc:
        return _fail(spec.name, "proof.value_malformed", str(exc), vm_id)
    dated = _check_dates(spec, proof, vm_id, now, skew)
    if dated is not None:
        return dated
    try:
        method: VerificationMethod = resolver.resolve(vm_id)
    except NetworkDisabledError as exc:
        return _fail(spec.name, "proof.network_disabled",
                     f"the key needs network access, which is off: {exc}", vm_id)
    except NetworkRefusedError as exc:
        return _fail(spec.name, "proof.key_unresolved", f"key not resolved: {exc}", vm_id)
    except NetworkError as exc:
        return _fail(spec.name, "proof.network_error",
                     f"the key could not be fetched: {exc}", vm_id)
    except ResolutionError as exc:
        return _fail(spec.name, "proof.key_unresolved", f"key not resolved: {exc}", vm_id)
    if not isinstance(method.public_key, ed25519.Ed25519PublicKey):
        return _fail(spec.name, "proof.key_type_mismatch",
                     f"{spec.name} needs an Ed25519 key, the method holds {method.key_type}",
                     vm_id)
    try:
        unsecured, key = _unsecured_for(document, proof, all_proofs)
        data, doc_hash = _hash_data(unsecured, _proof_options(proof, unsecured), limits,
                                    doc_hashes.get(key))
        doc_hashes[key] = doc_hash
    except JsonLdError as exc:
        return _jsonld_failure(spec, exc, vm_id)
    except InvalidInputError as exc:
        return _fail(spec.name, "proof.malformed", str(exc), vm_id)
    try:
        method.public_key.verify(signature, data)
    except InvalidSignature:
        return _fail(spec.name, "proof.signature_invalid",
                     "the signature does not match the credential (tampered, or signed by "
                     "another key)", vm_id)
    result = ProofResult(spec.name, True, "proof.valid", "signature verified",
                         verification_method=vm_id, controller=method.controller)
    if spec.legacy_of:
        result.details["legacy_cryptosuite"] = proof.get("cryptosuite")
    if expected_controller is not None and method.controller != expected_controller:
        result.ok = False
        result.code = "proof.controller_mismatch"
        result.message = (f"signature is valid, but the key's controller "
                          f"{method.controller!r} is not the issuer {expected_controller!r}")
    elif (method.document or {}).get("assumed"):
        # the 1EdTech "<issuer URL>#<publicKeyMultibase>" convention: the key is read from
        # the id itself, so anyone can write such an id for any issuer URL
        result.ok = False
        result.code = "proof.key_not_bound_to_issuer"
        result.message = (
            f"signature is valid, but the key is only written into the verification method "
            f"id; nothing published by {method.controller!r} shows it is theirs (give the "
            "issuer's controller document, or verify online)")
        result.details["keyProvenance"] = "self-asserted"
    elif ASSERTION_METHOD not in method.relationships:
        result.ok = False
        result.code = "proof.not_assertion_method"
        result.message = ("signature is valid, but the key is not listed under the "
                          "controller's assertionMethod")
    return result


def verify_proofs(
    document: dict[str, Any],
    *,
    resolver: Resolver,
    now: datetime | None = None,
    skew_seconds: float = 300,
    expected_controller: str | Callable[[dict[str, Any]], str | None] | None = issuer_id,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ProofResult]:
    """Verify every embedded proof of ``document``; an empty list means it has none.

    ``expected_controller`` is the identity every key must belong to: by default the
    credential's issuer id; ``None`` skips the controller check (for documents
    without an issuer). Never raises on hostile input.
    """
    if not isinstance(document, dict):
        return [_fail("unknown", "proof.malformed", "the document is not a JSON object")]
    raw = document.get("proof")
    if raw is None:
        return []
    proofs = raw if isinstance(raw, list) else [raw]
    when = now or utcnow()
    controller = expected_controller(document) if callable(expected_controller) \
        else expected_controller
    skew = timedelta(seconds=skew_seconds)
    doc_hashes: dict[tuple[str, ...], bytes] = {}
    results = []
    for proof in proofs:
        try:
            results.append(_verify_one(document, proof, proofs, resolver, when, skew, limits,
                                       doc_hashes, controller))
        except OpenBadgeError as exc:
            results.append(_fail("unknown", f"proof.{exc.code}", str(exc)))
        except Exception as exc:  # never raise on hostile input
            results.append(_fail("unknown", "proof.unexpected_error",
                                 f"unexpected {type(exc).__name__} while verifying the proof"))
    return results
