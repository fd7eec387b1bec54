"""The node side of the interop harness, on its own: Digital Bazaar's libraries driven
through ``batch.mjs`` with the offline loader over openbadge_kit's bundled contexts.

These pin that the harness itself is trustworthy before it is used to judge our code: it
reproduces the published W3C and 1EdTech signatures byte for byte (so the bundled contexts
give Digital Bazaar the same canonical bytes the vector authors had), it rejects what it
must reject, and it never loads anything but bundled contexts and did:key documents.
"""

from __future__ import annotations

import copy
import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import base58
import pytest

from .interop_bridge import VECTORS, NodeBridge

pytestmark = pytest.mark.interop

W3C = VECTORS / "w3c-vc-di-eddsa" / "TestVectors"
OB = VECTORS / "1edtech-ob3-spec-test-vectors" / "obv3p0"
CONTEXTS_INDEX = (Path(__file__).resolve().parents[2] / "src" / "openbadge_kit" / "jsonld"
                  / "contexts" / "index.json")


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _w3c_seed() -> bytes:
    raw = base58.b58decode(_json(W3C / "keyPair.json")["privateKeyMultibase"][1:])
    assert raw[:2] == b"\x80\x26"
    return bytes(raw[2:34])


def _ob_issuer_documents() -> dict[str, Any]:
    """The 1EdTech vector issuer as a controller document plus its key, served offline."""
    pair = _json(OB / "keyPair.json")
    vm = {"id": pair["id"], "type": "Multikey", "controller": pair["controller"],
          "publicKeyMultibase": pair["publicKeyMultibase"]}
    return {
        pair["controller"]: {"@context": ["https://www.w3.org/ns/did/v1",
                                          "https://w3id.org/security/multikey/v1"],
                             "id": pair["controller"], "verificationMethod": [vm],
                             "assertionMethod": [pair["id"]]},
        pair["id"]: {"@context": "https://w3id.org/security/multikey/v1", **vm},
    }


@pytest.mark.parametrize(("suite", "folder", "signed_name", "extra_context"), [
    ("eddsa-rdfc-2022", "eddsa-rdfc-2022", "signedDataInt.json", None),
    ("Ed25519Signature2020", "Ed25519Signature2020", "signedEdSig.json",
     "https://w3id.org/security/suites/ed25519-2020/v1"),
])
def test_digital_bazaar_reproduces_w3c_vectors(node: NodeBridge, suite: str, folder: str,
                                              signed_name: str,
                                              extra_context: str | None) -> None:
    unsigned = _json(W3C / "unsigned.json")
    if extra_context:
        unsigned["@context"].append(extra_context)
    expected = _json(W3C / folder / signed_name)
    signed = node.sign(unsigned, suite=suite, seed=_w3c_seed(),
                       created=expected["proof"]["created"])
    assert signed["proof"]["verificationMethod"] == expected["proof"]["verificationMethod"]
    assert signed["proof"]["proofValue"] == expected["proof"]["proofValue"]
    assert signed == expected


def test_digital_bazaar_reproduces_and_verifies_the_1edtech_ob_vector(node: NodeBridge) -> None:
    pair = _json(OB / "keyPair.json")
    expected = _json(OB / "signed.json")
    docs = _ob_issuer_documents()
    signed = node.sign(_json(OB / "unsigned.json"), suite="eddsa-rdfc-2022",
                       seed=bytes.fromhex(pair["privateKeyHex"][:64]),
                       created="2010-01-01T19:23:24Z", verificationMethod=pair["id"],
                       controller=pair["controller"])
    assert signed["proof"]["proofValue"] == expected["proof"]["proofValue"]
    verdict = node.verify(expected, extra=docs, now="2024-06-01T00:00:00Z")
    assert verdict["verified"], verdict["errors"]
    # without the issuer's controller document the offline loader has no key to offer
    verdict = node.verify(expected, now="2024-06-01T00:00:00Z")
    assert not verdict["verified"]
    assert any("refusing to load" in m for m in verdict["errors"]), verdict["errors"]


