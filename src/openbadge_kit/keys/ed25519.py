"""Ed25519 key pairs and their Multikey, did:key, JWK and PEM encodings.

Multikey (NOTES 3.1): a public key is ``"z"`` + base58btc(``0xed 0x01`` ‖ 32 bytes) and always
starts ``z6Mk``; a secret key is ``"z"`` + base58btc(``0x80 0x26`` ‖ 32-byte seed), starting
``z3u2``. Some tools (Digital Bazaar's Ed25519VerificationKey2020, the 1EdTech vectors) put the
64-byte ``seed ‖ public key`` after the ``0x80 0x26`` prefix instead; both are read.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import base58
from cryptography.hazmat.primitives.asymmetric import ed25519

from ..errors import KeyFormatError

#: multicodec varint prefix of an Ed25519 public key (0xed)
ED25519_PUB_PREFIX = b"\xed\x01"
#: multicodec varint prefix of an Ed25519 private key (0x1300)
ED25519_PRIV_PREFIX = b"\x80\x26"
_B64URL_TEXT = re.compile(r"[A-Za-z0-9_-]*")
#: longest multibase string accepted before decoding (base58 decoding is quadratic)
_MAX_MULTIBASE_CHARS = 256


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 ``B64``)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url without padding, strictly; raises :class:`KeyFormatError`."""
    if not isinstance(text, str) or len(text) % 4 == 1:
        raise KeyFormatError("not a base64url string")
    if _B64URL_TEXT.fullmatch(text) is None:
        raise KeyFormatError("base64url string contains characters outside its alphabet")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise KeyFormatError("not a base64url string") from None


def decode_multibase_base58(value: str, *, what: str = "multibase value") -> bytes:
    """Bytes of a ``z``-prefixed base58btc multibase string; raises :class:`KeyFormatError`."""
    if not isinstance(value, str) or not value:
        raise KeyFormatError(f"{what} must be a non-empty string")
    if len(value) > _MAX_MULTIBASE_CHARS:
        raise KeyFormatError(f"{what} is too long ({len(value)} characters)")
    if value[0] != "z":
        raise KeyFormatError(f"{what} must be base58btc multibase (start with 'z')")
    try:
        return bytes(base58.b58decode(value[1:].encode("ascii")))
    except (ValueError, UnicodeEncodeError):
        raise KeyFormatError(f"{what} is not valid base58btc") from None


def encode_multibase_base58(data: bytes) -> str:
    """``"z"`` + base58btc(data)."""
    return "z" + base58.b58encode(data).decode("ascii")


def encode_multikey_public(public_bytes: bytes) -> str:
    """The ``publicKeyMultibase`` (``z6Mk...``) of a raw 32-byte Ed25519 public key."""
    if len(public_bytes) != 32:
        raise KeyFormatError(f"an Ed25519 public key has 32 bytes, not {len(public_bytes)}")
    return encode_multibase_base58(ED25519_PUB_PREFIX + bytes(public_bytes))


def decode_multikey_public(value: str) -> bytes:
    """The raw 32-byte Ed25519 public key of a ``publicKeyMultibase`` value.

    Refuses any multicodec other than Ed25519 public (0xed01), and secret keys in particular,
    with :class:`KeyFormatError`.
    """
    raw = decode_multibase_base58(value, what="publicKeyMultibase")
    if raw[:2] == ED25519_PRIV_PREFIX:
        raise KeyFormatError("publicKeyMultibase holds a SECRET key (multicodec 0x1300); refused")
    if raw[:2] != ED25519_PUB_PREFIX:
        raise KeyFormatError(
            f"publicKeyMultibase is not an Ed25519 public key (multicodec prefix "
            f"0x{raw[:2].hex()}, expected 0xed01)"
        )
    if len(raw) != 34:
        raise KeyFormatError(f"Ed25519 public key must be 32 bytes, got {len(raw) - 2}")
    return raw[2:]


