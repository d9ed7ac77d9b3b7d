"""The command line: parse, load, call the core, save, say what happened.

The commands live in loop.py, browse.py and records.py; shell.py holds what
they share. Importing those modules registers their commands on `app`.
"""

from __future__ import annotations

import sys

import typer

from cxhabits import browse, loop, records  # noqa: F401  (registers the commands)
from cxhabits.shell import APP_SETTINGS, COMMANDS, app

__all__ = ["app", "main"]


def main() -> None:
    """Run the command line.

    Typer inspects every command's parameters on each run (about 0.7 ms a command), so
    when the first word names a command, a one-command app is built and run instead:
    the same function, options and help, for the cost of one.
    """
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in COMMANDS:
        app(prog_name="cxhabits")
        return
    run, settings = COMMANDS[name]
    single = typer.Typer(**{**APP_SETTINGS, "no_args_is_help": False, "add_completion": False})
    single.command(name, **settings)(run)
    single(args=sys.argv[2:], prog_name=f"cxhabits {name}")
