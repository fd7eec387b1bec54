"""Fuzzing ``unbake`` and ``bake``: mutated PNGs and SVGs, random bytes.

Properties: ``unbake`` returns an :class:`Extracted` or raises an ``OpenBadgeError``, never
anything else; what it returns is a credential carrier's text within the payload limit;
``bake`` into an SVG either refuses or returns an image with no active content, judged by
an independent check (ElementTree, not the library's scanner).
"""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest
from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st

from openbadge_kit import bake, unbake
from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.limits import DEFAULT_LIMITS

from ..hostile.generate import baked_png, good, itxt, png, png_chunk, svg, svg_with, text
from .common import counted, fuzz_settings, smoke_settings

GOOD = good()
CREDENTIAL = text(GOOD)
PNG = baked_png(CREDENTIAL)
SVG = svg_with(CREDENTIAL)
KEYWORDS = [b"openbadgecredential", b"openbadges", b"openbadge", b"Comment", b"", b"x" * 80]


def _unbake_ok(data: bytes) -> None:
    try:
        found = unbake(data)
    except OpenBadgeError:
        return
    assert found.format in ("png", "svg")
    assert found.payload_kind in ("json", "jwt", "url")
    assert isinstance(found.payload, str)
    assert len(found.payload.encode("utf-8", "surrogatepass")) <= \
        DEFAULT_LIMITS.max_payload_bytes


# --- PNG --------------------------------------------------------------------------------


@st.composite
def png_mutants(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([PNG, png(), baked_png("eyJh.eyJi.c2ln")])))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["flip", "length", "truncate", "chunk", "dup", "splice"]))
        if op == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "length" and len(data) > 40:
            i = draw(st.sampled_from([8, 33] + [m.start() - 4 for m in
                                                re.finditer(rb"iTXt|IDAT|IEND", data)]))
            value = draw(st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**32 - 1])
                         | st.integers(0, 2**32 - 1))
            data[i:i + 4] = struct.pack(">I", value)
        elif op == "truncate":
            del data[draw(st.integers(0, len(data))):]
        elif op == "chunk":
            keyword = draw(st.sampled_from(KEYWORDS))
            payload = draw(st.sampled_from([CREDENTIAL.encode(), b"", b"\xff\xfe", b"{}",
                                            b"https://ex.example/a", b"eyJh.eyJi.c2ln"]))
            kind = draw(st.sampled_from([b"iTXt", b"tEXt", b"zTXt"]))
            if kind == b"iTXt":
                chunk = itxt(keyword, payload, compressed=draw(st.booleans()))
            elif kind == b"zTXt":
                chunk = png_chunk(kind, keyword + b"\x00\x00" + zlib.compress(payload))
            else:
                chunk = png_chunk(kind, keyword + b"\x00" + payload)
            at = draw(st.sampled_from([8, 33, len(data)]))
            data[at:at] = chunk
        elif op == "dup":
            match = re.search(rb"iTXt", data)
            if match and match.start() >= 4:  # a chunk type needs its length before it
                start = match.start() - 4
                length = struct.unpack(">I", data[start:start + 4])[0]
                data[start:start] = data[start:start + 12 + length]
        elif op == "splice":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(max_size=16))
    return bytes(data)


_png_body = counted("unbake: mutated PNG", _unbake_ok)


@pytest.mark.fuzz
@fuzz_settings(20_000)
@given(png_mutants())
def test_fuzz_unbake_png(data: bytes) -> None:
    _png_body(data)


@smoke_settings()
@given(png_mutants())
def test_smoke_unbake_png(data: bytes) -> None:
    _png_body(data)


# --- SVG --------------------------------------------------------------------------------

SNIPPETS = [
    '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="latin-1"?>',
    '<!DOCTYPE svg [<!ENTITY a "aaaa">]>', '<!DOCTYPE svg SYSTEM "http://127.0.0.1:9/x">',
    "&a;", "&#0;", "&#x1F600;", "<![CDATA[x]]>", "]]>", "<!-- c -->", "<?pi x?>",
    f"<openbadges:credential><![CDATA[{CREDENTIAL}]]></openbadges:credential>",
    '<openbadges:credential verify="eyJh.eyJi.c2ln"/>',
    '<ob:credential xmlns:ob="https://purl.imsglobal.org/ob/v3p0">{}</ob:credential>',
    '<openbadges:assertion xmlns:openbadges="http://openbadges.org" '
    'verify="https://ex.example/a"/>',
    '<x:credential xmlns:x="https://wrong.example/ns">{}</x:credential>',
    "<g>", "</g>", "<svg>", "</svg>", "<", ">", '"', "\x00", "\ufeff", "\udcff",
    "<script>alert(1)</script>", '<g onclick="x()"/>', "<foreignObject/>",
]


@st.composite
def svg_mutants(draw: st.DrawFn) -> bytes:
    doc = draw(st.sampled_from([SVG.decode(), svg().decode()]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(doc)))
        piece = draw(st.sampled_from(SNIPPETS) | st.text(max_size=8))
        if draw(st.booleans()):
            doc = doc[:at] + piece + doc[at:]
        else:
            doc = doc[:at] + piece + doc[at + draw(st.integers(0, 20)):]
    return doc.encode("utf-8", "surrogatepass")


