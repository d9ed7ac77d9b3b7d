"""The shell every command shares: the app, error handling, inputs, small helpers.

Kept light at import time: Rich and the full habit library are loaded only by
the commands that draw or list, so `checkin` stays close to a bare Typer run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from cxhabits import __version__, clock, i18n, paths
from cxhabits.cli import daily, settings_language
from cxhabits.cli.surface import CxCommand, CxGroup
from cxhabits.domain import model
from cxhabits.domain.chars import literal, literal_lines
from cxhabits.domain.model import HabitRecord, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import Library, find_habit, load_library, team_mandate
from cxhabits.library.index import PackIndex
from cxhabits.library.packs import Habit
from cxhabits.storage import datafolder, run as storage_run, store
from cxhabits.ui import prose, streams, terminal

APP_SETTINGS: dict[str, Any] = {
    "name": "cxhabits",
    "help": _("A coach for tiny customer-experience habits: one at a time, until it is routine."),
    "no_args_is_help": True,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": None,
    "cls": CxGroup,  # usage, help and parse errors in the user's language
}
app = typer.Typer(**APP_SETTINGS)
# name -> (the wrapped command, its Typer settings), so `main` can build just the one it runs.
COMMANDS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}

F = TypeVar("F", bound=Callable[..., Any])

JsonOption = Annotated[bool, typer.Option("--json", help=_("Print one JSON document on stdout."))]


# -- the shell around every command ----------------------------------------------


class CommandRun:
    """What one command remembers beside the data folder's memory (storage/run.py): a
    second command in the same process (CliRunner, a script) starts from nothing."""

    __slots__ = ("piped_answers", "reported", "settings_read", "team_packs")

    def __init__(self) -> None:
        self.settings_read = False  # whether the language setting was applied yet
        self.team_packs: tuple[Path, ...] | None = None  # the `packs` setting, once read
        self.reported: set[str] = set()  # pack problems already said
        self.piped_answers = 0  # questions answered from a pipe


_now = CommandRun()


def begin() -> None:
    """A command starts: its own memory, and the data folder's."""
    global _now
    _now = CommandRun()
    storage_run.begin()


def say(message: str = "", err: bool = False, wrap: bool = True) -> None:
    """Plain text out: stdout for results, stderr (err=True) for hints and problems.

    Outside text in a message (a pack's id, an import's field, a note) is shown literally.
    """
    terminal.say(message, err=err, wrap=wrap)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can cause into a plain message and the exit code."""
    begin()
    try:
        terminal.watch(datafolder.state_path(home()))  # so Ctrl-C can say whether this saved
        yield
    except CxHabitsError as exc:
        if not _now.settings_read:  # refused before the state was read: read its language now
            settings_language.speak()  # the data folder itself may be what was refused
        say(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, typer.Abort):
        say("\n" + terminal.interrupted_message(), err=True)
        raise typer.Exit(130) from None


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command whose user errors become messages, not tracebacks."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with user_errors():
                refuse_bytes(func, kwargs)
                return func(*args, **kwargs)

        # The docstring is the help, in the user's language.
        options = {"help": _(inspect.cleandoc(func.__doc__ or "")), "cls": CxCommand, **settings}
        COMMANDS[name or func.__name__] = (run, options)
        app.command(name, **options)(run)
        return func

    return register


def refuse_bytes(func: Callable[..., Any], values: dict[str, Any]) -> None:
    """No option or argument with bytes that are not UTF-8 (a terminal set to Latin-1, a
    script): it could be neither shown, saved nor written into a pack (exit 2)."""
    for name, value in values.items():
        texts = value if isinstance(value, list | tuple) else [value]
        for text in texts:
            if isinstance(text, str) and paths.not_utf8(text):
                raise UsageError(
                    N_(
                        "{option} has bytes that are not UTF-8 text: {value}\n"
                        "Type it again as UTF-8 (check your terminal's encoding)."
                    ),
                    option=parameter_name(func, name),
                    value=paths.shown(text),
                )


def parameter_name(func: Callable[..., Any], name: str) -> str:
    """How the user typed `func`'s parameter `name`: `--title`, or `FOLDER` for an argument."""
    import typing

    from typer.models import ArgumentInfo, OptionInfo

    hint = typing.get_type_hints(func, include_extras=True).get(name)
    for info in getattr(hint, "__metadata__", ()):
        if isinstance(info, OptionInfo) and info.param_decls:
            return str(info.param_decls[0])
        if isinstance(info, ArgumentInfo) and info.metavar:
            return str(info.metavar)
    return name.upper()


def version_callback(value: bool) -> None:
    if value:
        say(f"cxhabits {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help=_("Show the version.")
        ),
    ] = False,
) -> None:
    """A coach for tiny customer-experience habits: one habit at a time, until it is routine."""


# -- inputs ----------------------------------------------------------------------


def language(settings: model.Settings) -> str:
    """Speak the `language` setting, else the locale's language, else English."""
    _now.settings_read = True
    _now.team_packs = tuple(Path(folder) for folder in settings.packs)
    return i18n.set_language(settings.language)


