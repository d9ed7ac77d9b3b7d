"""Export everything recorded, and merge an export back in.

The export is one JSON document (or CSV, one row a check-in, for a spreadsheet).
Import merges by habit (id and pick date), day and rating day: importing the
same file twice adds nothing, and a record that disagrees with what is already
here is reported and the local one kept, never silently dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from cxhabits import core
from cxhabits.config import KEYS, show_value
from cxhabits.core import CheckIn, HabitRecord, Pause, Rating, Settings, State
from cxhabits.errors import UsageError
from cxhabits.i18n import _

FORMAT = "cxhabits-export"
VERSION = 1
CSV_COLUMNS = ("habit", "picked", "status", "day", "note")


def to_json(state: State) -> str:
    defaults = Settings()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {
            name: show_value(name, getattr(state.settings, name))
            for name in Settings._fields
            if getattr(state.settings, name) != getattr(defaults, name)
        },
        "pauses": [
            {"from": p.start.isoformat(), "to": p.end.isoformat(), "reason": p.reason}
            for p in state.pauses
        ],
        "habits": [
            {
                "id": r.id,
                "picked": r.picked.isoformat(),
                "status": r.status,
                "routine_on": r.routine_on.isoformat() if r.routine_on else None,
                "dropped_on": r.dropped_on.isoformat() if r.dropped_on else None,
                "drop_reason": r.drop_reason,
                "checkins": [{"day": c.day.isoformat(), "note": c.note} for c in r.checkins],
                "ratings": [
                    {"day": x.day.isoformat(), "scores": list(x.scores)} for x in r.ratings
                ],
            }
            for r in state.habits
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def to_csv(state: State) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in state.habits:
        for checkin in record.checkins:
            writer.writerow(
                (record.id, record.picked.isoformat(), record.status, checkin.day, checkin.note)
            )
    return out.getvalue()


# -- reading an export -------------------------------------------------------------


class _Bad(Exception):
    pass


def _date(value: Any, where: str) -> dt.date:
    try:
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise _Bad(_("{where}: {value} is not a date").format(where=where, value=repr(value)))


def _optional_date(value: Any, where: str) -> dt.date | None:
    return None if value is None else _date(value, where)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Bad(_("{where}: {value} is not text").format(where=where, value=repr(value)))
    return core.clean_text(value, where)


def _record(raw: Any, index: int) -> HabitRecord:
    if not isinstance(raw, dict):
        raise _Bad(_("habits[{index}] is not an object").format(index=index))
    where = _("habit {id}").format(id=raw.get("id", index))
    status = raw.get("status")
    if status not in ("active", "routine", "dropped"):
        raise _Bad(_("{where}: status {status}").format(where=where, status=repr(status)))
    checkins = []
    for item in raw.get("checkins", []):
        if not isinstance(item, dict):
            raise _Bad(_("{where}: a check-in is not an object").format(where=where))
        checkins.append(CheckIn(_date(item.get("day"), where), _text(item.get("note", ""), where)))
    ratings = []
    for item in raw.get("ratings", []):
        if not isinstance(item, dict):
            raise _Bad(_("{where}: a rating is not an object").format(where=where))
        scores = item.get("scores")
        if not isinstance(scores, list):
            raise _Bad(_("{where}: a rating has no scores").format(where=where))
        try:
            parsed = core.parse_scores([str(s) for s in scores])
        except UsageError:
            raise _Bad(
                _("{where}: a rating's scores {scores}").format(where=where, scores=scores)
            ) from None
        ratings.append(Rating(_date(item.get("day"), where), parsed))
    days = [c.day for c in checkins]
    if len(set(days)) != len(days):
        raise _Bad(_("{where}: a day is checked in twice").format(where=where))
    return HabitRecord(
        id=_text(raw.get("id"), where),
        picked=_date(raw.get("picked"), where),
        status=status,
        routine_on=_optional_date(raw.get("routine_on"), where),
        dropped_on=_optional_date(raw.get("dropped_on"), where),
        drop_reason=_text(raw.get("drop_reason", ""), where),
        checkins=tuple(sorted(checkins)),
        ratings=tuple(sorted(ratings)),
    )


def from_json(
    text: str, source: str
) -> tuple[dict[str, str], tuple[Pause, ...], list[HabitRecord]]:
    """Settings (as text), pauses and habits from an export; refuses anything else."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            _(
                "{source} is not a cxhabits export: {error}.\n"
                "Make one with 'cxhabits export > FILE'."
            ).format(source=source, error=exc)
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UsageError(
            _("{source} is not a cxhabits export.\nMake one with 'cxhabits export > FILE'.").format(
                source=source
            )
        )
    if document.get("version") != VERSION:
        raise UsageError(
            _(
                "{source} is export version {version}; this cxhabits reads {known}.\n"
                "Upgrade cxhabits to import it."
            ).format(source=source, version=repr(document.get("version")), known=VERSION)
        )
    try:
        settings = document.get("settings", {})
        if not isinstance(settings, dict):
            raise _Bad(_("settings is not an object"))
        pauses = tuple(
            Pause(_date(p.get("from"), "pause"), _date(p.get("to"), "pause"), p.get("reason", ""))
            for p in document.get("pauses", [])
        )
        habits = [_record(raw, i) for i, raw in enumerate(document.get("habits", []))]
    except (_Bad, AttributeError, TypeError) as exc:
        raise UsageError(
            _("{source} has a problem: {problem}.\nIt was not imported.").format(
                source=source, problem=exc
            )
        ) from None
    return {str(k): str(v) for k, v in settings.items()}, pauses, habits


