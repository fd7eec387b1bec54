"""``openbadge sign``: sign a credential with a key file (Data Integrity or VC-JWT)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

SUITES = {
    "eddsa-rdfc-2022": "eddsa-rdfc-2022",
    "ed25519-2020": "Ed25519Signature2020",
    "Ed25519Signature2020": "Ed25519Signature2020",
    "vc-jwt": "vc-jwt",
}


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge sign``."""
    parser.add_argument("credential", type=Path, help="unsigned credential (JSON file)")
    parser.add_argument("--key", required=True, type=Path, help="key file (openbadge keygen)")
    parser.add_argument("--suite", choices=sorted(SUITES), default="eddsa-rdfc-2022",
                        help="proof format (default: eddsa-rdfc-2022)")
    parser.add_argument("--jwt-form", choices=["ob", "vc-jose", "vc1"], default=None,
                        help="VC-JWT payload shape (default: the OB 3.0 form)")
    parser.add_argument("--verification-method", default=None,
                        help="verification method id (default: the key file's id, or the "
                             "did:key of an Ed25519 key)")
    parser.add_argument("--created", default=None, help="proof creation time (ISO 8601)")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="write here instead of standard output")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
        return
    from ..atomic import write_atomic

    write_atomic(output, text + "\n")


def run(args: argparse.Namespace) -> int:
    """Sign; exit 0 on success, 1 when signing is refused, 2 for unreadable input."""
    from .. import safejson
    from ..errors import OpenBadgeError
    from ..keys.keyfile import load_key

    try:
        key = load_key(args.key)
    except OSError as exc:
        print(f"openbadge sign: cannot read key file {args.key}: {exc.strerror}", file=sys.stderr)
        return 2
    except OpenBadgeError as exc:
        print(f"openbadge sign: {args.key}: {exc}", file=sys.stderr)
        return 2
    try:
        data = args.credential.read_bytes()
    except OSError as exc:
        print(f"openbadge sign: cannot read {args.credential}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        credential: Any = safejson.loads(data)
        if not isinstance(credential, dict):
            print("openbadge sign: the credential must be a JSON object", file=sys.stderr)
            return 1
        suite = SUITES[args.suite]
        if suite == "vc-jwt":
            from ..proofs import vc_jwt

            kwargs: dict[str, Any] = {}
            if args.jwt_form:
                kwargs["form"] = args.jwt_form
            if args.verification_method:
                kwargs["kid"] = args.verification_method
            _write(vc_jwt.sign(credential, key, **kwargs), args.output)
            return 0
        from ..proofs.data_integrity import sign

        method = args.verification_method or getattr(key, "key_id", None) \
            or getattr(key, "did_key_vm", None)
        if not method:
            print("openbadge sign: give --verification-method (the key has no id)",
                  file=sys.stderr)
            return 2
        signed = sign(credential, key, verification_method=method, suite=suite,
                      created=args.created)
    except OpenBadgeError as exc:
        print(f"openbadge sign: refused: {exc} [{exc.code}]", file=sys.stderr)
        return 1
    _write(json.dumps(signed, indent=2, ensure_ascii=False), args.output)
    return 0
