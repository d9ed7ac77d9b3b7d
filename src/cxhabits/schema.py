"""The state file's format: TOML documents to `State` and back, and the migrations.

Schema 3 adds skipped days (an older version would count them as misses, so the
major number goes up), anchors in the user's own words, and the `[sharing]`
opt-in. `schema_minor` counts additions an older version of the same schema can
carry safely.

Unknown fields are kept. A key or table this version does not know (at the top,
in `[settings]`, `[sharing]`, a habit, a pause, or at the top of an archive file)
is set aside on reading in an `Extras` value beside the `State` (the core never
sees it) and written back, after the known fields, on every save; `schema_minor`
is kept at the higher of the file's and this version's. A newer `schema` is
refused; a newer `schema_minor` is read. A later release adding a field here adds
its name to the matching `*_KEYS` set, or it would be kept twice.

Schema 2 keeps `state.toml` small whatever the history: it holds the settings,
the pauses, every habit ever picked, and the check-ins and self-checks of the
habit being built. Those of a habit that became routine or was dropped move to its own
archive file (`archive/NNN-<habit id>.toml`), which only history views, exports
and check-ins of that habit read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from cxhabits.core import (
    WEEKDAYS,
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Sharing,
    Skip,
    State,
    day_in_range,
)
from cxhabits.i18n import N_, _
from cxhabits.packs import HABIT_ID

SCHEMA = 3
SCHEMA_MINOR = 0


# The fields this version knows; everything else in a file is kept as it was.
TOP_KEYS = frozenset({"schema", "schema_minor", "settings", "pauses", "sharing", "habits"})
SHARING_KEYS = frozenset({"folder", "name", "anonymous", "person"})
PAUSE_KEYS = frozenset({"from", "to", "reason"})
RECORD_KEYS = frozenset({"checkins", "notes", "ratings", "skipped"})
HABIT_KEYS = (
    frozenset({"id", "picked", "status", "routine_on", "dropped_on", "drop_reason", "anchors"})
    | {"checkins_total"}
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
_HABIT_ID = re.compile(HABIT_ID)


class FormatProblem(Exception):
    """A value in the file is not what it should be (the message says where)."""


Table = Mapping[str, Any]
_NOTHING: Mapping[Any, Any] = MappingProxyType({})


Entries = Mapping[tuple[str, dt.date], Table]  # (list name, day) -> unknown fields


class Extras(NamedTuple):
    """What a state file holds that this version does not know, to be written back.

    Habits are found again by id and pick date, pauses by their first and last day,
    the entries of a habit's lists (notes, ratings, skipped, anchors) by list and day.
    """

    minor: int = 0
    top: Table = _NOTHING
    settings: Table = _NOTHING
    sharing: Table = _NOTHING
    habits: Mapping[tuple[str, dt.date], Table] = _NOTHING
    pauses: Mapping[tuple[dt.date, dt.date], Table] = _NOTHING
    entries: Mapping[tuple[str, dt.date], Entries] = _NOTHING


class ArchiveExtras(NamedTuple):
    """What an archive file holds that this version does not know."""

    minor: int = 0
    top: Table = _NOTHING
    entries: Entries = _NOTHING


def _entries(table: Any) -> dict[tuple[str, dt.date], Table]:
    """The unknown fields of the entries of a habit's (or an archive's) lists."""
    found: dict[tuple[str, dt.date], Table] = {}
    if not isinstance(table, dict):
        return found
    for name, known in ENTRY_KEYS.items():
        entries = table.get(name)
        for entry in entries if isinstance(entries, list) else ():
            extra = _unknown(entry, known)
            day = entry.get("from" if name == "anchors" else "day") if extra else None
            if isinstance(day, dt.date):
                found[(name, day)] = {**found.get((name, day), {}), **extra}
    return found


def _unknown(table: Any, known: frozenset[str]) -> dict[str, Any]:
    if not isinstance(table, dict):
        return {}
    return {key: value for key, value in table.items() if key not in known}


def _minor(doc: Table) -> int:
    minor = doc.get("schema_minor", 0)
    return minor if type(minor) is int and minor >= 0 else 0


def _with_extras(known: dict[str, Any], extra: Table) -> dict[str, Any]:
    """The known fields first, then the unknown ones (a known name always wins)."""
    return {**known, **{k: v for k, v in extra.items() if k not in known}}


def check_habit_id(value: str, where: str) -> str:
    """A habit id as the library spells them: it names a file, so nothing else passes."""
    if not _HABIT_ID.fullmatch(value):
        raise FormatProblem(
            _("{where}: {value} is not a habit id (like agent.one-word-for-the-feeling)").format(
                where=where, value=ascii(value)
            )
        )
    return value


def _check_day(value: dt.date, where: str, key: str) -> dt.date:
    if not day_in_range(value):
        raise FormatProblem(
            _("{where}: '{key}' = {day} is outside 2000-01-01 to 2100-12-31").format(
                where=where, key=key, day=value.isoformat()
            )
        )
    return value


def _get(table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise FormatProblem(_("{where}: '{key}' is missing").format(where=where, key=key))
        return default
    value = table[key]
    if kind is int and isinstance(value, bool):
        raise FormatProblem(
            _("{where}: '{key}' should be a whole number").format(where=where, key=key)
        )
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dt.date and isinstance(value, dt.datetime):
        raise FormatProblem(
            _("{where}: '{key}' should be a date like 2026-11-02").format(where=where, key=key)
        )
    if not isinstance(value, kind):
        raise FormatProblem(
            _("{where}: '{key}' should be {kind}").format(
                where=where, key=key, kind=_(_KIND_WORDS.get(kind, kind.__name__))
            )
        )
    if isinstance(value, dt.date):
        _check_day(value, where, key)
    return value


_KIND_WORDS: dict[type, str] = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
    dict: N_("a table"),
    dt.date: N_("a date like 2026-11-02"),
}


def _date_list(values: list[Any], where: str) -> list[dt.date]:
    days = []
    for value in values:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise FormatProblem(
                _("{where}: {value} should be a date like 2026-11-02").format(
                    where=where, value=repr(value)
                )
            )
        days.append(_check_day(value, where, "checkins"))
    return days


def settings_from_table(table: dict[str, Any]) -> Settings:
    """The settings, each checked against the range `cxhabits config` allows."""
    if not table:
        return Settings()
    from cxhabits.config import KEYS, check_settings

    where = "[settings]"
    values: dict[str, Any] = {}
    for name, value in table.items():
        key = KEYS.get(name)
        if key is None:
            continue  # a setting a later release knows; harmless here
        text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        if isinstance(value, (dict, list)) and name not in ("workdays", "packs"):
            text = "?"
        try:
            values[name] = key.parse(text)
        except ValueError:
            raise FormatProblem(
                _("{where}: {name} = {value}; allowed: {allowed}").format(
                    where=where, name=name, value=repr(value), allowed=_(key.allowed)
                )
            ) from None
    settings = Settings()._replace(**values)
    problem = check_settings(settings)
    if problem:
        raise FormatProblem(f"{where}: {problem}")
    return settings


def settings_to_table(settings: Settings) -> dict[str, Any]:
    """Only what differs from the defaults, so a later release's defaults apply."""
    defaults = Settings()
    table: dict[str, Any] = {}
    if settings.workdays != defaults.workdays:
        table["workdays"] = [WEEKDAYS[d] for d in sorted(settings.workdays)]
    for name in Settings._fields[1:]:  # workdays, the first, is written above
        value = getattr(settings, name)
        if value != getattr(defaults, name) and value is not None:
            table[name] = list(value) if isinstance(value, tuple) else value
    return table


