"""Baked badges: Open Badges credentials inside PNG and SVG images.

``bake(image, credential)`` returns the image bytes with the credential embedded;
``unbake(image)`` returns an :class:`Extracted` describing the one credential an image
carries (Open Badges 3.0, CLR 2.0, or a legacy Open Badges 2.0 assertion);
``sniff(data)`` tells a PNG from an SVG by content.  Bad images raise
``ImageFormatError``, images without a credential ``NoCredentialFoundError``, images
with more than one ``AmbiguousCredentialError`` and oversized input
``InputTooLargeError`` (all in :mod:`openbadge_kit.errors`).  See ``docs/baking.md``.
"""

from __future__ import annotations

from typing import Any

from .._callable_package import make_package_callable
from ..errors import ImageFormatError
from ..limits import DEFAULT_LIMITS, Limits
from . import png
from .extracted import Extracted, ImageFormat, ObVersion, PayloadKind
from .payload import prepare
from .sniff import sniff
from .source import ImageInput, read_image

__all__ = [
    "Extracted",
    "ImageFormat",
    "ImageInput",
    "ObVersion",
    "PayloadKind",
    "bake",
    "sniff",
    "unbake",
]


def _format(data: memoryview) -> ImageFormat:
    kind = sniff(data)
    if kind is None:
        raise ImageFormatError("not a PNG or SVG image (judged by content, not file name)",
                               code="image_unrecognized")
    return kind


def unbake(image: ImageInput, *, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Extract the credential carried by a PNG or SVG badge image (bytes or a path).

    The payload is returned as text, not parsed or verified.  Legacy Open Badges 2.0
    badges are extracted and labelled ``ob_version == "2.0"``.
    """
    data = read_image(image, limits)
    if _format(data) == "png":
        return png.extract(data, limits)
    from . import svg  # XML parsing only for SVGs (cold start of PNG/JSON verifies)

    return svg.extract(data, limits)


def bake(image: ImageInput, credential: dict[str, Any] | str, *,
         limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return ``image`` (PNG or SVG bytes, or a path) with ``credential`` baked in.

    ``credential`` is a credential dict (written as compact JSON), or JSON text, or a
    compact JWS (VC-JWT).  A credential already in the image is replaced; the rest of the
    image is kept byte for byte.
    """
    text, kind, target = prepare(credential, limits)
    data = read_image(image, limits)
    if _format(data) == "png":
        return png.bake(data, text, target)
    from . import svg

    return svg.bake(data, text, kind, target, limits)


make_package_callable(__name__, bake)
