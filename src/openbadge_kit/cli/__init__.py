"""The ``openbadge`` command: thin wrappers over the library, one module per verb.

Each verb lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``;
only the module of the verb being run is imported, which keeps a cold
``openbadge verify badge.png`` fast.  Exit codes: 0 success, 1 a verification failed or
an operation was refused, 2 usage errors and unreadable files.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence

#: verb -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "keygen": ("openbadge_kit.cli.keygen_cmd", "generate a signing key (prints its DID)"),
    "sign": ("openbadge_kit.cli.sign_cmd", "sign a credential (Data Integrity or VC-JWT)"),
    "verify": ("openbadge_kit.cli.verify_cmd", "verify badges: JSON, JWT, PNG or SVG files"),
    "bake": ("openbadge_kit.cli.bake_cmd", "bake a credential into a PNG or SVG image"),
    "unbake": ("openbadge_kit.cli.bake_cmd", "extract the credential from a badge image"),
    "issue": ("openbadge_kit.cli.issue_cmd", "issue credentials into the registry"),
    "revoke": ("openbadge_kit.cli.issue_cmd", "revoke or suspend an issued credential"),
    "status": ("openbadge_kit.cli.issue_cmd", "publish the signed status list credential"),
    "stack": ("openbadge_kit.cli.stack_cmd", "evaluate a stack and issue the parent badge"),
    "show": ("openbadge_kit.cli.show_cmd", "render a badge as a self-contained HTML page"),
    "notify": ("openbadge_kit.cli.notify_cmd", "e-mail an award message to an earner"),
}


def _available() -> dict[str, tuple[str, str]]:
    return {
        verb: entry for verb, entry in COMMANDS.items()
        if importlib.util.find_spec(entry[0]) is not None
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``openbadge`` command line; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = _available()
    parser = argparse.ArgumentParser(
        prog="openbadge",
        description="Issue, sign, bake and verify Open Badges 3.0 credentials, offline.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    verb = next((a for a in args if not a.startswith("-")), None)
    for name, (module_name, help_text) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == verb:
            module = importlib.import_module(module_name)
            module.add_arguments(p, name)
            p.set_defaults(_run=module.run)
    ns = parser.parse_args(args)
    if not getattr(ns, "command", None):
        parser.print_help(sys.stderr)
        return 2
    code: int = ns._run(ns)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
