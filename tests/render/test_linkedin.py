"""The LinkedIn "add certification to profile" link: fields and percent-encoding."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from openbadge_kit.errors import InvalidInputError
from openbadge_kit.render import linkedin_add_to_profile_url

from .samples import unsigned_rich


def _fields(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com",
                                                        "/profile/add")
    parsed = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values())
    return {k: v[0] for k, v in parsed.items()}


def test_fields_come_from_the_credential() -> None:
    url = linkedin_add_to_profile_url(unsigned_rich())
    assert _fields(url) == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Job Search & Interview Skills",
        "organizationName": "Example Career Program",
        "issueYear": "2026", "issueMonth": "5",
        "expirationYear": "2030", "expirationMonth": "5",
        "certId": "urn:uuid:0f3c9a52-7f0e-4b8a-9d6e-3c1f2b7a9e11",
    }
    # '&' and spaces are percent-encoded, not left to split the query
    assert "name=Job%20Search%20%26%20Interview%20Skills" in url
    assert "certId=urn%3Auuid%3A0f3c9a52" in url


def test_non_ascii_ampersands_and_the_credential_url() -> None:
    doc = unsigned_rich()
    doc["credentialSubject"]["achievement"]["name"] = "Café & Crème brûlée: niveau 1/2"
    doc["issuer"]["name"] = "École \u202eNationale\u202c & Co"
    doc["awardedDate"] = "2025-12-31T23:30:00-02:00"  # the issuer's date, not UTC's
    url = linkedin_add_to_profile_url(doc, credential_url="https://badges.example.org/b?id=1&x=2")
    fields = _fields(url)
    assert fields["name"] == "Café & Crème brûlée: niveau 1/2"
    assert fields["organizationName"] == "École Nationale & Co"  # bidi controls removed
    assert (fields["issueYear"], fields["issueMonth"]) == ("2025", "12")
    assert fields["certUrl"] == "https://badges.example.org/b?id=1&x=2"
    assert "Caf%C3%A9%20%26%20Cr%C3%A8me%20br%C3%BBl%C3%A9e%3A%20niveau%201%2F2" in url
    assert "certUrl=https%3A%2F%2Fbadges.example.org%2Fb%3Fid%3D1%26x%3D2" in url
    assert url.isascii() and " " not in url


def test_an_https_credential_id_is_the_credential_url() -> None:
    doc = unsigned_rich()
    doc["id"] = "https://badges.example.org/credentials/42"
    doc["issuer"] = "did:web:issuer.example"  # a bare issuer id names the organization
    fields = _fields(linkedin_add_to_profile_url(doc))
    assert fields["certUrl"] == fields["certId"] == "https://badges.example.org/credentials/42"
    assert fields["organizationName"] == "did:web:issuer.example"


def test_unsafe_or_missing_values() -> None:
    with pytest.raises(InvalidInputError) as info:
        linkedin_add_to_profile_url(unsigned_rich(), credential_url="javascript:alert(1)")
    assert info.value.code == "url_invalid"
    with pytest.raises(InvalidInputError):
        linkedin_add_to_profile_url(["not", "a", "credential"])
    assert _fields(linkedin_add_to_profile_url({})) == {"startTask": "CERTIFICATION_NAME"}
