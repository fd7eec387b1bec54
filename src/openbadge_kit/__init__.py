"""openbadge_kit: issue, sign, bake and verify Open Badges 3.0 credentials, offline.

The public API is the names in ``__all__``; they are imported lazily so that a cold
``openbadge verify`` does not pay for modules it does not use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import OpenBadgeError

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Limits": "openbadge_kit.limits",
    "DEFAULT_LIMITS": "openbadge_kit.limits",
    "VerificationReport": "openbadge_kit.verify.report",
    "CheckResult": "openbadge_kit.verify.report",
    "CheckStatus": "openbadge_kit.verify.report",
    "bake": "openbadge_kit.bake",
    "unbake": "openbadge_kit.bake",
    "Extracted": "openbadge_kit.bake",
}

__all__ = ["OpenBadgeError", "__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'openbadge_kit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from .bake import Extracted, bake, unbake
    from .limits import DEFAULT_LIMITS, Limits
    from .verify.report import CheckResult, CheckStatus, VerificationReport
