"""The public API is exactly what ``openbadge_kit`` exports, and every name resolves."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import openbadge_kit

INIT = Path(openbadge_kit.__file__)


def _type_checking_names() -> set[str]:
    tree = ast.parse(INIT.read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in stmt.names)
    return names


def test_every_export_resolves_from_its_module() -> None:
    for name in openbadge_kit._EXPORTS:
        value = getattr(openbadge_kit, name)
        assert value is not None, name
        if callable(value) and not isinstance(value, type):
            assert value.__doc__, f"{name} has no docstring"


def test_type_checking_imports_mirror_the_export_table() -> None:
    assert _type_checking_names() == set(openbadge_kit._EXPORTS)


def test_core_names_are_public() -> None:
    for name in ["verify", "verify_many", "sign", "bake", "unbake", "Issuer",
                 "AchievementCredential", "Ed25519KeyPair", "VerificationReport",
                 "OpenBadgeError", "Limits", "evaluate"]:
        assert name in openbadge_kit.__all__, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        openbadge_kit.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_is_light() -> None:
    code = ("import sys, openbadge_kit; "
            "heavy = [m for m in ('pyld', 'jsonschema', 'httpx', 'pydantic', 'jwcrypto') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
