"""``openbadge keygen``: prints the did:key or thumbprint, writes a 0600 key file, never leaks."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from openbadge_kit.cli import main
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.keys.jose_keys import P256KeyPair, RsaKeyPair
from openbadge_kit.keys.keyfile import load_key

ZERO_DID = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"


def test_seeded_ed25519_prints_the_did_key(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "key.json"
    assert main(["keygen", "--seed-hex", "00" * 32, "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.strip() == ZERO_DID
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    key = load_key(out)
    assert isinstance(key, Ed25519KeyPair) and key.did_key == ZERO_DID
    assert key.secret_multikey not in printed.out + printed.err


@pytest.mark.parametrize(("kind", "cls"), [("rsa", RsaKeyPair), ("p256", P256KeyPair)])
def test_jose_key_types_print_their_thumbprint(tmp_path: Path, kind: str, cls: type,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "key.json"
    kid = "https://issuer.example/keys/1.json"
    assert main(["keygen", "--type", kind, "--id", kid, "-o", str(out)]) == 0
    key = load_key(out)
    assert isinstance(key, cls) and key.key_id == kid
    assert capsys.readouterr().out.strip() == key.thumbprint  # type: ignore[union-attr]


def test_refusals_and_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "key.json"
    assert main(["keygen", "-o", str(out)]) == 0
    first = out.read_bytes()
    assert main(["keygen", "-o", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == first
    assert main(["keygen", "--force", "-o", str(out)]) == 0
    assert out.read_bytes() != first
    assert main(["keygen", "--seed-hex", "abc", "-o", str(tmp_path / "b.json")]) == 2
    assert main(["keygen", "--type", "rsa", "--seed-hex", "00" * 32,
                 "-o", str(tmp_path / "c.json")]) == 2
    assert main(["keygen", "-o", str(tmp_path / "missing-dir" / "k.json")]) == 2
    with pytest.raises(SystemExit):
        main(["keygen", "--type", "dsa", "-o", str(tmp_path / "d.json")])
