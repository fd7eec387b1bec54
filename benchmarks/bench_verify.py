"""Benchmark: full verification of the benchmark credential, and batches on 1 and 2 processes.

Set-up signs ``tests/vectors/bench-credential-unsigned.json`` (issuer replaced by a
did:key made here, a BitstringStatusListEntry added) and a status list kept in a local
folder, so every check runs offline: input, parse, context, schema, subject, proof,
validity, status (list read, verified and decoded), issuer.  Then:

* one credential, per call: with the run's status list already verified (the usual case
  in a batch) and with fresh options (the list credential verified again every time);
* batches of 1,000 and 10,000 credential files from a folder (``--quick``: 200 and
  2,000) with one and with two processes: wall and CPU time per credential, the main
  process's share, and the two-process speed-up (issue #7), next to what two processes
  give this machine on a pure Python loop (the ceiling, lower when something else runs).

Set-up signs the 10,000 on every core (~5 s on two).  Prints per-item medians.
Run: ``python benchmarks/bench_verify.py [--quick]`` (~60 s; ``--quick`` ~10 s).
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


def _write_signed(folder: str, start: int, stop: int) -> None:
    for i in range(start, stop):
        (Path(folder) / f"badge-{i:05d}.json").write_text(json.dumps(make_credential(1000 + i)))


def write_batch(folder: Path, count: int) -> list[Path]:
    """``count`` signed credential files in ``folder``, signed on every core (set-up)."""
    from concurrent.futures import ProcessPoolExecutor

    step = 250
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_signed, [str(folder)] * len(range(0, count, step)),
                      range(0, count, step), [min(count, i + step) for i in range(0, count, step)]))
    return sorted(folder.iterdir())


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def ceiling(rounds: int) -> float:
    """What two processes give this machine right now on pure Python work (median ratio)."""
    from concurrent.futures import ProcessPoolExecutor

    n = 2_000_000
    ratios = []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))
        for _ in range(rounds):
            start = time.perf_counter()
            _spin(n)
            _spin(n)
            one = time.perf_counter() - start
            start = time.perf_counter()
            list(pool.map(_spin, [n, n]))
            ratios.append(one / (time.perf_counter() - start))
    return statistics.median(ratios)


def _cpu() -> tuple[float, float]:
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def batch_case(files: list[Path], lists_dir: Path, rounds: int) -> dict[str, dict[int, float]]:
    """Median wall and CPU seconds of verifying ``files`` with one and with two processes.

    Runs alternate between one and two processes, so a change in the machine's other
    load affects both alike; CPU is split into this process and its workers.
    """
    samples: dict[str, dict[int, list[float]]] = {
        k: {1: [], 2: []} for k in ("wall", "parent", "workers")}
    for _ in range(rounds):
        for processes in (1, 2):
            opts = build_options(now=NOW, status_lists=lists_dir)
            cpu0, children0 = _cpu()
            start = time.perf_counter()
            reports = verify_batch(files, opts, processes=processes)
            samples["wall"][processes].append(time.perf_counter() - start)
            cpu1, children1 = _cpu()
            samples["parent"][processes].append(cpu1 - cpu0)
            samples["workers"][processes].append(children1 - children0)
            if not all(r.verified for r in reports):
                raise SystemExit("batch: a credential did not verify")
            # the previous run's reports (10,000: ~1 million objects) would otherwise stay
            # alive through the next run, and every full collection there walks them
            del reports
    return {k: {p: statistics.median(v) for p, v in by.items()} for k, by in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller batches and fewer runs")
    args = parser.parse_args()
    repeat = 15 if args.quick else 50
    sizes = (200, 2000) if args.quick else (1000, 10000)
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
        files = write_batch(batch_dir, max(sizes))
        setup_s = time.perf_counter() - started
        machine = ceiling(1 if args.quick else 3)
        speedups = []
        for size, rounds in zip(sizes, (1, 1) if args.quick else (3, 2), strict=True):
            result = batch_case(files[:size], lists_dir, rounds)
            wall = result["wall"]
            for processes in (1, 2):
                label = f"batch of {size:,}, {processes} process{'es' if processes > 1 else ''}"
                rows.append((f"{label}: wall per credential", wall[processes] * 1000 / size))
                rows.append((f"{label}: CPU per credential (main + workers)",
                             (result["parent"][processes] + result["workers"][processes])
                             * 1000 / size))
            rows.append(("  of which the main process, 2 processes",
                         result["parent"][2] * 1000 / size))
            speedups.append((size, wall[1], wall[2]))
    print(f"benchmark credential: {CREDENTIAL_FILE.name}, all checks, status from a local list")
    print(f"(batch set-up: signed {max(sizes):,} credentials in {setup_s:.1f} s)")
    print(f"{'case':<66}{'median ms':>12}")
    for name, ms in rows:
        print(f"{name:<66}{ms:>12.2f}")
    for size, one_s, two_s in speedups:
        print(f"{f'batch of {size:,}: total s, 1 process / 2 processes':<66}"
              f"{one_s:>6.2f}{two_s:>6.2f}")
        print(f"{f'batch of {size:,}: two-process speed-up':<66}{one_s / two_s:>11.2f}x")
    print(f"{'machine: two-process speed-up of a pure Python loop (ceiling)':<66}"
          f"{machine:>11.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
