"""What every proof verifier returns: one :class:`ProofResult` per proof."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ProofResult:
    """The outcome of verifying one proof.

    ``ok`` is true only when the signature verified *and* the key is shown to belong
    to the issuer (controller check, ``assertionMethod`` relationship). ``code`` is a
    stable machine-readable outcome (``proof.valid``, ``proof.signature_invalid``,
    ``proof.key_unresolved``, ``proof.controller_mismatch``, ``proof.unsupported`` ...).
    """

    suite: str  #: e.g. "DataIntegrityProof/eddsa-rdfc-2022", "Ed25519Signature2020", "VC-JWT/RS256"
    ok: bool
    code: str
    message: str
    verification_method: str | None = None
    controller: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
