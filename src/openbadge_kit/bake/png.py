"""Baking into and extracting from PNG files, at chunk level (no image decoding).

A PNG is an 8-byte signature and a list of chunks: ``length`` (4 bytes, big-endian, data
only), ``type`` (4 ASCII letters), ``data``, ``CRC-32`` over type and data.  Reading
checks every chunk: its length against the end of the file, its type, its CRC, that
``IHDR`` comes first and that ``IEND`` ends the list.  A credential payload's declared
length is compared with ``Limits.max_payload_bytes`` before the payload is decoded, and
compressed text is inflated with a bound.

Baking writes one uncompressed ``iTXt`` chunk right after ``IHDR`` and drops every other
credential carrier (OB 3.0, CLR and OB 2.0), so an image never carries two; all other
chunks, and any bytes after ``IEND``, are copied byte for byte.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import NamedTuple

from ..errors import (
    AmbiguousCredentialError,
    ImageFormatError,
    InputTooLargeError,
    NoCredentialFoundError,
)
from ..limits import Limits
from .extracted import Extracted, ObVersion
from .payload import PNG_KEYWORDS, Target, check_payload_size, classify
from .sniff import PNG_SIGNATURE

_MAX_CHUNK_LENGTH = 2**31 - 1  # PNG spec: lengths are at most 2^31 - 1
_TEXT_TYPES = (b"tEXt", b"iTXt", b"zTXt")
_KEYWORD_MAX = 79


class Chunk(NamedTuple):
    """One chunk's place in the file: ``start`` is its length field, ``end`` is after its CRC."""

    # a NamedTuple rather than a frozen dataclass: the class is built on every cold start,
    # and a dataclass's generated methods cost ~0.5 ms each time (issue #7)
    type: bytes
    start: int
    length: int

    @property
    def data_start(self) -> int:
        """Offset of the first data byte."""
        return self.start + 8

    @property
    def end(self) -> int:
        """Offset just after the CRC."""
        return self.start + 12 + self.length


def _corrupt(message: str, code: str = "png_corrupt") -> ImageFormatError:
    return ImageFormatError(f"invalid PNG: {message}", code=code)


def iter_chunks(data: memoryview) -> Iterator[Chunk]:
    """Yield every chunk up to and including ``IEND``, checking each one.

    Raises ``ImageFormatError`` for a bad signature, a truncated file, a length beyond the
    end of the file, an invalid chunk type, a CRC mismatch, or a missing ``IHDR``/``IEND``.
    """
    if bytes(data[:8]) != PNG_SIGNATURE:
        raise _corrupt("missing PNG signature", "image_unrecognized")
    pos, size, first = 8, len(data), True
    while True:
        if pos + 12 > size:
            raise _corrupt(f"truncated at byte {pos}: no IEND chunk", "png_truncated")
        length, ctype = struct.unpack_from(">I4s", data, pos)
        if length > _MAX_CHUNK_LENGTH:
            raise _corrupt(f"chunk at byte {pos} declares {length} bytes, over 2^31-1",
                           "png_chunk_length")
        if pos + 12 + length > size:
            raise _corrupt(
                f"chunk {ctype!r} at byte {pos} declares {length} bytes, beyond the end of "
                f"the {size}-byte file", "png_chunk_length")
        if not ctype.isalpha():  # bytes.isalpha: ASCII letters only
            raise _corrupt(f"invalid chunk type {ctype!r} at byte {pos}", "png_chunk_type")
        crc_at = pos + 8 + length
        (stored,) = struct.unpack_from(">I", data, crc_at)
        if zlib.crc32(data[pos + 4:crc_at]) != stored:
            raise _corrupt(f"CRC mismatch in chunk {ctype.decode()} at byte {pos}", "png_crc")
        if first and (ctype != b"IHDR" or length != 13):
            raise _corrupt("the first chunk is not a 13-byte IHDR", "png_no_ihdr")
        first = False
        chunk = Chunk(ctype, pos, length)
        yield chunk
        if ctype == b"IEND":
            return
        pos = chunk.end


def _keyword(data: memoryview, chunk: Chunk) -> bytes | None:
    """The keyword of a text chunk (read from at most 80 bytes), or None if it has none."""
    head = bytes(data[chunk.data_start:chunk.data_start + min(chunk.length, _KEYWORD_MAX + 1)])
    nul = head.find(b"\x00")
    return head[:nul] if nul > 0 else None


def _carrier_keyword(data: memoryview, chunk: Chunk) -> bytes | None:
    if chunk.type not in _TEXT_TYPES:
        return None
    keyword = _keyword(data, chunk)
    return keyword if keyword in PNG_KEYWORDS else None