def _checkins_from_table(table: dict[str, Any], where: str) -> tuple[CheckIn, ...]:
    notes: dict[dt.date, str] = {}
    for note in _get(table, "notes", list, where, []):
        if not isinstance(note, dict):
            raise FormatProblem(
                _("{where}: each note should be a table with day and text").format(where=where)
            )
        notes[_get(note, "day", dt.date, where)] = _get(note, "text", str, where)
    days = _date_list(_get(table, "checkins", list, where, []), where)
    if len(set(days)) != len(days):
        raise FormatProblem(_("{where}: a day is checked in twice").format(where=where))
    return tuple(sorted(CheckIn(day, notes.get(day, "")) for day in days))


def _checkins_to_table(
    record: HabitRecord, table: dict[str, Any], entries: Entries = _NOTHING
) -> None:
    """Check-ins, notes and self-checks: what a finished habit keeps in its archive."""

    def entry(name: str, day: dt.date, known: dict[str, Any]) -> dict[str, Any]:
        return _with_extras(known, entries.get((name, day), _NOTHING))

    table["checkins"] = [c.day for c in record.checkins]
    notes = [
        entry("notes", c.day, {"day": c.day, "text": c.note}) for c in record.checkins if c.note
    ]
    if notes:
        table["notes"] = notes
    if record.ratings:
        table["ratings"] = [
            entry("ratings", r.day, {"day": r.day, "scores": list(r.scores)})
            for r in record.ratings
        ]
    if record.skips:
        table["skipped"] = [
            entry("skipped", s.day, {"day": s.day, **({"reason": s.reason} if s.reason else {})})
            for s in record.skips
        ]


