"""The command line: parse, load, call the core, save, say what happened.

Kept light at import time: Rich and the full habit library are loaded only by
the commands that draw or list, so `checkin` stays close to a bare Typer run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from cxhabits import __version__, core, store
from cxhabits.catalog import Habit, Library, find_habit, find_habits, load_library, unknown_habit
from cxhabits.core import HabitRecord, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.routine import RoutineProgress, coaching_before, progress, settle

APP_SETTINGS: dict[str, Any] = {
    "name": "cxhabits",
    "help": "A coach for tiny customer-experience habits: one at a time, until it is routine.",
    "no_args_is_help": True,
    "pretty_exceptions_show_locals": False,
    "rich_markup_mode": None,
}
app = typer.Typer(**APP_SETTINGS)
# name -> (the wrapped command, its Typer settings), so `main` can build just the one it runs.
COMMANDS: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {}

TODAY_ENV = "CXHABITS_TODAY"  # pretend today is this date: for demos, tests and benchmarks
F = TypeVar("F", bound=Callable[..., Any])

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


# -- the shell around every command ----------------------------------------------


def say(message: str = "", err: bool = False) -> None:
    """Plain text out: stdout for results, stderr (err=True) for hints and problems."""
    print(message, file=sys.stderr if err else sys.stdout)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can cause into a plain message and the exit code."""
    try:
        yield
    except CxHabitsError as exc:
        say(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except (KeyboardInterrupt, typer.Abort):
        say("\nInterrupted; nothing was changed.", err=True)
        raise typer.Exit(130) from None


def command(name: str | None = None, **settings: Any) -> Callable[[F], F]:
    """Register a command whose user errors become messages, not tracebacks."""

    def register(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            with user_errors():
                return func(*args, **kwargs)

        COMMANDS[name or func.__name__] = (run, settings)
        app.command(name, **settings)(run)
        return func

    return register


def version_callback(value: bool) -> None:
    if value:
        say(f"cxhabits {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """A coach for tiny customer-experience habits: one habit at a time, until it is routine."""


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


# -- inputs ----------------------------------------------------------------------


def today() -> dt.date:
    pretend = os.environ.get(TODAY_ENV)
    if pretend:
        return parse_date(pretend, TODAY_ENV)
    return dt.date.today()


def parse_date(value: str, what: str) -> dt.date:
    """An ISO date YYYY-MM-DD that exists in the calendar."""
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{what}: '{value}' is not a date. Use YYYY-MM-DD, for example "
            f"{dt.date.today().isoformat()}."
        ) from None


def language(settings: core.Settings) -> str:
    """The `language` setting, else the locale's language, else English."""
    if settings.language:
        return settings.language
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def home() -> Path:
    return store.home_dir()


def user_packs(folder: Path) -> Path:
    return folder / "habits"


def library(folder: Path) -> Library:
    """The whole library; a broken user pack is reported once and skipped."""
    lib = load_library(user_packs(folder))
    for problem in lib.problems:
        say(f"Skipped in a habit pack: {problem}", err=True)
    return lib


def habit_or_none(habit_id: str, folder: Path) -> Habit | None:
    return find_habit(habit_id, user_packs(folder))


def title(habit_id: str, folder: Path, lang: str) -> str:
    habit = habit_or_none(habit_id, folder)
    return habit.text("title", lang) if habit else habit_id


def emit_json(document: Any) -> None:
    import json

    print(json.dumps(document, ensure_ascii=False, indent=2))


# -- the gate --------------------------------------------------------------------


def refuse_pick(state: State, record: HabitRecord, folder: Path, now: dt.date) -> None:
    prog = progress(record, state.settings, state.pauses, now)
    lang = language(state.settings)
    habit = habit_or_none(record.id, folder)
    starter = f' (starter: "{habit.text("starter", lang)}")' if habit else ""
    raise CxHabitsError(
        f"'{record.id}' is not routine yet: {prog.summary}.\n"
        f"Keep checking in, make it tinier with the starter step{starter}, "
        f"or 'cxhabits drop' it if it does not fit."
    )


def suggest_next(state: State, lib: Library, role: str) -> Habit | None:
    taken = {r.id for r in state.habits if r.status != "dropped"}
    for habit in lib.role_habits(role):
        if habit.id not in taken:
            return habit
    return None


def announce_routine(state: State, record: HabitRecord, folder: Path, lang: str) -> None:
    lib = library(folder)
    habit = lib.habits.get(record.id)
    say(f"'{habit.text('title', lang) if habit else record.id}' is now routine. Well done!")
    following = suggest_next(state, lib, record.id.split(".")[0])
    if following:
        say(
            f"The next pick is unlocked. Suggested: {following.id} "
            f"({following.text('title', lang)}): cxhabits pick {following.id}"
        )
    else:
        say("The next pick is unlocked: see 'cxhabits library' for what to try next.")


# -- pick ------------------------------------------------------------------------


def choose(prompt: str, options: list[str], default: int = 1) -> int:
    """Ask for one of the numbered options (1-based); returns its index."""
    for number, label in enumerate(options, start=1):
        say(f"  {number:>2}. {label}")
    while True:
        answer = typer.prompt(prompt, default=str(default)).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        say(f"Type a number from 1 to {len(options)}.", err=True)


def choose_interactively(state: State, lib: Library, role_id: str | None, lang: str) -> Habit:
    if role_id is None:
        roles = list(lib.roles.values())
        say("Which role is yours?")
        role_id = roles[choose("Role", [r.label(lang) for r in roles])].id
    habits = lib.role_habits(role_id)
    status = habit_statuses(state)
    suggested = next((h for h in habits if status.get(h.id) is None), habits[0])
    say(f"Habits for {lib.roles[role_id].label(lang)}, easiest first:")
    labels = [
        h.text("title", lang) + (f"  [{status[h.id]}]" if h.id in status else "") for h in habits
    ]
    index = choose("Habit", labels, default=habits.index(suggested) + 1)
    return habits[index]


def habit_statuses(state: State) -> dict[str, str]:
    out: dict[str, str] = {}
    for record in state.habits:
        if record.status != "dropped":
            out[record.id] = record.status
    return out


@command()
def pick(
    habit_id: Annotated[
        str | None,
        typer.Argument(metavar="HABIT_ID", help="The habit to pick; without it you are asked."),
    ] = None,
    role: Annotated[
        str | None, typer.Option("--role", metavar="ROLE", help="Only show this role's habits.")
    ] = (None),
) -> None:
    """Pick the habit to build next (asks for a role and a habit without HABIT_ID)."""
    folder, now = home(), today()
    lib = library(folder)
    if role is not None:
        lib.role(role)  # refuses an unknown role
    chosen = lib.get(habit_id) if habit_id is not None else None
    if chosen is not None and role is not None and chosen.role != role:
        raise UsageError(
            f"'{habit_id}' belongs to the role '{chosen.role}', not '{role}'.\n"
            f"Leave out --role, or pick a habit of that role."
        )
    with store.locked(folder):
        state, just_routine = settle(store.load(folder), now)
        if just_routine is not None:
            store.save(folder, state)
    if state.active is not None:
        refuse_pick(state, state.active, folder, now)
    lang = language(state.settings)
    if chosen is not None:
        habit = chosen
    else:
        habit = choose_interactively(state, lib, role, lang)
        show_card(habit, lang)
        if not typer.confirm("Pick this habit?", default=True):
            say("Nothing picked.", err=True)
            return
    with store.locked(folder):
        state = core.pick(store.load(folder), habit.id, now)
        store.save(folder, state)
    say(f"Picked: {habit.text('title', lang)}")
    say(habit.recipe(lang))
    say(f"Too much on a busy day? {habit.text('starter', lang)}")
    say("Each workday, once you have done it: cxhabits checkin")


def show_card(habit: Habit, lang: str) -> None:
    from cxhabits import render

    render.card(habit, lang)


# -- check in --------------------------------------------------------------------


def resolve_record(state: State, habit_id: str | None, folder: Path) -> HabitRecord:
    if habit_id is None:
        if state.active is not None:
            return state.active
        if state.routine:
            raise CxHabitsError(
                "No habit is being built right now.\n"
                "Name a routine one ('cxhabits checkin HABIT_ID'), or run 'cxhabits pick'."
            )
        raise CxHabitsError("No habit picked yet.\nRun 'cxhabits pick' to choose one.")
    record = state.current(habit_id)
    if record is not None:
        return record
    if habit_or_none(habit_id, folder) is None:
        raise unknown_habit(habit_id)
    raise CxHabitsError(
        f"You have not picked '{habit_id}' (or you dropped it).\n"
        f"Run 'cxhabits pick {habit_id}' to start it."
    )


COACHING = {
    "one-miss": "You missed a workday: one miss does not matter. Never miss twice.",
    "two-misses": (
        "Two workdays missed in a row: time to troubleshoot. First the prompt: does the anchor "
        "really happen every workday? Then make it tinier: {starter} Motivation comes last."
    ),
    "slipping": (
        "Fewer than 6 of the last 10 workdays done: this anchor may not fit your day. "
        "Try a new anchor, or 'cxhabits drop' this habit and pick one that fits."
    ),
}
CHEERS = ("Done!", "Nice one.", "That's another one.", "Yes!", "Good going.", "Checked in.")


@command()
def checkin(
    habit_id: Annotated[
        str | None,
        typer.Argument(
            metavar="HABIT_ID", help="A routine habit to keep alive; default: the active one."
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="Check in for this day (YYYY-MM-DD)."),
    ] = None,
    yesterday: Annotated[bool, typer.Option("--yesterday", help="Check in for yesterday.")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Remove the check-in instead.")] = False,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="A short note to keep with it.")
    ] = "",
) -> None:
    """Record that today's tiny behaviour was done, and celebrate it."""
    if date is not None and yesterday:
        raise UsageError("Give --date or --yesterday, not both.")
    folder, now = home(), today()
    day = parse_date(date, "--date") if date is not None else now
    if yesterday:
        day = now - dt.timedelta(days=1)
    with store.locked(folder):
        state = store.load(folder)
        record = resolve_record(state, habit_id, folder)
        if not record.loaded:  # a routine habit: its check-ins are in its archive file
            state, record = store.load_record(folder, state, record)
        if undo:
            state = core.undo_check_in(state, record, day)
            store.save(folder, state)
            say(f"Removed the check-in of {day.isoformat()} for {record.id}.")
            return
        before = progress(record, state.settings, state.pauses, day)
        state, changed = core.check_in(state, record, day, now, note)
        state, just_routine = settle(state, now)
        if changed:
            store.save(folder, state)
    lang = language(state.settings)
    if not changed:
        say(f"Already checked in for {day.isoformat()}: nothing to add.")
        return
    habit = habit_or_none(record.id, folder)
    cheer = CHEERS[(day.toordinal() + len(record.checkins)) % len(CHEERS)]
    name = habit.text("title", lang) if habit else record.id
    say(f"{cheer} {name}: checked in for {day.isoformat()}.")
    if habit:
        say(habit.text("celebration", lang))
    if not core.is_scheduled(day, state.settings, state.pauses):
        say("That day is not a scheduled workday: it is kept, but it does not count.")
        return
    updated = state.current(record.id)
    assert updated is not None
    after = progress(updated, state.settings, state.pauses, now)
    say(f"Streak {after.current_streak} · {after.summary}")
    tip = coaching_before(before).value
    if tip in COACHING and day == now:
        starter = habit.text("starter", lang) if habit else "do only the first move."
        say(COACHING[tip].format(starter=starter))
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)
    elif updated.status == "active" and after.needs_rating:
        ask_rating(folder, now)


def ask_rating(folder: Path, now: dt.date) -> None:
    """The record holds up: ask the self-check now (or say how, when nobody can answer)."""
    if not sys.stdin.isatty():
        say(
            "Your record meets the routine rule: one self-check is left.\n"
            "Run 'cxhabits rate' to answer four short statements.",
            err=True,
        )
        return
    say("Your record meets the routine rule. One last thing: how automatic does it feel?")
    record_rating(folder, now, prompt_scores())


# -- rate ------------------------------------------------------------------------

SRBAI_STATEMENTS = (
    "I do it automatically.",
    "I do it without having to consciously remember.",
    "I do it without thinking.",
    "I start doing it before I realise I am doing it.",
)


def prompt_scores() -> tuple[int, ...]:
    say("For each statement: 1 = strongly disagree ... 7 = strongly agree.")
    answers = []
    for statement in SRBAI_STATEMENTS:
        while True:
            answer = typer.prompt(f"  {statement}").strip()
            try:
                answers.append(core.parse_scores([answer, "1", "1", "1"])[0])
                break
            except UsageError:
                say("Type a whole number from 1 to 7.", err=True)
    return tuple(answers)


def record_rating(folder: Path, now: dt.date, scores: tuple[int, ...]) -> None:
    with store.locked(folder):
        state = store.load(folder)
        record = state.active
        if record is None:
            raise CxHabitsError(
                "The self-check is for the habit you are building, and none is active.\n"
                "Run 'cxhabits pick' first."
            )
        state = core.rate(state, record, scores, now)
        state, just_routine = settle(state, now)
        store.save(folder, state)
    rating = core.Rating(now, scores)
    say(f"Automaticity {rating.mean:.1f} recorded for {record.id}.")
    lang = language(state.settings)
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)
    else:
        updated = state.current(record.id)
        assert updated is not None
        prog = progress(updated, state.settings, state.pauses, now)
        say(prog.summary)
        for missing in prog.missing:
            say(f"Still missing: {missing}")


@command()
def rate(
    scores: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SCORES...", help="Four scores, 1 (strongly disagree) to 7 (strongly agree)."
        ),
    ] = None,
) -> None:
    """The automaticity self-check (SRBAI): four statements, each scored 1 to 7."""
    parsed = core.parse_scores(scores) if scores else None
    folder, now = home(), today()
    state = store.load(folder)
    if state.active is None:
        raise CxHabitsError(
            "The self-check is for the habit you are building, and none is active.\n"
            "Run 'cxhabits pick' first."
        )
    if parsed is None:
        lang = language(state.settings)
        say(f"About: {title(state.active.id, folder, lang)}")
        parsed = prompt_scores()
    record_rating(folder, now, parsed)


