"""Offline verification of Open Badges 3.0 credentials: checks and the report.

:func:`verify` checks one badge (JSON, VC-JWT, PNG or SVG) and :func:`verify_many` a
batch; both return :class:`~openbadge_kit.verify.report.VerificationReport` objects and
never raise on a hostile credential.  See ``docs/verifying.md``.

``openbadge_kit.verify`` is both this package and the public function: importing a
submodule (``openbadge_kit.verify.report``) binds the package to the name ``verify`` on
``openbadge_kit``, so the package module is made callable and forwards to
:func:`verify`; ``openbadge_kit.verify(badge)`` works however the names were imported.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from .api import verify, verify_many

__all__ = ["verify", "verify_many"]


class _CallableModule(types.ModuleType):
    """This package, callable as :func:`verify`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return verify(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