def _skips_from_table(table: dict[str, Any], where: str) -> tuple[Skip, ...]:
    skips: dict[dt.date, Skip] = {}
    for raw in _get(table, "skipped", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each skipped day should be a table with day and reason").format(
                    where=where
                )
            )
        day = _get(raw, "day", dt.date, where)
        skips[day] = Skip(day, _get(raw, "reason", str, where, ""))
    return tuple(sorted(skips.values()))


def _anchors_from_table(table: dict[str, Any], where: str) -> tuple[AnchorChange, ...]:
    anchors = []
    for raw in _get(table, "anchors", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each anchor change should be a table with from and text").format(
                    where=where
                )
            )
        anchors.append(
            AnchorChange(_get(raw, "from", dt.date, where), _get(raw, "text", str, where))
        )
    # Stable by day: two changes on one day keep the order they were made in.
    return tuple(sorted(anchors, key=lambda a: a.day))


def _ratings_from_table(table: dict[str, Any], where: str) -> tuple[Rating, ...]:
    ratings = []
    for raw in _get(table, "ratings", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each rating should be a table with day and scores").format(where=where)
            )
        scores = _get(raw, "scores", list, where)
        if len(scores) != 4 or not all(type(s) is int and 1 <= s <= 7 for s in scores):
            raise FormatProblem(
                _("{where}: a rating should have four scores from 1 to 7").format(where=where)
            )
        ratings.append(Rating(_get(raw, "day", dt.date, where), tuple(scores)))
    return tuple(sorted(ratings))


def _habit_from_table(table: Any, index: int) -> HabitRecord:
    if not isinstance(table, dict):
        raise FormatProblem(_("habits[{index}] should be a table").format(index=index))
    where = _("habits[{index}]").format(index=index)
    status = _get(table, "status", str, where)
    if status not in ("active", "routine", "dropped"):
        raise FormatProblem(
            _("{where}: 'status' should be active, routine or dropped").format(where=where)
        )
    return HabitRecord(
        id=check_habit_id(_get(table, "id", str, where), where),
        picked=_get(table, "picked", dt.date, where),
        status=status,
        routine_on=_get(table, "routine_on", dt.date, where, None),
        dropped_on=_get(table, "dropped_on", dt.date, where, None),
        drop_reason=_get(table, "drop_reason", str, where, ""),
        checkins=_checkins_from_table(table, where),
        ratings=_ratings_from_table(table, where),
        skips=_skips_from_table(table, where),
        anchors=_anchors_from_table(table, where),
        # A finished habit's check-ins and self-checks live in its archive file; a
        # schema-1 file still holds them inline, and then they are all here.
        loaded=status == "active" or "checkins" in table,
        checkins_total=None if status == "active" else _checkins_total(table),
    )


