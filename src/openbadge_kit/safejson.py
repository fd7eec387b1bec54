"""Strict, bounded JSON parsing for untrusted input.

``loads`` refuses what the standard library would accept but a credential must not
contain: documents over the size limit, nesting deeper than the depth limit,
duplicate object keys (two readers could see two different credentials), ``NaN`` and
``Infinity``, invalid UTF-8 and lone surrogates.  Every refusal is an
:class:`~openbadge_kit.errors.InvalidInputError` (or ``InputTooLargeError``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .errors import InputTooLargeError, InvalidInputError
from .limits import DEFAULT_LIMITS, Limits


def _no_constants(name: str) -> Any:
    raise InvalidInputError(f"JSON value {name} is not allowed", code="json_invalid")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidInputError(f"duplicate JSON key {key!r}", code="json_duplicate_key")
        out[key] = value
    return out


#: a JSON escape that could encode half of a surrogate pair
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def nests_deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON ``value`` nests objects/arrays deeper than ``limit`` (iterative walk).

    The one depth rule of the library: parsing, signing, the models and the schema
    check all refuse what this says is too deep.
    """
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any key or string in ``value`` holds half a surrogate pair (C-speed test)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def loads(data: str | bytes | bytearray, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse untrusted JSON text or UTF-8 bytes under ``limits``."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > limits.max_json_bytes:
            raise InputTooLargeError(
                f"JSON input is {len(data)} bytes, over the limit of {limits.max_json_bytes}"
            )
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"input is not valid UTF-8 (byte {exc.start})", code="json_invalid_utf8"
            ) from None
        if text.startswith("\ufeff"):
            text = text[1:]
    elif isinstance(data, str):
        text = data
        if len(text) > limits.max_json_bytes:
            raise InputTooLargeError(
                f"JSON input is {len(text)} characters, over the limit of {limits.max_json_bytes}"
            )
    else:
        raise InvalidInputError(f"expected JSON text, got {type(data).__name__}")
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constants)
    except InvalidInputError:
        raise
    except RecursionError:
        raise InputTooLargeError("JSON nesting too deep", code="json_too_deep") from None
    except ValueError as exc:
        raise InvalidInputError(f"malformed JSON: {exc}", code="json_invalid") from None
    # Each check runs only when a C-speed test of the text says it could fail: nesting
    # deeper than the limit needs at least that many brackets, and a lone surrogate
    # needs a \uD8xx..\uDFxx escape (or a raw one in a str argument).
    if text.count("[") + text.count("{") > limits.max_json_depth and nests_deeper_than(
            value, limits.max_json_depth):
        raise InputTooLargeError(
            f"JSON nesting deeper than {limits.max_json_depth} levels", code="json_too_deep")
    could_have_surrogate = _SURROGATE_ESCAPE.search(text) is not None or (
        isinstance(data, str) and not text.isascii() and not _encodes(text))
    if could_have_surrogate and _has_lone_surrogate(value):
        raise InvalidInputError("JSON string contains a lone surrogate",
                                code="json_invalid_unicode")
    return value
