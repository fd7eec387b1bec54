"""did:key and did:jwk: create identifiers and generate their DID documents, offline.

did:key (NOTES 3.2): ``did:key:`` + multibase(multicodec ‖ raw key), optionally with a version
segment ``did:key:1:...``; one verification method ``<did>#<multibase>`` listed under every
verification relationship. Ed25519 (``z6Mk...``) and P-256 (``zDn...``, compressed point) keys
are read. did:jwk: ``did:jwk:`` + base64url(JSON of the public JWK); its one method is ``#0``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..errors import KeyFormatError, ResolutionError
from .ed25519 import (
    ED25519_PRIV_PREFIX,
    ED25519_PUB_PREFIX,
    b64url_decode,
    b64url_encode,
    decode_multibase_base58,
    encode_multibase_base58,
    public_key_from_bytes,
)
from .jwk import jwk_from_public_key, public_key_from_jwk

if TYPE_CHECKING:
    from .base import PublicKey

# cryptography's EC and serialization modules are imported by the functions that use them:
# an Ed25519 did:key never needs them (a cold ``openbadge verify`` saves ~10 ms)

#: multicodec varint prefix of a compressed P-256 public key (0x1200)
P256_PUB_PREFIX = b"\x80\x24"
#: the verification relationships a did:key / did:jwk method is listed under
ALL_RELATIONSHIPS = frozenset(
    {"authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"})
#: longest did:jwk method-specific id accepted (an RSA-4096 JWK is about 1 KB)
_MAX_DID_JWK_CHARS = 4096


def decode_multikey(value: str) -> PublicKey:
    """The public key of a Multikey ``publicKeyMultibase`` (Ed25519 or P-256).

    Secret-key prefixes and every other multicodec are refused with :class:`KeyFormatError`.
    """
    raw = decode_multibase_base58(value, what="publicKeyMultibase")
    prefix, body = raw[:2], raw[2:]
    if prefix == ED25519_PUB_PREFIX:
        if len(body) != 32:
            raise KeyFormatError(f"Ed25519 public key must be 32 bytes, got {len(body)}")
        return public_key_from_bytes(body)
    if prefix == P256_PUB_PREFIX:
        if len(body) != 33:
            raise KeyFormatError(f"P-256 compressed key must be 33 bytes, got {len(body)}")
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), body)
        except ValueError:
            raise KeyFormatError("the P-256 Multikey point is not on the curve") from None
    if prefix == ED25519_PRIV_PREFIX:
        raise KeyFormatError("publicKeyMultibase holds a SECRET key (multicodec 0x1300); refused")
    raise KeyFormatError(
        f"unsupported Multikey (multicodec prefix 0x{prefix.hex()}; Ed25519 or P-256 only)")


def encode_multikey(key: PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 or P-256 public key."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    if isinstance(key, ed25519.Ed25519PublicKey):
        return encode_multibase_base58(ED25519_PUB_PREFIX + key.public_bytes_raw())
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        point = key.public_bytes(serialization.Encoding.X962,
                                 serialization.PublicFormat.CompressedPoint)
        return encode_multibase_base58(P256_PUB_PREFIX + point)
    raise KeyFormatError("only Ed25519 and P-256 keys have a Multikey encoding here")


def did_key_for(key: PublicKey) -> str:
    """``did:key:...`` of an Ed25519 or P-256 public key."""
    return "did:key:" + encode_multikey(key)


def parse_did_key(method_id: str) -> tuple[str, str, str | None]:
    """Split a did:key DID URL into ``(did, multibase value, fragment or None)``.

    Raises :class:`ResolutionError` for anything that is not a well-formed did:key URL.
    """
    if not isinstance(method_id, str) or not method_id.startswith("did:key:"):
        raise ResolutionError(f"not a did:key identifier: {str(method_id)[:80]!r}")
    did, _, fragment = method_id.partition("#")
    if "?" in did or "/" in did:
        raise ResolutionError("did:key URLs with a path or query are not supported")
    parts = did.split(":")
    if len(parts) == 4:
        if parts[2] != "1":
            raise ResolutionError(f"unsupported did:key version {parts[2]!r}")
        mb = parts[3]
    elif len(parts) == 3:
        mb = parts[2]
    else:
        raise ResolutionError(f"malformed did:key {did[:80]!r}")
    if not mb.startswith("z"):
        raise ResolutionError("a did:key value must be base58btc multibase (start with 'z')")
    return did, mb, (fragment if "#" in method_id else None)


def did_key_document(did: str, *, vm_type: str = "Multikey") -> dict[str, Any]:
    """The DID document of a did:key (``vm_type`` Multikey or Ed25519VerificationKey2020)."""
    did, mb, _ = parse_did_key(did)
    try:
        decode_multikey(mb)  # validates the key
    except KeyFormatError as exc:
        raise ResolutionError(f"invalid did:key: {exc.message}") from None
    if vm_type == "Ed25519VerificationKey2020" and mb[:4] != "z6Mk":
        raise ResolutionError("Ed25519VerificationKey2020 needs an Ed25519 did:key")
    if vm_type not in ("Multikey", "Ed25519VerificationKey2020"):
        raise ResolutionError(f"unsupported did:key verification method type {vm_type!r}")
    context = ("https://w3id.org/security/multikey/v1" if vm_type == "Multikey"
               else "https://w3id.org/security/suites/ed25519-2020/v1")
    vm_id = f"{did}#{mb}"
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/did/v1", context],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": vm_type, "controller": did, "publicKeyMultibase": mb}],
    }
    for rel in sorted(ALL_RELATIONSHIPS):
        doc[rel] = [vm_id]
    return doc


def did_jwk_for(jwk: dict[str, Any]) -> str:
    """``did:jwk:...`` of a public JWK (private members are refused)."""
    public_key_from_jwk(jwk)  # validates, refuses private members
    return "did:jwk:" + b64url_encode(
        json.dumps(jwk, separators=(",", ":"), sort_keys=True).encode("utf-8"))


def did_jwk_for_key(key: PublicKey) -> str:
    """``did:jwk:...`` of a public key."""
    return did_jwk_for(jwk_from_public_key(key))


def parse_did_jwk(method_id: str) -> tuple[str, dict[str, Any], str | None]:
    """Split a did:jwk URL into ``(did, public JWK, fragment or None)``; ResolutionError."""
    if not isinstance(method_id, str) or not method_id.startswith("did:jwk:"):
        raise ResolutionError(f"not a did:jwk identifier: {str(method_id)[:80]!r}")
    did, _, fragment = method_id.partition("#")
    value = did[len("did:jwk:"):]
    if not value or len(value) > _MAX_DID_JWK_CHARS or ":" in value:
        raise ResolutionError("malformed did:jwk identifier")
    try:
        jwk = json.loads(b64url_decode(value).decode("utf-8"))
        public_key_from_jwk(jwk)
    except KeyFormatError as exc:
        raise ResolutionError(f"invalid did:jwk key: {exc.message}") from None
    except (UnicodeDecodeError, ValueError):
        raise ResolutionError("did:jwk value is not base64url-encoded JSON") from None
    return did, jwk, (fragment if "#" in method_id else None)


def did_jwk_document(did: str) -> dict[str, Any]:
    """The DID document of a did:jwk (one JsonWebKey method ``#0``)."""
    did, jwk, _ = parse_did_jwk(did)
    vm_id = f"{did}#0"
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "JsonWebKey", "controller": did, "publicKeyJwk": jwk}],
    }
    rels = set(ALL_RELATIONSHIPS)
    if jwk.get("use") == "enc":
        rels = {"keyAgreement"}
    for rel in sorted(rels):
        doc[rel] = [vm_id]
    return doc
