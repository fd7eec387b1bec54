"""Sample credentials for the display, notification and browser tests.

``rich_credential`` has everything the page shows (rubric results, hours, evidence,
alignments, an endorsement, a hashed e-mail recipient); ``hostile_credential`` carries
script tags, ``javascript:`` URLs, ``onerror`` attributes, a huge string and
right-to-left overrides.  Both are signed by a did:key issuer, so they verify offline.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.models import ResultDescription
from openbadge_kit.proofs.data_integrity import sign

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
ISSUER = Ed25519KeyPair.from_seed(b"render-tests-issuer-seed-32bytes")
ENDORSER = Ed25519KeyPair.from_seed(b"render-tests-endorser-seed-32byt")
LEARNER = "avery@example.org"
SALT = "5a1t5a1t5a1t5a1t"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
BASE = "https://badges.example.org/demo"

RESUME = ResultDescription.rubric("JOB-1: Resume reviewed by a mentor",
                                  id=f"{BASE}/rubrics/JOB-1", required_level="Complete")
INTERVIEW = ResultDescription.rubric("JOB-3: Mock interview", id=f"{BASE}/rubrics/JOB-3",
                                     required_level="Complete")
HOURS = ResultDescription.numeric("Hours of employer engagement", value_min=0,
                                  required_value=2, id=f"{BASE}/achievements/job-search#hours")


def _sign(doc: dict[str, Any], key: Ed25519KeyPair = ISSUER) -> dict[str, Any]:
    return sign(doc, key, verification_method=key.did_key_vm, created="2026-05-01T12:00:00Z")


def endorsement(subject_id: str) -> dict[str, Any]:
    """A signed endorsement of ``subject_id``."""
    return _sign({
        "@context": [VC2, OB],
        "id": "urn:uuid:4b1d7d36-0d43-4c43-9c1c-5e0e3a9d2a10",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Employer council endorsement",
        "issuer": {"id": ENDORSER.did_key, "type": ["Profile"],
                   "name": "Regional Employer Council"},
        "validFrom": "2026-04-01T00:00:00Z",
        "credentialSubject": {"id": f"{BASE}/achievements/job-search",
                              "type": ["EndorsementSubject"],
                              "endorsementComment": "Matches what we look for in new hires."},
    }, ENDORSER)


def unsigned_rich() -> dict[str, Any]:
    """The rich credential before signing."""
    from openbadge_kit.identity import hash_identity
    from openbadge_kit.models import Result

    return {
        "@context": [VC2, OB],
        "id": "urn:uuid:0f3c9a52-7f0e-4b8a-9d6e-3c1f2b7a9e11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Job Search & Interview Skills",
        "issuer": {"id": ISSUER.did_key, "type": ["Profile"],
                   "name": "Example Career Program", "url": "https://jmg.example.org/"},
        "validFrom": "2026-05-01T12:00:00Z",
        "validUntil": "2030-05-01T12:00:00Z",
        "awardedDate": "2026-05-01T12:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "emailAddress",
                            "hashed": True, "salt": SALT,
                            "identityHash": hash_identity(LEARNER, SALT)}],
            "achievement": {
                "id": f"{BASE}/achievements/job-search",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Job Search & Interview Skills",
                "description": "Prepares a resume and handles a job interview.",
                "criteria": {"narrative": "Every assignment graded Complete.\n"
                                          "At least 2 hours of employer engagement."},
                "alignment": [{"type": ["Alignment"], "targetName": "Mock Interview",
                               "targetUrl": f"{BASE}/skills/mock-interview",
                               "targetType": "ceasn:Competency",
                               "targetFramework": "Illustrative framework"}],
                "resultDescription": [RESUME.to_jsonld(), INTERVIEW.to_jsonld(),
                                      HOURS.to_jsonld()],
                "endorsement": [endorsement(f"{BASE}/achievements/job-search")],
            },
            "result": [Result.for_level(RESUME, "Complete").to_jsonld(),
                       Result.for_level(INTERVIEW, "Incomplete").to_jsonld(),
                       Result.for_value(HOURS, 2.5).to_jsonld()],
        },
        "evidence": [{"id": f"{BASE}/evidence/avery/resume", "type": ["Evidence"],
                      "name": "Resume, reviewed", "narrative": "Reviewed by a mentor on site."}],
    }


def rich_credential() -> dict[str, Any]:
    """The rich credential, signed."""
    return _sign(unsigned_rich())


SCRIPT = "<script>document.body.appendChild(document.createElement('pw'+'ned'))</script>"
ONERROR = "<img src=x onerror=\"document.body.setAttribute('data-'+'pwned','1')\">"
RLO = "\u202eexe.txt"


def hostile_credential(base_url: str = "https://evil.example") -> dict[str, Any]:
    """A signed credential whose every string tries to inject markup or script.

    ``base_url`` is where its (harmless) URLs point; the browser test passes its own
    127.0.0.1 server so that any request the page made would be seen.
    """
    doc = copy.deepcopy(unsigned_rich())
    doc["name"] = SCRIPT
    doc["issuer"]["name"] = f"Evil {RLO} {ONERROR}"
    doc["issuer"]["url"] = "javascript:document.body.setAttribute('data-'+'pwned','1')"
    subject = doc["credentialSubject"]
    achievement = subject["achievement"]
    achievement["name"] = f"{SCRIPT}{ONERROR}Hostile {RLO}"
    achievement["description"] = "A" * 200_000
    achievement["criteria"] = {"narrative": "</p></section><script>alert(1)</script>",
                               "id": f"{base_url}/criteria"}
    achievement["image"] = {"id": f"{base_url}/image.png", "type": "Image",
                            "caption": f"\" onerror=\"alert(1){ONERROR}"}
    achievement["alignment"][0]["targetUrl"] = "javascript:alert(1)"
    achievement["alignment"][0]["targetName"] = f"\"><svg onload=alert(1)>{RLO}"
    doc["evidence"] = [{"id": f"{base_url}/evidence", "type": ["Evidence"],
                        "name": "<iframe src=javascript:alert(1)>",
                        "narrative": "<a href='javascript:alert(1)'>click</a>"}]
    subject["result"][0]["value"] = f"<style>body{{background:url({base_url}/x.png)}}</style>"
    return _sign(doc)
