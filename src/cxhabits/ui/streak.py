"""The streak view: the active habit's recipe, its numbers and its calendar (Rich).

Imported inside the commands that draw, never at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from cxhabits.clock import MONTH_NAMES, WEEKDAY_NAMES, shown_date
from cxhabits.domain.model import HabitRecord, State
from cxhabits.domain.routine import (
    Condition,
    DayKind,
    RoutineProgress,
    day_kind,
    routine_by,
    workdays_until,
)
from cxhabits.i18n import N_, _, ngettext, number
from cxhabits.library.packs import Habit
from cxhabits.ui import prose
from cxhabits.ui.cards import console

CALENDAR_WEEKS = 12
ROUTINE_SHOWN = 5  # the latest routine habits; `history` lists them all
COLUMN = 3  # a week's column: a space and two characters (the symbol, or a day's number)
# Each kind of day has its own symbol, so the calendar reads without colour too.
DAY_SYMBOLS: dict[DayKind, tuple[str, str]] = {
    "done": ("●", "green"),
    "missed": ("○", "red"),
    "off": ("·", "dim"),
    "off-done": ("+", "cyan"),
    "paused": ("=", "blue"),
    "skipped": ("-", "magenta"),
    "open": ("?", "yellow"),
    "before": (" ", ""),
}
TODAY_DONE = ("◉", "bold green")
# Labels are marked here and translated where they are drawn.
LEGEND = (
    ("●", N_("done")),
    ("○", N_("missed")),
    ("◉", N_("today, done")),
    ("?", N_("today, still open")),
    ("-", N_("skipped (no anchor)")),
    ("·", N_("not a workday")),
    ("=", N_("paused")),
    ("+", N_("done on a day off")),
)
MET, NOT_YET, UNMET = "✓", "◌", "✗"  # ◌: an empty place, still to come


def legend(width: int) -> Text:
    """The symbols' meanings, wrapped between items (never inside one) to fit `width`."""
    text = Text(style="dim")
    line = 4
    text.append("    ")
    for index, (symbol, label) in enumerate(LEGEND):
        item = f"{symbol} {_(label)}"
        if index and line + 2 + len(item) > width:
            text.append("\n    ")
            line = 4
        elif index:
            text.append("  ")
            line += 2
        text.append(item)
        line += len(item)
    return text


