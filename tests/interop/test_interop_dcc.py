"""The DCC verifier (``@digitalcredentials/verifier-core``), run offline.

verifier-core has no option for a document loader: it builds one at import time with
remote fetching on. The harness swaps that package for a shim through a node module hook
(``lib/dcc-hooks.mjs``), so it runs either on our offline loader (``loader="ours"``) or on
DCC's own bundled contexts with fetching off (``loader="dcc"``), and the node process has
no network at all. Its informational JSON Schema step wants the network and is refused;
its registry step runs with no registries. It checks dates against the real clock (no clock
option), so the credentials here are valid from 2026-02-01 to 2031-02-01.

jsonld.js caches resolved contexts per process, so each loader gets its own node process:
the ``node`` fixture (ours) and ``node_dcc_contexts`` (DCC's).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from .interop_bridge import VECTORS, NodeBridge

pytestmark = pytest.mark.interop

DCC = VECTORS / "dcc-verifier-core"
LOADERS = ["ours", "dcc"]


@pytest.fixture(params=LOADERS)
def dcc(request: pytest.FixtureRequest) -> tuple[NodeBridge, str]:
    """(process, loader mode) for verifier-core, once per loader."""
    fixture = "node" if request.param == "ours" else "node_dcc_contexts"
    bridge: NodeBridge = request.getfixturevalue(fixture)
    return bridge, request.param
SEED = bytes(range(7, 39))


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def steps(verdict: dict[str, Any]) -> dict[str, Any]:
    return {s["id"]: s["valid"] for s in verdict["log"]}


def error_names(verdict: dict[str, Any]) -> list[str]:
    return [e["name"] for e in verdict["errors"]]


# upstream outcomes of verifier-core's own fixtures that need no network (expectations.json)
UPSTREAM = [
    ("credentials/v2/v2NoStatus.json", None),
    ("credentials/v1/v1NoStatus.json", None),
    ("credentials/v2/v2SimpleIssuerId.json", None),
    ("derived/v2Tampered.json", "invalid_signature"),
    ("derived/v1Tampered.json", "invalid_signature"),
    ("derived/v2NoProof.json", "no_proof"),
    ("derived/v2NonURIId.json", "invalid_credential_id"),
    ("derived/credentialWithoutContext.json", "invalid_jsonld"),
    ("derived/credentialWithoutVCContext.json", "no_vc_context"),
    ("credentials/eddsa/v2/safeModeBreaker.json", "jsonld.ValidationError"),
]


def test_dcc_verifier_gives_its_upstream_outcomes_offline(dcc: tuple[NodeBridge, str]) -> None:
    node, loader = dcc
    expectations = {e["file"]: e["source_expects"] for e in _json(DCC / "expectations.json")
                    ["entries"]}
    for name, fatal in UPSTREAM:
        verdict = node.call("dcc-verify", credential=_json(DCC / name), loader=loader)
        if fatal is None:
            assert expectations[name]["outcome"] == "VERIFIED"
            assert verdict["verified"], (name, verdict["errors"])
            assert steps(verdict)["valid_signature"] is True
        else:
            assert expectations[name].get("error") == fatal
            assert not verdict["verified"], name
            assert fatal in error_names(verdict), (name, verdict["errors"])


def test_dcc_verifier_really_uses_the_selected_loader(node: NodeBridge,
                                                      node_dcc_contexts: NodeBridge) -> None:
    credential = _json(DCC / "credentials/v2/v2NoStatus.json")
    ours = node.call("dcc-verify", credential=credential, loader="ours")
    assert ours["verified"]
    bundled = _json(Path(__file__).resolve().parents[2] / "src" / "openbadge_kit" / "jsonld"
                    / "contexts" / "index.json")["contexts"]
    assert ours["loaded"]
    assert all(u in bundled or u.startswith("did:key:") for u in ours["loaded"])
    wrong = node.call("dcc-verify", credential=credential, loader="dcc")
    assert not wrong["verified"] and "OBK_DCC_LOADER" in wrong["errors"][0]["message"]
    # a context that DCC bundles but openbadge_kit does not: only DCC's loader has it
    jff = "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json"
    odd = copy.deepcopy(credential)
    odd["@context"].append(jff)
    refused = node.call("dcc-verify", credential=odd, loader="ours")
    assert not refused["verified"]
    assert jff in refused["loaded"]
    theirs = node_dcc_contexts.call("dcc-verify", credential=odd, loader="dcc")
    assert jff in theirs["loaded"]
    assert error_names(theirs) == ["invalid_signature"]  # loaded, but the edit broke it


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "Ed25519Signature2020"])
def test_digital_bazaar_signed_badge_verifies_in_dcc(node: NodeBridge,
                                                     dcc: tuple[NodeBridge, str],
                                                     suite: str) -> None:
    verifier, loader = dcc
    did = node.call("key-info", seed=SEED.hex())["did"]
    context = ["https://www.w3.org/ns/credentials/v2",
               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    if suite == "Ed25519Signature2020":
        context.append("https://w3id.org/security/suites/ed25519-2020/v1")
    unsigned = {
        "@context": context, "id": "urn:uuid:6a1b2c3d-0000-4000-8000-00000000dcc1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "DCC check",
        "issuer": {"id": did, "type": ["Profile"], "name": "Harness"},
        "validFrom": "2026-02-01T00:00:00Z", "validUntil": "2031-02-01T00:00:00Z",
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
            "id": "urn:uuid:6a1b2c3d-0000-4000-8000-00000000dcc2", "type": ["Achievement"],
            "name": "Harness", "description": "d", "criteria": {"narrative": "n"}}},
    }
    signed = node.sign(unsigned, suite=suite, seed=SEED, created="2026-03-01T00:00:00Z")
    verdict = verifier.call("dcc-verify", credential=signed, loader=loader)
    assert verdict["verified"], verdict
    assert steps(verdict)["valid_signature"] is True
    assert steps(verdict)["expiration"] is True
    signed["credentialSubject"]["achievement"]["name"] = "Harness (edited)"
    verdict = verifier.call("dcc-verify", credential=signed, loader=loader)
    assert error_names(verdict) == ["invalid_signature"]
