"""Everything Rich draws. Imported inside the commands that draw, never at start-up.

Text from habit packs goes in as `Text` (never as markup), so square brackets
stay square brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cxhabits.catalog import Habit
from cxhabits.i18n import N_, _, ngettext

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