_svg_body = counted("unbake: mutated SVG", _unbake_ok)


@pytest.mark.fuzz
@fuzz_settings(10_000)
@given(svg_mutants())
def test_fuzz_unbake_svg(data: bytes) -> None:
    _svg_body(data)


@smoke_settings()
@given(svg_mutants())
def test_smoke_unbake_svg(data: bytes) -> None:
    _svg_body(data)


_bytes_body = counted("unbake: random bytes", _unbake_ok)


@pytest.mark.fuzz
@fuzz_settings(10_000)
@given(st.one_of(st.binary(max_size=400),
                 st.binary(max_size=400).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
                 st.binary(max_size=400).map(lambda b: b"<svg " + b)))
def test_fuzz_unbake_random_bytes(data: bytes) -> None:
    _bytes_body(data)


@smoke_settings()
@given(st.binary(max_size=400).map(lambda b: b"\x89PNG\r\n\x1a\n" + b))
def test_smoke_unbake_random_bytes(data: bytes) -> None:
    _bytes_body(data)


# --- bake never carries active content over -----------------------------------------------

_ACTIVE_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed",
                    "object"}
_SCRIPT_URL = re.compile(r"^[\x00-\x20]*(?:j[\x00-\x20]*a[\x00-\x20]*v[\x00-\x20]*a[\x00-\x20]*"
                         r"s[\x00-\x20]*c[\x00-\x20]*r[\x00-\x20]*i[\x00-\x20]*p[\x00-\x20]*t|"
                         r"v[\x00-\x20]*b[\x00-\x20]*s[\x00-\x20]*c[\x00-\x20]*r[\x00-\x20]*"
                         r"i[\x00-\x20]*p[\x00-\x20]*t)[\x00-\x20]*:", re.IGNORECASE)


def _active_content(image: bytes) -> list[str]:
    """Active content in an SVG, found by ElementTree (an oracle independent of bake/svg.py)."""
    found = []
    for element in ElementTree.fromstring(image).iter():
        local = str(element.tag).rpartition("}")[2].lower()
        if local in _ACTIVE_ELEMENTS or str(element.tag).startswith(
                "{http://www.w3.org/1999/xhtml}"):
            found.append(local)
        for name, value in element.attrib.items():
            attr = name.rpartition("}")[2].lower()
            if attr.startswith("on") or _SCRIPT_URL.match(value):
                found.append(f"{local}@{attr}")
            if attr == "attributename" and value.strip().lower().startswith("on"):
                found.append(f"{local} animates {value}")
    return found


ELEMENTS = ["g", "rect", "a", "set", "animate", "script", "SCRIPT", "foreignObject",
            "handler", "use", "image", "style", "title", "svg:script"]
ATTRIBUTES = ["onload", "ONCLICK", "onmouseover", "href", "xlink:href", "values", "to",
              "from", "attributeName", "fill", "style", "on", "one", "id"]
VALUES = ["javascript:alert(1)", " JaVa\tScript:alert(1)", "vbscript:x", "java script:x",
          "onclick", "ONLOAD", "href", "red", "url(#a)", "https://ex.example/", "data:,x",
          "\x01javascript:x", "jav&#x09;ascript:x"]


@st.composite
def artwork(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(ELEMENTS))
        attrs = draw(st.dictionaries(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES),
                                     max_size=3))
        rendered = " ".join(f'{k}="{v}"' for k, v in attrs.items())
        parts.append(f"<{name} {rendered}/>")
    root = draw(st.dictionaries(st.sampled_from(ATTRIBUTES[:4]), st.sampled_from(VALUES),
                                max_size=1))
    xlink = 'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="http://www.w3.org/2000/svg"'
    return svg("".join(parts), attrs=" ".join(
        [xlink, *(f'{k}="{v}"' for k, v in root.items())]))


def _bake_is_clean(image: bytes) -> None:
    try:
        out = bake(image, good())
    except OpenBadgeError:
        return
    assert _active_content(out) == [], out
    assert json.loads(unbake(out).payload) == GOOD  # and the credential went in whole


_bake_body = counted("bake: SVG artwork with active content", _bake_is_clean)


@pytest.mark.fuzz
@fuzz_settings(5_000)
@given(artwork())
def test_fuzz_bake_never_carries_active_content(image: bytes) -> None:
    _bake_body(image)


@smoke_settings()
@given(artwork())
def test_smoke_bake_never_carries_active_content(image: bytes) -> None:
    _bake_body(image)


def test_the_oracle_sees_what_it_must() -> None:
    assert _active_content(svg("<script>x</script>"))
    assert _active_content(svg('<a href=" JavaScript:x"/>'))
    assert _active_content(svg('<set attributeName="onclick" to="x"/>'))
    assert _active_content(svg(attrs='onload="x"'))
    assert not _active_content(svg('<a href="https://ex.example/"/>'))
