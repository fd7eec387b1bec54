"""``openbadge keygen``: make a signing key and save it as a key file (mode 0600).

Prints the did:key of an Ed25519 key (or, for RSA and P-256, the RFC 7638 JWK thumbprint) on
stdout, so scripts can capture it; the private key only ever goes to the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """Options of ``openbadge keygen``."""
    parser.add_argument("--type", dest="key_type", choices=("ed25519", "rsa", "p256"),
                        default="ed25519", help="key type (default ed25519; rsa is 2048-bit "
                        "RS256, p256 is ES256)")
    parser.add_argument("--seed-hex", metavar="HEX",
                        help="64 hex digits: derive the Ed25519 key from this seed "
                        "(tests and reproducible demos only)")
    parser.add_argument("--id", dest="key_id", metavar="KEY_ID",
                        help="the key's id: a DID URL (did:web:...#key-1) or a JWKS kid URL")
    parser.add_argument("--controller", metavar="ID", help="who controls the key (issuer id)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="KEY.json",
                        help="key file to write (created with mode 0600)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing key file")


def run(args: argparse.Namespace) -> int:
    """Generate and save; exit 0 on success, 1 when refused, 2 for bad options."""
    from ..errors import OpenBadgeError
    from ..keys.ed25519 import Ed25519KeyPair
    from ..keys.jose_keys import KeyPair, generate_key_pair
    from ..keys.keyfile import save_key

    key: KeyPair
    try:
        if args.seed_hex is not None:
            if args.key_type != "ed25519":
                print("openbadge keygen: --seed-hex only applies to --type ed25519",
                      file=sys.stderr)
                return 2
            try:
                seed = bytes.fromhex(args.seed_hex)
            except ValueError:
                seed = b""
            if len(seed) != 32:
                print("openbadge keygen: --seed-hex must be 64 hexadecimal digits",
                      file=sys.stderr)
                return 2
            key = Ed25519KeyPair.from_seed(seed, key_id=args.key_id,
                                           controller=args.controller)
        else:
            key = generate_key_pair(args.key_type, key_id=args.key_id,
                                    controller=args.controller)
        path = save_key(args.output, key, overwrite=args.force)
    except OpenBadgeError as exc:
        hint = " (use --force to replace it)" if exc.code == "key_file_exists" else ""
        print(f"openbadge keygen: {exc}{hint}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"openbadge keygen: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    if isinstance(key, Ed25519KeyPair):
        print(key.did_key)
    else:
        print(key.thumbprint)
    print(f"wrote {path} ({key.key_type}, {key.algorithm}; private, mode 0600)",
          file=sys.stderr)
    return 0
