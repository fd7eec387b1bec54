"""``openbadge stack``: evaluate a stack for one learner and, with ``--issue``, award it.

``openbadge stack STACK.json CHILD... --recipient ADDRESS [--extra ID=VALUE ...]
[--status-lists DIR] [--issue --key KEY --issuer-name NAME --out PARENT.json]``
prints which requirements are met or missing and why; exit 0 when the stack is met
(and the parent was issued, with ``--issue``), 1 when it is not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .issue_cmd import UsageProblem, build_issuer, read_json_file


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge stack``."""
    parser.add_argument("stack", type=Path, help="stack definition (JSON, see docs/stacking.md)")
    parser.add_argument("children", type=Path, nargs="*",
                        help="child badges: JSON, JWT, PNG or SVG files")
    parser.add_argument("--recipient", required=True, help="the learner's e-mail address or DID")
    parser.add_argument("--extra", action="append", default=[], metavar="ID=VALUE",
                        help="value of an extra requirement (repeatable)")
    parser.add_argument("--status-lists", default=None, metavar="DIR",
                        help="folder of status list credentials")
    parser.add_argument("--did-documents", default=None, metavar="DIR",
                        help="folder of DID documents")
    parser.add_argument("--require-status", action="store_true",
                        help="refuse children whose status list is not available")
    parser.add_argument("--json", action="store_true", help="print the evaluation as JSON")
    parser.add_argument("--issue", action="store_true", help="issue the parent when met")
    issuing = parser.add_argument_group("issuing the parent (with --issue)")
    issuing.add_argument("--key", type=Path, default=None, help="key file")
    issuing.add_argument("--issuer", type=Path, default=None, help="issuer Profile (JSON)")
    issuing.add_argument("--issuer-name", default=None, help="issuer name (did:key profile)")
    issuing.add_argument("--format", default="eddsa-rdfc-2022",
                         choices=("eddsa-rdfc-2022", "Ed25519Signature2020", "vc-jwt"))
    issuing.add_argument("--verification-method", default=None)
    issuing.add_argument("--registry", default=None, help="SQLite file or postgresql:// DSN")
    issuing.add_argument("--status-list", default=None, metavar="URL")
    issuing.add_argument("--status-purpose", choices=("revocation", "suspension"),
                         default="revocation")
    issuing.add_argument("-o", "--out", type=Path, default=None,
                         help="write the parent here (default: standard output)")


def _extra(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageProblem(f"--extra {pair!r}: expected ID=VALUE")
        out[key.strip()] = value.strip()
    return out


def _read_child(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageProblem(f"cannot read {path}: {exc.strerror}") from None


def run(args: argparse.Namespace) -> int:
    """Evaluate (and maybe issue); 0 met, 1 not met or refused, 2 usage problems."""
    from ..errors import OpenBadgeError, StackingError
    from ..issuer.status_list import write_atomically
    from ..stacking import Stack, evaluate, issue_parent

    try:
        if args.issue and (args.key is None or (args.issuer is None and not args.issuer_name)):
            raise UsageProblem("--issue needs --key and --issuer or --issuer-name")
        stack = Stack.from_dict(read_json_file(args.stack, "stack"))
        children = [_read_child(p) for p in args.children]
        extra = _extra(args.extra)
        common: dict[str, Any] = {"recipient": args.recipient, "extra": extra,
                                  "status_lists": args.status_lists,
                                  "did_documents": args.did_documents,
                                  "require_status": args.require_status}
        evaluation = evaluate(stack, children, **common)
        print(json.dumps(evaluation.to_dict(), indent=2) if args.json
              else evaluation.to_text())
        if not evaluation.met:
            return 1
        if not args.issue:
            return 0
        with build_issuer(args) as issuer:
            parent = issue_parent(issuer, stack, children, **common)
        if args.out is None:
            sys.stdout.write(parent.to_text())
        else:
            write_atomically(args.out, parent.to_text())
            print(f"issued {parent.credential_id} -> {args.out}", file=sys.stderr)
        return 0
    except UsageProblem as exc:
        print(f"openbadge stack: {exc}", file=sys.stderr)
        return 2
    except StackingError as exc:
        print(f"openbadge stack: {exc} [{exc.code}]", file=sys.stderr)
        return 1
    except OpenBadgeError as exc:
        print(f"openbadge stack: refused: {exc} [{exc.code}]", file=sys.stderr)
        return 1
