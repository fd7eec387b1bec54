"""Check 3b, credential subject: who the credential is about (OB 3.0 verification step 1).

An achievement credential's ``credentialSubject`` must be one object with an
``achievement`` and with an ``id`` and/or at least one ``identifier`` (IdentityObject);
an endorsement's subject must name the endorsed thing by ``id``.  A subject that names
no recipient is a warning, not a failure: the credential may still be genuine (DCC
issuers emit such credentials), and ``recipient=`` then reports a mismatch.
"""

from __future__ import annotations

from ..report import CheckStatus
from ..state import VerifyState
from .parse import as_list

CHECK = "subject"


def check_subject(state: VerifyState) -> None:
    """Report whether the credential names its subject as OB 3.0 requires."""
    report = state.report
    credential = state.credential or {}
    if state.kind not in ("achievement", "endorsement"):
        return
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        report.add(CHECK, CheckStatus.FAILED, "subject.missing",
                   "credentialSubject must be one JSON object")
        return
    has_id = isinstance(subject.get("id"), str) and bool(subject["id"])
    if state.kind == "endorsement":
        if has_id:
            report.add(CHECK, CheckStatus.PASSED, "subject.ok",
                       f"endorses {str(subject['id'])[:200]}")
        else:
            report.add(CHECK, CheckStatus.FAILED, "subject.no_id",
                       "an endorsement's credentialSubject must name what it endorses ('id')")
        return
    identifiers = [i for i in as_list(subject.get("identifier")) if isinstance(i, dict)]
    if not has_id and not identifiers:
        # OB 3.0 requires one; its absence says nothing about genuineness, and a caller
        # who asks about a recipient gets recipient.mismatch, so this warns
        report.add(CHECK, CheckStatus.WARNING, "subject.no_recipient",
                   "credentialSubject has neither an 'id' nor an 'identifier' (OB 3.0 "
                   "requires one): the credential does not say who earned it")
        return
    if not isinstance(subject.get("achievement"), dict):
        report.add(CHECK, CheckStatus.FAILED, "subject.no_achievement",
                   "credentialSubject has no 'achievement' object")
        return
    who = "recipient " + (str(subject["id"])[:200] if has_id else
                          f"named by {len(identifiers)} identifier(s)")
    report.add(CHECK, CheckStatus.PASSED, "subject.ok", who)
