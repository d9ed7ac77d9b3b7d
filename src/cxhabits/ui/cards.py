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
from cxhabits.library.packs import Habit, Texts
from cxhabits.library.principles import principle_explanation, principle_name
from cxhabits.ui import console as literal_console, prose

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


def card(habit: Habit, lang: str, recipe: str | None = None, mandate: Texts | None = None) -> None:
    """The recipe card: title, id (on its own line, so it is never cut), recipe, the rest.

    `recipe` replaces the library's recipe (the user's own anchor, say); `mandate` is
    the team's ([mandate] of a pack), shown on the card of a habit that relies on it.
    """
    out = console()
    explanation = principle_explanation(habit.principle)
    principle = Text(principle_name(habit.principle))
    if explanation:
        # a dot between, not parentheses: an explanation may hold its own (a budget, ...)
        principle.append(" · " + explanation, style="dim")
    rows = [(_("Recipe"), Text(recipe or habit.recipe(lang), style="italic"))]
    rows += [(_(label), Text(habit.text(name, lang))) for label, name in CARD_FIELDS]
    rows.append((_("Principle"), principle))
    if habit.uses_mandate:
        rows.append((_("Mandate"), _mandate_text(mandate, lang)))
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


def _mandate_text(mandate: Texts | None, lang: str) -> Text:
    """The team's mandate as its pack states it (literal), or what to do without one."""
    if mandate:
        return Text(mandate.get(lang) or mandate.get("en") or next(iter(mandate.values())))
    return Text(
        _(
            "Your team has not written one down yet: check with your lead before you "
            "decide anything for a customer, and ask for the team's mandate in writing."
        ),
        style="dim",
    )


def roles_table(rows: list[dict[str, Any]]) -> None:
    """The roles as a table; where a name's longest word would not fit its column, a
    short paragraph each (the id and count, the name under it), so no word is cut."""
    out = console()
    if not rows:
        return
    widest_id = max(len(row["id"]) for row in rows)
    count = max(len(_("habits")), *(len(str(row["habits"])) for row in rows))
    longest_word = max(len(word) for row in rows for word in row["name"].split() or [""])
    if widest_id + 2 + longest_word + 2 + count > out.width:
        for row in rows:
            line = habit_id(row["id"])
            line.append(
                " · "
                + ngettext("{count} habit", "{count} habits", row["habits"]).format(
                    count=row["habits"]
                )
            )
            out.print(line, soft_wrap=True)
            for part in prose.wrap("  " + row["name"], out.width, rest="  ").split("\n"):
                out.print(Text(part), soft_wrap=True)
        return
    table = Table(_("role"), _("name"), _("habits"), box=None, pad_edge=False)
    table.columns[0].no_wrap = True
    table.columns[2].justify = "right"
    for row in rows:
        table.add_row(habit_id(row["id"]), Text(row["name"]), str(row["habits"]))
    out.print(table)


def library_table(
    groups: list[tuple[str, list[Habit]]],
    status: Callable[[str], str],
    lang: str,
    ordinary: str,
) -> None:
    """The habits under their role's name, a short paragraph each: the id (never cut) with
    its status where it is not the ordinary one, then title and principle under it,
    wrapped to the terminal (prose.wrap) with no trailing blanks."""
    out = console()
    for index, (name, habits) in enumerate(groups):
        if index:
            out.print()
        for part in prose.wrap(name, out.width).split("\n"):
            out.print(Text(part, style="bold"), soft_wrap=True)
        for habit in habits:
            mark = status(habit.id)
            line = Text("  " if len(habit.id) + 2 <= out.width else "")  # the id whole
            line.append_text(habit_id(habit.id))
            if mark != ordinary:
                word = _(STATUS_WORDS.get(mark, mark))
                # beside the id when it fits, else on the line under it
                if len(habit.id) + 4 + len(word) <= out.width:
                    line.append("  ")
                    line.append(word, style=STATUS_STYLE.get(mark, ""))
                else:
                    out.print(line, soft_wrap=True)
                    line = Text("    " + word, style=STATUS_STYLE.get(mark, ""))
            out.print(line, soft_wrap=True)  # an id wider than the terminal is printed whole
            detail = habit.text("title", lang) + " · " + principle_name(habit.principle)
            for part in prose.wrap("    " + detail, out.width, rest="    ").split("\n"):
                out.print(Text(part), soft_wrap=True)


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
