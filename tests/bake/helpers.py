"""Shared helpers for the baking tests: vector paths and a tiny PNG writer."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(ctype: bytes, data: bytes) -> bytes:
    """One PNG chunk with a correct CRC."""
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def ihdr(width: int = 1, height: int = 1) -> bytes:
    """A valid IHDR chunk (8-bit greyscale)."""
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))


def minimal_png(*extra: bytes, width: int = 1, height: int = 1) -> bytes:
    """A decodable greyscale PNG with ``extra`` chunks between IHDR and IDAT."""
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (PNG_SIGNATURE + ihdr(width, height) + b"".join(extra)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def itxt(keyword: bytes, text: bytes, *, compressed: bool = False) -> bytes:
    """An iTXt chunk; ``text`` is zlib-compressed when ``compressed``."""
    body = zlib.compress(text) if compressed else text
    flag = b"\x01\x00" if compressed else b"\x00\x00"
    return chunk(b"iTXt", keyword + b"\x00" + flag + b"\x00\x00" + body)


def text_chunk(keyword: bytes, text: bytes) -> bytes:
    """A tEXt chunk."""
    return chunk(b"tEXt", keyword + b"\x00" + text)