def home() -> Path:
    return datafolder.home_dir()


def given_day(text: str, what: str) -> dt.date:
    """A date the user typed, read in the language of their settings (in Dutch
    `D-M-YYYY` too): the options are parsed before the command loads the state."""
    if not _now.settings_read and not clock.iso_shaped(text):  # ISO reads alike in each language
        settings_language.speak()
    return clock.parse_date(text, what)


def typed_path(text: str, what: str) -> Path:
    return paths.typed(text, what)


def user_packs(folder: Path) -> Path:
    return folder / paths.PACK_FOLDER


def team_folders(folder: Path) -> tuple[Path, ...]:
    """The team pack folders (the `packs` setting): read only, beside the user's own."""
    if _now.team_packs is not None:
        return _now.team_packs
    with contextlib.suppress(CxHabitsError):  # a broken state is the command's to report
        return tuple(Path(p) for p in store.load(folder).settings.packs)
    return ()


def pack_index(folder: Path) -> PackIndex:
    """The index of the packs beside the shipped library, in the data folder."""
    return daily.pack_index(folder)


def library(folder: Path) -> Library:
    """The whole library, team packs too; a broken pack or folder is reported once, skipped."""
    lib = load_library(user_packs(folder), team_folders(folder), pack_index(folder))
    for problem in lib.problems:
        if str(problem) not in _now.reported:
            _now.reported.add(str(problem))
            say(_("Skipped in a habit pack: {problem}").format(problem=problem), err=True)
    return lib


def habit_or_none(habit_id: str, folder: Path) -> Habit | None:
    """One habit, quietly: shipped, the user's own or a team folder's (`status` reads none)."""
    return find_habit(habit_id, user_packs(folder), team_folders(folder), pack_index(folder))


def title(habit_id: str, folder: Path, lang: str) -> str:
    habit = habit_or_none(habit_id, folder)
    return habit.text("title", lang) if habit else habit_id


def complete_habit_id(incomplete: str) -> list[str]:
    """Shell completion: the habit ids that start with what was typed."""
    habits = load_library(user_packs(home()), team_folders(home()), pack_index(home())).habits
    return [habit_id for habit_id in habits if habit_id.startswith(incomplete)]


def complete_role(incomplete: str) -> list[str]:
    roles = load_library(user_packs(home()), team_folders(home()), pack_index(home())).roles
    return [role for role in roles if role.startswith(incomplete)]


def emit_json(document: Any) -> None:
    """One JSON document on stdout: data, so UTF-8 and exact whatever the terminal speaks."""
    import json

    with streams.data_output() as out:
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


# -- what several commands say -------------------------------------------------


def habit_statuses(state: State) -> dict[str, str]:
    out: dict[str, str] = {}
    for record in state.habits:
        if record.status != "dropped":
            out[record.id] = record.status
    return out


def announce_routine(state: State, record: HabitRecord, folder: Path, lang: str) -> None:
    """The habit just became routine: say so, and the suggested next pick."""
    from cxhabits.cli import daily

    for line in daily.routine_lines(state, record, folder, lang):
        say(line)


def show_card(habit: Habit, lang: str, recipe: str | None = None) -> None:
    """The habit's card; for a habit that relies on the team's mandate, with it."""
    from cxhabits.ui import cards as render

    mandate = None
    if habit.uses_mandate:  # (only then the packs beside the shipped ones are read)
        folder = home()
        mandate = team_mandate(user_packs(folder), team_folders(folder), pack_index(folder))
    render.card(habit, lang, recipe=recipe, mandate=mandate)


def similar_habits(typed: str, lib: Library, most: int = 3) -> list[str]:
    """The ids a typed text probably meant: a role's habits, an id's last part, a typo."""
    text = typed.strip().lower()
    ids = [h.id for h in lib.ordered()]
    if text in lib.roles:  # a role, not a habit: its first habits
        return [h.id for h in lib.role_habits(text)][:most]
    by_slug = [i for i in ids if i.split(".", 1)[-1] == text]
    if by_slug:
        return by_slug[:most]
    partial = [i for i in ids if _starts_like(text, i)]
    if partial:  # agent.warm, breath: the start of an id, or of a word in its last part
        return partial[:most]
    import difflib

    slugs = {i.split(".", 1)[-1]: i for i in ids}
    close = difflib.get_close_matches(text, ids, n=most, cutoff=0.75)
    close += [slugs[s] for s in difflib.get_close_matches(text, list(slugs), n=most, cutoff=0.75)]
    return list(dict.fromkeys(close))[:most]


def _starts_like(text: str, habit_id: str) -> bool:
    """`text` is the start of `habit_id`, of its last part, or (after its role, if given)
    of one of that part's words: `agent.warm` for agent.warm-handover."""
    role, dot, part = text.rpartition(".")
    if len(part) < 3:
        return False
    if habit_id.startswith(text):
        return True
    own_role, _dot, slug = habit_id.partition(".")
    if dot and role != own_role:
        return False
    return f"-{part}" in f"-{slug}"  # at the start of one of its words


