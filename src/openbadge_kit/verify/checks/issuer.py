"""Check 8, issuer: who signed, and whether the caller trusts them (NOTES 5.3).

The issuer may be a URI or a Profile object with an ``id``.  The key of the proof that
verified must be controlled by that issuer (the proof modules check this; this result
states it).  With a trust list, a listed issuer is an explicit pass and an unlisted one
a warning, "genuine but unknown issuer"; without one the issuer is reported as
identified, not as trusted.
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
    controllers = sorted({r.controller for r in passed if r.controller})
    if controllers and issuer_id not in controllers:
        report.add(CHECK, CheckStatus.FAILED, "issuer.controller_mismatch",
                   f"signed with a key of {controllers[0]}, not of the issuer {issuer_id}",
                   issuer=issuer_id, controllers=controllers)
        return
    trust = state.options.trust
    if trust is None:
        report.add(CHECK, CheckStatus.PASSED, "issuer.identified",
                   f"signed by the issuer {label} (no trust list given)", issuer=issuer_id)
    elif issuer_id in trust:
        report.add(CHECK, CheckStatus.PASSED, "issuer.trusted",
                   f"signed by {label}, which is on your trust list", issuer=issuer_id)
    else:
        report.add(CHECK, CheckStatus.WARNING, "issuer.unknown",
                   f"genuine, but the issuer {label} is not on your trust list",
                   issuer=issuer_id)
