"""Picking a habit: the gate, the interactive choice, the recipe card.

Checking in, skipping, the anchor, rating and the views are in days.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cxhabits.cli import saving
from cxhabits.cli.app import (
    ask,
    command,
    complete_habit_id,
    complete_role,
    confirm,
    habit_or_none,
    habit_statuses,
    home,
    language,
    library,
    role_id,
    say,
    show_card,
    unknown_habit_in,
    user_errors,
    wrapped,
)
from cxhabits.clock import shown_date, today
from cxhabits.domain import core
from cxhabits.domain.model import HabitRecord, State
from cxhabits.domain.routine import daily_line, progress, settle
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import Library, kept_texts
from cxhabits.library.packs import Habit
from cxhabits.storage import datafolder, store

# -- the gate --------------------------------------------------------------------


def refuse_pick(state: State, record: HabitRecord, folder: Path, now: dt.date) -> None:
    """One habit at a time: say why in numbers, and the ways forward."""
    prog = progress(record, state.settings, state.pauses, now)
    lang = language(state.settings)
    habit = habit_or_none(record.id, folder)
    if habit is None:
        raise CxHabitsError(
            N_(
                "Not routine yet: {title} ({summary}).\n"
                "Keep checking in, make it tinier, or run 'cxhabits drop' if it does not fit."
            ),
            title=record.id,
            summary=prog.summary,
        )
    raise CxHabitsError(
        N_(
            "Not routine yet: {title} ({summary}).\n"
            "Keep checking in; on a busy day do only the starter step: {starter} "
            "If it does not fit, run 'cxhabits drop'."
        ),
        title=habit.text("title", lang),
        summary=prog.summary,
        starter=habit.text("starter", lang),
    )


# -- pick ------------------------------------------------------------------------


PICK_INSTEAD = "cxhabits pick HABIT_ID"  # what to type when nobody can answer the questions


def choose(
    prompt: str,
    options: list[str],
    default: int = 1,
    by_name: Callable[[str], int | None] = lambda answer: None,
    refusal: Callable[[int], str | None] = lambda index: None,
) -> int:
    """Ask for one of the numbered options (1-based) or, through `by_name`, its id.

    `refusal` says why an option cannot be chosen (None: it can); the question is asked
    again at once. Returns the chosen option's index.
    """
    for number, label in enumerate(options, start=1):
        first, *more = label.split("\n")  # a second line (the id) starts under the first
        say(wrapped(f"{number:>3}. {first}", rest="     "))
        for line in more:
            say(wrapped(line, indent="     "))
    while True:
        answer = ask(prompt, instead=PICK_INSTEAD, default=str(default))
        index = int(answer) - 1 if answer.isdigit() else by_name(answer)
        if index is None or not 0 <= index < len(options):
            say(
                _("Type a number from 1 to {last}, or an id from the list.").format(
                    last=len(options)
                ),
                err=True,
            )
            continue
        why = refusal(index)
        if why is None:
            return index
        say(why, err=True)


def latest_role(state: State, lib: Library) -> str | None:
    """The role of the habit the user picked most recently (still in the library)."""
    for record in reversed(state.habits):
        role = record.id.split(".", 1)[0]
        if role in lib.roles:
            return role
    return None


def choose_role(state: State, lib: Library, lang: str) -> str:
    roles = list(lib.roles.values())
    ids = [r.id for r in roles]
    latest = latest_role(state, lib)
    say(_("Which role is yours?"))
    index = choose(
        _("Role (number or id)"),
        [f"{r.label(lang)} ({r.id})" for r in roles],
        default=ids.index(latest) + 1 if latest else 1,
        by_name=lambda answer: ids.index(role_id(answer)) if role_id(answer) in ids else None,
    )
    return ids[index]


def choose_habit(state: State, lib: Library, role: str, lang: str) -> Habit:
    """The role's habits, easiest first; routine and active ones marked and refused."""
    from cxhabits.ui.cards import STATUS_WORDS

    status = habit_statuses(state)
    habits = lib.role_habits(role, keep=status)
    ids = [h.id for h in habits]
    suggested = next((h for h in habits if h.id not in status and not h.retired), habits[0])
    say(wrapped(_("Habits for {role}, easiest first:").format(role=lib.roles[role].label(lang))))
    labels = [
        f"{h.text('title', lang)}\n{h.id}"
        + (f"  [{_(STATUS_WORDS[status[h.id]])}]" if h.id in status else "")
        for h in habits
    ]

    def refusal(index: int) -> str | None:
        mark = status.get(habits[index].id)
        title = habits[index].text("title", lang)
        if mark == "routine":
            return _("{title} is already routine: choose another habit.").format(title=title)
        if mark == "active":
            return _("{title} is the habit you are building now: choose another.").format(
                title=title
            )
        return None

    def by_name(answer: str) -> int | None:
        text = answer.strip().lower()
        for index, habit_id in enumerate(ids):
            if text in (habit_id, habit_id.split(".", 1)[-1]):
                return index
        return None

    index = choose(
        _("Habit (number or id)"),
        labels,
        default=habits.index(suggested) + 1,
        by_name=by_name,
        refusal=refusal,
    )
    return habits[index]


