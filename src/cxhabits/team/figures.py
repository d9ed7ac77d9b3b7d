"""The team's figures: share documents in, aggregates out, small groups suppressed (pure).

A figure is shown only for a group of at least `min_group` people (default and
least 3), so no number points at one person; a median of workdays to routine
needs that many people who reached routine. Names appear only in `needs_a_hand`,
and only of people who shared with a name.
"""

import contextlib
import datetime as dt
import re
import statistics
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from cxhabits.domain.core import WEEKDAYS
from cxhabits.domain.ids import HABIT_ID, PRINCIPLE_ID, ROLE_ID
from cxhabits.i18n import _
from cxhabits.team.document import FORMAT, NAME_MAX_CHARS, OWN, PERSON_ID, VERSION, week_of

MIN_GROUP = 3
WEEKS_SHOWN = 12
HAND_AFTER_MISSED = 2  # workdays without a check-in since the last one
WEEK = r"(\d{4})-W(\d{2})"
STATUSES = ("active", "routine", "dropped")


class SharedHabit(NamedTuple):
    id: str  # a library or team-pack id, or "own"
    role: str
    principle: str | None
    status: str | None  # None for an own habit
    picked: str | None  # "YYYY-MM-DD", or "YYYY-Www" from an anonymous file
    routine_on: str | None
    dropped_on: str | None
    workdays_to_routine: int | None
    last_done: str | None


class ShareDoc(NamedTuple):
    file: str
    person: str
    name: str | None  # None: anonymous
    written: dt.datetime
    workdays: frozenset[int]
    pauses: tuple[tuple[dt.date, dt.date], ...]  # only from files with dates
    habits: tuple[SharedHabit, ...]


class Skipped(NamedTuple):
    file: str
    why: str


class HabitRow(NamedTuple):
    id: str
    role: str
    people: int | None
    routine: int | None
    dropped: int | None
    median_workdays_to_routine: float | None
    suppressed: bool


class PrincipleRow(NamedTuple):
    id: str
    people: int | None
    routine: int | None
    suppressed: bool


class WeekRow(NamedTuple):
    week: str
    routine: int | None
    suppressed: bool


class TeamReport(NamedTuple):
    people: int
    oldest_written: dt.datetime | None
    skipped: tuple[Skipped, ...]
    habits: tuple[HabitRow, ...]  # grouped by role
    principles: tuple[PrincipleRow, ...]
    weeks: tuple[WeekRow, ...]
    needs_a_hand: tuple[str, ...]
    min_group: int


# -- reading one document -----------------------------------------------------------


class NotAShareFile(ValueError):
    """Why a document is left out (the message, in the user's language)."""


def _when(value: Any, field: str, dated: bool) -> str | None:
    """A date (named file) or an ISO week (anonymous file), checked; None stays None."""
    if value is None:
        return None
    if isinstance(value, str):
        if dated and len(value) == 10:
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(value).isoformat()
        elif not dated and (match := re.fullmatch(WEEK, value)) and 1 <= int(match[2]) <= 53:
            return value
    raise NotAShareFile(_("{field} is not a date").format(field=field))


def _text(raw: dict[str, Any], key: str, pattern: str, optional: bool = False) -> str | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise NotAShareFile(_("{field} is missing or malformed").format(field=key))
    return value


