"""Picking a habit: the gate, the interactive choice, the recipe card.

Checking in, skipping, the anchor, rating and the views are in days.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cxhabits import core, store
from cxhabits.catalog import Habit, Library
from cxhabits.commands.shell import (
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
    say,
    show_card,
    today,
)
from cxhabits.core import HabitRecord, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import _
from cxhabits.routine import progress, settle

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
