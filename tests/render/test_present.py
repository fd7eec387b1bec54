"""examples/jmg/present.py: a page per badge, an .eml per badge still held, nothing sent."""

from __future__ import annotations

import base64
import sys
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.verify import verify

from .page import Page
from .samples import LEARNER, NOW, rich_credential

JMG = Path(__file__).resolve().parents[2] / "examples" / "jmg"
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@dataclass
class Line:
    badge: str
    outcome: str
    files: list[str] = field(default_factory=list)


@dataclass
class Learner:
    name: str
    email: str


@pytest.fixture()
def present() -> Any:
    if str(JMG) not in sys.path:
        sys.path.insert(0, str(JMG))
    import present as module

    return module.present


def test_pages_and_messages_are_written_next_to_the_badges(
        tmp_path: Path, present: Any, monkeypatch: pytest.MonkeyPatch,
        socket_log: list[Any], capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("OPENBADGE_SMTP_URL", raising=False)
    (tmp_path / "status").mkdir()
    folder = tmp_path / "badges" / "avery"
    folder.mkdir(parents=True)
    held, revoked = folder / "job-search.png", folder / "old.png"
    held.write_bytes(bake(PNG_1PX, rich_credential()))
    revoked.write_bytes(bake(PNG_1PX, rich_credential()))
    lines = {LEARNER: [Line("Job Search", "issued", [str(folder / "job-search.json"),
                                                     str(held)]),
                       Line("Old", "revoked", [str(revoked)]),
                       Line("Not yet", "not-earned")]}
    done = present(tmp_path, [Learner("Avery", LEARNER)], lines, tmp_path / "status",
                   now=NOW)
    assert done.pages == [held.with_suffix(".html"), revoked.with_suffix(".html")]
    assert done.messages == [held.with_suffix(".eml")] and done.sent == 0
    assert "wrote 2 display page(s) and 1 award message(s)" in capsys.readouterr().out
    assert not revoked.with_suffix(".eml").exists()
    page = Page(held.with_suffix(".html").read_text("utf-8"))
    assert "As of 1 June 2026, 12:00 UTC: VERIFIED" in page.text
    assert "Complete (1 point)" in page.text
    message = message_from_bytes(held.with_suffix(".eml").read_bytes(), policy=policy.default)
    assert message["To"] == LEARNER
    assert "Hello Avery," in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    attached = {p.get_filename(): p.get_payload(decode=True)
                for p in message.iter_attachments()}
    png = attached["job-search-interview-skills.png"]
    assert png == held.read_bytes() and verify(png, now=NOW).verified
    assert socket_log == []  # nothing sent without an SMTP server
