"""Packages that share their name with the function they export.

``openbadge_kit.verify`` and ``openbadge_kit.bake`` are both a subpackage and the public
function of the same name. Python binds ``openbadge_kit.<name>`` to the subpackage as
soon as any of its modules is imported, which would hide the function that
``openbadge_kit`` exports; making the subpackage callable keeps
``openbadge_kit.verify(badge)`` and ``openbadge_kit.bake(image, credential)`` working
however the names were imported.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any


def make_package_callable(package: str, function: Callable[..., Any]) -> None:
    """Make the imported package ``package`` forward calls to ``function``."""

    class CallablePackage(types.ModuleType):
        __call__ = staticmethod(function)

    CallablePackage.__doc__ = f"The package {package}, callable as {function.__qualname__}."
    sys.modules[package].__class__ = CallablePackage