def _inflate(compressed: memoryview, limits: Limits, carrier: str) -> bytes:
    """Decompress zlib data, never producing more than the payload limit."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(compressed, limits.max_payload_bytes + 1)
    except zlib.error as exc:
        raise _corrupt(f"the {carrier} chunk's compressed text is invalid ({exc})",
                       "png_text_invalid") from None
    if len(out) > limits.max_payload_bytes or inflater.unconsumed_tail:
        raise InputTooLargeError(
            f"the {carrier} chunk inflates to more than {limits.max_payload_bytes} bytes",
            code="payload_too_large",
        )
    if not inflater.eof:
        raise _corrupt(f"the {carrier} chunk's compressed text is truncated",
                       "png_text_invalid")
    return out


def _decode_text(raw: bytes, strict_utf8: bool, carrier: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if strict_utf8:
            raise _corrupt(f"the {carrier} text is not valid UTF-8 (byte {exc.start})",
                           "payload_invalid_utf8") from None
        return raw.decode("latin-1")  # tEXt/zTXt are Latin-1 by the PNG spec


def _read_text(data: memoryview, chunk: Chunk, keyword: bytes, limits: Limits,
               carrier: str) -> str:
    """Decode the text of a carrier chunk, checking its declared size first."""
    body_start = chunk.data_start + len(keyword) + 1
    body_len = chunk.end - 4 - body_start
    if chunk.type == b"tEXt":
        check_payload_size(body_len, limits, carrier)
        return _decode_text(bytes(data[body_start:body_start + body_len]), False, carrier)
    if chunk.type == b"zTXt":
        if body_len < 1 or data[body_start] != 0:
            raise _corrupt(f"the {carrier} chunk uses an unknown compression method",
                           "png_text_invalid")
        raw = _inflate(data[body_start + 1:body_start + body_len], limits, carrier)
        return _decode_text(raw, False, carrier)
    # iTXt: flag, method, language tag \0, translated keyword \0, text
    head = bytes(data[body_start:body_start + min(body_len, 2 + 2 * 1024)])
    if len(head) < 4 or head[0] not in (0, 1):
        raise _corrupt(f"the {carrier} chunk has a bad iTXt header", "png_text_invalid")
    lang_end = head.find(b"\x00", 2)
    trans_end = head.find(b"\x00", lang_end + 1) if lang_end >= 0 else -1
    if trans_end < 0:
        raise _corrupt(f"the {carrier} chunk has a bad iTXt header", "png_text_invalid")
    text_start = body_start + trans_end + 1
    text_len = body_start + body_len - text_start
    if head[0] == 1:
        if head[1] != 0:
            raise _corrupt(f"the {carrier} chunk uses an unknown compression method",
                           "png_text_invalid")
        raw = _inflate(data[text_start:text_start + text_len], limits, carrier)
    else:
        check_payload_size(text_len, limits, carrier)
        raw = bytes(data[text_start:text_start + text_len])
    return _decode_text(raw, True, carrier)


def extract(data: memoryview, limits: Limits) -> Extracted:
    """Find the one credential carrier in a PNG and return its payload.

    Raises ``ImageFormatError`` (corrupt PNG or unrecognisable payload),
    ``NoCredentialFoundError``, ``AmbiguousCredentialError`` or ``InputTooLargeError``.
    """
    found: list[tuple[Chunk, bytes]] = []  # the first two: enough to report ambiguity
    count = 0
    for chunk in iter_chunks(data):  # every chunk's CRC is checked, even after a carrier
        keyword = _carrier_keyword(data, chunk)
        if keyword is not None:
            count += 1
            if len(found) < 2:
                found.append((chunk, keyword))
    if not found:
        raise NoCredentialFoundError("the PNG image carries no credential",
                                     code="no_credential")
    if count > 1:
        listed = ", ".join(f"{c.type.decode()} {k.decode()} at byte {c.start}" for c, k in found)
        raise AmbiguousCredentialError(
            f"the PNG image has {count} credential carriers ({listed}"
            f"{', ...' if count > 2 else ''}); refusing to pick one",
            code="ambiguous_credential")
    chunk, keyword = found[0]
    carrier = f"{chunk.type.decode()} {keyword.decode()}"
    ob_version: ObVersion = PNG_KEYWORDS[keyword]
    text = _read_text(data, chunk, keyword, limits, carrier)
    kind, payload = classify(text, ob_version, carrier)
    return Extracted("png", kind, payload, ob_version, carrier)


def itxt_chunk(keyword: bytes, text: str) -> bytes:
    """An uncompressed ``iTXt`` chunk with empty language tag and translated keyword."""
    body = b"iTXt" + keyword + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")
    length = len(body) - 4
    if length > _MAX_CHUNK_LENGTH:
        raise InputTooLargeError("payload too large for one PNG chunk", code="payload_too_large")
    return struct.pack(">I", length) + body + struct.pack(">I", zlib.crc32(body))


def bake(data: memoryview, text: str, target: Target) -> bytes:
    """Return the PNG with ``text`` in one ``iTXt`` chunk right after ``IHDR``.

    Every existing credential carrier is dropped; every other byte is kept as it was.
    Kept chunks are copied as contiguous runs, so a file of many tiny chunks costs no
    more memory than one of a few large ones.
    """
    out = _Output()
    run_start = 0  # start of the current run of kept bytes
    for chunk in iter_chunks(data):
        if chunk.type == b"IHDR":
            out.add(data[:chunk.end])
            out.add(itxt_chunk(target.png_keyword, text))
            run_start = chunk.end
        elif _carrier_keyword(data, chunk) is not None:
            out.add(data[run_start:chunk.start])
            run_start = chunk.end
    out.add(data[run_start:])  # through IEND and any bytes after it
    return out.getvalue()


class _Output:
    """Pieces of the output, joined once at the end; a file that alternates thousands of
    kept chunks and carriers is folded into a buffer as it goes instead."""

    _FOLD_AT = 256

    def __init__(self) -> None:
        self.parts: list[bytes | memoryview] = []
        self.folded = bytearray()

    def add(self, piece: bytes | memoryview) -> None:
        if len(piece):
            self.parts.append(piece)
            if len(self.parts) >= self._FOLD_AT:
                self.folded += b"".join(self.parts)
                self.parts.clear()

    def getvalue(self) -> bytes:
        if not self.folded:
            return b"".join(self.parts)
        self.folded += b"".join(self.parts)
        return bytes(self.folded)
