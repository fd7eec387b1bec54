"""One behaviour per check: context, subject, proof, validity, issuer, refresh, recipient."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest

from openbadge_kit.verify import verify
from openbadge_kit.verify.report import CheckStatus

from .helpers import (
    ALICE,
    ISSUER,
    NOW,
    STRANGER,
    codes,
    credential,
    hashed_identifier,
    signed,
    tampered,
)


@pytest.fixture(scope="module")
def good() -> dict:
    return signed(credential())


def test_a_good_credential_passes_every_check(good):
    report = verify(good, now=NOW)
    assert report.verified, report.to_text()
    assert [c.check for c in report.checks] == [
        "input", "parse", "context", "schema", "subject", "proof", "validity", "status",
        "issuer"]
    assert report.result("status").status is CheckStatus.SKIPPED
    s = report.summary
    assert (s.achievement_name, s.issuer_name, s.issuer_id) == (
        "Teamwork", "Example College", ISSUER.did_key)
    assert (s.vc_version, s.format, s.valid_from) == ("2.0", "json", "2026-01-01T00:00:00Z")


# --- context ----------------------------------------------------------------------------

def test_context_order_is_checked(good):
    doc = copy.deepcopy(good)
    doc["@context"].reverse()
    report = verify(doc, now=NOW)
    assert "context.vc_not_first" in codes(report, "context")
    assert not report.verified


def test_missing_ob_context_fails():
    doc = credential()
    doc["@context"] = doc["@context"][:1]
    assert "context.ob_not_second" in codes(verify(doc, now=NOW), "context")


def test_context_alias_is_a_warning_not_a_failure():
    doc = credential()
    doc["@context"][1] = "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"
    report = verify(doc, now=NOW)
    assert report.result("context").status is CheckStatus.WARNING
    assert report.result("context").code == "context.ob_alias"


# --- subject ----------------------------------------------------------------------------

def test_subject_without_id_or_identifier_warns_and_cannot_match_a_recipient():
    doc = credential()
    del doc["credentialSubject"]["id"]
    report = verify(signed(doc), now=NOW)
    assert report.result("subject").status is CheckStatus.WARNING
    assert report.result("subject").code == "subject.no_recipient"
    assert report.verified
    asked = verify(signed(doc), now=NOW, recipient="did:example:alice")
    assert asked.result("recipient").code == "recipient.mismatch"
    assert not asked.verified


def test_subject_with_only_a_hashed_identifier_passes():
    doc = credential()
    del doc["credentialSubject"]["id"]
    doc["credentialSubject"]["identifier"] = [hashed_identifier()]
    report = verify(signed(doc), now=NOW)
    assert report.result("subject").status is CheckStatus.PASSED


# --- proof ------------------------------------------------------------------------------

def test_unsigned_credential_fails():
    report = verify(credential(), now=NOW)
    assert codes(report, "proof") == ["proof.missing"]
    assert report.result("issuer").code == "issuer.unconfirmed"
    assert not report.verified


def test_tampered_credential_fails(good):
    report = verify(tampered(good), now=NOW)
    assert codes(report, "proof") == ["proof.signature_invalid"]
    assert not report.verified


def test_signed_by_someone_else_fails():
    doc = signed(credential(), key=STRANGER)  # issuer is ISSUER's DID
    report = verify(doc, now=NOW)
    assert codes(report, "proof") == ["proof.controller_mismatch"]
    assert not report.verified


def test_one_valid_proof_suffices_and_the_other_is_a_warning(good):
    doc = copy.deepcopy(good)
    bad = copy.deepcopy(doc["proof"])
    bad["proofValue"] = "z" + "1" * 80
    doc["proof"] = [bad, doc["proof"]]
    report = verify(doc, now=NOW)
    statuses = [(c.status, c.code) for c in report.checks if c.check == "proof"]
    assert (CheckStatus.PASSED, "proof.valid") in statuses
    assert statuses[0][0] is CheckStatus.WARNING
    assert report.verified


def test_both_suites_verify():
    report = verify(signed(credential(), suite="Ed25519Signature2020"), now=NOW)
    assert report.verified, report.to_text()
    assert report.result("proof").details["suite"] == "Ed25519Signature2020"


# --- validity ---------------------------------------------------------------------------

def test_not_yet_valid_and_expired(good):
    early = verify(good, now=NOW.replace(year=2025))
    assert early.result("validity").code == "validity.not_yet_valid"
    doc = signed(credential(validUntil="2026-03-01T00:00:00Z"))
    late = verify(doc, now=NOW)
    assert late.result("validity").code == "validity.expired"
    assert not early.verified and not late.verified
    assert verify(doc, now=NOW.replace(month=2)).verified


def test_skew_tolerates_small_clock_differences():
    doc = signed(credential(validUntil="2026-06-01T11:58:00Z"))
    assert verify(doc, now=NOW).verified  # 2 minutes past, within the default 300 s
    assert not verify(doc, now=NOW, skew_seconds=0).verified


def test_bad_date_is_a_failed_check():
    report = verify(signed(credential(validUntil="soon")), now=NOW)
    assert report.result("validity").code == "validity.date_invalid"


def test_vc_1_1_dates_are_read():
    doc = credential(issuanceDate="2026-01-01T00:00:00Z",
                     expirationDate="2026-02-01T00:00:00Z")
    doc["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    del doc["validFrom"]
    report = verify(signed(doc, suite="Ed25519Signature2020"), now=NOW)
    assert report.result("validity").code == "validity.expired"
    assert report.summary.vc_version == "1.1"
    assert "context.vc_1_1" in [c.code for c in report.warnings]


def test_now_must_be_timezone_aware(good):
    from openbadge_kit.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        verify(good, now=NOW.replace(tzinfo=None))


# --- issuer -----------------------------------------------------------------------------

def test_trust_list_pass_and_unknown_issuer_warning(good, tmp_path):
    trusted = verify(good, now=NOW, trust=[ISSUER.did_key])
    assert trusted.result("issuer").code == "issuer.trusted"
    unknown = verify(good, now=NOW, trust=[STRANGER.did_key])
    assert unknown.result("issuer").code == "issuer.unknown"
    assert unknown.result("issuer").status is CheckStatus.WARNING
    assert unknown.verified  # genuine, just not known to the caller
    trust_file = tmp_path / "trust.txt"
    trust_file.write_text(f"# our partners\n{ISSUER.did_key}\n")
    assert verify(good, now=NOW, trust=trust_file).result("issuer").code == "issuer.trusted"


def test_issuer_as_a_string_is_accepted():
    doc = signed(credential(issuer=ISSUER.did_key))
    report = verify(doc, now=NOW)
    assert report.result("issuer").status is CheckStatus.PASSED
    assert report.summary.issuer_id == ISSUER.did_key


def test_missing_issuer_fails():
    doc = credential()
    del doc["issuer"]
    report = verify(doc, now=NOW)
    assert "issuer.missing" in codes(report, "issuer")


# --- refresh ----------------------------------------------------------------------------

def test_refresh_service_is_reported_not_followed():
    doc = credential(refreshService={"id": "https://issuer.example/refresh/1",
                                     "type": "1EdTechCredentialRefresh"})
    doc["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    doc = signed(doc)
    report = verify(doc, now=NOW)
    assert report.result("refresh").code == "refresh.not_followed"
    assert report.result("refresh").status is CheckStatus.NOT_CHECKED


# --- recipient --------------------------------------------------------------------------

def test_recipient_by_subject_id_and_by_hashed_email():
    doc = credential()
    doc["credentialSubject"]["identifier"] = [hashed_identifier()]
    doc = signed(doc)
    assert verify(doc, now=NOW, recipient="did:example:alice").result(
        "recipient").code == "recipient.match"
    by_mail = verify(doc, now=NOW, recipient=ALICE)
    assert by_mail.result("recipient").code == "recipient.match"
    assert by_mail.summary.recipient == ALICE
    assert verify(doc, now=NOW, recipient="  Alice@Example.org ").result(
        "recipient").code == "recipient.match"
    other = verify(doc, now=NOW, recipient="mallory@example.org")
    assert other.result("recipient").code == "recipient.mismatch"
    assert not other.verified


def test_no_recipient_given_means_no_recipient_check(good):
    assert verify(good, now=NOW).result("recipient") is None


def test_checked_at_is_the_injected_clock(good):
    report = verify(good, now=NOW + timedelta(days=1))
    assert report.checked_at == NOW + timedelta(days=1)
