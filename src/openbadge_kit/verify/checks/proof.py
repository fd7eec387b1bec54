"""Check 4, proof: every proof on the credential, embedded or VC-JWT (NOTES 2, 5.1 step 2).

Each proof gets its own result.  One valid proof suffices (OB 3.0): when one verifies,
the others that did not are warnings; when none does, they are failures.  A VC-JWT is
verified as a JWT (signature, key, claims against the credential) and any embedded proof
inside it is verified over the credential without the JWT claims.  A credential with no
proof at all fails: nothing shows who issued it.
"""

from __future__ import annotations

from typing import Any

from ...proofs.base import ProofResult
from ..report import CheckStatus
from ..state import VerifyState

CHECK = "proof"


def _jwt_result(state: VerifyState) -> ProofResult:
    from ...proofs.vc_jwt import verify as verify_jwt

    opts = state.options
    checked = verify_jwt(state.jwt, resolver=opts.get_resolver(), now=opts.now,
                         skew_seconds=opts.skew_seconds, limits=opts.limits)
    result: ProofResult = checked.result
    problems = list(getattr(checked, "claim_problems", None) or [])
    if result.ok and problems:
        result = ProofResult(result.suite, False, "proof.jwt_claims_mismatch",
                             "the JWT signature verified, but its claims disagree with the "
                             f"credential: {'; '.join(str(p) for p in problems[:5])}",
                             result.verification_method, result.controller,
                             {**result.details, "claimProblems": [str(p) for p in problems]})
    # state.credential came from the same payload (JWT claims removed, NOTES 2.6), so
    # once the signature verifies it is what the issuer signed
    return result


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
    if state.jwt is not None:
        results.append(_jwt_result(state))
    credential = state.credential or {}
    if credential.get("proof") is not None:
        from ...proofs.data_integrity import verify_proofs

        results.extend(verify_proofs(credential, resolver=opts.get_resolver(), now=opts.now,
                                     skew_seconds=opts.skew_seconds, limits=opts.limits))
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
        else:
            report.add(CHECK, CheckStatus.FAILED, r.code, f"{r.suite}: {r.message}",
                       **_details(r))
    if any_ok and any(r.details.get("legacy_cryptosuite") for r in results if r.ok):
        report.add(CHECK, CheckStatus.WARNING, "proof.legacy_cryptosuite",
                   "signed with a legacy cryptosuite name (eddsa-2022); current issuers "
                   "write eddsa-rdfc-2022")
