"""Hostile images: each one a clear library error, with no network and bounded memory."""

from __future__ import annotations

import socket
import struct
import tracemalloc
import zlib
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.bake import bake, unbake
from openbadge_kit.errors import (
    AmbiguousCredentialError,
    ImageFormatError,
    InputTooLargeError,
    InvalidInputError,
    NoCredentialFoundError,
    OpenBadgeError,
)
from openbadge_kit.limits import Limits

from .helpers import PNG_SIGNATURE, chunk, ihdr, itxt, minimal_png

OB3 = "https://purl.imsglobal.org/ob/v3p0"
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"
BAKED_PNG = minimal_png(itxt(b"openbadgecredential", JWS.encode()))


# --- PNG ------------------------------------------------------------------------------------


def test_every_truncation_of_a_png_is_an_image_error() -> None:
    for size in range(len(BAKED_PNG)):
        with pytest.raises(ImageFormatError):
            unbake(BAKED_PNG[:size])
        with pytest.raises(ImageFormatError):
            bake(BAKED_PNG[:size], JWS)


def test_a_flipped_bit_in_any_chunk_is_caught_by_its_crc() -> None:
    for offset in range(8, len(BAKED_PNG)):
        damaged = bytearray(BAKED_PNG)
        damaged[offset] ^= 0x01
        with pytest.raises(ImageFormatError) as info:
            unbake(bytes(damaged))
        # a flipped length is caught by the length or CRC check, a flipped type by either
        assert info.value.code in ("png_crc", "png_chunk_length", "png_chunk_type",
                                   "png_truncated", "png_no_ihdr"), offset


def test_bad_crc_is_named() -> None:
    good = itxt(b"openbadgecredential", JWS.encode())
    bad = good[:-4] + struct.pack(">I", (struct.unpack(">I", good[-4:])[0] + 1) & 0xFFFFFFFF)
    with pytest.raises(ImageFormatError) as info:
        unbake(minimal_png(bad))
    assert info.value.code == "png_crc"
    assert "CRC mismatch in chunk iTXt" in str(info.value)


@pytest.mark.parametrize("declared", [1 << 30, 0xFFFFFFFF, 0x7FFFFFFF, 5000])
def test_declared_length_beyond_the_file_fails_before_reading(declared: int) -> None:
    header = struct.pack(">I", declared) + b"iTXt" + b"openbadgecredential\x00\x00\x00\x00\x00"
    hostile = PNG_SIGNATURE + ihdr() + header + b"x" * 100
    tracemalloc.start()
    try:
        with pytest.raises(ImageFormatError) as info:
            unbake(hostile)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.code == "png_chunk_length"
    assert peak < 1 << 20


def test_declared_payload_over_the_limit_is_refused_from_the_header() -> None:
    hostile = minimal_png(itxt(b"openbadgecredential", b"{" + b" " * 5000 + b"}"))
    with pytest.raises(InputTooLargeError) as info:
        unbake(hostile, limits=Limits(max_payload_bytes=4096))
    assert info.value.code == "payload_too_large"


