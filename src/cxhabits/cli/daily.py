"""The everyday work of plain `checkin` and `status`, and the words they print.

Typer-free, Click-free and Rich-free (and no platformdirs): both the Typer
commands and the fast path (fast.py) call these functions, so their output,
exit codes and written state are the same. Each function loads under the lock,
decides through core and routine, saves, and returns the lines to print; a
refusal is a `CxHabitsError` for the caller to show.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cxhabits import i18n
from cxhabits.cli import saving
from cxhabits.clock import shown_date
from cxhabits.domain import core, model
from cxhabits.domain.chars import literal
from cxhabits.domain.model import HabitRecord, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.catalog import (
    Library,
    find_habit,
    kept_texts,
    load_library,
    unknown_habit,
)
from cxhabits.library.packs import Habit, kept_habit
from cxhabits.storage import datafolder, store

if TYPE_CHECKING:  # the routine rule is imported by the check-in only: status never needs it
    from cxhabits.domain.routine import RoutineProgress
    from cxhabits.library.index import PackIndex

ONE_DAY = dt.timedelta(days=1)

# Marked here, translated where they are shown (the language is known only then).
COACHING = {
    "rare-anchor": N_(
        "Your anchor ({anchor}) did not happen on {skipped} of the last {days} workdays: "
        "a habit needs an anchor that happens every workday. "
        'Put one in your own words: cxhabits anchor "After I ..."'
    ),
    "one-miss": N_("You missed a workday: one miss does not matter. Never miss twice."),
    "two-misses": N_(
        "Two workdays missed in a row: time to troubleshoot. First the prompt: does your anchor "
        "({anchor}) really happen every workday? Then make it tinier: {starter} "
        "Motivation comes last."
    ),
    "slipping": N_(
        "Fewer than 6 of the last 10 workdays done: this anchor may not fit your day. "
        'Try a new anchor in your own words (cxhabits anchor "After I ..."), '
        "or 'cxhabits drop' this habit and pick one that fits."
    ),
}
CHEERS = (
    N_("Done!"),
    N_("Nice one."),
    N_("That's another one."),
    N_("Yes!"),
    N_("Good going."),
    N_("Well done."),
)
WELCOMES = (
    N_("Welcome back! Coming back is the move that builds a habit."),
    N_("Good to see you back: the return is what counts."),
    N_("Back again: that is exactly how habits are made."),
    N_("Welcome back. A miss is a moment; coming back is the habit."),
)


class Report(NamedTuple):
    """What a command prints: results on stdout, hints on stderr."""

    out: tuple[str, ...] = ()
    err: tuple[str, ...] = ()
    ask_rating: bool = False  # the record holds up: ask the self-check (on a terminal)


# -- words about days ------------------------------------------------------------


def day_text(day: dt.date, today: dt.date) -> str:
    """A day as people say it: `Fri 20 Nov`, with the year when it is not this year."""
    return shown_date(day, today)


def previous_workday(today: dt.date, settings: model.Settings) -> dt.date:
    """The configured workday before today (on a Monday: the Friday)."""
    day = today - ONE_DAY
    for _step in range(7):
        if day.weekday() in settings.workdays:
            return day
        day -= ONE_DAY
    return today - ONE_DAY  # no workdays configured: plain yesterday


def the_day(state: State, today: dt.date, date: dt.date | None, yesterday: bool) -> dt.date:
    if date is not None and yesterday:
        raise UsageError(N_("Give --date or --yesterday, not both."))
    if yesterday:
        return previous_workday(today, state.settings)
    return date if date is not None else today


# -- the habit and its recipe ----------------------------------------------------


def team_dirs(state: State) -> tuple[Path, ...]:
    """The team pack folders (the `packs` setting), read only."""
    return tuple(Path(folder) for folder in state.settings.packs)


def pack_index(folder: Path) -> PackIndex:
    """The index of the packs beside the shipped library (library/index.py): a cache in
    the data folder, written by the one atomic writer (never a torn file)."""
    from cxhabits.atomic import write_file
    from cxhabits.library.index import INDEX_FILE, PackIndex

    def write(path: Path, text: str) -> None:
        write_file(path, text.encode("utf-8"), mode=0o600)

    return PackIndex(folder / INDEX_FILE, write)


def habit_of(record: HabitRecord, folder: Path, state: State | None = None) -> Habit | None:
    """The habit as its record keeps it (a team's habit: no pack is read, and the pack
    folder may be offline), else the library's; with `state`, the team folders are read
    too (not by status)."""
    kept = kept_habit(record.id, record.kept) if record.kept else None
    if kept is not None:
        return kept
    if state is None:
        return find_habit(record.id, folder / "habits")
    return find_habit(record.id, folder / "habits", team_dirs(state), pack_index(folder))


def keep_texts(state: State, habit_id: str, habit: Habit | None) -> State:
    """A team habit picked before its texts were kept in its record: keep them now."""
    current = state.current(habit_id)
    kept = kept_texts(habit) if habit is not None and current and not current.kept else ()
    if not kept or current is None:
        return state
    return state.with_record(current, current._replace(kept=kept))


def name_of(record: HabitRecord, habit: Habit | None, lang: str) -> str:
    """The title to name a habit by (its id when it is no longer in the library)."""
    return literal(habit.text("title", lang) if habit else record.id)


def anchor_of(record: HabitRecord, habit: Habit | None, lang: str) -> str:
    """The anchor in use: the user's own words, else the library's."""
    own = record.own_anchor
    if own:
        return own
    return habit.text("anchor", lang) if habit else ""


def resolve_record(state: State, habit_id: str | None, folder: Path) -> HabitRecord:
    """The habit a check-in is for: the named one, else the one being built."""
    if habit_id is None:
        if state.active is not None:
            return state.active
        if len(state.routine) == 1:  # the day after routine: that one, kept alive
            return state.routine[0]
        if state.routine:
            raise CxHabitsError(
                N_(
                    "No habit is being built, and {count} are routine: {ids}.\n"
                    "Name the one to check in: cxhabits checkin HABIT_ID"
                ),
                count=len(state.routine),
                ids=", ".join(literal(r.id) for r in state.routine),
            )
        raise CxHabitsError(N_("No habit picked yet.\nRun 'cxhabits pick' to choose one."))
    record = state.current(habit_id)
    if record is not None:
        return record
    if find_habit(habit_id, folder / "habits", team_dirs(state)) is None:
        raise unknown_habit(habit_id)
    raise CxHabitsError(
        N_(
            "You have not picked '{habit}' (or you dropped it).\n"
            "Run 'cxhabits pick {habit}' to start it."
        ),
        habit=literal(habit_id),
    )


def next_pick(state: State, record: HabitRecord, lib: Library) -> Habit | None:
    """The suggested next habit after `record`: the first of its role not yet taken."""
    taken = {r.id for r in state.habits if r.status != "dropped"}
    role = record.id.split(".")[0]
    habits = lib.role_habits(role) if role in lib.roles else []
    return next((h for h in habits if h.id not in taken and not h.retired), None)


def routine_lines(state: State, record: HabitRecord, folder: Path, lang: str) -> list[str]:
    """The announcement when a habit has just become routine, with the next pick."""
    lib = load_library(folder / "habits", team_dirs(state))
    habit = lib.habits.get(record.id)
    lines = [_("'{habit}' is now routine. Well done!").format(habit=name_of(record, habit, lang))]
    following = next_pick(state, record, lib)
    if following:
        lines.append(
            _("The next pick is unlocked. Suggested: {id} ({title}): cxhabits pick {id}").format(
                id=following.id, title=following.text("title", lang)
            )
        )
    else:
        lines.append(_("The next pick is unlocked: see 'cxhabits library' for what to try next."))
    return lines


# -- check in --------------------------------------------------------------------


def pick_from(options: tuple[str, ...], state: State, record: HabitRecord, day: dt.date) -> str:
    """One of several wordings, chosen from the state and the day (the same on every path)."""
    return _(options[(day.toordinal() + len(record.checkins) + len(state.habits)) % len(options)])


def welcome_due(before: RoutineProgress, record: HabitRecord, day: dt.date) -> bool:
    """The first check-in after one or more missed workdays (not one filled in behind)."""
    return before.misses_in_a_row >= 1 and not any(c.day > day for c in record.checkins)


def checkin(
    folder: Path,
    today: dt.date,
    habit_id: str | None = None,
    date: dt.date | None = None,
    yesterday: bool = False,
    undo: bool = False,
    note: str = "",
    interactive: bool = False,
) -> Report:
    """Record (or with `undo` remove) a check-in, and say what happened."""
    from cxhabits.domain.routine import progress, settle

    if undo and note:
        raise UsageError(
            N_(
                "--undo removes a check-in, so the note given with it would be lost.\n"
                "Leave out --note, or leave out --undo to set the note."
            )
        )
    with datafolder.locked(folder):
        state = store.load(folder)
        lang = i18n.set_language(state.settings.language)
        day = the_day(state, today, date, yesterday)
        record = resolve_record(state, habit_id, folder)
        if not record.loaded:  # a routine habit: its check-ins are in its archive file
            state, record = store.load_record(folder, state, record)
        if undo:
            state = core.undo_check_in(state, record, day, today)
            saving.save(folder, state)
            habit = habit_of(record, folder, state)
            return Report(
                out=(
                    _("Removed the check-in of {day} for {habit}.").format(
                        day=day_text(day, today), habit=name_of(record, habit, lang)
                    ),
                )
            )
        before = progress(record, state.settings, state.pauses, day)
        outcome = core.record_check_in(state, record, day, today, note)
        state, just_routine = settle(outcome.state, today)
        habit = habit_of(record, folder, state) if outcome.added else None
        if outcome.changed:
            saving.save(folder, keep_texts(state, record.id, habit))
    shown = day_text(day, today)
    if not outcome.changed:
        existing = record.checkin_on(day)
        if existing is not None and note and existing.note == note:
            return Report(
                out=(_("Already checked in for {day}, with that note.").format(day=shown),)
            )
        return Report(out=(_("Already checked in for {day}: nothing to add.").format(day=shown),))
    if not outcome.added:  # a note on a day already done: no second celebration
        lines = [_("Note set for {day}: {note}").format(day=shown, note=literal(note))]
        if outcome.old_note:
            lines.append(_("It replaced: {note}").format(note=literal(outcome.old_note)))
        return Report(out=tuple(lines))
    kept = habit_id is None and record.status == "routine"  # the only routine habit, by default
    said = checked_in(
        folder, state, record, habit, before, outcome, just_routine, day, today, interactive
    )
    if kept:
        said = said._replace(out=(*said.out, *kept_alive_lines(state, record, folder, lang)))
    return said


def kept_alive_lines(state: State, record: HabitRecord, folder: Path, lang: str) -> list[str]:
    """A routine habit checked in by plain `checkin`: a warm word, and (on the first such
    check-in after it became routine) the suggested next pick, once."""
    lines = [_("Routine, and still going: that is what a habit looks like.")]
    updated = state.current(record.id) or record
    since = updated.routine_on
    after = [c for c in updated.checkins if since is not None and c.day > since]
    if len(after) == 1:
        lib = load_library(folder / "habits", team_dirs(state))
        following = next_pick(state, updated, lib)
        if following is not None:
            lines.append(
                _("Ready for the next one? Suggested: {title}: cxhabits pick {id}").format(
                    title=literal(following.text("title", lang)), id=following.id
                )
            )
        else:
            lines.append(_("Ready for the next one? See 'cxhabits library'."))
    return lines


def checked_in(
    folder: Path,
    state: State,
    record: HabitRecord,
    habit: Habit | None,
    before: RoutineProgress,
    outcome: core.CheckInOutcome,
    just_routine: HabitRecord | None,
    day: dt.date,
    today: dt.date,
    interactive: bool,
) -> Report:
    """The words after a new check-in: welcome, cheer, celebration, numbers, coaching."""
    from cxhabits.domain.routine import coaching_before, daily_line, progress

    lang = i18n.set_language(state.settings.language)
    out: list[str] = []
    err: list[str] = []
    scheduled = core.is_scheduled(day, state.settings, state.pauses)
    welcome = scheduled and welcome_due(before, record, day)
    if welcome:
        out.append(pick_from(WELCOMES, state, record, day))
    out.append(
        _("{cheer} {habit}: checked in for {day}.").format(
            cheer=pick_from(CHEERS, state, record, day),
            habit=name_of(record, habit, lang),
            day=day_text(day, today),
        )
    )
    if outcome.replaced_skip is not None:
        out.append(_("That day was marked skipped; now it is done instead."))
    if habit:
        out.append(literal(habit.text("celebration", lang)))
    if not scheduled:
        out.append(_off_day_words(state, day, today))
        return Report(out=tuple(out))
    updated = state.current(record.id)
    assert updated is not None
    after = progress(updated, state.settings, state.pauses, today)
    line = daily_line(updated, state.settings, state.pauses, today)
    if welcome:  # after a miss, lead with what was kept, not with the broken streak
        out.append(_("What you built is still there: {summary}").format(summary=line))
    else:
        out.append(line)
    tip = coaching_before(before)
    if tip in COACHING and day == today:
        starter = literal(habit.text("starter", lang)) if habit else _("do only the first move.")
        out.append(
            _(COACHING[tip]).format(
                starter=starter,
                anchor=literal(anchor_of(record, habit, lang)),  # the user's own words, if any
                skipped=before.skipped_recent,
                days=before.unpaused_recent,
            )
        )
    ask = False
    if just_routine is not None:
        out.extend(routine_lines(state, just_routine, folder, lang))
    elif updated.status == "active" and after.needs_rating:
        if interactive:
            ask = True
        else:
            err.append(
                _(
                    "Your record meets the routine rule: one self-check is left.\n"
                    "Run 'cxhabits rate' to answer four short statements."
                )
            )
    return Report(out=tuple(out), err=tuple(err), ask_rating=ask)


# -- status ----------------------------------------------------------------------


def status(folder: Path, today: dt.date) -> Report:
    """One line for a shell prompt: the active habit and whether today is done."""
    state = store.load(folder)
    lang = i18n.set_language(state.settings.language)
    record = state.active
    if record is None:
        if state.routine:
            return Report(out=("cx: " + _("all routine, pick the next habit"),))
        return Report()  # nothing picked: print nothing, succeed
    name = name_of(record, habit_of(record, folder), lang)
    if record.checkin_on(today) is not None:
        mark = _("done ✓")
    elif today in record.skipped_days:
        mark = _("skipped today")
    elif core.is_scheduled(today, state.settings, state.pauses):
        mark = _("today open")
    elif core.is_paused(today, state.pauses):
        mark = _("paused")
    else:
        mark = _("day off")
    return Report(out=(fitted(name, mark),))


def fitted(name: str, mark: str) -> str:
    """The status line within the terminal's width: a long title shortened at a word
    with an ellipsis (what today is, always whole); as it is when even that will not do."""
    from cxhabits.ui import prose

    line = f"cx: {name} · {mark}"
    room = prose.columns() - len(f"cx:  · {mark}") - 3  # the ellipsis, "..." in ASCII
    if len(line) <= prose.columns() or room < MIN_TITLE:
        return line
    cut = name[: room + 1].rsplit(" ", 1)[0] if " " in name[:room] else name[:room]
    return f"cx: {cut.rstrip(' ,;:')}… · {mark}"


MIN_TITLE = 8  # fewer characters of a title say nothing: then the line stays whole


def _off_day_words(state: State, day: dt.date, today: dt.date) -> str:
    """A check-in on a day that does not count: paused, or not one of the workdays."""
    if core.is_paused(day, state.pauses):
        if day == today:
            return _("Today is paused: the check-in is kept, but it does not count.")
        return _("That day is paused: the check-in is kept, but it does not count.")
    if day == today:
        return _("Today is not a scheduled workday: it is kept, but it does not count.")
    return _("That day is not a scheduled workday: it is kept, but it does not count.")
