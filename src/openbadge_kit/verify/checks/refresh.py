"""Check 9, refresh service: reported, and followed only when the caller allows network.

OB 3.0 step 3: a ``1EdTechCredentialRefresh`` service may offer a newer copy of the
credential.  Offline it is reported as not followed.  Online, the refreshed credential
is fetched once and its proof verified; the report still describes the credential that
was given, and says whether a verified refresh is available.
"""

from __future__ import annotations

from ..report import CheckStatus
from ..state import VerifyState

CHECK = "refresh"
REFRESH_TYPE = "1EdTechCredentialRefresh"


def _follow(state: VerifyState, url: str) -> None:
    from ...proofs.data_integrity import verify_proofs
    from ...status.fetch import fetch_json

    opts = state.options
    try:
        fresh = fetch_json(url, limits=opts.limits, policy=opts.fetch_policy)
    except Exception as exc:  # a failed refresh is reported; verification continues
        state.report.add(CHECK, CheckStatus.WARNING, "refresh.failed",
                         f"the refresh service at {url} failed: {exc}", url=url)
        return
    if not isinstance(fresh, dict):
        state.report.add(CHECK, CheckStatus.WARNING, "refresh.failed",
                         f"the refresh service at {url} returned no credential", url=url)
        return
    results = verify_proofs(fresh, resolver=opts.get_resolver(), now=opts.now,
                            skew_seconds=opts.skew_seconds, limits=opts.limits)
    if any(r.ok for r in results):
        state.report.add(CHECK, CheckStatus.PASSED, "refresh.available",
                         f"a refreshed credential is available at {url} and its proof "
                         "verifies", url=url)
    else:
        state.report.add(CHECK, CheckStatus.WARNING, "refresh.invalid",
                         f"the refresh service at {url} returned a credential whose proof "
                         "does not verify", url=url)


def check_refresh(state: VerifyState) -> None:
    """Report the credential's refresh service, following it only when online."""
    service = (state.credential or {}).get("refreshService")
    if service is None:
        return
    report = state.report
    if not isinstance(service, dict) or not isinstance(service.get("id"), str):
        report.add(CHECK, CheckStatus.WARNING, "refresh.malformed",
                   "refreshService must be an object with an 'id' and a 'type'")
        return
    url, kind = service["id"], service.get("type")
    if kind != REFRESH_TYPE:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "refresh.type_unsupported",
                   f"refresh service of type {str(kind)[:80]!r} is not supported (ignored)")
        return
    if not state.options.online or not state.proof_passed:
        why = "network access is off" if not state.options.online else "no proof verified"
        report.add(CHECK, CheckStatus.NOT_CHECKED, "refresh.not_followed",
                   f"offers a refresh service at {url}; not followed ({why})", url=url)
        return
    _follow(state, url)
