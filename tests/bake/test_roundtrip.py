"""Property tests: bake then unbake gives the payload back, re-baking replaces, and every
byte that is not the credential is unchanged, for generated PNGs and SVGs."""

from __future__ import annotations

import contextlib
import json
import string
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from openbadge_kit.bake import bake, png, sniff, unbake
from openbadge_kit.bake.svg import ACTIVE_ELEMENTS

from .helpers import PNG_SIGNATURE, VECTORS, chunk, ihdr, minimal_png

OB3 = "https://purl.imsglobal.org/ob/v3p0"
CARRIER_KEYWORDS = {b"openbadgecredential", b"clrcredential", b"openbadges"}

# --- payloads ---------------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                         st.text(max_size=30),
                         st.sampled_from(["]]>", "]]]]>", "<![CDATA[", "\r\n", "é🎓", "&amp;"]))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
credentials = st.dictionaries(st.text(max_size=8), json_values, min_size=1, max_size=5)
b64url = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=60)
jwts = st.builds(lambda h, p, s: f"{h}.{p}.{s}", b64url, b64url, b64url)
payloads = st.one_of(credentials, jwts)


def expected_text(payload: dict[str, Any] | str) -> str:
    if isinstance(payload, str):
        return payload
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


# --- PNGs with random ancillary chunks -------------------------------------------------------

ancillary_types = st.tuples(
    st.sampled_from(string.ascii_lowercase), st.sampled_from(string.ascii_letters),
    st.sampled_from(string.ascii_uppercase), st.sampled_from(string.ascii_letters),
).map(lambda t: "".join(t).encode()).filter(lambda t: t not in (b"tEXt", b"iTXt", b"zTXt"))
keywords = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=20).map(
    str.encode).filter(lambda k: k not in CARRIER_KEYWORDS)
ancillary = st.one_of(
    st.builds(chunk, ancillary_types, st.binary(max_size=64)),
    st.builds(lambda k, t: chunk(b"tEXt", k + b"\x00" + t), keywords, st.binary(max_size=40)),
    st.builds(lambda k, t: chunk(b"iTXt", k + b"\x00\x00\x00\x00\x00" + t.encode()), keywords,
              st.text(max_size=40)),
)


@st.composite
def pngs(draw: st.DrawFn) -> bytes:
    before = draw(st.lists(ancillary, max_size=4))
    after = draw(st.lists(ancillary, max_size=3))
    base = minimal_png(*before, width=draw(st.integers(1, 5)), height=draw(st.integers(1, 5)))
    iend = len(base) - 12
    return base[:iend] + b"".join(after) + base[iend:]


@settings(max_examples=150, deadline=None)
@given(pngs(), payloads, payloads)
def test_png_round_trip_replace_and_untouched_bytes(source: bytes, first: Any, second: Any) -> None:
    baked = bake(source, first)
    extracted = unbake(baked)
    assert extracted.payload == expected_text(first)
    assert extracted.payload_kind == ("jwt" if isinstance(first, str) else "json")
    chunks = list(png.iter_chunks(memoryview(baked)))
    carrier = chunks[1]
    assert baked[carrier.start + 4:carrier.start + 8] == b"iTXt"
    assert baked[:carrier.start] + baked[carrier.end:] == source  # nothing else changed
    rebaked = bake(baked, second)
    assert rebaked == bake(source, second)
    assert unbake(rebaked).payload == expected_text(second)


# --- SVGs with random attributes and prefixes ------------------------------------------------

names = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8).filter(
    lambda n: not n.lower().startswith(("on", "xml")) and n.lower() not in ACTIVE_ELEMENTS)
attr_values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
prefixes = names.filter(lambda n: n != "openbadges")


@st.composite
def svgs(draw: st.DrawFn) -> tuple[bytes, bytes, bytes]:
    """(document, document with a stale carrier inserted, the stale carrier's bytes)"""
    attrs = draw(st.dictionaries(names, attr_values, max_size=4))
    ns_prefixes = draw(st.lists(prefixes, max_size=2, unique=True))
    decls = "".join(f' xmlns:{p}="urn:example:{p}"' for p in ns_prefixes)
    if draw(st.booleans()):  # a root that already binds the OB 3.0 prefix
        decls += f' xmlns:openbadges="{OB3}"'
    root_attrs = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
    separators = draw(st.sampled_from([" ", "\n  ", "\t"]))
    root_open = f'<svg{separators}xmlns="http://www.w3.org/2000/svg"{decls}{root_attrs}>'
    prolog = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8"?>\n',
                                   "<!-- badge -->\n", "\ufeff"]))
    children = draw(st.lists(st.builds(
        lambda n, t, p: f"<{p + ':' if p else ''}{n}>{escape(t)}</{p + ':' if p else ''}{n}>",
        names, attr_values, st.sampled_from(["", *ns_prefixes])), max_size=4))
    stale_prefix = draw(st.sampled_from(["openbadges", *ns_prefixes, "ob"]))
    stale = (f'<{stale_prefix}:credential xmlns:{stale_prefix}="{OB3}" '
             f'verify="a.b.c"/>').encode()
    position = draw(st.integers(0, len(children)))
    head = (prolog + root_open).encode()
    document = head + "".join(children).encode() + b"</svg>"
    with_stale = (head + "".join(children[:position]).encode() + stale
                  + "".join(children[position:]).encode() + b"</svg>")
    return document, with_stale, stale


