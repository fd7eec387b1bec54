"""VC-JWT against two independent JOSE implementations, PyJWT and jwcrypto (test-only here).

Ours → theirs and theirs → ours, for RS256, ES256 and EdDSA; a forged payload fails in both.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import jwt as pyjwt
import pytest
from jwcrypto import jwk as jc_jwk
from jwcrypto import jws as jc_jws

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.resolvers import DidDocumentResolver
from openbadge_kit.proofs import vc_jwt

from .test_vc_jwt import ISSUER, credential

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
KEYS: dict[str, Any] = {
    "EdDSA": Ed25519KeyPair.generate(key_id=f"{ISSUER}#ed"),
    "ES256": P256KeyPair.generate(key_id=f"{ISSUER}#p256"),
    "RS256": RsaKeyPair.generate(key_id=f"{ISSUER}#rsa"),
}
RESOLVER = DidDocumentResolver({
    "id": ISSUER,
    "verificationMethod": [{"id": k.key_id, "type": "JsonWebKey", "controller": ISSUER,
                            "publicKeyJwk": k.to_jwk()} for k in KEYS.values()],
    "assertionMethod": [k.key_id for k in KEYS.values()],
})
ALGS = sorted(KEYS)


def _private_pem(key: Any) -> bytes:
    return key.to_pem()  # type: ignore[no-any-return]


def _ob_payload(cred: dict[str, Any]) -> dict[str, Any]:
    _, payload = vc_jwt.decode_unverified(vc_jwt.sign(cred, KEYS["EdDSA"]))
    return payload


@pytest.mark.parametrize("alg", ALGS)
def test_ours_verifies_in_pyjwt(alg: str) -> None:
    key = KEYS[alg]
    token = vc_jwt.sign(credential(), key)
    decoded = pyjwt.decode(token, key=key.public_key, algorithms=[alg],
                           options={"verify_aud": False, "verify_exp": False,
                                    "verify_nbf": False, "verify_iat": False})
    assert decoded["iss"] == ISSUER and decoded["credentialSubject"] == \
        credential()["credentialSubject"]
    assert pyjwt.get_unverified_header(token)["kid"] == key.key_id
    h, p, s = token.split(".")
    forged = f"{h}.{p[:-4]}AAAA.{s}"
    with pytest.raises(pyjwt.PyJWTError):
        pyjwt.decode(forged, key=key.public_key, algorithms=[alg],
                     options={"verify_exp": False, "verify_nbf": False})


@pytest.mark.parametrize("alg", ALGS)
def test_pyjwt_signed_verifies_in_ours(alg: str) -> None:
    key = KEYS[alg]
    payload = _ob_payload(credential())
    token = pyjwt.encode(payload, _private_pem(key), algorithm=alg,
                         headers={"kid": key.key_id, "typ": "JWT"})
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert checked.result.ok, checked.result
    assert checked.result.verification_method == key.key_id
    assert checked.credential == credential()
    payload["credentialSubject"]["id"] = "did:example:mallory"
    token = pyjwt.encode(payload, _private_pem(key), algorithm=alg,
                         headers={"kid": key.key_id})
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.jwt_claims_mismatch"  # sub no longer matches


@pytest.mark.parametrize("alg", ALGS)
def test_ours_verifies_in_jwcrypto_and_theirs_in_ours(alg: str) -> None:
    key = KEYS[alg]
    public = jc_jwk.JWK.from_pyca(key.public_key)
    token = vc_jwt.sign(credential(), key, form="vc-jose")
    obj = jc_jws.JWS()
    obj.deserialize(token)
    obj.verify(public, alg=alg)
    assert json.loads(obj.payload) == credential()

    private = jc_jwk.JWK.from_pem(_private_pem(key))
    signer = jc_jws.JWS(json.dumps(_ob_payload(credential())).encode())
    signer.add_signature(private, alg=alg,
                         protected=json.dumps({"alg": alg, "kid": key.key_id, "typ": "JWT"}))
    theirs = signer.serialize(compact=True)
    checked = vc_jwt.verify(theirs, resolver=RESOLVER, now=NOW)
    assert checked.result.ok, checked.result
    h, p, s = theirs.split(".")
    other = vc_jwt.verify(f"{h}.{p}.{s[:-6]}AAAAAA", resolver=RESOLVER, now=NOW)
    assert other.result.code == "proof.signature_invalid"
