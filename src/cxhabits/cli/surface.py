"""The framework's own words in the user's language: usage, help and parse errors.

Typer (0.26 on) carries its own copy of Click, whose words ("Usage: ", "Options",
"Show this message and exit.", "No such option") are plain English strings, not
gettext. So cxhabits draws them itself: `CxGroup` and `CxCommand` lay out usage and
help with the catalogue's words, and run with `standalone_mode=False`, turning
Click's exceptions into two plain lines (what is wrong, what to do next) and exit 2.

Every help text is translated when it is shown, not when it is defined: a command's
module may be imported before the language setting is read.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import typer

# Typer (0.26 on) carries its own copy of Click and has no public name for it: its
# exceptions are what Typer raises, its Command and Context what TyperCommand is built on
# (the `click` package, if installed at all, is another copy). This is the one module
# that names `typer._click`; tests/ui/test_dutch_surface.py fails if another one does, or
# if Typer moves it.
from typer import _click
from typer.core import TyperArgument, TyperCommand, TyperGroup

from cxhabits.cli import settings_language
from cxhabits.i18n import N_, _
from cxhabits.ui import terminal

# Click's and Typer's English help texts, marked here so the catalogue carries them.
FRAMEWORK_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
# The metavariables of the commands' options and arguments, in the user's language when
# help, usage and errors are drawn (`--date DATUM`), as the messages already say them.
METAVARS = frozenset(
    (
        N_("DATE"),
        N_("TEXT"),
        N_("HABIT_ID"),
        N_("ROLE"),
        N_("FILE"),
        N_("FOLDER"),
        N_("NAME"),
        N_("FORMAT"),
        N_("HH:MM"),
        N_("ID"),
        N_("KEY"),
        N_("VALUE"),
        N_("LANG"),
        N_("N"),
        N_("PATH"),
        N_("SCORES"),
        N_("DIR"),
    )
)


def metavars(text: str) -> str:
    """`text` (`--date DATE`, `[HABIT_ID]`, `[SCORES]...`) with its metavariables in the
    user's language; option names and everything else as they are."""
    return re.sub(
        r"(?<![\w-])[A-Z][A-Z_:]*(?![\w-])",
        lambda found: _(found.group()) if found.group() in METAVARS else found.group(),
        text,
    )


