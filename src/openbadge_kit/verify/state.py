"""The working state of one credential's verification, passed from check to check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..proofs.base import ProofResult
from .options import VerifyOptions
from .report import VerificationReport

#: the OB types a credential may carry (AchievementCredential is an alias, NOTES 1.1)
ACHIEVEMENT_TYPES = frozenset({"AchievementCredential", "OpenBadgeCredential"})
ENDORSEMENT_TYPE = "EndorsementCredential"


@dataclass
class EndorsementBudget:
    """Endorsements verified so far in one top-level report (all levels together)."""

    used: int = 0


@dataclass
class VerifyState:
    """Everything the checks learn about one credential, in the order they learn it.

    ``stop`` is set by a check whose failure makes the later checks meaningless (the
    input cannot be read, or it is not a credential at all).
    """

    source: Any
    options: VerifyOptions
    report: VerificationReport
    #: json, jwt, png, svg (set by the input check)
    format: str | None = None
    #: JSON text or bytes still to be parsed (set by the input check)
    raw_json: str | bytes | None = None
    #: the Open Badges version the baked image declared ("3.0", "2.0", "clr-2.0")
    baked_ob_version: str | None = None
    #: the JWT compact serialization when the credential came as a VC-JWT
    jwt: str | None = None
    #: the credential JSON object (for a JWT: the credential inside it, JWT claims removed)
    credential: dict[str, Any] | None = None
    #: for a JWT: the verified payload as signed (claims included)
    jwt_payload: dict[str, Any] | None = None
    vc_version: str | None = None  #: "1.1" or "2.0"
    #: "achievement", "endorsement" or "other" (a VC that is not an Open Badge)
    kind: str | None = None
    proof_results: list[ProofResult] = field(default_factory=list)
    stop: bool = False
    #: per-credential memo of checks (e.g. schema results by URL)
    scratch: dict[str, Any] = field(default_factory=dict)
    #: endorsement recursion: how deep this credential sits, and the ids above it
    depth: int = 0
    ancestors: tuple[str, ...] = ()
    budget: EndorsementBudget = field(default_factory=EndorsementBudget)

    @property
    def proof_passed(self) -> bool:
        """Whether at least one proof verified (signature and key ownership)."""
        return any(r.ok for r in self.proof_results)

    @property
    def is_endorsement(self) -> bool:
        """Whether this credential is being verified as an endorsement of another."""
        return self.depth > 0
