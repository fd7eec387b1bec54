"""The legacy ``1EdTechRevocationList`` status method (NOTES 5.4).

The entry's ``id`` names a JSON document with a ``revokedCredential`` array of
``{"id": <credential id>, "revoked": <bool, optional>, "revocationReason": ...}``; the
credential is revoked when an entry with its ``id`` has ``revoked`` true or absent.
The list is unsigned, so a pass says so.  The document comes from the caller's status
folder or mapping (indexed by the URL), or from the network when allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import StatusListError
from ..verify.report import CheckStatus
from .entry import StatusOutcome

if TYPE_CHECKING:
    from ..verify.options import VerifyOptions

#: most entries examined in one revocation list
MAX_ENTRIES = 1_000_000


def check_revocation_list(entry: dict[str, Any], credential: dict[str, Any],
                          options: VerifyOptions) -> StatusOutcome:
    """Look the credential's id up in its 1EdTech revocation list."""
    url = entry.get("id")
    if not isinstance(url, str) or not url:
        raise StatusListError("1EdTechRevocationList entry has no id URL",
                              code="status.entry_malformed")
    found = options.get_status_store().get(url)
    if found.document is None:
        raise StatusListError(f"the revocation list at {url} is not a JSON object",
                              code="status.list_not_credential")
    revoked = found.document.get("revokedCredential")
    if revoked is None:
        revoked = []
    if not isinstance(revoked, list) or len(revoked) > MAX_ENTRIES:
        raise StatusListError("the revocation list's revokedCredential is not a list",
                              code="status.list_malformed")
    cred_id = credential.get("id")
    details: dict[str, Any] = {"type": "1EdTechRevocationList", "list": url,
                               "listOrigin": found.origin}
    for item in revoked:
        if isinstance(item, dict) and cred_id is not None and item.get("id") == cred_id \
                and item.get("revoked", True) is not False:
            reason = item.get("revocationReason")
            if reason is not None:
                details["reason"] = str(reason)[:300]
            return StatusOutcome(CheckStatus.FAILED, "status.revoked",
                                 f"REVOKED by its issuer ({url})"
                                 + (f": {str(reason)[:200]}" if reason else ""), details)
    return StatusOutcome(CheckStatus.PASSED, "status.ok",
                         f"not in the issuer's revocation list ({url}; the list is unsigned)",
                         details)
