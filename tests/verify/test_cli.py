"""``openbadge verify``: exit codes, folders, JSON output, batch summary, options."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from openbadge_kit.cli import main

from .helpers import (
    ALICE,
    ISSUER,
    LIST_URL,
    NOW,
    credential,
    hashed_identifier,
    signed,
    status_entry,
    status_list,
    tampered,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
NOW_ARG = ["--now", NOW.isoformat()]


@pytest.fixture()
def badges(tmp_path):
    good = credential()
    good["credentialSubject"]["identifier"] = [hashed_identifier()]
    good = signed(good)
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text(json.dumps(tampered(good)))
    (tmp_path / "truncated.json").write_text(json.dumps(good)[:200])
    shutil.copy(VECTORS / "1edtech-dc-public-validator/ob30/simple-json.png",
                tmp_path / "baked.png")
    (tmp_path / "notes.txt").write_text("not a badge, skipped by the folder walk")
    return tmp_path


def test_single_good_file_exits_0_and_prints_the_check_list(badges, capsys):
    assert main(["verify", str(badges / "good.json"), *NOW_ARG]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VERIFIED: ")
    assert "✓ proof: DataIntegrityProof/eddsa-rdfc-2022" in out


@pytest.mark.parametrize("name", ["bad.json", "truncated.json"])
def test_read_but_not_genuine_exits_1(badges, capsys, name):
    assert main(["verify", str(badges / name), *NOW_ARG]) == 1
    assert capsys.readouterr().out.startswith("NOT VERIFIED")


def test_missing_file_and_usage_errors_exit_2(badges, capsys):
    assert main(["verify", str(badges / "nope.json"), *NOW_ARG]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["verify", str(badges / "good.json"), "--now", "yesterday"]) == 2
    assert main(["verify", str(badges / "good.json"), "--processes", "0", *NOW_ARG]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["verify"])
    assert exc.value.code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_exits_2(badges):
    path = badges / "good.json"
    path.chmod(0)
    try:
        assert main(["verify", str(path), *NOW_ARG]) == 2
    finally:
        path.chmod(0o600)


def test_a_folder_is_walked_and_summarized(badges, tmp_path_factory, capsys):
    from .corpus import published_test_issuer_keys

    # baked.png names its key only in its verification method id: the employer confirms
    # it with the issuer's published controller document (--did-docs)
    docs = tmp_path_factory.mktemp("did-docs")
    for n, doc in enumerate(published_test_issuer_keys().values()):
        (docs / f"issuer-{n}.json").write_text(json.dumps(doc))
    assert main(["verify", str(badges), "--did-docs", str(docs), *NOW_ARG]) == 1
    out = capsys.readouterr().out
    assert "4 badge(s): 2 verified" in out
    assert "proof.signature_invalid" in out
    assert "notes.txt" not in out
    assert "baked.png" in out


def test_json_output_single_and_batch(badges, capsys):
    assert main(["verify", "--json", str(badges / "good.json"), *NOW_ARG]) == 0
    single = json.loads(capsys.readouterr().out)
    assert single["verified"] is True and single["summary"]["format"] == "json"
    main(["verify", "--json", str(badges / "good.json"), str(badges / "bad.json"), *NOW_ARG])
    batch = json.loads(capsys.readouterr().out)
    assert [r["verified"] for r in batch] == [True, False]


def test_recipient_trust_and_status_cache(badges, tmp_path, capsys):
    doc = signed(credential(credentialStatus=status_entry(3)))
    path = badges / "with-status.json"
    path.write_text(json.dumps(doc))
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "list.json").write_text(json.dumps(status_list((3,))))
    assert main(["verify", str(path), "--status-cache", str(cache), *NOW_ARG]) == 1
    assert "REVOKED" in capsys.readouterr().out
    assert main(["verify", str(path), *NOW_ARG]) == 0  # not checked offline
    assert "? status: status not checked" in capsys.readouterr().out
    trust = tmp_path / "trust.txt"
    trust.write_text(ISSUER.did_key + "\n")
    assert main(["verify", str(badges / "good.json"), "--trust", str(trust),
                 "--recipient", ALICE, *NOW_ARG]) == 0
    out = capsys.readouterr().out
    assert "on your trust list" in out and f"issued to {ALICE}" in out
    assert main(["verify", str(badges / "good.json"), "--recipient", "eve@example.org",
                 *NOW_ARG]) == 1
    assert LIST_URL


def test_did_docs_folder(capsys):
    dids = VECTORS / "dcc-vc-test-fixtures" / "dids"
    path = VECTORS / ("dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didWeb/"
                      "oidf-noStatus-notExpired.json")
    assert main(["verify", str(path), *NOW_ARG]) == 1  # did:web needs the network
    assert "? proof: Ed25519Signature2020: the key needs network access" in \
        capsys.readouterr().out
    assert main(["verify", str(path), "--did-docs", str(dids), *NOW_ARG]) == 0


def test_the_installed_command_runs_and_keeps_the_exit_code(badges):
    exe = Path(sys.executable).with_name("openbadge")
    done = subprocess.run([str(exe), "verify", str(badges / "bad.json"), *NOW_ARG],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "NOT VERIFIED" in done.stdout


def test_the_batch_table_names_the_most_telling_reason():
    from openbadge_kit.cli.verify_cmd import main_reason
    from openbadge_kit.verify import verify

    unsigned = credential()
    del unsigned["credentialSubject"]["achievement"]
    report = verify(unsigned, now=NOW)
    assert main_reason(report).startswith("proof.missing")


def test_a_pinned_jwks_lets_a_header_jwk_badge_verify(tmp_path, capsys):
    from openbadge_kit.bake import unbake
    from openbadge_kit.proofs.vc_jwt import decode_unverified

    badge = VECTORS / "1edtech-dc-public-validator/ob30/simple-jwt.png"
    header, _ = decode_unverified(unbake(badge.read_bytes()).payload)
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps({"keys": [header["jwk"]]}))
    assert main(["verify", str(badge), *NOW_ARG]) == 1
    capsys.readouterr()
    url = "https://1edtech.edu/.well-known/jwks.json"
    assert main(["verify", str(badge), "--jwks", f"{url}={keys}", *NOW_ARG]) == 0
    assert "VC-JWT/RS256" in capsys.readouterr().out
    assert main(["verify", str(badge), "--jwks", str(keys), *NOW_ARG]) == 2
