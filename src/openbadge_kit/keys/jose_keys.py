"""RSA (RS256, at least 2048 bits) and P-256 (ES256) key pairs for VC-JWT.

Both follow the :class:`~openbadge_kit.keys.base.SigningKey` protocol, like
:class:`~openbadge_kit.keys.ed25519.Ed25519KeyPair`: ``algorithm``, ``key_id``,
``public_key``, ``public_jwk()`` and ``sign(data)`` (JWS signature bytes). Private material
never appears in ``repr``.
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from ..errors import KeyFormatError
from .ed25519 import Ed25519KeyPair, b64url_decode, b64url_encode
from .jwk import MIN_RSA_BITS, jwk_from_public_key, jwk_thumbprint


def _load_pem(data: bytes | str, password: bytes | None) -> Any:
    raw = data.encode("ascii") if isinstance(data, str) else data
    try:
        return serialization.load_pem_private_key(raw, password=password)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise KeyFormatError("not a readable PEM private key (or wrong password)") from None


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, password: bytes | None) -> bytes:
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password) if password
        else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def _int(jwk: dict[str, Any], name: str) -> int:
    value = jwk.get(name)
    if not isinstance(value, str) or not value or len(value) > 2048:
        raise KeyFormatError(f"JWK member {name!r} is missing or not a string")
    return int.from_bytes(b64url_decode(value), "big")


def _uint(value: int, length: int | None = None) -> str:
    size = length or (value.bit_length() + 7) // 8 or 1
    return b64url_encode(value.to_bytes(size, "big"))


class _JoseKeyPair:
    """What the RSA and P-256 pairs share: ids, JWK, PEM, thumbprint and a secret-free repr."""

    algorithm = ""
    key_type = ""

    def __init__(self, key_id: str | None, controller: str | None) -> None:
        self.key_id = key_id
        self.controller = controller

    def to_jwk(self, private: bool = False) -> dict[str, Any]:
        """The JWK; with the private members only when ``private`` is true."""
        raise NotImplementedError

    def public_jwk(self) -> dict[str, Any]:
        """The public JWK with ``alg``, ``use`` and ``kid`` (when the key has an id)."""
        jwk = self.to_jwk()
        jwk["alg"] = self.algorithm
        jwk["use"] = "sig"
        if self.key_id:
            jwk["kid"] = self.key_id
        return jwk

    @property
    def thumbprint(self) -> str:
        """RFC 7638 JWK thumbprint (base64url SHA-256)."""
        return jwk_thumbprint(self.to_jwk())

    def __repr__(self) -> str:
        label = f", key_id={self.key_id!r}" if self.key_id else ""
        return f"{type(self).__name__}(thumbprint={self.thumbprint}{label})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _JoseKeyPair)
        return self.to_jwk(private=True) == other.to_jwk(private=True)

    def __hash__(self) -> int:
        return hash(self.thumbprint)


class RsaKeyPair(_JoseKeyPair):
    """An RSA signing key for ``RS256`` (RSASSA-PKCS1-v1_5 with SHA-256), 2048 bits or more."""

    algorithm = "RS256"
    key_type = "RSA"

    def __init__(self, private_key: rsa.RSAPrivateKey, *, key_id: str | None = None,
                 controller: str | None = None) -> None:
        if private_key.key_size < MIN_RSA_BITS:
            raise KeyFormatError(
                f"RSA key of {private_key.key_size} bits is too small (minimum {MIN_RSA_BITS})")
        super().__init__(key_id, controller)
        self._private = private_key
        self.public_key: rsa.RSAPublicKey = private_key.public_key()

    @classmethod
    def generate(cls, bits: int = 2048, *, key_id: str | None = None,
                 controller: str | None = None) -> RsaKeyPair:
        """A new random RSA key (``bits`` >= 2048)."""
        if bits < MIN_RSA_BITS:
            raise KeyFormatError(f"RSA keys must have at least {MIN_RSA_BITS} bits")
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=bits),
                   key_id=key_id, controller=controller)

    @classmethod
    def from_pem(cls, data: bytes | str, *, password: bytes | None = None,
                 key_id: str | None = None, controller: str | None = None) -> RsaKeyPair:
        """The key pair of a PEM private key."""
        key = _load_pem(data, password)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise KeyFormatError("the PEM key is not an RSA key")
        return cls(key, key_id=key_id, controller=controller)

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any], *, key_id: str | None = None,
                 controller: str | None = None) -> RsaKeyPair:
        """The key pair of a private RSA JWK (``n e d p q dp dq qi``)."""
        if not isinstance(jwk, dict) or jwk.get("kty") != "RSA":
            raise KeyFormatError("not an RSA JWK (kty RSA)")
        try:
            pub = rsa.RSAPublicNumbers(_int(jwk, "e"), _int(jwk, "n"))
            nums = rsa.RSAPrivateNumbers(
                p=_int(jwk, "p"), q=_int(jwk, "q"), d=_int(jwk, "d"), dmp1=_int(jwk, "dp"),
                dmq1=_int(jwk, "dq"), iqmp=_int(jwk, "qi"), public_numbers=pub)
            key = nums.private_key()
        except ValueError:
            raise KeyFormatError("the RSA JWK is not a consistent private key") from None
        kid = jwk.get("kid")
        return cls(key, key_id=key_id or (kid if isinstance(kid, str) and kid else None),
                   controller=controller)

    def to_jwk(self, private: bool = False) -> dict[str, Any]:
        """The RSA JWK (public members ``kty n e``; private ones only when asked)."""
        jwk = jwk_from_public_key(self.public_key)
        if private:
            nums = self._private.private_numbers()
            jwk.update(d=_uint(nums.d), p=_uint(nums.p), q=_uint(nums.q), dp=_uint(nums.dmp1),
                       dq=_uint(nums.dmq1), qi=_uint(nums.iqmp))
        return jwk

    def to_pem(self, *, password: bytes | None = None) -> bytes:
        """The private key as PKCS#8 PEM (encrypted when ``password`` is given)."""
        return _pem(self._private, password)

    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, data: bytes) -> bytes:
        """The RS256 signature of ``data``."""
        return self._private.sign(data, padding.PKCS1v15(), hashes.SHA256())


