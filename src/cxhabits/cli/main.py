"""The command line: parse, load, call the core, save, say what happened.

The commands live in the package `commands` (loop.py, browse.py, records.py);
commands/shell.py holds what they share. Importing a command module registers
its commands. A run imports only the module of the command it runs; `app` (for
tests, help and completion) has them all.
"""

from __future__ import annotations

import os
import sys

# typing costs milliseconds, and a Ctrl-C then would be a traceback: the guard comes first.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    import typer

# Which module defines each command (a test checks this against the registry).
COMMAND_MODULES = {
    "pick": "loop",
    **dict.fromkeys(("checkin", "skip", "anchor", "rate", "streak", "status"), "days"),
    **dict.fromkeys(("roles", "library", "show", "validate"), "browse"),
    **dict.fromkeys(("history", "path", "pause", "drop", "config"), "records"),
    **dict.fromkeys(("export", "import", "remind"), "files"),
    **dict.fromkeys(("share", "team"), "team"),
    "new": "authoring",
}


def full_app() -> typer.Typer:
    """The app with every command registered, in the order `--help` lists them."""
    import importlib  # not on the fast path: it never needs it

    for module in ("loop", "days", "browse", "records", "files", "team", "authoring"):
        importlib.import_module(f"cxhabits.cli.commands.{module}")
    from cxhabits.cli.app import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from cxhabits.cli.main import app`
        return full_app()
    raise AttributeError(name)


def main() -> None:
    """Run the command line under the terminal guard (Ctrl-C, closed pipes, encodings).

    Exactly `cxhabits status` and `cxhabits checkin` take the fast path (fast.py: no
    Typer, Click or Rich); every other form goes through the Typer app.
    """
    from cxhabits.cli import fast  # light: the guard is in place before any heavy import
    from cxhabits.ui import terminal

    name = fast.command_for(sys.argv)
    if name is not None:
        terminal.run(lambda: fast.run(name))
    terminal.run(run_command_line)


def entry() -> None:
    """The console script and `python -m cxhabits`: `main()`, then leave at once.

    Tearing the interpreter down (freeing every module and object) cost 3 ms of a
    `status` and 15 ms of a `history` (Typer, Click and Rich are many objects), with
    nothing left to do by then: the output is flushed and every file closed. So the
    process ends with `os._exit` in an exit handler registered before the run, which
    the interpreter therefore calls last, after every handler the run registered (the
    notices of storage/store.py) and before it tears anything down. `main()` itself
    still raises SystemExit, for the tests that call it.
    """
    if _ready():
        os._exit(0)
    import atexit

    leaving = [1]  # an exception other than SystemExit: Python says it, then exit 1
    atexit.register(_leave, leaving)
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit would have said
        code = 1
    leaving[0] = code or 0
    sys.exit(leaving[0])


def _ready() -> bool:
    """Plain `status` whose line the last one kept (cli/ready.py): printed, and nothing
    else of cxhabits imported. False when it must run (then it keeps its line)."""
    if sys.argv[1:] != ["status"] or os.environ.get("CXHABITS_FULL_PATH"):
        return False
    try:
        from cxhabits.cli import ready

        return ready.print_ready()
    except KeyboardInterrupt:  # before the guard: leave as the guard would, without a word
        os._exit(130)


def _leave(code: list[int]) -> None:
    """The last exit handler: flush what was said, and end without the teardown."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # said already, if so
            stream.flush()
    os._exit(code[0])


def run_command_line() -> None:
    """Run the command line.

    Typer inspects every command's parameters on each run (about 0.7 ms a command), so
    when the first word names a command, a one-command app is built and run instead:
    the same function, options and help, for the cost of one.
    """
    import importlib

    import typer

    from cxhabits.cli.app import APP_SETTINGS, COMMANDS

    if len(sys.argv) == 1 and "_CXHABITS_COMPLETE" not in os.environ:  # bare: today at a glance
        from cxhabits.cli.commands.loop import glance

        sys.exit(glance())
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    module = COMMAND_MODULES.get(name)
    if module is None or "--help" in sys.argv:
        from cxhabits.cli import settings_language

        settings_language.speak()  # help texts are translated as their modules load
    if module is None:
        full_app()(prog_name="cxhabits")
        return
    importlib.import_module(f"cxhabits.cli.commands.{module}")
    run, settings = COMMANDS[name]
    single = typer.Typer(**{**APP_SETTINGS, "no_args_is_help": False, "add_completion": False})
    single.command(name, **settings)(run)
    single(args=sys.argv[2:], prog_name=f"cxhabits {name}")
