"""Everything Rich draws. Imported inside the commands that draw, never at start-up.

Text from habit packs goes in as `Text` (never as markup), so square brackets
stay square brackets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cxhabits.i18n import N_, _, ngettext
from cxhabits.library.packs import Habit
from cxhabits.library.principles import principle_explanation, principle_name
from cxhabits.ui import console as literal_console

# The card: the recipe once (it is anchor + behaviour + celebration), then the rest.
CARD_FIELDS = (
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
INDENT = 2  # wrapped lines of a stacked entry keep this indent
CARD_WIDTH = 72  # a card reads best at about a paragraph's width
NARROW = 60  # below this, labels go above their text instead of beside it


def console() -> Console:
    """Rich's console, showing outside text literally (no escapes, no bidi overrides)."""

    made: Console = literal_console.rich_console(highlight=False)
    return made


def indented(renderable: Any, indent: int = INDENT) -> Padding:
    """Every line of `renderable`, also the wrapped ones, starts `indent` columns in."""
    return Padding(renderable, (0, 0, 0, indent), expand=False)


def habit_id(text: str) -> Text:
    """A habit id as the user types it: never cut, never wrapped by us."""
    return Text(text, style="cyan", no_wrap=True, overflow="ignore")


def card(habit: Habit, lang: str, recipe: str | None = None) -> None:
    """The recipe card: title, id (on its own line, so it is never cut), recipe, the rest.

    `recipe` replaces the library's recipe (the user's own anchor, say).
    """
    out = console()
    explanation = principle_explanation(habit.principle)
    principle = Text(principle_name(habit.principle))
    if explanation:
        principle.append(" (" + explanation.rstrip(".") + ")", style="dim")
    rows = [(_("Recipe"), Text(recipe or habit.recipe(lang), style="italic"))]
    rows += [(_(label), Text(habit.text(name, lang))) for label, name in CARD_FIELDS]
    rows.append((_("Principle"), principle))
    width = min(out.width, CARD_WIDTH)
    fields: Any
    if width >= NARROW:
        fields = Table.grid(padding=(0, 1))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column(ratio=1)
        for label, text in rows:
            fields.add_row(label + ":", text)
    else:  # narrow: each label on its own line, its text indented under it
        fields = Group(
            *(
                part
                for label, text in rows
                for part in (Text(label + ":", style="bold"), indented(text))
            )
        )
    heading: list[Any] = [Text(habit.text("title", lang), style="bold")]
    if len(habit.id) <= width - 4:
        heading.append(habit_id(habit.id))
    else:  # wider than the panel: printed whole above it
        out.print(habit_id(habit.id), soft_wrap=True)
    out.print(Panel(Group(*heading, Text(), fields), expand=False, width=width))


def roles_table(rows: list[dict[str, Any]]) -> None:
    out = console()
    table = Table(_("role"), _("name"), _("habits"), box=None, pad_edge=False)
    table.columns[0].no_wrap = True
    table.columns[2].justify = "right"
    for row in rows:
        table.add_row(habit_id(row["id"]), Text(row["name"]), str(row["habits"]))
    out.print(table)


def library_table(habits: list[Habit], status: Callable[[str], str], lang: str) -> None:
    """The habits with their status. Ids stay whole: on a wide terminal a table whose
    title column wraps; narrower, a short paragraph a habit, the id on its own line."""
    out = console()
    if not habits:
        return
    marks = {habit.id: status(habit.id) for habit in habits}
    words = {mark: _(STATUS_WORDS.get(mark, mark)) for mark in set(marks.values())}
    id_width = max(len(habit.id) for habit in habits)
    status_width = max(len(word) for word in words.values())
    principle_width = max(len(principle_name(habit.principle)) for habit in habits)
    if out.width - id_width - status_width - principle_width - 6 < 24:
        stacked_library(out, habits, marks, words, lang, id_width)
        return
    table = Table(box=None, pad_edge=False, padding=(0, 2))
    table.add_column(_("id"), no_wrap=True, min_width=id_width)
    table.add_column(_("title"), ratio=1)
    table.add_column(_("principle"), style="dim", min_width=min(principle_width, 16))
    table.add_column(_("status"), no_wrap=True, min_width=status_width)
    for habit in habits:
        mark = marks[habit.id]
        table.add_row(
            habit_id(habit.id),
            Text(habit.text("title", lang)),
            Text(principle_name(habit.principle)),
            Text(words[mark], style=STATUS_STYLE.get(mark, "")),
        )
    out.print(table)


def stacked_library(
    out: Console,
    habits: list[Habit],
    marks: dict[str, str],
    words: dict[str, str],
    lang: str,
    id_width: int,
) -> None:
    """A habit a paragraph: id and status, then title and principle indented under it."""
    status_width = max(len(word) for word in words.values())
    beside = out.width >= id_width + 2 + status_width  # the status fits on the id's line
    for habit in habits:
        mark = marks[habit.id]
        status = Text(words[mark], style=STATUS_STYLE.get(mark, ""))
        line = habit_id(habit.id)
        detail = Text(habit.text("title", lang))
        detail.append(" · " + principle_name(habit.principle), style="dim")
        if beside:
            line.append(" " * (id_width + 2 - len(habit.id)))
            line.append_text(status)
        else:
            detail.append(" · ")
            detail.append_text(status)
        out.print(line, soft_wrap=True)  # an id wider than the terminal is printed whole
        out.print(indented(detail))


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
        if len(titles[row["id"]]) + 2 + len(row["id"]) <= out.width:
            heading.append("  ")
            heading.append_text(habit_id(row["id"]))
            out.print(heading)
        else:  # the id on a line of its own, so it is never cut
            out.print(heading)
            out.print(habit_id(row["id"]), soft_wrap=True)
        line = Text(_("picked {day}").format(day=row["picked"]) + " · ")
        line.append_text(outcome)
        count = row["checkins"]
        line.append(
            " · " + ngettext("{count} check-in", "{count} check-ins", count).format(count=count)
        )
        out.print(indented(line))
