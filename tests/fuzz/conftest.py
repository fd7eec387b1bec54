"""Prints how many examples each fuzz target ran (the number issue #8 asks to record)."""

from __future__ import annotations

from typing import Any

from .common import COUNTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNTS:
        return
    terminalreporter.section("fuzz examples run")
    for name, count in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{name:<56} {count:>8}")
    total = sum(n for name, n in COUNTS.items() if "... of which" not in name)
    terminalreporter.write_line(f"{'total examples':<56} {total:>8}")
