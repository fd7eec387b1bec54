"""Issuer publishing: did.json with several keys and JWKS files, read back by our resolvers."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.errors import KeyFormatError
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.fetch import FetchPolicy
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.jwk import PRIVATE_MEMBERS
from openbadge_kit.keys.publish import did_web_document, write_did_web, write_jwks
from openbadge_kit.keys.resolvers import DidDocumentResolver, JwksResolver, default_resolver
from openbadge_kit.proofs import vc_jwt

DID = "did:web:badges.example:issuers:jmg"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
KEYS: dict[str, Any] = {"robotics": Ed25519KeyPair.generate(),
                        "welding": Ed25519KeyPair.generate(),
                        "jwt-rsa": RsaKeyPair.generate(), "jwt-p256": P256KeyPair.generate()}


def cred(issuer: str) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1",
            "type": ["VerifiableCredential"], "issuer": {"id": issuer},
            "validFrom": "2025-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:a"}}


def test_did_document_lists_every_key_by_absolute_id(tmp_path: Path) -> None:
    path = write_did_web(tmp_path, DID, KEYS, controller_name="JMG Academy")
    assert path == tmp_path / "issuers" / "jmg" / "did.json"
    doc = json.loads(path.read_text())
    assert doc == did_web_document(DID, KEYS, controller_name="JMG Academy")
    assert doc["assertionMethod"] == [f"{DID}#{name}" for name in KEYS]
    assert [m["type"] for m in doc["verificationMethod"]] == \
        ["Multikey", "Multikey", "JsonWebKey", "JsonWebKey"]
    text = path.read_text()
    for key in KEYS.values():
        if isinstance(key, Ed25519KeyPair):
            assert key.secret_multikey not in text
        else:
            assert key.to_jwk(private=True)["d"] not in text
    resolver = DidDocumentResolver(tmp_path)
    for name, key in KEYS.items():
        vm = resolver.resolve(f"{DID}#{name}")
        assert vm.relationships == frozenset({"assertionMethod"}) and vm.controller == DID
        key.key_id = vm.id
        checked = vc_jwt.verify(vc_jwt.sign(cred(DID), key), resolver=resolver, now=NOW)
        assert checked.result.ok, checked.result
    assert write_did_web(tmp_path, "did:web:badges.example", {"k": KEYS["robotics"]}) == \
        tmp_path / ".well-known" / "did.json"


def test_jwks_files_hold_public_keys_only(tmp_path: Path) -> None:
    jose = {"rsa-2026": KEYS["jwt-rsa"], "p256-2026": KEYS["jwt-p256"]}
    written = write_jwks(tmp_path, "https://badges.example", jose)
    assert set(written) == {"https://badges.example/keys/rsa-2026.json",
                            "https://badges.example/keys/p256-2026.json",
                            "https://badges.example/.well-known/jwks.json"}
    jwks = json.loads((tmp_path / ".well-known" / "jwks.json").read_text())
    assert [k["kid"] for k in jwks["keys"]] == list(written)[:2]
    for k in jwks["keys"]:
        assert not PRIVATE_MEMBERS & k.keys() and k["use"] == "sig"
    single = json.loads((tmp_path / "keys" / "rsa-2026.json").read_text())
    assert single["kid"] == "https://badges.example/keys/rsa-2026.json"
    # offline verification from the published files, indexed by their kid URLs
    issuer = "https://badges.example/issuers/jmg"
    key = RsaKeyPair.from_jwk(KEYS["jwt-rsa"].to_jwk(private=True),
                              key_id="https://badges.example/keys/rsa-2026.json")
    checked = vc_jwt.verify(vc_jwt.sign(cred(issuer), key), resolver=JwksResolver(tmp_path),
                            now=NOW)
    assert checked.result.ok, checked.result
    # and an inline jwk is bound through the issuer's /.well-known/jwks.json
    inline = vc_jwt.sign(cred(issuer), P256KeyPair.from_jwk(KEYS["jwt-p256"].to_jwk(private=True)),
                         include_jwk=True)
    jwks_by_url = {"https://badges.example/.well-known/jwks.json": jwks}
    assert vc_jwt.verify(inline, resolver=JwksResolver(jwks_by_url), now=NOW).result.ok


def test_bad_names_and_origins_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFormatError):
        write_jwks(tmp_path, "http://badges.example", {"a": KEYS["jwt-rsa"]})
    with pytest.raises(KeyFormatError):
        write_jwks(tmp_path, "https://badges.example", {"../x": KEYS["jwt-rsa"]})
    with pytest.raises(KeyFormatError):
        did_web_document(DID, {"a#b": KEYS["robotics"]})
    with pytest.raises(KeyFormatError):
        did_web_document(DID, {})


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield tmp_path, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_published_did_web_is_served_and_verifies_online(web_root: tuple[Path, int]) -> None:
    root, port = web_root
    did = f"did:web:127.0.0.1%3A{port}:issuers:jmg"
    key = Ed25519KeyPair.generate()
    write_did_web(root, did, {"key-1": key})
    key.key_id = f"{did}#key-1"
    resolver = default_resolver(online=True, policy=FetchPolicy(allow_loopback=True))
    checked = vc_jwt.verify(vc_jwt.sign(cred(did), key), resolver=resolver, now=NOW)
    assert checked.result.ok, checked.result
