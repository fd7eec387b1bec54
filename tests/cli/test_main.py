"""``openbadge VERB ...`` builds only that verb's parser; what it parses and prints is the
same as with every verb's parser built."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.cli import (
    COMMANDS,
    HelpFormatter,
    _available,
    _needed,
    build_parser,
    main,
    terminal_columns,
)

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
IMAGE = VECTORS / "ob2-concentricsky-openbadges-bakery" / "public_domain_heart.png"

ARGVS = [
    ["verify", "--now", "2026-06-01T00:00:00Z", "--json", "badge.png", "other.png"],
    ["verify", "--help"],
    ["verify"],
    ["verify", "--no-such-option", "badge.png"],
    ["bake", "--help"],
    ["unbake", "--help"],
    ["keygen", "-o", "key.json"],
    ["sign", "--bogus"],
    ["-h"],
    ["--help", "verify"],
    ["no-such-verb", "x"],
    [],
]


def _outcome(args: list[str], commands: dict[str, tuple[str, str]]) -> tuple[Any, ...]:
    out, err = io.StringIO(), io.StringIO()
    code: Any = None
    parsed: dict[str, Any] = {}
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ns = build_parser(args, commands).parse_args(args)
            parsed = {k: v for k, v in vars(ns).items() if k != "_run"}
            parsed["_run"] = getattr(getattr(ns, "_run", None), "__module__", None)
        except SystemExit as exc:
            code = exc.code
    return code, parsed, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("args", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_only_the_verbs_parser_is_built_and_nothing_changes(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert _outcome(args, _needed(args)) == _outcome(args, _available())


@pytest.mark.parametrize("columns", [None, "40", "132", "0", "-5", "wide", ""])
@pytest.mark.parametrize("terminal", [None, 0, 97])
def test_help_is_wrapped_to_the_width_argparse_would_use(
        columns: str | None, terminal: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our formatter avoids importing shutil; its width is shutil's, so help is unchanged."""
    import argparse
    import os
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.delenv("LINES", raising=False)

    def size(fd: int = 1) -> os.terminal_size:
        if terminal is None:
            raise OSError("not a terminal")
        return os.terminal_size((terminal, 24))

    monkeypatch.setattr(os, "get_terminal_size", size)
    assert terminal_columns() == shutil.get_terminal_size().columns
    ours, theirs = HelpFormatter("openbadge"), argparse.HelpFormatter("openbadge")
    assert ours._width == theirs._width
    assert ours._max_help_position == theirs._max_help_position


def test_a_verb_first_builds_one_parser_and_anything_else_all() -> None:
    assert list(_needed(["verify", "badge.png"])) == ["verify"]
    assert list(_needed(["unbake", "badge.png"])) == ["unbake"]
    assert list(_needed(["-h", "verify"])) == list(COMMANDS)
    assert list(_needed(["nope"])) == list(COMMANDS)
    assert list(_needed([])) == list(COMMANDS)


def _signed_badge(folder: Path) -> Path:
    """The benchmark credential, signed by a did:key and baked into a public-domain PNG."""
    from openbadge_kit.bake import bake
    from openbadge_kit.keys.ed25519 import Ed25519KeyPair
    from openbadge_kit.proofs.data_integrity import sign

    key = Ed25519KeyPair.from_seed(bytes(range(40, 72)))
    doc = json.loads((VECTORS / "bench-credential-unsigned.json").read_text("utf-8"))
    doc["issuer"]["id"] = key.did_key
    signed = sign(doc, key, verification_method=key.did_key_vm,
                  created="2024-06-01T00:00:00Z")
    path = folder / "badge.png"
    path.write_bytes(bake(IMAGE.read_bytes(), signed))
    return path


def test_as_the_program_the_output_and_exit_code_are_those_of_a_python_call(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m openbadge_kit`` (GC tuned for a short-lived process) prints what a
    Python call of ``main`` (GC left alone) prints, and exits with its code."""
    badge = _signed_badge(tmp_path)
    for args in (["verify", "--now", "2026-06-01T00:00:00Z", str(badge)],
                 ["verify", "--json", "--now", "2026-06-01T00:00:00Z", str(badge)],
                 ["verify", "--now", "2031-01-01T00:00:00Z", str(badge)],
                 ["unbake", str(badge)]):
        code = main(args)
        expected = capsys.readouterr().out
        out = subprocess.run([sys.executable, "-m", "openbadge_kit", *args],
                             capture_output=True, text=True, timeout=120, check=False)
        assert (out.returncode, out.stdout) == (code, expected), args


def test_the_collector_thresholds_are_restored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    badge = _signed_badge(tmp_path)
    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["openbadge", "verify", "--now",
                                      "2026-06-01T00:00:00Z", str(badge)])
    assert main() == 0
    assert "VERIFIED" in capsys.readouterr().out
    assert gc.get_threshold() == before
    assert main(["verify", "--now", "2026-06-01T00:00:00Z", str(badge)]) == 0
    assert gc.get_threshold() == before
