"""Key files: 0600 from the start, atomic, no silent overwrite, permission warning, no leaks."""

from __future__ import annotations

import json
import os
import stat
import warnings
from pathlib import Path

import pytest

from openbadge_kit.errors import InvalidInputError, KeyFormatError
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.keyfile import KeyFilePermissionWarning, load_key, save_key

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


@pytest.mark.parametrize("make", [Ed25519KeyPair.generate, RsaKeyPair.generate,
                                  P256KeyPair.generate])
def test_round_trip_with_mode_0600_and_ids(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    key = make()
    path = save_key(tmp_path / "key.json", key, key_id="did:web:issuer.example#k1",
                    controller="did:web:issuer.example")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = load_key(path)
    assert loaded == key and type(loaded) is type(key)
    assert loaded.key_id == "did:web:issuer.example#k1"
    assert loaded.controller == "did:web:issuer.example"
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]  # no temp file left behind


def test_file_is_never_world_readable_even_with_a_loose_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    first, second = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    path = save_key(tmp_path / "k.json", first)
    with pytest.raises(KeyFormatError) as info:
        save_key(path, second)
    assert info.value.code == "key_file_exists"
    assert load_key(path) == first
    save_key(path, second, overwrite=True)
    assert load_key(path) == second


def test_warns_when_others_can_read(tmp_path: Path) -> None:
    path = save_key(tmp_path / "k.json", Ed25519KeyPair.generate())
    path.chmod(0o644)
    with pytest.warns(KeyFilePermissionWarning, match="chmod 600"):
        load_key(path)


@pytest.mark.filterwarnings("ignore::openbadge_kit.keys.keyfile.KeyFilePermissionWarning")
def test_reads_the_vector_key_pair_files_and_pem(tmp_path: Path) -> None:
    w3c = load_key(VECTORS / "w3c-vc-di-eddsa/TestVectors/keyPair.json")
    assert isinstance(w3c, Ed25519KeyPair)
    assert w3c.public_multikey == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    ob = load_key(VECTORS / "1edtech-ob3-spec-test-vectors/obv3p0/keyPair.json")
    assert ob.key_id == ("https://example.edu/issuers/565049"
                         "#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
    pem = tmp_path / "k.pem"
    key = RsaKeyPair.generate()
    pem.write_bytes(key.to_pem())
    pem.chmod(0o600)
    assert load_key(pem) == key


def test_errors_are_clear_and_hold_no_key_material(tmp_path: Path) -> None:
    key = Ed25519KeyPair.generate()
    path = save_key(tmp_path / "k.json", key)
    doc = json.loads(path.read_text())
    doc["publicKeyMultibase"] = Ed25519KeyPair.generate().public_multikey
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    bad.chmod(0o600)
    with pytest.raises(KeyFormatError, match="does not match") as info:
        load_key(bad)
    assert key.secret_multikey not in str(info.value)
    doc = json.loads(path.read_text())
    doc["keyType"] = "RSA"
    bad.write_text(json.dumps(doc))
    with pytest.raises(KeyFormatError, match="keyType"):
        load_key(bad)
    bad.write_text('{"secretKeyMultibase": "z3u2' + "!" * 40 + '"}')
    with pytest.raises(KeyFormatError) as info:
        load_key(bad)
    assert "!!!!" not in str(info.value)
    bad.write_text("{}")
    with pytest.raises(KeyFormatError, match="no private key"):
        load_key(bad)
    bad.write_text("not json at all")
    with pytest.raises(KeyFormatError):
        load_key(bad)
    with pytest.raises(InvalidInputError):
        load_key(tmp_path / "missing.json")
