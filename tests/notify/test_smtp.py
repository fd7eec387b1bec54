"""Sending through real SMTP servers on 127.0.0.1: delivery, STARTTLS, logins, failures."""

from __future__ import annotations

import base64
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.errors import NotificationError
from openbadge_kit.notify import compose_award_message, send
from openbadge_kit.notify.smtp import parse_smtp_url
from openbadge_kit.render import render_html
from openbadge_kit.verify import verify

from ..render.samples import LEARNER, NOW, rich_credential
from .servers import free_port, self_signed, silent_server, smtp_server

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
SENDER = "badges@jmg.example.org"
NO_ENV: dict[str, str] = {}


@pytest.fixture(scope="module")
def award() -> tuple[EmailMessage, bytes, str]:
    credential = rich_credential()
    baked = bake(PNG_1PX, credential)
    page = render_html(credential, verify(baked, now=NOW), image=baked, now=NOW)
    message = compose_award_message(credential, to=LEARNER, sender=SENDER, baked_png=baked,
                                    page_html=page, now=NOW)
    return message, baked, page


def _received(raw: bytes) -> dict[str, Any]:
    message = message_from_bytes(raw, policy=policy.default)
    return {p.get_filename(): p.get_payload(decode=True) for p in message.iter_attachments()}


def test_message_arrives_and_the_attached_badge_still_verifies(award: Any) -> None:
    message, baked, page = award
    with smtp_server() as (port, mailbox):
        send(message, f"smtp://127.0.0.1:{port}?starttls=never", timeout=10, env=NO_ENV)
    [(mail_from, rcpt, raw)] = mailbox.messages
    assert mail_from == SENDER and rcpt == [LEARNER]
    files = _received(raw)
    png = files["job-search-interview-skills.png"]
    assert png == baked  # byte for byte
    assert files["job-search-interview-skills.html"] == page.encode()
    report = verify(png, now=NOW)
    assert report.verified, report.to_text()
    assert report.summary.format == "png"


def test_starttls_with_a_trusted_certificate_and_a_login(award: Any, tmp_path: Path) -> None:
    server_ctx, client_ctx = self_signed(tmp_path)
    env = {"OPENBADGE_SMTP_USER": "issuer", "OPENBADGE_SMTP_PASSWORD": "s3cret pass"}
    with smtp_server(tls_context=server_ctx, require_starttls=True,
                     users={"issuer": "s3cret pass"}) as (port, mailbox):
        send(award[0], f"smtp://127.0.0.1:{port}", timeout=10, ssl_context=client_ctx, env=env)
        # the same server, without trusting its certificate: refused before any login
        with pytest.raises(NotificationError) as info:
            send(award[0], f"smtp://127.0.0.1:{port}", timeout=10, env=env)
        assert info.value.code == "smtp_tls_failed"
        # a wrong password from the URL (it wins over the environment)
        with pytest.raises(NotificationError) as info:
            send(award[0], f"smtp://issuer:wrong@127.0.0.1:{port}", timeout=10,
                 ssl_context=client_ctx, env=env)
        assert info.value.code == "smtp_auth_failed"
    assert len(mailbox.messages) == 1 and mailbox.logins == ["issuer"]
    assert _received(mailbox.messages[0][2])["job-search-interview-skills.png"] == award[1]


def test_starttls_or_smtps_against_a_plain_server_fail_clearly(award: Any) -> None:
    with smtp_server() as (port, mailbox):
        started = time.monotonic()
        with pytest.raises(NotificationError) as info:
            send(award[0], f"smtp://127.0.0.1:{port}", timeout=5, env=NO_ENV)
        assert info.value.code == "smtp_starttls_unavailable"
        assert "STARTTLS" in str(info.value)
        with pytest.raises(NotificationError) as info:
            send(award[0], f"smtps://127.0.0.1:{port}", timeout=5, env=NO_ENV)
        assert info.value.code == "smtp_tls_failed"
        assert "does not speak TLS" in str(info.value)
        assert time.monotonic() - started < 10
    assert mailbox.messages == []


def test_a_silent_server_times_out(award: Any) -> None:
    with silent_server() as port:
        started = time.monotonic()
        with pytest.raises(NotificationError) as info:
            send(award[0], f"smtp://127.0.0.1:{port}", timeout=1, env=NO_ENV)
        assert info.value.code == "smtp_timeout"
        assert time.monotonic() - started < 5


def test_nobody_listening_is_a_connect_error(award: Any) -> None:
    with pytest.raises(NotificationError) as info:
        send(award[0], f"smtp://127.0.0.1:{free_port()}", timeout=2, env=NO_ENV)
    assert info.value.code == "smtp_connect_failed"


def test_a_password_is_never_sent_in_clear_to_another_host(award: Any,
                                                           socket_log: list[Any]) -> None:
    with pytest.raises(NotificationError) as info:
        send(award[0], "smtp://mail.example.org?starttls=never", timeout=1,
             env={"OPENBADGE_SMTP_USER": "u", "OPENBADGE_SMTP_PASSWORD": "p"})
    assert info.value.code == "smtp_insecure_auth"
    assert socket_log == []


@pytest.mark.parametrize("url", ["http://127.0.0.1", "smtp://", "smtp://h:99999",
                                 "smtp://h?starttls=maybe", "smtps://h?starttls=never",
                                 "smtp://h?relay=1", "smtp://h x"])
def test_bad_urls(url: str) -> None:
    with pytest.raises(NotificationError) as info:
        parse_smtp_url(url, env=NO_ENV)
    assert info.value.code == "smtp_url_invalid"


def test_url_defaults_and_credentials() -> None:
    target = parse_smtp_url("smtp://mail.example.org", env=NO_ENV)
    assert (target.port, target.starttls, target.implicit_tls, target.user) == \
        (587, True, False, None)
    target = parse_smtp_url("smtps://a%40b:p%2Fw@mail.example.org",
                            env={"OPENBADGE_SMTP_USER": "env"})
    assert (target.port, target.user, target.password) == (465, "a@b", "p/w")
    assert "p/w" not in repr(target)
    target = parse_smtp_url("smtp://mail.example.org:2525",
                            env={"OPENBADGE_SMTP_USER": "u", "OPENBADGE_SMTP_PASSWORD": "pw"})
    assert (target.port, target.user, target.password) == (2525, "u", "pw")
