"""Offline verification of Open Badges 3.0 credentials: checks and the report.

:func:`verify` checks one badge (JSON, VC-JWT, PNG or SVG) and :func:`verify_many` a
batch; both return :class:`~openbadge_kit.verify.report.VerificationReport` objects and
never raise on a hostile credential.  See ``docs/verifying.md``.

``openbadge_kit.verify`` is both this package and the public function: importing a
submodule (``openbadge_kit.verify.report``) binds the package to the name ``verify`` on
``openbadge_kit``, so the package is made callable (``_callable_package``);
``openbadge_kit.verify(badge)`` works however the names were imported.
"""

from __future__ import annotations

from .._callable_package import make_package_callable
from .api import verify, verify_many

__all__ = ["verify", "verify_many"]


make_package_callable(__name__, verify)
