"""Check 5, validity window: not used before it starts or after it ends (NOTES 1.9, 5.1).

VC 2.0 ``validFrom``/``validUntil`` and VC 1.1 ``issuanceDate``/``expirationDate`` are
compared with the run's clock (injectable ``now``) allowing ``skew_seconds`` either way.
Proof ``created``/``expires`` are checked with each proof (``proof.created_in_future``,
``proof.expired``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ...dates import parse_datetime
from ...errors import InvalidInputError
from ..report import CheckStatus
from ..state import VerifyState

CHECK = "validity"


def _date(state: VerifyState, name: str) -> datetime | None:
    value = (state.credential or {}).get(name)
    if value is None:
        return None
    try:
        return parse_datetime(value)
    except InvalidInputError:
        raise InvalidInputError(f"{name} is not a valid date-time: {str(value)[:64]!r}",
                                code=name) from None


def check_validity(state: VerifyState) -> None:
    """Report whether ``now`` falls inside the credential's validity window."""
    report = state.report
    now = state.options.now
    skew = timedelta(seconds=state.options.skew_seconds)
    try:
        dates = {n: _date(state, n) for n in
                 ("validFrom", "validUntil", "issuanceDate", "expirationDate")}
    except InvalidInputError as exc:
        report.add(CHECK, CheckStatus.FAILED, "validity.date_invalid", str(exc),
                   field=exc.code)
        return
    start_name = "issuanceDate" if state.vc_version == "1.1" else "validFrom"
    end_name = "expirationDate" if state.vc_version == "1.1" else "validUntil"
    start = dates[start_name] or dates["validFrom"] or dates["issuanceDate"]
    end = dates[end_name] or dates["validUntil"] or dates["expirationDate"]
    if start is None and (state.kind in ("achievement", "endorsement")
                          or state.vc_version == "1.1"):
        report.add(CHECK, CheckStatus.FAILED, "validity.no_start",
                   f"the credential has no {start_name}")
        return
    if start is not None and end is not None and end < start:
        report.add(CHECK, CheckStatus.FAILED, "validity.window_inverted",
                   "the credential ends before it starts")
        return
    if start is not None and start > now + skew:
        report.add(CHECK, CheckStatus.FAILED, "validity.not_yet_valid",
                   f"not valid yet: valid from {start.isoformat()}",
                   validFrom=start.isoformat(), now=now.isoformat())
        return
    if end is not None and end < now - skew:
        report.add(CHECK, CheckStatus.FAILED, "validity.expired",
                   f"EXPIRED on {end.isoformat()}", validUntil=end.isoformat(),
                   now=now.isoformat())
        return
    since = f"valid since {start.isoformat()}" if start else "no start date"
    until = f", until {end.isoformat()}" if end else ", no expiry"
    report.add(CHECK, CheckStatus.PASSED, "validity.ok", since + until)
