"""The share document: one person's progress as the team may see it (pure).

State, a few facts from the library, today and the time in; one JSON-ready
document out. No I/O, no clock. What leaves the machine is ids, roles,
principles, statuses, dates (ISO weeks when anonymous) and counts: never a
note, a drop, pause or skip reason, or an anchor in the person's own words.
"""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from cxhabits.core import WEEKDAYS, HabitRecord, Pause, Sharing, State
from cxhabits.routine import progress, scheduled_days

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
    import unicodedata  # only for a name: the anonymous check-in path skips it

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:30].strip("-")
    return text or "person"


def file_name(sharing: Sharing) -> str:
    """`<slug>-<first 6 of the person id>.cxhabits-share.json`: one file per person.

    A person id that is not 16 hex digits (a hand-edited state file) never makes a path.
    """
    if not re.fullmatch(PERSON_ID, sharing.person):
        raise ValueError(f"the person id in [sharing] is not {PERSON_ID}")
    return f"{slug(sharing.name)}-{sharing.person[:6]}{SUFFIX}"


def workdays_to_routine(record: HabitRecord, state: State) -> int | None:
    """The scheduled days from the pick to the day it became routine, both included.

    Skipped days are left out as far as they are in memory: a finished habit's
    skips are in its archive, which a save does not read (a known, small overcount).
    """
    if record.routine_on is None:
        return None
    days = scheduled_days(record.picked, record.routine_on, state.settings, state.pauses)
    skipped = record.skipped_days
    return sum(1 for day in days if day not in skipped)


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
