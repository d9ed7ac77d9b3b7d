"""Read an export back in, and merge it with what is recorded here.

Import merges by habit (id and pick date), day and rating day: importing the
same file twice adds nothing, and a record that disagrees with what is already
here is reported and the local one kept, never silently dropped. Nothing from an
import chooses a path: ids are checked against the id pattern, and settings that
name folders are never taken from it.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits import clock, paths
from cxhabits.domain import core
from cxhabits.domain.ids import HABIT_ID
from cxhabits.domain.model import (
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Skip,
    State,
)
from cxhabits.domain.settings import KEYS, show_value
from cxhabits.errors import UsageError
from cxhabits.exchange.export import FORMAT, VERSION
from cxhabits.i18n import N_, _

MAX_IMPORT_BYTES = 50 * 1024 * 1024
# Settings that name folders on this machine: an import never chooses a path.
PATH_SETTINGS = frozenset({"packs"})


# -- reading an export -------------------------------------------------------------


class _Bad(Exception):
    pass


def _date(value: Any, where: str) -> dt.date:
    try:
        if isinstance(value, str) and len(value) == 10:
            day = dt.date.fromisoformat(value)
            if clock.day_in_range(day):
                return day
            raise _Bad(
                _("{where}: {day} is not from {earliest} to {latest}").format(
                    where=where,
                    day=value,
                    earliest=clock.EARLIEST_DAY.isoformat(),
                    latest=clock.LATEST_DAY.isoformat(),
                )
            )
    except ValueError:
        pass
    raise _Bad(_("{where}: {value} is not a date").format(where=where, value=_shown(value)))


def _shown(value: Any) -> str:
    """A value from the file, briefly: a huge one would make a huge message."""
    text = repr(value) if not isinstance(value, int) or value.bit_length() < 64 else "<number>"
    return text if len(text) <= 60 else text[:57] + "..."


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(_("{where} is not a list").format(where=where))
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(_("{where} is not an object").format(where=where))
    return value


def _habit_id(value: Any, where: str) -> str:
    """A habit id that matches the id pattern: ids become file names in the archive."""
    if not isinstance(value, str) or not re.fullmatch(HABIT_ID, value):
        raise _Bad(
            _("{where}: {value} is not a habit id (role.slug)").format(
                where=where, value=_shown(value)
            )
        )
    return value


def _optional_date(value: Any, where: str) -> dt.date | None:
    return None if value is None else _date(value, where)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(_("{where}: {value} is not text").format(where=where, value=_shown(value)))
    try:
        return core.clean_text(value, where)
    except UsageError as exc:
        raise _Bad(str(exc).split("\n")[0].rstrip(".")) from None


def _checkins(items: list[Any], where: str) -> list[CheckIn]:
    """A habit's check-ins, read at C speed when they are as `export` writes them (every
    one an object with a day and a note); anything else, and any problem, is read item
    by item below, which says what is wrong exactly as it always has."""
    try:
        if set(map(type, items)) <= {dict}:
            days = list(map(dt.date.fromisoformat, map(_DAY, items)))
            notes = list(map(_NOTE, items))
            if (
                set(map(type, notes)) <= {str}
                and set(map(len, map(_DAY, items))) <= {10}
                and (not days or (clock.day_in_range(min(days)) and clock.day_in_range(max(days))))
            ):
                cleaned = [_text(note, where) if note else "" for note in notes]
                return list(map(CheckIn, days, cleaned))
    except (KeyError, TypeError, ValueError, _Bad):
        pass
    checkins = []
    for item in items:
        if not isinstance(item, dict):
            raise _Bad(_("{where}: a check-in is not an object").format(where=where))
        checkins.append(CheckIn(_date(item.get("day"), where), _text(item.get("note", ""), where)))
    return checkins


_DAY, _NOTE = operator.itemgetter("day"), operator.itemgetter("note")


def _record(raw: Any, index: int) -> HabitRecord:
    if not isinstance(raw, dict):
        raise _Bad(_("habits[{index}] is not an object").format(index=index))
    habit_id = _habit_id(raw.get("id"), f"habits[{index}]")
    where = _("habit {id}").format(id=habit_id)
    status = raw.get("status")
    if status not in ("active", "routine", "dropped"):
        raise _Bad(_("{where}: status {status}").format(where=where, status=_shown(status)))
    checkins = _checkins(_list(raw.get("checkins"), where), where)
    ratings = []
    for item in _list(raw.get("ratings"), where):
        if not isinstance(item, dict):
            raise _Bad(_("{where}: a rating is not an object").format(where=where))
        scores = item.get("scores")
        if not isinstance(scores, list):
            raise _Bad(_("{where}: a rating has no scores").format(where=where))
        try:
            if not all(isinstance(s, int) and not isinstance(s, bool) for s in scores):
                raise UsageError(N_("not whole numbers"))
            parsed = core.parse_scores([str(s) for s in scores])
        except UsageError:
            raise _Bad(
                _("{where}: a rating's scores {scores}").format(where=where, scores=_shown(scores))
            ) from None
        ratings.append(Rating(_date(item.get("day"), where), parsed))
    skips = []
    for item in _list(raw.get("skipped"), where):
        item = _object(item, where)
        skips.append(Skip(_date(item.get("day"), where), _text(item.get("reason", ""), where)))
    anchors = []
    for item in _list(raw.get("anchors"), where):
        item = _object(item, where)
        text = _text(item.get("text", ""), where)
        since = item.get("from", item.get("day"))  # "day" in exports made before "from"
        anchors.append(AnchorChange(_date(since, where), text))
    days = [c.day for c in checkins]
    if len(set(days)) != len(days):
        raise _Bad(_("{where}: a day is checked in twice").format(where=where))
    if {s.day for s in skips} & set(days) or len({s.day for s in skips}) != len(skips):
        raise _Bad(
            _("{where}: a day is both done and skipped, or skipped twice").format(where=where)
        )
    return HabitRecord(
        id=habit_id,
        picked=_date(raw.get("picked"), where),
        status=status,
        routine_on=_optional_date(raw.get("routine_on"), where),
        dropped_on=_optional_date(raw.get("dropped_on"), where),
        drop_reason=_text(raw.get("drop_reason", ""), where),
        checkins=tuple(sorted(checkins)),
        ratings=tuple(sorted(ratings)),
        skips=tuple(sorted(skips)),
        anchors=tuple(sorted(anchors)),
    )


def from_json(
    text: str, source: str
) -> tuple[dict[str, str], tuple[Pause, ...], list[HabitRecord]]:
    """Settings (as text), pauses and habits from an export; refuses anything else."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            N_(
                "{source} is not a cxhabits export: {error}.\n"
                "Make one with 'cxhabits export > FILE'."
            ),
            source=source,
            error=exc,
        ) from None
    except (RecursionError, ValueError, MemoryError):  # nested too deep, a 5,000-digit number
        raise UsageError(
            N_(
                "{source} is not a cxhabits export: it is nested too deeply or holds a number "
                "too large.\nMake one with 'cxhabits export > FILE'."
            ),
            source=source,
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UsageError(
            N_("{source} is not a cxhabits export.\nMake one with 'cxhabits export > FILE'."),
            source=source,
        )
    if document.get("version") != VERSION:
        raise UsageError(
            N_(
                "{source} is export version {version}; this cxhabits reads {known}.\n"
                "Upgrade cxhabits to import it."
            ),
            source=source,
            version=_shown(document.get("version")),
            known=VERSION,
        )
    try:
        settings = document.get("settings", {})
        if not isinstance(settings, dict):
            raise _Bad(_("settings is not an object"))
        for name, value in settings.items():
            if not isinstance(value, str | int | float | bool):
                raise _Bad(_("setting {name}: {value}").format(name=name, value=_shown(value)))
        pauses = tuple(_pause(raw) for raw in _list(document.get("pauses"), "pauses"))
        habits = [_record(raw, i) for i, raw in enumerate(_list(document.get("habits"), "habits"))]
    except (_Bad, AttributeError, TypeError) as exc:
        raise UsageError(
            N_("{source} has a problem: {problem}.\nIt was not imported."),
            source=source,
            problem=exc,
        ) from None
    return {str(k): str(v) for k, v in settings.items()}, pauses, habits


def _pause(raw: Any) -> Pause:
    item = _object(raw, "pauses")
    where = _("pause")
    start, end = _date(item.get("from"), where), _date(item.get("to"), where)
    if end < start:
        raise _Bad(_("{where} {start}: it ends before it starts").format(where=where, start=start))
    return Pause(start, end, _text(item.get("reason", ""), where))


def read_import(file: Path) -> str:
    """The text of an import file, refused plainly: missing, a folder, a pipe or a
    device, too big, not text (paths.read_bounded)."""
    try:
        data = paths.read_bounded(file, MAX_IMPORT_BYTES)
    except paths.Unfit as exc:
        if not os.path.lexists(file):
            raise UsageError(
                N_("There is no file {file}.\nGive a file made by 'cxhabits export'."),
                file=str(file),
            ) from None
        raise paths.refuse(file, exc, N_("Give a file made by 'cxhabits export'.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            N_("{file} is not UTF-8 text.\nGive a file made by 'cxhabits export'."),
            file=str(file),
        ) from None


# -- merging -----------------------------------------------------------------------


class Added(NamedTuple):
    """What an import added: habits new here, habits extended, settings taken, pauses."""

    habits: int = 0
    extended: int = 0
    settings: int = 0
    pauses: bool = False

    @property
    def anything(self) -> bool:
        return bool(self.habits or self.extended or self.settings or self.pauses)


def merge(
    state: State,
    settings: dict[str, str],
    pauses: tuple[Pause, ...],
    habits: list[HabitRecord],
) -> tuple[State, Added, list[str]]:
    """Merge an export into a fully loaded state: (new state, what it added, conflicts)."""
    conflicts: list[str] = []
    state, taken = _merge_settings(state, settings, conflicts)
    before = state.pauses
    for pause in pauses:
        if pause.end >= pause.start and not _already_paused(state.pauses, pause):
            state = core.add_pause(state, pause.start, pause.end, pause.reason)
    paused = state.pauses != before
    state, new, extended = _merge_habits(state, habits, conflicts)
    return state, Added(new, extended, taken, paused), conflicts


def _merge_settings(
    state: State, settings: dict[str, str], conflicts: list[str]
) -> tuple[State, int]:
    """A setting still at its default here is taken; one set differently is a conflict.
    Returns the state and how many were taken."""
    from cxhabits.domain.settings import set_value

    taken = 0
    defaults = Settings()
    for name, value in settings.items():
        if name not in KEYS:
            conflicts.append(_("setting {name}: unknown here, not imported").format(name=name))
            continue
        if name in PATH_SETTINGS:  # a folder on this machine: never from a file
            conflicts.append(
                _("setting {name}: names folders, not taken from an import").format(name=name)
            )
            continue
        current = getattr(state.settings, name)
        if current == getattr(defaults, name):
            state = state._replace(settings=set_value(state.settings, name, value))
            taken += getattr(state.settings, name) != current
        elif show_value(name, current) != value:
            conflicts.append(
                _("setting {name}: here {here}, there {there}").format(
                    name=name, here=show_value(name, current), there=value
                )
            )
    return state, taken


def _merge_habits(
    state: State, habits: list[HabitRecord], conflicts: list[str]
) -> tuple[State, int, int]:
    """Each habit new here added (unless it clashes), each known one extended. Returns
    the state and how many were added and extended."""
    new = extended = 0
    here = {(r.id, r.picked): r for r in state.habits}  # each habit by its key, once
    for incoming in habits:
        local = here.get((incoming.id, incoming.picked))
        if local is None:
            clash = _clash(state, incoming)
            if clash:
                conflicts.append(clash)
                continue
            state = state._replace(habits=(*state.habits, incoming))
            here[(incoming.id, incoming.picked)] = incoming
            new += 1
            continue
        merged, notes = _merge_record(local, incoming)
        conflicts.extend(notes)
        if merged != local:
            state = state.with_record(local, merged)
            here[(local.id, local.picked)] = merged
            extended += 1
    return state, new, extended


def _clash(state: State, incoming: HabitRecord) -> str:
    """Why a habit new here cannot be added ("": it can)."""
    same = state.current(incoming.id)
    if incoming.status != "dropped" and same is not None:
        return _(
            "habit {habit} (picked {picked}): {status} there, but picked on "
            "{here} here; not imported"
        ).format(
            habit=incoming.id, picked=incoming.picked, status=_(incoming.status), here=same.picked
        )
    if incoming.status == "active" and state.active is not None:
        return _(
            "habit {habit} (picked {picked}): active there, but {active} is "
            "active here; not imported"
        ).format(habit=incoming.id, picked=incoming.picked, active=state.active.id)
    return ""


def _already_paused(pauses: tuple[Pause, ...], pause: Pause) -> bool:
    """An imported pause that a pause here already covers, reason and all."""
    return any(
        p.start <= pause.start and pause.end <= p.end and pause.reason in p.reason for p in pauses
    )


def _merge_record(local: HabitRecord, incoming: HabitRecord) -> tuple[HabitRecord, list[str]]:
    where = _("habit {habit} (picked {picked})").format(habit=local.id, picked=local.picked)
    conflicts = []
    if (local.status, local.routine_on, local.dropped_on) != (
        incoming.status,
        incoming.routine_on,
        incoming.dropped_on,
    ):
        conflicts.append(
            _("{where}: {here} here, {there} there; kept this one").format(
                where=where, here=_(local.status), there=_(incoming.status)
            )
        )
    # What is already here, found by a set: only the rest is looked at, in day order.
    arriving = sorted(set(incoming.checkins).difference(local.checkins))
    checkins = {c.day: c for c in local.checkins} if arriving else {}
    for checkin in arriving:
        mine = checkins.get(checkin.day)
        if mine is None or (checkin.note and not mine.note):
            checkins[checkin.day] = checkin
        elif checkin.note and checkin.note != mine.note:
            conflicts.append(
                _("{where}: two notes for {day}; kept this one").format(
                    where=where, day=checkin.day
                )
            )
    ratings = {r.day: r for r in local.ratings}
    for rating in incoming.ratings:
        mine_rating = ratings.setdefault(rating.day, rating)
        if mine_rating.scores != rating.scores:
            conflicts.append(
                _("{where}: two self-checks on {day}; kept this one").format(
                    where=where, day=rating.day
                )
            )
    # A day is done or skipped, never both: a check-in from either side wins.
    no_skips = not (local.skips or incoming.skips)
    done = checkins.keys() if arriving else frozenset() if no_skips else local.done_days
    skips = {s.day: s for s in local.skips if s.day not in done}
    for skip in incoming.skips:
        if skip.day not in done:
            skips.setdefault(skip.day, skip)
    anchors = {a.day: a for a in local.anchors}
    for anchor in incoming.anchors:
        anchors.setdefault(anchor.day, anchor)
    merged = local._replace(
        checkins=tuple(sorted(checkins.values())) if arriving else local.checkins,
        ratings=tuple(sorted(ratings.values())),
        skips=tuple(sorted(skips.values())),
        anchors=tuple(sorted(anchors.values())),
    )
    return merged, conflicts
