"""VC-JWT: credentials secured as a compact JWS (RS256, ES256, EdDSA).

Three shapes (NOTES 2.6):

- ``"ob"`` — OB 3.0's JSON Web Token Proof Format, the default (it is what the 1EdTech
  validator accepts): header ``alg``, ``typ: "JWT"`` and ``kid`` (or ``jwk``); payload = the
  credential plus the claims ``iss``, ``jti``, ``sub``, ``nbf`` and ``exp``.
- ``"vc1"`` — VC 1.1 JWT: the credential under a ``vc`` claim, the same claims around it.
- ``"vc-jose"`` — VC 2.0 JOSE-COSE: ``typ: "vc+jwt"``, ``cty: "vc"``, payload = the credential.

:func:`verify` accepts all three and says which it found. It never raises on a hostile
token: the outcome is a :class:`~openbadge_kit.proofs.base.ProofResult` with a precise code.
The algorithm is taken from the resolved key's type and an allow-list, never from the header
alone; a key given only inline (``jwk``) counts only when the issuer's DID document or JWKS
lists it; claims must agree with the credential. JWS signing and verification use
``cryptography`` directly (the signing input is two base64url strings joined by a dot); the
output is checked against PyJWT and jwcrypto in the tests.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ..dates import parse_datetime, utcnow
from ..errors import (
    InputTooLargeError,
    InvalidInputError,
    KeyFormatError,
    NetworkDisabledError,
    NetworkError,
    NetworkRefusedError,
    OpenBadgeError,
    ResolutionError,
    SigningError,
)
from ..keys.base import PublicKey, Resolver, SigningKey, VerificationMethod
from ..keys.ed25519 import b64url_encode
from ..keys.fetch import url_origin
from ..keys.jwk import (
    PRIVATE_MEMBERS,
    algorithm_for_key,
    jwk_from_public_key,
    jwk_thumbprint,
    key_type_of,
    public_key_from_jwk,
    same_public_key,
)
from ..limits import DEFAULT_LIMITS, Limits
from ..safejson import loads
from .base import ProofResult

#: JWS algorithms accepted, each with the one key type it may be used with
ALLOWED_ALGORITHMS = {"RS256": "RSA", "ES256": "P-256", "EdDSA": "Ed25519"}
#: the JWT forms :func:`sign` writes and :func:`verify` reports
FORMS = ("ob", "vc1", "vc-jose")
#: registered JWT claims that are not part of the credential itself
JWT_CLAIMS = ("iss", "sub", "jti", "nbf", "exp", "iat", "aud")
#: ``typ`` values accepted on input, and the form each implies (None: decided by payload)
_TYPES: dict[str, str | None] = {"JWT": None, "jwt": None, "vc+jwt": "vc-jose",
                                 "application/vc+jwt": "vc-jose", "vc+ld+jwt": "vc-jose",
                                 "application/vc+ld+jwt": "vc-jose"}
#: header parameters understood; anything listed in ``crit`` must be one of these
_KNOWN_HEADER = frozenset({"alg", "typ", "cty", "kid", "jwk"})
_B64URL_PART = re.compile(r"[A-Za-z0-9_-]*")
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")


@dataclass
class JwtVerification:
    """What :func:`verify` found out about one token.

    ``result.ok`` is true only when the signature verified, the key is shown to belong to
    the issuer and the claims agree with the credential (``claim_problems`` empty).
    ``time_problems`` lists ``nbf``/``exp`` outside the clock (with skew): these repeat the
    credential's validity window, which the verifier's validity check reports, so they do not
    fail the proof.
    """

    credential: dict[str, Any] | None
    form: str | None
    header: dict[str, Any] | None
    result: ProofResult
    claim_problems: list[str] = field(default_factory=list)
    time_problems: list[str] = field(default_factory=list)
    payload: dict[str, Any] | None = None


# --- helpers shared by sign and verify ----------------------------------------------------


def _issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def _subject_id(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if isinstance(subject, dict) and isinstance(subject.get("id"), str):
        return str(subject["id"])
    return None


def _numeric_date(value: Any, name: str) -> int:
    try:
        return math.floor(parse_datetime(value).timestamp())
    except InvalidInputError as exc:
        raise SigningError(f"credential {name} is not a date-time: {exc.message}") from None


def _json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON; SigningError for what strict JSON readers refuse (NaN, lone
    surrogates) and for what cannot be written at all (too deep, not JSON types)."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeError is a ValueError
        raise SigningError(f"the credential is not JSON-serialisable: {str(exc)[:200]}",
                           code="credential_invalid") from None


# --- signing ------------------------------------------------------------------------------


def _default_kid(credential: dict[str, Any], key: SigningKey) -> str | None:
    if key.key_id:
        return key.key_id
    did_key_vm = getattr(key, "did_key_vm", None)
    did_key = getattr(key, "did_key", None)
    if isinstance(did_key_vm, str) and did_key == _issuer_id(credential):
        return did_key_vm
    return None


def _claims(credential: dict[str, Any], form: str, issuer: str) -> dict[str, Any]:
    start, end = ("issuanceDate", "expirationDate") if form == "vc1" else (
        "validFrom", "validUntil")
    if form == "vc1" and "issuanceDate" not in credential and "validFrom" in credential:
        start, end = "validFrom", "validUntil"
    claims: dict[str, Any] = {"iss": issuer}
    if start not in credential:
        raise SigningError(f"the {form!r} JWT form needs the credential's {start} (for nbf)")
    claims["nbf"] = _numeric_date(credential[start], start)
    if end in credential:
        claims["exp"] = _numeric_date(credential[end], end)
    if isinstance(credential.get("id"), str):
        claims["jti"] = credential["id"]
    subject = _subject_id(credential)
    if subject is not None:
        claims["sub"] = subject
    return claims


def sign(
    credential: dict[str, Any],
    key: SigningKey,
    *,
    form: str = "ob",
    kid: str | None = None,
    include_jwk: bool = False,
) -> str:
    """``credential`` as a compact JWS signed with ``key``.

    ``form`` is ``"ob"`` (default; OB 3.0, accepted by the 1EdTech validator), ``"vc1"``
    (credential under ``vc``) or ``"vc-jose"`` (VC 2.0 JOSE-COSE). ``kid`` defaults to the
    key's id (or its did:key method when the issuer is that did:key); ``include_jwk`` puts the
    public JWK in the header as well. OB requires a ``kid`` or a ``jwk``, so signing refuses
    (:class:`SigningError`) when there is neither, when the credential has no issuer id, or
    when it already carries a JWT claim that disagrees with it.
    """
    if form not in FORMS:
        raise SigningError(f"unknown JWT form {form!r} (one of {', '.join(FORMS)})")
    if not isinstance(credential, dict):
        raise SigningError("the credential must be a JSON object")
    alg = getattr(key, "algorithm", None)
    if alg not in ALLOWED_ALGORITHMS:
        raise SigningError(f"key algorithm {alg!r} is not one of RS256, ES256, EdDSA")
    if key_type_of(key.public_key) != ALLOWED_ALGORITHMS[alg]:
        raise SigningError(f"a {key_type_of(key.public_key)} key cannot sign {alg}")
    issuer = _issuer_id(credential)
    if issuer is None:
        raise SigningError("the credential has no issuer id (needed for the 'iss' claim)")
    kid = kid if kid is not None else _default_kid(credential, key)
    if not kid and not include_jwk:
        raise SigningError("the key has no id: give kid=... (a DID URL or key URL) or "
                           "include_jwk=True, since a verifier must be able to find the key")
    header: dict[str, Any] = {"alg": alg, "typ": "vc+jwt" if form == "vc-jose" else "JWT"}
    if form == "vc-jose":
        header["cty"] = "vc"
    if kid:
        header["kid"] = kid
    if include_jwk:
        header["jwk"] = jwk_from_public_key(key.public_key)
    if form == "vc-jose":
        if "vc" in credential or "vp" in credential:
            raise SigningError("a VC-JOSE-COSE payload must not have a 'vc' or 'vp' member")
        payload = credential
    else:
        claims = _claims(credential, form, issuer)
        if form == "vc1":
            context = credential.get("@context")
            first = context[0] if isinstance(context, list) and context else context
            if first != "https://www.w3.org/2018/credentials/v1":
                # the claim layout must agree with @context[0] (implementation guide);
                # verifiers, ours included, refuse a VC 2.0 credential in a 'vc' claim
                raise SigningError(
                    "the 'vc1' form carries VC 1.1 credentials (@context starting with "
                    "https://www.w3.org/2018/credentials/v1); sign a VC 2.0 credential "
                    "with form='ob' or 'vc-jose'", code="signing_jwt_form_mismatch")
            payload = {**claims, "vc": credential}
        else:
            for name, value in claims.items():
                if name in credential and credential[name] != value:
                    raise SigningError(f"the credential has a {name!r} member that differs "
                                       f"from the JWT claim")
            payload = {**credential, **claims}
    signing_input = (b64url_encode(_json_bytes(header)) + "."
                     + b64url_encode(_json_bytes(payload)))
    try:
        signature = key.sign(signing_input.encode("ascii"))
    except OpenBadgeError:
        raise
    except Exception as exc:
        raise SigningError(f"the key could not sign: {type(exc).__name__}") from None
    return signing_input + "." + b64url_encode(signature)


# --- decoding -----------------------------------------------------------------------------


def _b64decode_part(part: str) -> bytes:
    """base64url of a part whose alphabet :func:`_split` already checked."""
    if len(part) % 4 == 1:
        raise KeyFormatError("not a base64url string")
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _decode_json_part(part: str, what: str, limits: Limits) -> dict[str, Any]:
    try:
        raw = _b64decode_part(part)
    except (KeyFormatError, ValueError):
        raise InvalidInputError(f"the JWT {what} is not base64url",
                                code="jwt_malformed") from None
    try:
        value = loads(raw, limits=limits)
    except InvalidInputError as exc:
        raise InvalidInputError(f"the JWT {what} is not valid JSON: {exc.message}",
                                code="jwt_malformed") from None
    if not isinstance(value, dict):
        raise InvalidInputError(f"the JWT {what} is not a JSON object", code="jwt_malformed")
    return value


def _split(token: Any, limits: Limits) -> tuple[str, str, str]:
    if isinstance(token, (bytes, bytearray)):
        if len(token) > limits.max_json_bytes:
            raise InputTooLargeError(f"JWT of {len(token)} bytes is over the limit of "
                                     f"{limits.max_json_bytes}")
        try:
            token = bytes(token).decode("ascii")
        except UnicodeDecodeError:
            raise InvalidInputError("a JWT is ASCII text", code="jwt_malformed") from None
    if not isinstance(token, str):
        raise InvalidInputError(f"expected a JWT string, got {type(token).__name__}",
                                code="jwt_malformed")
    if len(token) > limits.max_json_bytes:
        raise InputTooLargeError(f"JWT of {len(token)} characters is over the limit of "
                                 f"{limits.max_json_bytes}")
    token = token.strip()
    parts = token.split(".")
    if len(parts) == 5:
        raise InvalidInputError("this is a JWE (five parts): encrypted JWTs are not "
                                "supported", code="jwt_malformed")
    if len(parts) != 3:
        raise InvalidInputError(f"a compact JWS has three dot-separated parts, this has "
                                f"{len(parts)}", code="jwt_malformed")
    if _COMPACT_JWS.fullmatch(token) is None:
        name = next(n for n, part in zip(("header", "payload", "signature"), parts, strict=True)
                    if _B64URL_PART.fullmatch(part) is None)
        raise InvalidInputError(f"the JWT {name} contains characters outside base64url",
                                code="jwt_malformed")
    return parts[0], parts[1], parts[2]


def decode_unverified(token: str | bytes, *, limits: Limits = DEFAULT_LIMITS
                      ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JOSE header and payload of a compact JWS, decoded but NOT verified.

    For peeking (format detection, baking). Size limit first; raises
    :class:`InvalidInputError` (code ``jwt_malformed``) or ``InputTooLargeError``.
    """
    h, p, _ = _split(token, limits)
    return _decode_json_part(h, "header", limits), _decode_json_part(p, "payload", limits)


