"""Offline verification of Open Badges 3.0 credentials: checks and the report.

:func:`verify` checks one badge (JSON, VC-JWT, PNG or SVG) and :func:`verify_many` a
batch; both return :class:`~openbadge_kit.verify.report.VerificationReport` objects and
never raise on a hostile credential.  See ``docs/verifying.md``.
"""

from __future__ import annotations

from .api import verify, verify_many

__all__ = ["verify", "verify_many"]
