"""The state file's format: TOML documents to `State` and back, and the migrations.

Schema 3 adds skipped days (an older version would count themisses, so the
major number goes up), anchors in the user's own words, and the `[sharing]`
opt-in. `schema_minor` counts additions an older version of the same schema can
carry safely.

Unknown fields are kept (extras.py): a newer `schema` is refused, a newer
`schema_minor` is read and kept. Typed values are read by fields.py.

Schema 2 keeps `state.toml` small whatever the history: it holds the settings,
the pauses, every habit ever picked, and the check-ins and self-checks of the
habit being built. Those of a habit that became routine or was dropped move to its own
archive file (`archive/NNN-<habit id>.toml`), which only history views, exports
and check-ins of that habit read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cxhabits.clock import WEEKDAYS
from cxhabits.domain.model import (
    KEPT_FIELDS,
    SRBAI_ITEMS,
    SRBAI_MAX,
    SRBAI_MIN,
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Sharing,
    Skip,
    State,
    scores_in_bounds,
)
from cxhabits.i18n import _
from cxhabits.storage.extras import (
    NOTHING,
    RECORD_KEYS,
    ArchiveExtras,
    Entries,
    Extras,
    Table,
    pause_extras,
    with_extras,
)
from cxhabits.storage.fields import (
    FormatProblem,
    check_habit_id,
    date_list,
    get,
)

SCHEMA = 3
# 1: `kept`, a team habit's texts in its record (an older version keeps it as it was).
SCHEMA_MINOR = 1
KEPT_LANGUAGES = ("en", "nl")


def settings_from_table(table: dict[str, Any]) -> Settings:
    """The settings, each checked against the range `cxhabits config` allows."""
    if not table:
        return Settings()
    from cxhabits.domain.settings import KEYS, check_settings, folder_list

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
            if name == "packs" and isinstance(value, list):  # each folder whole, commas kept
                values[name] = folder_list([v if isinstance(v, str) else "\0" for v in value])
                continue
            values[name] = key.parse(text)  # `packs` as one string: the old comma form
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
    for note in get(table, "notes", list, where, []):
        if not isinstance(note, dict):
            raise FormatProblem(
                _("{where}: each note should be a table with day and text").format(where=where)
            )
        notes[get(note, "day", dt.date, where)] = get(note, "text", str, where)
    days = date_list(get(table, "checkins", list, where, []), where)
    if len(set(days)) != len(days):
        raise FormatProblem(_("{where}: a day is checked in twice").format(where=where))
    days.sort()  # one check-in a day: in the order of their days
    if not notes:
        return tuple(map(CheckIn, days))
    return tuple(CheckIn(day, notes.get(day, "")) for day in days)


def _checkins_to_table(
    record: HabitRecord, table: dict[str, Any], entries: Entries = NOTHING
) -> None:
    """Check-ins, notes and self-checks: what a finished habit keeps in its archive."""

    def entry(name: str, day: dt.date, known: dict[str, Any]) -> dict[str, Any]:
        return with_extras(known, entries.get((name, day), NOTHING))

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
    for raw in get(table, "skipped", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each skipped day should be a table with day and reason").format(
                    where=where
                )
            )
        day = get(raw, "day", dt.date, where)
        skips[day] = Skip(day, get(raw, "reason", str, where, ""))
    return tuple(sorted(skips.values()))


def _anchors_from_table(table: dict[str, Any], where: str) -> tuple[AnchorChange, ...]:
    anchors = []
    for raw in get(table, "anchors", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each anchor change should be a table with from and text").format(
                    where=where
                )
            )
        anchors.append(AnchorChange(get(raw, "from", dt.date, where), get(raw, "text", str, where)))
    # Stable by day: two changes on one day keep the order they were made in.
    return tuple(sorted(anchors, key=lambda a: a.day))


def _ratings_from_table(table: dict[str, Any], where: str) -> tuple[Rating, ...]:
    ratings = []
    for raw in get(table, "ratings", list, where, []):
        if not isinstance(raw, dict):
            raise FormatProblem(
                _("{where}: each rating should be a table with day and scores").format(where=where)
            )
        scores = get(raw, "scores", list, where)
        if not scores_in_bounds(scores):
            raise FormatProblem(
                _("{where}: a rating should have {items} scores from {low} to {high}").format(
                    where=where, items=SRBAI_ITEMS, low=SRBAI_MIN, high=SRBAI_MAX
                )
            )
        ratings.append(Rating(get(raw, "day", dt.date, where), tuple(scores)))
    return tuple(sorted(ratings))


def _habit_from_table(table: Any, index: int) -> HabitRecord:
    if not isinstance(table, dict):
        raise FormatProblem(_("habits[{index}] should be a table").format(index=index))
    where = _("habits[{index}]").format(index=index)
    status = get(table, "status", str, where)
    if status not in ("active", "routine", "dropped"):
        raise FormatProblem(
            _("{where}: 'status' should be active, routine or dropped").format(where=where)
        )
    return HabitRecord(
        id=check_habit_id(get(table, "id", str, where), where),
        picked=get(table, "picked", dt.date, where),
        status=status,
        routine_on=get(table, "routine_on", dt.date, where, None),
        dropped_on=get(table, "dropped_on", dt.date, where, None),
        drop_reason=get(table, "drop_reason", str, where, ""),
        checkins=_checkins_from_table(table, where),
        ratings=_ratings_from_table(table, where),
        skips=_skips_from_table(table, where),
        anchors=_anchors_from_table(table, where),
        # A finished habit's check-ins and self-checks live in its archive file; a
        # schema-1 file still holds them inline, and then they are all here.
        loaded=status == "active" or "checkins" in table,
        checkins_total=None if status == "active" else _index_count(table, "checkins_total"),
        skips_total=None if status == "active" else _index_count(table, "skips_total"),
        kept=_kept_from_table(table.get("kept")),
    )


def _kept_from_table(table: Any) -> tuple[tuple[str, str, str], ...]:
    """The texts kept from a habit's pack; anything odd in them is left out, not refused:
    they are a copy, and the next pick or check-in that reads the pack writes them again."""
    if not isinstance(table, dict):
        return ()
    return tuple(
        (name, lang, text)
        for name, texts in table.items()
        if name in KEPT_FIELDS and isinstance(texts, dict)
        for lang, text in texts.items()
        if lang in KEPT_LANGUAGES and isinstance(text, str) and text
    )


def _kept_to_table(kept: tuple[tuple[str, str, str], ...]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for name, lang, text in kept:
        table.setdefault(name, {})[lang] = text
    return table


def _index_count(table: dict[str, Any], key: str) -> int | None:
    """A finished habit's count of check-ins or skipped days in the index; an odd value
    is no count (the next save counts its archive again)."""
    value = table.get(key)
    return value if type(value) is int and value >= 0 else None


def _habit_to_table(record: HabitRecord, entries: Entries = NOTHING) -> dict[str, Any]:
    table: dict[str, Any] = {"id": record.id, "picked": record.picked, "status": record.status}
    if record.routine_on:
        table["routine_on"] = record.routine_on
    if record.dropped_on:
        table["dropped_on"] = record.dropped_on
    if record.drop_reason:
        table["drop_reason"] = record.drop_reason
    if record.anchors:
        table["anchors"] = [
            with_extras({"from": a.day, "text": a.text}, entries.get(("anchors", a.day), {}))
            for a in record.anchors
        ]
    if record.kept:
        table["kept"] = _kept_to_table(record.kept)
    if record.status == "active":
        _checkins_to_table(record, table, entries)
    else:  # the index `history` reads instead of the archive
        total = len(record.checkins) if record.loaded else record.checkins_total
        if total is not None:
            table["checkins_total"] = total
        skipped = len(record.skips) if record.loaded else record.skips_total
        if skipped is not None:
            table["skips_total"] = skipped
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
    return with_extras(doc, extras.top)


def archive_owner(doc: dict[str, Any], where: str) -> tuple[str, dt.date]:
    """The habit id and pick date an archive document belongs to."""
    return (
        check_habit_id(get(doc, "id", str, where), where),
        get(doc, "picked", dt.date, where),
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
    settings = settings_from_table(get(doc, "settings", dict, _("the file"), {}))
    pauses = []
    for raw in get(doc, "pauses", list, _("the file"), []):
        if not isinstance(raw, dict):
            raise FormatProblem(_("each [[pauses]] should be a table"))
        start = get(raw, "from", dt.date, "[[pauses]]")
        end = get(raw, "to", dt.date, "[[pauses]]")
        pauses.append(Pause(start, end, get(raw, "reason", str, "[[pauses]]", "")))
    habits = tuple(
        _habit_from_table(t, i) for i, t in enumerate(get(doc, "habits", list, _("the file"), []))
    )
    if sum(h.status == "active" for h in habits) > 1:
        raise FormatProblem(_("more than one habit has status 'active'"))
    return State(
        settings=settings,
        habits=habits,
        pauses=tuple(sorted(pauses)),
        sharing=_sharing_from_table(get(doc, "sharing", dict, _("the file"), None)),
    )


def _sharing_from_table(table: dict[str, Any] | None) -> Sharing | None:
    if table is None:
        return None
    where = "[sharing]"
    return Sharing(
        folder=get(table, "folder", str, where),
        name=get(table, "name", str, where, None),
        anonymous=get(table, "anonymous", bool, where),
        person=get(table, "person", str, where),
        check_on_me=get(table, "check_on_me", bool, where, False),
    )


def state_to_document(state: State, extras: Extras | None = None) -> dict[str, Any]:
    extras = extras or Extras()
    doc: dict[str, Any] = {"schema": SCHEMA, "schema_minor": max(SCHEMA_MINOR, extras.minor)}
    settings = with_extras(settings_to_table(state.settings), extras.settings)
    if settings:
        doc["settings"] = settings
    if state.pauses:
        doc["pauses"] = [
            with_extras(
                {"from": p.start, "to": p.end, **({"reason": p.reason} if p.reason else {})},
                pause_extras(p, extras),
            )
            for p in state.pauses
        ]
    if state.sharing is not None:
        sharing = state.sharing
        doc["sharing"] = with_extras(
            {
                "folder": sharing.folder,
                **({"name": sharing.name} if sharing.name is not None else {}),
                "anonymous": sharing.anonymous,
                "person": sharing.person,
                **({"check_on_me": True} if sharing.check_on_me else {}),
            },
            extras.sharing,
        )
    doc["habits"] = [
        with_extras(
            _habit_to_table(r, extras.entries.get((r.id, r.picked), NOTHING)),
            extras.habits.get((r.id, r.picked), {}),
        )
        for r in state.habits
    ]
    return with_extras(doc, extras.top)


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