def test_zlib_bomb_in_compressed_itxt_is_bounded() -> None:
    bomb = zlib.compress(b"{" + b" " * (64 * 1024 * 1024), 9)  # 64 MiB inflates from ~64 KiB
    hostile = minimal_png(chunk(b"iTXt", b"openbadgecredential\x00\x01\x00\x00\x00" + bomb))
    limits = Limits(max_payload_bytes=1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError):
            unbake(hostile, limits=limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * limits.max_payload_bytes
    with pytest.raises(InputTooLargeError):
        unbake(hostile)  # the default limit stops it too


def test_corrupt_compressed_text_is_an_image_error() -> None:
    for body in (b"not zlib", zlib.compress(b'{"a":1}')[:-3]):
        with pytest.raises(ImageFormatError):
            unbake(minimal_png(chunk(b"iTXt", b"openbadgecredential\x00\x01\x00\x00\x00" + body)))


@pytest.mark.parametrize("data", [
    b"", b"GIF89a", b"\x89PNG", PNG_SIGNATURE, b"\xff\xd8\xff\xe0 jpeg", b"%PDF-1.7",
    PNG_SIGNATURE + chunk(b"IDAT", b""),  # no IHDR
    PNG_SIGNATURE + ihdr() + chunk(b"bad!", b""),  # invalid chunk type
    PNG_SIGNATURE + ihdr(),  # no IEND
])
def test_not_a_png_or_a_broken_one(data: bytes) -> None:
    with pytest.raises(ImageFormatError):
        unbake(data)
    with pytest.raises(ImageFormatError):
        bake(data, JWS)


def test_image_size_limit_for_bytes_and_paths(tmp_path: Path) -> None:
    limits = Limits(max_image_bytes=100)
    big = minimal_png(chunk(b"tEXt", b"c\x00" + b"x" * 200))
    path = tmp_path / "big.png"
    path.write_bytes(big)
    for image in (big, path):
        with pytest.raises(InputTooLargeError) as info:
            unbake(image, limits=limits)
        assert info.value.code == "image_too_large"
        with pytest.raises(InputTooLargeError):
            bake(image, JWS, limits=limits)


def test_unreadable_paths_are_input_errors(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.png", tmp_path):
        with pytest.raises(InvalidInputError) as info:
            unbake(path)
        assert info.value.code == "file_unreadable"
    with pytest.raises(InvalidInputError):
        unbake(12345)  # type: ignore[arg-type]


# --- SVG ------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0">
<o:credential>&lol9;</o:credential></svg>"""


def _doctype_svg(subset: str, body: str = "&x;") -> bytes:
    return (f'<!DOCTYPE svg [{subset}]><svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:o="{OB3}"><o:credential>{body}</o:credential></svg>').encode()


@pytest.fixture
def listener() -> Any:
    """A loopback socket that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def _assert_nobody_connected(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


def _hostile_svgs(port: int) -> dict[str, bytes]:
    return {
        "billion laughs": BILLION_LAUGHS,
        "xxe file": _doctype_svg('<!ENTITY x SYSTEM "file:///etc/passwd">'),
        "xxe http": _doctype_svg(f'<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">'),
        "xxe http remote": _doctype_svg('<!ENTITY x SYSTEM "http://198.51.100.7/x">'),
        "parameter entity": _doctype_svg(
            f'<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p.dtd"> %p;', body="{}"),
        "parameter entity inline": _doctype_svg(
            '<!ENTITY % q "<!ENTITY x \'boom\'>"> %q;'),
        "unparsed entity": _doctype_svg(
            f'<!NOTATION n SYSTEM "x"><!ENTITY u SYSTEM "http://127.0.0.1:{port}/u" NDATA n>',
            body="{}"),
        "internal entity": _doctype_svg('<!ENTITY x "{}">'),
    }


@pytest.mark.parametrize("name", list(_hostile_svgs(0)))
def test_entity_attacks_are_refused_without_network(name: str, listener: socket.socket,
                                                   socket_log: list[Any]) -> None:
    data = _hostile_svgs(listener.getsockname()[1])[name]
    for action in (lambda: unbake(data), lambda: bake(data, JWS)):
        with pytest.raises(ImageFormatError) as info:
            action()
        assert info.value.code in ("svg_entities_forbidden", "svg_external_reference"), info.value
    assert socket_log == []
    _assert_nobody_connected(listener)


def test_external_dtd_is_never_fetched(listener: socket.socket, socket_log: list[Any]) -> None:
    port = listener.getsockname()[1]
    data = (f'<!DOCTYPE svg PUBLIC "-//x//y" "http://127.0.0.1:{port}/svg.dtd">'
            '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>').encode()
    with pytest.raises(NoCredentialFoundError):
        unbake(data)
    assert unbake(bake(data, JWS)).payload == JWS
    assert socket_log == []
    _assert_nobody_connected(listener)


def test_huge_svg_is_refused_by_size() -> None:
    huge = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * (2 << 20) + b"</svg>"
    with pytest.raises(InputTooLargeError):
        unbake(huge, limits=Limits(max_image_bytes=1 << 20))


def test_deeply_nested_svg_is_handled_without_recursion() -> None:
    depth = 100_000
    deep = (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * depth
            + f'<o:credential xmlns:o="{OB3}" verify="{JWS}"/>'.encode()
            + b"</g>" * depth + b"</svg>")
    assert unbake(deep).payload == JWS
    assert unbake(bake(deep, {"a": 1})).payload == '{"a":1}'


@pytest.mark.parametrize("data", [
    b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>",
    b"<svg xmlns='http://www.w3.org/2000/svg'>",
    b"<svg xmlns='http://www.w3.org/2000/svg'></svg><svg/>",
    b"<svg xmlns='http://www.w3.org/2000/svg'><o:credential/></svg>",  # unbound prefix
    b"<svg xmlns='http://www.w3.org/2000/svg' a='1' a='2'/>",
    b"<svg xmlns='http://example.org/not-svg'/>",
    b"<svg xmlns='http://www.w3.org/2000/svg'>\x00</svg>",
])
def test_malformed_svg_is_an_image_error(data: bytes) -> None:
    with pytest.raises(ImageFormatError):
        unbake(data)
    with pytest.raises(ImageFormatError):
        bake(data, JWS)


def test_errors_are_library_errors_with_codes() -> None:
    for data in (BILLION_LAUGHS, BAKED_PNG[:40], b"junk"):
        with pytest.raises(OpenBadgeError) as info:
            unbake(data)
        assert info.value.code and info.value.code != "error"


# --- repetition bombs: memory stays bounded whatever a file repeats --------------------------


def _peak(func: Any) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_png_of_many_tiny_chunks_bakes_in_bounded_memory() -> None:
    many = minimal_png(*[chunk(b"teSt", b"")] * 100_000)  # 1.2 MB of 12-byte chunks
    baked_peak = _peak(lambda: bake(many, JWS))
    assert baked_peak < 2 * len(many) + (1 << 20)
    alternating = [itxt(b"openbadgecredential", b"{}"), chunk(b"teSt", b"")] * 20_000
    carriers = minimal_png(*alternating)
    with pytest.raises(AmbiguousCredentialError) as info:
        unbake(carriers)
    assert "20000 credential carriers" in str(info.value)
    assert _peak(lambda: bake(carriers, JWS)) < 3 * len(carriers) + (1 << 20)
    assert unbake(bake(carriers, JWS)).payload == JWS


def test_svg_repetitions_stay_bounded() -> None:
    head = f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="{OB3}">'.encode()
    carriers = head + b'<o:credential verify="a.b.c"/>' * 100_000 + b"</svg>"
    with pytest.raises(AmbiguousCredentialError):
        unbake(carriers)
    with pytest.raises(ImageFormatError) as info:
        bake(carriers, JWS)
    assert info.value.code == "svg_too_many_carriers"
    handlers = head + b'<g onclick="x"/>' * 100_000 + b"</svg>"
    with pytest.raises(ImageFormatError) as info:
        bake(handlers, JWS)
    assert "and 99995 more" in str(info.value)
    # every name distinct: expat keeps a table of element and attribute names (about 6x
    # the input here, in C); the Python side must add no more than that
    unique = head + b"".join(f"<e{i} a{i}='1'/>".encode() for i in range(100_000)) + b"</svg>"
    assert _peak(lambda: bake(unique, JWS)) < 8 * len(unique)


@pytest.mark.parametrize("encoding", ["u9f-8", "x-no-such-codec", "shift_jis"])
def test_unusable_declared_encodings_are_image_errors(encoding: str) -> None:
    data = (f'<?xml version="1.0" encoding="{encoding}"?>'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="{OB3}">'
            f'<o:credential verify="{JWS}"/></svg>').encode()
    for action in (lambda: unbake(data), lambda: bake(data, JWS)):
        with pytest.raises(ImageFormatError) as info:
            action()
        assert info.value.code == "svg_encoding"