# -- views -----------------------------------------------------------------------


def progress_json(prog: RoutineProgress, record: HabitRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "picked": record.picked.isoformat(),
        "status": record.status,
        "current_streak": prog.current_streak,
        "longest_streak": prog.longest_streak,
        "done_last_20": prog.done_in_window,
        "scheduled_last_20": prog.window_size,
        "strength": round(prog.strength, 4),
        "automaticity": round(prog.rating.mean, 2) if prog.rating else None,
        "automaticity_recent": prog.rating_recent,
        "today_done": prog.today_done,
        "routine": prog.routine,
        "missing": list(prog.missing),
        "summary": prog.summary,
    }


@command()
def streak(json_output: JsonOption = False) -> None:
    """How the active habit is going: streaks, the routine rule, a calendar."""
    folder, now = home(), today()
    state = store.load(folder)
    record = state.active
    prog = progress(record, state.settings, state.pauses, now) if record else None
    if json_output:
        emit_json(
            {
                "today": now.isoformat(),
                "active": progress_json(prog, record) if prog and record else None,
                "routine_habits": [r.id for r in state.routine],
            }
        )
        return
    if record is None and not state.routine:
        say("No habit picked yet. Run 'cxhabits pick' to choose one.", err=True)
        return
    from cxhabits import render

    habits = find_habits([r.id for r in state.habits if r.status != "dropped"], user_packs(folder))
    render.streak_view(state, habits, prog, now, language(state.settings))


