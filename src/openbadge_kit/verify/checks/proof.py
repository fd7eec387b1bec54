"""Check 4, proof: every proof on the credential, embedded or VC-JWT (NOTES 2, 5.1 step 2).

Each proof gets its own result.  One valid proof suffices (OB 3.0): when one verifies,
the others that did not are warnings; when none does, they are failures.  A VC-JWT is
verified by :mod:`openbadge_kit.proofs.vc_jwt` (signature, key, claims against the
credential) and any embedded proof inside it over the credential without the JWT
claims.  A credential with no proof at all fails: nothing shows who issued it.
"""

from __future__ import annotations

from typing import Any

from ...proofs.base import ProofResult
from ..report import CheckStatus
from ..state import VerifyState

CHECK = "proof"
#: proof outcomes that mean "could not be checked here", not "does not verify" (NOTES 5.6):
#: the key needs the network (off, or a permitted fetch failed), or the signature is valid
#: but only the credential itself asserts that the key is the issuer's (a key in the id or
#: an inline JWT ``jwk``)
INCONCLUSIVE = frozenset({"proof.network_disabled", "proof.network_error",
                          "proof.key_not_bound_to_issuer"})


def _jwt_result(state: VerifyState) -> tuple[ProofResult, dict[str, Any] | None]:
    """The VC-JWT's proof result and, when it verified, the credential it carries."""
    from ...proofs.vc_jwt import verify as verify_jwt

    opts = state.options
    checked = verify_jwt(state.jwt or "", resolver=opts.get_resolver(), now=opts.now,
                         skew_seconds=opts.skew_seconds, limits=opts.limits)
    result: ProofResult = checked.result
    if checked.claim_problems:
        result.details.setdefault("claimProblems", list(checked.claim_problems))
    return result, checked.credential if result.ok else None


def _details(result: ProofResult) -> dict[str, Any]:
    out: dict[str, Any] = {"suite": result.suite}
    if result.verification_method:
        out["verificationMethod"] = result.verification_method
    if result.controller:
        out["controller"] = result.controller
    out.update(result.details)
    return out


def check_proof(state: VerifyState) -> None:
    """Verify every proof and report each."""
    opts = state.options
    results: list[ProofResult] = []
    verified_jwt_credential = None
    if state.jwt is not None:
        jwt_result, verified_jwt_credential = _jwt_result(state)
        results.append(jwt_result)
    credential = state.credential or {}
    if credential.get("proof") is not None:
        from ...proofs.data_integrity import verify_proofs

        # for a JWT this is the payload without the JWT claims, as the proof was made
        results.extend(verify_proofs(credential, resolver=opts.get_resolver(), now=opts.now,
                                     skew_seconds=opts.skew_seconds, limits=opts.limits))
    if verified_jwt_credential is not None and verified_jwt_credential != credential:
        # VC 1.1 JWTs may leave id/issuer/dates to the claims: the verified form has them
        from .parse import summarize

        state.credential = verified_jwt_credential
        summarize(state, verified_jwt_credential)
    state.proof_results = results
    report = state.report
    if not results:
        report.add(CHECK, CheckStatus.FAILED, "proof.missing",
                   "the credential has no proof (unsigned): nothing shows who issued it")
        return
    any_ok = any(r.ok for r in results)
    for r in results:
        if r.ok:
            legacy = " (legacy cryptosuite name)" if r.details.get("legacy_cryptosuite") else ""
            report.add(CHECK, CheckStatus.PASSED, r.code,
                       f"{r.suite}: {r.message}{legacy}", **_details(r))
        elif any_ok:
            report.add(CHECK, CheckStatus.WARNING, r.code,
                       f"{r.suite}: {r.message} (another proof verified)", **_details(r))
        elif r.code in INCONCLUSIVE:
            report.add(CHECK, CheckStatus.NOT_CHECKED, r.code,
                       f"{r.suite}: {r.message}", **_details(r))
        else:
            report.add(CHECK, CheckStatus.FAILED, r.code, f"{r.suite}: {r.message}",
                       **_details(r))
    if any_ok and any(r.details.get("legacy_cryptosuite") for r in results if r.ok):
        report.add(CHECK, CheckStatus.WARNING, "proof.legacy_cryptosuite",
                   "signed with a legacy cryptosuite name (eddsa-2022); current issuers "
                   "write eddsa-rdfc-2022")
