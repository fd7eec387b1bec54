"""``openbadge show``: page and report for good, tampered and unreadable badges."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.cli import main

from .page import Page
from .samples import NOW, rich_credential

NOW_ARG = ["--now", NOW.isoformat()]
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_baked_png_gives_a_page_and_the_report(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    badge = tmp_path / "badge.png"
    badge.write_bytes(bake(PNG_1PX, rich_credential()))
    out = tmp_path / "page.html"
    assert main(["show", str(badge), "-o", str(out), *NOW_ARG,
                 "--credential-url", "https://badges.example.org/c/1"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("VERIFIED") and f"page written to {out}" in printed
    page = Page(out.read_text("utf-8"))
    assert "As of 1 June 2026, 12:00 UTC: VERIFIED" in page.text
    assert page.attrs("src")[0] == ("data:image/png;base64," +
                                    base64.b64encode(badge.read_bytes()).decode())
    assert any("certUrl=https%3A%2F%2Fbadges.example.org%2Fc%2F1" in h
               for h in page.attrs("href"))


def test_tampered_json_still_gets_a_page_and_exit_1(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    credential = rich_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Tampered"
    badge = tmp_path / "badge.json"
    badge.write_text(json.dumps(credential))
    assert main(["show", str(badge), *NOW_ARG]) == 1
    captured = capsys.readouterr()
    page = Page(captured.out)
    assert "✗ NOT VERIFIED" in page.text and "Tampered" in page.text
    assert captured.err.startswith("NOT VERIFIED")


def test_unusable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(tmp_path / "missing.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    assert main(["show", str(junk), *NOW_ARG]) in (1, 2)
    assert "no credential could be read" in capsys.readouterr().err
    good = tmp_path / "good.json"
    good.write_text(json.dumps(rich_credential()))
    assert main(["show", str(good), "--now", "yesterday"]) == 2
    assert main(["show", str(good), *NOW_ARG, "--credential-url", "ftp://x"]) == 2
    assert "url_invalid" in capsys.readouterr().err
