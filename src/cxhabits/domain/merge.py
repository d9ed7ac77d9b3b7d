"""One data folder, several devices: the state as facts each device made, and their union.

Pure: no files, no clock. Each device keeps a *replica* (storage/replicas.py writes it):
every fact of the state it knows (an `Element`: a key, a value and the dot of the save
that made it: device, revision, time) and `seen`, the highest revision of each device it
has merged. Merging two replicas keeps what both hold, and what only one holds unless
the other had seen it (its dot is covered by the other's `seen`): then the other removed
it. So an undo, a removal or a replacement takes away only what the device that made it
had seen; a fact made elsewhere that it had not seen survives (an observed-remove set).

A key holds one value in the state; several surviving values of one key (made on two
devices, neither having seen the other) are resolved by one rule each (`view`): notes
are joined, everything else takes the later change (time, then device id).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from cxhabits.domain.model import (
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Sharing,
    Skip,
    State,
)

NOTE_JOIN = " / "  # two notes of one day from two devices, both kept


class Dot(NamedTuple):
    """The save that made a fact: which device, its revision there, when (epoch seconds)."""

    device: str
    revision: int
    time: int


class Element(NamedTuple):
    key: str  # e.g. "checkin agent.x 2026-01-05 2026-01-06"
    value: str  # canonical JSON
    dot: Dot

    @property
    def ident(self) -> tuple[str, int, str]:
        return (self.dot.device, self.dot.revision, self.key)


class Replica(NamedTuple):
    elements: frozenset[Element] = frozenset()
    seen: Mapping[str, int] = {}

    def covers(self, dot: Dot) -> bool:
        return dot.revision <= self.seen.get(dot.device, 0)


def merge(a: Replica, b: Replica) -> Replica:
    """What two replicas hold together (commutative, associative, idempotent)."""
    ids_a = {e.ident for e in a.elements}
    ids_b = {e.ident for e in b.elements}
    kept = {e for e in a.elements if e.ident in ids_b or not b.covers(e.dot)}
    kept |= {e for e in b.elements if e.ident not in ids_a and not a.covers(e.dot)}
    seen = dict(a.seen)
    for device, revision in b.seen.items():
        seen[device] = max(seen.get(device, 0), revision)
    return Replica(frozenset(kept), seen)


def news(mine: Replica, merged: Replica) -> list[Element]:
    """The elements `merged` holds that `mine` did not."""
    ids = {e.ident for e in mine.elements}
    return sorted((e for e in merged.elements if e.ident not in ids), key=_order)


def _order(element: Element) -> tuple[int, str, int]:
    return (element.dot.time, element.dot.device, element.dot.revision)


# -- the state as facts -------------------------------------------------------------

# Settings that are paths are per device: never a fact that travels.
LOCAL_SETTINGS = ("packs",)
ARCHIVED_KINDS = ("checkin", "skip", "rating")  # of a finished habit: in its archive file


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def habit_key(record: HabitRecord) -> str:
    return f"{record.id} {record.picked.isoformat()}"


def facts(state: State, archived: bool = True) -> dict[str, str]:
    """Every fact of `state`, key -> value; `archived`: with the records of the finished
    habits whose check-ins are read in (others are left out: they are not in memory)."""
    out: dict[str, str] = {}
    defaults = Settings()
    for name in Settings._fields:
        value = getattr(state.settings, name)
        if name not in LOCAL_SETTINGS and value != getattr(defaults, name):
            out[f"setting {name}"] = _j(sorted(value) if isinstance(value, frozenset) else value)
    for pause in state.pauses:
        out[f"pause {pause.start.isoformat()} {pause.end.isoformat()}"] = _j(pause.reason)
    if state.sharing is not None:
        sharing = state.sharing
        out["sharing"] = _j([sharing.name, sharing.anonymous, sharing.person, sharing.folder])
    for record in state.habits:
        out.update(habit_facts(record, records=archived or record.status == "active"))
    return out


def habit_facts(record: HabitRecord, records: bool = True) -> dict[str, str]:
    key = habit_key(record)
    out = {
        f"habit {key}": _j(
            [
                record.status,
                _day(record.routine_on),
                _day(record.dropped_on),
                record.drop_reason,
            ]
        )
    }
    for anchor in record.anchors:
        out[f"anchor {key} {anchor.day.isoformat()}"] = _j(anchor.text)
    if records and record.loaded:
        out.update(record_facts(record))
    return out


def record_facts(record: HabitRecord) -> dict[str, str]:
    """The check-ins, skipped days and self-checks of one habit as facts."""
    key = habit_key(record)
    out: dict[str, str] = {}
    for checkin in record.checkins:
        out[f"checkin {key} {checkin.day.isoformat()}"] = _j(checkin.note)
    for skip in record.skips:
        out[f"skip {key} {skip.day.isoformat()}"] = _j(skip.reason)
    for rating in record.ratings:
        out[f"rating {key} {rating.day.isoformat()}"] = _j(list(rating.scores))
    return out


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def is_record_key(key: str) -> bool:
    return key.split(" ", 1)[0] in ARCHIVED_KINDS


def record_of_key(key: str) -> str:
    """'agent.x 2026-01-05' of a habit, anchor, check-in, skip or rating key."""
    parts = key.split(" ")
    return f"{parts[1]} {parts[2]}"


# -- a change made on this device ----------------------------------------------------


def change(
    replica: Replica,
    before: Mapping[str, str],
    after: Mapping[str, str],
    dot: Dot,
    scope: Iterable[str] | None = None,
) -> Replica:
    """The replica after this device changed the state from `before` to `after` (facts
    of the state it loaded and of the one it saves); `scope`: the keys it may have
    changed (None: all keys of `before` and `after`). A value changed, added or taken
    away replaces every value of its key this replica holds: only what was seen."""
    keys = set(scope) if scope is not None else set(before) | set(after)
    changed = {k for k in keys if before.get(k) != after.get(k)}
    kept = {e for e in replica.elements if e.key not in changed}
    added = {Element(k, after[k], dot) for k in changed if k in after}
    seen = {**replica.seen, dot.device: max(dot.revision, replica.seen.get(dot.device, 0))}
    return Replica(frozenset(kept | added), seen)


# -- the state the facts make ----------------------------------------------------------


class Disagreement(NamedTuple):
    key: str
    kept: Element
    others: tuple[Element, ...]


def resolve(elements: Iterable[Element]) -> tuple[dict[str, Any], list[Disagreement]]:
    """Each key's value (the later change wins; notes of one day are joined), and where
    two devices disagreed."""
    by_key: dict[str, list[Element]] = {}
    for element in elements:
        by_key.setdefault(element.key, []).append(element)
    values: dict[str, Any] = {}
    disagreements: list[Disagreement] = []
    for key, found in by_key.items():
        found.sort(key=_order)
        distinct = list(dict.fromkeys(e.value for e in found))
        if key.startswith(("checkin ", "skip ")) and len(distinct) > 1:
            texts = [t for t in (json.loads(v) for v in distinct) if t]
            values[key] = NOTE_JOIN.join(dict.fromkeys(texts))
        else:
            values[key] = json.loads(found[-1].value)
        if len(distinct) > 1:
            others = tuple(e for e in found if e.value != found[-1].value)
            disagreements.append(Disagreement(key, found[-1], others))
    return values, disagreements


def view(
    elements: Iterable[Element],
    local: State,
    order: Iterable[str] = (),
    loaded: frozenset[str] | None = None,
) -> State:
    """The state the facts make. `local`: this device's own replica's state (its paths:
    `packs`, the share folder); `order`: the habit keys in the order this device lists
    them (new ones follow, by pick date); `loaded`: the finished habits whose records are
    among `elements` (None: all)."""
    values, _disagreements = resolve(elements)
    settings = _settings(values, local.settings)
    pauses = _pauses(values)
    habits = _habits(values, order, loaded)
    return State(settings=settings, habits=habits, pauses=pauses, sharing=_sharing(values, local))


def _settings(values: Mapping[str, Any], local: Settings) -> Settings:
    """Each setting as the later change left it (a value this version does not take, of
    a newer version, is left out); `packs` is this device's own."""
    from cxhabits.domain.settings import check_settings

    settings = Settings(packs=local.packs)
    for key, value in values.items():
        name = key.split(" ", 1)[1] if key.startswith("setting ") else ""
        if name not in Settings._fields or name in LOCAL_SETTINGS:
            continue
        taken = _setting_value(getattr(Settings(), name), value)
        if taken is not _REFUSED:
            candidate = settings._replace(**{name: taken})
            if check_settings(candidate) is None:
                settings = candidate
    return settings


