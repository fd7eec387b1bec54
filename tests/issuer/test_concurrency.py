"""Several processes on one registry, and processes killed mid-batch."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from openbadge_kit.issuer.registry import Registry, SQLiteRegistry, open_registry

from .conftest import LIST_URL, fresh_database, proof_codes

WORKER = Path(__file__).with_name("issue_worker.py")


def _spawn(location: str, count: int, tag: str, chunk: int = 10) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), location, str(count), tag, str(chunk)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_consistent(reg: Registry) -> None:
    assert reg.check() == []
    records = reg.find()
    indices = [r.status_index for r in records]
    assert len(indices) == len(set(indices))
    assert reg.get_list(LIST_URL).allocated >= len(records)
    for rec in records:  # every recorded credential is whole and signed
        assert isinstance(rec.credential, dict)
        assert proof_codes(rec.credential) == ["proof.valid"], rec.credential_id


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_processes_never_share_an_index(engine: str, tmp_path: Path,
                                            request: pytest.FixtureRequest) -> None:
    if engine == "sqlite":
        location = str(tmp_path / "shared.db")
    else:
        location = fresh_database(request.getfixturevalue("postgres_dsn"))
    procs = [_spawn(location, 60, tag) for tag in ("a", "b")]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    reg = open_registry(location)
    try:
        assert reg.count() == 120
        _assert_consistent(reg)
    finally:
        reg.close()


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_a_consistent_registry(tmp_path: Path) -> None:
    location = str(tmp_path / "killed.db")
    rng = random.Random(20261126)
    kills = 0
    for round_no in range(5):
        # a batch far longer than the kill takes to land (signing is ~1 ms a credential):
        # kill right after a random number of committed chunks, mid-transaction or between
        proc = _spawn(location, 3000, f"r{round_no}", chunk=rng.choice([3, 7, 25]))
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 5)):
            proc.stdout.readline()  # one more chunk committed: the worker is mid-batch
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
            proc.wait(timeout=60)
        else:  # finished before the kill: it must have finished cleanly
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
    assert kills >= 4
    reg = SQLiteRegistry(location)
    try:
        before = reg.count()
        assert 0 < before < 5 * 3000  # every killed batch stopped short
        _assert_consistent(reg)
    finally:
        reg.close()
    # the registry is still usable after the crashes
    proc = _spawn(location, 10, "after")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    reg = SQLiteRegistry(location)
    try:
        assert reg.count() == before + 10
        assert reg.check() == []
    finally:
        reg.close()
