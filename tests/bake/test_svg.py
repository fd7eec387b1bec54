"""SVG baking and extraction: namespaces, placement, replacement, refusal of active content."""

from __future__ import annotations

import json

import pytest

from openbadge_kit.bake import bake, unbake
from openbadge_kit.errors import (
    AmbiguousCredentialError,
    ImageFormatError,
    InputTooLargeError,
    InvalidInputError,
    NoCredentialFoundError,
)
from openbadge_kit.limits import Limits

from .helpers import VECTORS

OB3 = "https://purl.imsglobal.org/ob/v3p0"
SVG_OPEN = b'<svg xmlns="http://www.w3.org/2000/svg" width="10">'
PLAIN = SVG_OPEN + b'\n  <rect width="1" height="1"/>\n</svg>\n'
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
CREDENTIAL = {"id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
              "name": "a ]]> b ]]]]> c <tag> & café"}


def svg(body: str, root_attrs: str = "") -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg"{root_attrs}>{body}</svg>'.encode()


def test_json_is_inserted_after_the_root_start_tag_in_cdata() -> None:
    baked = bake(PLAIN, CREDENTIAL)
    text = json.dumps(CREDENTIAL, separators=(",", ":"), ensure_ascii=False)
    element = ("<openbadges:credential><![CDATA["
               + text.replace("]]>", "]]]]><![CDATA[>") + "]]></openbadges:credential>")
    assert baked == (SVG_OPEN[:-1] + f' xmlns:openbadges="{OB3}">'.encode()
                     + element.encode() + PLAIN[len(SVG_OPEN):])
    extracted = unbake(baked)
    assert extracted.format == "svg"
    assert (extracted.payload_kind, extracted.ob_version) == ("json", "3.0")
    assert json.loads(extracted.payload) == CREDENTIAL


def test_jwt_goes_into_the_verify_attribute() -> None:
    baked = bake(PLAIN, JWS)
    assert f'<openbadges:credential verify="{JWS}"/>'.encode() in baked
    extracted = unbake(baked)
    assert (extracted.payload_kind, extracted.payload) == ("jwt", JWS)
    assert extracted.carrier.endswith("@verify")


def test_rebake_replaces_and_equals_a_fresh_bake() -> None:
    once = bake(PLAIN, CREDENTIAL)
    twice = bake(once, JWS)
    assert twice == bake(PLAIN, JWS)
    assert twice.count(b"openbadges:credential") == 1


def test_existing_carrier_anywhere_is_removed_with_only_its_bytes() -> None:
    carrier = f'<ob:credential xmlns:ob="{OB3}" verify="{JWS}"/>'
    source = svg(f"<g>{carrier}</g><circle r='1'/>")
    assert bake(source, CREDENTIAL) == bake(svg("<g></g><circle r='1'/>"), CREDENTIAL)


def test_legacy_assertion_is_replaced_and_prefix_clash_handled() -> None:
    source = (VECTORS / "ob2-mozilla-openbadges-bakery" / "baked.svg").read_bytes()
    baked = bake(source, JWS)
    assert b"openbadges:assertion" not in baked
    # the root binds openbadges to http://openbadges.org, so the element declares its own
    assert f'<openbadges:credential xmlns:openbadges="{OB3}" verify="{JWS}"/>'.encode() in baked
    extracted = unbake(baked)
    assert (extracted.ob_version, extracted.payload) == ("3.0", JWS)


def test_root_that_already_declares_the_namespace_is_left_alone() -> None:
    source = (VECTORS / "1edtech-dc-public-validator" / "ob30" / "simple-jwt.svg").read_bytes()
    baked = bake(source, CREDENTIAL)
    assert baked.count(b"xmlns:openbadges") == 1
    start = source.index(b"<openbadges:credential")
    end = source.index(b"</openbadges:credential>") + len(b"</openbadges:credential>")
    root_end = source.index(b">", source.index(b"<svg")) + 1
    element = baked[root_end:baked.index(b"</openbadges:credential>")
                    + len(b"</openbadges:credential>")]
    assert baked == source[:root_end] + element + source[root_end:start] + source[end:]


def test_self_closing_root_and_bom_and_prefixed_root() -> None:
    for source in (b'<svg xmlns="http://www.w3.org/2000/svg" width="1"/>',
                   b'\xef\xbb\xbf<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>',
                   b'<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:g/></s:svg>'):
        baked = bake(source, CREDENTIAL)
        assert json.loads(unbake(baked).payload) == CREDENTIAL
        assert baked[:8] == source[:8]


def test_carriage_returns_in_json_text_survive_xml_line_end_normalisation() -> None:
    text = '{"id":"urn:x",\r\n"type":"VerifiableCredential"}'
    assert unbake(bake(PLAIN, text)).payload == text


def test_credential_with_a_character_xml_cannot_hold_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        bake(PLAIN, {"name": "\ufffe"})


def test_found_by_namespace_whatever_the_prefix() -> None:
    for prefix in ("openbadges", "ob", "x1", "credential"):
        source = svg(f'<{prefix}:credential xmlns:{prefix}="{OB3}" verify="{JWS}"/>')
        assert unbake(source).payload == JWS
    default_ns = svg(f'<g><credential xmlns="{OB3}"><![CDATA[{{"a":1}}]]></credential></g>')
    assert unbake(default_ns).payload == '{"a":1}'


