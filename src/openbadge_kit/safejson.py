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


def _check_tree(value: Any, limit: int) -> None:
    """One iterative walk: nesting depth and strings that are not valid Unicode."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise InvalidInputError(
                        "JSON string contains a lone surrogate", code="json_invalid_unicode"
                    ) from None
        elif isinstance(item, (dict, list)):
            if depth >= limit:
                raise InputTooLargeError(
                    f"JSON nesting deeper than {limit} levels", code="json_too_deep"
                )
            if isinstance(item, dict):
                stack.extend((k, depth) for k in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)


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
    # The walk is only needed when the text could hold a lone surrogate (a raw one in a
    # str argument, or a \uD8xx..\uDFxx escape) or nest deeper than the limit; both
    # pre-checks run at C speed, so the common credential skips the walk entirely.
    could_be_deep = text.count("[") + text.count("{") > limits.max_json_depth
    could_have_surrogate = _SURROGATE_ESCAPE.search(text) is not None or (
        isinstance(data, str) and not text.isascii() and not _encodes(text))
    if could_be_deep or could_have_surrogate:
        _check_tree(value, limits.max_json_depth)
    return value
