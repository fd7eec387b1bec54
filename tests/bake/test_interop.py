"""Independent readers accept what bake writes: Pillow decodes baked PNGs (same pixels,
the credential in its text chunks) and the standard library's tree parser finds the SVG
credential element as the root's first child."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from openbadge_kit.bake import bake

from .helpers import VECTORS

PNG_SOURCES = [
    VECTORS / "ob2-mozilla-openbadges-bakery" / "unbaked.png",
    VECTORS / "ob2-concentricsky-openbadges-bakery" / "public_domain_heart.png",
    VECTORS / "1edtech-dc-public-validator" / "ob30" / "simple-json.png",  # re-baked
]
SVG_SOURCES = [
    VECTORS / "ob2-mozilla-openbadges-bakery" / "unbaked.svg",
    VECTORS / "ob2-concentricsky-openbadges-bakery" / "baked_example.svg",  # OB 2.0 replaced
    VECTORS / "1edtech-dc-public-validator" / "ob30" / "simple-jwt.svg",  # re-baked
]
CREDENTIAL = {"id": "urn:uuid:7", "type": ["VerifiableCredential", "OpenBadgeCredential"],
              "name": "Zoë's badge ]]> <ok>"}
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
OB3 = "{https://purl.imsglobal.org/ob/v3p0}credential"


@pytest.mark.parametrize("source", PNG_SOURCES, ids=lambda p: p.name)
def test_pillow_decodes_baked_png_and_reads_the_credential(source: Path) -> None:
    original = Image.open(source)
    original.load()
    baked = Image.open(io.BytesIO(bake(source, CREDENTIAL)))
    baked.load()
    assert baked.size == original.size
    assert baked.mode == original.mode
    assert baked.tobytes() == original.tobytes()
    text = baked.text["openbadgecredential"]
    assert json.loads(text) == CREDENTIAL


@pytest.mark.parametrize("source", SVG_SOURCES, ids=lambda p: p.name)
@pytest.mark.parametrize("payload", [CREDENTIAL, JWS], ids=["json", "jwt"])
def test_tree_parser_finds_the_credential_as_first_child(source: Path, payload: object) -> None:
    root = ET.fromstring(bake(source, payload))  # trusted test input: no entities here
    carriers = [el for el in root.iter() if el.tag == OB3]
    assert len(carriers) == 1
    assert root[0] is carriers[0]
    assert not [el for el in root.iter() if el.tag == "{http://openbadges.org}assertion"]
    if isinstance(payload, str):
        assert root[0].get("verify") == payload
        assert not (root[0].text or "").strip()
    else:
        assert root[0].get("verify") is None
        assert json.loads(root[0].text or "") == payload
