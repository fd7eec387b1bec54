"""The plain-text report: what a person reads must not overstate what was checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from openbadge_kit.verify import verify

from .corpus import CORPUS_NOW, VECTORS, did_documents

SIGNED = VECTORS / "1edtech-ob3-spec-test-vectors" / "obv3p0" / "signed.json"
LABEL = "what the credential claims, confirmed by no signature"


def test_a_tampered_badge_labels_its_summary_as_unconfirmed_claims() -> None:
    doc = json.loads(SIGNED.read_text())
    doc["credentialSubject"]["achievement"]["name"] = "Master Welder"
    text = verify(doc, now=CORPUS_NOW, did_documents=did_documents()).to_text()
    lines = text.splitlines()
    assert lines[0].startswith("NOT VERIFIED")
    assert LABEL in lines[1]
    assert lines.index(next(x for x in lines if "Master Welder" in x)) > 1


def test_a_verified_badge_has_no_such_label() -> None:
    report = verify(SIGNED, now=CORPUS_NOW, did_documents=did_documents())
    assert report.verified
    assert LABEL not in report.to_text()


def test_cli_output_cut_short_by_the_reader_is_not_a_traceback(tmp_path: Path) -> None:
    script = ("import sys; from openbadge_kit.cli import main; "
              f"sys.exit(main(['verify', {str(SIGNED)!r}]))")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the report is written, like `| head -0`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err
