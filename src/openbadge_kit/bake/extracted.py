"""What :func:`openbadge_kit.bake.unbake` found inside a badge image."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: image formats the baking module reads and writes
ImageFormat = Literal["png", "svg"]
#: shape of the payload text: a JSON credential, a compact JWS, or (OB 2.0 only) a URL
PayloadKind = Literal["json", "jwt", "url"]
#: which specification the carrier belongs to
ObVersion = Literal["3.0", "2.0", "clr-2.0"]


@dataclass(frozen=True)
class Extracted:
    """A credential payload taken out of a baked PNG or SVG.

    ``payload`` is the carrier's text, stripped of surrounding whitespace and not yet
    parsed or verified: a JSON credential (``payload_kind == "json"``), a compact JWS
    (``"jwt"``) or, for Open Badges 2.0 hosted assertions, a URL (``"url"``).
    ``carrier`` names where it was found, e.g. ``"iTXt openbadgecredential"`` or
    ``"element {https://purl.imsglobal.org/ob/v3p0}credential @verify"``.
    """

    format: ImageFormat
    payload_kind: PayloadKind
    payload: str
    ob_version: ObVersion
    carrier: str

    @property
    def is_legacy(self) -> bool:
        """True for an Open Badges 2.0 badge (read-only support: extract and label)."""
        return self.ob_version == "2.0"

    def describe(self) -> str:
        """One line for people: what was found and where."""
        names = {"3.0": "Open Badges 3.0 credential", "2.0": "Open Badges 2.0 badge",
                 "clr-2.0": "CLR 2.0 credential"}
        kinds = {"json": "JSON", "jwt": "compact JWS", "url": "hosted assertion URL"}
        return (f"{names[self.ob_version]} ({kinds[self.payload_kind]}) in "
                f"{self.format.upper()} {self.carrier}")
