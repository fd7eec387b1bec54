"""Byte-exact canonical N-Quads of the published Data Integrity signing vectors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.jsonld import canonize
from openbadge_kit.jsonld.canonical import canonicalize
from openbadge_kit.jsonld.canonize import canonize_hash
from openbadge_kit.jsonld.nquads import parse_nquads
from openbadge_kit.jsonld.to_rdf import to_rdf

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
EDDSA = VECTORS / "w3c-vc-di-eddsa"
OB3 = VECTORS / "1edtech-ob3-spec-test-vectors"
EXAMPLES = VECTORS / "spec-examples" / "test-vectors"


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _proof_config(proof: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """A proof without proofValue, in the document's context (VC-DI "proof configuration")."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config.setdefault("@context", document["@context"])
    return config


def _cases() -> list[Any]:
    """(document, expected canonical N-Quads file) for every signing vector."""
    cases = []
    for suite in EDDSA_SUITES:
        cases.append((_json(EDDSA / suite["unsigned"]), EDDSA / suite["canonicalDocument"]))
        cases.append((_json(EDDSA / suite["proofOptions"]), EDDSA / suite["canonicalProofConfig"]))
    for folder in ("obv3p0", "clrv2p0"):
        document = _json(OB3 / folder / "unsigned.json")
        cases.append((document, OB3 / folder / "document-canon.nq"))
        config = _proof_config(_json(OB3 / folder / "proofOptions.json"), document)
        cases.append((config, OB3 / folder / "proof-canon.nq"))
    for folder in ("ob", "clr"):
        document = _json(EXAMPLES / folder / "credential.json")
        cases.append((document, EXAMPLES / folder / "document-canon.txt"))
        config = _proof_config(_json(EXAMPLES / folder / "proof.json"), document)
        cases.append((config, EXAMPLES / folder / "proof-canon.txt"))
    return [pytest.param(doc, path, id=str(path.relative_to(VECTORS))) for doc, path in cases]


EDDSA_SUITES = [
    s for s in _json(EDDSA / "expectations.json")["suites"] if s["suite"] != "eddsa-jcs-2022"
]


@pytest.mark.parametrize("suite", EDDSA_SUITES, ids=lambda s: s["dir"])
def test_w3c_eddsa_document_and_proof_config(suite: dict[str, str]) -> None:
    document = _json(EDDSA / suite["unsigned"])
    config = _json(EDDSA / suite["proofOptions"])
    assert canonize(document) == _text(EDDSA / suite["canonicalDocument"])
    assert canonize(config) == _text(EDDSA / suite["canonicalProofConfig"])
    assert canonize_hash(document).hex() == _text(EDDSA / suite["docHashHex"]).strip()
    assert canonize_hash(config).hex() == _text(EDDSA / suite["proofHashHex"]).strip()


@pytest.mark.parametrize("folder", ["obv3p0", "clrv2p0"])
def test_1edtech_step_by_step_vectors(folder: str) -> None:
    base = OB3 / folder
    document = _json(base / "unsigned.json")
    config = _proof_config(_json(base / "proofOptions.json"), document)
    doc_canon = canonize(document)
    assert doc_canon == _text(base / "document-canon.nq")
    assert canonize(config) == _text(base / "proof-canon.nq")
    assert hashlib.sha256(doc_canon.encode()).hexdigest() == _text(base / "docHash.txt").strip()


@pytest.mark.parametrize("folder", ["ob", "clr"])
def test_spec_example_vectors(folder: str) -> None:
    base = EXAMPLES / folder
    document = _json(base / "credential.json")
    config = _proof_config(_json(base / "proof.json"), document)
    assert canonize(document) == _text(base / "document-canon.txt")
    assert canonize(config) == _text(base / "proof-canon.txt")


def test_signed_clr_with_nested_proofs_has_blank_node_graphs() -> None:
    """CLR's embedded credentials carry proofs: named graphs with blank-node names."""
    signed = _json(OB3 / "clrv2p0" / "signed.json")
    text = canonize(signed)
    graphs = {q[3] for q in parse_nquads(text)}
    assert any(g.startswith("_:c14n") for g in graphs)
    # the same dataset written in another order gives the same canonical text
    shuffled = dict(reversed(list(signed.items())))
    assert canonize(shuffled) == text


@pytest.mark.parametrize(("document", "expected"), _cases())
def test_reference_path_alone(document: dict[str, Any], expected: Path) -> None:
    """pyld toRdf + our RDFC-1.0, without the fast path that canonize() may take."""
    assert canonicalize(to_rdf(document)).text == _text(expected)