def unknown_habit_in(typed: str, lib: Library, command_name: str) -> UsageError:
    """No such habit: say so, and offer the ids it probably meant (exit 2)."""
    similar = similar_habits(typed, lib)
    if role_id(typed) in lib.roles:
        return UsageError(
            N_("'{role}' is a role, not a habit. Its first habits: {ids}.\nTo choose one: {next}"),
            role=typed,
            ids=", ".join(similar),
            next=f"cxhabits {command_name} --role {role_id(typed)}"
            if command_name == "pick"
            else f"cxhabits library --role {role_id(typed)}",
        )
    if not similar:
        return UsageError(
            N_(
                "There is no habit '{habit}' in the library.\n"
                "Run 'cxhabits library' to see the habit ids."
            ),
            habit=typed,
        )
    return UsageError(
        N_(
            "There is no habit '{habit}'. Did you mean {ids}?\n"
            "For example: cxhabits {command} {first}"
        ),
        habit=typed,
        ids=", ".join(similar),
        command=command_name,
        first=similar[0],
    )


def role_id(typed: str) -> str:
    """A role as typed, any case: `--role Agent` is `agent`."""
    return typed.strip().lower()


def wrapped(text: str, indent: str = "", rest: str | None = None) -> str:
    """`text` wrapped to the terminal (prose.wrap), ids and words kept whole; the lines
    after the first indented by `rest` (default: as the first)."""
    return prose.wrap(indent + text, rest=indent if rest is None else rest)


# -- questions: answered on a terminal or through a pipe ---------------------------

YES_WORDS = frozenset(("y", "yes", "j", "ja"))
NO_WORDS = frozenset(("n", "no", "nee"))


def no_answer(instead: str) -> UsageError:
    return UsageError(
        N_(
            "No answer: the input ended before the question was answered.\nInstead, type: {instead}"
        ),
        instead=instead,
    )


MAX_ANSWER_CHARS = 4096
# A pipe that never runs dry (`yes maybe |`, </dev/zero) ends too: no command asks this many.
MAX_PIPED_ANSWERS = 50


def read_answer(question: str, instead: str) -> str:
    """Show `question` and read one line from stdin, a terminal or a pipe alike.

    The end of input (a pipe that ran dry, `</dev/null`, a closed stdin) is not Ctrl-C:
    it is a UsageError (exit 2) that says what to type instead.
    """
    from cxhabits.ui import prose

    shown = literal_lines(question)  # wrapped at spaces, the answer's blank kept
    sys.stdout.write(prose.wrap(shown) + (" " if shown.endswith(" ") else ""))
    sys.stdout.flush()
    stdin = sys.stdin
    if stdin is None:  # stdin was closed
        sys.stdout.write("\n")
        raise no_answer(instead)
    if not stdin.isatty():
        _now.piped_answers += 1
        if _now.piped_answers > MAX_PIPED_ANSWERS:
            sys.stdout.write("\n")
            raise no_answer(instead)
    try:
        line = stdin.readline(MAX_ANSWER_CHARS + 1)  # one past: too long is said, not cut
    except UnicodeDecodeError:
        line = "\udcff"  # bytes that are not text, refused below
    except (OSError, ValueError):  # a closed stdin
        raise no_answer(instead) from None
    if paths.not_utf8(line):
        sys.stdout.write("\n")
        raise UsageError(
            N_("The answer has bytes that are not UTF-8 text.\nInstead, type: {instead}"),
            instead=instead,
        )
    if len(line.rstrip("\r\n")) > MAX_ANSWER_CHARS:
        sys.stdout.write("\n")
        raise UsageError(
            N_(
                "The answer is longer than {most} characters: more than any question needs.\n"
                "Instead, type: {instead}"
            ),
            most=MAX_ANSWER_CHARS,
            instead=instead,
        )
    if not line:
        if not stdin.isatty():
            sys.stdout.write("\n")  # so what follows starts on its own line
        raise no_answer(instead)
    if not stdin.isatty():  # echo the piped answer, literally
        sys.stdout.write(literal(line.rstrip("\r\n")) + "\n")
    return line.rstrip("\r\n")


def ask(question: str, instead: str, default: str | None = None) -> str:
    """Ask for a line of text (stripped); empty means `default`, or ask again without one."""
    shown = f"{question} [{literal(default)}]: " if default else f"{question}: "
    while True:
        answer = read_answer(shown, instead).strip()
        if answer:
            return answer
        if default is not None:
            return default


def confirm(question: str, instead: str, default: bool) -> bool:
    """A yes/no question: y/yes/n/no, and in Dutch j/ja/n/nee; empty means `default`."""
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        answer = read_answer(f"{question} {choices}: ", instead).strip().lower()
        if not answer:
            return default
        if answer in YES_WORDS:
            return True
        if answer in NO_WORDS:
            return False
        say(_("Answer y (yes) or n (no)."), err=True)
