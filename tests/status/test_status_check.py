"""Status checking: revocation and suspension, and every way a status list can be bad.

Each problem must be a clear result with its own code, never an exception, and a list
that was not read must never yield "not revoked".
"""

from __future__ import annotations

import copy
import json

import pytest

from openbadge_kit.keys.ed25519 import b64url_encode
from openbadge_kit.verify import verify
from openbadge_kit.verify.report import CheckStatus

from ..verify.helpers import (
    ISSUER,
    LIST_URL,
    NOW,
    STRANGER,
    VC2,
    credential,
    signed,
    status_entry,
    status_list,
)


def _status(report):
    return [(c.status, c.code) for c in report.checks if c.check == "status"]


def _badge(*entries):
    return signed(credential(credentialStatus=list(entries) if len(entries) > 1
                             else entries[0]))


@pytest.fixture(scope="module")
def lists():
    return {LIST_URL: status_list((3, 8))}


@pytest.mark.parametrize("index, expected", [
    (2, (CheckStatus.PASSED, "status.ok")),
    (3, (CheckStatus.FAILED, "status.revoked")),
    (8, (CheckStatus.FAILED, "status.revoked")),
    (131071, (CheckStatus.PASSED, "status.ok")),
])
def test_revocation_bits(lists, index, expected):
    report = verify(_badge(status_entry(index)), now=NOW, status_lists=lists)
    assert _status(report) == [expected]
    assert report.verified is (expected[0] is CheckStatus.PASSED)


def test_suspension_and_revocation_lists_side_by_side():
    susp_url = "https://issuer.example/status/susp"
    lists = {LIST_URL: status_list(()),
             susp_url: status_list((7,), url=susp_url, purpose="suspension")}
    badge = _badge(status_entry(7), status_entry(7, susp_url, "suspension"))
    report = verify(badge, now=NOW, status_lists=lists)
    assert _status(report) == [(CheckStatus.PASSED, "status.ok"),
                               (CheckStatus.FAILED, "status.suspended")]


def test_list_from_a_folder_is_indexed_by_its_own_id(tmp_path):
    (tmp_path / "any-name.json").write_text(json.dumps(status_list((3,))))
    (tmp_path / "junk.json").write_text("{not json")
    (tmp_path / "notes.txt").write_text("ignored")
    report = verify(_badge(status_entry(3)), now=NOW, status_lists=tmp_path)
    assert _status(report) == [(CheckStatus.FAILED, "status.revoked")]
    assert report.result("status").details["listOrigin"] == "folder:any-name.json"


def test_unavailable_list_is_not_checked_never_not_revoked(tmp_path, socket_log):
    for lists in (None, {}, tmp_path):
        report = verify(_badge(status_entry(3)), now=NOW, status_lists=lists)
        assert _status(report) == [(CheckStatus.NOT_CHECKED, "status.list_unavailable")]
        assert "network access is off" in report.result("status").message
        assert report.verified  # genuine; the status could not be checked, and says so
        assert "status.list_unavailable" in report.to_dict()["notChecked"]
    assert socket_log == []


def _with_list(doc):
    return verify(_badge(status_entry(3)), now=NOW, status_lists={LIST_URL: doc})


def test_list_that_is_not_a_credential():
    report = _with_list({"id": LIST_URL, "encodedList": "uH4sI"})
    assert _status(report) == [(CheckStatus.FAILED, "status.list_not_credential")]
    report = _with_list("this is not JSON")
    assert _status(report)[0][1] in ("status.list_not_credential", "status.list_unavailable")
    assert not report.verified or _status(report)[0][0] is CheckStatus.NOT_CHECKED


def test_list_with_a_bad_signature():
    doc = status_list((3,))
    forged = copy.deepcopy(doc)
    forged["credentialSubject"]["encodedList"] = status_list(())["credentialSubject"][
        "encodedList"]  # the issuer's list, bit 3 cleared after signing
    report = _with_list(forged)
    assert _status(report) == [(CheckStatus.FAILED, "status.list_signature_invalid")]
    assert not report.verified


def test_unsigned_list():
    report = _with_list(status_list((3,), sign_it=False))
    assert _status(report) == [(CheckStatus.FAILED, "status.list_unsigned")]


def test_list_signed_by_someone_else_than_its_issuer():
    doc = status_list((), sign_it=False)
    report = _with_list(signed(doc, key=STRANGER))
    assert _status(report) == [(CheckStatus.FAILED, "status.list_signature_invalid")]


def test_list_for_another_purpose():
    report = _with_list(status_list((3,), purpose="suspension"))
    assert _status(report) == [(CheckStatus.FAILED, "status.list_wrong_purpose")]


def test_list_of_the_wrong_type():
    doc = status_list((3,), sign_it=False)
    doc["type"] = ["VerifiableCredential"]
    assert _status(_with_list(signed(doc))) == [(CheckStatus.FAILED,
                                                 "status.list_wrong_type")]


def test_undecodable_list():
    doc = status_list((), sign_it=False)
    doc["credentialSubject"]["encodedList"] = "u" + b64url_encode(b"not gzip at all")
    assert _status(_with_list(signed(doc))) == [(CheckStatus.FAILED,
                                                 "status.list_undecodable")]


