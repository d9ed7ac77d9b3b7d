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
from cxhabits.i18n import N_, _, ngettext
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
CARD_FIELDS = (
    (N_("Anchor"), "anchor"),
    (N_("Behaviour"), "behaviour"),
    (N_("Celebrate"), "celebration"),
    (N_("Starter step"), "starter"),
    (N_("Why"), "why"),
)
STATUS_STYLE = {"routine": "green", "active": "bold yellow", "locked": "dim", "available": ""}
# A habit's status as shown to the user; --json keeps the English word.
STATUS_WORDS = {
    "routine": N_("routine"),
    "active": N_("active"),
    "locked": N_("locked"),
    "available": N_("available"),
    "dropped": N_("dropped"),
}


def console() -> Console:
    return Console(highlight=False)


def card(habit: Habit, lang: str) -> None:
    body = Text()
    for label, name in CARD_FIELDS:
        body.append(_(label) + ": ", style="bold")
        body.append(habit.text(name, lang) + "\n")
    body.append(_("Recipe") + ": ", style="bold")
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


def roles_table(rows: list[dict[str, Any]]) -> None:
    table = Table(_("role"), _("name"), _("habits"), box=None)
    for row in rows:
        table.add_row(Text(row["id"]), Text(row["name"]), str(row["habits"]))
    console().print(table)


def library_table(habits: list[Habit], status: Callable[[str], str], lang: str) -> None:
    table = Table(_("id"), _("title"), _("principle"), _("status"), box=None)
    for habit in habits:
        mark = status(habit.id)
        table.add_row(
            Text(habit.id),
            Text(habit.text("title", lang)),
            Text(habit.principle, style="dim"),
            Text(_(STATUS_WORDS.get(mark, mark)), style=STATUS_STYLE.get(mark, "")),
        )
    console().print(table)


def history_list(rows: list[dict[str, Any]], titles: dict[str, str]) -> None:
    """A habit a paragraph: narrow terminals keep every word."""
    out = console()
    for row in rows:
        if row["status"] == "routine":
            outcome = Text(_("routine on {day}").format(day=row["routine_on"]), style="green")
        elif row["status"] == "dropped":
            reason = f" ({row['drop_reason']})" if row["drop_reason"] else ""
            dropped = _("dropped on {day}").format(day=row["dropped_on"])
            outcome = Text(dropped + reason, style="dim")
        else:
            outcome = Text(_("active"), style="bold yellow")
        heading = Text(titles[row["id"]], style="bold")
        heading.append(f"  {row['id']}", style="dim")
        out.print(heading)
        line = Text("  " + _("picked {day}").format(day=row["picked"]) + " · ")
        line.append_text(outcome)
        count = row["checkins"]
        line.append(
            " · " + ngettext("{count} check-in", "{count} check-ins", count).format(count=count)
        )
        out.print(line)
