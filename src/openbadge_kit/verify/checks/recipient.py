"""Check 10, recipient: was the credential issued to the person the caller names?

``verify(..., recipient=...)`` with an e-mail address, URL, phone number or DID is
compared with ``credentialSubject.id`` and with each ``identifier`` IdentityObject
(hashed ones by hashing the value with their salt, NOTES 1.7; e-mail addresses are
also tried normalized).  Without a recipient the check is skipped.
"""

from __future__ import annotations

from ..report import CheckStatus
from ..state import VerifyState
from .parse import as_list

CHECK = "recipient"


def _subject_ids(value: str) -> set[str]:
    """Forms of the value that may appear as ``credentialSubject.id``."""
    forms = {value}
    if "@" in value and ":" not in value:
        forms.add(f"mailto:{value}")
    if value.startswith("mailto:"):
        forms.add(value[len("mailto:"):])
    if value.startswith("+"):
        forms.add(f"tel:{value}")
    return forms


def check_recipient(state: VerifyState) -> None:
    """Report whether the named recipient is the credential's subject."""
    wanted = state.options.recipient
    report = state.report
    if wanted is None or state.is_endorsement or state.kind != "achievement":
        if wanted is not None and not state.is_endorsement:
            report.add(CHECK, CheckStatus.SKIPPED, "recipient.not_applicable",
                       "this credential type names no recipient")
        return
    from ...identity import identity_matches

    subject = (state.credential or {}).get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    value = wanted.strip()
    if isinstance(subject.get("id"), str) and subject["id"] in _subject_ids(value):
        report.add(CHECK, CheckStatus.PASSED, "recipient.match",
                   f"issued to {value} (credentialSubject.id)")
        return
    for identity in as_list(subject.get("identifier")):
        if isinstance(identity, dict) and identity_matches(identity, value):
            kind = identity.get("identityType", "identifier")
            hashed = "hashed " if identity.get("hashed") else ""
            report.add(CHECK, CheckStatus.PASSED, "recipient.match",
                       f"issued to {value} ({hashed}{kind})")
            return
    report.add(CHECK, CheckStatus.FAILED, "recipient.mismatch",
               f"NOT issued to {value}: it matches neither the subject's id nor any of its "
               "identifiers")
