"""The award message: parts, attachments, LinkedIn link, and refusal of bad input."""

from __future__ import annotations

import base64
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from openbadge_kit.bake import bake
from openbadge_kit.errors import NotificationError
from openbadge_kit.notify import compose_award_message
from openbadge_kit.render import linkedin_add_to_profile_url, render_html

from ..render.page import Page
from ..render.samples import LEARNER, NOW, hostile_credential, rich_credential

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
SENDER = "Example Career Program <badges@jmg.example.org>"


def _message(**kwargs: object) -> tuple[EmailMessage, dict[str, object]]:
    credential = rich_credential()
    baked = bake(PNG_1PX, credential)
    page = render_html(credential, image=baked, now=NOW)
    args: dict[str, object] = {"to": f"Avery <{LEARNER}>", "sender": SENDER,
                               "baked_png": baked, "page_html": page, "now": NOW}
    args.update(kwargs)
    return compose_award_message(credential, **args), {"credential": credential,  # type: ignore[arg-type]
                                                       "baked": baked, "page": page}


def test_parts_attachments_and_headers() -> None:
    message, made = _message(earner_name="Avery")
    again = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert again["Subject"] == "You earned a badge: Job Search & Interview Skills"
    assert again["To"] == f"Avery <{LEARNER}>" and again["From"] == SENDER
    assert again["Auto-Submitted"] == "auto-generated" and again["Message-ID"]
    assert again["Date"] == "Mon, 01 Jun 2026 12:00:00 +0000"
    assert again.get_content_type() == "multipart/mixed"
    body = again.get_body(("plain",))
    html = again.get_body(("html",))
    assert body is not None and html is not None
    files = {p.get_filename(): p for p in again.iter_attachments()}
    assert set(files) == {"job-search-interview-skills.png", "job-search-interview-skills.html"}
    png = files["job-search-interview-skills.png"]
    assert png.get_content_type() == "image/png" and png.get_content() == made["baked"]
    page = files["job-search-interview-skills.html"]
    assert page.get_content_type() == "text/html" and page.get_content() == made["page"]
    link = linkedin_add_to_profile_url(made["credential"])
    text = body.get_content()
    assert link in text and "Hello Avery," in text
    assert "Example Career Program has awarded you the badge" in text
    assert "job-search-interview-skills.png: the badge image" in text
    parsed = Page(html.get_content())
    assert link in parsed.attrs("href")
    assert "script" not in parsed.names()


def test_credential_url_and_svg() -> None:
    svg = bake(b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
               rich_credential())
    message, _ = _message(baked_png=None, page_html=None, baked_svg=svg,
                          credential_url="https://badges.example.org/c/42",
                          subject="Well done")
    assert message["Subject"] == "Well done"
    files = {p.get_filename(): p.get_content_type() for p in message.iter_attachments()}
    assert files == {"job-search-interview-skills.svg": "image/svg+xml"}
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "View it online: https://badges.example.org/c/42" in text
    assert "certUrl=https%3A%2F%2Fbadges.example.org%2Fc%2F42" in text


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"to": "avery@example.org\r\nBcc: everyone@example.org"}, "address_invalid"),
    ({"to": "not an address"}, "address_invalid"),
    ({"to": "a@b@example.org"}, "address_invalid"),
    ({"sender": ""}, "address_invalid"),
    ({"subject": "Hi\nBcc: x@example.org"}, "subject_invalid"),
    ({"credential_url": "javascript:alert(1)"}, "url_invalid"),
    ({"baked_png": b"not a png"}, "attachment_invalid"),
    ({"baked_png": PNG_1PX}, "attachment_invalid"),  # a PNG without a credential
])
def test_bad_input_is_a_notification_error(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(NotificationError) as info:
        _message(**kwargs)
    assert info.value.code == code


def test_a_badge_of_another_credential_is_refused() -> None:
    other = rich_credential()
    other["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
    with pytest.raises(NotificationError) as info:
        _message(baked_png=bake(PNG_1PX, other))
    assert info.value.code == "attachment_mismatch"


def test_hostile_credential_stays_text() -> None:
    credential = hostile_credential()
    message = compose_award_message(credential, to=LEARNER, sender=SENDER, now=NOW)
    assert "\n" not in message["Subject"] and "\u202e" not in message["Subject"]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    page = Page(html)
    assert "script" not in page.names() and "img" not in page.names()
    assert not [k for _, a in page.tags for k in a if k.startswith("on")]
    assert all(h.startswith("https://") for h in page.attrs("href"))
    assert len(html) < 20_000