def test_digital_bazaar_rejects_a_tampered_vector(node: NodeBridge) -> None:
    signed = _json(OB / "signed.json")
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] += " (edited)"
    docs = _ob_issuer_documents()
    assert node.verify(signed, extra=docs, now="2024-06-01T00:00:00Z")["verified"]
    verdict = node.verify(tampered, extra=docs, now="2024-06-01T00:00:00Z")
    assert not verdict["verified"]
    assert verdict["proofs"] and not verdict["proofs"][0]["verified"]
    assert any("Invalid signature" in m for m in verdict["errors"]), verdict["errors"]


def test_loader_serves_only_bundled_contexts_and_did_key(node: NodeBridge) -> None:
    signed = _json(W3C / "eddsa-rdfc-2022" / "signedDataInt.json")
    # The vector's issuer is not the key's controller: Digital Bazaar must say so...
    verdict = node.verify(signed, now="2024-01-01T00:00:00Z")
    assert not verdict["verified"]
    assert any("issuer must match the verification method controller" in m
               for m in verdict["errors"]), verdict["errors"]
    # ...having loaded only bundled contexts and the did:key, nothing from the network.
    bundled = set(_json(CONTEXTS_INDEX)["contexts"])
    for url in verdict["loaded"]:
        assert url in bundled or url.startswith("did:key:"), url
    assert "https://www.w3.org/ns/credentials/v2" in verdict["loaded"]

    unknown = copy.deepcopy(signed)
    unknown["@context"].append("https://example.com/not-bundled/v1")
    verdict = node.verify(unknown, now="2024-01-01T00:00:00Z")
    assert not verdict["verified"]
    assert any('refusing to load "https://example.com/not-bundled/v1"' in m
               for m in verdict["errors"]), verdict["errors"]


def test_batch_reports_bad_requests_without_dying(node: NodeBridge) -> None:
    answer = node.call("no-such-op")
    assert answer["ok"] is False and "unknown op" in answer["error"]["message"]
    answer = node.call("sign", credential={"@context": []}, suite="eddsa-rdfc-2022",
                       seed="00" * 31)
    assert answer["ok"] is False and "seed" in answer["error"]["message"]
    answer = node.call("sign", credential=_json(W3C / "unsigned.json"), suite="nope",
                       seed="00" * 32)
    assert answer["ok"] is False and "unknown suite" in answer["error"]["message"]
    # still alive and answering in order
    assert node.call("key-info", seed="00" * 32)["did"].startswith("did:key:z6Mk")


def test_command_line_scripts(node: NodeBridge, tmp_path: Path) -> None:
    """sign.mjs / verify.mjs / jwt.mjs as a person runs them: files in, JSON out, exit codes."""
    here = Path(__file__).resolve().parent
    run = functools.partial(subprocess.run, capture_output=True, text=True, cwd=here,
                            timeout=60)
    unsigned = _json(W3C / "unsigned.json")
    unsigned["issuer"] = node.call("key-info", seed=_w3c_seed().hex())["did"]
    (tmp_path / "in.json").write_text(json.dumps(unsigned), "utf-8")
    signed = run(["node", "sign.mjs", "--suite", "eddsa-rdfc-2022", "--seed",
                  _w3c_seed().hex(), "--created", "2023-02-24T23:36:38Z",
                  str(tmp_path / "in.json")])
    assert signed.returncode == 0, signed.stderr
    document = json.loads(signed.stdout)
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    (tmp_path / "signed.json").write_text(signed.stdout, "utf-8")
    ok = run(["node", "verify.mjs", "--now", "2024-01-01T00:00:00Z",
              str(tmp_path / "signed.json")])
    assert ok.returncode == 0 and json.loads(ok.stdout)["verified"] is True
    document["credentialSubject"]["alumniOf"] = "Another School"
    bad = run(["node", "verify.mjs", "--now", "2024-01-01T00:00:00Z", "-"],
              input=json.dumps(document))
    assert bad.returncode == 1
    assert "Invalid signature." in json.loads(bad.stdout)["errors"]
    missing = run(["node", "sign.mjs", str(tmp_path / "in.json")])
    assert missing.returncode == 2 and "--seed" in missing.stderr
    keys = run(["node", "jwt.mjs", "keygen", "--alg", "ES256"])
    assert keys.returncode == 0 and json.loads(keys.stdout)["publicJwk"]["crv"] == "P-256"
