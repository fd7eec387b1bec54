"""Make untrusted credential values safe to show: text, links and embedded images.

Everything a credential says is hostile until proven otherwise.  These helpers never
raise on odd input; they return something inert instead:

* :func:`clean_text` strips bidirectional controls (right-to-left override tricks) and
  other control characters, and shortens text over a bound (``…`` marks the cut).
  HTML escaping is left to the template engine's autoescaping.
* :func:`safe_link` returns a URL only when it is an absolute ``http(s)`` URL with a host
  and no whitespace or control characters; anything else (``javascript:``, ``data:``,
  relative, malformed) gives ``None`` and is shown as text, never as a link.
* :func:`image_data_uri` turns image bytes or a ``data:`` URI into a re-encoded
  ``data:image/...;base64,`` URI, only for PNG, SVG, JPEG, GIF and WebP whose bytes
  match the claimed type.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from urllib.parse import unquote_to_bytes, urlsplit

#: default bound for short values (names, ids, codes), in characters
SHORT = 300
#: default bound for long values (descriptions, narratives, messages), in characters
LONG = 4000
#: longest URL turned into a link
MAX_URL = 2048
#: largest image embedded in a page, in bytes (larger ones give the placeholder)
MAX_IMAGE_BYTES = 4 * 1024 * 1024

#: bidirectional formatting characters (embeddings, overrides, isolates, marks)
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: control characters except tab and newline, and Unicode line/paragraph separators
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")

#: MIME type -> how the bytes of such an image start
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg", "image/gif", "image/webp")


def clean_text(value: object, limit: int = SHORT) -> str:
    """``value`` as display text: no bidi or control characters, at most ``limit`` chars.

    Non-strings are shown by their ``str`` (numbers) or as an empty string (``None``).
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit * 4:  # do not normalise megabytes only to cut them
        text = text[: limit * 4]
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", _BIDI.sub("", text))
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


def safe_link(value: object) -> str | None:
    """The URL if it may be a link (absolute ``http``/``https`` with a host), else ``None``."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL:
        return None
    if value != value.strip() or _CONTROL.search(value) or _BIDI.search(value) \
            or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    del port
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "\\" in value or "<" in value or ">" in value or '"' in value:
        return None
    return value


def sniff_image(data: bytes) -> str | None:
    """The MIME type of image ``data`` by content (one of :data:`IMAGE_TYPES`), or ``None``."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    from ..bake.sniff import sniff

    try:
        if sniff(data) == "svg":
            return "image/svg+xml"
    except Exception:  # a hostile prolog is simply "not an image we embed"
        return None
    return None


def image_data_uri(image: bytes | str | None) -> str | None:
    """A ``data:`` URI for image bytes or a ``data:`` URI, or ``None`` if it is not safe.

    The bytes must be one of :data:`IMAGE_TYPES` (checked by content, and against the
    type a ``data:`` URI claims) and at most :data:`MAX_IMAGE_BYTES`; the URI is always
    rebuilt as ``data:<type>;base64,<data>``.
    """
    if image is None:
        return None
    claimed: str | None = None
    if isinstance(image, str):
        decoded = _decode_data_uri(image)
        if decoded is None:
            return None
        claimed, data = decoded
    else:
        data = bytes(image)
    if not data or len(data) > MAX_IMAGE_BYTES:
        return None
    kind = sniff_image(data)
    if kind is None or (claimed is not None and claimed != kind):
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _decode_data_uri(uri: str) -> tuple[str, bytes] | None:
    """(MIME type, bytes) of a ``data:`` URI naming an allowed image type, else ``None``."""
    if len(uri) > MAX_IMAGE_BYTES * 2 or uri[:5].lower() != "data:" or "," not in uri:
        return None
    head, _, body = uri[5:].partition(",")
    params = [p.strip().lower() for p in head.split(";")]
    mime = params[0]
    if mime not in IMAGE_TYPES:
        return None
    try:
        if "base64" in params[1:]:
            data = base64.b64decode("".join(body.split()), validate=True)
        else:
            data = unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return None
    return mime, data
