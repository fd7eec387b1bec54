"""Key and resolution contracts shared by every proof format.

A :class:`VerificationMethod` is a public key with the identity that controls it and
the verification relationships it is listed under (``assertionMethod`` ...). A
:class:`Resolver` turns a verification method id (a DID URL, an HTTPS URL with a
fragment, a JWT ``kid``) into one, or raises :class:`~openbadge_kit.errors.ResolutionError`
(``NetworkDisabledError`` when only the network could answer and it is not allowed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from typing import TypeAlias

    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    #: public key types the library verifies with
    PublicKey: TypeAlias = (
        ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey)
else:
    def __getattr__(name: str) -> Any:
        # ``PublicKey`` is built on first use: importing cryptography's RSA and EC modules
        # (and ``random``, which the RSA module imports) costs a cold ``openbadge verify``
        # of an Ed25519 badge ~3 ms for nothing
        if name != "PublicKey":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

        value = ed25519.Ed25519PublicKey | rsa.RSAPublicKey | ec.EllipticCurvePublicKey
        globals()["PublicKey"] = value
        return value


@dataclass(frozen=True)
class VerificationMethod:
    """A resolved verification method."""

    id: str
    type: str  #: Multikey, Ed25519VerificationKey2020, JsonWebKey, JsonWebKey2020 ...
    controller: str
    public_key: PublicKey
    #: verification relationships of the controller document that list this method
    relationships: frozenset[str] = field(default_factory=frozenset)
    #: the verification method object as published, for reports
    document: dict[str, Any] | None = None

    @property
    def key_type(self) -> str:
        """``Ed25519``, ``RSA`` or ``P-256`` (the curve name for other EC keys)."""
        from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

        if isinstance(self.public_key, ed25519.Ed25519PublicKey):
            return "Ed25519"
        if isinstance(self.public_key, rsa.RSAPublicKey):
            return "RSA"
        name = self.public_key.curve.name
        return {"secp256r1": "P-256", "secp384r1": "P-384"}.get(name, name)


@runtime_checkable
class Resolver(Protocol):
    """Resolves verification method ids to keys."""

    def resolve(self, method_id: str) -> VerificationMethod:
        """The verification method ``method_id`` names; raises ResolutionError."""
        ...


@runtime_checkable
class SigningKey(Protocol):
    """A private key that signs JWS / Data Integrity payloads.

    Implemented by ``Ed25519KeyPair`` (``EdDSA``), ``RsaKeyPair`` (``RS256``) and
    ``P256KeyPair`` (``ES256``). ``sign`` returns the signature in JWS form (for ES256 the
    64-byte ``r || s``, not DER). ``key_id`` is the verification method id / JWT ``kid`` when
    the key has one.
    """

    @property
    def algorithm(self) -> str:
        """The JWS ``alg``: ``EdDSA``, ``RS256`` or ``ES256``."""
        ...

    @property
    def key_id(self) -> str | None:
        """The key's id (DID URL, JWKS key URL), if it has one."""
        ...

    @property
    def public_key(self) -> PublicKey:
        """The cryptography public key."""
        ...

    def public_jwk(self) -> dict[str, Any]:
        """The public JWK (with ``kid`` when the key has an id)."""
        ...

    def sign(self, data: bytes) -> bytes:
        """The JWS signature of ``data``."""
        ...
