"""The working state of one credential's verification, passed from check to check."""

from __future__ import annotations

from typing import Any

from ..proofs.base import ProofResult
from .options import VerifyOptions
from .report import VerificationReport

#: the OB types a credential may carry (AchievementCredential is an alias, NOTES 1.1)
ACHIEVEMENT_TYPES = frozenset({"AchievementCredential", "OpenBadgeCredential"})
ENDORSEMENT_TYPE = "EndorsementCredential"


# Plain classes rather than dataclasses: they are built on every cold start, and a
# dataclass's generated methods cost ~0.5 ms each time (issue #7).  Nothing compares or
# prints a state; the attributes and the constructor are as they were.


class EndorsementBudget:
    """Endorsements verified so far in one top-level report (all levels together)."""

    def __init__(self, used: int = 0) -> None:
        self.used = used


class VerifyState:
    """Everything the checks learn about one credential, in the order they learn it.

    ``stop`` is set by a check whose failure makes the later checks meaningless (the
    input cannot be read, or it is not a credential at all).
    """

    def __init__(
        self,
        source: Any,
        options: VerifyOptions,
        report: VerificationReport,
        format: str | None = None,
        raw_json: str | bytes | None = None,
        baked_ob_version: str | None = None,
        jwt: str | None = None,
        credential: dict[str, Any] | None = None,
        jwt_payload: dict[str, Any] | None = None,
        vc_version: str | None = None,
        kind: str | None = None,
        proof_results: list[ProofResult] | None = None,
        stop: bool = False,
        scratch: dict[str, Any] | None = None,
        depth: int = 0,
        ancestors: tuple[str, ...] = (),
        budget: EndorsementBudget | None = None,
    ) -> None:
        self.source = source
        self.options = options
        self.report = report
        #: json, jwt, png, svg (set by the input check)
        self.format = format
        #: JSON text or bytes still to be parsed (set by the input check)
        self.raw_json = raw_json
        #: the Open Badges version the baked image declared ("3.0", "2.0", "clr-2.0")
        self.baked_ob_version = baked_ob_version
        #: the JWT compact serialization when the credential came as a VC-JWT
        self.jwt = jwt
        #: the credential JSON object (for a JWT: the credential inside it, JWT claims
        #: removed)
        self.credential = credential
        #: for a JWT: the verified payload as signed (claims included)
        self.jwt_payload = jwt_payload
        self.vc_version = vc_version  #: "1.1" or "2.0"
        #: "achievement", "endorsement" or "other" (a VC that is not an Open Badge)
        self.kind = kind
        self.proof_results: list[ProofResult] = [] if proof_results is None else proof_results
        self.stop = stop
        #: per-credential memo of checks (e.g. schema results by URL)
        self.scratch: dict[str, Any] = {} if scratch is None else scratch
        #: endorsement recursion: how deep this credential sits, and the ids above it
        self.depth = depth
        self.ancestors = ancestors
        self.budget = EndorsementBudget() if budget is None else budget

    @property
    def proof_passed(self) -> bool:
        """Whether at least one proof verified (signature and key ownership)."""
        return any(r.ok for r in self.proof_results)

    @property
    def is_endorsement(self) -> bool:
        """Whether this credential is being verified as an endorsement of another."""
        return self.depth > 0
