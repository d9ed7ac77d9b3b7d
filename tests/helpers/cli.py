"""Running the command line in tests: Typer's CliRunner, a fixed day, a temporary home.

Every test module runs commands through these (the autouse fixture in conftest.py gives
each test its own empty CXHABITS_HOME).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from typer.testing import CliRunner, Result

from cxhabits.cli.main import app

MONDAY = dt.date(2026, 11, 2)
runner = CliRunner()
WIDE = 1000  # columns when a test does not ask for a width: nothing is wrapped


def cx(
    *args: str, day: dt.date = MONDAY, input: str | None = None, columns: int | None = None
) -> Result:
    """Run `cxhabits ARGS` on `day` (a Monday unless given), with `input` on stdin.

    Without `columns` the terminal is very wide, so each message is as many lines as it
    says (a refusal's "one or two lines"); the layout tests give `columns` (40, 80, 120).
    A COLUMNS the test set itself (conftest clears the one it came with) is kept.
    """
    env = {"CXHABITS_TODAY": day.isoformat()}
    if columns is not None or "COLUMNS" not in os.environ:
        env["COLUMNS"] = str(columns or WIDE)
    return runner.invoke(app, list(args), env=env, input=input)


def ok(
    *args: str, day: dt.date = MONDAY, input: str | None = None, columns: int | None = None
) -> Result:
    """`cx`, which must succeed (exit 0)."""
    result = cx(*args, day=day, input=input, columns=columns)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result


def data(*args: str, day: dt.date = MONDAY) -> Any:
    return json.loads(ok(*args, "--json", day=day).stdout)


def role_habits(role: str) -> list[str]:
    return [h["id"] for h in data("library", "--role", role)]


def refused(result: Result, code: int, *words: str, most: int = 2, quiet: bool = False) -> None:
    """A refusal as PRODUCT.md has it: exit `code`, one or two plain lines on stderr that
    name each of `words`, no traceback; with `quiet`, nothing on stdout either.

    `most` allows for hints said before, e.g. one "Answer y or n." per wrong answer.
    """
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit | None), result.exception
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= most, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if quiet:
        assert result.stdout == "", result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)
