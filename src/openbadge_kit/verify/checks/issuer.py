"""Check 8, issuer: who signed, and whether the caller trusts them (NOTES 5.3).

The issuer may be a URI or a Profile object with an ``id``.  A proof passes only when
its key is bound to that issuer (the proof modules check the controller, or for a
VC-JWT the issuer's DID document or same-authority JWKS); this result states it.
With a trust list, a listed issuer is an explicit pass and an unlisted one a warning,
"genuine but unknown issuer"; without one the issuer is reported as identified, not
as trusted.
"""

from __future__ import annotations

from ..report import CheckStatus
from ..state import VerifyState
from .parse import issuer_of, types_of

CHECK = "issuer"


def check_issuer(state: VerifyState) -> None:
    """Report the issuer's identity, its tie to the proof, and trust."""
    report = state.report
    credential = state.credential or {}
    raw = credential.get("issuer")
    issuer_id, name = issuer_of(credential)
    if issuer_id is None:
        report.add(CHECK, CheckStatus.FAILED, "issuer.missing",
                   "the credential names no issuer (need 'issuer' as a URI or an object "
                   "with an 'id')")
        return
    label = f"{name} ({issuer_id})" if name else issuer_id
    if isinstance(raw, dict) and state.kind in ("achievement", "endorsement") \
            and "Profile" not in types_of(raw):
        report.add(CHECK, CheckStatus.WARNING, "issuer.not_profile",
                   "the issuer object is not typed Profile")
    passed = [r for r in state.proof_results if r.ok]
    if not passed:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "issuer.unconfirmed",
                   f"claims to be issued by {label}, but no proof verified, so this is "
                   "not confirmed", issuer=issuer_id)
        return
    # a proof passes only when its key is bound to the issuer (DI: the method's controller
    # is the issuer; VC-JWT: the issuer's DID document or same-authority JWKS), so the
    # issuer named here is the one that signed
    controllers = sorted({r.controller for r in passed if r.controller})
    trust = state.options.trust
    if trust is None:
        report.add(CHECK, CheckStatus.PASSED, "issuer.identified",
                   f"signed by the issuer {label} (no trust list given)", issuer=issuer_id,
                   keyControllers=controllers)
    elif issuer_id in trust:
        report.add(CHECK, CheckStatus.PASSED, "issuer.trusted",
                   f"signed by {label}, which is on your trust list", issuer=issuer_id,
                   keyControllers=controllers)
    else:
        report.add(CHECK, CheckStatus.WARNING, "issuer.unknown",
                   f"genuine, but the issuer {label} is not on your trust list",
                   issuer=issuer_id, keyControllers=controllers)
