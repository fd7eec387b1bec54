"""The people-facing side of the JMG example: a display page and an award e-mail per badge.

``run_demo.py`` calls :func:`present` once every badge is written.  For each badge file
set it verifies the baked PNG (as of now, against the published status list), then
writes next to it:

* ``<badge>.html``: the self-contained display page (the revoked badge gets one too,
  showing why it no longer verifies);
* ``<badge>.eml``: the award message to the learner, with the baked PNG and the page
  attached (not for the revoked badge).

Nothing is sent unless an SMTP server is configured: set ``OPENBADGE_SMTP_URL`` (e.g.
``smtp://mail.example.org`` with ``OPENBADGE_SMTP_USER`` / ``OPENBADGE_SMTP_PASSWORD``)
and each message is also sent.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from openbadge_kit.errors import OpenBadgeError
from openbadge_kit.issuer.status_list import write_atomically
from openbadge_kit.notify import compose_award_message, send
from openbadge_kit.render import render_html
from openbadge_kit.verify.api import verify_with
from openbadge_kit.verify.options import build_options

#: who the demo's award messages are from (the illustrative program)
DEMO_SENDER = "Example Career Readiness Program <badges@jmg.example.org>"


class _Line(Protocol):
    badge: str
    outcome: str
    files: list[str]


class _Learner(Protocol):
    name: str
    email: str


@dataclass
class Presented:
    """What :func:`present` wrote (and sent)."""

    pages: list[Path] = field(default_factory=list)
    messages: list[Path] = field(default_factory=list)
    sent: int = 0
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the demo's output."""
        text = (f"wrote {len(self.pages)} display page(s) and {len(self.messages)} award "
                f"message(s) (.eml) next to the badges")
        if self.sent:
            text += f"; sent {self.sent} by SMTP"
        return text + "".join(f"\n  ! {p}" for p in self.problems)


def present(out: Path, learners: Iterable[_Learner], lines: Mapping[str, Sequence[_Line]],
            status_dir: Path, *, sender: str = DEMO_SENDER, now: datetime | None = None,
            smtp_url: str | None = None, quiet: bool = False) -> Presented:
    """Write a display page and an award message for every badge in ``lines``.

    ``lines`` maps each learner's e-mail to their badge lines (``files`` holds the
    badge's ``.json``/``.png``/``.svg`` paths; ``outcome`` is ``issued``,
    ``already-held``, ``revoked`` or ``not-earned``).  ``smtp_url`` defaults to the
    ``OPENBADGE_SMTP_URL`` environment variable; without one nothing is sent.
    """
    smtp = smtp_url if smtp_url is not None else os.environ.get("OPENBADGE_SMTP_URL") or None
    done = Presented()
    # no recipient= here: the verifier would write the address into the page, which the
    # learner may share, while the badge itself only carries a salted hash of it
    options = build_options(now=now, status_lists=status_dir)
    for learner in learners:
        for line in lines.get(learner.email, ()):
            png = next((Path(f) for f in line.files if f.endswith(".png")), None)
            if png is None:
                continue
            data = png.read_bytes()
            report = verify_with(data, options)
            if report.credential is None:
                done.problems.append(f"{png}: no credential could be read")
                continue
            page = render_html(report.credential, report, image=data, now=options.now)
            page_path = png.with_suffix(".html")
            write_atomically(page_path, page)
            done.pages.append(page_path)
            if line.outcome == "revoked" or not report.verified:
                continue
            message = compose_award_message(
                report.credential, to=learner.email, sender=sender, baked_png=data,
                page_html=page, earner_name=learner.name, now=options.now)
            eml = png.with_suffix(".eml")
            _write_bytes(eml, message.as_bytes())
            done.messages.append(eml)
            if smtp:
                try:
                    send(message, smtp)
                    done.sent += 1
                except OpenBadgeError as exc:
                    done.problems.append(f"{eml}: not sent: {exc}")
    if not quiet:
        print(done.describe())
    return done


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
