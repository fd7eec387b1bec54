"""The verification report: one result per check, a verdict, and renderings.

A report is data, built by the verifier's checks; nothing here verifies anything.
``verified`` is true only when no check failed and at least one proof passed.
Warnings and "not checked" results are listed separately and never count as a pass
for the check they describe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any


class CheckStatus(str, Enum):
    """Outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"  #: the check does not apply to this credential
    NOT_CHECKED = "not_checked"  #: it applies, but could not be done (e.g. list unavailable)


#: control characters, and the format characters that reorder or break displayed text
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029"
                          "\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` for one line of a terminal or log: control and bidi characters escaped.

    A hostile credential's name could otherwise hold ANSI escapes, a carriage return or a
    newline that overwrite or fake lines of the report (e.g. a forged "✓ verified").
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: symbol used in the plain-text rendering for each status
SYMBOLS = {
    CheckStatus.PASSED: "✓",
    CheckStatus.FAILED: "✗",
    CheckStatus.WARNING: "!",
    CheckStatus.SKIPPED: "-",
    CheckStatus.NOT_CHECKED: "?",
}


@dataclass
class CheckResult:
    """The result of one check.

    ``check`` names the check (``input``, ``parse``, ``schema``, ``proof``, ``validity``,
    ``status``, ``endorsements``, ``issuer``, ``refresh``, ``recipient``...); ``code`` is a
    stable machine-readable outcome such as ``proof.signature_invalid``; ``message`` is
    for people.
    """

    check: str
    status: CheckStatus
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see ``docs/report-schema.json``)."""
        out: dict[str, Any] = {
            "check": self.check,
            "status": self.status.value,
            "code": self.code,
            "message": self.message,
        }
        if self.details:
            out["details"] = self.details
        return out


@dataclass
class CredentialSummary:
    """What a person wants to know about the credential at a glance."""

    credential_id: str | None = None
    types: list[str] = field(default_factory=list)
    format: str | None = None  #: json, jwt, png, svg
    vc_version: str | None = None  #: "1.1" or "2.0"
    achievement_name: str | None = None
    achievement_id: str | None = None
    issuer_id: str | None = None
    issuer_name: str | None = None
    recipient: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    name: str | None = None  #: the credential's own ``name``
    endorses: str | None = None  #: for an endorsement: the id of what it endorses

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, ``None`` values omitted."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, [])}


@dataclass
class VerificationReport:
    """Every check made on one credential, its summary and nested endorsement reports."""

    checks: list[CheckResult] = field(default_factory=list)
    summary: CredentialSummary = field(default_factory=CredentialSummary)
    endorsements: list[VerificationReport] = field(default_factory=list)
    source: str | None = None
    checked_at: datetime | None = None
    #: the credential as parsed (dict), when parsing got that far
    credential: dict[str, Any] | None = None

    def add(
        self,
        check: str,
        status: CheckStatus,
        code: str,
        message: str,
        **details: Any,
    ) -> CheckResult:
        """Append a result and return it."""
        result = CheckResult(check, status, code, message, dict(details))
        self.checks.append(result)
        return result

    @property
    def verified(self) -> bool:
        """True when no check failed and at least one proof check passed."""
        if any(c.status is CheckStatus.FAILED for c in self.checks):
            return False
        return self.proof_passed

    @property
    def proof_passed(self) -> bool:
        """True when at least one proof check passed (the signed content is genuine)."""
        return any(c.check == "proof" and c.status is CheckStatus.PASSED for c in self.checks)

    @property
    def failures(self) -> list[CheckResult]:
        """The failed checks."""
        return [c for c in self.checks if c.status is CheckStatus.FAILED]

    @property
    def warnings(self) -> list[CheckResult]:
        """The checks that passed with a warning."""
        return [c for c in self.checks if c.status is CheckStatus.WARNING]

    @property
    def not_checked(self) -> list[CheckResult]:
        """The checks that applied but could not be made."""
        return [c for c in self.checks if c.status is CheckStatus.NOT_CHECKED]

    def result(self, check: str) -> CheckResult | None:
        """The first result of the named check, if any."""
        return next((c for c in self.checks if c.check == check), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with a stable shape (``docs/report-schema.json``)."""
        return {
            "verified": self.verified,
            "source": self.source,
            "checkedAt": self.checked_at.isoformat() if self.checked_at else None,
            "summary": self.summary.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
            "warnings": [c.code for c in self.warnings],
            "notChecked": [c.code for c in self.not_checked],
            "endorsements": [e.to_dict() for e in self.endorsements],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def verdict_text(self) -> str:
        """``VERIFIED`` or ``NOT VERIFIED``, with what qualifies it, for people."""
        notes = []
        if self.warnings:
            notes.append(f"{len(self.warnings)} warning(s)")
        if self.not_checked:
            notes.append(f"{len(self.not_checked)} not checked")
        if self.verified:
            return "VERIFIED" + (f" ({', '.join(notes)})" if notes else "")
        if not self.failures:
            return "NOT VERIFIED (no proof could be checked)"
        return f"NOT VERIFIED ({len(self.failures)} failed check(s))"

    def to_text(self, *, indent: str = "") -> str:
        """A plain-text check list for people (terminal or log file)."""
        s = self.summary
        lines = []
        head = self.verdict_text()
        lines.append(f"{indent}{head}: {self.source or s.credential_id or 'credential'}")
        has_content = any((s.achievement_name, s.name, s.endorses, s.issuer_name, s.issuer_id,
                           s.recipient, s.valid_from, s.valid_until))
        if has_content and not self.proof_passed:
            # nothing vouches for what the credential says: label it before quoting it
            lines.append(f"{indent}  (no proof verified: what follows is what the credential "
                         "claims, confirmed by no signature)")
        if s.achievement_name:
            lines.append(f"{indent}  achievement: {s.achievement_name}")
        elif s.name:
            lines.append(f"{indent}  name:        {s.name}")
        if s.endorses:
            lines.append(f"{indent}  endorses:    {s.endorses}")
        if s.issuer_name or s.issuer_id:
            who = s.issuer_name or ""
            lines.append(f"{indent}  issuer:      {who} ({s.issuer_id})" if who else
                         f"{indent}  issuer:      {s.issuer_id}")
        if s.recipient:
            lines.append(f"{indent}  recipient:   {s.recipient}")
        if s.valid_from or s.valid_until:
            lines.append(f"{indent}  valid:       {s.valid_from or '?'} .. {s.valid_until or ''}")
        if self.checked_at:
            lines.append(f"{indent}  checked at:  {self.checked_at.isoformat()}")
        for c in self.checks:
            lines.append(f"{indent}  {SYMBOLS[c.status]} {c.check}: {c.message}")
        # credential values (names, ids, messages quoting them) must not drive the terminal
        lines = [printable(line) for line in lines]
        for e in self.endorsements:
            lines.append(f"{indent}  endorsement:")
            lines.append(e.to_text(indent=indent + "    "))
        return "\n".join(lines)
