"""The core loop: pick a habit, check it in, rate it, see how it goes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cxhabits import core, store
from cxhabits.catalog import Habit, Library, find_habits, unknown_habit
from cxhabits.commands.shell import (
    JsonOption,
    announce_routine,
    ask,
    command,
    complete_habit_id,
    complete_role,
    confirm,
    emit_json,
    habit_or_none,
    habit_statuses,
    home,
    language,
    library,
    parse_date,
    say,
    show_card,
    title,
    today,
    user_packs,
)
from cxhabits.core import HabitRecord, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.routine import RoutineProgress, coaching_before, progress, settle

# -- the gate --------------------------------------------------------------------


def refuse_pick(state: State, record: HabitRecord, folder: Path, now: dt.date) -> None:
    prog = progress(record, state.settings, state.pauses, now)
    lang = language(state.settings)
    habit = habit_or_none(record.id, folder)
    if habit is None:
        message = _(
            "'{habit}' is not routine yet: {summary}.\n"
            "Keep checking in, make it tinier with the starter step, "
            "or 'cxhabits drop' it if it does not fit."
        )
    else:
        message = _(
            "'{habit}' is not routine yet: {summary}.\n"
            'Keep checking in, make it tinier with the starter step (starter: "{starter}"), '
            "or 'cxhabits drop' it if it does not fit."
        )
    starter = habit.text("starter", lang) if habit else ""
    raise CxHabitsError(message.format(habit=record.id, summary=prog.summary, starter=starter))


# -- pick ------------------------------------------------------------------------


def choose(prompt: str, options: list[str], default: int = 1) -> int:
    """Ask for one of the numbered options (1-based); returns its index."""
    for number, label in enumerate(options, start=1):
        say(f"  {number:>2}. {label}")
    while True:
        answer = ask(prompt, instead="cxhabits pick HABIT_ID", default=str(default))
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        say(_("Type a number from 1 to {last}.").format(last=len(options)), err=True)


def choose_interactively(state: State, lib: Library, role_id: str | None, lang: str) -> Habit:
    from cxhabits.render import STATUS_WORDS  # the habit's card is drawn next: Rich is needed

    if role_id is None:
        roles = list(lib.roles.values())
        say(_("Which role is yours?"))
        role_id = roles[choose(_("Role"), [r.label(lang) for r in roles])].id
    habits = lib.role_habits(role_id)
    status = habit_statuses(state)
    suggested = next((h for h in habits if status.get(h.id) is None), habits[0])
    say(_("Habits for {role}, easiest first:").format(role=lib.roles[role_id].label(lang)))
    labels = [
        h.text("title", lang)
        + (f"  [{_(STATUS_WORDS.get(status[h.id], status[h.id]))}]" if h.id in status else "")
        for h in habits
    ]
    index = choose(_("Habit"), labels, default=habits.index(suggested) + 1)
    return habits[index]


@command()
def pick(
    habit_id: Annotated[
        str | None,
        typer.Argument(
            metavar="HABIT_ID",
            autocompletion=complete_habit_id,
            help=_("The habit to pick; without it you are asked."),
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            autocompletion=complete_role,
            help=_("Only show this role's habits."),
        ),
    ] = (None),
) -> None:
    """Pick the habit to build next (asks for a role and a habit without HABIT_ID)."""
    folder, now = home(), today()
    lib = library(folder)
    if role is not None:
        lib.role(role)  # refuses an unknown role
    chosen = lib.get(habit_id) if habit_id is not None else None
    if chosen is not None and chosen.retired:
        raise UsageError(
            _(
                "'{habit}' is retired: the library no longer offers it.\n"
                "Run 'cxhabits library' to see the habits you can pick."
            ).format(habit=habit_id)
        )
    if chosen is not None and role is not None and chosen.role != role:
        raise UsageError(
            _(
                "'{habit}' belongs to the role '{role}', not '{wanted}'.\n"
                "Leave out --role, or pick a habit of that role."
            ).format(habit=habit_id, role=chosen.role, wanted=role)
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
        if not confirm(_("Pick this habit?"), instead=f"cxhabits pick {habit.id}", default=True):
            say(_("Nothing picked."), err=True)
            return
    with store.locked(folder):
        state = core.pick(store.load(folder), habit.id, now)
        store.save(folder, state)
    say(_("Picked: {title}").format(title=habit.text("title", lang)))
    say(habit.recipe(lang))
    say(_("Too much on a busy day? {starter}").format(starter=habit.text("starter", lang)))
    say(_("Each workday, once you have done it: cxhabits checkin"))


# -- check in --------------------------------------------------------------------


def resolve_record(state: State, habit_id: str | None, folder: Path) -> HabitRecord:
    if habit_id is None:
        if state.active is not None:
            return state.active
        if state.routine:
            raise CxHabitsError(
                _(
                    "No habit is being built right now.\n"
                    "Name a routine one ('cxhabits checkin HABIT_ID'), or run 'cxhabits pick'."
                )
            )
        raise CxHabitsError(_("No habit picked yet.\nRun 'cxhabits pick' to choose one."))
    record = state.current(habit_id)
    if record is not None:
        return record
    if habit_or_none(habit_id, folder) is None:
        raise unknown_habit(habit_id)
    raise CxHabitsError(
        _(
            "You have not picked '{habit}' (or you dropped it).\n"
            "Run 'cxhabits pick {habit}' to start it."
        ).format(habit=habit_id)
    )


# Marked here, translated where they are shown (the language is known only then).
COACHING = {
    "one-miss": N_("You missed a workday: one miss does not matter. Never miss twice."),
    "two-misses": N_(
        "Two workdays missed in a row: time to troubleshoot. First the prompt: does the anchor "
        "really happen every workday? Then make it tinier: {starter} Motivation comes last."
    ),
    "slipping": N_(
        "Fewer than 6 of the last 10 workdays done: this anchor may not fit your day. "
        "Try a new anchor, or 'cxhabits drop' this habit and pick one that fits."
    ),
}
CHEERS = (
    N_("Done!"),
    N_("Nice one."),
    N_("That's another one."),
    N_("Yes!"),
    N_("Good going."),
    N_("Checked in."),
)


@command()
def checkin(
    habit_id: Annotated[
        str | None,
        typer.Argument(
            metavar="HABIT_ID",
            autocompletion=complete_habit_id,
            help=_("A routine habit to keep alive; default: the active one."),
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help=_("Check in for this day (YYYY-MM-DD).")),
    ] = None,
    yesterday: Annotated[
        bool, typer.Option("--yesterday", help=_("Check in for yesterday."))
    ] = False,
    undo: Annotated[bool, typer.Option("--undo", help=_("Remove the check-in instead."))] = False,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help=_("A short note to keep with it."))
    ] = "",
) -> None:
    """Record that today's tiny behaviour was done, and celebrate it."""
    if date is not None and yesterday:
        raise UsageError(N_("Give --date or --yesterday, not both."))
    folder, now = home(), today()
    day = parse_date(date, "--date") if date is not None else now
    if yesterday:
        day = now - dt.timedelta(days=1)
    with store.locked(folder):
        state = store.load(folder)
        lang = language(state.settings)
        record = resolve_record(state, habit_id, folder)
        if not record.loaded:  # a routine habit: its check-ins are in its archive file
            state, record = store.load_record(folder, state, record)
        if undo:
            state = core.undo_check_in(state, record, day)
            store.save(folder, state)
            say(
                _("Removed the check-in of {day} for {habit}.").format(
                    day=day.isoformat(), habit=record.id
                )
            )
            return
        before = progress(record, state.settings, state.pauses, day)
        state, changed = core.check_in(state, record, day, now, note)
        state, just_routine = settle(state, now)
        if changed:
            store.save(folder, state)
    if not changed:
        say(_("Already checked in for {day}: nothing to add.").format(day=day.isoformat()))
        return
    habit = habit_or_none(record.id, folder)
    cheer = _(CHEERS[(day.toordinal() + len(record.checkins)) % len(CHEERS)])
    name = habit.text("title", lang) if habit else record.id
    say(
        _("{cheer} {habit}: checked in for {day}.").format(
            cheer=cheer, habit=name, day=day.isoformat()
        )
    )
    if habit:
        say(habit.text("celebration", lang))
    if not core.is_scheduled(day, state.settings, state.pauses):
        say(_("That day is not a scheduled workday: it is kept, but it does not count."))
        return
    updated = state.current(record.id)
    assert updated is not None
    after = progress(updated, state.settings, state.pauses, now)
    say(_("Streak {streak} · {summary}").format(streak=after.current_streak, summary=after.summary))
    tip = coaching_before(before)
    if tip in COACHING and day == now:
        starter = habit.text("starter", lang) if habit else _("do only the first move.")
        say(_(COACHING[tip]).format(starter=starter))
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)
    elif updated.status == "active" and after.needs_rating:
        ask_rating(folder, now)


