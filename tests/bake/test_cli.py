"""``openbadge bake`` / ``openbadge unbake`` through the command-line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openbadge_kit.bake import unbake
from openbadge_kit.cli import main

from .helpers import VECTORS, minimal_png

JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    image = tmp_path / "badge.png"
    image.write_bytes(minimal_png())
    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps({"id": "urn:x", "type": ["VerifiableCredential"]},
                                     indent=2))
    token = tmp_path / "credential.jwt"
    token.write_text(JWS + "\n")
    return {"image": image, "json": credential, "jwt": token, "dir": tmp_path}


def test_bake_json_then_unbake(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = files["dir"] / "baked.png"
    assert main(["bake", str(files["image"]), str(files["json"]), "-o", str(out)]) == 0
    assert json.loads(unbake(out).payload) == {"id": "urn:x", "type": ["VerifiableCredential"]}
    capsys.readouterr()
    assert main(["unbake", str(out)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"id": "urn:x", "type": ["VerifiableCredential"]}
    assert "Open Badges 3.0 credential (JSON) in PNG iTXt openbadgecredential" in captured.err


def test_bake_jwt_and_unbake_to_a_file(files: dict[str, Path]) -> None:
    svg = files["dir"] / "badge.svg"
    svg.write_bytes((VECTORS / "ob2-concentricsky-openbadges-bakery/unbaked_example.svg")
                    .read_bytes())
    out = files["dir"] / "baked.svg"
    assert main(["bake", str(svg), str(files["jwt"]), "-o", str(out)]) == 0
    payload = files["dir"] / "payload.txt"
    assert main(["unbake", str(out), "-o", str(payload)]) == 0
    assert payload.read_text() == JWS + "\n"


def test_unbake_says_when_it_is_an_ob2_badge(capsys: pytest.CaptureFixture[str]) -> None:
    path = VECTORS / "1edtech-dc-public-validator" / "ob20" / "simple-badge.png"
    assert main(["unbake", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Open Badges 2.0 badge" in captured.err
    assert json.loads(captured.out)["type"] == "Assertion"


def test_exit_codes(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(files["dir"] / "missing.png")
    out = str(files["dir"] / "out.png")
    assert main(["unbake", missing]) == 2
    assert main(["bake", missing, str(files["json"]), "-o", out]) == 2
    assert main(["bake", str(files["image"]), missing, "-o", out]) == 2
    assert main(["bake", str(files["image"]), str(files["json"]),
                 "-o", str(files["dir"] / "no-such-dir" / "x.png")]) == 2
    assert main(["unbake", str(files["image"])]) == 1  # valid image, no credential
    assert main(["unbake", str(files["json"])]) == 1  # not an image
    bad = files["dir"] / "bad.json"
    bad.write_text("not a credential")
    assert main(["bake", str(files["image"]), str(bad), "-o", out]) == 1
    assert not Path(out).exists()  # nothing half-written
    err = capsys.readouterr().err
    assert "[no_credential]" in err
    assert "[image_unrecognized]" in err


def test_failed_bake_leaves_an_existing_output_untouched(files: dict[str, Path]) -> None:
    out = files["dir"] / "keep.png"
    out.write_bytes(b"previous")
    corrupt = files["dir"] / "corrupt.png"
    corrupt.write_bytes(minimal_png()[:-3])
    assert main(["bake", str(corrupt), str(files["json"]), "-o", str(out)]) == 1
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in files["dir"].iterdir() if p.name.startswith(".")) == []
