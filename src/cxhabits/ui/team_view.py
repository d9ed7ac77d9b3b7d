"""The lead's view of the team: in the terminal (Rich) and as one HTML page (Jinja2).

Both draw the same `TeamReport`: a hidden figure is None there and "·" here; a median
that does not exist yet (nobody reached routine) is an en dash, not hidden. Numbers
are formatted for a person only here, at the last moment (a Dutch decimal comma, a short
date), and never read back. Everything from a share file (names, ids, roles) goes in as
`Text` or through Jinja2's autoescape: never as markup. Every word of the page comes
from the catalogue: the template holds no text of its own, only `words.*`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from cxhabits import i18n
from cxhabits.clock import MONTH_NAMES, short_date
from cxhabits.domain.chars import literal
from cxhabits.i18n import _, ngettext
from cxhabits.library.principles import principle_name
from cxhabits.team.figures import Row, TeamReport, WeekRow

HIDDEN = "·"
NO_MEDIAN = "\u2013"  # nobody has reached routine yet: there is no median, nothing is hidden
NARROW = 64  # below this many columns the rows are drawn one under the other
BAR = 24  # the widest bar in the terminal, in characters
FEW_NAMED = 20  # habits under the minimum named one by one in the terminal; the rest counted


# -- words, shared by the terminal and the page --------------------------------------------


def figure(value: int | float | None) -> str:
    if value is None:
        return HIDDEN
    if isinstance(value, float) and value % 1:
        return i18n.number(value, 1)
    return str(int(value))


def day_month(day: dt.date, as_of: dt.date) -> str:
    text = _("{day} {month}").format(day=day.day, month=_(MONTH_NAMES[day.month - 1]))
    return text if day.year == as_of.year else f"{text} {day.year}"


def week_label(week: WeekRow, as_of: dt.date) -> str:
    """`week 14, from 30 Mar`."""
    number = int(week.week[-2:])
    return _("week {number}, from {day}").format(number=number, day=day_month(week.monday, as_of))


def dated(report: TeamReport) -> str:
    as_of = report.as_of
    number = as_of.isocalendar()[1]
    return _("As of {date} {year} (week {number})").format(
        date=short_date(as_of), year=as_of.year, number=number
    )


def title(report: TeamReport) -> str:
    return literal(report.title) if report.title else _("Team progress")


def sharing_line(report: TeamReport) -> str:
    return ngettext(
        "{n} person shares; groups under {least} people are not shown.",
        "{n} people share; groups under {least} people are not shown.",
        report.people,
    ).format(n=report.people, least=report.min_group)


def not_enough(report: TeamReport) -> str:
    return ngettext(
        "{n} person shares; this report needs at least {least} before it shows any figure.",
        "{n} people share; this report needs at least {least} before it shows any figure.",
        report.people,
    ).format(n=report.people, least=report.min_group)


def hidden_words(report: TeamReport) -> str:
    return _(
        "{mark} hidden: a group under {least} people, a figure that would point at one "
        "person, or one that could be worked out from the figures shown."
    ).format(mark=HIDDEN, least=report.min_group)


def median_words(report: TeamReport) -> str:
    return (
        _(
            "median: the median workdays from the pick to routine, shown once {least} people "
            "reached routine on the habit."
        ).format(least=report.min_group)
        + " "
        + _("{none} no median yet: nobody on the habit has reached routine.").format(none=NO_MEDIAN)
    )


def fewer_than(report: TeamReport) -> str:
    return _("fewer than {least} people").format(least=report.min_group)


def few_words(report: TeamReport, names: list[str]) -> str:
    """The habits too few people picked to show, in one paragraph: the first
    FEW_NAMED by name, the rest as a count (a folder may hold thousands)."""
    shown = ", ".join(names[:FEW_NAMED])
    more = len(names) - FEW_NAMED
    if more > 0:
        shown = ngettext("{names} and {count} more", "{names} and {count} more", more).format(
            names=shown, count=more
        )
    return _("Picked by fewer than {least} people each: {habits}").format(
        least=report.min_group, habits=shown
    )


def principle(principle_id: str) -> str:
    try:
        return principle_name(principle_id)
    except (KeyError, ValueError):
        return principle_id


def role(titles: dict[str, str], role_id: str | None) -> str:
    return titles.get(f"role:{role_id}", role_id or "")


def celebrate_words(report: TeamReport) -> str:
    names = [literal(n) for n in report.celebrate.names]
    others = report.celebrate.others
    if others is None:
        rest = _("others, too few to count here")
    elif others:
        rest = ngettext("{n} other person", "{n} other people", others).format(n=others)
    else:
        rest = ""
    if not names and not rest:
        return _("Nobody's habit became routine in the last two weeks.")
    shown = ", ".join([*names, rest] if rest else names)
    return _("Became routine this week or last week: {who}.").format(who=shown)


def check_words(report: TeamReport) -> str:
    if report.no_names:
        return _("Names are left out of this report (--no-names).")
    if report.check_on_me:
        return ", ".join(literal(n) for n in report.check_on_me)
    return _("Nobody who asked to be checked on has missed two workdays in a row.")


def check_note() -> str:
    return _(
        "They asked to be checked on, and two or more of their workdays passed without a "
        "check-in or a skip. A word, or a hand with the starter step, may help them back in."
    )


def week_words(report: TeamReport) -> str:
    return _(
        "People with a routine habit by the end of each week, of the people who had picked "
        "one by then."
    )


def skipped_words(report: TeamReport) -> str:
    n = len(report.skipped)
    return ngettext(
        "{n} file left out (each is named, with why, on stderr).",
        "{n} files left out (each is named, with why, on stderr).",
        n,
    ).format(n=n)


def _people() -> str:
    return _("people")


def _building() -> str:
    return _("building")


def _routine() -> str:
    return _("routine")


def _dropped() -> str:
    return _("dropped")


COLUMNS = (
    ("group", _people),
    ("building", _building),
    ("routine", _routine),
    ("dropped", _dropped),
)


# -- the terminal --------------------------------------------------------------------------


def _label(name: str, detail: str | None, row: Row, report: TeamReport) -> Text:
    label = Text(literal(name), overflow="fold")
    if detail:
        label.append("\n" + detail, style="cyan")  # an id: on a line of its own, whole
    if row.group is None:
        label.append("\n" + fewer_than(report), style="dim")
    return label


def _cells(row: Row, median: bool) -> list[str]:
    cells = [figure(getattr(row, key)) for key, _word in COLUMNS]
    if median:
        value = row.median_workdays_to_routine
        cells.append(NO_MEDIAN if row.no_median else figure(value))
    return cells


def _table(
    heading: str, rows: list[tuple[Text, Row]], median: bool, width: int, report: TeamReport
) -> Any:
    if width < NARROW:
        return _stacked(heading, rows, median)
    table = Table(title=heading, title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("", ratio=1, overflow="fold")
    words = [word() for _key, word in COLUMNS] + ([_("median")] if median else [])
    for word in words:
        table.add_column(word, justify="right", no_wrap=True, min_width=len(word))
    for label, row in rows:
        table.add_row(label, *_cells(row, median))
    return table


def _stacked(heading: str, rows: list[tuple[Text, Row]], median: bool) -> Text:
    words = [word() for _key, word in COLUMNS] + ([_("median")] if median else [])
    out = Text(heading + "\n", style="bold")
    for label, row in rows:
        out.append_text(label)
        figures = " · ".join(f"{w} {c}" for w, c in zip(words, _cells(row, median), strict=True))
        out.append("\n  " + figures + "\n", style="")
    return out


def _weeks(report: TeamReport, width: int) -> Text:
    out = Text(_("Over the last 12 weeks") + "\n", style="bold")
    out.append(week_words(report) + "\n", style="dim")
    labels = [week_label(w, report.as_of) for w in report.weeks]
    room = max((len(label) for label in labels), default=0)
    bar_room = max(0, min(BAR, width - room - 12))
    if room + 12 > width:  # too narrow for one line each: the figure goes below its week
        room, bar_room = 0, 0
    for week, label in zip(report.weeks, labels, strict=True):
        line = label.ljust(room) + ("  " if room else "\n  ")
        if week.group is None:
            out.append(line + fewer_than(report) + "\n", style="dim")
            continue
        if week.routine is not None and week.group:
            length = round(bar_room * week.routine / week.group)
            line += "█" * length + " " * (bar_room - length) + " "
        line += _("{routine} of {group}").format(
            routine=figure(week.routine), group=figure(week.group)
        )
        out.append(line + "\n")
    return out


def _habits(console: Any, report: TeamReport, titles: dict[str, str], width: int) -> None:
    """The habits shown as rows; those under the minimum in one paragraph below them
    (a row each of dots says nothing and a hostile folder can hold thousands)."""
    shown = [h for h in report.habits if h.group is not None]
    few = [literal(titles.get(h.id, h.id)) for h in report.habits if h.group is None]
    if not report.habits:
        return
    console.print()
    if shown:
        rows = [
            (_label(titles.get(h.id, h.id), h.id if h.id in titles else None, h, report), h)
            for h in shown
        ]
        console.print(_table(_("Habits"), rows, True, width, report))
    else:
        console.print(Text(_("Habits"), style="bold"))
    if few:
        console.print(Text(few_words(report, few)))
    if shown:
        console.print(Text(median_words(report), style="dim"))


def show(report: TeamReport, titles: dict[str, str], lang: str) -> None:
    from cxhabits.ui import cards as render

    console = render.console()
    width = console.width
    console.print(Text(title(report), style="bold"))
    console.print(Text(dated(report)))
    if not report.enough:
        console.print(Text(not_enough(report)))
        return
    console.print(Text(sharing_line(report)))
    if report.skipped:
        console.print(Text(skipped_words(report), style="dim"))
    groups: list[tuple[Text, Row]] = [(_label(_("Team"), None, report.team, report), report.team)]
    groups += [(_label(role(titles, r.id), None, r, report), r) for r in report.roles]
    console.print()
    console.print(_table(_("Team and roles"), groups, False, width, report))
    principles = [(_label(principle(p.id), None, p, report), p) for p in report.principles]
    console.print()
    console.print(_table(_("Principles"), principles, False, width, report))
    _habits(console, report, titles, width)
    console.print(Text(hidden_words(report), style="dim"))
    console.print()
    console.print(_weeks(report, width))
    console.print(Text(_("To celebrate"), style="bold"))
    console.print(Text(celebrate_words(report)))
    console.print()
    console.print(Text(_("Asked to be checked on"), style="bold"))
    console.print(Text(check_words(report), overflow="fold"))
    if report.check_on_me:
        console.print(Text(check_note(), style="dim"))


# -- the HTML page ---------------------------------------------------------------------------


def _row_view(name: str, detail: str | None, row: Row, median: bool) -> dict[str, Any]:
    cells = _cells(row, median)
    return {
        "name": literal(name),
        "detail": detail,
        "cells": cells,
        "under": row.group is None,
        "group": row.group,
        "segments": _segments(row),
    }


def _segments(row: Row) -> list[dict[str, Any]]:
    """A stacked bar of building / routine / dropped, in percent of the group."""
    if row.group is None or not row.group:
        return []
    out, left = [], 0.0
    for key in ("routine", "building", "dropped"):
        value = getattr(row, key)
        if value is None or not value:
            continue
        share = 100 * value / row.group
        out.append({"key": key, "x": round(left, 2), "width": round(share, 2), "value": value})
        left += share
    return out


def _week_chart(report: TeamReport) -> dict[str, Any]:
    width, height, base = 600, 220, 170
    step = width / max(len(report.weeks), 1)
    top = max((w.group or 0 for w in report.weeks), default=0) or 1
    columns = []
    for index, week in enumerate(report.weeks):
        x = index * step
        group_h = (base - 30) * (week.group or 0) / top
        routine_h = (base - 30) * (week.routine or 0) / top
        columns.append(
            {
                "x": round(x + step * 0.15, 1),
                "w": round(step * 0.7, 1),
                "center": round(x + step / 2, 1),
                "group_y": round(base - group_h, 1),
                "group_h": round(group_h, 1),
                "routine_y": round(base - routine_h, 1),
                "routine_h": round(routine_h, 1),
                "value": figure(week.routine),
                "group": figure(week.group),
                "number": int(week.week[-2:]),
                "label": week_label(week, report.as_of),
                "hidden": week.routine is None,
            }
        )
    return {"columns": columns, "width": width, "height": height, "base": base}


def page_words(report: TeamReport) -> dict[str, str]:
    """Every word the template shows, from the catalogue."""
    return {
        "title": title(report),
        "dated": dated(report),
        "sharing": sharing_line(report),
        "not_enough": not_enough(report),
        "team_roles": _("Team and roles"),
        "principles": _("Principles"),
        "habits": _("Habits"),
        "name": _("Name"),
        "people": _("people"),
        "building": _("building"),
        "routine": _("routine"),
        "dropped": _("dropped"),
        "median": _("median"),
        "team": _("Team"),
        "fewer": fewer_than(report),
        "hidden": hidden_words(report),
        "median_words": median_words(report),
        "weeks": _("Over the last 12 weeks"),
        "week_words": week_words(report),
        "week_axis": _("ISO week"),
        "week_chart": _(
            "Bars: the people who had picked a habit by the end of the week (light) and "
            "those with a routine habit (dark); the number above is the second."
        ),
        "share_chart": _("Of each group: routine (dark), building (mid), dropped (light)."),
        "celebrate": _("To celebrate"),
        "celebrate_words": celebrate_words(report),
        "check": _("Asked to be checked on"),
        "check_words": check_words(report),
        "check_note": check_note(),
        "skipped": skipped_words(report) if report.skipped else "",
        "made": _("Made by cxhabits from the share files in the team folder."),
    }


def html_page(report: TeamReport, titles: dict[str, str], lang: str) -> str:
    """One self-contained page: no script, no font, no request leaves it."""
    import jinja2

    groups = [_row_view(_("Team"), None, report.team, False)]
    groups += [_row_view(role(titles, r.id), None, r, False) for r in report.roles]
    principles = [_row_view(principle(p.id), None, p, False) for p in report.principles]
    habits = [
        {
            **_row_view(titles.get(h.id, h.id), h.id if h.id in titles else None, h, True),
            "role": role(titles, h.role),
        }
        for h in report.habits
    ]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = environment.get_template("team.html")
    return template.render(
        lang=lang,
        words=page_words(report),
        enough=report.enough,
        groups=groups,
        principles=principles,
        habits=habits,
        weeks=_week_chart(report),
        check_on_me=bool(report.check_on_me),
    )