def test_right_prefix_wrong_namespace_is_not_a_credential() -> None:
    for uri in ("https://purl.imsglobal.org/ob/v3p0/", "http://purl.imsglobal.org/ob/v3p0",
                "https://example.org/ob/v3p0", "https://purl.imsglobal.org/spec/ob/v3p0"):
        source = svg(f'<openbadges:credential verify="{JWS}"/>',
                     root_attrs=f' xmlns:openbadges="{uri}"')
        with pytest.raises(NoCredentialFoundError):
            unbake(source)


def test_clr_and_legacy_namespaces() -> None:
    clr = svg(f'<c:credential xmlns:c="https://purl.imsglobal.org/clr/v2p0" verify="{JWS}"/>')
    assert unbake(clr).ob_version == "clr-2.0"
    legacy = svg('<a:assertion xmlns:a="http://openbadges.org"><![CDATA[{"uid":"1"}]]></a:assertion>')
    extracted = unbake(legacy)
    assert (extracted.ob_version, extracted.payload_kind, extracted.payload) == (
        "2.0", "json", '{"uid":"1"}')
    clr_baked = bake(PLAIN, {"type": ["VerifiableCredential", "ClrCredential"]})
    assert b'xmlns:clr="https://purl.imsglobal.org/clr/v2p0"' in clr_baked
    assert unbake(clr_baked).ob_version == "clr-2.0"


def test_ambiguity_is_an_error() -> None:
    two = svg(f'<o:credential xmlns:o="{OB3}" verify="{JWS}"/>'
              f'<p:credential xmlns:p="{OB3}" verify="{JWS}"/>')
    mixed = svg(f'<o:credential xmlns:o="{OB3}" verify="{JWS}"/>'
                '<a:assertion xmlns:a="http://openbadges.org" verify="https://e.org/a"/>')
    both = svg(f'<o:credential xmlns:o="{OB3}" verify="{JWS}">{{"a":1}}</o:credential>')
    nested = svg(f'<o:credential xmlns:o="{OB3}"><o:credential verify="{JWS}"/></o:credential>')
    for source in (two, mixed, both, nested):
        with pytest.raises(AmbiguousCredentialError):
            unbake(source)
    assert unbake(bake(nested, CREDENTIAL)).payload_kind == "json"


def test_empty_carrier_is_refused_clearly() -> None:
    with pytest.raises(ImageFormatError) as info:
        unbake(svg(f'<o:credential xmlns:o="{OB3}"></o:credential>'))
    assert info.value.code == "payload_unrecognized"


def test_payload_limit_applies_to_body_and_attribute() -> None:
    limits = Limits(max_payload_bytes=100)
    body = svg(f'<o:credential xmlns:o="{OB3}"><![CDATA[{{"a":"{"x" * 200}"}}]]></o:credential>')
    attr = svg(f'<o:credential xmlns:o="{OB3}" verify="a.{"b" * 200}.c"/>')
    for source in (body, attr):
        with pytest.raises(InputTooLargeError):
            unbake(source, limits=limits)


def test_non_utf8_svg_extracts_but_is_not_baked() -> None:
    source = ('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg" '
              f'xmlns:o="{OB3}"><o:credential>{{"name":"caf\xe9"}}</o:credential></svg>'
              ).encode("latin-1")
    assert json.loads(unbake(source).payload) == {"name": "café"}
    with pytest.raises(ImageFormatError) as info:
        bake(source, JWS)
    assert info.value.code == "svg_encoding"


ACTIVE = [
    "<script>alert(1)</script>",
    '<g onclick="alert(1)"/>',
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    '<a href="javascript:alert(1)"><text>x</text></a>',
    '<a xmlns:xl="http://www.w3.org/1999/xlink" xl:href=" JaVa&#9;ScRipt:alert(1)"/>',
    '<a><set attributeName="href" to="javascript:alert(1)"/></a>',
    '<iframe xmlns="http://www.w3.org/1999/xhtml"/>',
    '<handler type="application/ecmascript">alert(1)</handler>',
]


@pytest.mark.parametrize("body", ACTIVE)
def test_baking_refuses_active_content_but_extraction_reads_it(body: str) -> None:
    source = svg(body)
    with pytest.raises(ImageFormatError) as info:
        bake(source, JWS)
    assert info.value.code == "svg_active_content"
    assert "line 1" in str(info.value)
    with pytest.raises(NoCredentialFoundError):
        unbake(source)


def test_active_content_on_the_root_and_via_the_dtd_and_stylesheets() -> None:
    sources = [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<?xml-stylesheet type="text/xsl" href="evil.xsl"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    ]
    for source in sources:
        with pytest.raises(ImageFormatError) as info:
            bake(source, JWS)
        assert info.value.code == "svg_active_content"


def test_styles_links_and_images_are_not_active_content() -> None:
    source = svg('<style>rect{fill:red}</style><a href="https://example.org/">'
                 '<image href="data:image/png;base64,AAAA"/></a>',
                 root_attrs=' opacity="0.5" orient="auto"')
    assert unbake(bake(source, JWS)).payload == JWS


def test_character_and_entity_references_outside_and_inside_the_carrier() -> None:
    source = svg(f'<text>a &lt; b &amp; c &#233;</text><o:credential xmlns:o="{OB3}">'
                 '{"name":"x &lt; y"}</o:credential>')
    assert unbake(source).payload == '{"name":"x < y"}'
    baked = bake(source, JWS)
    assert b"<text>a &lt; b &amp; c &#233;</text>" in baked
    assert unbake(baked).payload == JWS
