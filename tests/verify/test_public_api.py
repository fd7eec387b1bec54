"""``openbadge_kit.verify`` / ``verify_many`` as the package exports them."""

from __future__ import annotations

import openbadge_kit
from openbadge_kit.verify.report import VerificationReport

from .helpers import NOW, credential, signed


def test_verify_is_callable_from_the_package_even_after_submodule_imports():
    import openbadge_kit.verify.report  # binds the subpackage to openbadge_kit.verify

    report = openbadge_kit.verify(signed(credential()), now=NOW)
    assert isinstance(report, VerificationReport) and report.verified
    from openbadge_kit import verify, verify_many

    assert verify(b"junk", now=NOW).verified is False
    assert [r.verified for r in verify_many([b"junk", signed(credential())], now=NOW)] == [
        False, True]
    assert {"verify", "verify_many"} <= set(openbadge_kit.__all__)


def test_report_text_verdict_line_qualifies_the_result():
    doc = credential()
    del doc["credentialSubject"]["id"]
    warned = openbadge_kit.verify(signed(doc), now=NOW)
    assert warned.to_text().startswith("VERIFIED (1 warning(s)): ")
    unsigned = openbadge_kit.verify(doc, now=NOW)
    assert unsigned.to_text().startswith("NOT VERIFIED (1 failed check(s))")