def credential_of(payload: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The credential a JWT payload carries and the form: ``vc`` claim, else payload - claims."""
    vc = payload.get("vc")
    if "vc" in payload:
        return (vc if isinstance(vc, dict) else None), "vc1"
    return {k: v for k, v in payload.items() if k not in JWT_CLAIMS}, "ob"


# --- verification -------------------------------------------------------------------------


class _Failure(Exception):
    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.details = code, message, details


def _check_header(header: dict[str, Any]) -> str:
    alg = header.get("alg")
    if not isinstance(alg, str):
        raise _Failure("proof.jwt_malformed", "the JWT header has no 'alg'")
    if alg not in ALLOWED_ALGORITHMS:
        raise _Failure("proof.jwt_alg_not_allowed",
                       f"JWT algorithm {alg[:20]!r} is not allowed (RS256, ES256, EdDSA only)",
                       alg=alg[:20])
    crit = header.get("crit")
    if crit is not None:
        raise _Failure("proof.jwt_malformed", "the JWT header has 'crit' extensions this "
                       "verifier does not understand")
    if "b64" in header:
        raise _Failure("proof.jwt_malformed", "unencoded-payload JWS (b64) is not supported")
    typ = header.get("typ")
    if typ is not None and typ not in _TYPES:
        raise _Failure("proof.jwt_malformed", f"unexpected JWT typ {str(typ)[:40]!r}")
    for name in ("kid", "cty"):
        if name in header and not isinstance(header[name], str):
            raise _Failure("proof.jwt_malformed", f"the JWT header '{name}' must be a string")
    jwk = header.get("jwk")
    if jwk is not None:
        if not isinstance(jwk, dict):
            raise _Failure("proof.jwt_malformed", "the JWT header 'jwk' must be an object")
        if PRIVATE_MEMBERS & jwk.keys():
            raise _Failure("proof.jwt_malformed",
                           "the JWT header 'jwk' contains a private key; refused")
    return alg


def _signature_ok(alg: str, key: PublicKey, signing_input: bytes, signature: bytes) -> bool:
    try:
        if alg == "EdDSA" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, signing_input)
            return True
        if alg == "ES256" and isinstance(key, ec.EllipticCurvePublicKey):
            if len(signature) != 64:
                return False
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                       int.from_bytes(signature[32:], "big"))
            key.verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
            return True
        if alg == "RS256" and isinstance(key, rsa.RSAPublicKey):
            if len(signature) != (key.key_size + 7) // 8:
                return False
            key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
            return True
    except InvalidSignature:
        return False
    return False


def _absolute_kid(kid: str, issuer: str | None) -> str:
    """A relative ``#frag`` or bare JWKS key id made absolute against the issuer."""
    if kid.startswith("#") and issuer:
        return issuer.split("#", 1)[0] + kid
    if ":" not in kid and issuer:
        origin = _issuer_origin(issuer)
        if origin:
            return f"{origin}/.well-known/jwks.json#{kid}"
    return kid


def _issuer_origin(issuer: str) -> str | None:
    """The web origin that speaks for the issuer: its URL's, or its did:web host's."""
    if issuer.startswith("did:web:"):
        host = issuer[len("did:web:"):].split(":", 1)[0].replace("%3A", ":").replace("%3a", ":")
        return f"https://{host.lower()}" if host else None
    return url_origin(issuer)


def _resolve(resolver: Resolver, method_id: str) -> VerificationMethod:
    try:
        return resolver.resolve(method_id)
    except NetworkDisabledError as exc:
        raise _Failure("proof.network_disabled",
                       f"the key {method_id[:120]} needs network access, which is off: {exc}",
                       kid=method_id) from None
    except NetworkRefusedError as exc:
        raise _Failure("proof.key_unresolved", f"key {method_id[:120]!r} not resolved: {exc}",
                       kid=method_id) from None
    except NetworkError as exc:
        raise _Failure("proof.network_error",
                       f"the key {method_id[:120]} could not be fetched: {exc}",
                       kid=method_id) from None
    except ResolutionError as exc:
        raise _Failure("proof.key_unresolved", f"key {method_id[:120]!r} not resolved: {exc}",
                       kid=method_id) from None


def _issuer_methods(resolver: Resolver, issuer: str) -> list[VerificationMethod]:
    lister = getattr(resolver, "assertion_methods", None)
    if lister is None:
        return []
    try:
        methods = lister(issuer)
    except NetworkDisabledError as exc:
        raise _Failure("proof.network_disabled",
                       f"finding the issuer's keys needs network access, which is off: {exc}",
                       ) from None
    except NetworkRefusedError as exc:
        raise _Failure("proof.key_unresolved",
                       f"the issuer's keys could not be looked up: {exc}") from None
    except NetworkError as exc:
        raise _Failure("proof.network_error",
                       f"the issuer's keys could not be fetched: {exc}") from None
    except (ResolutionError, KeyFormatError):
        return []
    return [m for m in methods if isinstance(m, VerificationMethod)]


def _binding_problem(vm: VerificationMethod, issuer: str) -> tuple[str, str] | None:
    """Why ``vm`` is not shown to be the issuer's key (code, message), or None if it is."""
    doc = vm.document or {}
    if doc.get("assumed"):
        return ("proof.key_not_bound_to_issuer",
                "the key is read from the kid itself (the 1EdTech <controller>#<Multikey> "
                "convention), so like an inline jwk nothing shows the issuer lists it; give "
                "the issuer's controller document (did_documents) to verify it")
    if doc.get("resolvedBy") == "jwks":
        jwk = doc.get("publicKeyJwk") or {}
        if "iss" in jwk and jwk["iss"] != issuer:
            return ("proof.controller_mismatch",
                    f"the JWK's iss {str(jwk['iss'])[:120]!r} is not the issuer {issuer!r}")
        origin = url_origin(vm.id)
        if origin is None or origin != _issuer_origin(issuer):
            return ("proof.key_not_bound_to_issuer",
                    f"the key URL {vm.id[:120]} is not on the issuer's host ({issuer})")
        return None
    if vm.controller != issuer:
        return ("proof.controller_mismatch",
                f"the key's controller {vm.controller!r} is not the issuer {issuer!r}")
    if "assertionMethod" not in vm.relationships:
        return ("proof.not_assertion_method",
                "the key is not listed under the issuer's assertionMethod")
    return None


def _claim_problems(payload: dict[str, Any], credential: dict[str, Any], form: str,
                    issuer: str) -> tuple[list[str], list[str]]:
    """(mismatches, notes about missing claims)."""
    problems: list[str] = []
    notes: list[str] = []
    for name in ("nbf", "exp", "iat"):
        if name in payload and (isinstance(payload[name], bool)
                                or not isinstance(payload[name], (int, float))
                                or not math.isfinite(payload[name])):
            problems.append(f"'{name}' is not a NumericDate")
    if "iss" in payload and payload["iss"] != issuer:
        problems.append(f"iss {str(payload['iss'])[:120]!r} is not the issuer {issuer!r}")
    if form == "vc-jose":
        return problems, notes
    pairs = (("iss", issuer), ("jti", credential.get("id")),
             ("sub", _subject_id(credential)))
    for name, expected in pairs:
        if name == "iss":
            if name not in payload:
                notes.append("no 'iss' claim")
            continue
        if name in payload:
            if expected is not None and payload[name] != expected:
                problems.append(f"{name} {str(payload[name])[:120]!r} differs from the "
                                f"credential's {str(expected)[:120]!r}")
        elif expected is not None:
            notes.append(f"no '{name}' claim")
    start, end = ("issuanceDate", "expirationDate") if form == "vc1" else (
        "validFrom", "validUntil")
    if form == "vc1" and start not in credential and "validFrom" in credential:
        start, end = "validFrom", "validUntil"
    for claim, prop in (("nbf", start), ("exp", end)):
        value = payload.get(claim)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            if claim == "nbf" and value is None:
                notes.append("no 'nbf' claim")
            continue
        if prop not in credential:
            if form == "ob" and claim == "exp":
                problems.append("exp is set but the credential has no validUntil")
            continue
        try:
            when = parse_datetime(credential[prop]).timestamp()
        except InvalidInputError:
            problems.append(f"credential {prop} is not a date-time")
            continue
        if not math.isfinite(value) or abs(math.floor(when) - value) >= 1:
            problems.append(f"{claim} {value} does not match the credential's {prop} "
                            f"{str(credential[prop])[:40]}")
    return problems, notes


def _time_problems(payload: dict[str, Any], now: datetime, skew: timedelta) -> list[str]:
    out = []
    ts = now.timestamp()
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if isinstance(nbf, (int, float)) and not isinstance(nbf, bool) and math.isfinite(nbf) \
            and nbf > ts + skew.total_seconds():
        out.append(f"nbf {nbf} is in the future")
    if isinstance(exp, (int, float)) and not isinstance(exp, bool) and math.isfinite(exp) \
            and exp < ts - skew.total_seconds():
        out.append(f"exp {exp} is in the past")
    return out


def _vc1_credential(vc: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """A VC 1.1 ``vc`` claim completed from the JWT claims it may omit (VC 1.1 §6.3.1)."""
    out = dict(vc)
    if "issuer" not in out and isinstance(payload.get("iss"), str):
        out["issuer"] = payload["iss"]
    if "id" not in out and isinstance(payload.get("jti"), str):
        out["id"] = payload["jti"]
    subject = out.get("credentialSubject")
    if isinstance(subject, dict) and "id" not in subject and isinstance(payload.get("sub"), str):
        out["credentialSubject"] = {**subject, "id": payload["sub"]}
    if "validFrom" in out or "validUntil" in out:  # a VC 2.0 credential: dates are its own
        return out
    for claim, prop in (("nbf", "issuanceDate"), ("exp", "expirationDate")):
        value = payload.get(claim)
        if prop not in out and isinstance(value, int) and not isinstance(value, bool):
            with contextlib.suppress(OverflowError, OSError, ValueError):
                out[prop] = datetime.fromtimestamp(value, timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ")
    return out


def verify(
    token: str | bytes,
    *,
    resolver: Resolver,
    now: datetime | None = None,
    skew_seconds: float = 300,
    limits: Limits = DEFAULT_LIMITS,
) -> JwtVerification:
    """Verify a VC-JWT; never raises on a hostile token.

    Checks, in order: size, compact-JWS shape, header (allowed ``alg``, no ``crit``, no
    private ``jwk``), payload and credential, the key (``kid`` through ``resolver``; an inline
    ``jwk`` only when the issuer's keys, listed by the resolver, include it; neither: the
    issuer's ``assertionMethod`` keys), ``alg`` against the key's type, the signature, the
    key's binding to the issuer, then the claims against the credential.
    """
    out = JwtVerification(credential=None, form=None, header=None,
                          result=ProofResult("VC-JWT", False, "proof.error", "not verified"))
    try:
        _verify_into(out, token, resolver, now or utcnow(), timedelta(seconds=skew_seconds),
                     limits)
    except _Failure as f:
        out.result = ProofResult(out.result.suite, False, f.code, f.message,
                                 out.result.verification_method, out.result.controller,
                                 {**out.result.details, **f.details})
    except InputTooLargeError as exc:
        out.result = ProofResult("VC-JWT", False, "proof.jwt_too_large", exc.message)
    except InvalidInputError as exc:
        out.result = ProofResult(out.result.suite, False, "proof.jwt_malformed", exc.message)
    except Exception as exc:  # a hostile token must never escape as an exception
        out.result = ProofResult(out.result.suite, False, "proof.error",
                                 f"verification failed unexpectedly: {type(exc).__name__}")
    return out


def _verify_into(out: JwtVerification, token: str | bytes, resolver: Resolver, now: datetime,
                 skew: timedelta, limits: Limits) -> None:
    h64, p64, s64 = _split(token, limits)
    header = _decode_json_part(h64, "header", limits)
    out.header = header
    alg = _check_header(header)
    suite = f"VC-JWT/{alg}"
    out.result = ProofResult(suite, False, "proof.error", "not verified",
                             details={"alg": alg})
    payload = _decode_json_part(p64, "payload", limits)
    out.payload = payload
    try:
        signature = _b64decode_part(s64)
    except (KeyFormatError, ValueError):
        raise _Failure("proof.jwt_malformed", "the JWT signature is not base64url") from None
    if not signature:
        raise _Failure("proof.jwt_malformed", "the JWT has an empty signature (unsecured)")
    credential, form = credential_of(payload)
    if _TYPES.get(str(header.get("typ"))) == "vc-jose":
        if "vc" in payload or "vp" in payload:
            raise _Failure("proof.jwt_malformed",
                           "a vc+jwt payload must not have a 'vc' or 'vp' claim")
        form = "vc-jose"
    if credential is None:
        raise _Failure("proof.jwt_malformed", "the JWT 'vc' claim is not a JSON object")
    if form == "vc1":
        credential = _vc1_credential(credential, payload)
    out.form = form
    out.credential = credential
    out.result.details["form"] = form
    issuer = _issuer_id(credential)
    if issuer is None:
        raise _Failure("proof.jwt_malformed", "the credential in the JWT has no issuer id")

    kid = header.get("kid")
    inline = header.get("jwk")
    vm: VerificationMethod | None = None
    candidates: list[VerificationMethod] = []
    if isinstance(kid, str) and kid:
        vm = _resolve(resolver, _absolute_kid(kid, issuer))
        out.result.verification_method = vm.id
        out.result.details["keySource"] = "kid"
        if inline is not None:
            try:
                inline_key = public_key_from_jwk(inline)
            except KeyFormatError as exc:
                raise _Failure("proof.jwt_malformed",
                               f"the JWT header 'jwk' is unusable: {exc.message}") from None
            if not same_public_key(inline_key, vm.public_key):
                raise _Failure("proof.key_mismatch",
                               "the header 'jwk' is not the key its 'kid' names")
        candidates = [vm]
    elif inline is not None:
        try:
            inline_key = public_key_from_jwk(inline)
        except KeyFormatError as exc:
            raise _Failure("proof.jwt_malformed",
                           f"the JWT header 'jwk' is unusable: {exc.message}") from None
        thumb = jwk_thumbprint(jwk_from_public_key(inline_key))
        out.result.details.update(keySource="jwk", jwkThumbprint=thumb)
        _check_alg(alg, inline_key)
        if not _signature_ok(alg, inline_key, f"{h64}.{p64}".encode("ascii"), signature):
            raise _Failure("proof.signature_invalid", "the signature does not match the "
                           "token (tampered, or signed by another key)")
        out.result.details["signatureValid"] = True
        try:
            listed = _issuer_methods(resolver, issuer)
        except _Failure as f:
            raise _Failure("proof.key_not_bound_to_issuer",
                           "the signature is valid with the key in the 'jwk' header, but "
                           f"that key is not shown to belong to the issuer: {f.message}",
                           binding=f.code) from None
        bound = next((m for m in listed if same_public_key(m.public_key, inline_key)
                      and _binding_problem(m, issuer) is None), None)
        if bound is None:
            raise _Failure("proof.key_not_bound_to_issuer",
                           "the signature is valid with the key in the 'jwk' header, but that "
                           f"key is not in the issuer's DID document or JWKS ({issuer})")
        vm = bound
        out.result.verification_method = vm.id
    else:
        out.result.details["keySource"] = "issuer"
        out.result.details["note"] = "the header has neither kid nor jwk (OB 3.0 needs one)"
        candidates = [m for m in _issuer_methods(resolver, issuer)
                      if algorithm_for_key(m.public_key) == alg]
        if not candidates:
            raise _Failure("proof.key_unresolved", "the JWT names no key (no kid, no jwk) "
                           f"and no {alg} key of the issuer {issuer} is known")

    if out.result.details.get("signatureValid") is not True:
        signing_input = f"{h64}.{p64}".encode("ascii")
        verified_by = None
        for cand in candidates:
            _check_alg(alg, cand.public_key)
            if _signature_ok(alg, cand.public_key, signing_input, signature):
                verified_by = cand
                break
        if verified_by is None:
            raise _Failure("proof.signature_invalid", "the signature does not match the "
                           "token (tampered, or signed by another key)")
        vm = verified_by
        out.result.verification_method = vm.id
        out.result.details["signatureValid"] = True
    assert vm is not None
    out.result.controller = vm.controller
    out.result.details["keyType"] = vm.key_type
    problem = _binding_problem(vm, issuer)
    if problem is not None:
        raise _Failure(problem[0], "the signature is valid, but " + problem[1])

    problems, notes = _claim_problems(payload, credential, form, issuer)
    out.claim_problems = problems
    out.time_problems = _time_problems(payload, now, skew)
    if notes:
        out.result.details["claimNotes"] = notes
    if out.time_problems:
        out.result.details["timeProblems"] = out.time_problems
    if problems:
        raise _Failure("proof.jwt_claims_mismatch",
                       "the signature is valid, but the JWT claims disagree with the "
                       f"credential: {'; '.join(problems[:5])}", claimProblems=problems)
    out.result.ok = True
    out.result.code = "proof.valid"
    out.result.message = f"{alg} signature verified with {vm.id[:160]}"


def _check_alg(alg: str, key: PublicKey) -> None:
    expected = algorithm_for_key(key)
    if expected != alg:
        raise _Failure("proof.jwt_alg_not_allowed",
                       f"the header says {alg} but the key is {key_type_of(key)} "
                       f"(which signs {expected}); the key decides the algorithm")