def test_index_out_of_range_of_a_short_list():
    short = status_list((), nbytes=16)  # 128 entries
    report = verify(_badge(status_entry(500)), now=NOW, status_lists={LIST_URL: short})
    assert _status(report) == [(CheckStatus.FAILED, "status.index_out_of_range")]
    ok = verify(_badge(status_entry(5)), now=NOW, status_lists={LIST_URL: short})
    assert _status(ok) == [(CheckStatus.PASSED, "status.ok")]
    assert "fewer than the 131072" in ok.result("status").details["notes"][0]


def test_expired_list():
    doc = status_list((), validUntil="2026-02-01T00:00:00Z")
    assert _status(_with_list(doc)) == [(CheckStatus.FAILED, "status.list_expired")]


@pytest.mark.parametrize("index", ["-1", "abc", "", "1" * 40, None, True, 1.5])
def test_malformed_index(lists, index):
    entry = status_entry(0)
    entry["statusListIndex"] = index
    report = verify(_badge(entry), now=NOW, status_lists=lists)
    assert _status(report) == [(CheckStatus.FAILED, "status.entry_malformed")]


def test_unknown_status_type_is_not_checked(lists):
    entry = {"id": "https://x.example/s", "type": "SomeFutureStatus"}
    doc = credential(credentialStatus=entry)
    report = verify(doc, now=NOW, status_lists=lists)
    assert _status(report) == [(CheckStatus.NOT_CHECKED, "status.type_unsupported")]


def test_a_list_is_verified_once_per_run(lists, monkeypatch):
    from openbadge_kit.status import list_credential

    calls = []
    real = list_credential._verify_signature
    monkeypatch.setattr(list_credential, "_verify_signature",
                        lambda *a: calls.append(1) or real(*a))
    from openbadge_kit.verify import verify_many

    badges = [_badge(status_entry(i)) for i in range(5)]
    reports = verify_many(badges, now=NOW, status_lists=lists, processes=1)
    assert [r.result("status").code for r in reports] == [
        "status.ok", "status.ok", "status.ok", "status.revoked", "status.ok"]
    assert len(calls) == 1


# --- 1EdTechRevocationList and StatusList2021 ---------------------------------------------

REVOCATIONS = "https://issuer.example/revocations"


def _edtech_badge(cid):
    doc = credential(id=cid, credentialStatus={"id": REVOCATIONS,
                                               "type": "1EdTechRevocationList"})
    doc["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    return signed(doc)


def test_1edtech_revocation_list():
    lists = {REVOCATIONS: {"revokedCredential": [
        {"id": "urn:uuid:a", "revoked": True, "revocationReason": "issued in error"},
        {"id": "urn:uuid:b", "revoked": False},
        {"id": "urn:uuid:c"}]}}
    outcomes = {cid: verify(_edtech_badge(cid), now=NOW, status_lists=lists)
                for cid in ("urn:uuid:a", "urn:uuid:b", "urn:uuid:c", "urn:uuid:d")}
    assert {k: r.result("status").code for k, r in outcomes.items()} == {
        "urn:uuid:a": "status.revoked", "urn:uuid:b": "status.ok",
        "urn:uuid:c": "status.revoked", "urn:uuid:d": "status.ok"}
    assert "issued in error" in outcomes["urn:uuid:a"].result("status").message
    assert "unsigned" in outcomes["urn:uuid:d"].result("status").message
    offline = verify(_edtech_badge("urn:uuid:a"), now=NOW)
    assert offline.result("status").status is CheckStatus.NOT_CHECKED


def test_status_list_2021():
    url = "https://issuer.example/sl2021"
    doc = status_list((4,), url=url, sign_it=False)
    doc["@context"] = [
        "https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"]
    doc["type"] = ["VerifiableCredential", "StatusList2021Credential"]
    doc["credentialSubject"]["type"] = "StatusList2021"
    doc["credentialSubject"]["encodedList"] = doc["credentialSubject"]["encodedList"][1:]
    doc["issuanceDate"] = doc.pop("validFrom")
    lst = signed(doc, suite="Ed25519Signature2020")
    for index, code in ((4, "status.revoked"), (5, "status.ok")):
        badge = credential(credentialStatus=status_entry(index, url,
                                                         kind="StatusList2021Entry"))
        badge["@context"].append("https://w3id.org/vc/status-list/2021/v1")
        badge = signed(badge)
        report = verify(badge, now=NOW, status_lists={url: lst})
        assert report.result("status").code == code, report.to_text()


def test_status_lists_folder_must_exist(tmp_path):
    from openbadge_kit.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        verify(credential(), now=NOW, status_lists=tmp_path / "missing")


def test_list_issuer_may_differ_from_credential_issuer():
    other = status_list((3,), key=STRANGER)
    report = _with_list(other)
    assert _status(report) == [(CheckStatus.FAILED, "status.revoked")]
    assert report.result("status").details["listIssuer"] == STRANGER.did_key
    assert "not by the credential's issuer" in report.result("status").details["notes"][0]
    assert ISSUER.did_key != STRANGER.did_key
    assert VC2 in other["@context"]
