"""Benchmark: issuing at scale, and stacking evaluation.

* issue + sign (eddsa-rdfc-2022) N credentials into a fresh SQLite registry with a status
  list: in one process signing alone, in one process with a 2-worker signing pool, and
  from two separate processes issuing N/2 each into the same registry at once;
* evaluate a stack whose parent needs 10 children (each child verified: proof, status).

Prints per-credential medians over ``--repeat`` runs.
Run: ``python benchmarks/bench_issue.py [--count 1000] [--repeat 3] [--quick]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openbadge_kit.issuer import Issuer, IssueRequest
from openbadge_kit.keys.ed25519 import Ed25519KeyPair
from openbadge_kit.stacking import ChildRule, Stack, evaluate

LIST_URL = "https://badges.example.edu/status/1"
SEED = bytes(range(32))


def achievement(n: int) -> dict[str, Any]:
    return {"id": f"https://badges.example.edu/achievements/{n}", "type": ["Achievement"],
            "achievementType": "MicroCredential", "name": f"Skill {n}",
            "description": "Benchmark achievement.",
            "criteria": {"narrative": "Complete every assignment of the unit."}}


def make_issuer(registry: Path, workers: int) -> Issuer:
    key = Ed25519KeyPair.from_seed(SEED)
    profile = {"id": key.did_key, "type": ["Profile"], "name": "Benchmark College"}
    return Issuer(profile, key, registry=registry, status_list=LIST_URL, workers=workers)


def issue_batch(registry: Path, count: int, tag: str, workers: int) -> None:
    with make_issuer(registry, workers) as issuer:
        issuer.issue_many([IssueRequest(achievement(1), f"{tag}{i}@example.com")
                           for i in range(count)])


def timed(func: Callable[[], Any], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def one_process(count: int, workers: int) -> Callable[[], None]:
    def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            issue_batch(Path(tmp) / "r.db", count, "u", workers)
    return run


def two_processes(count: int) -> Callable[[], None]:
    def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "r.db")
            make_issuer(Path(db), 1).close()  # create the schema and the list first
            procs = [subprocess.Popen([sys.executable, __file__, "--child", db,
                                       str(count // 2), tag]) for tag in ("a", "b")]
            for proc in procs:
                if proc.wait() != 0:
                    raise SystemExit("a child issuing process failed")
    return run


def stacking(repeat: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        issuer = make_issuer(Path(tmp) / "r.db", 1)
        kids = [issuer.issue(achievement(n), "learner@example.com").credential
                for n in range(10)]
        status = issuer.publish_status_list(Path(tmp) / "status").parent
        key = Ed25519KeyPair.from_seed(SEED)
        stack = Stack(achievement(99), (ChildRule("all", "All ten", tuple(
            achievement(n)["id"] for n in range(10))),), (), (key.did_key,))

        def run() -> None:
            result = evaluate(stack, kids, recipient="learner@example.com", status_lists=status)
            assert result.met

        run()  # warm up
        samples = timed(run, repeat)
        issuer.close()
    return statistics.median(samples), len(kids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="200 credentials, one run")
    parser.add_argument("--child", nargs=3, metavar=("DB", "COUNT", "TAG"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, count, tag = args.child
        issue_batch(Path(db), int(count), tag, 1)
        return 0
    count, repeat = (200, 1) if args.quick else (args.count, args.repeat)
    one_process(20, 1)()  # warm up imports and context caches
    rows = []
    for label, func in [
        ("1 process, signing inline", one_process(count, 1)),
        ("1 process, 2 signing workers", one_process(count, 2)),
        ("2 processes, one registry", two_processes(count)),
    ]:
        median = statistics.median(timed(func, repeat))
        rows.append((f"issue+sign {count} ({label})", median / count * 1000,
                     count / median))
    stack_median, kids = stacking(max(repeat * 5, 5))
    print(f"{'benchmark':<52} {'ms / item':>10} {'items / s':>10}")
    print("-" * 74)
    for name, per_item, rate in rows:
        print(f"{name:<52} {per_item:>10.2f} {rate:>10.0f}")
    print(f"{'stacking: evaluate a ' + str(kids) + '-child parent (per parent)':<52} "
          f"{stack_median * 1000:>10.2f} {1 / stack_median:>10.1f}")
    print(f"(medians of {repeat} run(s); registry: SQLite WAL; proof: eddsa-rdfc-2022)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
