"""The share document, format 2: its writer and its reader, in one module (pure).

What a person would say about their habit at a stand-up, per habit: status and ISO
weeks, never daily data. State and a few facts from the library in, one JSON-ready
document out; and a parsed JSON value in, a checked `ShareDoc` out. No I/O, no clock.
Numbers and dates travel as numbers and dates: nothing here formats for a person or
reads back what was formatted for one.
"""

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from cxhabits.clock import WEEKDAYS
from cxhabits.domain import ids
from cxhabits.domain.ids import HABIT_ID, PRINCIPLE_ID, ROLE_ID
from cxhabits.domain.model import HabitRecord, Pause, Sharing, State
from cxhabits.i18n import _

FORMAT = "cxhabits-share"
VERSION = 2
SUFFIX = ".cxhabits-share.json"
OWN = "own"  # the id a habit from the person's own pack is shared under
NAME_MAX_CHARS = 60
PERSON_ID = r"[0-9a-f]{16}"
ANONYMOUS_SLUG = "anonymous"
# The only names `share` writes: a slug, a hyphen, six hex digits, the suffix.
FILE_NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{6}\.cxhabits-share\.json"
MAX_FILE_BYTES = 256 * 1024  # a real one is a few kilobytes; measured before reading
MAX_ENTRIES = 1000  # habits or pauses in one file
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the days cxhabits records at all
STATUS_SHARED = {"active": "building", "routine": "routine", "dropped": "dropped"}
STATUSES = ("building", "routine", "dropped")
KEYS = ("format", "version", "person", "name", "check_on_me", "written", "habits")
CHECK_ON_ME_KEYS = ("last_done", "workdays", "pauses")
HABIT_KEYS = (
    "id",
    "role",
    "principle",
    "status",
    "picked",
    "routine",
    "dropped",
    "workdays_to_routine",
)


class HabitFacts(NamedTuple):
    """What the library says about one habit id, as far as sharing needs it."""

    role: str
    principle: str | None
    shareable: bool  # shipped or from a team pack folder: its id may leave the machine


# -- weeks as integers ----------------------------------------------------------------


def week_index(day: dt.date) -> int:
    """The ISO week of a day as one integer (Monday-based, 0001-01-01 is a Monday)."""
    return (day.toordinal() - 1) // 7


def week_monday(index: int) -> dt.date:
    return dt.date.fromordinal(index * 7 + 1)


def week_text(index: int) -> str:
    """`2026-W23`."""
    year, week, _weekday = week_monday(index).isocalendar()
    return f"{year}-W{week:02d}"


def week_of(day: dt.date) -> str:
    return week_text(week_index(day))


def parse_week(value: Any) -> int | None:
    """`YYYY-Www` of a year cxhabits records (2000 to 2100) as an index; else None."""
    if not isinstance(value, str) or len(value) != 8:
        return None
    return _week_index_of(value)


@functools.lru_cache(maxsize=4096)  # a team's files name the same few weeks over and over
def _week_index_of(value: str) -> int | None:
    match = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if match is None or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    try:
        return week_index(dt.date.fromisocalendar(int(match[1]), int(match[2]), 1))
    except ValueError:  # W00, W54, W53 of a year that has 52
        return None


