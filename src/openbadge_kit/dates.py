"""Date-times as credentials write them (XSD dateTime / RFC 3339) and as we issue them.

``parse_datetime`` accepts what VC 1.1 and 2.0 credentials carry (zone optional, read as
UTC when absent, fractional seconds allowed) and raises ``InvalidInputError`` for anything
else; ``format_datetime`` writes whole seconds in UTC with ``Z``, as OB 3.0 issuers should.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .errors import InvalidInputError

_DATETIME = re.compile(
    r"^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(Z|z|[+-]\d{2}:\d{2})?$"
)


def parse_datetime(value: object) -> datetime:
    """A timezone-aware datetime from an XSD dateTime string (naive input is read as UTC)."""
    if not isinstance(value, str):
        raise InvalidInputError(f"expected a date-time string, got {type(value).__name__}",
                                code="datetime_invalid")
    m = _DATETIME.match(value.strip())
    if not m:
        raise InvalidInputError(f"not an XSD dateTime: {value[:64]!r}", code="datetime_invalid")
    year, month, day, hour, minute, second, frac, zone = m.groups()
    try:
        extra = timedelta(0)
        if hour == "24" and minute == "00" and second == "00":
            hour, extra = "00", timedelta(days=1)
        micro = int((frac[1:] + "000000")[:6]) if frac else 0
        tz = timezone.utc
        if zone and zone not in ("Z", "z"):
            sign = 1 if zone[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        dt = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                      micro, tzinfo=tz) + extra
    except (ValueError, OverflowError):
        raise InvalidInputError(f"date-time out of range: {value[:64]!r}",
                                code="datetime_invalid") from None
    return dt


def format_datetime(value: datetime) -> str:
    """Whole seconds, UTC, ``Z``: ``2024-05-01T12:00:00Z`` (naive input is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)