_REFUSED = object()


def _setting_value(default: Any, value: Any) -> Any:
    if isinstance(default, frozenset):
        if isinstance(value, list) and all(type(v) is int and 0 <= v <= 6 for v in value):
            return frozenset(value)
        return _REFUSED
    if default is None:  # language
        return value if value is None or isinstance(value, str) else _REFUSED
    if isinstance(default, float) and type(value) is int:
        return float(value)
    return value if type(value) is type(default) else _REFUSED


def _pauses(values: Mapping[str, Any]) -> tuple[Pause, ...]:
    pauses = []
    for key, reason in values.items():
        if key.startswith("pause "):
            _kind, start, end = key.split(" ")
            pauses.append(Pause(dt.date.fromisoformat(start), dt.date.fromisoformat(end), reason))
    merged: list[Pause] = []
    for pause in sorted(pauses):  # two devices' pauses that overlap are one
        if merged and pause.start <= merged[-1].end:
            last = merged[-1]
            reasons = [r for r in dict.fromkeys((last.reason, pause.reason)) if r]
            merged[-1] = Pause(last.start, max(last.end, pause.end), "; ".join(reasons))
        else:
            merged.append(pause)
    return tuple(merged)


def _sharing(values: Mapping[str, Any], local: State) -> Sharing | None:
    chosen = values.get("sharing")
    if chosen is None:
        return None
    name, anonymous, person, folder = chosen
    if local.sharing is not None and local.sharing.person == person:
        folder = local.sharing.folder  # the share folder is a path: this device's own
    return Sharing(folder=folder, name=name, anonymous=anonymous, person=person)


