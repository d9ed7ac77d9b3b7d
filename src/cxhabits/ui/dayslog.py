"""One habit day by day (`history HABIT_ID`): every workday's fate (done with its note,
missed, skipped, paused), self-checks and anchor changes, one block per time the habit
was picked.

Pure: records in, a JSON document or plain lines out (outside text made literal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cxhabits.clock import shown_date
from cxhabits.domain.chars import literal
from cxhabits.domain.model import HabitRecord
from cxhabits.domain.routine import DayFates
from cxhabits.i18n import _, ngettext, number
from cxhabits.ui import prose


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def record_document(record: HabitRecord, fates: DayFates) -> dict[str, Any]:
    """One time the habit was picked, with everything recorded for it."""
    return {
        "id": record.id,
        "picked": record.picked.isoformat(),
        "status": record.status,
        "routine_on": _iso(record.routine_on),
        "dropped_on": _iso(record.dropped_on),
        "drop_reason": record.drop_reason or None,
        "checkins": len(record.checkins),
        "days": [{"day": c.day.isoformat(), "note": c.note or None} for c in record.checkins],
        "skipped": [{"day": s.day.isoformat(), "reason": s.reason or None} for s in record.skips],
        "missed": [day.isoformat() for day in fates.missed],
        "paused": [day.isoformat() for day in fates.paused],
        "ratings": [{"day": r.day.isoformat(), "scores": list(r.scores)} for r in record.ratings],
        "anchors": [{"from": a.day.isoformat(), "text": a.text or None} for a in record.anchors],
    }


def _said(day: dt.date | None, today: dt.date) -> str:
    return shown_date(day, today) if day else "?"


def _paused(fates: DayFates, today: dt.date) -> list[tuple[dt.date, str]]:
    """A run of paused workdays said once: a holiday is one line, not ten."""
    events = []
    for first, last, count in fates.paused_runs:
        if count == 1:
            events.append((first, _("paused")))
        else:
            text = ngettext(
                "paused, {count} workday to {day}", "paused, {count} workdays to {day}", count
            ).format(count=count, day=_said(last, today))
            events.append((first, text))
    return events


def record_lines(record: HabitRecord, title: str, fates: DayFates, today: dt.date) -> list[str]:
    """One block: a heading, then each workday's fate and each other event in order,
    dated as a person reads a date (`Tue 3 Mar`; the year when it is not this year)."""
    if record.status == "routine":
        ended = _("routine since {day}").format(day=_said(record.routine_on, today))
    elif record.status == "dropped":
        ended = _("dropped on {day}").format(day=_said(record.dropped_on, today))
    else:
        ended = _("being built")
    lines = [
        _("{title} ({id}): picked {picked}, {ended}").format(
            title=title, id=literal(record.id), picked=_said(record.picked, today), ended=ended
        )
    ]
    events: list[tuple[dt.date, int, str]] = []
    for c in record.checkins:
        text = _("done")
        events.append((c.day, 0, text + (f": {literal(c.note)}" if c.note else "")))
    for s in record.skips:
        text = _("skipped (no anchor)")
        events.append((s.day, 1, text + (f": {literal(s.reason)}" if s.reason else "")))
    events.extend((day, 1, _("missed")) for day in fates.missed)
    events.extend((day, 1, text) for day, text in _paused(fates, today))
    for r in record.ratings:
        scores = " ".join(str(score) for score in r.scores)
        text = _("self-check {mean} ({scores})").format(mean=number(r.mean, 1), scores=scores)
        events.append((r.day, 2, text))
    for a in record.anchors:
        if a.text:
            text = _("anchor in your own words: {anchor}").format(anchor=literal(a.text))
        else:
            text = _("anchor back to the library's")
        events.append((a.day, 3, text))
    shown = {day: _said(day, today) for day, _order, _text in events}
    room = max(map(len, shown.values()), default=0)
    column = " " * (room + 4)
    for day, _order, text in sorted(events):
        # Wrapped here, under the text: the wrapper would fold the two-space column.
        lines.extend(prose.wrap(f"  {shown[day].ljust(room)}  {text}", rest=column).split("\n"))
    if record.status == "dropped" and record.drop_reason:
        lines.append("  " + _("why dropped: {reason}").format(reason=literal(record.drop_reason)))
    if not events:
        lines.append("  " + _("nothing recorded"))
    return lines