def parse_day(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


# -- writing ------------------------------------------------------------------------------


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


def workdays_between(start: dt.date, end: dt.date, workdays: frozenset[int]) -> int:
    """How many of the days from start to end (both included) are workdays, by arithmetic."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return full_weeks * len(workdays) + sum((first + k) % 7 in workdays for k in range(rest))


def _merged(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    out: list[tuple[dt.date, dt.date]] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1] + dt.timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def count_scheduled(
    start: dt.date,
    end: dt.date,
    workdays: frozenset[int],
    off: Iterable[dt.date | Pause],
) -> int:
    """Workdays from start to end (both included) less the days off, by arithmetic:
    no loop over days (days off are merged into spans, each counted by formula)."""
    spans = []
    for item in off:
        low, high = (item, item) if isinstance(item, dt.date) else (item.start, item.end)
        low, high = max(low, start), min(high, end)
        if low <= high:
            spans.append((low, high))
    excluded = sum(workdays_between(low, high, workdays) for low, high in _merged(spans))
    return workdays_between(start, end, workdays) - excluded


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


def _week_or_none(day: dt.date | None) -> str | None:
    return None if day is None else week_of(day)


def _habit_entry(record: HabitRecord, facts: HabitFacts, state: State) -> dict[str, Any]:
    return {
        "id": record.id if facts.shareable else OWN,
        "role": facts.role,
        "principle": facts.principle,
        "status": STATUS_SHARED[record.status],
        "picked": week_of(record.picked),
        "routine": _week_or_none(record.routine_on),
        "dropped": _week_or_none(record.dropped_on),
        "workdays_to_routine": workdays_to_routine(record, state),
    }


def _last_done(state: State) -> dt.date | None:
    active = state.active
    if active is None:
        return None
    days = [c.day for c in active.checkins[-1:]] + [s.day for s in active.skips[-1:]]
    return max(days, default=None)


def _check_on_me(state: State) -> dict[str, Any]:
    last_done = _last_done(state)
    active = state.active
    since = last_done or (active.picked if active is not None else None)
    pauses = [] if since is None else [p for p in state.pauses if p.end >= since]
    return {
        "last_done": None if last_done is None else last_done.isoformat(),
        "workdays": [WEEKDAYS[day] for day in sorted(state.settings.workdays)],
        "pauses": [{"from": p.start.isoformat(), "to": p.end.isoformat()} for p in pauses],
    }


def share_document(
    state: State, sharing: Sharing, facts: Mapping[str, HabitFacts], written: str
) -> dict[str, Any]:
    """The document written to the team folder for this state, `written` in a week.

    `facts` has every habit id in the state; an id missing from it is shared as `own`
    with its role only (a pack that is gone is no longer known to be shared). Nothing in
    it depends on the day it is written, so an unchanged state gives the same document.
    """
    latest: dict[str, HabitRecord] = {}
    for record in state.habits:  # in the order picked: the latest pick of an id wins
        latest.pop(record.id, None)
        latest[record.id] = record
    habits = [
        _habit_entry(
            record, facts.get(record.id, HabitFacts(record.id.split(".")[0], None, False)), state
        )
        for record in latest.values()
    ]
    named = sharing.name is not None and not sharing.anonymous
    check_on_me = named and sharing.check_on_me
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "person": sharing.person,
        "name": sharing.name if named else None,
        "check_on_me": check_on_me,
        "written": written,
    }
    if check_on_me:
        document.update(_check_on_me(state))
    document["habits"] = habits
    return document


def to_json(value: Any, indent: str = "") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` for the share document's types.

    The check-in path writes the share file on a save; importing `json` compiles its
    regexes (about 2 ms), while the C string encoder below is ready at once.
    """
    if isinstance(value, str):
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
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


# -- reading ------------------------------------------------------------------------------


class NotAShareFile(ValueError):
    """Why a document is left out (the message, in the user's language)."""


class SharedHabit(NamedTuple):
    id: str  # a library or team-pack id, or "own"
    role: str
    principle: str | None
    status: str  # building, routine or dropped
    picked: int  # ISO weeks as week_index integers
    routine: int | None
    dropped: int | None
    workdays_to_routine: int | None


class ShareDoc(NamedTuple):
    file: str
    person: str
    name: str | None  # None: anonymous
    check_on_me: bool
    written: int  # a week index
    habits: tuple[SharedHabit, ...]
    last_done: dt.date | None = None  # the rest only with check_on_me
    workdays: frozenset[int] = frozenset()
    pauses: tuple[tuple[dt.date, dt.date], ...] = ()


def _malformed(field: str) -> NotAShareFile:
    return NotAShareFile(_("{field} is missing or malformed").format(field=field))


@functools.lru_cache(maxsize=8192)  # ids, roles and principles repeat across a team
def _matches(pattern: str, value: str) -> bool:
    return len(value) <= 200 and re.fullmatch(pattern, value) is not None


def _text(raw: Mapping[str, Any], key: str, pattern: str, optional: bool = False) -> str | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _matches(pattern, value):
        raise _malformed(key)
    return value


def _week(raw: Mapping[str, Any], key: str, optional: bool = True) -> int | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    week = parse_week(value)
    if week is None:
        raise _malformed(key)
    return week


def _count(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
        raise _malformed(key)
    return value


def _habit(raw: Any) -> SharedHabit:
    if not isinstance(raw, dict):
        raise _malformed("habits")
    values = tuple(raw.get(key) for key in HABIT_KEYS)
    if all(v is None or type(v) in (str, int) for v in values):
        return _habit_of(values)  # a team's habit entries repeat: each checked once
    return _checked_habit(raw)


@functools.lru_cache(maxsize=65536)
def _habit_of(values: tuple[Any, ...]) -> SharedHabit:
    return _checked_habit(dict(zip(HABIT_KEYS, values, strict=True)))


def _checked_habit(raw: dict[str, Any]) -> SharedHabit:
    status = raw.get("status")
    if status not in STATUSES:
        raise _malformed("status")
    return SharedHabit(
        id=str(_text(raw, "id", f"{HABIT_ID}|{OWN}")),
        role=str(_text(raw, "role", ROLE_ID)),
        principle=_text(raw, "principle", PRINCIPLE_ID, optional=True),
        status=str(status),
        picked=int(_week(raw, "picked", optional=False) or 0),
        routine=_week(raw, "routine"),
        dropped=_week(raw, "dropped"),
        workdays_to_routine=_count(raw, "workdays_to_routine"),
    )


def _version(raw: Any) -> None:
    """The version, before any other field: an older or newer format is left out whole."""
    version = raw.get("version") if isinstance(raw, dict) else None
    if isinstance(version, int) and not isinstance(version, bool):
        if version < VERSION:
            raise NotAShareFile(
                _(
                    "written by an older cxhabits (format {version}); ask its owner to update"
                ).format(version=version)
            )
        if version > VERSION:
            raise NotAShareFile(
                _("written by a newer cxhabits (format {version}); update cxhabits").format(
                    version=version
                )
            )
        return
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise NotAShareFile(_("not a cxhabits share file"))
    raise _malformed("version")


def _name(raw: Mapping[str, Any]) -> str | None:
    name = raw.get("name")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_CHARS:
        raise _malformed("name")
    return name


def _daily(raw: Mapping[str, Any]) -> tuple[dt.date | None, frozenset[int], tuple[Any, ...]]:
    last_raw = raw.get("last_done")
    last_done = parse_day(last_raw)
    if last_raw is not None and last_done is None:
        raise _malformed("last_done")
    workdays = raw.get("workdays")
    if not isinstance(workdays, list) or not all(
        isinstance(d, str) and d in WEEKDAYS for d in workdays
    ):
        raise _malformed("workdays")
    pauses_raw = raw.get("pauses")
    if not isinstance(pauses_raw, list) or len(pauses_raw) > MAX_ENTRIES:
        raise _malformed("pauses")
    pauses = []
    for pause in pauses_raw:
        start = parse_day(pause.get("from")) if isinstance(pause, dict) else None
        end = parse_day(pause.get("to")) if isinstance(pause, dict) else None
        if start is None or end is None or end < start:
            raise _malformed("pauses")
        pauses.append((start, end))
    return last_done, frozenset(WEEKDAYS.index(d) for d in workdays), tuple(pauses)


def read_document(file: str, raw: Any, latest_week: int) -> ShareDoc:
    """A share document checked field by field; NotAShareFile says why it is left out.

    `latest_week`: the last week a file may say it was written in (the lead's next).
    """
    _version(raw)
    if raw.get("format") != FORMAT:
        raise NotAShareFile(_("not a cxhabits share file"))
    person = str(_text(raw, "person", PERSON_ID))
    name = _name(raw)
    check_on_me = raw.get("check_on_me")
    if not isinstance(check_on_me, bool):
        raise _malformed("check_on_me")
    written = _week(raw, "written", optional=False)
    if written is not None and written > latest_week:
        raise NotAShareFile(
            _("written in {week}, after the next week: a clock or a file is wrong").format(
                week=week_text(written)
            )
        )
    habits_raw = raw.get("habits")
    if not isinstance(habits_raw, list) or len(habits_raw) > MAX_ENTRIES:
        raise _malformed("habits")
    habits = tuple(_habit(h) for h in habits_raw)
    doc = ShareDoc(file, person, name, check_on_me and name is not None, written or 0, habits)
    if doc.check_on_me:
        last_done, workdays, pauses = _daily(raw)
        doc = doc._replace(last_done=last_done, workdays=workdays, pauses=pauses)
    return doc