def _habits(
    values: Mapping[str, Any], order: Iterable[str], loaded: frozenset[str] | None
) -> tuple[HabitRecord, ...]:
    parts: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        kind, _sep, rest = key.partition(" ")
        if kind == "habit":
            parts.setdefault(rest, {})["habit"] = value
        elif kind in ("anchor", *ARCHIVED_KINDS):
            habit, day = rest.rsplit(" ", 1)
            parts.setdefault(habit, {}).setdefault(kind, {})[dt.date.fromisoformat(day)] = value
    known = [k for k in dict.fromkeys(order) if k in parts and "habit" in parts[k]]
    new = sorted((k for k in parts if "habit" in parts[k] and k not in known), key=_by_pick)
    records = [_record(key, parts[key], loaded) for key in (*known, *new)]
    return _one_active(records)


def _by_pick(key: str) -> tuple[str, str]:
    habit, picked = key.split(" ")
    return (picked, habit)


def _record(key: str, part: dict[str, Any], loaded: frozenset[str] | None) -> HabitRecord:
    habit_id, picked = key.split(" ")
    status, routine_on, dropped_on, reason = part["habit"]
    checkins = {d: CheckIn(d, n) for d, n in part.get("checkin", {}).items()}
    skips = {d: Skip(d, r) for d, r in part.get("skip", {}).items() if d not in checkins}
    ratings = [Rating(d, tuple(s)) for d, s in part.get("rating", {}).items()]
    anchors = [AnchorChange(d, t) for d, t in part.get("anchor", {}).items()]
    is_loaded = status == "active" or loaded is None or key in loaded
    return HabitRecord(
        id=habit_id,
        picked=dt.date.fromisoformat(picked),
        status=status,
        routine_on=dt.date.fromisoformat(routine_on) if routine_on else None,
        dropped_on=dt.date.fromisoformat(dropped_on) if dropped_on else None,
        drop_reason=reason,
        checkins=tuple(sorted(checkins.values())) if is_loaded else (),
        ratings=tuple(sorted(ratings)) if is_loaded else (),
        skips=tuple(sorted(skips.values())) if is_loaded else (),
        anchors=tuple(sorted(anchors)),
        loaded=is_loaded,
    )


def _one_active(records: list[HabitRecord]) -> tuple[HabitRecord, ...]:
    """Two habits picked on two devices while neither knew of the other: the later pick
    is the one being built; the other reads as dropped on the day the later was picked."""
    active = [r for r in records if r.status == "active"]
    if len(active) <= 1:
        return tuple(records)
    winner = max(active, key=lambda r: (r.picked, r.id))
    return tuple(
        r._replace(status="dropped", dropped_on=max(winner.picked, r.picked))
        if r.status == "active" and r is not winner
        else r
        for r in records
    )


# -- saying what a merge brought ---------------------------------------------------------


class MergeNews(NamedTuple):
    devices: tuple[str, ...]
    counts: Mapping[str, int]  # kind of fact -> how many arrived
    disagreements: tuple[str, ...]  # keys on which two devices disagreed


def describe(mine: Replica, merged: Replica) -> MergeNews | None:
    arrived = news(mine, merged)
    gone = {e.ident for e in mine.elements} - {e.ident for e in merged.elements}
    if not arrived and not gone:
        return None
    counts: dict[str, int] = {}
    for element in arrived:
        kind = element.key.split(" ", 1)[0]
        counts[kind] = counts.get(kind, 0) + 1
    if gone:
        counts["removed"] = len(gone)
    devices = tuple(sorted({e.dot.device for e in arrived}))
    _values, disagreements = resolve(merged.elements)
    arrived_keys = {e.key for e in arrived}
    disagreed = tuple(d.key for d in disagreements if d.key in arrived_keys)
    return MergeNews(devices, counts, disagreed)
