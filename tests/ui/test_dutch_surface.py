"""Dutch all the way (issue 13): under `language nl` the framework's own words, every
command's help and every parse error of Click's are Dutch, in the catalogue's words."""

from __future__ import annotations

import pytest
from typer import _click
from typer.testing import Result

from cxhabits import i18n
from cxhabits.cli import main as cli
from cxhabits.cli.app import COMMANDS
from cxhabits.cli.surface import error_message
from tests.helpers.cli import cx, ok

ENGLISH = (
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "No such",
    "Missing",
    "requires",
    "Invalid value",
    "Got unexpected",
    "Try '",
    "Error:",
    "Install completion",
    "[default:",
)


def dutch() -> None:
    ok("config", "language", "nl")


def assert_dutch(result: Result) -> None:
    text = result.stdout + result.stderr
    found = [word for word in ENGLISH if word in text]
    assert not found, (found, text)


def command_names() -> list[str]:
    cli.full_app()
    return sorted(COMMANDS)


def test_the_top_level_help_is_dutch() -> None:
    dutch()
    result = cx("--help")
    assert result.exit_code == 0
    assert_dutch(result)
    assert "Gebruik: cxhabits [OPTIES] OPDRACHT" in result.stdout
    assert "Opdrachten" in result.stdout and "Toon deze hulp" in result.stdout


@pytest.mark.parametrize("name", command_names())
def test_every_commands_help_is_dutch(name: str) -> None:
    dutch()
    result = cx(name, "--help")
    assert result.exit_code == 0, result.stderr
    assert_dutch(result)
    assert f"Gebruik: cxhabits {name}" in result.stdout
    assert "{" not in result.stdout.splitlines()[0]  # HABIT_ID, not {HABIT_ID}


@pytest.mark.parametrize(
    "args",
    [
        ["nope"],  # No such command
        ["streek"],  # ... with a suggestion
        ["show"],  # Missing argument
        ["library", "--bogus"],  # No such option
        ["library", "--jsn"],  # ... with possibilities
        ["library", "--role"],  # requires an argument
        ["path", "extra"],  # Got unexpected extra argument
        ["status", "--json=yes"],  # an option that takes no value
    ],
    ids=lambda args: " ".join(args),
)
def test_every_click_error_is_dutch_two_lines_and_exit_2(args: list[str]) -> None:
    dutch()
    result = cx(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert_dutch(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "--help" in lines[1]
    assert "Traceback" not in result.stderr


def test_the_language_is_read_before_parsing_even_for_one_command() -> None:
    dutch()
    # through cli.main's one-command app, as the installed command runs it
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "cxhabits", "library", "--bogus"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "bestaat niet" in done.stderr and "No such" not in done.stderr


def test_english_keeps_clicks_familiar_words() -> None:
    result = cx("library", "--bogus")
    assert result.exit_code == 2 and "No such option: --bogus" in result.stderr
    assert "Usage: cxhabits library" in ok("library", "--help").stdout


def test_bad_parameter_and_unknown_texts_are_translated_too() -> None:
    i18n.set_language("nl")
    bad = _click.exceptions.BadParameter("'x' is not a valid integer.", param_hint="--min-group")
    assert error_message(bad).startswith("Ongeldige waarde voor --min-group")
    missing = _click.exceptions.UsageError("Missing command.")
    assert "Missing" not in error_message(missing)


def test_a_refused_value_keeps_the_dutch_days() -> None:
    dutch()
    result = cx("config", "workdays", "ma,xx")
    assert result.exit_code == 2 and "ma,di,wo,do,vr" in result.stderr


def test_typers_copy_of_click_is_named_in_one_module_and_is_still_there() -> None:
    """`typer._click` has no public name: cli/surface.py alone names it (and this test)."""
    import re
    from pathlib import Path

    from typer.core import TyperCommand, TyperGroup

    from cxhabits.cli import surface

    root = Path(__file__).resolve().parents[2]
    naming = sorted(
        str(path.relative_to(root))
        for folder in ("src", "tests", "scripts", "benchmarks")
        for path in (root / folder).rglob("*.py")
        if re.search(r"\b_click\b", path.read_text(encoding="utf-8"))
    )
    assert naming == ["src/cxhabits/cli/surface.py", "tests/ui/test_dutch_surface.py"]
    # Where Typer keeps it: what it builds its commands on and raises (moved: this fails).
    assert vars(surface)["_click"] is _click
    assert issubclass(TyperCommand, _click.Command) and issubclass(TyperGroup, _click.Command)
    assert issubclass(_click.exceptions.NoSuchOption, _click.exceptions.ClickException)
    result = cx("streak", "--no-such-option")
    assert result.exit_code == 2 and "--no-such-option" in result.stderr
    assert "Traceback" not in result.stderr
