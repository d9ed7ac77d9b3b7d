"""The days of the habit being built: check in, skip, anchor, rate, streak, status.

The work of plain `checkin` and `status` is in daily.py (typer-free, shared with
the fast path); these commands are thin wrappers over it.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from cxhabits.cli import daily, saving
from cxhabits.cli.app import (
    JsonOption,
    announce_routine,
    command,
    complete_habit_id,
    emit_json,
    given_day,
    habit_or_none,
    home,
    language,
    library,
    pack_index,
    say,
    team_folders,
    title,
    user_packs,
    wrapped,
)
from cxhabits.cli.selfcheck import ask_for_rating, no_active_habit, prompt_scores, record_rating
from cxhabits.clock import today
from cxhabits.domain import core
from cxhabits.domain.chars import literal
from cxhabits.domain.model import HabitRecord, State
from cxhabits.domain.routine import progress, progress_document, settle
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import find_habits
from cxhabits.storage import datafolder, store

DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help=_("The day (YYYY-MM-DD); default: today.")),
]
YesterdayOption = Annotated[
    bool,
    typer.Option("--yesterday", help=_("The previous workday (on a Monday: the Friday).")),
]


def report(said: daily.Report, wrap: bool = True) -> None:
    for line in said.out:
        say(line, wrap=wrap)
    for line in said.err:
        say(line, err=True)


# -- check in --------------------------------------------------------------------


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
    date: DateOption = None,
    yesterday: YesterdayOption = False,
    undo: Annotated[bool, typer.Option("--undo", help=_("Remove the check-in instead."))] = False,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help=_("A short note to keep with it."))
    ] = "",
) -> None:
    """Record that today's tiny behaviour was done, and celebrate it."""
    if date is not None and yesterday:
        raise UsageError(N_("Give --date or --yesterday, not both."))
    folder, now = home(), today()
    day = given_day(date, "--date") if date is not None else None
    said = daily.checkin(
        folder,
        now,
        habit_id=habit_id,
        date=day,
        yesterday=yesterday,
        undo=undo,
        note=note,
        interactive=sys.stdin.isatty(),
    )
    report(said)
    if said.ask_rating:
        ask_for_rating(folder, now)


# -- skip ------------------------------------------------------------------------


@command()
def skip(
    date: DateOption = None,
    yesterday: YesterdayOption = False,
    undo: Annotated[bool, typer.Option("--undo", help=_("Remove the skip instead."))] = False,
    reason: Annotated[
        str,
        typer.Option("--reason", metavar="TEXT", help=_("Why the anchor did not happen (kept).")),
    ] = "",
) -> None:
    """The anchor did not happen that day: the day neither counts nor breaks."""
    if date is not None and yesterday:
        raise UsageError(N_("Give --date or --yesterday, not both."))
    if undo and reason:
        raise UsageError(
            N_(
                "--undo removes a skip, so the reason given with it would be lost.\n"
                "Leave out --reason, or leave out --undo to set the reason."
            )
        )
    folder, now = home(), today()
    given = given_day(date, "--date") if date is not None else None
    with datafolder.locked(folder):
        state = store.load(folder)
        lang = language(state.settings)
        record = state.active
        if record is None:
            raise CxHabitsError(
                N_(
                    "Only the habit you are building has skipped days, and none is active.\n"
                    "Run 'cxhabits pick' first."
                )
            )
        day = daily.the_day(state, now, given, yesterday)
        if undo:
            state = core.undo_skip(state, record, day, now)
        else:
            state, changed = core.skip(state, record, day, now, reason)
            if not changed:
                say(_("{day} is already skipped: nothing to add.").format(day=shown(day, now)))
                return
        state, just_routine = settle(state, now)
        saving.save(folder, state)
    name = title(record.id, folder, lang)
    if undo:
        say(
            _("Removed the skip of {day} for {habit}: it counts as a workday again.").format(
                day=shown(day, now), habit=name
            )
        )
    else:
        say(
            _("Skipped {day} for {habit}: it neither counts nor breaks your streak.").format(
                day=shown(day, now), habit=name
            )
        )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)


