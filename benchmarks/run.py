"""Run every ``benchmarks/bench_*.py`` and print their tables (``make bench``).

Each benchmark is a standalone script that prints a table of per-item medians; this
runner starts each one in its own Python process (so no benchmark warms caches for
another), passes ``--quick`` through to those that accept it, and ends with how long each took and
whether it succeeded.  Exit status is non-zero when any benchmark failed.

Run: ``python benchmarks/run.py [--quick] [NAME ...]`` where NAME selects benchmarks
by a part of their file name (``jsonld`` runs ``bench_jsonld.py``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[Path]:
    """The benchmark scripts, sorted by name, filtered by ``names`` when given."""
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    return scripts


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the openbadge_kit benchmarks.")
    parser.add_argument("names", nargs="*", help="run only benchmarks whose name contains one")
    parser.add_argument("--quick", action="store_true",
                        help="pass --quick to benchmarks that take it (smaller budgets)")
    args = parser.parse_args()
    scripts = discover(args.names)
    if not scripts:
        print("no benchmarks matched", file=sys.stderr)
        return 2
    summary: list[tuple[str, float, int]] = []
    for script in scripts:
        print(f"\n=== {script.stem} " + "=" * max(0, 70 - len(script.stem)), flush=True)
        command = [sys.executable, str(script)]
        if args.quick and "--quick" in script.read_text("utf-8"):
            command.append("--quick")
        start = time.perf_counter()
        code = subprocess.call(command, cwd=HERE.parent)
        summary.append((script.stem, time.perf_counter() - start, code))
    print("\n=== summary " + "=" * 62)
    print(f"{'benchmark':<30}{'seconds':>10}  result")
    for name, seconds, code in summary:
        print(f"{name:<30}{seconds:>10.1f}  {'ok' if code == 0 else f'FAILED (exit {code})'}")
    return 0 if all(code == 0 for _, _, code in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
