"""EndorsementCredentials about an Achievement or a Profile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import ModelValidationError
from openbadge_kit.issuer import Issuer
from openbadge_kit.keys.ed25519 import Ed25519KeyPair

from .conftest import LIST_URL, proof_codes, schema_errors


@pytest.fixture
def endorser() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_seed(bytes([7]) * 32)


def test_endorse_an_achievement(endorser: Ed25519KeyPair, achievement: dict[str, Any],
                                tmp_path: Path) -> None:
    profile = {"id": endorser.did_key, "type": ["Profile"], "name": "Regional Employers Group"}
    with Issuer(profile, endorser, registry=tmp_path / "r.db", status_list=LIST_URL) as issuer:
        issued = issuer.endorse(achievement, "Matches what we look for in new hires.")
        credential = issued.credential
        assert isinstance(credential, dict)
        assert credential["type"] == ["VerifiableCredential", "EndorsementCredential"]
        assert credential["credentialSubject"] == {
            "id": achievement["id"], "type": ["EndorsementSubject"],
            "endorsementComment": "Matches what we look for in new hires."}
        assert credential["name"] == "Endorsement of Verbal Communication"
        assert schema_errors(credential, "ob_v3p0_endorsementcredential_schema.json") == []
        assert proof_codes(credential) == ["proof.valid"]
        assert issued.record is not None and issued.record.kind == "endorsement"
        # endorsements can be revoked like any other credential
        assert issuer.revoke(issued.credential_id, "withdrawn").status == "revoked"


def test_endorse_a_profile_and_an_id(endorser: Ed25519KeyPair, profile: dict[str, Any]) -> None:
    me = {"id": endorser.did_key, "type": "Profile", "name": "Accreditor"}
    issuer = Issuer(me, endorser)
    about_profile = issuer.endorse(profile, name="Accredited issuer").credential
    assert isinstance(about_profile, dict)
    assert about_profile["credentialSubject"]["id"] == profile["id"]
    assert "endorsementComment" not in about_profile["credentialSubject"]
    assert proof_codes(about_profile) == ["proof.valid"]
    by_id = issuer.endorse("https://college.example.edu/", "Good").credential
    assert isinstance(by_id, dict)
    assert by_id["credentialSubject"]["id"] == "https://college.example.edu/"
    for bad in ("not a uri", {"name": "no id"}, 42):
        with pytest.raises(ModelValidationError):
            issuer.endorse(bad)
