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
import os
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


def _needed(args: list[str]) -> dict[str, tuple[str, str]]:
    """The verbs whose parsers ``args`` can reach.

    When the first argument is an available verb, the top-level parser hands everything
    after it to that verb's parser (the top level has no options but ``-h``), so the other
    verbs' parsers are never used: not building them saves a cold ``openbadge verify``
    ~2 ms.  Anything else (no verb, options first, an unknown verb) may print the list of
    verbs, so every available verb is built.
    """
    entry = COMMANDS.get(args[0]) if args else None
    if entry is not None and importlib.util.find_spec(entry[0]) is not None:
        return {args[0]: entry}
    return _available()


def terminal_columns() -> int:
    """The terminal width argparse wraps help to: ``shutil.get_terminal_size().columns``.

    The same rule (``$COLUMNS`` when a positive integer, else the width of the terminal
    on standard output, else 80), without importing ``shutil``, which argparse's default
    formatter does on every parser (~2 ms of a cold ``openbadge verify``: shutil loads
    the bz2 and lzma extension modules).
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    if stdout is not None:
        try:
            return os.get_terminal_size(stdout.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the width it would compute (see :func:`terminal_columns`)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def build_parser(args: list[str],
                 commands: dict[str, tuple[str, str]]) -> argparse.ArgumentParser:
    """The parser of ``args``: a sub-parser per verb in ``commands``; only the verb named
    in ``args`` gets its module imported and its arguments added."""
    parser = argparse.ArgumentParser(
        prog="openbadge",
        description="Issue, sign, bake and verify Open Badges 3.0 credentials, offline.",
        formatter_class=HelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    verb = next((a for a in args if not a.startswith("-")), None)
    for name, (module_name, help_text) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text,
                           formatter_class=HelpFormatter)
        if name == verb:
            module = importlib.import_module(module_name)
            module.add_arguments(p, name)
            p.set_defaults(_run=module.run)
    return parser


#: the cyclic GC's first threshold while ``openbadge`` runs as the program (Python's is 700)
GC_THRESHOLD = 50_000


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``openbadge`` command line; returns the exit code.

    Called without ``argv``, as the program (the console script, ``python -m``), the
    command also tunes the cyclic garbage collector for a short-lived process: it collects
    after 50 000 new objects instead of 700 while it runs, and at exit it skips the
    collections Python runs over every object still alive just before the process ends.
    Those two cost a cold ``openbadge verify badge.png`` ~11 ms of its ~95 ms (imports
    allocate tens of thousands of objects; nothing is freed by them).  Garbage is still
    collected while the command runs (in a long batch too), only less often; the
    thresholds are restored when ``main`` returns.
    """
    if argv is not None:  # called from Python: leave the caller's collector alone
        return _main(list(argv))
    import gc

    thresholds = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *thresholds[1:])
    _skip_collections_at_exit()
    try:
        return _main(sys.argv[1:])
    finally:
        gc.set_threshold(*thresholds)


_AT_EXIT: list[bool] = []


def _skip_collections_at_exit() -> None:
    """At interpreter exit, before its final collections, freeze every object then alive.

    ``gc.freeze`` moves them to the permanent generation, which collections skip: the
    process is ending, and Python promises no finalizer for objects alive at exit.
    """
    if not _AT_EXIT:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _AT_EXIT.append(True)


def _main(args: list[str]) -> int:
    parser = build_parser(args, _needed(args))
    ns = parser.parse_args(args)
    if not getattr(ns, "command", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = ns._run(ns)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (``openbadge verify ... | head``): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