def ask_rating(folder: Path, now: dt.date) -> None:
    """The record holds up: ask the self-check now (or say how, when nobody can answer)."""
    if not sys.stdin.isatty():
        say(
            _(
                "Your record meets the routine rule: one self-check is left.\n"
                "Run 'cxhabits rate' to answer four short statements."
            ),
            err=True,
        )
        return
    say(_("Your record meets the routine rule. One last thing: how automatic does it feel?"))
    record_rating(folder, now, prompt_scores())


# -- rate ------------------------------------------------------------------------

SRBAI_STATEMENTS = (
    N_("I do it automatically."),
    N_("I do it without having to consciously remember."),
    N_("I do it without thinking."),
    N_("I start doing it before I realise I am doing it."),
)


def prompt_scores() -> tuple[int, ...]:
    say(_("For each statement: 1 = strongly disagree ... 7 = strongly agree."))
    answers = []
    for statement in SRBAI_STATEMENTS:
        while True:
            answer = ask("  " + _(statement).rstrip("."), instead="cxhabits rate 6 5 6 6")
            try:
                answers.append(core.parse_scores([answer, "1", "1", "1"])[0])
                break
            except UsageError:
                say(_("Type a whole number from 1 to 7."), err=True)
    return tuple(answers)


def no_active_habit() -> CxHabitsError:
    return CxHabitsError(
        _(
            "The self-check is for the habit you are building, and none is active.\n"
            "Run 'cxhabits pick' first."
        )
    )


