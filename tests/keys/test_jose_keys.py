"""RSA and P-256 key pairs: generation, JWK/PEM round trips, JWS-form signatures."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from openbadge_kit.errors import KeyFormatError
from openbadge_kit.keys.base import SigningKey
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import (
    P256KeyPair,
    RsaKeyPair,
    generate_key_pair,
    key_pair_from_jwk,
    key_pair_from_pem,
)
from openbadge_kit.keys.jwk import jwk_thumbprint, public_key_from_jwk, same_public_key

RSA = RsaKeyPair.generate(key_id="https://issuer.example/keys/rsa")
P256 = P256KeyPair.generate()


def test_all_key_types_follow_the_signing_key_protocol() -> None:
    for key, alg in ((RSA, "RS256"), (P256, "ES256"), (Ed25519KeyPair.generate(), "EdDSA")):
        assert isinstance(key, SigningKey)
        assert key.algorithm == alg
        assert same_public_key(public_key_from_jwk(
            {k: v for k, v in key.public_jwk().items() if k not in ("alg", "use", "kid")}),
            key.public_key)


def test_rsa_signature_is_pkcs1v15_sha256_and_jwk_pem_round_trip() -> None:
    sig = RSA.sign(b"data")
    RSA.public_key.verify(sig, b"data", padding.PKCS1v15(), hashes.SHA256())
    assert RsaKeyPair.from_jwk(RSA.to_jwk(private=True)) == RSA
    assert key_pair_from_pem(RSA.to_pem()) == RSA
    assert RsaKeyPair.from_pem(RSA.to_pem(password=b"x"), password=b"x") == RSA
    jwk = RSA.public_jwk()
    assert jwk["kid"] == "https://issuer.example/keys/rsa" and jwk["alg"] == "RS256"
    assert "d" not in jwk and RSA.thumbprint == jwk_thumbprint(RSA.to_jwk())


def test_p256_signature_is_raw_r_s_and_round_trips() -> None:
    sig = P256.sign(b"data")
    assert len(sig) == 64
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    P256.public_key.verify(der, b"data", ec.ECDSA(hashes.SHA256()))
    assert key_pair_from_jwk(P256.to_jwk(private=True)) == P256
    assert P256KeyPair.from_pem(P256.to_pem()) == P256
    assert len(P256.to_jwk(private=True)["d"]) == 43


def test_p256_from_the_ccg_vector_private_jwk() -> None:
    import json
    from pathlib import Path
    vectors = json.loads((Path(__file__).resolve().parents[1] / "vectors" /
                          "w3c-ccg-did-method-key/test-vectors/nist-curves.json").read_text())
    vm = next(v["verificationMethod"] for d, v in vectors.items() if d.startswith("did:key:zDn"))
    pair = P256KeyPair.from_jwk(vm["privateKeyJwk"])
    assert pair.to_jwk() == {k: vm["publicKeyJwk"][k] for k in ("crv", "kty", "x", "y")}


def test_small_rsa_and_wrong_curves_are_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(KeyFormatError, match="too small"):
        RsaKeyPair(small)
    with pytest.raises(KeyFormatError, match="too small"):
        public_key_from_jwk({"kty": "RSA", "n": "AQAB" * 10, "e": "AQAB"})
    with pytest.raises(KeyFormatError):
        P256KeyPair(ec.generate_private_key(ec.SECP384R1()))
    with pytest.raises(KeyFormatError):
        RsaKeyPair.generate(1024)
    with pytest.raises(KeyFormatError, match="not match"):
        other_x = P256KeyPair.generate().to_jwk()["x"]
        P256KeyPair.from_jwk({**P256.to_jwk(private=True), "x": other_x})
    with pytest.raises(KeyFormatError):
        public_key_from_jwk({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"})
    with pytest.raises(KeyFormatError):
        public_key_from_jwk({"kty": "oct", "k": "c2VjcmV0"})
    with pytest.raises(KeyFormatError):
        generate_key_pair("dsa")


def test_reprs_hold_no_secrets() -> None:
    for key in (RSA, P256):
        text = repr(key)
        private = key.to_jwk(private=True)
        assert private["d"] not in text
        assert key.thumbprint in text
