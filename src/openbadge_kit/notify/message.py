"""Compose the e-mail that tells an earner about their badge.

:func:`compose_award_message` builds an :class:`email.message.EmailMessage` with a
plain-text and an HTML part (both carrying the LinkedIn "add to profile" link), the baked
badge attached (PNG and/or SVG: the attachment *is* the credential) and the display page
attached.  Nothing is sent here; :func:`openbadge_kit.notify.smtp.send` sends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as email_date
from email.utils import make_msgid, parseaddr
from typing import Any

from ..dates import utcnow
from ..errors import NotificationError, OpenBadgeError
from ..render.linkedin import linkedin_add_to_profile_url
from ..render.safe import LONG, clean_text, safe_link
from ..render.source import credential_dict, issuer_of, mapping, text_of

_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"\\]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


@dataclass
class _Attachment:
    filename: str
    what: str


@dataclass
class _Mail:
    subject: str
    greeting: str
    name: str
    issuer: str
    description: str
    attachments: list[_Attachment]
    credential_url: str | None
    linkedin_url: str
    credential_id: str


def parse_address(value: object, what: str) -> Address:
    """``value`` (``a@b.example`` or ``Name <a@b.example>``) as an address.

    Raises :class:`~openbadge_kit.errors.NotificationError` (``address_invalid``).
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 320 \
            or re.search(r"[\x00-\x1f\x7f]", value):
        raise NotificationError(f"{what} must be one e-mail address on one line, not "
                                f"{str(value)[:80]!r}", code="address_invalid")
    name, addr = parseaddr(value)
    if not addr or not _ADDRESS.match(addr):
        raise NotificationError(f"{what} is not an e-mail address: {value[:80]!r}",
                                code="address_invalid")
    try:
        return Address(display_name=name, addr_spec=addr)
    except (ValueError, TypeError, IndexError) as exc:  # the email package's parse errors
        raise NotificationError(f"{what} is not an e-mail address: {value[:80]!r} ({exc})",
                                code="address_invalid") from None


def _slug(name: str) -> str:
    ascii_name = name.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60].strip("-")
    return slug or "badge"


def _check_baked(image: bytes, kind: str, credential_id: str | None) -> None:
    """Refuse an attachment that is not a badge image carrying this credential."""
    from .. import safejson
    from ..bake import unbake

    try:
        extracted = unbake(image)
    except OpenBadgeError as exc:
        raise NotificationError(f"the {kind} to attach is not a baked badge: {exc}",
                                code="attachment_invalid") from None
    if extracted.format != kind.lower():
        raise NotificationError(f"the {kind} to attach is a {extracted.format.upper()} image",
                                code="attachment_invalid")
    if extracted.payload_kind == "json" and credential_id is not None:
        try:
            baked_id = mapping(safejson.loads(extracted.payload)).get("id")
        except OpenBadgeError:
            baked_id = None
        if baked_id != credential_id:
            raise NotificationError(
                f"the {kind} to attach carries another credential ({str(baked_id)[:80]!r}, "
                f"not {credential_id[:80]!r})", code="attachment_mismatch")


