"""``openbadge notify``: e-mail an earner their badge (or print the message).

The badge is verified first and a badge that does not verify is refused (exit 1).  The
message has the baked badge (PNG or SVG input) and the display page attached and the
LinkedIn link in its text.  Without ``--smtp`` the message is printed (RFC 5322, ready
to save as an ``.eml`` file); with it, it is sent (see ``openbadge_kit.notify.smtp``).
The sender is ``--from``, else the issuer's e-mail in the credential.  Exit codes: 0
printed or sent, 1 refused (unverified badge, server refused), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .show_cmd import add_verify_arguments, check_file, error, load_badge


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge notify``."""
    parser.add_argument("badge", type=Path, metavar="BADGE",
                        help="the badge to send: PNG or SVG (attached), JSON or JWT")
    parser.add_argument("--to", required=True, metavar="ADDRESS",
                        help="the earner's e-mail address")
    parser.add_argument("--from", dest="sender", metavar="ADDRESS",
                        help="the sender (default: the issuer's e-mail in the credential)")
    parser.add_argument("--smtp", metavar="URL",
                        help="send through smtp://host[:port] (STARTTLS) or "
                             "smtps://host[:port]; credentials from the URL or "
                             "OPENBADGE_SMTP_USER / OPENBADGE_SMTP_PASSWORD. Without it, "
                             "the message is printed")
    parser.add_argument("--name", metavar="NAME", help="the earner's name, for the greeting")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                        help="SMTP timeout (default 30)")
    add_verify_arguments(parser)


def run(args: argparse.Namespace) -> int:
    """Verify the badge, compose the award message, print or send it."""
    from ..errors import NotificationError, OpenBadgeError
    from ..notify import compose_award_message, send
    from ..render import render_html
    from ..render.source import mapping, text_of

    if not check_file("notify", args.badge):
        return 2
    try:
        badge = load_badge(args)
    except OpenBadgeError as exc:
        error("notify", f"{exc} [{exc.code}]")
        return 2
    report = badge.report
    if badge.credential is None or not report.verified:
        print(report.to_text(), file=sys.stderr)
        error("notify", f"{args.badge} does not verify; no message is sent for it")
        return 1
    sender = args.sender or text_of(mapping(badge.credential.get("issuer")), "email")
    if not sender:
        error("notify", "give the sender with --from ADDRESS (the issuer has no e-mail)")
        return 2
    image_format = report.summary.format
    try:
        page = render_html(badge.credential, report, image=badge.image,
                           now=badge.options.now, credential_url=args.credential_url)
        message = compose_award_message(
            badge.credential, to=args.to, sender=sender, page_html=page,
            baked_png=badge.image if image_format == "png" else None,
            baked_svg=badge.image if image_format == "svg" else None,
            earner_name=args.name, credential_url=args.credential_url)
        if not args.smtp:
            sys.stdout.buffer.write(message.as_bytes())
            sys.stdout.flush()
            return 0
        send(message, args.smtp, timeout=args.timeout)
    except NotificationError as exc:
        error("notify", f"{exc} [{exc.code}]")
        return 2 if exc.code in ("address_invalid", "smtp_url_invalid", "url_invalid") else 1
    except OpenBadgeError as exc:
        error("notify", f"{exc} [{exc.code}]")
        return 2
    print(f"sent {args.badge} to {args.to}", file=sys.stderr)
    return 0
