"""``openbadge verify``: is this badge genuine, current, not revoked, and from whom?

Exit codes: 0 every badge verified; 1 at least one was read but is not verified
(unsigned, tampered, expired, revoked, corrupt or hostile); 2 a usage error or a file
that cannot be read at all (missing, no permission).  Folders are walked for ``.json``,
``.jsonld``, ``.jwt``, ``.png`` and ``.svg`` files.  Only standard-library modules are
imported until the first badge is checked, so a single check starts quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..verify.report import VerificationReport

#: file suffixes picked up when a folder is walked
BADGE_SUFFIXES = (".json", ".jsonld", ".jwt", ".png", ".svg")


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge verify``."""
    parser.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR",
                        help="badge files (JSON, JWT, PNG, SVG) or folders of them")
    parser.add_argument("--json", action="store_true",
                        help="print the report(s) as JSON (docs/report-schema.json)")
    parser.add_argument("--recipient", metavar="EMAIL",
                        help="check the badge was issued to this e-mail, URL, phone or DID")
    parser.add_argument("--trust", type=Path, metavar="FILE",
                        help="issuer ids/DIDs you trust, one per line (or a JSON list)")
    parser.add_argument("--status-cache", type=Path, metavar="DIR",
                        help="folder of status list credentials (JSON or JWT), each found "
                             "by its own id")
    parser.add_argument("--did-docs", type=Path, metavar="DIR",
                        help="folder of DID / controller documents (did:web issuers)")
    parser.add_argument("--jwks", action="append", metavar="URL=FILE",
                        help="pin an issuer's key set for VC-JWT badges: the JWKS document "
                             "in FILE stands for URL (e.g. https://issuer.example/.well-"
                             "known/jwks.json); repeatable")
    parser.add_argument("--online", action="store_true",
                        help="allow network access (did:web, status lists, schemas, "
                             "refresh); off by default")
    parser.add_argument("--now", metavar="ISO",
                        help="check as of this date-time (e.g. 2026-01-01T00:00:00Z)")
    parser.add_argument("--processes", type=int, default=None, metavar="N",
                        help="processes verifying a batch, this one included (default: "
                             "one per core for 32 or more badges)")


def _error(message: str) -> None:
    print(f"openbadge verify: {message}", file=sys.stderr)


def collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The badge files named or found under ``paths``, and the problems reading them."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in BADGE_SUFFIXES
                           and not any(part.startswith(".") for part in
                                       p.relative_to(path).parts))
            if not found:
                problems.append(f"{path}: no badge files (.json, .jwt, .png, .svg) in folder")
            files.extend(found)
        elif not path.exists():
            problems.append(f"{path}: no such file")
        elif not os.access(path, os.R_OK):
            problems.append(f"{path}: permission denied")
        else:
            files.append(path)
    return files, problems


class Progress:
    """A one-line progress bar on a terminal's standard error; silent otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = total > 1 and self.stream.isatty()

    def step(self) -> None:
        """Count one more badge checked."""
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\r" + " " * (width + 24) + "\r")
            self.stream.flush()


#: which failure explains a verdict best, most telling first
REASON_ORDER = ("input", "parse", "proof", "validity", "status", "recipient", "issuer",
                "endorsements", "context", "schema", "subject")


def main_reason(report: VerificationReport) -> str:
    """The one result that best explains why a badge is not verified."""
    candidates = report.failures or [c for c in report.not_checked if c.check == "proof"]
    if not candidates:
        return "no proof verified"
    best = min(candidates, key=lambda c: REASON_ORDER.index(c.check)
               if c.check in REASON_ORDER else len(REASON_ORDER))
    return f"{best.code}: {best.message}"


def summary_table(rows: list[tuple[str, VerificationReport]]) -> str:
    """One line per badge and a total: the batch summary for people."""
    from ..verify.report import printable

    lines = [f"{'RESULT':<13} {'FAILED':>6} {'WARN':>4}  FILE"]
    for name, report in rows:
        verdict = "verified" if report.verified else "NOT VERIFIED"
        line = (f"{verdict:<13} {len(report.failures):>6} "
                f"{len(report.warnings) + len(report.not_checked):>4}  {printable(name)}")
        if not report.verified:
            line += f"\n{'':<27}{printable(main_reason(report)[:160])}"
        lines.append(line)
    ok = sum(1 for _, r in rows if r.verified)
    warned = sum(1 for _, r in rows if r.verified and (r.warnings or r.not_checked))
    lines.append(f"{len(rows)} badge(s): {ok} verified ({warned} with warnings or "
                 f"unchecked items), {len(rows) - ok} not verified")
    return "\n".join(lines)


def pinned_jwks(values: list[str] | None) -> dict[str, Any] | None:
    """``--jwks URL=FILE`` values as a mapping URL -> JWKS document."""
    if not values:
        return None
    from .. import safejson
    from ..errors import InvalidInputError

    out: dict[str, Any] = {}
    for value in values:
        url, sep, file = value.rpartition("=")
        if not sep or not url.startswith(("https://", "http://")):
            raise InvalidInputError(f"--jwks takes URL=FILE, not {value!r}")
        try:
            out[url] = safejson.loads(Path(file).read_bytes())
        except OSError as exc:
            raise InvalidInputError(f"--jwks: cannot read {file}: {exc.strerror}") from None
    return out


def _options(args: argparse.Namespace) -> Any:
    from ..dates import parse_datetime
    from ..verify.options import build_options

    now = parse_datetime(args.now) if args.now else None
    return build_options(now=now, recipient=args.recipient, trust=args.trust,
                         status_lists=args.status_cache, did_documents=args.did_docs,
                         jwks=pinned_jwks(args.jwks),
                         online=args.online)


def run(args: argparse.Namespace) -> int:
    """Verify every badge named; print the report(s); return the exit code."""
    from ..errors import OpenBadgeError

    files, problems = collect(list(args.paths))
    for problem in problems:
        _error(problem)
    if args.processes is not None and args.processes < 1:
        _error("--processes must be at least 1")
        return 2
    try:
        options = _options(args)
    except OpenBadgeError as exc:
        _error(str(exc))
        return 2
    from ..verify.api import iter_batch

    progress = Progress(len(files))
    rows: list[tuple[str, VerificationReport]] = []
    for path, report in zip(files, iter_batch(files, options, processes=args.processes),
                            strict=True):
        rows.append((str(path), report))
        progress.step()
    if args.json:
        import json

        data: Any = rows[0][1].to_dict() if len(rows) == 1 and not problems else \
            [r.to_dict() for _, r in rows]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif len(rows) == 1:
        print(rows[0][1].to_text())
    elif rows:
        print(summary_table(rows))
    unreadable = any(c.code == "input.unreadable" for _, r in rows for c in r.failures)
    if problems or unreadable or not files:
        return 2
    return 0 if all(r.verified for _, r in rows) else 1