def compose_award_message(
    credential: Any,
    *,
    to: str,
    sender: str,
    baked_png: bytes | None = None,
    baked_svg: bytes | None = None,
    page_html: str | None = None,
    subject: str | None = None,
    earner_name: str | None = None,
    credential_url: str | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """The award e-mail for ``credential`` (a JSON object or model), from ``sender`` to ``to``.

    The message has a plain-text and an HTML part, both naming the badge and its issuer
    and carrying the LinkedIn "add to profile" link (with ``credential_url`` as the
    certification URL when given).  ``baked_png`` / ``baked_svg`` are attached as the
    badge; each must be a baked image of this very credential (checked by its ``id``).
    ``page_html`` (from :func:`openbadge_kit.render.render_html`) is attached as
    ``<badge>.html``.  ``subject`` defaults to ``You earned a badge: <name>``; ``now``
    (aware) sets the ``Date`` header.

    Raises :class:`~openbadge_kit.errors.NotificationError` for a bad address, subject,
    URL or attachment, and ``InvalidInputError`` if ``credential`` is not a credential.
    """
    data = credential_dict(credential)
    to_address = parse_address(to, "to")
    from_address = parse_address(sender, "sender")
    achievement = mapping(mapping(data.get("credentialSubject")).get("achievement"))
    name = clean_text(text_of(achievement, "name") or text_of(data, "name") or "a badge", 150)
    name = " ".join(name.split())
    issuer_name, issuer_id, _ = issuer_of(data)
    issuer = " ".join(clean_text(issuer_name or issuer_id or "The issuer", 150).split())
    credential_id = text_of(data, "id")
    if credential_url is not None and safe_link(credential_url) is None:
        raise NotificationError(f"credential_url must be an http(s) URL, not "
                                f"{credential_url[:80]!r}", code="url_invalid")
    if subject is None:
        subject = f"You earned a badge: {name}"
    if re.search(r"[\x00-\x1f\x7f]", subject):
        raise NotificationError("the subject must be one line", code="subject_invalid")
    slug = _slug(name)
    attachments: list[tuple[bytes, str, str, _Attachment]] = []
    if baked_png is not None:
        _check_baked(bytes(baked_png), "PNG", credential_id)
        attachments.append((bytes(baked_png), "image", "png", _Attachment(
            f"{slug}.png", "the badge image with your credential baked into it. Keep it: "
            "it is the badge, and anyone can check it with an Open Badges verifier.")))
    if baked_svg is not None:
        _check_baked(bytes(baked_svg), "SVG", credential_id)
        attachments.append((bytes(baked_svg), "image", "svg+xml", _Attachment(
            f"{slug}.svg", "the same badge as a scalable SVG image, credential baked in.")))
    if page_html is not None:
        if not isinstance(page_html, str):
            raise NotificationError("page_html must be text", code="attachment_invalid")
        attachments.append((page_html.encode("utf-8"), "text", "html", _Attachment(
            f"{slug}.html", "a page that shows the badge, your results and its "
            "verification report; open it in any browser, it works offline.")))
    greeting = f"Hello {' '.join(clean_text(earner_name, 100).split())}," if earner_name \
        else "Hello,"
    mail = _Mail(
        subject=subject, greeting=greeting, name=name, issuer=issuer,
        description=clean_text(text_of(achievement, "description"), LONG),
        attachments=[a for *_, a in attachments], credential_url=credential_url,
        linkedin_url=linkedin_add_to_profile_url(data, credential_url=credential_url),
        credential_id=clean_text(credential_id or "(none)", 500))

    message = EmailMessage()
    try:
        message["Subject"] = subject
        message["From"] = from_address
        message["To"] = to_address
        message["Date"] = email_date(now if now is not None else utcnow())
        message["Message-ID"] = make_msgid(domain=from_address.domain or None)
        message["Auto-Submitted"] = "auto-generated"
    except (ValueError, TypeError) as exc:
        raise NotificationError(f"cannot write the message headers: {exc}",
                                code="header_invalid") from None
    message.set_content(_plain_text(mail))
    from ..render.html import environment

    html = environment().get_template("award_email.html.j2").render(m=mail)
    message.add_alternative(html, subtype="html")
    for body, maintype, subtype, info in attachments:  # base64: delivered byte for byte
        message.add_attachment(body, maintype=maintype, subtype=subtype,
                               filename=info.filename,
                               params={"charset": "utf-8"} if maintype == "text" else None)
    return message


def _plain_text(mail: _Mail) -> str:
    lines = [mail.greeting, "",
             f"Congratulations! {mail.issuer} has awarded you the badge \"{mail.name}\".", ""]
    if mail.description:
        lines += [mail.description, ""]
    if mail.attachments:
        lines.append("Your badge is attached:")
        lines += [f"  - {a.filename}: {a.what}" for a in mail.attachments]
        lines.append("")
    if mail.credential_url:
        lines += [f"View it online: {mail.credential_url}", ""]
    lines += ["Add it to your LinkedIn profile:", mail.linkedin_url, "",
              f"Credential id: {mail.credential_id}", ""]
    return "\n".join(lines)