def _checkins_total(table: dict[str, Any]) -> int | None:
    """A finished habit's count of check-ins in the index; an odd value is no count (the
    next save counts its archive again)."""
    value = table.get("checkins_total")
    return value if type(value) is int and value >= 0 else None


def _habit_to_table(record: HabitRecord, entries: Entries = _NOTHING) -> dict[str, Any]:
    table: dict[str, Any] = {"id": record.id, "picked": record.picked, "status": record.status}
    if record.routine_on:
        table["routine_on"] = record.routine_on
    if record.dropped_on:
        table["dropped_on"] = record.dropped_on
    if record.drop_reason:
        table["drop_reason"] = record.drop_reason
    if record.anchors:
        table["anchors"] = [
            _with_extras({"from": a.day, "text": a.text}, entries.get(("anchors", a.day), {}))
            for a in record.anchors
        ]
    if record.status == "active":
        _checkins_to_table(record, table, entries)
    else:  # the index `history` reads instead of the archive
        total = len(record.checkins) if record.loaded else record.checkins_total
        if total is not None:
            table["checkins_total"] = total
    return table


def archive_name(index: int, record: HabitRecord) -> str:
    """The archive file of the habit at `index` in the state (stable: habits are only added).

    Built only from a checked id: nothing read from a file chooses a path.
    """
    check_habit_id(record.id, _("habits[{index}]").format(index=index))
    return f"{index + 1:03d}-{record.id}.toml"


def archive_to_document(record: HabitRecord, extras: ArchiveExtras | None = None) -> dict[str, Any]:
    extras = extras or ArchiveExtras()
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "schema_minor": max(SCHEMA_MINOR, extras.minor),
        "id": record.id,
        "picked": record.picked,
    }
    _checkins_to_table(record, doc, extras.entries)
    return _with_extras(doc, extras.top)


def archive_extras(doc: Table) -> ArchiveExtras:
    """The parts of an (already migrated) archive document this version does not know."""
    return ArchiveExtras(_minor(doc), _unknown(doc, ARCHIVE_KEYS), _entries(doc))


def archive_owner(doc: dict[str, Any], where: str) -> tuple[str, dt.date]:
    """The habit id and pick date an archive document belongs to."""
    return (
        check_habit_id(_get(doc, "id", str, where), where),
        _get(doc, "picked", dt.date, where),
    )


def archive_holds_records(doc: Table) -> bool:
    """Whether an archive document holds any check-in, self-check or skipped day."""
    return any(doc.get(key) for key in RECORD_KEYS)


def archive_from_document(
    doc: dict[str, Any], record: HabitRecord
) -> tuple[tuple[CheckIn, ...], tuple[Rating, ...], tuple[Skip, ...]]:
    where = _("the archive of {habit}").format(habit=record.id)
    if archive_owner(doc, where) != (record.id, record.picked):
        raise FormatProblem(_("{where}: it belongs to another habit").format(where=where))
    return (
        _checkins_from_table(doc, where),
        _ratings_from_table(doc, where),
        _skips_from_table(doc, where),
    )


def state_from_document(doc: dict[str, Any]) -> State:
    """Build the state from a parsed document of the current schema."""
    settings = settings_from_table(_get(doc, "settings", dict, _("the file"), {}))
    pauses = []
    for raw in _get(doc, "pauses", list, _("the file"), []):
        if not isinstance(raw, dict):
            raise FormatProblem(_("each [[pauses]] should be a table"))
        start = _get(raw, "from", dt.date, "[[pauses]]")
        end = _get(raw, "to", dt.date, "[[pauses]]")
        pauses.append(Pause(start, end, _get(raw, "reason", str, "[[pauses]]", "")))
    habits = tuple(
        _habit_from_table(t, i) for i, t in enumerate(_get(doc, "habits", list, _("the file"), []))
    )
    if sum(h.status == "active" for h in habits) > 1:
        raise FormatProblem(_("more than one habit has status 'active'"))
    return State(
        settings=settings,
        habits=habits,
        pauses=tuple(sorted(pauses)),
        sharing=_sharing_from_table(_get(doc, "sharing", dict, _("the file"), None)),
    )


