"""Several processes opening one new SQLite registry at the same moment."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

# each child imports first, then waits for a shared start instant, so the opens collide
OPEN = ("import sys, time; from openbadge_kit.issuer.registry import SQLiteRegistry; "
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); "
        "r = SQLiteRegistry(sys.argv[1]); r.ensure_list('https://x.example/list'); r.close()")


def test_processes_opening_a_new_registry_at_once_all_succeed(tmp_path: Path) -> None:
    # switching a new file to WAL takes an exclusive lock the busy timeout does not wait
    # for; each round starts from a file that does not exist yet
    for round_no in range(5):
        path = tmp_path / f"r{round_no}.db"
        start = str(time.time() + 1.0)
        procs = [subprocess.Popen([sys.executable, "-c", OPEN, str(path), start],
                                  stderr=subprocess.PIPE, text=True) for _ in range(6)]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
