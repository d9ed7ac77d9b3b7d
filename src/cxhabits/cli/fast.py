"""Plain `cxhabits status` and plain `cxhabits checkin`, without Typer, Click or Rich.

`status` runs on every shell prompt, so its start-up is paid hundreds of times a
day; `import typer` alone is most of what a run costs above the bare interpreter.
`cli.main()` sends exactly `cxhabits status` and `cxhabits checkin` (no option, no
argument) here; every other form goes through Typer. The work and the words are
daily.py's, the same functions the Typer commands call, and a refusal is shown
the way `commands/shell.user_errors` shows it, so both paths print the same
bytes, exit with the same code and write the same files (tests/test_fast_path.py).

A question to ask (the self-check after a check-in, on a terminal) is the one
thing this path does not do itself: the Typer command's prompt takes over.
"""

from __future__ import annotations

import os
import sys

from cxhabits.ui import terminal

COMMANDS = ("status", "checkin")
# Tests set it to send these two commands through the Typer app too, to compare them.
FULL_PATH_ENV = "CXHABITS_FULL_PATH"


def command_for(argv: list[str]) -> str | None:
    """The command this argv runs on the fast path, or None for the Typer app."""
    if len(argv) == 2 and argv[1] in COMMANDS and not os.environ.get(FULL_PATH_ENV):
        return argv[1]
    return None


def import_pathlib_lazily() -> None:
    """Import pathlib without urllib.parse (and the ipaddress it loads): ~1.5 ms a prompt.

    pathlib needs urllib.parse only for `Path.as_uri()`, which no command calls. While
    pathlib is imported it is given a stand-in that loads the real module on first use
    (as Mercurial's demand import does); then the stand-in is taken away again, so
    every later `import urllib.parse` gets the real module.
    """
    if "pathlib" in sys.modules or "urllib.parse" in sys.modules:
        return
    import types

    def quote_from_bytes(bs: bytes, safe: str = "/") -> str:
        import urllib.parse

        return urllib.parse.quote_from_bytes(bs, safe)

    stand_in = types.ModuleType("urllib.parse")
    stand_in.quote_from_bytes = quote_from_bytes  # type: ignore[attr-defined]
    sys.modules["urllib.parse"] = stand_in
    try:
        import pathlib  # noqa: F401
    finally:
        if sys.modules.get("urllib.parse") is stand_in:
            del sys.modules["urllib.parse"]


def run(name: str) -> None:
    """Run plain `status` or `checkin`; a user's error is a message and an exit code."""
    import_pathlib_lazily()

    from cxhabits.cli import daily
    from cxhabits.clock import today
    from cxhabits.errors import CxHabitsError
    from cxhabits.storage import datafolder, run as storage_run

    storage_run.begin()
    try:
        folder = datafolder.home_dir()
        terminal.watch(datafolder.state_path(folder))  # so Ctrl-C can say whether this run saved
        now = today()
        if name == "status":
            said = daily.status(folder, now)
        else:
            said = daily.checkin(folder, now, interactive=sys.stdin.isatty())
        for line in said.out:
            terminal.say(line, wrap=name != "status")  # status: one line for a prompt
        if name == "status" and len(said.out) == 1 and not said.err:
            from cxhabits.cli import ready
            from cxhabits.domain.chars import literal_lines

            ready.keep(str(folder), literal_lines(said.out[0]))  # for the next prompt
        for line in said.err:
            terminal.say(line, err=True)
        if said.ask_rating:  # a question: the Typer command's prompt takes it from here
            from cxhabits.cli import selfcheck

            selfcheck.ask_for_rating(folder, now)
    except CxHabitsError as exc:
        from cxhabits.cli import settings_language

        # Shown in the settings' language, also when refused before they were read.
        settings_language.speak()  # the data folder, once more: it may be what was refused
        terminal.say(str(exc), err=True)
        sys.exit(exc.exit_code)