@settings(max_examples=150, deadline=None)
@given(svgs(), payloads, payloads)
def test_svg_round_trip_replace_and_untouched_bytes(
    generated: tuple[bytes, bytes, bytes], first: Any, second: Any
) -> None:
    document, with_stale, stale = generated
    assert sniff(document) == "svg"
    baked = bake(document, first)
    assert unbake(baked).payload == expected_text(first)
    # the document's bytes are all there, in order: the prefix up to the end of the
    # root start tag's attributes, and everything after the root start tag
    root_end = document.index(b">", document.index(b"<svg")) + 1
    assert baked.startswith(document[:root_end - 1])
    assert baked.endswith(document[root_end:])
    inserted = baked[root_end - 1:len(baked) - (len(document) - root_end)]
    declared = f' xmlns:openbadges="{OB3}"'.encode()
    assert inserted.startswith(b">" if declared in document else declared + b">")
    assert inserted.count(b"<openbadges:credential") == 1
    # re-baking replaces: one carrier, same bytes as a fresh bake
    rebaked = bake(baked, second)
    assert rebaked == bake(document, second)
    assert unbake(rebaked).payload == expected_text(second)
    # a stale carrier anywhere is removed together with exactly its own bytes
    assert with_stale.replace(stale, b"", 1) == document
    assert bake(with_stale, first) == baked


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    from openbadge_kit.errors import OpenBadgeError

    for candidate in (data, PNG_SIGNATURE + data, PNG_SIGNATURE + ihdr() + data,
                      b"<svg xmlns='http://www.w3.org/2000/svg'>" + data):
        with contextlib.suppress(OpenBadgeError):  # anything else fails the test
            unbake(candidate)


_SEEDS = sorted(p for p in (VECTORS / "1edtech-dc-public-validator" / "ob30").glob("simple-j*")
                if p.suffix in (".png", ".svg")) + sorted(VECTORS.glob("ob2-*/*.svg"))
_TOKENS = [b"<", b">", b'"', b"&", b"]]>", b"<![CDATA[", b"\x00", b"\xff", b"/>", b"&#0;",
           b'encoding="utf-16"', b'encoding="x-unknown"', b"\xef\xbb\xbf", b"iTXt", b"IEND",
           f'<o:credential xmlns:o="{OB3}">'.encode(), b"</o:credential>",
           b'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "x">]>']
_ENCODINGS = [b"utf-8", b"UTF-16", b"x-unknown", b"shift_jis", b"latin-1", b"cp1252", b"u9f-8"]
_mutation = st.tuples(st.sampled_from(["set", "insert", "delete", "encoding"]),
                      st.integers(0, 1 << 20), st.integers(0, 255), st.sampled_from(_TOKENS))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_SEEDS), st.lists(_mutation, min_size=1, max_size=4))
def test_mutated_vector_images_only_raise_library_errors(
    seed: Any, mutations: list[tuple[str, int, int, bytes]]
) -> None:
    from openbadge_kit.errors import OpenBadgeError

    data = bytearray(seed.read_bytes())
    for op, position, value, token in mutations:
        at = position % (len(data) + 1)
        if op == "set" and data:
            data[min(at, len(data) - 1)] = value
        elif op == "insert":
            data[at:at] = token
        elif op == "encoding":  # replace the XML declaration by one naming some codec
            end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
            codec = _ENCODINGS[value % len(_ENCODINGS)]
            data[:end] = b'<?xml version="1.0" encoding="' + codec + b'"?>'

        else:
            del data[at:at + 1 + value % 16]
    image = bytes(data)
    for action in (lambda: unbake(image), lambda: bake(image, {"a": "]]>"}),
                   lambda: bake(image, "a.b.c")):
        with contextlib.suppress(OpenBadgeError):  # anything else fails the test
            action()
