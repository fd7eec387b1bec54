"""Fixtures for the verifier tests: keys, credentials, status lists, endorsements.

Everything is signed here with fixed seeds and dates, so tests are reproducible and
need no network: issuers are did:key identities, resolved offline.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.proofs.data_integrity import sign
from openbadge_kit.status.bitstring import encode_bitstring, set_bit

#: the clock every verifier test runs at
NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
CREATED = "2026-01-01T00:00:00Z"

ISSUER = Ed25519KeyPair.from_seed(bytes(range(32)))
ENDORSER = Ed25519KeyPair.from_seed(bytes(range(32, 64)))
STRANGER = Ed25519KeyPair.from_seed(b"\x07" * 32)

OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC2 = "https://www.w3.org/ns/credentials/v2"
LIST_URL = "https://issuer.example/status/1"
ALICE = "alice@example.org"
ALICE_SALT = "NaCl-42"


def credential(key: Ed25519KeyPair = ISSUER, **overrides: Any) -> dict[str, Any]:
    """An unsigned, schema-valid OB 3.0 AchievementCredential issued by ``key``'s did:key."""
    doc: dict[str, Any] = {
        "@context": [VC2, OB_CONTEXT],
        "id": "urn:uuid:8c3a3b1e-2a4c-4d0e-9a55-1f0b3f1d2c01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork badge",
        "issuer": {"id": key.did_key, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:alice",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/achievements/teamwork",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Works well in a team.",
                "criteria": {"narrative": "Nominated by peers."},
            },
        },
    }
    doc.update(overrides)
    return doc


def signed(doc: dict[str, Any], key: Ed25519KeyPair = ISSUER,
           suite: str = "eddsa-rdfc-2022") -> dict[str, Any]:
    """``doc`` with a proof by ``key`` (verification method: its did:key)."""
    return sign(doc, key, verification_method=key.did_key_vm, suite=suite, created=CREATED)


def hashed_identifier(email: str = ALICE, salt: str = ALICE_SALT) -> dict[str, Any]:
    """A hashed e-mail IdentityObject."""
    from openbadge_kit.identity import hash_identity

    return {"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
            "identityHash": hash_identity(email, salt), "salt": salt}


def status_entry(index: int, url: str = LIST_URL, purpose: str = "revocation",
                 kind: str = "BitstringStatusListEntry") -> dict[str, Any]:
    """A credentialStatus entry pointing at ``url``."""
    return {"id": f"{url}#{index}", "type": kind, "statusPurpose": purpose,
            "statusListIndex": str(index), "statusListCredential": url}


def status_list(set_bits: tuple[int, ...] = (), *, url: str = LIST_URL,
                purpose: str | list[str] = "revocation", key: Ed25519KeyPair = ISSUER,
                nbytes: int = 16 * 1024, sign_it: bool = True,
                **overrides: Any) -> dict[str, Any]:
    """A BitstringStatusListCredential with ``set_bits`` set, signed by ``key``."""
    bits = bytearray(nbytes)
    for i in set_bits:
        set_bit(bits, i)
    doc: dict[str, Any] = {
        "@context": [VC2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": key.did_key,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList",
                              "statusPurpose": purpose,
                              "encodedList": encode_bitstring(bytes(bits))},
    }
    doc.update(overrides)
    return signed(doc, key) if sign_it else doc


def endorsement(subject_id: str, key: Ed25519KeyPair = ENDORSER, *,
                eid: str = "urn:uuid:0e6b3c9a-1111-4d0e-9a55-1f0b3f1d2c02",
                **overrides: Any) -> dict[str, Any]:
    """A signed EndorsementCredential of ``subject_id`` by ``key``."""
    doc: dict[str, Any] = {
        "@context": [VC2, OB_CONTEXT],
        "id": eid,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement of the teamwork badge",
        "issuer": {"id": key.did_key, "type": ["Profile"], "name": "Endorsing Body"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": subject_id, "type": ["EndorsementSubject"],
                              "endorsementComment": "Solid criteria."},
    }
    doc.update(overrides)
    return signed(doc, key)


def tampered(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a signed credential with the achievement renamed after signing."""
    out = copy.deepcopy(doc)
    out["credentialSubject"]["achievement"]["name"] = "Leadership"
    return out


def codes(report: Any, check: str | None = None) -> list[str]:
    """The result codes of ``report`` (of one check when ``check`` is given)."""
    return [c.code for c in report.checks if check is None or c.check == check]