def choose_interactively(state: State, lib: Library, role: str | None, lang: str) -> Habit:
    """Role, then the role's habits, then the card; "no" at the card goes back to the list."""
    role = role or choose_role(state, lib, lang)
    while True:
        habit = choose_habit(state, lib, role, lang)
        show_card(habit, lang)
        if confirm(_("Pick this habit?"), instead=f"cxhabits pick {habit.id}", default=True):
            return habit
        say(_("Then choose another one (or press Ctrl-C to stop)."))


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
    # A habit named alone is found through the pack index, as `show` finds it: no team
    # pack is read but the one that holds it. Anything else needs the whole library.
    chosen = habit_or_none(habit_id, folder) if habit_id is not None and role is None else None
    lib = None if chosen is not None else library(folder)
    if lib is not None and role is not None:
        role = role_id(role)
        lib.role(role)  # refuses an unknown role
    if lib is not None and habit_id is not None:
        if habit_id not in lib.habits:
            raise unknown_habit_in(habit_id, lib, "pick")
        chosen = lib.get(habit_id)
    if chosen is not None and chosen.retired:
        raise UsageError(
            N_(
                "'{habit}' is retired: the library no longer offers it.\n"
                "Run 'cxhabits library' to see the habits you can pick."
            ),
            habit=habit_id,
        )
    if chosen is not None and role is not None and chosen.role != role:
        raise UsageError(
            N_(
                "'{habit}' belongs to the role '{role}', not '{wanted}'.\n"
                "Leave out --role, or pick a habit of that role."
            ),
            habit=habit_id,
            role=chosen.role,
            wanted=role,
        )
    with datafolder.locked(folder):
        state, just_routine = settle(store.load(folder), now)
        if just_routine is not None:
            saving.save(folder, state)
    if state.active is not None:
        refuse_pick(state, state.active, folder, now)
    lang = language(state.settings)
    habit = chosen or choose_interactively(state, lib or library(folder), role, lang)
    with datafolder.locked(folder):
        state = core.pick(store.load(folder), habit.id, now, kept_texts(habit))
        saving.save(folder, state)
    say(wrapped(_("Picked: {title}").format(title=habit.text("title", lang))))
    if chosen is not None:  # no card was shown: the recipe, once
        say(wrapped(habit.recipe(lang), indent="  "))
    busy = _("Too much on a busy day? {starter}").format(starter=habit.text("starter", lang))
    say(wrapped(busy))
    say(wrapped(_("Each workday, once you have done it: cxhabits checkin")))


def glance() -> int:
    """Bare `cxhabits`: today at a glance, and the one thing to type next. Returns the exit code."""
    try:
        with user_errors():
            today_at_a_glance()
    except typer.Exit as done:
        return done.exit_code
    return 0


def today_at_a_glance() -> None:
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    record = state.active
    if record is None and not state.routine:
        say(wrapped(_("cxhabits: one tiny customer-experience habit at a time, until routine.")))
        say(wrapped(_("Start by picking one for your role: a few questions, a minute.")))
        say("  cxhabits pick")
        return
    if record is None:
        count = len(state.routine)
        if count == 1:
            say(_("Your habit is routine. Time for the next one:"))
        else:
            say(
                _("All {count} of your habits are routine. Time for the next one:").format(
                    count=count
                )
            )
        say("  cxhabits pick")
        return
    habit = habit_or_none(record.id, folder)
    say(habit.text("title", lang) if habit else record.id)
    say(wrapped(daily_line(record, state.settings, state.pauses, now), indent="  "))
    missed = missed_last_workday(record, state, now)
    if missed is not None:
        say(
            wrapped(
                _("{day} is not checked in. If you did it then:").format(
                    day=shown_date(missed, now)
                )
            )
        )
        say("  cxhabits checkin --yesterday")
    if record.checkin_on(now) is not None:
        say(wrapped(_("Today: done ✓. See how it is going:")))
        say("  cxhabits streak")
    elif any(skip.day == now for skip in record.skips):
        say(wrapped(_("Today: skipped, the anchor did not happen. See how it is going:")))
        say("  cxhabits streak")
    elif core.is_scheduled(now, state.settings, state.pauses):
        say(wrapped(_("Today: still open. Once you have done it:")))
        say("  cxhabits checkin")
    elif core.is_paused(now, state.pauses):
        say(wrapped(_("Today is paused: it neither counts nor breaks. Your pauses:")))
        say("  cxhabits pause --list")
    else:
        say(wrapped(_("Today is not a workday. See how it is going:")))
        say("  cxhabits streak")


def missed_last_workday(record: HabitRecord, state: State, now: dt.date) -> dt.date | None:
    """The previous workday when it counts and was neither done nor skipped (on a Monday:
    the Friday), so bare `cxhabits` can name `checkin --yesterday`; else None."""
    from cxhabits.cli.daily import previous_workday

    day = previous_workday(now, state.settings)
    if day <= record.picked or not core.is_scheduled(day, state.settings, state.pauses):
        return None
    if record.checkin_on(day) is not None or day in record.skipped_days:
        return None
    return day
