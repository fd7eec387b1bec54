"""Content sniffing: is this a PNG, an SVG, or neither?  Decided by the bytes, never by
a file name.

PNG: the 8-byte signature.  SVG: an XML prolog (optional UTF-8 byte order mark, XML
declaration, comments, processing instructions, a DOCTYPE) followed by a root element
whose local name is ``svg``.  Only the first :data:`SNIFF_WINDOW` bytes are looked at.
Sniffing says what a file claims to be; the PNG and SVG readers still check it all.
"""

from __future__ import annotations

import re

from .extracted import ImageFormat

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: how far into the data sniffing looks for the SVG root element
SNIFF_WINDOW = 1024 * 1024
_UTF8_BOM = b"\xef\xbb\xbf"
_NAME = re.compile(rb"[^\s/>]+")


def _skip_doctype(data: bytes, i: int) -> int:
    """Index after a ``<!DOCTYPE ...>`` starting at ``i``, or -1 if it does not end."""
    depth = 0
    quote = 0
    for j in range(i + 9, len(data)):
        c = data[j]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):  # " '
            quote = c
        elif c == 0x5B:  # [
            depth += 1
        elif c == 0x5D:  # ]
            depth -= 1
        elif c == 0x3E and depth <= 0:  # >
            return j + 1
    return -1


def _root_is_svg(head: bytes) -> bool | None:
    """True/False once the root element's name is seen in ``head``; None if ``head``
    ends before that."""
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM):]
    i, n = 0, len(head)
    while i < n:
        if head[i] in b" \t\r\n":
            i += 1
            continue
        if head.startswith(b"<?", i):
            end = head.find(b"?>", i + 2)
            i = -1 if end < 0 else end + 2
        elif head.startswith(b"<!--", i):
            end = head.find(b"-->", i + 4)
            i = -1 if end < 0 else end + 3
        elif head.startswith(b"<!DOCTYPE", i):
            i = _skip_doctype(head, i)
        elif head.startswith(b"<", i):
            name = _NAME.match(head, i + 1)
            if name is None:
                return None if i + 1 >= n else False
            if name.end() == n:
                return None  # the name may go on past this window
            return name.group().rsplit(b":", 1)[-1] == b"svg"
        else:
            return False
        if i < 0:
            return None
    return None


def sniff(data: bytes | bytearray | memoryview) -> ImageFormat | None:
    """Return ``"png"``, ``"svg"`` or ``None`` from the content of ``data``."""
    if bytes(data[:8]) == PNG_SIGNATURE:
        return "png"
    window = 4096
    while True:  # copy a small head first, more only while the prolog goes on
        window = min(window, SNIFF_WINDOW)
        verdict = _root_is_svg(bytes(data[:window]))
        if verdict is not None:
            return "svg" if verdict else None
        if window >= SNIFF_WINDOW or window >= len(data):
            return None
        window *= 4