def run(main: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Click's `main` without its standalone mode, so its errors speak the catalogue."""
    standalone = kwargs.pop("standalone_mode", True)
    try:
        result = main(*args, standalone_mode=False, **kwargs)
    except _click.exceptions.ClickException as exc:
        if not standalone:
            raise
        fail(exc)
    except typer.Abort:  # public name: typer.exceptions is new in 0.27
        if not standalone:
            raise
        print("\n" + _("Interrupted; nothing was changed."), file=sys.stderr)
        sys.exit(130)
    if not standalone:
        return result
    sys.exit(result if isinstance(result, int) else 0)


def usage_pieces(command: _click.Command, ctx: _click.Context) -> list[str]:
    """The usage line's words: `HABIT_ID`, not Typer's `{HABIT_ID}`; [OPTIONS] translated."""
    pieces = [_("[OPTIONS]")] if command.options_metavar else []
    for param in command.get_params(ctx):
        for piece in param.get_usage_pieces(ctx):
            if isinstance(param, TyperArgument) and piece.startswith("{"):
                piece = piece[1:-1]
            pieces.append(metavars(piece))
    if isinstance(command, TyperGroup):
        pieces.append(_("COMMAND [ARGS]..."))
    return pieces


def help_record(record: tuple[str, str]) -> tuple[str, str]:
    """One line of Options/Arguments, its help and Click's [default: ...] translated."""
    name, text = record
    extra = ""
    found = re.search(r"\s*\[(.*)\]$", text)
    if found:
        text = text[: found.start()]
        parts = []
        for part in found.group(1).split("; "):
            if part.startswith("default: "):
                parts.append(_("default: {value}").format(value=part[len("default: ") :]))
            elif part == "required":
                parts.append(_("required"))
            else:
                parts.append(part)
        extra = "  [" + "; ".join(parts) + "]"
    return metavars(name), (_(text) if text else "") + extra


class Surface:
    """Usage, help and errors drawn in the catalogue's words (mixed into both classes)."""

    def get_help_option(self, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
            option.callback = show_help
        return option

    def main(self, *args: Any, **kwargs: Any) -> Any:
        return run(super().main, *args, **kwargs)  # type: ignore[misc]

    def make_context(self, *args: Any, **extra: Any) -> _click.Context:
        # Click never draws help narrower than 50 columns: at 40 every line would run
        # over. The terminal's width instead (at most 80, as Click), less its margin.
        if extra.get("parent") is None and "terminal_width" not in extra:
            from cxhabits.ui import prose

            extra["terminal_width"] = max(min(prose.columns(), 80) - 2, 18)
        made: _click.Context = super().make_context(*args, **extra)  # type: ignore[misc]
        return made

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        assert isinstance(self, _click.Command)
        settings_language.speak()  # help and parse errors come before any command reads it
        formatter.write_usage(ctx.command_path, " ".join(usage_pieces(self, ctx)), _("Usage: "))

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        try:
            parsed: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
            return parsed
        except _click.exceptions.UsageError as exc:
            if exc.ctx is None:  # the parser raises without one: the hint needs the command
                exc.ctx, exc.cmd = ctx, ctx.command
            raise

    def format_help_text(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        assert isinstance(self, _click.Command)
        text = inspect.cleandoc(self.help or "").partition("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(text))

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        assert isinstance(self, _click.Command)
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append(help_record(record))
            else:
                options.append(help_record(record))
        for title, rows in ((_("Arguments"), arguments), (_("Options"), options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        if isinstance(self, TyperGroup):
            commands = [
                (name, command)
                for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None and not command.hidden
            ]
            if commands:
                limit = formatter.width - 6 - max(len(name) for name, _c in commands)
                rows = [(name, short_help(command, limit)) for name, command in commands]
                with formatter.section(_("Commands")):
                    formatter.write_dl(rows)


def short_help(command: _click.Command, limit: int) -> str:
    """The first sentence of a command's help, translated, cut at a word to `limit`."""
    text = _(inspect.cleandoc(command.help or ""))
    first = text.split("\n\n")[0].replace("\n", " ")
    if len(first) <= limit:
        return first
    cut = first[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def show_help(ctx: _click.Context, param: Any, value: bool) -> None:
    """--help, printed through the guarded stdout (terminal.run): Click's own echo writes
    UTF-8 where the encoding says ascii, so the plain-symbol fallback would not apply."""
    if not value or ctx.resilient_parsing:
        return
    print("\n".join(line.rstrip() for line in ctx.get_help().split("\n")))
    ctx.exit()


class CxCommand(Surface, TyperCommand):
    """One command, with usage, help and parse errors in the user's language."""


class CxGroup(Surface, TyperGroup):
    """The app: its commands listed, usage, help and parse errors in the user's language."""


def quoted_names(text: str) -> str:
    return ", ".join(re.findall(r"'([^']*)'", text))


def error_message(exc: _click.exceptions.ClickException) -> str:
    """What went wrong, in the catalogue's words (Click's own text only as a last resort)."""
    exceptions = _click.exceptions
    if isinstance(exc, exceptions.NoSuchOption):
        message = _("No such option: {option}.").format(option=exc.option_name)
        if exc.possibilities:
            message += " " + _("Did you mean {options}?").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return message
    if isinstance(exc, exceptions.BadOptionUsage):
        if "does not take a value" in exc.message:
            return _("Option {option} does not take a value.").format(option=exc.option_name)
        return _("Option {option} requires a value.").format(option=exc.option_name)
    if isinstance(exc, exceptions.MissingParameter):
        name = param_name(exc)
        if exc.param is not None and exc.param.param_type_name == "option":
            return _("Missing option {name}.").format(name=name)
        return _("Missing argument {name}.").format(name=name)
    if isinstance(exc, exceptions.BadParameter):
        return _("Invalid value for {name}: {problem}").format(
            name=param_name(exc), problem=exc.message
        )
    text = exc.message
    if found := re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?$", text):
        message = _("No such command '{name}'.").format(name=found.group(1))
        if found.group(2):
            message += " " + _("Did you mean {commands}?").format(
                commands=quoted_names(found.group(2))
            )
        return message
    if found := re.match(r"Got unexpected extra argument\S* \((.*)\)$", text):
        return _("Got unexpected extra arguments: {extra}").format(extra=found.group(1))
    if text == "Missing command.":
        return _("Missing command.")
    return text


def param_name(exc: _click.exceptions.BadParameter) -> str:
    """The parameter as the usage line shows it: --role, HABIT_ID."""
    if exc.param_hint is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if exc.param is None:
        return "?"
    if isinstance(exc.param, TyperArgument):
        return metavars(exc.param.human_readable_name)
    opts = getattr(exc.param, "opts", None) or [exc.param.name or "?"]
    return " / ".join(opts)


def fail(exc: _click.exceptions.ClickException) -> NoReturn:
    """Show a parse error as two lines on stderr, in the user's language, and exit (2)."""
    settings_language.speak()  # help and parse errors come before any command reads it
    if isinstance(exc, _click.exceptions.NoArgsIsHelpError):
        print(exc.ctx.get_help(), file=sys.stderr)
        sys.exit(exc.exit_code)
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "cxhabits"
    terminal.say(error_message(exc), err=True)  # the option or command as typed: literal
    if isinstance(exc, _click.exceptions.UsageError):
        terminal.say(
            _("Run '{command} --help' to see how it is used.").format(command=path), err=True
        )
    sys.exit(exc.exit_code)
