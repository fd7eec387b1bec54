"""``openbadge notify``: prints the message without SMTP, sends it with, refuses bad badges."""

from __future__ import annotations

import base64
import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.cli import main
from openbadge_kit.verify import verify

from ..render.samples import LEARNER, NOW, rich_credential
from .servers import smtp_server

NOW_ARG = ["--now", NOW.isoformat()]
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture()
def badge(tmp_path: Path) -> Path:
    path = tmp_path / "badge.png"
    path.write_bytes(bake(PNG_1PX, rich_credential()))
    return path


def test_without_smtp_the_message_is_printed(badge: Path,
                                             capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["notify", str(badge), "--to", LEARNER, "--from", "badges@example.org",
                 "--name", "Avery", *NOW_ARG]) == 0
    message = message_from_bytes(capsysbinary.readouterr().out, policy=policy.default)
    assert message["To"] == LEARNER and message["From"] == "badges@example.org"
    files = {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}
    png = files["job-search-interview-skills.png"]
    assert png == badge.read_bytes() and verify(png, now=NOW).verified
    page = files["job-search-interview-skills.html"]
    assert b"As of <strong>1 June 2026, 12:00 UTC</strong>" in page
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Hello Avery," in text and "https://www.linkedin.com/profile/add?" in text


def test_with_smtp_the_message_is_sent(badge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with smtp_server() as (port, mailbox):
        assert main(["notify", str(badge), "--to", LEARNER, "--from", "badges@example.org",
                     "--smtp", f"smtp://127.0.0.1:{port}?starttls=never", *NOW_ARG]) == 0
    assert f"sent {badge} to {LEARNER}" in capsys.readouterr().err
    [(_, rcpt, raw)] = mailbox.messages
    assert rcpt == [LEARNER]
    attached = [p.get_payload(decode=True) for p in
                message_from_bytes(raw, policy=policy.default).iter_attachments()]
    assert badge.read_bytes() in attached


def test_refusals(badge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tampered = rich_credential()
    tampered["name"] = "changed after signing"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered))
    assert main(["notify", str(bad), "--to", LEARNER, "--from", "a@example.org",
                 *NOW_ARG]) == 1
    assert "does not verify" in capsys.readouterr().err
    # the sample issuer has no e-mail, so a sender must be given
    assert main(["notify", str(badge), "--to", LEARNER, *NOW_ARG]) == 2
    assert "--from" in capsys.readouterr().err
    assert main(["notify", str(badge), "--to", "nobody", "--from", "a@example.org",
                 *NOW_ARG]) == 2
    assert "address_invalid" in capsys.readouterr().err
    assert main(["notify", str(badge), "--to", LEARNER, "--from", "a@example.org",
                 "--smtp", "smtp://127.0.0.1:1?starttls=never", "--timeout", "2",
                 *NOW_ARG]) == 1
    assert "smtp_connect_failed" in capsys.readouterr().err
