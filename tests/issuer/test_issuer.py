"""Issuer: what an issued credential contains, batches, once-only issuing, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import (
    InvalidInputError,
    IssuanceError,
    ModelValidationError,
    OpenBadgeError,
    SigningError,
)
from openbadge_kit.identity import identity_matches
from openbadge_kit.issuer import Issuer, IssueRequest
from openbadge_kit.issuer.registry import Registry, SQLiteRegistry
from openbadge_kit.keys.ed25519 import Ed25519KeyPair

from .conftest import LIST_URL, make_achievement, proof_codes, schema_errors

ACHIEVEMENT_SCHEMA = "ob_v3p0_achievementcredential_schema.json"


def test_issued_credential_is_schema_valid_signed_and_hashed(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any], tmp_path: Path
) -> None:
    with Issuer(profile, key, registry=tmp_path / "r.db", status_list=LIST_URL) as issuer:
        issued = issuer.issue(achievement, " Learner@Example.EDU ",
                              evidence=[{"type": ["Evidence"], "name": "Essay",
                                         "narrative": "Graded Complete."}],
                              valid_until="2030-01-01T00:00:00Z")
    credential = issued.credential
    assert isinstance(credential, dict)
    assert schema_errors(credential, ACHIEVEMENT_SCHEMA) == []
    assert proof_codes(credential) == ["proof.valid"]
    assert credential["id"].startswith("urn:uuid:")
    assert credential["issuer"] == profile  # embedded profile
    assert credential["validFrom"].endswith("Z") and len(credential["validFrom"]) == 20
    ident = credential["credentialSubject"]["identifier"][0]
    assert ident["hashed"] is True and ident["identityHash"].startswith("sha256$")
    assert "learner@example.edu" not in json.dumps(credential).lower()
    assert identity_matches(ident, "learner@example.edu")
    assert not identity_matches(ident, "someone.else@example.edu")
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"] == LIST_URL
    assert 0 <= int(status["statusListIndex"]) < 131_072
    assert issued.record is not None and issued.record.status_index == int(
        status["statusListIndex"])


def test_tampering_with_an_issued_credential_breaks_its_proof(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any]
) -> None:
    issued = Issuer(profile, key).issue(achievement, "a@example.com")
    assert isinstance(issued.credential, dict)
    forged = json.loads(json.dumps(issued.credential))
    forged["credentialSubject"]["achievement"]["name"] = "Something Grander"
    assert proof_codes(forged) == ["proof.signature_invalid"]


def test_recipient_forms(profile: dict[str, Any], key: Ed25519KeyPair,
                         achievement: dict[str, Any]) -> None:
    issuer = Issuer(profile, key)
    plain = issuer.issue(achievement, "a@example.com", hashed=False).credential
    assert isinstance(plain, dict)
    assert plain["credentialSubject"]["identifier"][0] == {
        "type": "IdentityObject", "identityType": "emailAddress", "hashed": False,
        "identityHash": "a@example.com"}
    did = issuer.issue(achievement, "did:example:learner42").credential
    assert isinstance(did, dict)
    assert did["credentialSubject"]["id"] == "did:example:learner42"
    assert "identifier" not in did["credentialSubject"]
    for bad in ["not-an-email", "a@b", "two@@example.com", "", "a b@example.com"]:
        with pytest.raises(InvalidInputError) as info:
            issuer.issue(achievement, bad)
        assert info.value.code == "recipient_invalid"


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda a: a.pop("id"), "$.credentialSubject.achievement.id"),
        (lambda a: a.update(id="not a uri"), "$.credentialSubject.achievement.id"),
        (lambda a: a.update(type=["Badge"]), "$.credentialSubject.achievement.type"),
        (lambda a: a.pop("name"), "$.credentialSubject.achievement.name"),
        (lambda a: a.update(description=""), "$.credentialSubject.achievement.description"),
        (lambda a: a.pop("criteria"), "$.credentialSubject.achievement.criteria"),
    ],
)
def test_bad_achievements_are_refused_with_the_path(
    profile: dict[str, Any], key: Ed25519KeyPair, mutate: Any, path: str
) -> None:
    achievement = make_achievement()
    mutate(achievement)
    with pytest.raises(ModelValidationError) as info:
        Issuer(profile, key).issue(achievement, "a@example.com")
    assert info.value.path == path


def test_bad_profile_key_and_format(key: Ed25519KeyPair, profile: dict[str, Any]) -> None:
    with pytest.raises(ModelValidationError):
        Issuer({"id": "https://x.example", "type": "Profile"}, key)  # no name
    with pytest.raises(ModelValidationError):
        Issuer({"id": "x", "type": "Profile", "name": "X"}, key)
    with pytest.raises(SigningError):
        Issuer(profile, key, proof_format="rsa-magic")
    with pytest.raises(IssuanceError):
        Issuer(profile, key, status_list=LIST_URL)  # a list needs a registry


def test_validity_window_is_checked(profile: dict[str, Any], key: Ed25519KeyPair,
                                    achievement: dict[str, Any]) -> None:
    issuer = Issuer(profile, key)
    with pytest.raises(ModelValidationError):
        issuer.issue(achievement, "a@example.com", valid_from="2030-01-01T00:00:00Z",
                     valid_until="2029-01-01T00:00:00Z")
    with pytest.raises(ModelValidationError):
        issuer.issue(achievement, "a@example.com", valid_until="next tuesday")


def test_a_batch_with_one_bad_request_issues_nothing(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any], tmp_path: Path
) -> None:
    reg = SQLiteRegistry(tmp_path / "r.db")
    issuer = Issuer(profile, key, registry=reg, status_list=LIST_URL)
    requests = [IssueRequest(achievement, f"u{i}@example.com") for i in range(5)]
    requests.insert(3, IssueRequest(achievement, "broken-address"))
    with pytest.raises(OpenBadgeError) as info:
        issuer.issue_many(requests)
    assert "request 3" in str(info.value)
    assert reg.count() == 0
    assert reg.get_list(LIST_URL).allocated == 0
    reg.close()


def test_batch_in_order_with_progress(
    profile: dict[str, Any], key: Ed25519KeyPair, tmp_path: Path, registry: Registry
) -> None:
    issuer = Issuer(profile, key, registry=registry, status_list=LIST_URL, workers=1)
    seen: list[tuple[int, int]] = []
    requests = [{"achievement": make_achievement(i % 3), "recipient": f"u{i}@example.com"}
                for i in range(30)]
    issued = issuer.issue_many(requests, progress=lambda d, t: seen.append((d, t)),
                               chunk_size=7)
    assert [i.credential["credentialSubject"]["achievement"]["id"]  # type: ignore[index]
            for i in issued] == [r["achievement"]["id"] for r in requests]
    assert seen[-1] == (30, 30) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    indices = {i.record.status_index for i in issued if i.record}
    assert len(indices) == 30
    assert registry.count() == 30 and registry.check() == []
    for n, item in enumerate(issued):
        ident = item.credential["credentialSubject"]["identifier"][0]  # type: ignore[index]
        assert identity_matches(ident, f"u{n}@example.com")


def test_parallel_batch_uses_worker_processes(
    profile: dict[str, Any], key: Ed25519KeyPair, tmp_path: Path
) -> None:
    reg = SQLiteRegistry(tmp_path / "r.db")
    issuer = Issuer(profile, key, registry=reg, status_list=LIST_URL, workers=2)
    requests = [IssueRequest(make_achievement(), f"p{i}@example.com") for i in range(240)]
    try:
        issued = issuer.issue_many(requests)
        pool = issuer._pool
        assert pool is not None and pool._pool is not None  # a process pool signed them
    finally:
        issuer.close()
    assert len({i.credential_id for i in issued}) == 240
    for n in (0, 117, 239):
        credential = issued[n].credential
        assert isinstance(credential, dict)
        assert proof_codes(credential) == ["proof.valid"]
        assert identity_matches(credential["credentialSubject"]["identifier"][0],
                                f"p{n}@example.com")
    assert reg.count() == 240 and reg.check() == []
    reg.close()


def test_once_never_issues_the_same_badge_twice(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any],
    registry: Registry
) -> None:
    issuer = Issuer(profile, key, registry=registry, status_list=LIST_URL)
    first = issuer.issue(achievement, "a@example.com", once=True)
    again = issuer.issue(achievement, "A@example.com ", once=True)  # same person, normalized
    other = issuer.issue(make_achievement(2), "a@example.com", once=True)
    assert first.issued and not again.issued and other.issued
    assert again.credential_id == first.credential_id
    assert again.credential == first.credential
    batch = issuer.issue_many([IssueRequest(achievement, "a@example.com"),
                               IssueRequest(achievement, "b@example.com")], once=True)
    assert [b.issued for b in batch] == [False, True]
    assert registry.count() == 3
    # the same pair twice in one batch is issued once
    twice = issuer.issue_many([IssueRequest(achievement, "c@example.com"),
                               IssueRequest(achievement, "c@example.com")], once=True)
    assert [t.issued for t in twice] == [True, False]
    assert twice[0].credential_id == twice[1].credential_id
    assert registry.count() == 4 and registry.check() == []
    with pytest.raises(IssuanceError):
        Issuer(profile, key).issue(achievement, "a@example.com", once=True)


def test_other_issuer_profile_id_uses_a_fragment_method(key: Ed25519KeyPair,
                                                         achievement: dict[str, Any]) -> None:
    profile = {"id": "https://college.example.edu/issuer", "type": "Profile", "name": "C"}
    issued = Issuer(profile, key).issue(achievement, "a@example.com").credential
    assert isinstance(issued, dict)
    assert issued["proof"]["verificationMethod"] == (
        f"https://college.example.edu/issuer#{key.public_multikey}")
    # the 1EdTech controller#publicKeyMultibase convention: offline, the key is read from
    # the id, which anyone could write, so it is not the issuer's until the issuer's
    # published controller document says so
    assert proof_codes(issued) == ["proof.key_not_bound_to_issuer"]
    from openbadge_kit.keys.publish import controller_document
    from openbadge_kit.keys.resolvers import default_resolver
    from openbadge_kit.proofs.data_integrity import verify_proofs

    published = controller_document(profile["id"], {key.public_multikey: key})
    results = verify_proofs(issued, resolver=default_resolver(did_documents=[published]))
    assert [r.code for r in results] == ["proof.valid"]


def test_ed25519signature2020_format(profile: dict[str, Any], key: Ed25519KeyPair,
                                     achievement: dict[str, Any]) -> None:
    issued = Issuer(profile, key, proof_format="Ed25519Signature2020").issue(
        achievement, "a@example.com").credential
    assert isinstance(issued, dict)
    assert issued["proof"]["type"] == "Ed25519Signature2020"
    assert proof_codes(issued) == ["proof.valid"]


def test_vc_jwt_format_with_a_jwt_status_list(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any], tmp_path: Path
) -> None:
    from openbadge_kit.verify import verify

    with Issuer(profile, key, proof_format="vc-jwt", registry=tmp_path / "r.db",
                status_list=LIST_URL) as issuer:
        kept = issuer.issue(achievement, "a@example.com")
        revoked = issuer.issue(achievement, "b@example.com")
        assert isinstance(kept.credential, str) and kept.credential.count(".") == 2
        assert issuer.registry is not None and issuer.registry.check() == []
        issuer.revoke(revoked.credential_id, "test")
        published = issuer.publish_status_list(tmp_path / "status")
    assert published.name == "1.jwt"  # the list is signed in the issuer's format too
    assert isinstance(revoked.credential, str)
    # bytes, not str: verify() currently stats a str source as a path first
    ok = verify(kept.credential.encode(), status_lists=tmp_path / "status",
                recipient="a@example.com")
    assert ok.verified, ok.to_text()
    bad = verify(revoked.credential.encode(), status_lists=tmp_path / "status")
    status = bad.result("status")
    assert not bad.verified and status is not None and status.code == "status.revoked"


def test_malformed_batch_requests_are_library_errors(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any]
) -> None:
    issuer = Issuer(profile, key)
    for bad in ([{"achievement": achievement}],
                [{"achievement": achievement, "recipient": "a@example.com", "colour": 1}],
                ["a@example.com"]):
        with pytest.raises(InvalidInputError) as info:
            issuer.issue_many(bad)  # type: ignore[arg-type]
        assert info.value.code == "request_invalid" and "request 0" in str(info.value)


def test_models_are_accepted_as_profile_and_achievement(key: Ed25519KeyPair) -> None:
    from openbadge_kit.models import Achievement, Criteria, Profile

    profile = Profile(id=key.did_key, name="Model College")
    achievement = Achievement(id="https://badges.example.edu/achievements/m", name="Modelled",
                              description="Built with the pydantic models.",
                              criteria=Criteria(narrative="Do the thing."))
    credential = Issuer(profile, key).issue(achievement, "a@example.com").credential
    assert isinstance(credential, dict)
    assert credential["issuer"]["name"] == "Model College"
    assert credential["credentialSubject"]["achievement"]["name"] == "Modelled"
    assert proof_codes(credential) == ["proof.valid"]
    assert schema_errors(credential, ACHIEVEMENT_SCHEMA) == []


@pytest.mark.parametrize("requests", [5, "a@example.com", {"recipient": "a@example.com"}, None])
def test_issue_many_refuses_what_is_not_a_list_of_requests(
        profile: dict[str, Any], key: Ed25519KeyPair, requests: Any) -> None:
    with pytest.raises(IssuanceError) as info:
        Issuer(profile, key).issue_many(requests)
    assert info.value.code == "issuer_bad_request"
