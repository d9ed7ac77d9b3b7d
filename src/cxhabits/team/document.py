"""The share document: one person's progress as the team may see it (pure).

State, a few facts from the library, today and the time in; one JSON-ready
document out. No I/O, no clock. What leaves the machine is ids, roles,
principles, statuses, dates (ISO weeks when anonymous) and counts: never a
note, a drop, pause or skip reason, or an anchor in the person's own words.
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from cxhabits.domain import ids
from cxhabits.domain.core import WEEKDAYS
from cxhabits.domain.model import HabitRecord, Pause, Sharing, State
from cxhabits.domain.routine import ONE_DAY, progress

FORMAT = "cxhabits-share"
VERSION = 1
SUFFIX = ".cxhabits-share.json"
OWN = "own"  # the id a habit from the person's own pack is shared under
NAME_MAX_CHARS = 60
PERSON_ID = r"[0-9a-f]{16}"
ANONYMOUS_SLUG = "anonymous"


class HabitFacts(NamedTuple):
    """What the library says about one habit id, as far as sharing needs it."""

    role: str
    principle: str | None
    shareable: bool  # shipped or from a team pack folder: its id may leave the machine


def week_of(day: dt.date) -> str:
    """The ISO week of a day, as `2026-W23`."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def slug(name: str | None) -> str:
    """The file-name part for a name: lowercase ASCII letters, digits and hyphens."""
    if name is None:
        return ANONYMOUS_SLUG
    return ids.slug(name, 30) or "person"


def file_name(sharing: Sharing) -> str:
    """`<slug>-<first 6 of the person id>.cxhabits-share.json`: one file per person.

    A person id that is not 16 hex digits (a hand-edited state file) never makes a path.
    """
    if not re.fullmatch(PERSON_ID, sharing.person):
        raise ValueError(f"the person id in [sharing] is not {PERSON_ID}")
    return f"{slug(sharing.name)}-{sharing.person[:6]}{SUFFIX}"


def count_scheduled(
    start: dt.date, end: dt.date, workdays: frozenset[int], off: Iterable[dt.date | Pause]
) -> int:
    """How many of the days from start to end (both included) count, as
    `len(routine.scheduled_days(...))` less the given days off, by arithmetic: the
    share file is refreshed on every check-in, for every habit ever picked."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    count = full_weeks * len(workdays) + sum((first + k) % 7 in workdays for k in range(rest))
    excluded: set[dt.date] = set()
    for item in off:
        low, high = (item, item) if isinstance(item, dt.date) else (item.start, item.end)
        day, high = max(low, start), min(high, end)
        while day <= high:
            if day.weekday() in workdays:
                excluded.add(day)
            day += ONE_DAY
    return count - len(excluded)


def workdays_to_routine(record: HabitRecord, state: State) -> int | None:
    """The scheduled days from the pick to the day it became routine, both included,
    less its skipped days: those in memory, else the state index's count of them (a
    finished habit's skips are in its archive, which a save does not read)."""
    if record.routine_on is None:
        return None
    off: list[dt.date | Pause] = [*state.pauses, *record.skipped_days]
    days = count_scheduled(record.picked, record.routine_on, state.settings.workdays, off)
    if record.loaded:
        return days
    return max(days - (record.skips_total or 0), 0)


def _habit_entry(
    record: HabitRecord, facts: HabitFacts, state: State, today: dt.date, when: Any
) -> dict[str, Any]:
    if not facts.shareable:
        return {"id": OWN, "role": facts.role, "principle": facts.principle}
    entry: dict[str, Any] = {
        "id": record.id,
        "role": facts.role,
        "principle": facts.principle,
        "picked": when(record.picked),
        "status": record.status,
        "routine_on": when(record.routine_on),
        "dropped_on": when(record.dropped_on),
        "workdays_to_routine": workdays_to_routine(record, state),
    }
    if record.status == "active":
        shown = progress(record, state.settings, state.pauses, today)
        entry["streak"] = shown.current_streak
        entry["done_last_20"] = shown.done_in_window
        entry["strength"] = float(shown.strength_shown)  # rounded down, as shown
        entry["routine"] = shown.routine
        entry["last_done"] = when(record.checkins[-1].day if record.checkins else None)
    return entry


def _pauses_ahead(pauses: tuple[Pause, ...], today: dt.date) -> list[Pause]:
    return [p for p in pauses if p.end >= today]


def share_document(
    state: State,
    sharing: Sharing,
    facts: Mapping[str, HabitFacts],
    today: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    """The document written to the team folder for this state, as of `today` and `now`.

    `facts` has every habit id in the state; an id missing from it is shared as `own`
    with its role only (a pack that is gone is no longer known to be shared).
    """
    anonymous = sharing.anonymous or sharing.name is None

    def when(day: dt.date | None) -> str | None:
        if day is None:
            return None
        return week_of(day) if anonymous else day.isoformat()

    habits = [
        _habit_entry(
            record,
            facts.get(record.id, HabitFacts(record.id.split(".")[0], None, False)),
            state,
            today,
            when,
        )
        for record in state.habits
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "person": sharing.person,
        "name": None if anonymous else sharing.name,
        "anonymous": anonymous,
        "written": now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "workdays": [WEEKDAYS[day] for day in sorted(state.settings.workdays)],
        "pauses": [
            {"from": when(p.start), "to": when(p.end)} for p in _pauses_ahead(state.pauses, today)
        ],
        "habits": habits,
    }


def to_json(value: Any, indent: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` for the share document's types.

    The check-in path writes the share file on every save; importing `json` compiles
    its regexes (about 2 ms), while the C string encoder below is ready at once.
    """
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{_encode_string(k)}: {to_json(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + to_json(v, inner) for v in value) + f"\n{indent}]"
    raise TypeError(f"not in a share document: {type(value).__name__}")


def _encode_string(text: str) -> str:
    try:
        from _json import encode_basestring  # CPython's C encoder, as json uses it
    except ImportError:  # pragma: no cover - another interpreter
        from json.encoder import py_encode_basestring as encode_basestring
    encoded: str = encode_basestring(text)
    return encoded
