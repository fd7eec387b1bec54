"""The display page in a real browser (Debian's headless chromium).

The page is served from a server on 127.0.0.1 that is also chromium's proxy for every
other host, so the server sees any request the page makes, wherever it points.  A page
that is self-contained makes exactly one request: its own.
"""

from __future__ import annotations

import html
import time

import pytest

from openbadge_kit.render import render_html
from openbadge_kit.verify import verify

from ..render.samples import NOW, hostile_credential, rich_credential
from .chromium import artifacts, chromium_binary, run_chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def _page(credential: dict[str, object]) -> bytes:
    return render_html(credential, verify(credential, now=NOW), now=NOW).encode()


def test_rich_page_renders_its_text_and_a_screenshot() -> None:
    binary = chromium_binary()
    started = time.monotonic()
    with serve() as server:
        server.pages["/badge.html"] = _page(rich_credential())
        url = f"{server.base}/badge.html"
        dom = html.unescape(run_chromium(binary, url, server, "--dump-dom"))
        for expected in ("Job Search & Interview Skills", "Example Career Program",
                         "Complete (1 point)", "Incomplete (0 points)", "hashed e-mail address",
                         "Regional Employer Council", "As of", "1 June 2026, 12:00 UTC"):
            assert expected in dom, expected
        assert dom.count("✓") >= 6
        folder = artifacts()
        for name, size in (("display-page.png", "1000,2700"),
                           ("display-page-phone.png", "390,3800")):
            shot = folder / name
            shot.unlink(missing_ok=True)
            run_chromium(binary, url, server, f"--screenshot={shot}", f"--window-size={size}")
            data = shot.read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
        # three loads of the page, and nothing else
        assert server.page_requests() == [("GET", "/badge.html")] * 3
    assert time.monotonic() - started < 60


def test_hostile_page_runs_no_script_and_loads_nothing() -> None:
    binary = chromium_binary()
    with serve() as server:
        # every URL in the hostile credential points at this server
        server.pages["/hostile.html"] = _page(hostile_credential(server.base))
        assert server.base.encode() in server.pages["/hostile.html"]
        url = f"{server.base}/hostile.html"
        dom = run_chromium(binary, url, server, "--dump-dom", "--virtual-time-budget=2000")
        shot = artifacts() / "display-page-hostile.png"
        run_chromium(binary, url, server, f"--screenshot={shot}", "--window-size=800,1400")
        assert server.page_requests() == [("GET", "/hostile.html")] * 2
    text = html.unescape(dom)
    assert "Hostile" in text and "Evil" in text and "exe.txt" in text
    # the payloads are on the page as text, and none of them ran
    assert "document.createElement('pw'+'ned')" in text
    assert "<pwned" not in dom and "data-pwned" not in dom.replace(
        "setAttribute('data-'+'pwned'", "")
    assert "<script" not in dom.lower() and "<iframe" not in dom.lower()
    assert "\u202e" not in dom


def test_the_harness_sees_scripts_and_requests_when_there_are_some() -> None:
    """Control: a page with a script and a remote image is caught by the same checks."""
    binary = chromium_binary()
    with serve() as server:
        server.pages["/leaky.html"] = (
            f'<!DOCTYPE html><html lang="en"><body><p>leaky</p>'
            f'<img src="{server.base}/tracker.png" alt="">'
            f'<img src="https://cdn.example.net/a.png" alt="">'
            f"<script>document.body.appendChild(document.createElement('pw'+'ned'))</script>"
            f"</body></html>").encode()
        dom = run_chromium(binary, f"{server.base}/leaky.html", server, "--dump-dom",
                           "--virtual-time-budget=2000")
        requests = server.page_requests()
    assert ("GET", "/tracker.png") in requests
    assert ("CONNECT", "cdn.example.net:443") in requests
    assert "<pwned></pwned>" in dom
