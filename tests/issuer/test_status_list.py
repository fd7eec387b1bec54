"""Revocation, suspension and the published status list credential."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import IssuanceError, StatusListError
from openbadge_kit.issuer import Issuer
from openbadge_kit.issuer.registry import Registry
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.status.bitstring import decode_bitstring, get_bit

from .conftest import LIST_URL, proof_codes


def _index(credential: Any) -> int:
    return int(credential["credentialStatus"]["statusListIndex"])


def _published_bits(path: Path) -> tuple[dict[str, Any], bytes]:
    list_credential = json.loads(path.read_text("utf-8"))
    return list_credential, decode_bitstring(list_credential["credentialSubject"]["encodedList"])


def test_revoke_then_publish_sets_exactly_that_bit(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any],
    registry: Registry, tmp_path: Path
) -> None:
    issuer = Issuer(profile, key, registry=registry, status_list=LIST_URL)
    issued = issuer.issue_many([{"achievement": achievement, "recipient": f"u{i}@example.com"}
                                for i in range(6)])
    revoked = issued[2]
    record = issuer.revoke(revoked.credential_id, "issued in error")
    assert record.status == "revoked" and record.reason == "issued in error"

    path = issuer.publish_status_list(tmp_path / "status")
    assert path.name == "1.json"
    list_credential, bits = _published_bits(path)
    assert list_credential["id"] == LIST_URL
    assert "BitstringStatusListCredential" in list_credential["type"]
    assert list_credential["issuer"] == profile["id"]
    subject = list_credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert subject["encodedList"].startswith("uH4sI")
    assert len(bits) == 16_384  # 131,072 entries
    assert proof_codes(list_credential) == ["proof.valid"]
    assert [i for i in range(len(bits) * 8) if get_bit(bits, i)] == [_index(revoked.credential)]
    for other in issued:
        if other is not revoked:
            assert get_bit(bits, _index(other.credential)) == 0


def test_suspension_list_suspends_and_lifts(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any], tmp_path: Path
) -> None:
    url = "https://badges.example.edu/status/suspension-1"
    with Issuer(profile, key, registry=tmp_path / "r.db", status_list=url,
                status_purpose="suspension") as issuer:
        issued = issuer.issue(achievement, "a@example.com")
        index = _index(issued.credential)
        assert issued.credential["credentialStatus"]["statusPurpose"] == "suspension"  # type: ignore[index]
        issuer.suspend(issued.credential_id, "under review")
        _, bits = _published_bits(issuer.publish_status_list(tmp_path))
        assert get_bit(bits, index) == 1
        issuer.unsuspend(issued.credential_id)
        list_credential, bits = _published_bits(issuer.publish_status_list(tmp_path))
        assert get_bit(bits, index) == 0
        assert list_credential["credentialSubject"]["statusPurpose"] == "suspension"


def test_a_revocation_entry_cannot_be_suspended(
    profile: dict[str, Any], key: Ed25519KeyPair, achievement: dict[str, Any], tmp_path: Path
) -> None:
    with Issuer(profile, key, registry=tmp_path / "r.db", status_list=LIST_URL) as issuer:
        issued = issuer.issue(achievement, "a@example.com")
        with pytest.raises(StatusListError) as info:
            issuer.suspend(issued.credential_id)
        assert info.value.code == "status_not_suspendable"


def test_validity_window_and_ttl(profile: dict[str, Any], key: Ed25519KeyPair,
                                 tmp_path: Path) -> None:
    with Issuer(profile, key, registry=tmp_path / "r.db", status_list=LIST_URL) as issuer:
        signed = issuer.status_list_credential(valid_for_seconds=3600)
        assert isinstance(signed, dict)
        assert signed["credentialSubject"]["ttl"] == 3_600_000
        assert signed["validUntil"] > signed["validFrom"]
        with pytest.raises(IssuanceError):
            issuer.status_list_credential(valid_for_seconds=0)


def test_publishing_needs_a_registry_and_a_list(profile: dict[str, Any],
                                                key: Ed25519KeyPair, tmp_path: Path) -> None:
    with pytest.raises(IssuanceError):
        Issuer(profile, key).publish_status_list(tmp_path)
    with Issuer(profile, key, registry=tmp_path / "r.db") as issuer, \
            pytest.raises(IssuanceError):
        issuer.publish_status_list(tmp_path)
    assert list(tmp_path.glob("*.json")) == []
