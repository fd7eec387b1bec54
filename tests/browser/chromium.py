"""Drive Debian's headless chromium, and serve pages to it from 127.0.0.1 only.

``PageServer`` serves fixed pages and records every request it receives (any method,
``CONNECT`` included).  ``run_chromium`` starts chromium headless with the network
hardening flags and this server as its proxy, so a request to *any* host other than the
page's own would be seen by the server too; nothing can leave the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--disable-default-apps",
         "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio",
         "--no-pings", "--disable-domain-reliability", "--disable-breakpad",
         "--disable-client-side-phishing-detection", "--no-default-browser-check",
         "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,"
         "MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater"]
#: hosts of chromium's own background services (updates, clock, accounts); requests to
#: them come from the browser, not from the page, and the proxy keeps them on this machine
BROWSER_SERVICES = (".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com")


def chromium_binary() -> str:
    """The chromium executable, or skip the test with the reason."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (tools/setup-system.sh installs Debian's "
                "chromium when run as root); the browser test cannot run")


@dataclass
class PageServer:
    """Fixed pages on 127.0.0.1; ``requests`` lists (method, path) of every request."""

    pages: dict[str, bytes]
    requests: list[tuple[str, str]] = field(default_factory=list)
    port: int = 0

    def page_requests(self) -> list[tuple[str, str]]:
        """Every request except those to chromium's own services (:data:`BROWSER_SERVICES`).

        A page's own requests arrive directly (a path); anything it asked of another host
        would arrive through the proxy (an absolute URL, or ``CONNECT host:443``).
        """
        return [(method, target) for method, target in self.requests
                if target.startswith("/") or not _browser_service(target)]

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"


def _browser_service(target: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(target).hostname if "://" in target else target.rsplit(":", 1)[0]) or ""
    return any(("." + host).endswith(suffix) for suffix in BROWSER_SERVICES)


@contextmanager
def serve(pages: dict[str, bytes] | None = None) -> Iterator[PageServer]:
    """Start a :class:`PageServer` (add pages to ``server.pages`` once its port is known)."""
    state = PageServer(dict(pages or {}))

    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            state.requests.append((self.command, self.path))
            body = state.pages.get(self.path) if self.command == "GET" else None
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = do_CONNECT = do_PUT = do_OPTIONS = _record

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def run_chromium(binary: str, url: str, proxy: PageServer, *extra: str,
                 timeout: float = 60) -> str:
    """Load ``url`` headless with ``extra`` flags; returns standard output (e.g. the DOM)."""
    with tempfile.TemporaryDirectory(prefix="obk-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}",
                   f"--proxy-server={proxy.base}",
                   *extra, url]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                                  stdin=subprocess.DEVNULL, cwd=profile)
        except subprocess.TimeoutExpired:
            pytest.fail(f"chromium did not finish within {timeout:g} s")
        except OSError as exc:
            pytest.skip(f"chromium cannot be started: {exc}")
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace")[-800:]
            if "error while loading shared libraries" in message:
                pytest.skip(f"chromium cannot start: {message}")
            pytest.fail(f"chromium exited with {done.returncode}: {message}")
        return done.stdout.decode("utf-8", "replace")


def artifacts() -> Path:
    """``test-artifacts/`` at the repository root (git-ignored), created if needed."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