def calendar(
    state: State,
    progress: RoutineProgress,
    today: dt.date,
    weeks: int = CALENDAR_WEEKS,
    width: int = 80,
) -> Text:
    """The last `weeks` weeks, a row a weekday, a column a week, oldest on the left.

    Above the columns: the month where it changes, and the day of each week's Monday.
    """
    record = state.current(progress.habit_id)
    assert record is not None
    names = [_(name) for name in WEEKDAY_NAMES]
    name_width = max(len(name) for name in names)  # the symbols line up in any language
    this_monday = today - dt.timedelta(days=today.weekday())
    pick_monday = record.picked - dt.timedelta(days=record.picked.weekday())
    weeks_since_pick = (this_monday - pick_monday).days // 7 + 1
    fits = max(1, (width - name_width - 1) // COLUMN)
    weeks = max(1, min(weeks, weeks_since_pick, fits))
    monday = this_monday - dt.timedelta(weeks=weeks - 1)
    mondays = [monday + dt.timedelta(weeks=week) for week in range(weeks)]
    text = Text()
    months = " " * (name_width + 1)
    for week, day in enumerate(mondays):
        if week == 0 or day.month != mondays[week - 1].month:
            label = _(MONTH_NAMES[day.month - 1])
            months = months[: name_width + 1 + week * COLUMN].ljust(name_width + 1 + week * COLUMN)
            months += " " + label
    text.append(months.rstrip()[:width] + "\n", style="dim")
    numbers = " " * (name_width + 1) + "".join(f"{day.day:>{COLUMN}}" for day in mondays)
    text.append(numbers + "\n", style="dim")
    for weekday, name in enumerate(names):
        row = Text(name.ljust(name_width + 1))
        for day in (m + dt.timedelta(days=weekday) for m in mondays):
            kind = day_kind(day, record, state.settings, state.pauses, today)
            symbol, style = DAY_SYMBOLS[kind]
            if day == today and kind == "done":
                symbol, style = TODAY_DONE
            row.append(" " * (COLUMN - 1) + symbol, style=style)
        row.rstrip()
        text.append_text(row)
        if weekday < 6:
            text.append("\n")
    text.append("\n")
    text.append_text(legend(width))
    return text


def routine_by_line(record: HabitRecord, state: State, progress: RoutineProgress) -> Text | None:
    """ "Routine by Tue 9 Dec at the earliest: 11 more workdays"."""
    today = progress.today
    by = routine_by(record, state.settings, state.pauses, today)
    if by is None or progress.routine:
        return None
    if by == today and progress.needs_rating:
        return Text(
            _("Routine today at the earliest: only the self-check is left (cxhabits rate).")
        )
    open_today = progress.today_scheduled and not progress.today_done
    left = workdays_until(by, state.settings, state.pauses, today, open_today)
    words = ngettext(
        "Routine by {date} at the earliest: {count} more workday",
        "Routine by {date} at the earliest: {count} more workdays",
        left,
    )
    return Text(words.format(date=shown_date(by, today), count=left))


def numbers_lines(record: HabitRecord, progress: RoutineProgress, width: int) -> list[Text]:
    """The streak and today; the routine numbers themselves are the conditions below."""
    if progress.today_done:
        today_words = _("today done")
    elif progress.today in record.skipped_days:
        today_words = _("today skipped")
    elif progress.today_scheduled:
        today_words = _("today still open")
    elif progress.today >= record.picked and paused(progress):
        today_words = _("today paused")
    else:
        today_words = _("today not a workday")
    streak = _("Streak {streak} (longest {longest}) · {today}").format(
        streak=progress.current_streak, longest=progress.longest_streak, today=today_words
    )
    lines = [Text(prose.wrap(streak, width))]
    if progress.routine:
        lines.append(Text(prose.wrap(_("Routine: the next pick is unlocked."), width), "green"))
    return lines


def paused(progress: RoutineProgress) -> bool:
    return progress.today.weekday() in progress.settings.workdays and not progress.today_scheduled


# A condition met, one not met yet (neutral: nothing could be met on day one), one lapsed.
MARKS: dict[Condition, tuple[str, str]] = {
    "met": (MET, "green"),
    "not-yet": (NOT_YET, "dim"),
    "lapsed": (UNMET, "red"),
}
MARK_WORDS: dict[Condition, str] = {
    "not-yet": N_("not yet: {condition}"),
    "lapsed": N_("missed too often: {condition}"),
}


def conditions_lines(progress: RoutineProgress, width: int) -> Text:
    """Every routine condition: ✓ met, ◌ not yet, ✗ lapsed; a wrapped line keeps its indent."""
    text = Text()
    for index, (kind, condition) in enumerate(progress.condition_states):
        mark, style = MARKS[kind]
        says_yet = index == 2 and not (progress.rating is not None and progress.rating_recent)
        if kind != "met" and not says_yet:  # "no self-check yet" says it already
            condition = _(MARK_WORDS[kind]).format(condition=condition)
        words = f"  {mark} {condition}"
        if text:
            text.append("\n")
        first, *rest = prose.wrap(words, width).split("\n")
        text.append(first[:4], style=style)
        text.append(first[4:])
        for more in rest:
            text.append("\n" + more)
    return text


def prose_printer(out: Console) -> Callable[..., None]:
    """Print a line of prose wrapped to the console's width (prose.wrap), in one style."""

    def show(text: str = "", style: str = "") -> None:
        out.print(Text(prose.wrap(text, out.width), style=style))

    return show


def streak_view(
    state: State,
    habits: dict[str, Habit],
    progress: RoutineProgress | None,
    today: dt.date,
    lang: str,
    out: Console | None = None,
    next_pick: tuple[str, str] | None = None,
) -> None:
    """The whole view; `next_pick` is the suggested (id, title) once nothing is being built."""
    out = out or console()
    record = state.active
    if record is not None and progress is not None:
        active_view(state, habits.get(record.id), record, progress, today, lang, out)
    routine_view(state, habits, today, lang, out)
    if record is None and state.routine:
        show = prose_printer(out)
        show()
        if next_pick is not None:
            suggestion = _("Next: pick the next habit. Suggested: {title}: cxhabits pick {id}")
            show(suggestion.format(id=next_pick[0], title=next_pick[1]))
        else:
            show(_("Next: pick the next habit: see 'cxhabits library' for what to try."))


def active_view(
    state: State,
    habit: Habit | None,
    record: HabitRecord,
    progress: RoutineProgress,
    today: dt.date,
    lang: str,
    out: Console,
) -> None:
    """The habit being built: recipe, streak, conditions, routine-by date, calendar."""
    show = prose_printer(out)
    title = habit.text("title", lang) if habit else record.id
    picked = _("picked {day}").format(day=shown_date(record.picked, today))
    heading = Text(prose.wrap(f"{title}  {picked}", out.width))
    heading.stylize("bold", 0, len(title))
    heading.stylize("dim", len(title))
    out.print(heading)
    if habit:
        show(habit.recipe(lang, record.own_anchor), "italic")
    if record.own_anchor:
        show("  " + _("(the anchor in your own words)"), "dim")
    for shown in numbers_lines(record, progress, out.width):
        out.print(shown)
    out.print(conditions_lines(progress, out.width))
    by = routine_by_line(record, state, progress)
    if by is not None:
        show(by.plain)
    if progress.skipped_in_window:
        skipped = ngettext(
            "{count} day skipped (no anchor) in the last {window} workdays' span",
            "{count} days skipped (no anchor) in the last {window} workdays' span",
            progress.skipped_in_window,
        )
        show(
            skipped.format(
                count=progress.skipped_in_window, window=state.settings.consistency_window
            )
        )
    noted = [c for c in record.checkins if c.note and c.day <= today]
    if noted:
        latest = noted[-1]
        show(_("Latest note ({day}): ").format(day=shown_date(latest.day, today)) + latest.note)
    out.print()
    out.print(calendar(state, progress, today, width=out.width))
    rated = [r for r in record.ratings if r.day <= today]
    if rated:
        ratings = ", ".join(f"{shown_date(r.day, today)}: {number(r.mean, 1)}" for r in rated[-6:])
        show(_("Automaticity self-checks: {ratings}").format(ratings=ratings))


def routine_view(
    state: State, habits: dict[str, Habit], today: dt.date, lang: str, out: Console
) -> None:
    """The routine habits, the latest few, each on a line whose wrap keeps its indent."""
    routine = state.routine
    if not routine:
        return
    show = prose_printer(out)
    show()
    show(_("Routine habits ({count})").format(count=len(routine)), "bold")
    for r in routine[-ROUTINE_SHOWN:]:
        habit = habits.get(r.id)
        since = shown_date(r.routine_on, today) if r.routine_on else "?"
        name = habit.text("title", lang) if habit else r.id
        line = _("{habit} ({id}), routine since {day}").format(habit=name, id=r.id, day=since)
        show("  ✓ " + line)
    if len(routine) > ROUTINE_SHOWN:
        earlier = len(routine) - ROUTINE_SHOWN
        more = ngettext(
            "and {count} earlier: cxhabits history",
            "and {count} earlier: cxhabits history",
            earlier,
        )
        show("  " + more.format(count=earlier), "dim")
