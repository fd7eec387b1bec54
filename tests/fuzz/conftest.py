"""Prints how many examples each fuzz target ran (the number issue #8 asks to record)."""

from __future__ import annotations

from typing import Any

from .common import COUNTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNTS:
        return
    terminalreporter.section("fuzz examples run")
    for name, count in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{name:<44} {count:>8}")
    terminalreporter.write_line(f"{'total':<44} {sum(COUNTS.values()):>8}")