def decode_multikey_secret(value: str) -> bytes:
    """The 32-byte seed of a ``secretKeyMultibase`` (seed, or seed ‖ public key) value."""
    raw = decode_multibase_base58(value, what="secret key multibase")
    if raw[:2] != ED25519_PRIV_PREFIX:
        raise KeyFormatError("not an Ed25519 secret Multikey (multicodec prefix must be 0x8026)")
    body = raw[2:]
    if len(body) == 32:
        return body
    if len(body) == 64:
        seed, pub = body[:32], body[32:]
        derived = _from_seed(seed).public_key().public_bytes_raw()
        if derived != pub:
            raise KeyFormatError("secret Multikey: the public half does not match the seed")
        return seed
    raise KeyFormatError(f"Ed25519 secret key must be 32 (or 64) bytes, got {len(body)}")


def public_key_from_bytes(public_bytes: bytes) -> ed25519.Ed25519PublicKey:
    """A cryptography Ed25519 public key from 32 raw bytes; raises :class:`KeyFormatError`."""
    if len(public_bytes) != 32:
        raise KeyFormatError(f"an Ed25519 public key has 32 bytes, not {len(public_bytes)}")
    try:
        return ed25519.Ed25519PublicKey.from_public_bytes(bytes(public_bytes))
    except ValueError:
        raise KeyFormatError("not a valid Ed25519 public key") from None


def public_key_from_multikey(value: str) -> ed25519.Ed25519PublicKey:
    """The Ed25519 public key of a ``z6Mk...`` Multikey value."""
    return public_key_from_bytes(decode_multikey_public(value))


def did_key_from_public(public_bytes: bytes) -> str:
    """``did:key:z6Mk...`` of a raw Ed25519 public key."""
    return "did:key:" + encode_multikey_public(public_bytes)


def _from_seed(seed: bytes) -> ed25519.Ed25519PrivateKey:
    if not isinstance(seed, (bytes, bytearray)) or len(seed) != 32:
        raise KeyFormatError("an Ed25519 seed is exactly 32 bytes")
    return ed25519.Ed25519PrivateKey.from_private_bytes(bytes(seed))


