"""Benchmark: a cold ``openbadge verify badge.png`` (issues #5, #7), and schema validation.

Set-up (in a temporary folder): the benchmark credential
``tests/vectors/bench-credential-unsigned.json`` is issued by a did:key made here, signed
with ``proofs.data_integrity.sign`` (eddsa-rdfc-2022) and baked into a small PNG generated
here.  Then:

* wall time of fresh processes: ``python -c pass`` (the interpreter floor), importing the
  key resolvers, and ``openbadge verify badge.png`` (median and min of N runs), with the
  bytecode cached as in an installed package, and without a bytecode cache (how this
  machine runs when ``PYTHONDONTWRITEBYTECODE`` is set); the same verification through
  ``main(argv)`` called from Python, which leaves the garbage collector untuned (what the
  command's GC tuning saves);
* ``schema.validate_schema`` on the benchmark credential, compiled engine vs jsonschema:
  the first call in a fresh process (imports, schema load, validator build, one
  validation) and the per-credential time once warm.

Run: ``python benchmarks/bench_cold_start.py [--quick] [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CREDENTIAL_FILE = ROOT / "tests" / "vectors" / "bench-credential-unsigned.json"
NOW = "2026-06-01T00:00:00Z"
SCHEMA_URL = ("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
              "ob_v3p0_achievementcredential_schema.json")


def small_png(width: int = 16, height: int = 16) -> bytes:
    """A valid RGB PNG of one colour, generated here."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x20\x60\xc0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def signed_credential() -> dict[str, Any]:
    """The benchmark credential, issued by a did:key and signed (eddsa-rdfc-2022)."""
    from openbadge_kit.keys.ed25519 import Ed25519KeyPair
    from openbadge_kit.proofs.data_integrity import sign

    key = Ed25519KeyPair.from_seed(bytes(range(40, 72)))
    doc = json.loads(CREDENTIAL_FILE.read_text("utf-8"))
    doc["issuer"]["id"] = key.did_key
    return sign(doc, key, verification_method=key.did_key_vm, created="2024-06-01T00:00:00Z")


def wall_ms(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, int]:
    """Median and min wall ms of ``runs`` fresh processes (after one unmeasured run)."""
    samples: list[float] = []
    code = 0
    for index in range(runs + 1):
        start = time.perf_counter()
        code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=env, check=False).returncode
        if index:
            samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples), min(samples), code


def cold_processes(png: Path, tmp: Path, runs: int) -> None:
    """Rows of fresh-process wall times."""
    python = sys.executable
    script = Path(python).with_name("openbadge")
    verify = ([str(script)] if script.exists() else [python, "-m", "openbadge_kit"]) + [
        "verify", "--now", NOW, str(png)]
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    uncached = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    # main() called with its arguments from Python leaves the garbage collector as it is
    # (the installed command tunes it for a short-lived process): shows what that saves
    as_call = [python, "-c", "import sys; from openbadge_kit.cli import main; "
               "sys.exit(main(sys.argv[1:]))", *verify[-4:]]
    rows = [
        ("python -c pass (interpreter floor)", [python, "-c", "pass"], cached),
        ("import openbadge_kit.keys.resolvers", [python, "-c",
                                                 "import openbadge_kit.keys.resolvers"], cached),
        ("openbadge verify badge.png", verify, cached),
        ("  same, as main(argv) (GC not tuned)", as_call, cached),
        ("openbadge verify badge.png, no .pyc", verify, uncached),
    ]
    print(f"cold processes: wall ms of a fresh process, {runs} runs "
          "(bytecode cached as installed, unless 'no .pyc')")
    print(f"{'command':<44}{'median':>9}{'min':>9}  exit")
    for name, command, env in rows:
        median, fastest, code = wall_ms(command, runs, env)
        print(f"{name:<44}{median:>9.1f}{fastest:>9.1f}  {code}")
    print("target (issue #7): openbadge verify badge.png under 80 ms wall (median)")


_FIRST_CALL = """
import json, sys, time
start = time.perf_counter()
from openbadge_kit.schema import validate_schema
doc = json.load(open(sys.argv[1]))
issues = validate_schema(doc, sys.argv[2], engine=sys.argv[3])
print((time.perf_counter() - start) * 1e3, len(issues))
"""


def schema_rows(runs: int, budget: float, tmp: Path) -> None:
    """validate_schema on the benchmark credential: first call in a process, then warm."""
    from openbadge_kit.schema import validate_schema

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    doc = json.loads(CREDENTIAL_FILE.read_text("utf-8"))
    print(f"\nvalidate_schema(bench-credential-unsigned.json), {SCHEMA_URL.rsplit('/', 1)[1]}")
    print(f"{'engine':<14}{'first call ms':>15}{'warm ms/credential':>21}  issues")
    for engine in ("compiled", "jsonschema"):
        firsts = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _FIRST_CALL, str(CREDENTIAL_FILE),
                                  SCHEMA_URL, engine], capture_output=True, text=True,
                                 env=env, check=True).stdout.split()
            firsts.append(float(out[0]))
        issues = validate_schema(doc, SCHEMA_URL, engine=engine)
        samples: list[float] = []
        deadline = time.perf_counter() + budget
        while time.perf_counter() < deadline or len(samples) < 5:
            start = time.perf_counter()
            validate_schema(doc, SCHEMA_URL, engine=engine)
            samples.append((time.perf_counter() - start) * 1e3)
        print(f"{engine:<14}{statistics.median(firsts):>15.1f}"
              f"{statistics.median(samples):>21.3f}  {len(issues)}")
    print("first call: median over fresh processes (imports, schema load, build, validate)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller budgets")
    parser.add_argument("--runs", type=int, default=None, help="fresh processes per row")
    args = parser.parse_args()
    runs = args.runs or (5 if args.quick else 15)
    from openbadge_kit.bake import bake

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        png = tmp / "badge.png"
        png.write_bytes(bake(small_png(), signed_credential()))
        cold_processes(png, tmp, runs)
        schema_rows(max(3, runs // 3), 0.3 if args.quick else 1.0, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
