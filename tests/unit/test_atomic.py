"""write_atomic: all or nothing, with the right mode from the start."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from openbadge_kit.atomic import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_bytes_and_text(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.bin", b"\x00\x01")
    write_atomic(tmp_path / "b.txt", "é")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_bytes() == "é".encode()
    assert _mode(tmp_path / "a.bin") == 0o644


def test_private_files_are_0600(tmp_path: Path) -> None:
    write_atomic(tmp_path / "key.json", "{}", mode=0o600)
    assert _mode(tmp_path / "key.json") == 0o600


def test_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_exclusive_refuses_to_replace(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        write_atomic(target, "new", exclusive=True)
    assert target.read_text() == "old"


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    target = tmp_path / "x.json"
    target.write_text("old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_make_parents(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a" / "b" / "c.txt", "x", make_parents=True)
    assert (tmp_path / "a" / "b" / "c.txt").read_text() == "x"