class Ed25519KeyPair:
    """An Ed25519 signing key (JWS ``alg`` ``EdDSA``) with its public encodings.

    ``key_id`` (a DID URL or JWKS key id) and ``controller`` are optional labels carried by
    key files; signing code uses ``key_id`` as the verification method / JWT ``kid`` when set.
    The private seed is never shown by ``repr``.
    """

    algorithm = "EdDSA"
    key_type = "Ed25519"

    def __init__(
        self,
        private_key: ed25519.Ed25519PrivateKey,
        *,
        key_id: str | None = None,
        controller: str | None = None,
    ) -> None:
        self._private = private_key
        self.public_key: ed25519.Ed25519PublicKey = private_key.public_key()
        #: raw 32-byte public key
        self.public_bytes: bytes = self.public_key.public_bytes_raw()
        self.key_id = key_id
        self.controller = controller

    # --- construction ------------------------------------------------------------------

    @classmethod
    def generate(cls, *, key_id: str | None = None, controller: str | None = None
                 ) -> Ed25519KeyPair:
        """A new random key pair."""
        return cls(ed25519.Ed25519PrivateKey.generate(), key_id=key_id, controller=controller)

    @classmethod
    def from_seed(cls, seed: bytes, *, key_id: str | None = None,
                  controller: str | None = None) -> Ed25519KeyPair:
        """The key pair of a 32-byte seed (RFC 8032 private key)."""
        return cls(_from_seed(seed), key_id=key_id, controller=controller)

    @classmethod
    def from_multikey(cls, secret_multibase: str, *, key_id: str | None = None,
                      controller: str | None = None) -> Ed25519KeyPair:
        """The key pair of a ``secretKeyMultibase`` / ``privateKeyMultibase`` value."""
        return cls.from_seed(decode_multikey_secret(secret_multibase), key_id=key_id,
                             controller=controller)

    @classmethod
    def from_jwk(cls, jwk: dict[str, Any], *, key_id: str | None = None,
                 controller: str | None = None) -> Ed25519KeyPair:
        """The key pair of a private OKP/Ed25519 JWK (with ``d``); checks ``x`` when present."""
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise KeyFormatError("not an Ed25519 JWK (kty OKP, crv Ed25519)")
        d = jwk.get("d")
        if not isinstance(d, str):
            raise KeyFormatError("the JWK has no private part 'd'")
        pair = cls.from_seed(b64url_decode(d), key_id=key_id or _opt_str(jwk.get("kid")),
                             controller=controller)
        x = jwk.get("x")
        if x is not None and x != b64url_encode(pair.public_bytes):
            raise KeyFormatError("the JWK's 'x' does not match its private key 'd'")
        return pair

    @classmethod
    def from_pem(cls, data: bytes | str, *, password: bytes | None = None,
                 key_id: str | None = None, controller: str | None = None) -> Ed25519KeyPair:
        """The key pair of a PKCS#8 PEM private key."""
        # cryptography's serialization package (SSH, ciphers, DH, DSA ...) is imported only
        # for PEM: a cold ``openbadge verify`` saves ~7 ms
        from cryptography.exceptions import UnsupportedAlgorithm
        from cryptography.hazmat.primitives import serialization

        raw = data.encode("ascii") if isinstance(data, str) else data
        try:
            key = serialization.load_pem_private_key(raw, password=password)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise KeyFormatError("not a readable PEM private key (or wrong password)") from None
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise KeyFormatError("the PEM key is not an Ed25519 key")
        return cls(key, key_id=key_id, controller=controller)

    # --- private material ----------------------------------------------------------------

    @property
    def seed(self) -> bytes:
        """The 32-byte private seed. Keep it secret."""
        return self._private.private_bytes_raw()

    @property
    def private_key(self) -> ed25519.Ed25519PrivateKey:
        """The cryptography private key object."""
        return self._private

    @property
    def secret_multikey(self) -> str:
        """``secretKeyMultibase`` (``z3u2...``). Keep it secret."""
        return encode_multibase_base58(ED25519_PRIV_PREFIX + self.seed)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self._private.sign(data)

    def to_pem(self, *, password: bytes | None = None) -> bytes:
        """The private key as PKCS#8 PEM (encrypted when ``password`` is given)."""
        from cryptography.hazmat.primitives import serialization

        enc: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password) if password
            else serialization.NoEncryption()
        )
        return self._private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)

    # --- public encodings ---------------------------------------------------------------

    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        from cryptography.hazmat.primitives import serialization

        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    @property
    def public_multikey(self) -> str:
        """``publicKeyMultibase`` (``z6Mk...``)."""
        return encode_multikey_public(self.public_bytes)

    @property
    def did_key(self) -> str:
        """``did:key:z6Mk...``."""
        return "did:key:" + self.public_multikey

    @property
    def did_key_vm(self) -> str:
        """The did:key verification method id, ``did:key:z6Mk...#z6Mk...``."""
        mk = self.public_multikey
        return f"did:key:{mk}#{mk}"

    def to_jwk(self, private: bool = False) -> dict[str, Any]:
        """The OKP JWK (RFC 8037); with ``d`` only when ``private`` is true."""
        jwk: dict[str, Any] = {"kty": "OKP", "crv": "Ed25519",
                               "x": b64url_encode(self.public_bytes)}
        if private:
            jwk["d"] = b64url_encode(self.seed)
        return jwk

    def public_jwk(self) -> dict[str, Any]:
        """The public JWK, with ``kid`` when the key has an id (``SigningKey`` protocol)."""
        jwk = self.to_jwk()
        if self.key_id:
            jwk["kid"] = self.key_id
        return jwk

    def multikey_vm(self, controller: str, fragment: str | None = None) -> dict[str, Any]:
        """A Multikey verification method object ``<controller>#<fragment>`` for this key."""
        frag = fragment or self.public_multikey
        return {"id": f"{controller}#{frag}", "type": "Multikey", "controller": controller,
                "publicKeyMultibase": self.public_multikey}

    def __repr__(self) -> str:
        label = f", key_id={self.key_id!r}" if self.key_id else ""
        return f"Ed25519KeyPair({self.public_multikey}{label})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ed25519KeyPair):
            return NotImplemented
        return self.public_bytes == other.public_bytes and self.seed == other.seed

    def __hash__(self) -> int:
        return hash(self.public_bytes)


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
