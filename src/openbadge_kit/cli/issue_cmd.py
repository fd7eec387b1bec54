"""``openbadge issue`` / ``revoke`` / ``status``: issuing into the registry from the shell.

* ``openbadge issue ACHIEVEMENT.json --to ADDRESS`` (or ``--csv RECIPIENTS.csv``) signs
  and records credentials, writing each to ``--out`` (or standard output for one);
* ``openbadge revoke CREDENTIAL_ID [--reason ...] [--suspend | --unsuspend]`` changes a
  status in the registry;
* ``openbadge status publish --out DIR`` writes the signed status list credential(s) to
  host; ``openbadge status show`` lists the registry's lists.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..issuer.issuer import Issuer, IssueRequest

DEFAULT_REGISTRY = "openbadge-registry.db"
FORMATS = ("eddsa-rdfc-2022", "Ed25519Signature2020", "vc-jwt")
#: most rows a recipients CSV may have
MAX_CSV_ROWS = 1_000_000


class UsageProblem(Exception):
    """A problem with the command line or its files (exit code 2)."""


def add_issuer_arguments(parser: argparse.ArgumentParser, *, registry: bool = True) -> None:
    """The options that say who issues and where it is recorded (shared with ``stack``)."""
    parser.add_argument("--key", type=Path, required=True, help="key file (openbadge keygen)")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--issuer", type=Path, help="issuer Profile (JSON file)")
    who.add_argument("--issuer-name", help="issuer name; the profile id is the key's did:key")
    parser.add_argument("--format", choices=FORMATS, default="eddsa-rdfc-2022",
                        help="proof format (default: eddsa-rdfc-2022)")
    parser.add_argument("--verification-method", default=None,
                        help="verification method id (default: derived from the key)")
    if registry:
        parser.add_argument("--registry", default=DEFAULT_REGISTRY,
                            help=f"SQLite file or postgresql:// DSN (default: "
                                 f"{DEFAULT_REGISTRY})")
    parser.add_argument("--status-list", default=None, metavar="URL",
                        help="URL the status list credential will be published at; each "
                             "credential gets an entry in it")
    parser.add_argument("--status-purpose", choices=("revocation", "suspension"),
                        default="revocation", help="purpose of a new status list")


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``issue``, ``revoke`` and ``status``."""
    if verb == "issue":
        parser.add_argument("achievement", type=Path, help="Achievement (JSON file)")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--to", metavar="RECIPIENT", help="e-mail address or DID")
        target.add_argument("--csv", type=Path,
                            help="CSV of recipients: an 'email' (or 'recipient') column")
        add_issuer_arguments(parser)
        parser.add_argument("--out", type=Path, default=None,
                            help="folder for the credentials (default: standard output for "
                                 "one credential; required with --csv)")
        parser.add_argument("--plain", action="store_true",
                            help="name recipients in plain text instead of hashing them")
        parser.add_argument("--once", action="store_true",
                            help="skip recipients who already hold this achievement")
        parser.add_argument("--valid-until", default=None, help="expiry (ISO 8601)")
        parser.add_argument("--workers", type=int, default=None,
                            help="signing processes (default: every core, for big batches)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    elif verb == "revoke":
        parser.add_argument("credential_id", help="id of the issued credential (urn:uuid:...)")
        parser.add_argument("--reason", default=None, help="why (kept in the registry)")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--suspend", action="store_true", help="suspend instead")
        action.add_argument("--unsuspend", action="store_true", help="lift a suspension")
        parser.add_argument("--registry", default=DEFAULT_REGISTRY,
                            help=f"SQLite file or postgresql:// DSN (default: "
                                 f"{DEFAULT_REGISTRY})")
    else:
        sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        publish = sub.add_parser("publish", help="write signed status list credentials")
        add_issuer_arguments(publish)
        publish.add_argument("--out", type=Path, required=True, help="folder to write into")
        publish.add_argument("--ttl", type=int, default=None, metavar="SECONDS",
                             help="validity of the published list (sets validUntil and ttl)")
        show = sub.add_parser("show", help="list the status lists and their counts")
        show.add_argument("--registry", default=DEFAULT_REGISTRY,
                          help=f"SQLite file or postgresql:// DSN (default: {DEFAULT_REGISTRY})")


# --- helpers shared with stack_cmd ---------------------------------------------------------------


def read_json_file(path: Path, what: str) -> Any:
    """A JSON file read through the strict parser; UsageProblem naming the file."""
    from .. import safejson
    from ..errors import OpenBadgeError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageProblem(f"cannot read {what} {path}: {exc.strerror}") from None
    try:
        return safejson.loads(data)
    except OpenBadgeError as exc:
        raise UsageProblem(f"{what} {path}: {exc}") from None


def build_issuer(args: argparse.Namespace, *, registry: Any = None,
                 with_status_list: bool = True) -> Issuer:
    """The Issuer the command-line options describe."""
    from ..issuer import Issuer
    from ..keys.keyfile import load_key

    key = load_key(args.key)
    if args.issuer is not None:
        profile = read_json_file(args.issuer, "issuer profile")
    else:
        did = getattr(key, "did_key", None)
        if did is None:
            raise UsageProblem("--issuer-name needs an Ed25519 key (its did:key is the "
                               "profile id); give --issuer PROFILE.json instead")
        profile = {"id": did, "type": ["Profile"], "name": args.issuer_name}
    return Issuer(profile, key, proof_format=args.format,
                  verification_method=args.verification_method,
                  registry=registry if registry is not None else getattr(args, "registry", None),
                  status_list=args.status_list if with_status_list else None,
                  status_purpose=args.status_purpose,
                  workers=getattr(args, "workers", None))


def read_recipients(path: Path) -> list[str]:
    """The recipients of a CSV file; UsageProblem naming the line of the first bad row."""
    from ..issuer.credential import is_email

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageProblem(f"cannot read {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    column = next((c for c in ("email", "recipient", "e-mail") if c in fields), None)
    if column is None:
        raise UsageProblem(f"{path}: line 1: no 'email' or 'recipient' column")
    original = (reader.fieldnames or [])[fields.index(column)]
    out: list[str] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if len(out) >= MAX_CSV_ROWS:
            raise UsageProblem(f"{path}: more than {MAX_CSV_ROWS} rows")
        value = (row.get(original) or "").strip()
        if not value:
            raise UsageProblem(f"{path}: line {line}: empty {column}")
        if not value.startswith("did:") and not is_email(value.lower()):
            raise UsageProblem(f"{path}: line {line}: {value!r} is not an e-mail address")
        key = value.lower()
        if key in seen:
            raise UsageProblem(f"{path}: line {line}: {value!r} repeats line {seen[key]}")
        seen[key] = line
        out.append(value)
    if not out:
        raise UsageProblem(f"{path}: no recipients")
    return out


def progress_bar(stream: TextIO, label: str) -> Callable[[int, int], None]:
    """A ``progress(done, total)`` callback drawing a one-line bar on ``stream``."""
    last = [-1]

    def draw(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        percent = 100 * done // max(total, 1)
        if percent == last[0] and done != total:
            return
        last[0] = percent
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return draw


# --- verbs ------------------------------------------------------------------------------------


def _issue(args: argparse.Namespace) -> int:
    from ..issuer.issuer import IssueRequest
    from ..issuer.status_list import write_atomically

    if args.csv is not None and args.out is None:
        raise UsageProblem("--csv needs --out FOLDER")
    achievement = read_json_file(args.achievement, "achievement")
    recipients = [args.to] if args.to is not None else read_recipients(args.csv)
    requests: list[IssueRequest] = [
        IssueRequest(achievement, r, valid_until=args.valid_until, hashed=not args.plain)
        for r in recipients]
    show = not args.no_progress and len(requests) > 1
    progress = progress_bar(sys.stderr, "issuing") if show else None
    with build_issuer(args) as issuer:
        issued = issuer.issue_many(requests, once=args.once, progress=progress)
    if args.out is None:
        sys.stdout.write(issued[0].to_text())
        return 0
    new = 0
    for item in issued:
        suffix = ".jwt" if item.is_jwt else ".json"
        name = item.credential_id.rsplit(":", 1)[-1] + suffix
        if item.issued:
            write_atomically(args.out / name, item.to_text())
            new += 1
    skipped = len(issued) - new
    note = f", {skipped} already held (--once)" if skipped else ""
    print(f"issued {new} credential(s) into {args.out}{note}", file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from ..issuer.registry import open_registry

    status = "suspended" if args.suspend else "active" if args.unsuspend else "revoked"
    with open_registry(args.registry) as registry:
        record = registry.set_status(args.credential_id, status, args.reason)
    print(f"{record.credential_id}: {record.status}"
          + (f" ({record.reason})" if record.reason else "")
          + "; run 'openbadge status publish' to make it known", file=sys.stderr)
    return 0


def _status(args: argparse.Namespace) -> int:
    from ..issuer.registry import open_registry

    if args.action == "show":
        with open_registry(args.registry) as registry:
            for info in registry.lists():
                set_bits = len(registry.set_bits(info.id))
                print(f"{info.id}  purpose={info.purpose}  entries={info.size}  "
                      f"allocated={info.allocated}  set={set_bits}")
        return 0
    with build_issuer(args, with_status_list=False) as issuer:
        assert issuer.registry is not None
        if args.status_list is not None:
            targets = [args.status_list]
        else:
            targets = [info.id for info in issuer.registry.lists()]
        if not targets:
            raise UsageProblem("the registry has no status lists yet")
        for target in targets:
            path = issuer.publish_status_list(args.out, target, valid_for_seconds=args.ttl)
            print(f"published {target} -> {path}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the verb; 0 on success, 1 when the library refused, 2 for usage problems."""
    from ..errors import InvalidInputError, KeyFormatError, OpenBadgeError

    handler = {"issue": _issue, "revoke": _revoke, "status": _status}[args.command]
    try:
        return handler(args)
    except UsageProblem as exc:
        print(f"openbadge {args.command}: {exc}", file=sys.stderr)
        return 2
    except (KeyFormatError, InvalidInputError) as exc:
        print(f"openbadge {args.command}: {exc} [{exc.code}]", file=sys.stderr)
        return 2
    except OpenBadgeError as exc:
        print(f"openbadge {args.command}: refused: {exc} [{exc.code}]", file=sys.stderr)
        return 1
