"""What a state or archive file holds that this version does not know, kept as it was.

A key or table this version does not know (at the top, in `[settings]`,
`[sharing]`, a habit, a pause, an entry of a habit's lists, or at the top of an
archive file) is set aside on reading in an `Extras` value beside the `State`
(the core never sees it) and written back, after the known fields, on every
save. A later release adding a field adds its name to the matching `*_KEYS` set
here, or it would be kept twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from cxhabits.domain.model import Pause

# The fields this version knows; everything else in a file is kept as it was.
TOP_KEYS = frozenset({"schema", "schema_minor", "settings", "pauses", "sharing", "habits"})
SHARING_KEYS = frozenset({"folder", "name", "anonymous", "person", "check_on_me"})
PAUSE_KEYS = frozenset({"from", "to", "reason"})
RECORD_KEYS = frozenset({"checkins", "notes", "ratings", "skipped"})
HABIT_KEYS = (
    frozenset({"id", "picked", "status", "routine_on", "dropped_on", "drop_reason", "anchors"})
    | {"checkins_total", "skips_total", "kept"}
    | RECORD_KEYS
)
ARCHIVE_KEYS = frozenset({"schema", "schema_minor", "id", "picked"}) | RECORD_KEYS
# The entries of a habit's lists, each found again by its list and day.
ENTRY_KEYS = {
    "notes": frozenset({"day", "text"}),
    "ratings": frozenset({"day", "scores"}),
    "skipped": frozenset({"day", "reason"}),
    "anchors": frozenset({"from", "text"}),
}
Table = Mapping[str, Any]
NOTHING: Mapping[Any, Any] = MappingProxyType({})


Entries = Mapping[tuple[str, dt.date], Table]  # (list name, day) -> unknown fields


class Extras(NamedTuple):
    """What a state file holds that this version does not know, to be written back.

    Habits are found again by id and pick date, pauses by their first and last day,
    the entries of a habit's lists (notes, ratings, skipped, anchors) by list and day.
    """

    minor: int = 0
    top: Table = NOTHING
    settings: Table = NOTHING
    sharing: Table = NOTHING
    habits: Mapping[tuple[str, dt.date], Table] = NOTHING
    pauses: Mapping[tuple[dt.date, dt.date], Table] = NOTHING
    entries: Mapping[tuple[str, dt.date], Entries] = NOTHING


class ArchiveExtras(NamedTuple):
    """What an archive file holds that this version does not know."""

    minor: int = 0
    top: Table = NOTHING
    entries: Entries = NOTHING


def entries_of(table: Any) -> dict[tuple[str, dt.date], Table]:
    """The unknown fields of the entries of a habit's (or an archive's) lists."""
    found: dict[tuple[str, dt.date], Table] = {}
    if not isinstance(table, dict):
        return found
    for name, known in ENTRY_KEYS.items():
        entries = table.get(name)
        for entry in entries if isinstance(entries, list) else ():
            extra = unknown(entry, known)
            day = entry.get("from" if name == "anchors" else "day") if extra else None
            if isinstance(day, dt.date):
                found[(name, day)] = {**found.get((name, day), {}), **extra}
    return found


def unknown(table: Any, known: frozenset[str]) -> dict[str, Any]:
    if not isinstance(table, dict):
        return {}
    return {key: value for key, value in table.items() if key not in known}


def minor_of(doc: Table) -> int:
    minor = doc.get("schema_minor", 0)
    return minor if type(minor) is int and minor >= 0 else 0


def with_extras(known: dict[str, Any], extra: Table) -> dict[str, Any]:
    """The known fields first, then the unknown ones (a known name always wins)."""
    return {**known, **{k: v for k, v in extra.items() if k not in known}}


def archive_extras(doc: Table) -> ArchiveExtras:
    """The parts of an (already migrated) archive document this version does not know."""
    return ArchiveExtras(minor_of(doc), unknown(doc, ARCHIVE_KEYS), entries_of(doc))


def state_extras(doc: Table) -> Extras:
    """The parts of an (already migrated) state document this version does not know."""
    habits: dict[tuple[str, dt.date], Table] = {}
    entries: dict[tuple[str, dt.date], Entries] = {}
    for table in doc.get("habits", ()):
        extra = unknown(table, HABIT_KEYS)
        if extra:
            habits[(table["id"], table["picked"])] = extra
        found = entries_of(table)
        if found:
            entries[(table["id"], table["picked"])] = found
    pauses: dict[tuple[dt.date, dt.date], Table] = {}
    for table in doc.get("pauses", ()):
        extra = unknown(table, PAUSE_KEYS)
        if extra:
            pauses[(table["from"], table["to"])] = extra
    return Extras(
        minor=minor_of(doc),
        top=unknown(doc, TOP_KEYS),
        settings=settings_extras(doc.get("settings")),
        sharing=unknown(doc.get("sharing"), SHARING_KEYS),
        habits=habits,
        pauses=pauses,
        entries=entries,
    )


def settings_extras(table: Any) -> dict[str, Any]:
    if not table:
        return {}
    from cxhabits.domain.settings import KEYS

    return unknown(table, frozenset(KEYS))


def pause_extras(pause: Pause, extras: Extras) -> dict[str, Any]:
    """A pause keeps the unknown fields of every pause it took in (pauses merge)."""
    merged: dict[str, Any] = {}
    for (start, end), extra in extras.pauses.items():
        if start <= pause.end and pause.start <= end:  # merged into it, or moved
            merged.update(extra)
    return merged
