"""Talking to the long-lived ``node batch.mjs`` process of the interop tests."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors"


class NodeBridge:
    """Talks to ``node batch.mjs``: ``call(op, **request)`` returns the answer dict."""

    def __init__(self, node: str, *, env: dict[str, str] | None = None) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self._proc = subprocess.Popen(
            [node, str(HERE / "batch.mjs")],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
            bufsize=1,
            env={**os.environ, **(env or {})},
        )
        self._next_id = 0

    def call(self, op: str, **request: Any) -> dict[str, Any]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._next_id += 1
        line = json.dumps({"op": op, "id": self._next_id, **request})
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()
        out = self._proc.stdout.readline()
        if not out:
            self._stderr.seek(0)
            raise RuntimeError(f"node batch.mjs died: {self._stderr.read()[-2000:]}")
        answer: dict[str, Any] = json.loads(out)
        assert answer["id"] == self._next_id, "answers out of order"
        return answer

    # --- conveniences -------------------------------------------------------------------

    def sign(self, credential: dict[str, Any], *, suite: str, seed: bytes,
             created: str | None = None, **extra: Any) -> dict[str, Any]:
        """Digital Bazaar's signed copy of ``credential`` (fails the test on refusal)."""
        answer = self.call("sign", credential=credential, suite=suite, seed=seed.hex(),
                           created=created, **extra)
        assert answer["ok"], f"@digitalbazaar/vc refused to sign: {answer['error']}"
        document: dict[str, Any] = answer["document"]
        return document

    def verify(self, credential: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """Digital Bazaar's verdict ``{verified, errors, proofs, loaded}``."""
        return self.call("verify", credential=credential, **extra)

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._stderr.close()
