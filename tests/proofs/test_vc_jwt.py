"""VC-JWT sign/verify: the three forms, key binding, claim checks, and hostile tokens."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openbadge_kit.errors import InvalidInputError, SigningError
from openbadge_kit.keys.did import did_jwk_for
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.resolvers import DidDocumentResolver, JwksResolver, default_resolver
from openbadge_kit.limits import Limits
from openbadge_kit.proofs import vc_jwt

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
ISSUER = "did:web:issuer.example"
SEED = bytes(range(32))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(value: Any) -> str:
    return b64(json.dumps(value).encode())


def unb64json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def credential(issuer: str = ISSUER) -> dict[str, Any]:
    cred = json.loads((VECTORS / "bench-credential-unsigned.json").read_text())
    cred["issuer"]["id"] = issuer
    return cred


def credential_v1(issuer: str = ISSUER) -> dict[str, Any]:
    """The same credential in VC 1.1 shape (context v1, issuanceDate/expirationDate)."""
    cred = credential(issuer)
    cred["@context"] = ["https://www.w3.org/2018/credentials/v1", *cred["@context"][1:]]
    cred["issuanceDate"] = cred.pop("validFrom")
    if "validUntil" in cred:
        cred["expirationDate"] = cred.pop("validUntil")
    return cred


def did_web_setup() -> tuple[dict[str, Any], DidDocumentResolver]:
    """An issuer DID document holding one key of each type, all under assertionMethod."""
    keys = {
        "ed": Ed25519KeyPair.from_seed(SEED, key_id=f"{ISSUER}#ed"),
        "p256": P256KeyPair.generate(key_id=f"{ISSUER}#p256"),
        "rsa": RSA,
    }
    vms = [{"id": k.key_id, "type": "JsonWebKey", "controller": ISSUER,
            "publicKeyJwk": k.to_jwk()} for k in keys.values()]
    doc = {"id": ISSUER, "verificationMethod": vms,
           "assertionMethod": [k.key_id for k in keys.values()]}
    return keys, DidDocumentResolver(doc)


RSA = RsaKeyPair.generate(key_id=f"{ISSUER}#rsa")
KEYS, RESOLVER = did_web_setup()


@pytest.mark.parametrize("name", ["ed", "p256", "rsa"])
@pytest.mark.parametrize("form", ["ob", "vc1", "vc-jose"])
def test_round_trip_every_algorithm_and_form(name: str, form: str) -> None:
    key = KEYS[name]
    cred = credential_v1() if form == "vc1" else credential()
    token = vc_jwt.sign(cred, key, form=form)
    header, _ = vc_jwt.decode_unverified(token)
    assert header["alg"] == key.algorithm and header["kid"] == key.key_id
    assert header["typ"] == ("vc+jwt" if form == "vc-jose" else "JWT")
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert checked.result.ok, checked.result
    assert checked.result.code == "proof.valid"
    assert checked.form == form
    assert checked.credential == cred
    assert checked.claim_problems == [] and checked.time_problems == []
    assert checked.result.verification_method == key.key_id
    assert checked.result.controller == ISSUER
    assert checked.result.suite == f"VC-JWT/{key.algorithm}"


def test_vc1_form_refuses_a_vc2_credential() -> None:
    with pytest.raises(SigningError) as info:
        vc_jwt.sign(credential(), KEYS["ed"], form="vc1")
    assert info.value.code == "signing_jwt_form_mismatch"


def test_ob_form_claims_follow_the_credential() -> None:
    cred = credential()
    _, payload = vc_jwt.decode_unverified(vc_jwt.sign(cred, KEYS["ed"]))
    assert payload["iss"] == ISSUER
    assert payload["jti"] == cred["id"]
    assert payload["sub"] == cred["credentialSubject"]["id"]
    assert payload["nbf"] == int(datetime(2024, 6, 1, tzinfo=timezone.utc).timestamp())
    assert payload["exp"] == int(datetime(2029, 6, 1, tzinfo=timezone.utc).timestamp())
    assert {k: v for k, v in payload.items() if k not in vc_jwt.JWT_CLAIMS} == cred


def test_did_key_issuer_gets_its_did_key_kid_by_default() -> None:
    pair = Ed25519KeyPair.from_seed(SEED)
    token = vc_jwt.sign(credential(pair.did_key), pair)
    assert vc_jwt.decode_unverified(token)[0]["kid"] == pair.did_key_vm
    assert vc_jwt.verify(token, resolver=default_resolver(), now=NOW).result.ok


def test_did_jwk_issuer_verifies_offline() -> None:
    key = P256KeyPair.generate()
    did = did_jwk_for(key.to_jwk())
    token = vc_jwt.sign(credential(did), key, kid=did + "#0")
    assert vc_jwt.verify(token, resolver=default_resolver(), now=NOW).result.ok


def test_signing_refuses_what_a_verifier_could_not_use() -> None:
    anonymous = Ed25519KeyPair.generate()
    with pytest.raises(SigningError, match="kid"):
        vc_jwt.sign(credential(), anonymous)
    with pytest.raises(SigningError, match="issuer"):
        vc_jwt.sign({**credential(), "issuer": {"name": "x"}}, KEYS["ed"])
    with pytest.raises(SigningError, match="validFrom"):
        vc_jwt.sign({k: v for k, v in credential().items() if k != "validFrom"}, KEYS["ed"])
    with pytest.raises(SigningError, match="form"):
        vc_jwt.sign(credential(), KEYS["ed"], form="jws")
    with pytest.raises(SigningError, match="iss"):
        vc_jwt.sign({**credential(), "iss": "did:example:other"}, KEYS["ed"])


# --- key binding --------------------------------------------------------------------------


def test_jwk_header_alone_is_not_enough() -> None:
    stranger = Ed25519KeyPair.generate()
    token = vc_jwt.sign(credential(), stranger, include_jwk=True)
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert not checked.result.ok
    assert checked.result.code == "proof.key_not_bound_to_issuer"
    assert checked.result.details["signatureValid"] is True
    # the issuer's own key, given inline, is found in its DID document and verifies
    own = Ed25519KeyPair.from_seed(SEED)  # same key as KEYS["ed"], but without an id
    token = vc_jwt.sign(credential(), own, include_jwk=True)
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert checked.result.ok, checked.result
    assert checked.result.verification_method == f"{ISSUER}#ed"


def test_key_of_another_controller_or_outside_assertion_method_fails() -> None:
    other = Ed25519KeyPair.generate(key_id="did:web:other.example#k")
    doc = {"id": "did:web:other.example", "verificationMethod": [
        {"id": other.key_id, "type": "Multikey", "controller": "did:web:other.example",
         "publicKeyMultibase": other.public_multikey}], "assertionMethod": [other.key_id]}
    resolver = DidDocumentResolver([doc, RESOLVER.document(ISSUER)])
    checked = vc_jwt.verify(vc_jwt.sign(credential(), other), resolver=resolver, now=NOW)
    assert checked.result.code == "proof.controller_mismatch"
    auth_only = copy.deepcopy(RESOLVER.document(ISSUER))
    auth_only["authentication"] = auth_only.pop("assertionMethod")
    checked = vc_jwt.verify(vc_jwt.sign(credential(), KEYS["ed"]),
                            resolver=DidDocumentResolver(auth_only), now=NOW)
    assert checked.result.code == "proof.not_assertion_method"


def test_jwks_binding_same_host_and_iss_member() -> None:
    issuer = "https://issuer.example/profiles/1"
    key = RsaKeyPair.generate(key_id="https://issuer.example/keys/1")
    jwks = {"https://issuer.example/keys/1": key.public_jwk()}
    token = vc_jwt.sign(credential(issuer), key)
    assert vc_jwt.verify(token, resolver=JwksResolver(jwks), now=NOW).result.ok
    # the same key published on another host does not speak for this issuer
    elsewhere = RsaKeyPair.from_jwk(key.to_jwk(private=True), key_id="https://cdn.example/k")
    token = vc_jwt.sign(credential(issuer), elsewhere)
    checked = vc_jwt.verify(token, resolver=JwksResolver({"https://cdn.example/k": key.to_jwk()}),
                            now=NOW)
    assert checked.result.code == "proof.key_not_bound_to_issuer"
    # a JWK naming another issuer in 'iss' is refused
    jwks = {"https://issuer.example/keys/1": {**key.public_jwk(), "iss": "https://evil.example"}}
    token = vc_jwt.sign(credential(issuer), key)
    checked = vc_jwt.verify(token, resolver=JwksResolver(jwks), now=NOW)
    assert checked.result.code == "proof.controller_mismatch"


def test_bare_kid_is_looked_up_in_the_issuers_well_known_jwks() -> None:
    issuer = "https://issuer.example/profiles/1"
    key = P256KeyPair.generate(key_id="key-2024")
    jwks = {"https://issuer.example/.well-known/jwks.json": {"keys": [
        P256KeyPair.generate(key_id="key-2023").public_jwk(), key.public_jwk()]}}
    token = vc_jwt.sign(credential(issuer), key)
    checked = vc_jwt.verify(token, resolver=JwksResolver(jwks), now=NOW)
    assert checked.result.ok, checked.result
    assert checked.result.verification_method == \
        "https://issuer.example/.well-known/jwks.json#key-2024"


# --- the algorithm comes from the key ------------------------------------------------------


def forge(header: dict[str, Any], payload: dict[str, Any], sign: Any) -> str:
    signing_input = f"{b64json(header)}.{b64json(payload)}"
    return signing_input + "." + b64(sign(signing_input.encode()))


def test_alg_none_and_hs256_with_the_public_key_as_secret_are_rejected() -> None:
    token = vc_jwt.sign(credential(), KEYS["rsa"])
    header, payload = vc_jwt.decode_unverified(token)
    none = f"{b64json({**header, 'alg': 'none'})}.{token.split('.')[1]}."
    assert vc_jwt.verify(none, resolver=RESOLVER, now=NOW).result.code == \
        "proof.jwt_alg_not_allowed"
    secret = KEYS["rsa"].public_pem()
    hs = forge({**header, "alg": "HS256"}, payload,
               lambda data: hmac.new(secret, data, hashlib.sha256).digest())
    checked = vc_jwt.verify(hs, resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.jwt_alg_not_allowed" and not checked.result.ok


def test_alg_that_does_not_match_the_key_type_is_rejected() -> None:
    token = vc_jwt.sign(credential(), KEYS["ed"])
    header, payload = vc_jwt.decode_unverified(token)
    # header claims ES256 while the kid names the Ed25519 key
    lie = forge({**header, "alg": "ES256"}, payload, KEYS["p256"].sign)
    checked = vc_jwt.verify(lie, resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.jwt_alg_not_allowed"


def test_tampered_payload_and_wrong_key_fail_the_signature() -> None:
    token = vc_jwt.sign(credential(), KEYS["p256"])
    h, p, s = token.split(".")
    payload = unb64json(p)
    payload["credentialSubject"]["achievement"] = {"name": "Forged"}
    checked = vc_jwt.verify(f"{h}.{b64json(payload)}.{s}", resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.signature_invalid"
    other = P256KeyPair.generate(key_id=KEYS["p256"].key_id)
    checked = vc_jwt.verify(vc_jwt.sign(credential(), other), resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.signature_invalid"


# --- claims ------------------------------------------------------------------------------


@pytest.mark.parametrize(("claim", "value"), [
    ("iss", "did:web:mallory.example"), ("jti", "urn:uuid:other"),
    ("sub", "did:example:someone-else"), ("nbf", 1), ("exp", 4102444800),
])
def test_claims_that_disagree_with_the_credential_fail(claim: str, value: Any) -> None:
    token = vc_jwt.sign(credential(), KEYS["ed"])
    header, payload = vc_jwt.decode_unverified(token)
    forged = forge(header, {**payload, claim: value}, KEYS["ed"].sign)
    checked = vc_jwt.verify(forged, resolver=RESOLVER, now=NOW)
    assert checked.result.code == "proof.jwt_claims_mismatch", checked.result
    assert checked.claim_problems and claim in checked.claim_problems[0]
    assert checked.result.details["signatureValid"] is True


def test_expired_and_future_tokens_are_time_problems_not_proof_failures() -> None:
    token = vc_jwt.sign(credential(), KEYS["ed"])
    late = vc_jwt.verify(token, resolver=RESOLVER, now=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert late.result.ok
    assert late.time_problems == [f"exp {late.payload['exp']} is in the past"]  # type: ignore[index]
    early = vc_jwt.verify(token, resolver=RESOLVER, now=datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert early.result.ok and "nbf" in early.time_problems[0]
    # within the skew tolerance there is no problem
    nbf = vc_jwt.decode_unverified(token)[1]["nbf"]
    edge = datetime.fromtimestamp(nbf - 200, timezone.utc)
    assert vc_jwt.verify(token, resolver=RESOLVER, now=edge).time_problems == []


def test_vc1_claims_fill_what_the_vc_claim_omits() -> None:
    cred = credential_v1()
    cred.pop("id")
    token = vc_jwt.sign(cred, KEYS["ed"], form="vc1")
    header, payload = vc_jwt.decode_unverified(token)
    payload["jti"] = "urn:uuid:from-the-claim"
    checked = vc_jwt.verify(forge(header, payload, KEYS["ed"].sign), resolver=RESOLVER, now=NOW)
    assert checked.result.ok and checked.form == "vc1"
    assert checked.credential is not None and checked.credential["id"] == "urn:uuid:from-the-claim"


# --- hostile tokens ------------------------------------------------------------------------


GOOD = vc_jwt.sign(credential(), KEYS["ed"])


@pytest.mark.parametrize(("token", "code"), [
    ("a.b", "proof.jwt_malformed"),
    ("a.b.c.d.e", "proof.jwt_malformed"),
    ("", "proof.jwt_malformed"),
    ("!!!." + GOOD.split(".", 1)[1], "proof.jwt_malformed"),
    (b64(b"not json") + "." + GOOD.split(".", 1)[1], "proof.jwt_malformed"),
    (b64(b"[1,2]") + "." + GOOD.split(".", 1)[1], "proof.jwt_malformed"),
    (b64json({"alg": "EdDSA", "kid": 5}) + "." + GOOD.split(".", 1)[1], "proof.jwt_malformed"),
    (b64json({"alg": "EdDSA", "crit": ["exp"], "kid": "x"}) + "." + GOOD.split(".", 1)[1],
     "proof.jwt_malformed"),
    (GOOD.rsplit(".", 1)[0] + ".", "proof.jwt_malformed"),
    (GOOD.rsplit(".", 1)[0] + ".A", "proof.jwt_malformed"),
    (GOOD.split(".")[0] + "." + b64json({"vc": "nope"}) + ".AAAA", "proof.jwt_malformed"),
    (b64json({"alg": "EdDSA", "typ": "JWT"}) + "." + b64json({"nbf": 1}) + ".AAAA",
     "proof.jwt_malformed"),
    (b64json({"alg": "EdDSA", "kid": "did:web:unknown.example#k"}) + "."
     + GOOD.split(".")[1] + ".AAAA", "proof.network_disabled"),
    (b64json({"alg": "EdDSA", "kid": "did:example:123#k"}) + "."
     + GOOD.split(".")[1] + ".AAAA", "proof.key_unresolved"),
    (b64json({"alg": "EdDSA", "jwk": {**KEYS["ed"].to_jwk(private=True)}}) + "."
     + GOOD.split(".")[1] + ".AAAA", "proof.jwt_malformed"),
    (b64json({"alg": "EdDSA", "jwk": {"kty": "oct", "k": "AAAA"}}) + "."
     + GOOD.split(".")[1] + ".AAAA", "proof.jwt_malformed"),
])
def test_hostile_tokens_give_a_precise_code_and_never_raise(token: str, code: str) -> None:
    checked = vc_jwt.verify(token, resolver=default_resolver(did_documents=RESOLVER.document(
        ISSUER)), now=NOW)
    assert not checked.result.ok
    assert checked.result.code == code, checked.result


def test_non_string_input_and_huge_tokens() -> None:
    assert vc_jwt.verify(12345, resolver=RESOLVER).result.code == "proof.jwt_malformed"  # type: ignore[arg-type]
    small = Limits(max_json_bytes=1000)
    checked = vc_jwt.verify(GOOD, resolver=RESOLVER, now=NOW, limits=small)
    assert checked.result.code == "proof.jwt_too_large"
    with pytest.raises(InvalidInputError):
        vc_jwt.decode_unverified(GOOD, limits=small)
    with pytest.raises(InvalidInputError):
        vc_jwt.decode_unverified("x.y")
    # a deeply nested payload is refused by the JSON depth limit, not by a RecursionError
    deep = "[" * 100_000 + "]" * 100_000
    token = GOOD.split(".")[0] + "." + b64(deep.encode()) + "." + GOOD.split(".")[2]
    assert vc_jwt.verify(token, resolver=RESOLVER, now=NOW).result.code == "proof.jwt_malformed"


def test_did_document_for_another_did_is_a_resolution_failure() -> None:
    doc = copy.deepcopy(RESOLVER.document(ISSUER))
    doc["id"] = "did:web:impostor.example"
    resolver = DidDocumentResolver(doc)
    checked = vc_jwt.verify(GOOD, resolver=resolver, now=NOW)
    assert checked.result.code == "proof.key_unresolved"


# --- property: no input makes verify raise -------------------------------------------------


_PARTS = GOOD.split(".")
_part = st.one_of(st.sampled_from(_PARTS), st.text(alphabet="AZaz09-_=.!", max_size=40),
                  st.binary(max_size=60).map(b64), st.builds(b64json, st.dictionaries(
                      st.sampled_from(["alg", "kid", "jwk", "typ", "crit", "vc", "iss", "nbf"]),
                      st.one_of(st.none(), st.integers(), st.text(max_size=8),
                                st.sampled_from(["EdDSA", "RS256", "none", f"{ISSUER}#ed"])),
                      max_size=5)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_part, min_size=0, max_size=6).map(".".join))
def test_verify_never_raises_and_never_passes_garbage(token: str) -> None:
    checked = vc_jwt.verify(token, resolver=RESOLVER, now=NOW)
    assert isinstance(checked.result.code, str) and checked.result.code.startswith("proof.")
    if checked.result.ok:  # only the untouched, genuinely signed token may pass
        assert token.strip() == GOOD


def test_a_key_embedded_in_the_kid_is_self_asserted_like_an_inline_jwk() -> None:
    issuer = "https://issuer.example/profiles/1"
    mallory = Ed25519KeyPair.generate()
    mallory.key_id = f"{issuer}#{mallory.public_multikey}"  # the 1EdTech fragment form
    token = vc_jwt.sign(credential(issuer), mallory)
    checked = vc_jwt.verify(token, resolver=default_resolver(), now=NOW)
    assert checked.result.code == "proof.key_not_bound_to_issuer"
    assert checked.result.details["signatureValid"] is True
    # with the issuer's own controller document listing that key, it verifies
    profile = {"id": issuer, "verificationMethod": [mallory.multikey_vm(issuer)],
               "assertionMethod": [mallory.key_id]}
    checked = vc_jwt.verify(token, resolver=default_resolver(did_documents=profile), now=NOW)
    assert checked.result.ok, checked.result
