"""The LinkedIn "Add licence or certification to profile" link for a credential.

LinkedIn pre-fills its form from query parameters of
``https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME``: ``name`` (the
certification), ``organizationName`` (who issued it), ``issueYear`` / ``issueMonth``,
``expirationYear`` / ``expirationMonth``, ``certUrl`` (where an employer can see it) and
``certId`` (the credential id).  Building the link sends nothing anywhere: it is a link
the earner clicks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import InvalidInputError
from .safe import clean_text, safe_link
from .source import credential_dict, date_of, issuer_of

#: where the link points
LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def linkedin_add_to_profile_url(credential: Any, *, credential_url: str | None = None) -> str:
    """The "add to profile" link pre-filled from ``credential`` (a dict or model).

    ``name`` is the achievement's name, ``organizationName`` the issuer's name (its id
    when it has none), the issue date ``awardedDate`` or else ``validFrom`` /
    ``issuanceDate`` (year and month as the issuer wrote them, in its time zone), the
    expiry ``validUntil`` / ``expirationDate``, ``certId`` the credential's id.
    ``certUrl`` is ``credential_url`` (or the credential id when that is an ``https``
    URL); only ``http(s)`` URLs are used.  Values are stripped of control and bidi
    characters and percent-encoded (UTF-8, spaces as ``%20``).

    Raises :class:`~openbadge_kit.errors.InvalidInputError` if ``credential`` is not a
    credential object, or ``credential_url`` is given but is not an ``http(s)`` URL.
    """
    data = credential_dict(credential)
    subject = data.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    name = achievement.get("name") if isinstance(achievement, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        name = data.get("name")
    params: list[tuple[str, str]] = [("startTask", "CERTIFICATION_NAME")]
    if isinstance(name, str) and clean_text(name).strip():
        params.append(("name", clean_text(name).strip()))
    issuer_name, issuer_id, _ = issuer_of(data)
    organization = issuer_name or issuer_id
    if organization:
        params.append(("organizationName", clean_text(organization).strip()))
    issued = date_of(data, "awardedDate", "validFrom", "issuanceDate")
    if issued is not None:
        params += [("issueYear", str(issued.year)), ("issueMonth", str(issued.month))]
    expires = date_of(data, "validUntil", "expirationDate")
    if expires is not None:
        params += [("expirationYear", str(expires.year)),
                   ("expirationMonth", str(expires.month))]
    credential_id = data.get("id")
    if credential_url is not None:
        if safe_link(credential_url) is None:
            raise InvalidInputError(f"credential_url must be an http(s) URL, not "
                                    f"{credential_url[:80]!r}", code="url_invalid")
        params.append(("certUrl", credential_url))
    elif isinstance(credential_id, str) and safe_link(credential_id) \
            and credential_id.lower().startswith("https:"):
        params.append(("certUrl", credential_id))
    if isinstance(credential_id, str) and clean_text(credential_id, 500).strip():
        params.append(("certId", clean_text(credential_id, 500).strip()))
    return f"{LINKEDIN_ADD_URL}?{urlencode(params, quote_via=quote)}"