def record_rating(folder: Path, now: dt.date, scores: tuple[int, ...]) -> None:
    with store.locked(folder):
        state = store.load(folder)
        lang = language(state.settings)
        record = state.active
        if record is None:
            raise no_active_habit()
        state = core.rate(state, record, scores, now)
        state, just_routine = settle(state, now)
        store.save(folder, state)
    rating = core.Rating(now, scores)
    say(
        _("Automaticity {score} recorded for {habit}.").format(
            score=f"{rating.mean:.1f}", habit=record.id
        )
    )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)
    else:
        updated = state.current(record.id)
        assert updated is not None
        prog = progress(updated, state.settings, state.pauses, now)
        say(prog.summary)
        for missing in prog.missing:
            say(_("Still missing: {missing}").format(missing=missing))


@command()
def rate(
    scores: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SCORES...",
            help=_("Four scores, 1 (strongly disagree) to 7 (strongly agree)."),
        ),
    ] = None,
) -> None:
    """The automaticity self-check (SRBAI): four statements, each scored 1 to 7."""
    parsed = core.parse_scores(scores) if scores else None
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    if state.active is None:
        raise no_active_habit()
    if parsed is None:
        say(_("About: {title}").format(title=title(state.active.id, folder, lang)))
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
    lang = language(state.settings)
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
        say(_("No habit picked yet. Run 'cxhabits pick' to choose one."), err=True)
        return
    from cxhabits import render_streak
    from cxhabits.render_streak import ROUTINE_SHOWN

    shown = [r.id for r in state.routine[-ROUTINE_SHOWN:]] + ([record.id] if record else [])
    habits = find_habits(shown, user_packs(folder))
    render_streak.streak_view(state, habits, prog, now, lang)


@command()
def status() -> None:
    """One line for a shell prompt: the active habit and whether today is done."""
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    record = state.active
    if record is None:
        if state.routine:
            say("cx: " + _("all routine, pick the next habit"))
        return  # nothing picked: print nothing, succeed
    habit = habit_or_none(record.id, folder)
    name = habit.text("title", lang) if habit else record.id
    if record.checkin_on(now) is not None:
        mark = _("done ✓")
    elif core.is_scheduled(now, state.settings, state.pauses):
        mark = _("today open")
    else:
        mark = _("day off")
    say(f"cx: {name} · {mark}")
