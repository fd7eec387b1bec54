"""The signed examples of the OB 3.0 spec: the implementation guide's test vectors.

The spec's own examples are unsigned (the rendered spec signs them in the browser), so
the signed ones are the eddsa-rdfc-2022 vectors of the implementation guide, for OB and
for CLR, in both collected copies.  The "complete" example still matters: its five
embedded endorsements must all be found and reported.
"""

from __future__ import annotations

import copy
import json

import pytest

from openbadge_kit.verify import verify
from openbadge_kit.verify.report import CheckStatus

from .corpus import CORPUS_NOW, VECTORS, did_documents, no_internal_errors

SIGNED = [
    "1edtech-ob3-spec-test-vectors/obv3p0/signed.json",
    "1edtech-ob3-spec-test-vectors/clrv2p0/signed.json",
    "spec-examples/test-vectors/ob/signed-credential.json",
    "spec-examples/test-vectors/clr/signed-credential.json",
]


@pytest.mark.parametrize("path", SIGNED)
def test_signed_spec_vector_verifies_offline(path, socket_log):
    # the vector's key is written into its verification method id; the issuer's published
    # controller document (here constructed from the spec's key pair) confirms it
    report = verify(VECTORS / path, now=CORPUS_NOW, did_documents=did_documents())
    assert report.verified, report.to_text()
    assert report.result("proof").details["suite"] == "DataIntegrityProof/eddsa-rdfc-2022"
    assert socket_log == []


@pytest.mark.parametrize("path", SIGNED)
def test_signed_spec_vector_key_is_not_confirmed_without_the_issuers_document(path):
    report = verify(VECTORS / path, now=CORPUS_NOW)
    assert not report.verified
    proof = report.result("proof")
    assert proof.code == "proof.key_not_bound_to_issuer"
    assert proof.status is CheckStatus.NOT_CHECKED  # genuine signature, unconfirmed key
    assert report.failures == []


@pytest.mark.parametrize("path", SIGNED[:1] + SIGNED[2:3])
def test_the_ob_vector_is_an_achievement_credential_with_a_clean_report(path):
    report = verify(VECTORS / path, now=CORPUS_NOW, did_documents=did_documents())
    assert report.warnings == [] and report.failures == []
    assert report.result("schema").code == "schema.ok"
    assert report.summary.issuer_id == "https://example.edu/issuers/565049"


@pytest.mark.parametrize("path", SIGNED)
def test_signed_spec_vector_tampered_fails(path):
    doc = json.loads((VECTORS / path).read_text("utf-8"))
    forged = copy.deepcopy(doc)
    forged["issuer"]["name"] = forged["issuer"].get("name", "") + " (forged)"
    report = verify(forged, now=CORPUS_NOW)
    assert not report.verified
    assert report.result("proof").code == "proof.signature_invalid"


def test_complete_example_endorsements_are_all_found():
    report = verify(VECTORS / "spec-examples/spec/ob-complete-openbadgecredential.json",
                    now=CORPUS_NOW)
    assert no_internal_errors(report)
    assert report.result("proof").code == "proof.missing"  # the spec example is unsigned
    assert sorted(e.source for e in report.endorsements) == [
        "$.credentialSubject.achievement.creator.endorsement[0]",
        "$.credentialSubject.achievement.creator.endorsement[1]",
        "$.credentialSubject.achievement.endorsement[0]",
        "$.endorsement[0]",
        "$.issuer.endorsement[0]",
    ]
    # their proofs are placeholders and they expired in 2020: each fails on its own
    assert not any(e.verified for e in report.endorsements)
    assert report.result("endorsements").code == "endorsements.invalid"