# -- merging -----------------------------------------------------------------------


def merge(
    state: State,
    settings: dict[str, str],
    pauses: tuple[Pause, ...],
    habits: list[HabitRecord],
) -> tuple[State, int, list[str]]:
    """Merge an export into a fully loaded state: (new state, records added, conflicts)."""
    from cxhabits.config import set_value

    conflicts: list[str] = []
    added = 0
    defaults = Settings()
    for name, value in settings.items():
        if name not in KEYS:
            conflicts.append(_("setting {name}: unknown here, not imported").format(name=name))
            continue
        current = getattr(state.settings, name)
        if current == getattr(defaults, name):
            state = state._replace(settings=set_value(state.settings, name, value))
        elif show_value(name, current) != value:
            conflicts.append(
                _("setting {name}: here {here}, there {there}").format(
                    name=name, here=show_value(name, current), there=value
                )
            )
    before = state.pauses
    for pause in pauses:
        if pause.end >= pause.start:
            state = core.add_pause(state, pause.start, pause.end, pause.reason)
    if state.pauses != before:
        added += 1
    for incoming in habits:
        local = next(
            (r for r in state.habits if r.id == incoming.id and r.picked == incoming.picked), None
        )
        if local is None:
            same = state.current(incoming.id)
            if incoming.status != "dropped" and same is not None:
                conflicts.append(
                    _(
                        "habit {habit} (picked {picked}): {status} there, but picked on "
                        "{here} here; not imported"
                    ).format(
                        habit=incoming.id,
                        picked=incoming.picked,
                        status=_(incoming.status),
                        here=same.picked,
                    )
                )
                continue
            if incoming.status == "active" and state.active is not None:
                conflicts.append(
                    _(
                        "habit {habit} (picked {picked}): active there, but {active} is "
                        "active here; not imported"
                    ).format(habit=incoming.id, picked=incoming.picked, active=state.active.id)
                )
                continue
            state = state._replace(habits=(*state.habits, incoming))
            added += 1
            continue
        merged, notes = _merge_record(local, incoming)
        conflicts.extend(notes)
        if merged != local:
            state = state.with_record(local, merged)
            added += 1
    return state, added, conflicts


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
    checkins = {c.day: c for c in local.checkins}
    for checkin in incoming.checkins:
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
    merged = local._replace(
        checkins=tuple(sorted(checkins.values())), ratings=tuple(sorted(ratings.values()))
    )
    return merged, conflicts
