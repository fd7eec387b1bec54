"""VC-JWT interop with node ``jose`` (issue #3), for RS256, ES256 and EdDSA.

A compact JWS signed by openbadge_kit verifies in ``jose`` and one signed by ``jose``
verifies in openbadge_kit, in the OB 3.0 form, the VC 1.1 ``vc`` claim form and VC-JOSE-COSE;
a token changed after signing fails in both. The issuer is a did:jwk (the key is the DID),
so both sides find the key offline from the ``kid`` alone.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import pytest

from openbadge_kit.keys.did import did_jwk_for
from openbadge_kit.keys.jose_keys import generate_key_pair
from openbadge_kit.keys.resolvers import default_resolver
from openbadge_kit.proofs import vc_jwt
from openbadge_kit.verify.api import verify as verify_credential

from .credentials import badge
from .interop_bridge import NodeBridge

pytestmark = pytest.mark.interop

ALGS = ["RS256", "ES256", "EdDSA"]
NOW_ISO = "2026-06-01T00:00:00Z"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
KEY_TYPES = {"RS256": "rsa", "ES256": "p256", "EdDSA": "ed25519"}
VALID_FROM = int(datetime(2026, 2, 1, tzinfo=timezone.utc).timestamp())
VALID_UNTIL = int(datetime(2031, 2, 1, tzinfo=timezone.utc).timestamp())
#: the VC 1.1 JWT form (credential under ``vc``) carries a VC 1.1 credential
SHAPE = {"ob": "vc2", "vc1": "vc11", "vc-jose": "vc2"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value: Any) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode("utf-8"))


def unb64url_json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def did_jwk(public_jwk: dict[str, Any]) -> str:
    """did:jwk of a public JWK (base64url of its JSON)."""
    return "did:jwk:" + b64url_json(public_jwk)


def with_payload(token: str, payload: dict[str, Any]) -> str:
    """``token`` with its payload replaced and the old signature kept (a forgery)."""
    header, _, signature = token.split(".")
    return ".".join([header, b64url_json(payload), signature])


def jose_keypair(node: NodeBridge, alg: str) -> tuple[dict[str, Any], dict[str, Any]]:
    answer = node.call("jwt-keygen", alg=alg)
    assert answer["ok"], answer
    return answer["privateJwk"], answer["publicJwk"]


@pytest.mark.parametrize("alg", ALGS)
def test_jose_harness_round_trip(node: NodeBridge, alg: str) -> None:
    """The node side on its own: jose signs, jose verifies, jose rejects a forgery."""
    private, public = jose_keypair(node, alg)
    assert "d" in private and "d" not in public
    payload = {"iss": "did:example:issuer", "nbf": 1767225600, "credentialSubject": {"x": 1}}
    signed = node.call("jwt-sign", alg=alg, privateJwk=private, payload=payload,
                       header={"typ": "JWT", "kid": "did:example:issuer#key-1"})
    assert signed["ok"], signed
    token = signed["token"]
    assert unb64url_json(token.split(".")[0]) == {"typ": "JWT", "kid": "did:example:issuer#key-1",
                                                  "alg": alg}
    verdict = node.call("jwt-verify", token=token, publicJwk=public, alg=alg, now=NOW_ISO)
    assert verdict["verified"], verdict["error"]
    assert verdict["payload"] == payload

    forged = with_payload(token, {**payload, "iss": "did:example:mallory"})
    verdict = node.call("jwt-verify", token=forged, publicJwk=public, alg=alg, now=NOW_ISO)
    assert not verdict["verified"]
    assert verdict["error"]["name"] == "JWSSignatureVerificationFailed"

    _, other_public = jose_keypair(node, alg)
    verdict = node.call("jwt-verify", token=token, publicJwk=other_public, alg=alg, now=NOW_ISO)
    assert not verdict["verified"]

    # the algorithm comes from the verifier's allow-list, never from the token alone
    wrong = {"RS256": "ES256", "ES256": "EdDSA", "EdDSA": "RS256"}[alg]
    _, wrong_public = jose_keypair(node, wrong)
    verdict = node.call("jwt-verify", token=token, publicJwk=wrong_public, alg=wrong,
                        now=NOW_ISO)
    assert not verdict["verified"]
    assert verdict["error"]["name"] == "JOSEAlgNotAllowed", verdict["error"]


# --- openbadge_kit <-> jose -------------------------------------------------------------


def our_key(alg: str) -> Any:
    """A fresh key pair of ours whose id is its did:jwk verification method."""
    key = generate_key_pair(KEY_TYPES[alg])
    key.key_id = did_jwk_for(key.to_jwk()) + "#0"
    return key


def ob_claims(credential: dict[str, Any]) -> dict[str, Any]:
    issuer = credential["issuer"]["id"]
    return {"iss": issuer, "jti": credential["id"], "sub": credential["credentialSubject"]["id"],
            "nbf": VALID_FROM, "exp": VALID_UNTIL}


def our_verdict(token: str) -> Any:
    return vc_jwt.verify(token, resolver=default_resolver(), now=NOW)


@pytest.mark.parametrize("form", ["ob", "vc1", "vc-jose"])
@pytest.mark.parametrize("alg", ALGS)
def test_signed_by_us_verifies_in_jose(node: NodeBridge, alg: str, form: str) -> None:
    key = our_key(alg)
    issuer = key.key_id.split("#")[0]
    credential = badge(issuer, shape=SHAPE[form], suite="eddsa-rdfc-2022")
    token = vc_jwt.sign(credential, key, form=form)
    assert our_verdict(token).result.ok  # ours accepts its own token

    verdict = node.call("jwt-verify", token=token, publicJwk=key.to_jwk(), alg=alg, now=NOW_ISO)
    assert verdict["verified"], verdict["error"]
    header, payload = verdict["header"], verdict["payload"]
    assert header["alg"] == alg and header["kid"] == key.key_id
    if form == "vc-jose":
        assert header["typ"] == "vc+jwt"
        assert payload == credential
    else:
        assert header["typ"] == "JWT"
        claims = ob_claims(credential)
        if form == "ob":
            assert {k: payload.pop(k) for k in claims} == claims
            assert payload == credential
        else:
            assert payload["vc"] == credential
            assert {k: payload[k] for k in claims} == claims

    # one character of the payload changed, signature kept: jose must refuse
    forged = with_payload(token, {**unb64url_json(token.split(".")[1]), "name": "Forged"})
    verdict = node.call("jwt-verify", token=forged, publicJwk=key.to_jwk(), alg=alg, now=NOW_ISO)
    assert not verdict["verified"]
    assert verdict["error"]["name"] == "JWSSignatureVerificationFailed"
    assert our_verdict(forged).result.code == "proof.signature_invalid"


@pytest.mark.parametrize("form", ["ob", "vc1", "vc-jose"])
@pytest.mark.parametrize("alg", ALGS)
def test_signed_by_jose_verifies_in_ours(node: NodeBridge, alg: str, form: str) -> None:
    private, public = jose_keypair(node, alg)
    issuer = did_jwk_for(public)
    kid = issuer + "#0"
    credential = badge(issuer, shape=SHAPE[form], suite="eddsa-rdfc-2022")
    if form == "ob":
        payload, header = {**credential, **ob_claims(credential)}, {"typ": "JWT", "kid": kid}
    elif form == "vc1":
        payload, header = {**ob_claims(credential), "vc": credential}, {"typ": "JWT", "kid": kid}
    else:
        payload, header = credential, {"typ": "vc+jwt", "cty": "vc", "kid": kid}
    signed = node.call("jwt-sign", alg=alg, privateJwk=private, payload=payload, header=header)
    assert signed["ok"], signed
    token = signed["token"]

    verdict = our_verdict(token)
    assert verdict.result.ok, (verdict.result.code, verdict.result.message,
                               verdict.claim_problems)
    assert verdict.form == form
    assert verdict.credential == credential
    assert verdict.header is not None and verdict.header["alg"] == alg
    assert verdict.result.verification_method == kid
    assert not verdict.claim_problems and not verdict.time_problems

    # the whole verifier, given the token as text and as the bytes of a .jwt file
    report = verify_credential(token, now=NOW)
    assert report.verified, report.to_text()
    assert verify_credential(token.encode("ascii"), now=NOW).verified
    proof = report.result("proof")
    assert proof is not None and proof.status.value == "passed"

    forged = with_payload(token, {**payload, "name": "Forged"})
    assert our_verdict(forged).result.code == "proof.signature_invalid"
    assert not verify_credential(forged.encode("ascii"), now=NOW).verified
    verdict = node.call("jwt-verify", token=forged, publicJwk=public, alg=alg, now=NOW_ISO)
    assert not verdict["verified"]


@pytest.mark.parametrize("alg", ALGS)
def test_jose_token_with_claims_that_contradict_the_credential_fails_in_ours(
        node: NodeBridge, alg: str) -> None:
    """A JOSE library only checks the signature; OB also ties the claims to the credential."""
    private, public = jose_keypair(node, alg)
    issuer = did_jwk_for(public)
    credential = badge(issuer, shape="vc2", suite="eddsa-rdfc-2022")
    wrong = {**credential, **ob_claims(credential), "jti": "urn:uuid:someone-elses-badge"}
    token = node.call("jwt-sign", alg=alg, privateJwk=private, payload=wrong,
                      header={"typ": "JWT", "kid": issuer + "#0"})["token"]
    assert node.call("jwt-verify", token=token, publicJwk=public, alg=alg,
                     now=NOW_ISO)["verified"]
    verdict = our_verdict(token)
    assert not verdict.result.ok
    assert any("jti" in problem for problem in verdict.claim_problems), verdict.claim_problems


@pytest.mark.parametrize("alg", ALGS)
def test_jose_token_signed_by_a_key_that_is_not_the_issuers_fails_in_ours(
        node: NodeBridge, alg: str) -> None:
    private, public = jose_keypair(node, alg)
    _, other_public = jose_keypair(node, alg)
    issuer = did_jwk_for(other_public)  # the credential claims another key's DID
    credential = badge(issuer, shape="vc2", suite="eddsa-rdfc-2022")
    payload = {**credential, **ob_claims(credential)}
    token = node.call("jwt-sign", alg=alg, privateJwk=private, payload=payload,
                      header={"typ": "JWT", "kid": did_jwk_for(public) + "#0"})["token"]
    verdict = our_verdict(token)
    assert not verdict.result.ok
    assert verdict.result.code == "proof.controller_mismatch", verdict.result
    # and the same token re-pointed at the issuer's own key id no longer verifies at all
    header = {"typ": "JWT", "kid": issuer + "#0", "alg": alg}
    repointed = ".".join([b64url_json(header), *token.split(".")[1:]])
    assert our_verdict(repointed).result.code == "proof.signature_invalid"
