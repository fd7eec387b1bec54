"""``openbadge show``: verify a badge and render it as a self-contained HTML page.

The page (``-o PAGE.html``, or standard output) shows the badge and its verification
report as of ``--now`` (default: the current time); the report is also printed as text
(on standard output when the page goes to a file, else on standard error).  Exit codes:
0 the badge verified, 1 it did not (the page is still written, showing why), 2 usage
errors and files that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import write_atomic

if TYPE_CHECKING:
    from ..verify.options import VerifyOptions
    from ..verify.report import VerificationReport


def add_verify_arguments(parser: argparse.ArgumentParser) -> None:
    """The verification options ``show`` and ``notify`` share."""
    parser.add_argument("--now", metavar="ISO",
                        help="verify as of this date-time (e.g. 2026-01-01T00:00:00Z)")
    parser.add_argument("--recipient", metavar="EMAIL",
                        help="check the badge was issued to this e-mail, URL or DID")
    parser.add_argument("--status-cache", type=Path, metavar="DIR",
                        help="folder of status list credentials, each found by its own id")
    parser.add_argument("--did-docs", type=Path, metavar="DIR",
                        help="folder of DID / controller documents (did:web issuers)")
    parser.add_argument("--trust", type=Path, metavar="FILE",
                        help="issuer ids/DIDs you trust, one per line")
    parser.add_argument("--online", action="store_true",
                        help="allow network access while verifying (off by default)")
    parser.add_argument("--credential-url", metavar="URL",
                        help="where the badge is published (http/https), for the "
                             "LinkedIn link")


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge show``."""
    parser.add_argument("badge", type=Path, metavar="BADGE",
                        help="a badge file: JSON, JWT, PNG or SVG")
    parser.add_argument("-o", "--output", type=Path, metavar="PAGE.html",
                        help="write the page here (default: standard output)")
    add_verify_arguments(parser)


@dataclass
class LoadedBadge:
    """A badge file, verified: its report, credential JSON and image bytes (if an image)."""

    report: VerificationReport
    credential: dict[str, Any] | None
    image: bytes | None
    options: VerifyOptions


def load_badge(args: argparse.Namespace) -> LoadedBadge:
    """Verify ``args.badge`` with the shared options; raises ``OpenBadgeError`` on bad options."""
    from ..bake.source import read_image
    from ..dates import parse_datetime
    from ..limits import DEFAULT_LIMITS
    from ..verify.api import verify_with
    from ..verify.options import build_options

    now = parse_datetime(args.now) if args.now else None
    options = build_options(now=now, recipient=args.recipient, trust=args.trust,
                            status_lists=args.status_cache, did_documents=args.did_docs,
                            online=args.online)
    report = verify_with(args.badge, options)
    image = None
    if report.summary.format in ("png", "svg"):
        image = bytes(read_image(args.badge, DEFAULT_LIMITS))
    return LoadedBadge(report, report.credential, image, options)


def error(verb: str, message: str) -> None:
    """Print ``openbadge VERB: message`` on standard error."""
    print(f"openbadge {verb}: {message}", file=sys.stderr)


def check_file(verb: str, path: Path) -> bool:
    """Whether ``path`` is a readable file (else say why on standard error)."""
    import os

    if not path.is_file():
        error(verb, f"{path}: no such file")
        return False
    if not os.access(path, os.R_OK):
        error(verb, f"{path}: permission denied")
        return False
    return True


def run(args: argparse.Namespace) -> int:
    """Verify the badge, write its page, print its report; return the exit code."""
    from ..errors import OpenBadgeError
    from ..render import render_html

    if not check_file("show", args.badge):
        return 2
    try:
        badge = load_badge(args)
        if badge.credential is None:
            print(badge.report.to_text(), file=sys.stderr)
            error("show", f"{args.badge}: no credential could be read, so there is no page")
            unreadable = any(c.code == "input.unreadable" for c in badge.report.failures)
            return 2 if unreadable else 1
        page = render_html(badge.credential, badge.report, image=badge.image,
                           now=badge.options.now, credential_url=args.credential_url)
    except OpenBadgeError as exc:
        error("show", f"{exc} [{exc.code}]")
        return 2
    if args.output is not None:
        try:
            write_atomic(args.output, page)
        except OSError as exc:
            error("show", f"cannot write {args.output}: {exc.strerror or exc}")
            return 2
        print(badge.report.to_text())
        print(f"page written to {args.output}")
    else:
        sys.stdout.write(page)
        print(badge.report.to_text(), file=sys.stderr)
    return 0 if badge.report.verified else 1
