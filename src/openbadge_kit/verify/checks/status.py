"""Check 6, status: revoked, suspended or fine, read from a verified status list.

Every ``credentialStatus`` entry gets a result (see :mod:`openbadge_kit.status.entry`).
A list that could not be read gives "not checked" with the reason, never "not revoked".
"""

from __future__ import annotations

from ..report import CheckStatus
from ..state import VerifyState
from .parse import as_list

CHECK = "status"
#: most status entries examined on one credential
MAX_ENTRIES = 16


def check_status(state: VerifyState) -> None:
    """Check each credentialStatus entry against its list."""
    credential = state.credential or {}
    entries = as_list(credential.get("credentialStatus"))
    report = state.report
    if not entries:
        report.add(CHECK, CheckStatus.SKIPPED, "status.none",
                   "no credentialStatus: the issuer publishes no revocation status")
        return
    from ...status.entry import check_status_entry

    for entry in entries[:MAX_ENTRIES]:
        outcome = check_status_entry(entry, credential, state.options)
        report.add(CHECK, outcome.status, outcome.code, outcome.message, **outcome.details)
    if len(entries) > MAX_ENTRIES:
        report.add(CHECK, CheckStatus.NOT_CHECKED, "status.too_many_entries",
                   f"{len(entries) - MAX_ENTRIES} further status entries were not checked")
