"""A 'not revoked' from a list someone other than the issuer publishes is surfaced."""

from __future__ import annotations

from openbadge_kit.verify.report import CheckStatus

from ..verify.corpus import verify_vector

FOLDER = "dcc-vc-test-fixtures"
FILE = "verifiableCredentials/v1/bothSignatureTypes/didKey/mixedRegistry-validStatus-noExpiry.json"
LIST_ISSUER = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"


def test_third_party_list_gives_a_warning_naming_who_published_it() -> None:
    report = verify_vector(FOLDER, FILE)
    status = report.result("status")
    assert status is not None and status.code == "status.ok"
    assert status.status is CheckStatus.WARNING
    assert LIST_ISSUER in status.message
    assert report.verified  # a warning, not a failure: status services are allowed


def test_trusting_the_list_publisher_makes_it_a_plain_pass() -> None:
    issuer = verify_vector(FOLDER, FILE).summary.issuer_id
    assert issuer is not None
    report = verify_vector(FOLDER, FILE, trust=[issuer, LIST_ISSUER])
    status = report.result("status")
    assert status is not None and status.status is CheckStatus.PASSED
