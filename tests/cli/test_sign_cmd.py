"""``openbadge sign``: signs with a key file, refuses clearly, exits with the right code."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.cli import main
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.keyfile import save_key
from openbadge_kit.keys.resolvers import default_resolver
from openbadge_kit.proofs.data_integrity import verify_proofs

UNSIGNED = (Path(__file__).resolve().parents[1] / "vectors" / "1edtech-ob3-spec-test-vectors"
            / "obv3p0" / "unsigned.json")
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, Ed25519KeyPair]:
    key = Ed25519KeyPair.from_seed(bytes(range(32)))
    key_path = tmp_path / "key.json"
    save_key(key_path, key)
    doc: dict[str, Any] = json.loads(UNSIGNED.read_text())
    doc["issuer"]["id"] = key.did_key
    cred = tmp_path / "cred.json"
    cred.write_text(json.dumps(doc))
    return key_path, cred, key


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "ed25519-2020"])
def test_sign_writes_a_credential_that_verifies(setup: Any, tmp_path: Path, suite: str) -> None:
    key_path, cred, key = setup
    out = tmp_path / "signed.json"
    code = main(["sign", "--key", str(key_path), "--suite", suite,
                 "--created", "2025-01-01T00:00:00Z", str(cred), "-o", str(out)])
    assert code == 0
    signed = json.loads(out.read_text())
    assert signed["proof"]["verificationMethod"] == key.did_key_vm
    results = verify_proofs(signed, resolver=default_resolver(), now=NOW)
    assert [r.code for r in results] == ["proof.valid"]


def test_sign_refuses_undefined_terms(setup: Any, capsys: pytest.CaptureFixture[str]) -> None:
    key_path, cred, _ = setup
    doc = json.loads(cred.read_text())
    doc["notATerm"] = 1
    cred.write_text(json.dumps(doc))
    assert main(["sign", "--key", str(key_path), str(cred)]) == 1
    err = capsys.readouterr().err
    assert "notATerm" in err and "refused" in err


def test_sign_missing_file_is_a_usage_error(setup: Any, tmp_path: Path) -> None:
    key_path, _, _ = setup
    assert main(["sign", "--key", str(key_path), str(tmp_path / "missing.json")]) == 2


def test_sign_malformed_json_is_refused(setup: Any, tmp_path: Path) -> None:
    key_path, _, _ = setup
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["sign", "--key", str(key_path), str(bad)]) == 1
