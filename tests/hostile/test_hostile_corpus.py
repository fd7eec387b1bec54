"""The hostile-input corpus (``generate.py``) through the entry points a user would hit.

Each case: the exact failed check and code (``verify``, which never raises) or the exact
exception type and code (``bake``, ``sign``, model parsing, issuing); a time bound; and
no socket opened at all, even for the cases that run with ``online=True``.
"""

from __future__ import annotations

import time
import warnings
from datetime import datetime, timezone
from typing import Any

import pytest

from openbadge_kit import verify
from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.verify.report import VerificationReport

from .generate import RaiseCase, VerifyCase, raise_cases, verify_cases

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
VERIFY_CASES = verify_cases()
RAISE_CASES = raise_cases()


def _results(report: VerificationReport, nested: bool) -> list[Any]:
    found = list(report.checks)
    if nested:
        for inner in report.endorsements:
            found.extend(_results(inner, True))
    return found


@pytest.mark.parametrize("case", VERIFY_CASES, ids=[c.name for c in VERIFY_CASES])
def test_verify_reports_the_exact_check(case: VerifyCase, socket_log: list[Any]) -> None:
    source = case.build()
    kwargs = case.kwargs()
    start = time.perf_counter()
    report = verify(source, now=NOW, **kwargs)
    elapsed = time.perf_counter() - start
    results = _results(report, case.nested)
    assert not [r for r in results if r.code == "internal.unexpected_error"], report.to_text()
    matching = [r for r in results if r.check == case.check and r.code == case.code]
    assert matching, (case.name, [(r.check, r.status.value, r.code) for r in results])
    assert matching[0].status.value == case.status, (case.name, matching[0])
    assert case.message in matching[0].message, (case.message, matching[0].message)
    if case.status in ("failed", "not_checked") and case.check in ("input", "parse", "proof"):
        assert not report.verified
    report.to_json()  # every report renders
    assert elapsed < case.budget, f"{case.name}: {elapsed:.3f} s"
    assert socket_log == []


@pytest.mark.parametrize("case", RAISE_CASES, ids=[c.name for c in RAISE_CASES])
def test_public_functions_raise_the_exact_error(case: RaiseCase,
                                                socket_log: list[Any]) -> None:
    start = time.perf_counter()
    with pytest.raises(OpenBadgeError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        case.call()
    elapsed = time.perf_counter() - start
    assert type(info.value) is case.error, (case.name, type(info.value), info.value)
    assert info.value.code == case.code, (case.name, info.value.code, str(info.value))
    assert case.message in str(info.value), (case.message, str(info.value))
    assert elapsed < case.budget, f"{case.name}: {elapsed:.3f} s"
    assert socket_log == []


def test_the_corpus_covers_what_issue_8_lists() -> None:
    names = " ".join(c.name for c in [*VERIFY_CASES, *RAISE_CASES]).lower()
    for topic in ("depth bomb", "duplicate key", "nan", "infinity", "invalid utf-8",
                  "lone surrogate", "control character", "protected term", "file://",
                  "http://localhost", "crit", "b64: false", "gzip bomb", "did:web for localhost",
                  "did:web for 10.0.0.7", "chunk length 0xffffffff", "<script>", "onload",
                  "<foreignobject>"):
        assert topic in names, topic
    assert {c.issue for c in [*VERIFY_CASES, *RAISE_CASES]} >= {"#2", "#3", "#4", "#5", "#6",
                                                              "#8"}


def test_the_cli_verifies_the_written_corpus_without_a_traceback(tmp_path: Any) -> None:
    import subprocess
    import sys

    from .generate import write

    paths = write(tmp_path)
    assert len(paths) >= len(VERIFY_CASES) - 3  # cases over the size limit stay in memory
    run = subprocess.run([sys.executable, "-m", "openbadge_kit", "verify", str(tmp_path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr  # read fine, but not every badge verifies
    assert "Traceback" not in run.stderr
    summary = run.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{len(paths)} badge(s):"), summary