def shown(day: dt.date, now: dt.date) -> str:
    return daily.day_text(day, now)


# -- anchor ----------------------------------------------------------------------


@command()
def anchor(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TEXT", help=_('The whole anchor in your own words: "After I ...".')
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help=_("Go back to the library's anchor."))
    ] = False,
) -> None:
    """Show the anchor of the habit you are building, or set it in your own words."""
    if reset and text is not None:
        raise UsageError(N_("Give TEXT or --reset, not both."))
    folder, now = home(), today()
    if text is None and not reset:
        state = store.load(folder)
        lang = language(state.settings)
        record = active_or_refuse(state)
        habit = habit_or_none(record.id, folder)
        say(literal(daily.anchor_of(record, habit, lang)))
        if record.own_anchor:
            say(
                _("(your own words; 'cxhabits anchor --reset' goes back to the library's)"),
                err=True,
            )
        else:
            say(_('(the library\'s; set your own with: cxhabits anchor "After I ...")'), err=True)
        return
    with datafolder.locked(folder):
        state = store.load(folder)
        lang = language(state.settings)
        record = active_or_refuse(state)
        state, changed = core.set_anchor(state, record, now, None if reset else text)
        if changed:
            saving.save(folder, state)
    updated = state.current(record.id)
    assert updated is not None
    habit = habit_or_none(record.id, folder)
    if not changed:
        say(_("That is already the anchor: nothing to change."), err=True)
    elif reset:
        say(
            _("Back to the library's anchor: {anchor}").format(
                anchor=literal(daily.anchor_of(updated, habit, lang))
            )
        )
    else:
        say(_("Your anchor from now on: {anchor}").format(anchor=literal(updated.own_anchor or "")))
    if habit:
        say(wrapped(literal(habit.recipe(lang, updated.own_anchor)), indent="  "))


def active_or_refuse(state: State) -> HabitRecord:
    if state.active is None:
        raise CxHabitsError(
            N_(
                "The anchor is for the habit you are building, and none is active.\n"
                "Run 'cxhabits pick' first."
            )
        )
    return state.active


# -- rate ------------------------------------------------------------------------


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
    if scores and len(scores) == 1 and len(scores[0].split()) > 1:
        scores = scores[0].split()  # rate "5 6 5 6": one quoted argument
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


@command()
def streak(json_output: JsonOption = False) -> None:
    """How the active habit is going: streaks, the routine rule, a calendar."""
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    record = state.active
    prog = progress(record, state.settings, state.pauses, now) if record else None
    if json_output:
        active = None
        if prog and record:
            anchor_text = daily.anchor_of(record, habit_or_none(record.id, folder), lang)
            active = progress_document(prog, record, state, anchor_text, now)
        emit_json(
            {
                "today": now.isoformat(),
                "active": active,
                "routine_habits": [r.id for r in state.routine],
            }
        )
        return
    if record is None and not state.routine:
        say(_("No habit picked yet. Run 'cxhabits pick' to choose one."), err=True)
        return
    from cxhabits.ui import streak as render_streak
    from cxhabits.ui.streak import ROUTINE_SHOWN

    shown_ids = [r.id for r in state.routine[-ROUTINE_SHOWN:]] + ([record.id] if record else [])
    habits = find_habits(shown_ids, user_packs(folder), team_folders(folder), pack_index(folder))
    following = None
    if record is None:  # all routine: say what to do next
        suggested = daily.next_pick(state, state.routine[-1], library(folder))
        following = (suggested.id, suggested.text("title", lang)) if suggested else None
    render_streak.streak_view(state, habits, prog, now, lang, next_pick=following)


@command()
def status() -> None:
    """One line for a shell prompt: the active habit and whether today is done."""
    report(daily.status(home(), today()), wrap=False)  # one line for a prompt
