"""``openbadge VERB ...`` builds only that verb's parser; what it parses and prints is the
same as with every verb's parser built."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest

from openbadge_kit.cli import COMMANDS, _available, _needed, build_parser

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


def test_a_verb_first_builds_one_parser_and_anything_else_all() -> None:
    assert list(_needed(["verify", "badge.png"])) == ["verify"]
    assert list(_needed(["unbake", "badge.png"])) == ["unbake"]
    assert list(_needed(["-h", "verify"])) == list(COMMANDS)
    assert list(_needed(["nope"])) == list(COMMANDS)
    assert list(_needed([])) == list(COMMANDS)
