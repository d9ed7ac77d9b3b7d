"""Everything Rich draws. Imported inside the commands that draw, never at start-up.

Text from habit packs goes in as `Text` (never as markup), so square brackets
stay square brackets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cxhabits.catalog import Habit
from cxhabits.core import State
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
LEGEND = (
    ("●", "done"),
    ("○", "missed"),
    ("◉", "today, done"),
    ("?", "today, still open"),
    ("·", "not a workday"),
    ("=", "paused"),
    ("+", "done on a day off"),
)
STATUS_STYLE = {"routine": "green", "active": "bold yellow", "locked": "dim", "available": ""}


def console() -> Console:
    return Console(highlight=False)


def card(habit: Habit, lang: str) -> None:
    body = Text()
    for label, name in (
        ("Anchor", "anchor"),
        ("Behaviour", "behaviour"),
        ("Celebrate", "celebration"),
        ("Starter step", "starter"),
        ("Why", "why"),
    ):
        body.append(f"{label}: ", style="bold")
        body.append(habit.text(name, lang) + "\n")
    body.append("Recipe: ", style="bold")
    body.append(habit.recipe(lang), style="italic")
    title = Text(f"{habit.text('title', lang)}  ({habit.id} · {habit.principle})")
    console().print(Panel(body, title=title, title_align="left", expand=False))


def calendar(
    state: State, progress: RoutineProgress, today: dt.date, weeks: int = CALENDAR_WEEKS
) -> Text:
    """The last `weeks` weeks, a row a weekday, a column a week, oldest on the left."""
    record = state.current(progress.habit_id)
    assert record is not None
    this_monday = today - dt.timedelta(days=today.weekday())
    weeks_since_pick = (this_monday - record.picked).days // 7 + 1
    weeks = max(1, min(weeks, weeks_since_pick))
    monday = this_monday - dt.timedelta(weeks=weeks - 1)
    text = Text()
    plural = "s" if weeks != 1 else ""
    text.append(f"    the {weeks} week{plural} from {monday.isoformat()}\n", style="dim")
    for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        text.append(f"{name} ")
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
        text.append("\n    " + "  ".join(f"{s} {label}" for s, label in part), style="dim")
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
        heading.append(f"  picked {record.picked.isoformat()}", style="dim")
        out.print(heading)
        if habit:
            out.print(Text(habit.recipe(lang), style="italic"))
        state_of_today = "done" if progress.today_done else "still open"
        if not progress.today_scheduled and not progress.today_done:
            state_of_today = "not a workday"
        out.print(
            Text(
                f"Streak {progress.current_streak} (longest {progress.longest_streak})"
                f" · today {state_of_today}"
            )
        )
        out.print(Text(progress.summary, style="bold"))
        if progress.routine:
            out.print(Text("Routine: the next pick is unlocked.", style="green"))
        for missing in progress.missing:
            out.print(Text(f"  still missing: {missing}"))
        out.print()
        out.print(calendar(state, progress, today))
        if record.ratings:
            ratings = "  ".join(f"{r.day.isoformat()} {r.mean:.1f}" for r in record.ratings[-6:])
            out.print(Text(f"Automaticity self-checks: {ratings}"))
    routine = state.routine
    if routine:
        out.print()
        out.print(Text(f"Routine habits ({len(routine)})", style="bold"))
        for r in routine[-ROUTINE_SHOWN:]:
            habit = habits.get(r.id)
            since = r.routine_on.isoformat() if r.routine_on else "?"
            name = habit.text("title", lang) if habit else r.id
            out.print(Text(f"  ✓ {name} ({r.id}), routine since {since}"))
        if len(routine) > ROUTINE_SHOWN:
            earlier = len(routine) - ROUTINE_SHOWN
            out.print(Text(f"  and {earlier} earlier: cxhabits history", style="dim"))


def roles_table(rows: list[dict[str, Any]]) -> None:
    table = Table("role", "name", "habits", box=None)
    for row in rows:
        table.add_row(Text(row["id"]), Text(row["name"]), str(row["habits"]))
    console().print(table)


def library_table(habits: list[Habit], status: Callable[[str], str], lang: str) -> None:
    table = Table("id", "title", "principle", "status", box=None)
    for habit in habits:
        mark = status(habit.id)
        table.add_row(
            Text(habit.id),
            Text(habit.text("title", lang)),
            Text(habit.principle, style="dim"),
            Text(mark, style=STATUS_STYLE.get(mark, "")),
        )
    console().print(table)


def history_list(rows: list[dict[str, Any]], titles: dict[str, str]) -> None:
    """A habit a paragraph: narrow terminals keep every word."""
    out = console()
    for row in rows:
        if row["status"] == "routine":
            outcome = Text(f"routine on {row['routine_on']}", style="green")
        elif row["status"] == "dropped":
            reason = f" ({row['drop_reason']})" if row["drop_reason"] else ""
            outcome = Text(f"dropped on {row['dropped_on']}{reason}", style="dim")
        else:
            outcome = Text("active", style="bold yellow")
        heading = Text(titles[row["id"]], style="bold")
        heading.append(f"  {row['id']}", style="dim")
        out.print(heading)
        line = Text(f"  picked {row['picked']} · ")
        line.append_text(outcome)
        line.append(f" · {row['checkins']} check-in{'s' if row['checkins'] != 1 else ''}")
        out.print(line)
