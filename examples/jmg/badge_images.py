"""Badge images drawn from nothing: a small PNG writer (zlib + CRC) and an SVG template.

The PNG is a coloured medal with a ring and two ribbon tails on a transparent
background; no text, no fonts, no network.  The SVG draws the same shape with the
badge name underneath (escaped).  Both are ready for ``openbadge_kit.bake.bake``.
"""

from __future__ import annotations

import math
import struct
import zlib
from xml.sax.saxutils import escape


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def _pixel(x: float, y: float, size: int, base: tuple[int, int, int]) -> tuple[int, ...]:
    cx, cy, r = size / 2, size * 0.42, size * 0.36
    d = math.hypot(x - cx, y - cy)
    white, dark = (255, 255, 255), _mix(base, (0, 0, 0), 0.35)
    if d <= r:
        if d > r * 0.86:
            return (*dark, 255)  # outer ring
        if d > r * 0.80:
            return (*white, 255)  # thin white ring
        shade = 0.25 * (1 - (y - (cy - r)) / (2 * r))  # light from the top
        return (*_mix(base, white, shade), 255)
    # two ribbon tails below the medal
    top = cy + r * 0.55
    if top <= y <= size * 0.97:
        depth = (y - top) / (size * 0.97 - top)
        for side in (-1, 1):
            left = cx + side * r * 0.55 - r * 0.22 + side * depth * r * 0.18
            notch = abs(x - (left + r * 0.22)) < r * 0.22 * depth * 0.9 and depth > 0.85
            if left <= x <= left + r * 0.44 and not notch:
                return (*dark, 255)
    return (0, 0, 0, 0)


def badge_png(color: str, size: int = 256) -> bytes:
    """A ``size`` x ``size`` RGBA PNG medal in ``color`` (``#rrggbb``)."""
    if not 16 <= size <= 2048:
        raise ValueError("size must be between 16 and 2048 pixels")
    base = _rgb(color)
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter type None
        for x in range(size):
            rows.extend(_pixel(x + 0.5, y + 0.5, size, base))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + _chunk(b"IEND", b""))


def badge_svg(name: str, color: str, size: int = 256) -> bytes:
    """An SVG medal in ``color`` with ``name`` written under it."""
    base = _rgb(color)
    fill = _hex(base)
    dark = _hex(_mix(base, (0, 0, 0), 0.35))
    label = escape(name)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size + 40}"
     viewBox="0 0 256 296" role="img" aria-label="{escape(name, {'"': '&quot;'})} badge">
  <title>{label}</title>
  <path d="M88 150 L70 250 L96 236 L110 262 L124 160 Z" fill="{dark}"/>
  <path d="M168 150 L186 250 L160 236 L146 262 L132 160 Z" fill="{dark}"/>
  <circle cx="128" cy="108" r="92" fill="{dark}"/>
  <circle cx="128" cy="108" r="80" fill="#ffffff"/>
  <circle cx="128" cy="108" r="74" fill="{fill}"/>
  <text x="128" y="284" text-anchor="middle" font-family="sans-serif" font-size="18"
        fill="#24292f">{label}</text>
</svg>
""".encode()
