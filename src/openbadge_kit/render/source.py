"""Read the parts of a credential a person sees, defensively, from its JSON form.

A page must show a badge even when the badge is malformed or hostile (that is when an
employer most needs to see it, next to the failed checks), so these helpers read the
plain JSON object and never raise on odd shapes: a missing or mistyped value is ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..errors import InvalidInputError, OpenBadgeError


def credential_dict(credential: Any) -> Mapping[str, Any]:
    """The credential as a JSON object: a mapping as is, a model through ``to_jsonld()``.

    Raises :class:`~openbadge_kit.errors.InvalidInputError` for anything else.
    """
    if isinstance(credential, Mapping):
        return credential
    to_jsonld = getattr(credential, "to_jsonld", None)
    if callable(to_jsonld):
        data = to_jsonld()
        if isinstance(data, Mapping):
            return data
    raise InvalidInputError(
        f"expected a credential (a JSON object or an openbadge_kit model), got "
        f"{type(credential).__name__}", code="credential_invalid")


def as_list(value: Any, limit: int = 200) -> list[Any]:
    """A JSON value that may be single or an array, as a list (at most ``limit`` items)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value[:limit]
    return [value]


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def text_of(obj: Any, key: str) -> str | None:
    """``obj[key]`` if ``obj`` is an object and the value a non-empty string (or number)."""
    if not isinstance(obj, Mapping):
        return None
    value = obj.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) and value.strip() else None


def issuer_of(data: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """(name, id, url) of the credential's issuer (a string issuer is its id)."""
    issuer = data.get("issuer")
    if isinstance(issuer, str):
        return None, issuer, None
    return text_of(issuer, "name"), text_of(issuer, "id"), text_of(issuer, "url")


def parse_date(value: Any) -> datetime | None:
    """A date-time string as an aware datetime, or ``None`` when it is not one."""
    from ..dates import parse_datetime

    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return parse_datetime(value)
    except OpenBadgeError:
        return None


def date_of(data: Mapping[str, Any], *keys: str) -> datetime | None:
    """The first of ``keys`` holding a valid date-time."""
    for key in keys:
        found = parse_date(data.get(key))
        if found is not None:
            return found
    return None
