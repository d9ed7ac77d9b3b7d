"""The lead's view of the team: in the terminal (Rich) and as one HTML page (Jinja2).

Everything from a share file (names, ids, roles) goes in as `Text` or through
Jinja2's autoescape: never as markup. Imported only by `cxhabits team`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from cxhabits import i18n
from cxhabits.domain.chars import literal
from cxhabits.i18n import N_, _, ngettext
from cxhabits.library.principles import principle_name
from cxhabits.team.figures import TeamReport

BAR = 24  # the widest bar in the terminal, in characters
# Words only the HTML template uses (marked here, so the catalogue has them).
TEMPLATE_WORDS = (
    N_("No habits picked yet."),
    N_("No habit has enough people who reached routine for a median yet."),
    N_("Files left out"),
    N_("Habits that had become routine by the end of each ISO week (the numbers below the bars)."),
)


def fewer_than(report: TeamReport) -> str:
    return _("fewer than {n}").format(n=report.min_group)


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return i18n.number(value, 1) if value % 1 else str(int(value))


def _principle(principle_id: str) -> str:
    try:
        return principle_name(principle_id)
    except (KeyError, ValueError):
        return principle_id


def _role(titles: dict[str, str], role: str) -> str:
    return titles.get(f"role:{role}", role)


def _written(report: TeamReport) -> str:
    if report.oldest_written is None:
        return "-"
    return report.oldest_written.strftime("%Y-%m-%d %H:%M UTC")


def headline(report: TeamReport) -> str:
    people = ngettext("{n} person shares", "{n} people share", report.people).format(
        n=report.people
    )
    return _("{people}; the oldest file was written {when}.").format(
        people=people, when=_written(report)
    )


def median_words(report: TeamReport) -> str:
    return _(
        "median: the median workdays from the pick to routine, shown once {n} people "
        "reached routine."
    ).format(n=report.min_group)


def hand_words(report: TeamReport) -> str:
    return _(
        "Two or more of their workdays without a check-in since the last one. "
        "A word, or a hand with the starter step, may help them back in."
    )


def show(report: TeamReport, titles: dict[str, str], lang: str) -> None:
    from cxhabits.ui import cards as render

    console = render.console()
    dim = "dim"
    console.print(Text(_("Team progress"), style="bold"))
    console.print(Text(headline(report)))
    console.print(
        Text(
            _("A group smaller than {n} people is shown as '{fewer}'.").format(
                n=report.min_group, fewer=fewer_than(report)
            ),
            style=dim,
        )
    )
    hidden = Text(fewer_than(report), style=dim)

    habits = Table(title=_("Habits"), title_justify="left", show_edge=False, pad_edge=False)
    # The widest id sets the column's least width: an id is never cut short.
    habits.add_column(_("Habit"), min_width=max((len(row.id) for row in report.habits), default=0))
    for label in (_("on it"), _("routine"), _("dropped"), _("median")):
        habits.add_column(label, justify="right", no_wrap=True)
    role = None
    for row in report.habits:
        if row.role != role:
            role = row.role
            habits.add_row(Text(literal(_role(titles, role)), style="bold"))
        name = Text(literal(titles.get(row.id, row.id)))
        name.append("\n")
        name.append(row.id, style="cyan")  # on a line of its own: never cut
        if row.suppressed:
            habits.add_row(name, hidden, "", "", "")
        else:
            habits.add_row(
                name,
                str(row.people),
                str(row.routine),
                str(row.dropped),
                _number(row.median_workdays_to_routine),
            )
    console.print()
    console.print(habits)
    console.print(Text(median_words(report), style=dim))

    principles = Table(title=_("Principles"), title_justify="left", show_edge=False, pad_edge=False)
    principles.add_column(_("Principle"))
    principles.add_column(_("people"), justify="right")
    principles.add_column(_("routine habits"), justify="right")
    for p in report.principles:
        cell = Text(literal(_principle(p.id)))
        if p.suppressed:
            principles.add_row(cell, hidden, "")
        else:
            principles.add_row(cell, str(p.people), str(p.routine))
    console.print()
    console.print(principles)

    if report.weeks:
        console.print()
        console.print(Text(_("Routine habits over the weeks"), style="bold italic"))
        top = max((w.routine or 0 for w in report.weeks), default=0) or 1
        for week in report.weeks:
            line = Text(f"{week.week}  ")
            if week.suppressed:
                line.append(fewer_than(report), style=dim)
            else:
                count = week.routine or 0
                line.append("█" * max(round(BAR * count / top), 1 if count else 0), style="green")
                line.append(f" {count}")
            console.print(line)

    console.print()
    console.print(Text(_("Who may want a hand"), style="bold italic"))
    if report.needs_a_hand:
        console.print(Text(literal(", ".join(report.needs_a_hand))))
        console.print(Text(hand_words(report), style=dim))
    else:
        console.print(Text(_("Everyone who shares with a name checked in lately."), style=dim))


# -- the HTML page ------------------------------------------------------------------

# Chart sizes in SVG units; the page caps each chart's width so text stays about 13-17 px
# on a phone and on a laptop alike.
CHART_WIDTH = 400
WEEKS_WIDTH = 420
ROW_HEIGHT = 40  # a label line above each bar


def _bars(rows: list[tuple[str, float | None]], fewer: str) -> dict[str, Any]:
    """Horizontal bars, each under its label; a None value is a grey note instead."""
    top = max((v for _label, v in rows if v), default=0) or 1
    room = CHART_WIDTH - 50
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        width = 0 if not value else max(room * value / top, 2)
        bars.append(
            {
                "label": label,
                "label_y": y + 14,
                "y": y + 20,
                "text_y": y + 32,
                "width": round(width, 1),
                "value": _number(value) if value is not None else fewer,
                "value_x": round(width + 6, 1),
                "missing": value is None,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "width": CHART_WIDTH,
        "bar_height": 15,
    }


def _columns(report: TeamReport, fewer: str) -> dict[str, Any]:
    """Vertical bars, one per week."""
    height, base = 170, 145
    weeks = report.weeks
    top = max((w.routine or 0 for w in weeks), default=0) or 1
    step = WEEKS_WIDTH / max(len(weeks), 1)
    columns = []
    for index, week in enumerate(weeks):
        value = week.routine or 0
        bar = 0.0 if week.suppressed else (base - 22) * value / top
        columns.append(
            {
                "x": round(index * step + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(base - max(bar, 2), 1),
                "height": round(max(bar, 2), 1),
                "center": round(index * step + step / 2, 1),
                "week": week.week[-2:],
                "value": fewer if week.suppressed else str(value),
                "suppressed": week.suppressed,
            }
        )
    return {"columns": columns, "width": WEEKS_WIDTH, "height": height, "base": base}


def html_page(report: TeamReport, titles: dict[str, str], lang: str) -> str:
    """One self-contained page: no script, no font, no request leaves it."""
    import jinja2

    fewer = fewer_than(report)
    habit_rows = [
        {
            "row": row,
            "title": titles.get(row.id, row.id),
            "role": _role(titles, row.role),
            "median": _number(row.median_workdays_to_routine),
        }
        for row in report.habits
    ]
    medians = _bars(
        [
            (titles.get(r.id, r.id), r.median_workdays_to_routine)
            for r in report.habits
            if r.median_workdays_to_routine is not None
        ],
        fewer,
    )
    principles = _bars(
        [(_principle(p.id), None if p.suppressed else p.routine) for p in report.principles],
        fewer,
    )
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["literal"] = literal  # escapes and bidi shown, not obeyed
    translate: Callable[[str], str] = _
    template = environment.get_template("team.html")
    return template.render(
        _=translate,
        lang=lang,
        report=report,
        headline=headline(report),
        fewer=fewer,
        habits=habit_rows,
        principle_rows=[{"row": p, "name": _principle(p.id)} for p in report.principles],
        weeks=_columns(report, fewer),
        medians=medians,
        principles=principles,
        hand_words=hand_words(report),
        median_words=median_words(report),
    )