@command()
def roles(json_output: JsonOption = False) -> None:
    """The roles in the habit library."""
    folder = home()
    lib = library(folder)
    lang = language(store.load(folder).settings)
    rows = [
        {"id": r.id, "name": r.label(lang), "habits": len(lib.role_habits(r.id))}
        for r in lib.roles.values()
    ]
    if json_output:
        emit_json(rows)
        return
    from cxhabits import render

    render.roles_table(rows)


def library_status(state: State) -> Callable[[str], str]:
    statuses = habit_statuses(state)
    gate_closed = state.active is not None

    def status(habit_id: str) -> str:
        if habit_id in statuses:
            return statuses[habit_id]
        return "locked" if gate_closed else "available"

    return status


@command("library")
def library_command(
    role: Annotated[
        str | None, typer.Option("--role", metavar="ROLE", help="Only this role's habits.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """The habits, each marked routine, active, locked or available."""
    folder = home()
    lib = library(folder)
    state = store.load(folder)
    if role is not None:
        lib.role(role)
    habits = [h for h in lib.ordered() if role is None or h.role == role]
    status = library_status(state)
    lang = language(state.settings)
    if json_output:
        emit_json(
            [
                {
                    "id": h.id,
                    "role": h.role,
                    "order": h.order,
                    "principle": h.principle,
                    "title": h.text("title", lang),
                    "status": status(h.id),
                }
                for h in habits
            ]
        )
        return
    from cxhabits import render

    render.library_table(habits, status, lang)


@command()
def show(
    habit_id: Annotated[
        str, typer.Argument(metavar="HABIT_ID", help="The habit's id, e.g. agent.one-breath.")
    ],
    json_output: JsonOption = False,
) -> None:
    """The recipe card of one habit."""
    folder = home()
    habit = habit_or_none(habit_id, folder)
    if habit is None:
        raise unknown_habit(habit_id)
    if json_output:
        emit_json(
            {
                "id": habit.id,
                "role": habit.role,
                "order": habit.order,
                "principle": habit.principle,
                **habit.texts,
                "recipe": {lang: habit.recipe(lang) for lang in ("en", "nl")},
            }
        )
        return
    show_card(habit, language(store.load(folder).settings))


@command()
def history(json_output: JsonOption = False) -> None:
    """Every habit ever picked, with its dates and how it ended."""
    folder = home()
    state = store.load_full(folder)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "picked": r.picked.isoformat(),
            "status": r.status,
            "routine_on": r.routine_on.isoformat() if r.routine_on else None,
            "dropped_on": r.dropped_on.isoformat() if r.dropped_on else None,
            "drop_reason": r.drop_reason or None,
            "checkins": len(r.checkins),
        }
        for r in state.habits
    ]
    if json_output:
        emit_json(rows)
        return
    if not rows:
        say("No habit picked yet. Run 'cxhabits pick' to choose one.", err=True)
        return
    from cxhabits import render

    lang = language(state.settings)
    titles = {r.id: title(r.id, folder, lang) for r in state.habits}
    render.history_list(rows, titles)


@command()
def path() -> None:
    """Print where the state file is."""
    say(str(store.state_path(home())))


@command()
def validate(
    pack: Annotated[
        Path, typer.Argument(metavar="PATH", help="A habit pack file (.toml) or a folder of them.")
    ],
) -> None:
    """Check a habit pack file or folder, listing every problem."""
    from cxhabits.catalog import validate_path

    passed, problems = validate_path(pack)
    for problem in problems:
        say(str(problem))
    if problems:
        raise CxHabitsError(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found "
            f"({passed} habit{'s' if passed != 1 else ''} passed).\n"
            f"Fix them and run 'cxhabits validate {pack}' again."
        )
    say(f"{passed} habit{'s' if passed != 1 else ''} checked: no problems.", err=True)


# -- pause, drop, config ----------------------------------------------------------


@command()
def pause(
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="The first day off (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="The last day off (YYYY-MM-DD).")
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Holiday, sick leave, training, ...")
    ] = "",
    list_pauses: Annotated[bool, typer.Option("--list", help="List the pauses.")] = False,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="DATE", help="Remove the pause that covers this day."),
    ] = None,
) -> None:
    """Mark days off (holiday, sick leave): they neither count nor break a streak."""
    folder, now = home(), today()
    if list_pauses or (start is None and end is None and remove is None):
        pauses = store.load(folder).pauses
        if not pauses:
            say("No pauses. Add one with: cxhabits pause --from DATE --to DATE", err=True)
        for p in pauses:
            reason_text = f"  {p.reason}" if p.reason else ""
            say(f"{p.start.isoformat()} to {p.end.isoformat()}{reason_text}")
        return
    if remove is not None:
        day = parse_date(remove, "--remove")
        with store.locked(folder):
            state, removed = core.remove_pause(store.load(folder), day)
            store.save(folder, state)
        say(f"Removed the pause {removed.start.isoformat()} to {removed.end.isoformat()}.")
        return
    if start is None or end is None:
        raise UsageError(
            "A pause needs both --from and --to.\n"
            "Example: cxhabits pause --from 2026-12-24 --to 2027-01-01"
        )
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    with store.locked(folder):
        state = core.add_pause(store.load(folder), first, last, reason)
        state, just_routine = settle(state, now)
        store.save(folder, state)
    days = (last - first).days + 1
    say(
        f"Paused {first.isoformat()} to {last.isoformat()} ({days} day{'s' if days != 1 else ''}): "
        f"those days neither count nor break your streak."
    )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))


@command()
def drop(
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Why it did not fit (kept).")
    ] = "",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Give up the active habit; its history is kept and the next pick is free."""
    folder, now = home(), today()
    state = store.load(folder)
    if state.active is None:
        core.drop(state, now)  # raises the message
    if not yes and sys.stdin.isatty():
        lang = language(state.settings)
        assert state.active is not None
        if not typer.confirm(f"Drop '{title(state.active.id, folder, lang)}'?", default=False):
            say("Kept it.", err=True)
            return
    with store.locked(folder):
        state, dropped = core.drop(store.load(folder), now, reason)
        store.save(folder, state)
    say(
        f"Dropped {dropped.id} ({len(dropped.checkins)} check-ins kept). "
        f"Not every habit fits every day: pick one that does with 'cxhabits pick'."
    )


@command(context_settings={"ignore_unknown_options": True})
def config(
    key: Annotated[str | None, typer.Argument(metavar="KEY", help="A setting's name.")] = None,
    value: Annotated[
        str | None, typer.Argument(metavar="VALUE", help="The new value ('default' resets it).")
    ] = None,
) -> None:
    """Show the settings, or set one: workdays, language, backfill_days, thresholds, ..."""
    from cxhabits import config as settings_keys

    folder, now = home(), today()
    if value is None:
        settings = store.load(folder).settings
        defaults = core.Settings()
        names = [settings_keys.key(key).name] if key else list(settings_keys.KEYS)
        for name in names:
            current = settings_keys.show_value(name, getattr(settings, name))
            default = settings_keys.show_value(name, getattr(defaults, name))
            marker = "" if current == default else f"  (default {default})"
            say(f"{name} = {current}{marker}")
            if key:
                spec = settings_keys.KEYS[name]
                say(f"  {spec.help}; allowed: {spec.allowed}")
        return
    assert key is not None
    with store.locked(folder):
        state = store.load(folder)
        updated = settings_keys.set_value(state.settings, key, value)
        state, just_routine = settle(state._replace(settings=updated), now)
        store.save(folder, state)
    name = settings_keys.key(key).name
    say(f"{name} = {settings_keys.show_value(name, getattr(updated, name))}")
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))
