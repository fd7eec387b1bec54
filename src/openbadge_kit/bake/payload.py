"""Credential payloads: recognise the text found in a carrier, prepare the text to bake.

Shared by the PNG and SVG modules so that both classify payloads the same way.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, NamedTuple

from .. import safejson
from ..errors import ImageFormatError, InputTooLargeError, InvalidInputError, OpenBadgeError
from ..limits import Limits
from .extracted import ObVersion, PayloadKind

#: compact JWS: base64url header . base64url payload . base64url signature
COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_URL = re.compile(r"https?://[^\s<>\"]+")

#: SVG namespace URI of each credential carrier, with its element name and default prefix
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
CLR_NS = "https://purl.imsglobal.org/clr/v2p0"
OB2_NS = "http://openbadges.org"

#: PNG text keyword -> spec version
PNG_KEYWORDS: dict[bytes, ObVersion] = {
    b"openbadgecredential": "3.0",
    b"clrcredential": "clr-2.0",
    b"openbadges": "2.0",
}


class Target(NamedTuple):
    """Where a credential of one kind is baked: PNG keyword and SVG element."""

    # a NamedTuple rather than a frozen dataclass: the class is built on every cold start,
    # and a dataclass's generated methods cost ~0.5 ms each time (issue #7)
    ob_version: ObVersion
    png_keyword: bytes
    svg_namespace: str
    svg_prefix: str
    svg_local: str = "credential"


OB3_TARGET = Target("3.0", b"openbadgecredential", OB3_NS, "openbadges")
CLR_TARGET = Target("clr-2.0", b"clrcredential", CLR_NS, "clr")


def classify(text: str, ob_version: ObVersion, carrier: str) -> tuple[PayloadKind, str]:
    """Return ``(payload_kind, stripped payload)`` or raise ``ImageFormatError``.

    ``{`` starts a JSON credential; three base64url parts make a compact JWS; an
    http(s) URL is accepted only for Open Badges 2.0 (hosted assertions).
    """
    payload = text.strip(" \t\r\n")
    if payload.startswith("{"):
        return "json", payload
    if COMPACT_JWS.fullmatch(payload):
        return "jwt", payload
    if ob_version == "2.0" and _URL.fullmatch(payload):
        return "url", payload
    shown = payload[:40] + ("..." if len(payload) > 40 else "")
    raise ImageFormatError(
        f"the {carrier} carrier holds neither a JSON credential nor a compact JWS"
        f"{' nor a URL' if ob_version == '2.0' else ''}: {shown!r}",
        code="payload_unrecognized",
    )


def _credential_types(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    types = value.get("type")
    if isinstance(types, str):
        return [types]
    if isinstance(types, list):
        return [t for t in types if isinstance(t, str)]
    return []


def _jwt_claims(token: str, limits: Limits) -> Any:
    part = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return safejson.loads(raw, limits=limits)
    except (binascii.Error, ValueError, OpenBadgeError):
        return None


def prepare(credential: dict[str, Any] | str, limits: Limits) -> tuple[str, PayloadKind, Target]:
    """Turn the caller's credential into the text to bake, its kind and its carrier.

    A dict becomes compact JSON; a string must be JSON text (a JSON object) or a compact
    JWS and is kept as given, minus surrounding whitespace.  A ``ClrCredential`` goes into
    the CLR carrier, everything else into the Open Badges 3.0 one.
    """
    kind: PayloadKind
    if isinstance(credential, dict):
        try:
            text = json.dumps(credential, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False)
            text.encode("utf-8")  # a lone surrogate cannot be written (nor read back)
        except (TypeError, ValueError, RecursionError) as exc:  # UnicodeError is a ValueError
            raise InvalidInputError(f"credential is not JSON-serialisable: {str(exc)[:200]}",
                                    code="credential_invalid") from None
        kind, claims = "json", credential
    elif isinstance(credential, str):
        text = credential.strip(" \t\r\n")
        if text.startswith("{"):
            claims = safejson.loads(text, limits=limits)
            if not isinstance(claims, dict):
                raise InvalidInputError("credential JSON is not an object",
                                        code="credential_invalid")
            kind = "json"
        elif COMPACT_JWS.fullmatch(text):
            kind, claims = "jwt", _jwt_claims(text, limits)
            if isinstance(claims, dict) and isinstance(claims.get("vc"), dict):
                claims = claims["vc"]
        else:
            raise InvalidInputError(
                "credential text is neither a JSON object nor a compact JWS",
                code="credential_invalid",
            )
    else:
        raise InvalidInputError(
            f"credential must be a dict or a string, not {type(credential).__name__}",
            code="credential_invalid",
        )
    size = len(text.encode("utf-8"))
    if size > limits.max_payload_bytes:
        raise InputTooLargeError(
            f"credential is {size} bytes, over the payload limit of {limits.max_payload_bytes}",
            code="payload_too_large",
        )
    target = CLR_TARGET if "ClrCredential" in _credential_types(claims) else OB3_TARGET
    return text, kind, target


def check_payload_size(size: int, limits: Limits, carrier: str) -> None:
    """Refuse a carrier whose (declared) payload is over ``limits.max_payload_bytes``."""
    if size > limits.max_payload_bytes:
        raise InputTooLargeError(
            f"the {carrier} payload is {size} bytes, over the limit of "
            f"{limits.max_payload_bytes}",
            code="payload_too_large",
        )
