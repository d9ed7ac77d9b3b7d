"""The streak view: the active habit's recipe, its numbers and its calendar (Rich).

Imported inside the commands that draw, never at start-up.
"""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.text import Text

from cxhabits.catalog import Habit
from cxhabits.core import State
from cxhabits.i18n import N_, _, ngettext
from cxhabits.render import console
from cxhabits.routine import DayKind, RoutineProgress, day_kind

CALENDAR_WEEKS = 12
ROUTINE_SHOWN = 5  # the latest routine habits; `history` lists them all
# Each kind of day has its own symbol, so the calendar reads without colour too.
DAY_SYMBOLS: dict[DayKind, tuple[str, str]] = {
    "done": ("●", "green"),
    "missed": ("○", "red"),
    "off": ("·", "dim"),
    "off-done": ("+", "cyan"),
    "paused": ("=", "blue"),
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
    ("·", N_("not a workday")),
    ("=", N_("paused")),
    ("+", N_("done on a day off")),
)
WEEKDAY_NAMES = (
    # TRANSLATORS: a weekday, shortened, at the start of a row of the calendar.
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
)


def calendar(
    state: State, progress: RoutineProgress, today: dt.date, weeks: int = CALENDAR_WEEKS
) -> Text:
    """The last `weeks` weeks, a row a weekday, a column a week, oldest on the left."""
    record = state.current(progress.habit_id)
    assert record is not None
    this_monday = today - dt.timedelta(days=today.weekday())
    pick_monday = record.picked - dt.timedelta(days=record.picked.weekday())
    weeks_since_pick = (this_monday - pick_monday).days // 7 + 1
    weeks = max(1, min(weeks, weeks_since_pick))
    monday = this_monday - dt.timedelta(weeks=weeks - 1)
    text = Text()
    span = ngettext("the {count} week from {day}", "the {count} weeks from {day}", weeks)
    text.append("    " + span.format(count=weeks, day=monday.isoformat()) + "\n", style="dim")
    names = [_(name) for name in WEEKDAY_NAMES]
    width = max(len(name) for name in names)  # the symbols line up in any language
    for weekday, name in enumerate(names):
        text.append(name.ljust(width) + " ")
        for week in range(weeks):
            day = monday + dt.timedelta(weeks=week, days=weekday)
            kind = day_kind(day, record, state.settings, state.pauses, today)
            symbol, style = DAY_SYMBOLS[kind]
            if day == today and kind == "done":
                symbol, style = TODAY_DONE
            text.append(f" {symbol}", style=style)
        if weekday < 6:
            text.append("\n")
    half = (len(LEGEND) + 1) // 2
    for part in (LEGEND[:half], LEGEND[half:]):
        text.append("\n    " + "  ".join(f"{s} {_(label)}" for s, label in part), style="dim")
    return text


def streak_view(
    state: State,
    habits: dict[str, Habit],
    progress: RoutineProgress | None,
    today: dt.date,
    lang: str,
    out: Console | None = None,
) -> None:
    out = out or console()
    record = state.active
    if record is not None and progress is not None:
        habit = habits.get(record.id)
        heading = Text(habit.text("title", lang) if habit else record.id, style="bold")
        heading.append("  " + _("picked {day}").format(day=record.picked.isoformat()), style="dim")
        out.print(heading)
        if habit:
            out.print(Text(habit.recipe(lang), style="italic"))
        if progress.today_done:
            line = _("Streak {streak} (longest {longest}) · today done")
        elif progress.today_scheduled:
            line = _("Streak {streak} (longest {longest}) · today still open")
        else:
            line = _("Streak {streak} (longest {longest}) · today not a workday")
        out.print(
            Text(line.format(streak=progress.current_streak, longest=progress.longest_streak))
        )
        out.print(Text(progress.summary, style="bold"))
        if progress.routine:
            out.print(Text(_("Routine: the next pick is unlocked."), style="green"))
        for missing in progress.missing:
            out.print(Text("  " + _("still missing: {missing}").format(missing=missing)))
        out.print()
        out.print(calendar(state, progress, today))
        if record.ratings:
            ratings = "  ".join(f"{r.day.isoformat()} {r.mean:.1f}" for r in record.ratings[-6:])
            out.print(Text(_("Automaticity self-checks: {ratings}").format(ratings=ratings)))
    routine = state.routine
    if routine:
        out.print()
        out.print(Text(_("Routine habits ({count})").format(count=len(routine)), style="bold"))
        for r in routine[-ROUTINE_SHOWN:]:
            habit = habits.get(r.id)
            since = r.routine_on.isoformat() if r.routine_on else "?"
            name = habit.text("title", lang) if habit else r.id
            line = _("{habit} ({id}), routine since {day}").format(habit=name, id=r.id, day=since)
            out.print(Text("  ✓ " + line))
        if len(routine) > ROUTINE_SHOWN:
            earlier = len(routine) - ROUTINE_SHOWN
            more = ngettext(
                "and {count} earlier: cxhabits history",
                "and {count} earlier: cxhabits history",
                earlier,
            )
            out.print(Text("  " + more.format(count=earlier), style="dim"))
