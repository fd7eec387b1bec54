"""Benchmark: full verification of the benchmark credential, and batches of 1,000.

Set-up signs ``tests/vectors/bench-credential-unsigned.json`` (issuer replaced by a
did:key made here, a BitstringStatusListEntry added) and a status list kept in a local
folder, so every check runs offline: input, parse, context, schema, subject, proof,
validity, status (list read, verified and decoded), issuer.  Then:

* one credential, per call: with the run's status list already verified (the usual case
  in a batch) and with fresh options (the list credential verified again every time);
* a batch of 1,000 credential files from a folder with one and with two processes.

Prints per-item medians.  Run: ``python benchmarks/bench_verify.py [--quick]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.proofs.data_integrity import sign
from openbadge_kit.status.bitstring import encode_bitstring, set_bit
from openbadge_kit.verify.api import verify_batch, verify_with
from openbadge_kit.verify.options import build_options

ROOT = Path(__file__).resolve().parents[1]
CREDENTIAL_FILE = ROOT / "tests" / "vectors" / "bench-credential-unsigned.json"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
LIST_URL = "https://computing.example.edu/status/1"
KEY = Ed25519KeyPair.from_seed(bytes(range(100, 132)))


def _sign(doc: dict[str, Any]) -> dict[str, Any]:
    return sign(doc, KEY, verification_method=KEY.did_key_vm, created="2024-06-01T00:00:00Z")


def make_credential(index: int) -> dict[str, Any]:
    """The benchmark credential, signed, with status entry ``index``."""
    doc = json.loads(CREDENTIAL_FILE.read_text("utf-8"))
    doc["id"] = f"urn:uuid:2a4c5ee4-6f0b-4f56-9d8e-{index:012d}"
    doc["issuer"]["id"] = KEY.did_key
    doc["credentialStatus"] = {
        "id": f"{LIST_URL}#{index}", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": str(index),
        "statusListCredential": LIST_URL}
    return _sign(doc)


def make_status_list(revoked: tuple[int, ...]) -> dict[str, Any]:
    """A signed BitstringStatusListCredential (16 KiB) with ``revoked`` bits set."""
    bits = bytearray(16 * 1024)
    for i in revoked:
        set_bit(bits, i)
    return _sign({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": KEY.did_key,
        "validFrom": "2024-06-01T00:00:00Z",
        "credentialSubject": {"id": f"{LIST_URL}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation",
                              "encodedList": encode_bitstring(bytes(bits))},
    })


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller batch and fewer runs")
    args = parser.parse_args()
    repeat = 15 if args.quick else 50
    batch_size = 200 if args.quick else 1000
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        lists_dir = Path(tmp) / "status"
        lists_dir.mkdir()
        (lists_dir / "list.json").write_text(json.dumps(make_status_list((7,))))
        one = make_credential(3)
        options = build_options(now=NOW, status_lists=lists_dir)
        report = verify_with(one, options)
        if not report.verified:
            print(report.to_text(), file=sys.stderr)
            return 1
        rows = [
            ("verify one credential (list verified once per run)",
             median_ms(lambda: verify_with(copy.deepcopy(one), options), repeat)),
            ("verify one credential (fresh options: list verified too)",
             median_ms(lambda: verify_with(one, build_options(now=NOW,
                                                              status_lists=lists_dir)),
                       repeat)),
        ]
        batch_dir = Path(tmp) / "batch"
        batch_dir.mkdir()
        started = time.perf_counter()
        for i in range(batch_size):
            (batch_dir / f"badge-{i:04d}.json").write_text(
                json.dumps(make_credential(1000 + i)))
        setup_s = time.perf_counter() - started
        files = sorted(batch_dir.iterdir())
        # runs alternate between one and two processes, so a change in the machine's
        # other load affects both alike; CPU seconds are reported next to wall time
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(1 if args.quick else 3):
            for processes in (1, 2):
                opts = build_options(now=NOW, status_lists=lists_dir)
                before = os.times()
                start = time.perf_counter()
                reports = verify_batch(files, opts, processes=processes)
                walls[processes].append(time.perf_counter() - start)
                after = os.times()
                cpus[processes].append(after.user + after.system - before.user - before.system
                                       + after.children_user + after.children_system
                                       - before.children_user - before.children_system)
                if not all(r.verified for r in reports):
                    print("batch: a credential did not verify", file=sys.stderr)
                    return 1
        totals = {p: statistics.median(w) for p, w in walls.items()}
        for processes in (1, 2):
            rows.append((f"batch of {batch_size} files, {processes} process(es), per credential",
                         totals[processes] * 1000 / batch_size))
            rows.append((f"  CPU time per credential, {processes} process(es)",
                         statistics.median(cpus[processes]) * 1000 / batch_size))
    print(f"benchmark credential: {CREDENTIAL_FILE.name}, all checks, status from a local list")
    print(f"(batch set-up: signed {batch_size} credentials in {setup_s:.1f} s)")
    print(f"{'case':<66}{'median ms':>12}")
    for name, ms in rows:
        print(f"{name:<66}{ms:>12.2f}")
    print(f"{'batch total, 1 process (s)':<66}{totals[1]:>12.2f}")
    print(f"{'batch total, 2 processes (s)':<66}{totals[2]:>12.2f}")
    print(f"{'two-process speed-up':<66}{totals[1] / totals[2]:>11.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