def _sharing_from_table(table: dict[str, Any] | None) -> Sharing | None:
    if table is None:
        return None
    where = "[sharing]"
    return Sharing(
        folder=_get(table, "folder", str, where),
        name=_get(table, "name", str, where, None),
        anonymous=_get(table, "anonymous", bool, where),
        person=_get(table, "person", str, where),
    )


def state_extras(doc: Table) -> Extras:
    """The parts of an (already migrated) state document this version does not know."""
    habits: dict[tuple[str, dt.date], Table] = {}
    entries: dict[tuple[str, dt.date], Entries] = {}
    for table in doc.get("habits", ()):
        extra = _unknown(table, HABIT_KEYS)
        if extra:
            habits[(table["id"], table["picked"])] = extra
        found = _entries(table)
        if found:
            entries[(table["id"], table["picked"])] = found
    pauses: dict[tuple[dt.date, dt.date], Table] = {}
    for table in doc.get("pauses", ()):
        extra = _unknown(table, PAUSE_KEYS)
        if extra:
            pauses[(table["from"], table["to"])] = extra
    return Extras(
        minor=_minor(doc),
        top=_unknown(doc, TOP_KEYS),
        settings=_settings_extras(doc.get("settings")),
        sharing=_unknown(doc.get("sharing"), SHARING_KEYS),
        habits=habits,
        pauses=pauses,
        entries=entries,
    )


def _settings_extras(table: Any) -> dict[str, Any]:
    if not table:
        return {}
    from cxhabits.config import KEYS

    return _unknown(table, frozenset(KEYS))


def _pause_extras(pause: Pause, extras: Extras) -> dict[str, Any]:
    """A pause keeps the unknown fields of every pause it took in (pauses merge)."""
    merged: dict[str, Any] = {}
    for (start, end), extra in extras.pauses.items():
        if pause.start <= start and end <= pause.end:
            merged.update(extra)
    return merged


def state_to_document(state: State, extras: Extras | None = None) -> dict[str, Any]:
    extras = extras or Extras()
    doc: dict[str, Any] = {"schema": SCHEMA, "schema_minor": max(SCHEMA_MINOR, extras.minor)}
    settings = _with_extras(settings_to_table(state.settings), extras.settings)
    if settings:
        doc["settings"] = settings
    if state.pauses:
        doc["pauses"] = [
            _with_extras(
                {"from": p.start, "to": p.end, **({"reason": p.reason} if p.reason else {})},
                _pause_extras(p, extras),
            )
            for p in state.pauses
        ]
    if state.sharing is not None:
        sharing = state.sharing
        doc["sharing"] = _with_extras(
            {
                "folder": sharing.folder,
                **({"name": sharing.name} if sharing.name is not None else {}),
                "anonymous": sharing.anonymous,
                "person": sharing.person,
            },
            extras.sharing,
        )
    doc["habits"] = [
        _with_extras(
            _habit_to_table(r, extras.entries.get((r.id, r.picked), _NOTHING)),
            extras.habits.get((r.id, r.picked), {}),
        )
        for r in state.habits
    ]
    return _with_extras(doc, extras.top)


def _schema_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 moves finished habits' check-ins to archive files. A schema-1 document
    reads as a schema-2 one whose finished habits still carry them inline; the next
    save moves them out."""
    return {**doc, "schema": 2}


def _schema_2_to_3(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 3 only adds (skipped days, own anchors, sharing): a schema-2 document has
    none of them, and reads as a schema-3 one as it is."""
    return {**doc, "schema": 3}


# Each step takes a document of schema N and returns one of schema N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _schema_1_to_2,
    2: _schema_2_to_3,
}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("schema")
    while version != SCHEMA:
        step = MIGRATIONS.get(version) if isinstance(version, int) else None
        if step is None:
            raise FormatProblem(_("unknown schema {version}").format(version=repr(version)))
        doc = step(doc)
        version = doc["schema"]
    return doc
