"""Fixtures of the interoperability tests: a long-lived node process (``batch.mjs``).

One ``node batch.mjs`` process serves the whole session over JSON lines (request in, answer
out), so each signature or verification on the Digital Bazaar / ``jose`` side costs
milliseconds, not a node start-up. The tests skip, with the reason shown, only when node is
not installed or ``tests/interop/setup.sh`` has not installed the npm packages.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest

from .interop_bridge import HERE, NodeBridge


def _skip_reason() -> str | None:
    node = shutil.which("node")
    if node is None:
        return "node is not installed (interop tests need Node.js >= 20 and npm)"
    version = subprocess.run([node, "--version"], capture_output=True, text=True,
                             timeout=30).stdout.strip()
    try:
        major = int(version.lstrip("v").split(".")[0])
    except ValueError:
        major = 0
    if major < 20:
        return f"node {version or '(unknown version)'} is too old: interop tests need >= 20"
    if not (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return ("npm packages missing: run `bash tests/interop/setup.sh` "
                "(make test does) to install them into tests/interop/node_modules")
    return None


def _bridge(env: dict[str, str] | None = None) -> NodeBridge:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    node_bin = shutil.which("node")
    assert node_bin is not None
    return NodeBridge(node_bin, env=env)


@pytest.fixture(scope="session")
def node() -> Iterator[NodeBridge]:
    """The node process; verifier-core in it runs on our offline loader."""
    bridge = _bridge({"OBK_DCC_LOADER": "ours"})
    try:
        yield bridge
    finally:
        bridge.close()


@pytest.fixture(scope="session")
def node_dcc_contexts() -> Iterator[NodeBridge]:
    """A second node process whose verifier-core uses DCC's own bundled contexts."""
    bridge = _bridge({"OBK_DCC_LOADER": "dcc"})
    try:
        yield bridge
    finally:
        bridge.close()
