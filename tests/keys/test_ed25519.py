"""Ed25519 key pairs: Multikey, did:key, JWK and PEM encodings against published vectors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import base58
import pytest
from cryptography.exceptions import InvalidSignature

from openbadge_kit.errors import KeyFormatError
from openbadge_kit.keys.did import decode_multikey
from openbadge_kit.keys.ed25519 import (
    Ed25519KeyPair,
    decode_multikey_public,
    encode_multibase_base58,
    encode_multikey_public,
)
from openbadge_kit.keys.jwk import jwk_thumbprint, public_key_from_jwk

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(rel: str) -> Any:
    return json.loads((VECTORS / rel).read_text("utf-8"))

ZERO_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"


def test_zero_seed_gives_the_did_key_of_the_ccg_vector() -> None:
    vectors = load("w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json")
    pair = Ed25519KeyPair.from_seed(bytes(32))
    assert pair.did_key == ZERO_DID
    assert ZERO_DID in vectors
    assert pair.did_key_vm == f"{ZERO_DID}#{ZERO_DID[8:]}"


@pytest.mark.parametrize("did", sorted(load(
    "w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json")))
def test_every_ccg_vector_seed_maps_to_its_did(did: str) -> None:
    vector = load("w3c-ccg-did-method-key/test-vectors/ed25519-x25519.json")[did]
    pair = Ed25519KeyPair.from_seed(bytes.fromhex(vector["seed"]))
    assert pair.did_key == did
    published = vector["verificationKeyPair"]
    if "publicKeyBase58" in published:
        assert base58.b58encode(pair.public_bytes).decode() == published["publicKeyBase58"]
    else:  # the JsonWebKey2020 form of the same vector set
        assert pair.to_jwk() == published["publicKeyJwk"]
        assert pair.to_jwk(private=True)["d"] == published["privateKeyJwk"]["d"]


def test_ob_vector_key_pair_round_trips_through_every_encoding() -> None:
    kp = load("1edtech-ob3-spec-test-vectors/obv3p0/keyPair.json")
    # the 64-byte (seed || public) secret multikey form
    pair = Ed25519KeyPair.from_multikey(kp["secretKeyMultibase"])
    assert pair.public_bytes.hex() == kp["publicKeyHex"]
    assert pair.seed.hex() == kp["privateKeyHex"][:64]
    assert pair.public_multikey == kp["publicKeyMultibase"]
    # NOTES 3.1 [verified]: JWK x and RFC 7638 thumbprint of this key
    jwk = pair.to_jwk()
    assert jwk == {"kty": "OKP", "crv": "Ed25519",
                   "x": "S96v3i6ovu-t2MaZtcfgcEz1EVTVLheyC3EzfKBMxaU"}
    assert jwk_thumbprint(jwk) == "e6qatsbWPohZ-Durvnv048-1rq_7SUGqfQibivUtvFs"
    # the 32-byte secret multikey form (z3u2...) round-trips
    assert pair.secret_multikey.startswith("z3u2")
    assert Ed25519KeyPair.from_multikey(pair.secret_multikey) == pair
    # private JWK and PEM round-trip
    assert Ed25519KeyPair.from_jwk(pair.to_jwk(private=True)) == pair
    assert Ed25519KeyPair.from_pem(pair.to_pem()) == pair
    assert Ed25519KeyPair.from_pem(pair.to_pem(password=b"pw"), password=b"pw") == pair
    assert b"PUBLIC KEY" in pair.public_pem()


def test_w3c_vector_key_pair_and_signature_matches_sighex() -> None:
    kp = load("w3c-vc-di-eddsa/TestVectors/keyPair.json")
    pair = Ed25519KeyPair.from_multikey(kp["privateKeyMultibase"])
    assert pair.public_multikey == kp["publicKeyMultibase"]
    assert pair.secret_multikey == kp["privateKeyMultibase"]
    # Ed25519 is deterministic: signing the vector's combined hash gives the vector signature
    folder = VECTORS / "w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022"
    combined = bytes.fromhex((folder / "combinedHashDataInt.txt").read_text().strip())
    sig = bytes.fromhex((folder / "sigHexDataInt.txt").read_text().strip())
    assert pair.sign(combined) == sig
    pair.public_key.verify(sig, combined)


def test_digital_bazaar_64_byte_private_multibase_is_read() -> None:
    mock = load("digitalbazaar-ed25519-signature-2020/mockKeyPair2020.json")
    pair = Ed25519KeyPair.from_multikey(mock["privateKeyMultibase"])
    assert pair.public_multikey == mock["publicKeyMultibase"]


def test_sign_verifies_and_detects_tampering() -> None:
    pair = Ed25519KeyPair.generate()
    sig = pair.sign(b"hello")
    pair.public_key.verify(sig, b"hello")
    with pytest.raises(InvalidSignature):
        pair.public_key.verify(sig, b"hellO")


def test_repr_never_shows_the_secret() -> None:
    pair = Ed25519KeyPair.from_seed(bytes(range(32)), key_id="did:example:1#k")
    text = repr(pair) + str(pair)
    assert pair.secret_multikey not in text
    assert pair.seed.hex() not in text
    assert pair.to_jwk(private=True)["d"] not in text
    assert pair.public_multikey in text


@pytest.mark.parametrize("bad", [
    "",
    "6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",   # no multibase prefix
    "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0",  # '0' not in base58btc
    "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDoo",    # truncated
    "z" + "1" * 300,                                      # oversize
])
def test_decode_multikey_public_rejects_malformed(bad: str) -> None:
    with pytest.raises(KeyFormatError):
        decode_multikey_public(bad)


def test_decode_multikey_public_refuses_secret_and_other_codecs() -> None:
    pair = Ed25519KeyPair.from_seed(bytes(32))
    with pytest.raises(KeyFormatError, match="SECRET"):
        decode_multikey_public(pair.secret_multikey)
    with pytest.raises(KeyFormatError, match="SECRET"):
        decode_multikey(pair.secret_multikey)
    x25519 = encode_multibase_base58(b"\xec\x01" + bytes(32))
    with pytest.raises(KeyFormatError, match="0xec01"):
        decode_multikey_public(x25519)
    with pytest.raises(KeyFormatError):
        encode_multikey_public(bytes(31))


def test_from_seed_and_jwk_reject_bad_material() -> None:
    with pytest.raises(KeyFormatError):
        Ed25519KeyPair.from_seed(bytes(31))
    good = Ed25519KeyPair.from_seed(bytes(32)).to_jwk(private=True)
    with pytest.raises(KeyFormatError, match="does not match"):
        Ed25519KeyPair.from_jwk({**good, "x": Ed25519KeyPair.generate().to_jwk()["x"]})
    with pytest.raises(KeyFormatError):
        Ed25519KeyPair.from_jwk({"kty": "OKP", "crv": "Ed25519", "x": good["x"]})
    with pytest.raises(KeyFormatError):
        Ed25519KeyPair.from_pem(b"-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
    with pytest.raises(KeyFormatError):
        public_key_from_jwk(good)  # a private JWK where a public one is expected


def test_multikey_vm_object_shape() -> None:
    pair = Ed25519KeyPair.from_seed(bytes(32))
    vm = pair.multikey_vm("https://issuer.example")
    assert vm == {"id": f"https://issuer.example#{pair.public_multikey}", "type": "Multikey",
                  "controller": "https://issuer.example",
                  "publicKeyMultibase": pair.public_multikey}
