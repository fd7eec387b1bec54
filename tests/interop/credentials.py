"""Hand-built Open Badges 3.0 credentials for the interop tests."""

from __future__ import annotations

from typing import Any

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ED2020 = "https://w3id.org/security/suites/ed25519-2020/v1"


def badge(issuer: str, *, shape: str, suite: str) -> dict[str, Any]:
    """An unsigned OB 3.0 AchievementCredential issued by ``issuer``."""
    if shape == "vc2":
        context = [VC2, OB303]
        dates: dict[str, Any] = {"validFrom": "2026-02-01T00:00:00Z",
                                 "validUntil": "2031-02-01T00:00:00Z"}
    else:
        context = [VC1, OB303]
        dates = {"issuanceDate": "2026-02-01T00:00:00Z",
                 "expirationDate": "2031-02-01T00:00:00Z"}
    if suite == "Ed25519Signature2020":
        context.append(ED2020)
    return {
        "@context": context,
        "id": "urn:uuid:2f3f7a46-1b1c-4c0e-9d6a-0d5e8f8f6a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Interoperability Practitioner",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example Institute of Testing",
                   "url": "https://example.edu"},
        **dates,
        "credentialSubject": {
            "id": "did:example:learner-4711",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/interop-101",
                "type": ["Achievement"],
                "name": "Interop 101",
                "description": "Signed in one implementation, verified in another.",
                "criteria": {"narrative": "Produce a credential that two verifiers accept."},
                "achievementType": "Certificate",
            },
            "result": [{"type": ["Result"], "value": "A+",
                        "resultDescription": "urn:uuid:b3f5a8f0-61b6-4a4f-8c0b-2f3c1d9e7a55"}],
        },
    }
