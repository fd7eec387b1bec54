"""``openbadge bake`` and ``openbadge unbake``: credentials into and out of badge images.

Exit codes: 0 success; 1 the image is not a valid PNG/SVG, carries no (or more than one)
credential, or the credential was refused; 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic import write_atomic


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Arguments of ``openbadge bake`` or ``openbadge unbake`` (``verb``)."""
    parser.add_argument("image", type=Path, help="PNG or SVG badge image")
    if verb == "bake":
        parser.add_argument("credential", type=Path,
                            help="credential to bake: a JSON file, or a file holding a VC-JWT")
        parser.add_argument("-o", "--output", type=Path, required=True,
                            help="baked image to write ('-' for standard output)")
    else:
        parser.add_argument("-o", "--output", type=Path, default=None,
                            help="write the payload here instead of standard output")


def _error(verb: str, message: str) -> None:
    print(f"openbadge {verb}: {message}", file=sys.stderr)


def _emit(verb: str, data: bytes, output: Path | None) -> int:
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        write_atomic(output, data)
    except OSError as exc:
        _error(verb, f"cannot write {output}: {exc.strerror or exc}")
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``bake`` or ``unbake``; returns the exit code."""
    from ..bake import bake, unbake
    from ..errors import OpenBadgeError

    verb: str = args.command
    try:
        if verb == "bake":
            try:
                raw = args.credential.read_bytes()
            except OSError as exc:
                _error(verb, f"cannot read {args.credential}: {exc.strerror or exc}")
                return 2
            try:
                credential = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                _error(verb, f"{args.credential} is not UTF-8 text (JSON or a JWT)")
                return 1
            return _emit(verb, bake(args.image, credential), args.output)
        extracted = unbake(args.image)
    except OpenBadgeError as exc:
        _error(verb, f"{exc} [{exc.code}]")
        return 2 if exc.code == "file_unreadable" else 1
    print(extracted.describe(), file=sys.stderr)
    if extracted.is_legacy:
        print("This is an Open Badges 2.0 badge: openbadge_kit extracts it but does not "
              "verify it (OB 2.0 verification needs the issuer's hosted files).",
              file=sys.stderr)
    return _emit(verb, extracted.payload.encode("utf-8") + b"\n", args.output)
