"""Content sniffing decides by bytes, not names."""

from __future__ import annotations

from pathlib import Path

import pytest

from openbadge_kit.bake import sniff, unbake
from openbadge_kit.bake.sniff import SNIFF_WINDOW

from .helpers import PNG_SIGNATURE, VECTORS, minimal_png


@pytest.mark.parametrize(("data", "expected"), [
    (minimal_png(), "png"),
    (PNG_SIGNATURE, "png"),
    (b"<svg/>", "svg"),
    (b"\xef\xbb\xbf  <svg xmlns='http://www.w3.org/2000/svg'>", "svg"),
    (b"<s:svg xmlns:s='http://www.w3.org/2000/svg'/>", "svg"),
    (b'<?xml version="1.0"?>\n<!-- <html> -->\n<?pi x?>\n'
     b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd" [<!ATTLIST svg a CDATA "]>">]>'
     b"\n<svg>", "svg"),
    (b"<svgx/>", None),
    (b"<html><svg/></html>", None),
    (b"<!-- never closed <svg/>", None),
    (b"GIF89a<svg/>", None),
    (b"", None),
    (b"\x89PNG\r\n", None),
    (b"just text", None),
    (b"\xff\xfe<\x00s\x00v\x00g\x00", None),  # UTF-16 is not supported
])
def test_sniff(data: bytes, expected: str | None) -> None:
    assert sniff(data) == expected


def test_file_names_do_not_matter(tmp_path: Path) -> None:
    ob30 = VECTORS / "1edtech-dc-public-validator" / "ob30"
    swapped_png = tmp_path / "badge.svg"
    swapped_png.write_bytes((ob30 / "simple-json.png").read_bytes())
    swapped_svg = tmp_path / "badge.png"
    swapped_svg.write_bytes((ob30 / "simple-json.svg").read_bytes())
    assert unbake(swapped_png).format == "png"
    assert unbake(swapped_svg).format == "svg"
    assert sniff(memoryview(minimal_png())) == "png"


def test_sniff_looks_only_at_the_window() -> None:
    assert sniff(b"<!--" + b"x" * SNIFF_WINDOW + b"--><svg/>") is None


def test_long_prologs_are_read_in_growing_windows_without_copying_everything() -> None:
    import tracemalloc

    prolog = b"<!--" + b"x" * 100_000 + b"-->"
    assert sniff(prolog + b"<svg/>") == "svg"
    assert sniff(prolog + b"<html/>") is None
    big = b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g/>" * 500_000 + b"</svg>"
    tracemalloc.start()
    try:
        assert sniff(big) == "svg"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024
