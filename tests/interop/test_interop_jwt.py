"""VC-JWT interop with node ``jose`` (issue #3), for RS256, ES256 and EdDSA.

A compact JWS signed by openbadge_kit verifies in ``jose`` and one signed by ``jose``
verifies in openbadge_kit; a token changed after signing fails in both.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from .interop_bridge import NodeBridge

pytestmark = pytest.mark.interop

ALGS = ["RS256", "ES256", "EdDSA"]
NOW_ISO = "2026-06-01T00:00:00Z"


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
