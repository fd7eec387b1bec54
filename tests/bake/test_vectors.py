"""Every baked image among the third-party vectors extracts what its expectations say."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit import safejson
from openbadge_kit.bake import sniff, unbake
from openbadge_kit.errors import NoCredentialFoundError

from .helpers import VECTORS

DC = VECTORS / "1edtech-dc-public-validator"
SPEC_VALIDATOR = VECTORS / "spec-examples" / "validator"


def _baked_entries() -> list[dict[str, Any]]:
    entries = json.loads((DC / "expectations.json").read_text())["entries"]
    return [e for e in entries if e["file"].endswith((".png", ".svg"))]


def _baked_cases() -> list[Any]:
    cases = []
    for entry in _baked_entries():
        for folder in (DC, SPEC_VALIDATOR):
            path = folder / entry["file"]
            if path.exists():
                cases.append(pytest.param(path, entry, id=f"{folder.name}/{entry['file']}"))
    return cases


def _jwt_claims(token: str) -> Any:
    part = token.split(".")[1]
    return safejson.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_vector_sets_are_present() -> None:
    # 6 OB 3.0 + 1 OB 2.0 baked images upstream, and a copy of the 6 OB 3.0 ones
    assert len(_baked_cases()) == 13


@pytest.mark.parametrize(("path", "entry"), _baked_cases())
def test_1edtech_baked_images_extract_as_expected(path: Path, entry: dict[str, Any]) -> None:
    extracted = unbake(path)
    suffix = path.suffix[1:]
    assert extracted.format == suffix
    assert sniff(path.read_bytes()) == suffix
    assert unbake(path.read_bytes()) == extracted  # bytes and path give the same answer
    embedded = entry["reference_check"].get("embedded") or "json"  # ob20: hosted JSON
    assert extracted.payload_kind == embedded
    if entry["file"].startswith("ob30/"):
        assert extracted.ob_version == "3.0"
        assert not extracted.is_legacy
        if suffix == "png":
            assert extracted.carrier == "iTXt openbadgecredential"
        else:
            assert "{https://purl.imsglobal.org/ob/v3p0}credential" in extracted.carrier
    else:
        assert extracted.ob_version == "2.0"
        assert extracted.is_legacy
        assert extracted.carrier == "iTXt openbadges"
    if embedded == "json":
        credential = safejson.loads(extracted.payload)
        if extracted.ob_version == "3.0":
            assert credential["id"] == "http://example.com/credentials/3527"
            assert "OpenBadgeCredential" in credential["type"]
            assert credential["proof"]
        else:
            assert credential["type"] == "Assertion"
            assert credential["verification"] == {"type": "hosted"}
    else:
        claims = _jwt_claims(extracted.payload)
        assert claims["jti"].startswith("http://example.")
        # VCDM 2.0 JWTs carry the claims at top level, 1.1 ones inside "vc"
        assert ("vc" in claims) == ("_v1" in path.name)


def test_json_png_and_svg_carry_the_same_credential() -> None:
    png = safejson.loads(unbake(DC / "ob30/simple-json.png").payload)
    svg = safejson.loads(unbake(DC / "ob30/simple-json.svg").payload)
    assert png["proof"] == svg["proof"]


# --- OB 2.0 bakery samples -----------------------------------------------------------------

#: what each file's expectations.json "extract" text describes, in Extracted terms
OB2_EXPECTED: dict[str, dict[str, tuple[str, str] | None]] = {
    "ob2-concentricsky-openbadges-bakery": {
        "baked_heart.png": ("json", "http://example.org/badgeinstance1"),
        "baked_example.svg": ("url", "https://example.org/assertion.json"),
        "public_domain_heart.png": None,
        "unbaked_example.svg": None,
    },
    "ob2-mozilla-openbadges-bakery": {
        "baked.svg": ("url", "http://example.org"),
        "no-json.svg": ("url", "http://example.org"),
        # malformed JSON body; the verify attribute is what OB 2.0 verifiers use
        "bad-json.svg": ("url", "http://example.org"),
        "unbaked.svg": None,
        "unbaked.png": None,
    },
}


def _ob2_cases() -> list[Any]:
    cases = []
    for folder, expected in OB2_EXPECTED.items():
        entries = json.loads((VECTORS / folder / "expectations.json").read_text())["entries"]
        assert sorted(e["file"] for e in entries) == sorted(expected), "expectations changed"
        for entry in entries:
            cases.append(pytest.param(VECTORS / folder / entry["file"], entry,
                                      expected[entry["file"]], id=f"{folder}/{entry['file']}"))
    return cases


@pytest.mark.parametrize(("path", "entry", "expected"), _ob2_cases())
def test_ob2_bakery_samples(path: Path, entry: dict[str, Any],
                            expected: tuple[str, str] | None) -> None:
    outcome = entry["source_expects"]["outcome"]
    if outcome == "UNBAKED":
        assert expected is None
        with pytest.raises(NoCredentialFoundError) as info:
            unbake(path)
        assert info.value.code == "no_credential"
        return
    assert outcome in ("BAKED", "BAKED_MALFORMED")
    assert expected is not None
    extracted = unbake(path)
    assert extracted.ob_version == "2.0"
    assert extracted.format == path.suffix[1:]
    kind, marker = expected
    assert extracted.payload_kind == kind
    if kind == "url":
        assert extracted.payload == marker
        assert extracted.carrier.endswith("@verify")
        assert marker in entry["source_expects"].get("extract", entry["source_expects"].get(
            "note", ""))
    else:
        assertion = safejson.loads(extracted.payload)
        assert assertion["uid"] == "123"
        assert assertion["verify"] == {"type": "hosted", "url": marker}
        assert extracted.carrier == "iTXt openbadges"


def test_unbaked_1edtech_assets_have_no_credential() -> None:
    for name in ("beths-robot-badge.png", "robotics-badge.png"):
        with pytest.raises(NoCredentialFoundError):
            unbake(DC / "ob20" / "assets" / name)
