"""The bitstring codec of Bitstring Status List v1.0 and StatusList2021.

A status list is a run of bits, one (or ``size``) per credential, read MSB-first: bit
``i`` is ``(byte[i // 8] >> (7 - i % 8)) & 1``.  On the wire it is GZIP-compressed and
base64url-encoded without padding; Bitstring Status List adds the multibase prefix
``u``, StatusList2021 does not.  Decoding is bounded: the decompressed size is capped
by ``limits.max_status_list_bytes`` before the data is inflated in full, so a small
"zip bomb" cannot exhaust memory.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import zlib

from ..errors import StatusListError
from ..limits import DEFAULT_LIMITS, Limits

#: smallest list the Bitstring Status List spec allows, in bits (16 KiB)
MIN_LIST_BITS = 131_072

_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=")


def encode_bitstring(bits: bytes) -> str:
    """``encodedList`` for ``bits``: ``"u"`` + base64url-no-pad(GZIP(bits)).

    The GZIP header carries no timestamp, so the same bits always encode the same way.
    """
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    if not text or any(c not in _B64_CHARS for c in text):
        raise StatusListError(
            "encodedList is not base64url text", code="status_list_encoding"
        )
    body = text.rstrip("=").replace("+", "-").replace("/", "_")
    if len(body) % 4 == 1:
        raise StatusListError("encodedList has an impossible base64 length",
                              code="status_list_encoding")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise StatusListError("encodedList is not base64url text",
                              code="status_list_encoding") from None


def _bounded_gunzip(data: bytes, max_bytes: int) -> bytes:
    # wbits 16+MAX_WBITS: gzip framing only (a bare zlib stream is refused)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = io.BytesIO()
    chunk = data
    try:
        while chunk:
            piece = inflater.decompress(chunk, max_bytes + 1 - out.tell())
            out.write(piece)
            if out.tell() > max_bytes:
                raise StatusListError(
                    f"status list decompresses to more than {max_bytes} bytes",
                    code="status_list_too_large",
                )
            chunk = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error as exc:
        raise StatusListError(f"encodedList is not valid GZIP data ({exc})",
                              code="status_list_encoding") from None
    if not inflater.eof:
        raise StatusListError("encodedList GZIP data is truncated",
                              code="status_list_encoding")
    if inflater.unused_data:
        raise StatusListError("encodedList has data after the GZIP stream",
                              code="status_list_encoding")
    return out.getvalue()


def decode_bitstring(encoded: str, *, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The raw bits of an ``encodedList`` (multibase ``u...`` or plain base64url).

    Raises :class:`~openbadge_kit.errors.StatusListError` (code ``status_list_encoding``
    or ``status_list_too_large``) for anything that is not a bounded GZIP bitstring.
    """
    if not isinstance(encoded, str):
        raise StatusListError("encodedList must be a string", code="status_list_encoding")
    # a GZIP stream always starts 1f 8b, i.e. base64 "H4sI"; multibase adds "u" in front
    text = encoded[1:] if encoded.startswith("u") else encoded
    # base64 expands by 4/3 and deflate compresses at most ~1032:1; refuse text that
    # could not possibly be a list within the limit before decoding it
    if len(text) > limits.max_status_list_bytes:
        raise StatusListError(
            f"encodedList is {len(text)} characters, over the limit of "
            f"{limits.max_status_list_bytes}",
            code="status_list_too_large",
        )
    return _bounded_gunzip(_b64decode(text), limits.max_status_list_bytes)


def _entry_start(nbytes: int, index: int, size: int) -> int:
    """First bit position of entry ``index``; StatusListError when out of range."""
    if size < 1:
        raise StatusListError(f"status size must be at least 1, not {size}",
                              code="status_list_size")
    if index < 0:
        raise StatusListError(f"status index {index} is negative", code="status_list_range")
    start = index * size
    if start + size > nbytes * 8:
        raise StatusListError(
            f"status index {index} is outside a list of {nbytes * 8 // size} entries",
            code="status_list_range",
        )
    return start


def get_bit(bits: bytes, index: int, size: int = 1) -> int:
    """The status value at ``index`` (``size`` bits wide, MSB-first, read left to right).

    Raises :class:`~openbadge_kit.errors.StatusListError` (code ``status_list_range``)
    when the entry lies outside the list.
    """
    start = _entry_start(len(bits), index, size)
    value = 0
    for pos in range(start, start + size):
        value = (value << 1) | ((bits[pos // 8] >> (7 - pos % 8)) & 1)
    return value


def set_bit(bits: bytearray, index: int, value: int = 1, size: int = 1) -> None:
    """Write the status ``value`` at ``index`` in place (``size`` bits, MSB-first)."""
    start = _entry_start(len(bits), index, size)
    if value < 0 or value >= 1 << size:
        raise StatusListError(f"status value {value} does not fit in {size} bit(s)",
                              code="status_list_size")
    for offset in range(size):
        pos = start + offset
        bit = (value >> (size - 1 - offset)) & 1
        mask = 1 << (7 - pos % 8)
        if bit:
            bits[pos // 8] |= mask
        else:
            bits[pos // 8] &= ~mask & 0xFF
