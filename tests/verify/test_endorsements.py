"""Endorsements: found wherever OB 3.0 allows them, verified recursively, bounded."""

from __future__ import annotations

import copy
from dataclasses import replace

from openbadge_kit.limits import DEFAULT_LIMITS
from openbadge_kit.verify import verify
from openbadge_kit.verify.checks.endorsements import find_endorsements
from openbadge_kit.verify.report import CheckStatus

from .helpers import ENDORSER, NOW, STRANGER, codes, credential, endorsement, signed

ACHIEVEMENT = "https://college.example/achievements/teamwork"


def _badge(**where):
    doc = credential()
    if "credential" in where:
        doc["endorsement"] = where["credential"]
    if "achievement" in where:
        doc["credentialSubject"]["achievement"]["endorsement"] = where["achievement"]
    if "issuer" in where:
        doc["issuer"]["endorsement"] = where["issuer"]
    return signed(doc)


def test_endorsements_on_credential_achievement_and_issuer_are_all_verified():
    badge = _badge(credential=[endorsement("urn:uuid:self", eid="urn:uuid:e1")],
                   achievement=[endorsement(ACHIEVEMENT, eid="urn:uuid:e2")],
                   issuer=[endorsement("did:example:issuer", eid="urn:uuid:e3")])
    report = verify(badge, now=NOW)
    assert report.verified, report.to_text()
    assert report.result("endorsements").code == "endorsements.ok"
    assert len(report.endorsements) == 3
    assert {e.summary.issuer_id for e in report.endorsements} == {ENDORSER.did_key}
    assert {e.summary.endorses for e in report.endorsements} == {
        "urn:uuid:self", ACHIEVEMENT, "did:example:issuer"}
    assert all(e.summary.recipient is None for e in report.endorsements)
    assert sorted(e.source for e in report.endorsements) == [
        "$.credentialSubject.achievement.endorsement[0]", "$.endorsement[0]",
        "$.issuer.endorsement[0]"]
    assert report.to_dict()["endorsements"][0]["verified"] is True


def test_a_bad_endorsement_fails_the_summary_check_and_is_reported_nested():
    bad = copy.deepcopy(endorsement(ACHIEVEMENT))
    bad["credentialSubject"]["endorsementComment"] = "forged praise"
    report = verify(_badge(achievement=[bad]), now=NOW)
    assert report.result("endorsements").code == "endorsements.invalid"
    assert not report.verified
    nested = report.endorsements[0]
    assert "proof.signature_invalid" in codes(nested, "proof")
    assert "endorsement:" in report.to_text()


def test_an_endorsement_must_be_an_endorsement_credential():
    wrong = signed(credential(id="urn:uuid:not-an-endorsement"), key=ENDORSER)
    report = verify(_badge(credential=[wrong]), now=NOW)
    assert "parse.not_endorsement" in codes(report.endorsements[0])
    assert not report.verified


def test_endorsement_jwt_entries_are_verified_too():
    report = verify(_badge(credential=[endorsement("urn:uuid:self")]), now=NOW)
    doc = copy.deepcopy(report.credential)
    doc.pop("proof")
    doc["endorsementJwt"] = ["e30.e30.AAAA"]  # header {}, payload {}: not a credential
    report = verify(signed(doc), now=NOW)
    assert len(report.endorsements) == 2
    jwt_report = report.endorsements[1]
    assert jwt_report.summary.format == "jwt"
    assert not jwt_report.verified
    assert report.result("endorsements").code == "endorsements.invalid"


def test_loops_are_detected():
    outer_id = "urn:uuid:8c3a3b1e-2a4c-4d0e-9a55-1f0b3f1d2c01"  # the badge's own id
    looping = endorsement("urn:uuid:self", eid=outer_id)
    report = verify(_badge(credential=[looping]), now=NOW)
    assert report.result("endorsements").code == "endorsements.loop"
    assert not report.verified


def test_depth_is_bounded():
    inner = endorsement(ACHIEVEMENT, eid="urn:uuid:level3")
    mid_doc = copy.deepcopy(endorsement(ACHIEVEMENT, eid="urn:uuid:level2"))
    mid_doc.pop("proof")
    mid_doc["endorsement"] = [inner]
    mid = signed(mid_doc, key=ENDORSER)
    limits = replace(DEFAULT_LIMITS, max_endorsement_depth=1)
    report = verify(_badge(credential=[mid]), now=NOW, limits=limits)
    nested = report.endorsements[0]
    assert nested.result("endorsements").code == "endorsements.depth_limit"
    assert nested.result("endorsements").status is CheckStatus.NOT_CHECKED
    assert report.verified  # the unchecked level is reported, not failed
    deeper = verify(_badge(credential=[mid]), now=NOW)
    assert deeper.endorsements[0].result("endorsements").code == "endorsements.ok"


def test_thousands_of_endorsements_are_capped():
    one = endorsement(ACHIEVEMENT)
    badge = credential()
    badge["endorsement"] = [one] * 3000
    limits = replace(DEFAULT_LIMITS, max_endorsements=5)
    report = verify(badge, now=NOW, limits=limits)
    assert len(report.endorsements) == 5
    limit = [c for c in report.checks if c.code == "endorsements.limit"]
    assert limit and limit[0].details["count"] == 2995


def test_find_endorsements_skips_nested_ones():
    inner = {"id": "urn:uuid:inner", "endorsement": [{"id": "urn:uuid:deeper"}]}
    doc = {"endorsement": inner, "credentialSubject": {"achievement": {
        "endorsementJwt": "a.b.c", "creator": {"endorsement": [{"id": "urn:uuid:c"}]}}}}
    found = dict(find_endorsements(doc))
    assert set(found) == {"$.endorsement[0]", "$.credentialSubject.achievement.endorsementJwt[0]",
                          "$.credentialSubject.achievement.creator.endorsement[0]"}


def test_endorsed_by_a_stranger_is_still_verified_as_genuine():
    report = verify(_badge(credential=[endorsement("urn:uuid:self", key=STRANGER)]), now=NOW)
    assert report.verified
    assert report.endorsements[0].summary.issuer_id == STRANGER.did_key


def test_malformed_endorsements_are_refused_and_never_read_as_files(tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    badge = credential()
    badge["endorsement"] = [str(secret), 42]
    badge["endorsementJwt"] = [str(secret), {"id": "x"}]
    report = verify(badge, now=NOW)
    assert report.endorsements == []
    malformed = [c for c in report.checks if c.code == "endorsements.malformed"]
    assert malformed and len(malformed[0].details["paths"]) == 4
