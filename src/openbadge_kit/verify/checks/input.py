"""Check 1, input: what kind of thing the caller handed us, and the credential inside it.

Detects the format by content (never by file name): a JSON object, a VC-JWT, or a PNG or
SVG badge image, which is unbaked.  Sizes are bounded before anything is read in full.
Sets ``state.format`` and either ``state.raw_json`` (text) or ``state.jwt``.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ...errors import BakeError, InputTooLargeError, InvalidInputError
from ..report import CheckStatus
from ..state import VerifyState

CHECK = "input"

#: a compact JWS: three base64url parts (the signature part may not be empty)
JWT_PATTERN = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


class UnreadableSourceError(InvalidInputError):
    """A file that cannot be read at all (missing, a folder, no permission)."""

    code = "input_unreadable"


def looks_like_jwt(text: str) -> bool:
    """Whether ``text`` (already stripped) has the shape of a compact JWS."""
    return len(text) < 16 * 1024 * 1024 and JWT_PATTERN.match(text) is not None


def read_path(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file, refusing files over ``max_bytes`` before reading them."""
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableSourceError(f"{path} is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # FIFOs and devices could block or never end
            raise UnreadableSourceError(f"{path} is not a regular file")
        if size > max_bytes:
            raise InputTooLargeError(f"{path.name} is {size} bytes, over the limit of {max_bytes}")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableSourceError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError:  # e.g. a NUL byte in the name
        raise UnreadableSourceError(f"not a usable file name: {str(path)[:200]!r}") from None
    if len(data) > max_bytes:
        raise InputTooLargeError(f"{path.name} is over the limit of {max_bytes} bytes")
    return data


def _text_kind(text: str) -> str | None:
    stripped = text.strip().lstrip("\ufeff")
    if stripped.startswith(("{", "[")):
        return "json"
    if looks_like_jwt(stripped):
        return "jwt"
    return None


def _set_text(state: VerifyState, text: str, kind: str, fmt: str) -> None:
    state.format = fmt
    if kind == "jwt":
        state.jwt = text.strip().lstrip("\ufeff")
    else:
        state.raw_json = text


def _from_bytes(state: VerifyState, data: bytes) -> None:
    limits = state.options.limits
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        state.format = "json"
        state.raw_json = data
        return
    if head[:1].isalnum() and len(data) <= limits.max_json_bytes:
        try:
            text = data.decode("ascii").strip()
        except UnicodeDecodeError:
            text = ""
        if looks_like_jwt(text):
            state.format = "jwt"
            state.jwt = text
            return
    from ...bake import sniff, unbake

    kind = sniff(data)
    if kind is None:
        raise InvalidInputError(
            "not a badge: the content is neither JSON, a JWT, a PNG nor an SVG image",
            code="input_unknown_format")
    extracted = unbake(data, limits=limits)
    state.format = kind
    state.report.summary.format = kind
    ob_version = getattr(extracted, "ob_version", None)
    payload_kind = extracted.payload_kind
    payload: Any = extracted.payload
    if payload_kind == "url":
        raise InvalidInputError(
            f"the {kind.upper()} badge holds only a link to a hosted credential "
            f"({str(payload)[:200]}), an Open Badges 2.0 style this verifier does not follow",
            code="input_hosted_credential")
    state.baked_ob_version = ob_version
    if payload_kind == "jwt":
        state.jwt = payload.decode("ascii", "replace").strip() if isinstance(payload, bytes) \
            else str(payload).strip()
    elif isinstance(payload, dict):
        state.credential = payload
    else:
        state.raw_json = payload


#: text that starts like a JOSE header ('{"' in base64url) and has only base64url and dots
_JWT_LIKE = re.compile(r"^eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+$")


def _refuse_broken_jwt(text: str) -> None:
    """A JWT with the wrong number of parts or no signature is not a missing file."""
    stripped = text.strip()
    if _JWT_LIKE.match(stripped) is None:
        return
    try:
        if Path(stripped).exists():
            return
    except (OSError, ValueError):
        pass
    parts = stripped.split(".")
    why = ("its signature part is empty (an unsecured JWT)" if len(parts) == 3
           else f"it has {len(parts)} dot-separated parts")
    raise InvalidInputError(f"this looks like a JWT but is not a compact JWS: {why}; a "
                            "compact JWS has three parts and a signature",
                            code="input_jwt_malformed")


def _load(state: VerifyState) -> None:
    source = state.source
    limits = state.options.limits
    max_bytes = max(limits.max_image_bytes, limits.max_json_bytes)
    if isinstance(source, dict):
        state.format = "json"
        state.credential = source
        return
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise InputTooLargeError(f"input is {len(data)} bytes, over the limit of {max_bytes}")
        _from_bytes(state, data)
        return
    if isinstance(source, str):
        kind = _text_kind(source)
        if kind is not None:
            _set_text(state, source, kind, kind)
            return
        if "\n" in source or "\x00" in source or len(source) > 4096:
            raise InvalidInputError("text is neither JSON, a JWT nor a file path",
                                    code="input_unknown_format")
        _refuse_broken_jwt(source)
        source = Path(source)
    if isinstance(source, os.PathLike):
        path = Path(source)
        if state.report.source is None:
            state.report.source = str(path)
        _from_bytes(state, read_path(path, max_bytes))
        return
    raise InvalidInputError(
        f"cannot verify a {type(source).__name__}: pass a dict, JSON or JWT text, bytes "
        "or a file path", code="input_unknown_format")


_MESSAGES = {
    "json": "a JSON credential",
    "jwt": "a VC-JWT (compact JWS)",
    "png": "a baked PNG badge",
    "svg": "a baked SVG badge",
}


def check_input(state: VerifyState) -> None:
    """Detect the input's format and extract the credential (stops the run on failure)."""
    report = state.report
    try:
        _load(state)
    except InputTooLargeError as exc:
        state.stop = True
        report.add(CHECK, CheckStatus.FAILED, "input.too_large", str(exc))
        return
    except UnreadableSourceError as exc:
        state.stop = True
        report.add(CHECK, CheckStatus.FAILED, "input.unreadable", str(exc))
        return
    except BakeError as exc:
        state.stop = True
        code = {"image_invalid": "input.image_invalid", "no_credential": "input.no_credential",
                "ambiguous_credential": "input.ambiguous_credential"}.get(exc.code,
                                                                         "input.image_invalid")
        report.add(CHECK, CheckStatus.FAILED, code, str(exc))
        return
    except InvalidInputError as exc:
        state.stop = True
        code = exc.code if exc.code.startswith("input_") else "input_invalid"
        report.add(CHECK, CheckStatus.FAILED, code.replace("input_", "input.", 1), str(exc))
        return
    report.summary.format = state.format
    inside = " (VC-JWT inside)" if state.format in ("png", "svg") and state.jwt else ""
    report.add(CHECK, CheckStatus.PASSED, "input.ok",
               f"read {_MESSAGES.get(state.format or '', state.format)}{inside}",
               format=state.format, payload="jwt" if state.jwt else "json")