def _count(raw: dict[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
        raise NotAShareFile(_("{field} is missing or malformed").format(field=key))
    return value


def _habit(raw: Any, dated: bool) -> SharedHabit:
    if not isinstance(raw, dict):
        raise NotAShareFile(_("{field} is missing or malformed").format(field="habits"))
    habit_id = _text(raw, "id", f"{HABIT_ID}|{OWN}")
    role = _text(raw, "role", ROLE_ID)
    principle = _text(raw, "principle", PRINCIPLE_ID, optional=True)
    if habit_id == OWN:
        return SharedHabit(OWN, str(role), principle, None, None, None, None, None, None)
    status = raw.get("status")
    if status not in STATUSES:
        raise NotAShareFile(_("{field} is missing or malformed").format(field="status"))
    return SharedHabit(
        id=str(habit_id),
        role=str(role),
        principle=principle,
        status=str(status),
        picked=_when(raw.get("picked"), "picked", dated),
        routine_on=_when(raw.get("routine_on"), "routine_on", dated),
        dropped_on=_when(raw.get("dropped_on"), "dropped_on", dated),
        workdays_to_routine=_count(raw, "workdays_to_routine"),
        last_done=_when(raw.get("last_done"), "last_done", dated),
    )


def read_document(file: str, raw: Any) -> ShareDoc:
    """A share document checked field by field; NotAShareFile says why it is left out."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise NotAShareFile(_("not a cxhabits share file"))
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotAShareFile(_("{field} is missing or malformed").format(field="version"))
    if version > VERSION:
        raise NotAShareFile(
            _("written by a newer cxhabits (format version {version}); update cxhabits").format(
                version=version
            )
        )
    person = str(_text(raw, "person", PERSON_ID))
    anonymous = raw.get("anonymous")
    name = raw.get("name")
    if anonymous is True or name is None:
        name = None
    elif not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_CHARS:
        raise NotAShareFile(_("{field} is missing or malformed").format(field="name"))
    dated = name is not None
    written_raw = raw.get("written")
    try:
        written = dt.datetime.fromisoformat(str(written_raw).replace("Z", "+00:00"))
        if written.tzinfo is None:
            written = written.replace(tzinfo=dt.UTC)
    except ValueError:
        raise NotAShareFile(_("{field} is missing or malformed").format(field="written")) from None
    workdays_raw = raw.get("workdays")
    if not isinstance(workdays_raw, list) or not all(d in WEEKDAYS for d in workdays_raw):
        raise NotAShareFile(_("{field} is missing or malformed").format(field="workdays"))
    pauses_raw = raw.get("pauses", [])
    habits_raw = raw.get("habits")
    if not isinstance(pauses_raw, list) or not isinstance(habits_raw, list):
        raise NotAShareFile(_("{field} is missing or malformed").format(field="habits"))
    if len(habits_raw) > 1000 or len(pauses_raw) > 1000:
        raise NotAShareFile(_("larger than a share file can be"))
    pauses: list[tuple[dt.date, dt.date]] = []
    for pause in pauses_raw:
        if not isinstance(pause, dict):
            raise NotAShareFile(_("{field} is missing or malformed").format(field="pauses"))
        start, end = _when(pause.get("from"), "from", dated), _when(pause.get("to"), "to", dated)
        if dated and start and end:
            pauses.append((dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
    return ShareDoc(
        file=file,
        person=person,
        name=name,
        written=written.astimezone(dt.UTC),
        workdays=frozenset(WEEKDAYS.index(d) for d in workdays_raw),
        pauses=tuple(pauses),
        habits=tuple(_habit(h, dated) for h in habits_raw),
    )


# -- the figures ----------------------------------------------------------------------


def newest_per_person(docs: Iterable[ShareDoc]) -> tuple[list[ShareDoc], list[Skipped]]:
    """Two files of one person: the newest `written` wins, the other is left out."""
    best: dict[str, ShareDoc] = {}
    left_out: list[Skipped] = []
    for doc in docs:
        kept = best.get(doc.person)
        if kept is None:
            best[doc.person] = doc
            continue
        newer, older = (doc, kept) if doc.written > kept.written else (kept, doc)
        best[doc.person] = newer
        left_out.append(Skipped(older.file, _("an older file of the same person")))
    return list(best.values()), left_out


def _latest_records(doc: ShareDoc) -> dict[str, SharedHabit]:
    """Per habit id the latest time it was picked (own habits are not counted per habit)."""
    return {h.id: h for h in doc.habits if h.id != OWN}


def _week(value: str | None) -> str | None:
    if value is None or "-W" in value:
        return value
    return week_of(dt.date.fromisoformat(value))


def _median(values: Sequence[int], min_group: int) -> float | None:
    return float(statistics.median(values)) if len(values) >= min_group else None


def habit_rows(docs: Sequence[ShareDoc], min_group: int) -> list[HabitRow]:
    by_habit: dict[str, list[SharedHabit]] = {}
    for doc in docs:
        for habit in _latest_records(doc).values():
            by_habit.setdefault(habit.id, []).append(habit)
    rows = []
    for habit_id, records in sorted(by_habit.items(), key=lambda i: (i[1][0].role, i[0])):
        role = records[0].role
        if len(records) < min_group:
            rows.append(HabitRow(habit_id, role, None, None, None, None, True))
            continue
        routine = [r for r in records if r.status == "routine"]
        workdays = [r.workdays_to_routine for r in routine if r.workdays_to_routine is not None]
        rows.append(
            HabitRow(
                id=habit_id,
                role=role,
                people=len(records),
                routine=len(routine),
                dropped=sum(1 for r in records if r.status == "dropped"),
                median_workdays_to_routine=_median(workdays, min_group),
                suppressed=False,
            )
        )
    return rows


def principle_rows(docs: Sequence[ShareDoc], min_group: int) -> list[PrincipleRow]:
    people: dict[str, set[str]] = {}
    routine: dict[str, int] = {}
    for doc in docs:
        habits = [*_latest_records(doc).values(), *(h for h in doc.habits if h.id == OWN)]
        for habit in habits:
            if habit.principle is None:
                continue
            people.setdefault(habit.principle, set()).add(doc.person)
            routine[habit.principle] = routine.get(habit.principle, 0) + (habit.status == "routine")
    rows = []
    for principle in sorted(people):
        if len(people[principle]) < min_group:
            rows.append(PrincipleRow(principle, None, None, True))
        else:
            rows.append(PrincipleRow(principle, len(people[principle]), routine[principle], False))
    return rows


def _weeks_back(today: dt.date, first: str, most: int) -> list[str]:
    """ISO weeks from `first` (at most `most` weeks back) up to today's, oldest first."""
    monday = today - dt.timedelta(days=today.weekday())
    weeks = [week_of(monday - dt.timedelta(weeks=back)) for back in range(most)]
    return [w for w in reversed(weeks) if w >= first]


def week_rows(docs: Sequence[ShareDoc], today: dt.date, min_group: int) -> list[WeekRow]:
    """Per week: how many habits of the team were routine by its end.

    The group of a week is the people who had picked something by then.
    """
    records = [(doc.person, h) for doc in docs for h in _latest_records(doc).values()]
    picks = [w for _p, h in records if (w := _week(h.picked)) is not None]
    if not picks:
        return []
    rows = []
    for week in _weeks_back(today, min(picks), WEEKS_SHOWN):
        group = {person for person, h in records if (_week(h.picked) or week) <= week}
        if len(group) < min_group:
            rows.append(WeekRow(week, None, True))
            continue
        done = sum(
            1
            for _p, h in records
            if h.status == "routine" and (w := _week(h.routine_on)) is not None and w <= week
        )
        rows.append(WeekRow(week, done, False))
    return rows


def workdays_without_checkin(doc: ShareDoc, habit: SharedHabit, today: dt.date) -> int:
    """The person's workdays after the last check-in (or the pick) and before today,
    their paused days left out: today is still open."""
    since = habit.last_done or habit.picked
    if since is None or "-W" in since:
        return 0
    day = dt.date.fromisoformat(since) + dt.timedelta(days=1)
    count = 0
    while day < today and count < 1000:
        paused = any(start <= day <= end for start, end in doc.pauses)
        if day.weekday() in doc.workdays and not paused:
            count += 1
        day += dt.timedelta(days=1)
    return count


def needs_a_hand(docs: Sequence[ShareDoc], today: dt.date) -> list[str]:
    names = []
    for doc in docs:
        if doc.name is None:
            continue
        for habit in doc.habits:
            if habit.status == "active" and (
                workdays_without_checkin(doc, habit, today) >= HAND_AFTER_MISSED
            ):
                names.append(doc.name)
                break
    return sorted(names, key=str.casefold)


def summarize(
    docs: Iterable[ShareDoc], skipped: Iterable[Skipped], today: dt.date, min_group: int
) -> TeamReport:
    """Every figure of the team view from the documents that were read."""
    kept, older = newest_per_person(docs)
    return TeamReport(
        people=len(kept),
        oldest_written=min((d.written for d in kept), default=None),
        skipped=(*skipped, *older),
        habits=tuple(habit_rows(kept, min_group)),
        principles=tuple(principle_rows(kept, min_group)),
        weeks=tuple(week_rows(kept, today, min_group)),
        needs_a_hand=tuple(needs_a_hand(kept, today)),
        min_group=min_group,
    )


def report_document(report: TeamReport) -> dict[str, Any]:
    """The `team --json` document (keys as in PRODUCT.md)."""
    return {
        "people": report.people,
        "oldest_written": (
            report.oldest_written.isoformat().replace("+00:00", "Z")
            if report.oldest_written
            else None
        ),
        "min_group": report.min_group,
        "skipped": [{"file": s.file, "why": s.why} for s in report.skipped],
        "habits": [row._asdict() for row in report.habits],
        "principles": [row._asdict() for row in report.principles],
        "weeks": [row._asdict() for row in report.weeks],
        "needs_a_hand": list(report.needs_a_hand),
    }
