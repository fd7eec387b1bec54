"""Public JWKs (RFC 7517/7518/8037): read, write, thumbprint, and the JWS algorithm of a key.

Only the three key types the library signs with are read: ``OKP``/``Ed25519``, ``EC``/``P-256``
and ``RSA`` (at least 2048 bits). A JWK that carries private members is refused where a
public key is expected (``allow_private=False``), since publishing one is a leak.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from ..errors import KeyFormatError
from .ed25519 import b64url_decode, b64url_encode, public_key_from_bytes

if TYPE_CHECKING:
    from .base import PublicKey

# cryptography's EC and RSA modules are imported where an EC or RSA key is met: an Ed25519
# badge never needs them (a cold ``openbadge verify`` saves ~3 ms; the RSA module also
# imports ``random``)

#: smallest RSA modulus accepted, in bits (OB 3.0: RS256 with keys of at least 2048 bits)
MIN_RSA_BITS = 2048
#: JWK members that only a private key has
PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
#: JWS algorithms the library signs and verifies with, by key type
ALGORITHM_BY_KEY_TYPE = {"Ed25519": "EdDSA", "P-256": "ES256", "RSA": "RS256"}


def _member(jwk: dict[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str) or not value:
        raise KeyFormatError(f"JWK member {name!r} is missing or not a string")
    if len(value) > 2048:
        raise KeyFormatError(f"JWK member {name!r} is too long")
    try:
        return b64url_decode(value)
    except KeyFormatError:
        raise KeyFormatError(f"JWK member {name!r} is not base64url") from None


def public_key_from_jwk(jwk: Any, *, allow_private: bool = False) -> PublicKey:
    """The public key of a JWK; raises :class:`KeyFormatError` for anything unusable."""
    if not isinstance(jwk, dict):
        raise KeyFormatError("a JWK must be a JSON object")
    if not allow_private and PRIVATE_MEMBERS & jwk.keys():
        raise KeyFormatError("the JWK contains private key members; a public key was expected")
    kty = jwk.get("kty")
    if kty == "OKP":
        if jwk.get("crv") != "Ed25519":
            raise KeyFormatError(f"unsupported OKP curve {jwk.get('crv')!r} (only Ed25519)")
        return public_key_from_bytes(_member(jwk, "x"))
    if kty == "EC":
        if jwk.get("crv") != "P-256":
            raise KeyFormatError(f"unsupported EC curve {jwk.get('crv')!r} (only P-256)")
        x, y = _member(jwk, "x"), _member(jwk, "y")
        if len(x) != 32 or len(y) != 32:
            raise KeyFormatError("P-256 JWK coordinates must be 32 bytes each")
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            return ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
        except ValueError:
            raise KeyFormatError("the P-256 JWK point is not on the curve") from None
    if kty == "RSA":
        n, e = _member(jwk, "n"), _member(jwk, "e")
        n_int, e_int = int.from_bytes(n, "big"), int.from_bytes(e, "big")
        if n_int.bit_length() < MIN_RSA_BITS:
            raise KeyFormatError(
                f"RSA key of {n_int.bit_length()} bits is too small (minimum {MIN_RSA_BITS})")
        if n_int.bit_length() > 16384:
            raise KeyFormatError("RSA key is too large (over 16384 bits)")
        from cryptography.hazmat.primitives.asymmetric import rsa

        try:
            return rsa.RSAPublicNumbers(e_int, n_int).public_key()
        except ValueError:
            raise KeyFormatError("invalid RSA public key") from None
    raise KeyFormatError(f"unsupported JWK key type {kty!r} (OKP, EC or RSA)")


def _uint(value: int) -> str:
    return b64url_encode(value.to_bytes((value.bit_length() + 7) // 8 or 1, "big"))


def jwk_from_public_key(key: PublicKey) -> dict[str, Any]:
    """The public JWK of a cryptography public key (members in RFC 7638 order)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return {"crv": "Ed25519", "kty": "OKP", "x": b64url_encode(key.public_bytes_raw())}
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if isinstance(key, ec.EllipticCurvePublicKey):
        if not isinstance(key.curve, ec.SECP256R1):
            raise KeyFormatError(f"unsupported EC curve {key.curve.name} (only P-256)")
        nums = key.public_numbers()
        return {"crv": "P-256", "kty": "EC", "x": b64url_encode(nums.x.to_bytes(32, "big")),
                "y": b64url_encode(nums.y.to_bytes(32, "big"))}
    if isinstance(key, rsa.RSAPublicKey):
        rn = key.public_numbers()
        return {"e": _uint(rn.e), "kty": "RSA", "n": _uint(rn.n)}
    raise KeyFormatError(f"unsupported key type {type(key).__name__}")


def jwk_thumbprint(jwk: dict[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint (base64url) of a public JWK."""
    required = {"OKP": ("crv", "kty", "x"), "EC": ("crv", "kty", "x", "y"),
                "RSA": ("e", "kty", "n")}.get(str(jwk.get("kty")))
    if required is None or any(not isinstance(jwk.get(m), str) for m in required):
        raise KeyFormatError("cannot compute the thumbprint of this JWK")
    canon = json.dumps({m: jwk[m] for m in required}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canon.encode("utf-8")).digest())


def key_type_of(key: PublicKey) -> str:
    """``Ed25519``, ``P-256``, ``RSA`` (or the curve name of another EC key)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519"
    from cryptography.hazmat.primitives.asymmetric import rsa

    if isinstance(key, rsa.RSAPublicKey):
        return "RSA"
    return {"secp256r1": "P-256"}.get(key.curve.name, key.curve.name)


def algorithm_for_key(key: PublicKey) -> str | None:
    """The one JWS ``alg`` this library uses with ``key`` (None when it has none)."""
    return ALGORITHM_BY_KEY_TYPE.get(key_type_of(key))


def same_public_key(a: PublicKey, b: PublicKey) -> bool:
    """Whether two public keys are the same key."""
    try:
        return jwk_from_public_key(a) == jwk_from_public_key(b)
    except KeyFormatError:
        return False