class P256KeyPair(_JoseKeyPair):
    """A NIST P-256 signing key for ``ES256`` (ECDSA with SHA-256; JWS ``r || s``)."""

    algorithm = "ES256"
    key_type = "P-256"

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, *, key_id: str | None = None,
                 controller: str | None = None) -> None:
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise KeyFormatError(f"not a P-256 key (curve {private_key.curve.name})")
        super().__init__(key_id, controller)
        self._private = private_key
        self.public_key: ec.EllipticCurvePublicKey = private_key.public_key()

    @classmethod
    def generate(cls, *, key_id: str | None = None, controller: str | None = None
                 ) -> P256KeyPair:
        """A new random P-256 key."""
        return cls(ec.generate_private_key(ec.SECP256R1()), key_id=key_id,
                   controller=controller)

    @classmethod
    def from_pem(cls, data: bytes | str, *, password: bytes | None = None,
                 key_id: str | None = None, controller: str | None = None) -> P256KeyPair:
        """The key pair of a PEM private key."""
        key = _load_pem(data, password)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise KeyFormatError("the PEM key is not an EC key")
        return cls(key, key_id=key_id, controller=controller)

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any], *, key_id: str | None = None,
                 controller: str | None = None) -> P256KeyPair:
        """The key pair of a private EC P-256 JWK (``x y d``); checks ``x``/``y``."""
        if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
            raise KeyFormatError("not a P-256 JWK (kty EC, crv P-256)")
        d = _int(jwk, "d")
        if not 0 < d < 2**256:
            raise KeyFormatError("the P-256 private value is out of range")
        try:
            key = ec.derive_private_key(d, ec.SECP256R1())
        except ValueError:
            raise KeyFormatError("the P-256 private value is invalid") from None
        kid = jwk.get("kid")
        pair = cls(key, key_id=key_id or (kid if isinstance(kid, str) and kid else None),
                   controller=controller)
        public = pair.to_jwk()
        if ("x" in jwk and jwk["x"] != public["x"]) or ("y" in jwk and jwk["y"] != public["y"]):
            raise KeyFormatError("the JWK's public point does not match its private key 'd'")
        return pair

    def to_jwk(self, private: bool = False) -> dict[str, Any]:
        """The EC JWK (public members ``kty crv x y``; ``d`` only when asked)."""
        jwk = jwk_from_public_key(self.public_key)
        if private:
            jwk["d"] = _uint(self._private.private_numbers().private_value, 32)
        return jwk

    def to_pem(self, *, password: bytes | None = None) -> bytes:
        """The private key as PKCS#8 PEM (encrypted when ``password`` is given)."""
        return _pem(self._private, password)

    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, data: bytes) -> bytes:
        """The ES256 signature of ``data`` as JWS wants it: 32-byte ``r`` ‖ 32-byte ``s``."""
        r, s = decode_dss_signature(self._private.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


#: a key pair of any type the library signs with
KeyPair = Ed25519KeyPair | RsaKeyPair | P256KeyPair


def key_pair_from_jwk(jwk: dict[str, Any], *, key_id: str | None = None,
                      controller: str | None = None) -> KeyPair:
    """The key pair of a private JWK of any supported type."""
    kty = jwk.get("kty") if isinstance(jwk, dict) else None
    if kty == "OKP":
        return Ed25519KeyPair.from_jwk(jwk, key_id=key_id, controller=controller)
    if kty == "RSA":
        return RsaKeyPair.from_jwk(jwk, key_id=key_id, controller=controller)
    if kty == "EC":
        return P256KeyPair.from_jwk(jwk, key_id=key_id, controller=controller)
    raise KeyFormatError(f"unsupported private JWK type {kty!r} (OKP, RSA or EC)")


def key_pair_from_pem(data: bytes | str, *, password: bytes | None = None,
                      key_id: str | None = None, controller: str | None = None) -> KeyPair:
    """The key pair of a PEM private key of any supported type."""
    key = _load_pem(data, password)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return Ed25519KeyPair(key, key_id=key_id, controller=controller)
    if isinstance(key, rsa.RSAPrivateKey):
        return RsaKeyPair(key, key_id=key_id, controller=controller)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return P256KeyPair(key, key_id=key_id, controller=controller)
    raise KeyFormatError(f"unsupported PEM key type {type(key).__name__}")


def generate_key_pair(key_type: str = "ed25519", *, key_id: str | None = None,
                      controller: str | None = None) -> KeyPair:
    """A new key pair: ``ed25519``, ``rsa`` (2048 bits) or ``p256``."""
    kind = key_type.lower().replace("-", "")
    if kind == "ed25519":
        return Ed25519KeyPair.generate(key_id=key_id, controller=controller)
    if kind == "rsa":
        return RsaKeyPair.generate(key_id=key_id, controller=controller)
    if kind == "p256":
        return P256KeyPair.generate(key_id=key_id, controller=controller)
    raise KeyFormatError(f"unknown key type {key_type!r} (ed25519, rsa or p256)")
