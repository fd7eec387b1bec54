"""Write docs/cli.md from the ``openbadge`` parsers, so the reference cannot drift.

``python tools/gen_cli_docs.py`` rewrites the file; ``--check`` exits 1 when the file
differs from what the parsers say (a test runs it).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from openbadge_kit.cli import COMMANDS

OUT = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """\
# `openbadge` command reference

Every verb is a thin wrapper over a library function (see the other docs for what each
does). Run `openbadge VERB --help` for the same text. This file is generated from the
parsers by `tools/gen_cli_docs.py`; a test fails when it is out of date.

## Exit codes

| code | meaning |
|---|---|
| 0 | success; for `verify`, every badge verified |
| 1 | refused, or a badge did not verify (read, but tampered, corrupt, unsigned, expired...) |
| 2 | usage error, or a file that could not be read at all (missing, no permission) |

Nothing touches the network unless a verb is given `--online` (or an SMTP URL for `notify`).

## Verbs

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _name(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest).upper()
    name = ", ".join(action.option_strings)
    if action.nargs == 0:
        return name
    if action.choices:
        return name + " {" + ",".join(map(str, action.choices)) + "}"
    return name + " " + str(action.metavar or action.dest.upper())


def render() -> str:
    """The whole reference as Markdown (usage lines wrapped at 80 columns everywhere)."""
    os.environ["COLUMNS"] = "80"  # argparse wraps to the terminal width otherwise
    parts = [HEADER]
    for verb, (module, help_text) in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"openbadge {verb}", description=help_text)
        importlib.import_module(module).add_arguments(parser, verb)
        parts.append(f"### `openbadge {verb}`\n\n{help_text[0].upper()}{help_text[1:]}.\n\n")
        parts.append("```\n" + parser.format_usage().strip() + "\n```\n\n")
        parts.append("| argument | meaning |\n|---|---|\n")
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            helped = (action.help or "").replace("%(default)s", str(action.default))
            parts.append(f"| `{_cell(_name(action))}` | {_cell(helped)} |\n")
        parts.append("\n")
    return "".join(parts).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUT.read_text("utf-8") != text:
            print(f"{OUT} is out of date: run python tools/gen_cli_docs.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
