"""The names openbadge_kit exports for baking behave as documented."""

from __future__ import annotations

import importlib

import openbadge_kit
from openbadge_kit.bake import Extracted, unbake

from .helpers import minimal_png


def test_top_level_bake_is_callable_even_after_the_package_is_imported() -> None:
    # importing openbadge_kit.bake binds the package to openbadge_kit.bake; it must still bake
    importlib.import_module("openbadge_kit.bake.png")

    baked = openbadge_kit.bake(minimal_png(), {"id": "urn:x"})
    assert openbadge_kit.unbake(baked).payload == '{"id":"urn:x"}'
    assert openbadge_kit.Extracted is Extracted
    assert openbadge_kit.unbake is unbake
