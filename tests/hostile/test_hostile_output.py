"""A hostile credential cannot drive the terminal that shows its report.

Names, ids and messages quoting them are the credential author's text: ANSI escapes, a
carriage return, a newline or a bidi override could otherwise overwrite or fake lines of
``openbadge verify``'s output (e.g. print a forged "✓ proof" line).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from openbadge_kit import verify
from openbadge_kit.cli.verify_cmd import summary_table
from openbadge_kit.verify.report import printable

from .generate import ISSUER, credential, signed

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
EVIL = "Evil\x1b[2J\x1b[32m\r\n  ✓ proof: forged line\u202egnp.exe\x07\x9b"
#: what must never reach the terminal: C0/C1 controls, DEL, bidi and line separators
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e"
                 "\u2066-\u2069]")


def _evil_credential() -> dict:
    doc = credential(name=EVIL, issuer={"id": ISSUER.did_key, "type": ["Profile"],
                                        "name": EVIL})
    doc["credentialSubject"]["achievement"]["name"] = EVIL
    return signed(doc)


def test_printable_escapes_controls_and_keeps_other_text() -> None:
    assert printable("Café ✓ 名前") == "Café ✓ 名前"
    assert printable("a\x1b[2Jb\r\nc\u202ed") == "a\\u001b[2Jb\\u000d\\u000ac\\u202ed"


def test_text_report_has_one_line_per_item_and_no_control_characters() -> None:
    report = verify(_evil_credential(), now=NOW)
    assert report.verified  # the signature covers the odd names: they are genuine text
    text = report.to_text()
    assert RAW.search(text) is None
    lines = text.split("\n")
    assert not any(line.lstrip().startswith("✓ proof: forged") for line in lines)
    assert "Evil\\u001b[2J\\u001b[32m\\u000d\\u000a" in text  # shown, escaped


def test_failed_report_and_batch_summary_escape_the_credential_text(tmp_path: Path) -> None:
    doc = _evil_credential()
    doc["issuer"] = {"id": f"did:key:{EVIL}", "type": ["Profile"], "name": EVIL}
    report = verify(doc, now=NOW)
    assert not report.verified
    name = str(tmp_path / "badge\x1b[1A\rverified.json")
    table = summary_table([(name, report)])
    assert RAW.search(table) is None
    assert RAW.search(report.to_text()) is None
