"""The pure domain: the decisions that change what is recorded (model.py).

No I/O and no clock here: every function takes the day it acts on, and returns
a new `State` (immutable named tuples) for the CLI to save. The model's names are
offered here too (`core.State`, `from cxhabits.domain.core import HabitRecord`).
"""

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from cxhabits.clock import check_day_in_range, shown_date
from cxhabits.domain.chars import INVISIBLE, literal
from cxhabits.domain.model import (
    SRBAI_ITEMS,
    SRBAI_MAX,
    SRBAI_MIN,
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Skip,
    State,
)
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _

NOTE_MAX_CHARS = 500
ANCHOR_MAX_CHARS = 120  # a pack's anchor limit (packs.MAX_CHARS["anchor"])


# -- check-ins -----------------------------------------------------------------


def _require_loaded(record: HabitRecord) -> None:
    """A finished habit's check-ins must be read in before they change, or the save
    (which writes whole archive files only for loaded records) would lose the change."""
    if not record.loaded:
        raise ValueError(f"the check-ins of {record.id} were not read in (store.load_record)")


def is_scheduled(day: dt.date, settings: Settings, pauses: Iterable[Pause]) -> bool:
    """A day counts when it is a workday and not paused."""
    return day.weekday() in settings.workdays and not is_paused(day, pauses)


def is_paused(day: dt.date, pauses: Iterable[Pause]) -> bool:
    """Whether a pause covers `day`."""
    return any(p.covers(day) for p in pauses)


def has_control_character(text: str) -> bool:
    """Tabs, newlines, escapes and the like: never stored, never shown."""
    # Every such character is non-printable: the C-speed test first (a team's 10,000 names).
    return not text.isprintable() and any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in text)


def has_invisible_character(text: str) -> bool:
    """Bidi overrides and isolates, zero-width characters, the byte-order mark: characters
    that change how text reads on screen without being seen (chars.INVISIBLE)."""

    return not text.isprintable() and any(ord(ch) in INVISIBLE for ch in text)


def clean_text(text: str, what: str, limit: int = NOTE_MAX_CHARS) -> str:
    """Refuse control characters and overlong text; strip surrounding blanks."""
    text = text.strip()
    if len(text) > limit:
        raise UsageError(
            N_(
                "The {what} is {length} characters long; the limit is {limit}.\n"
                "Shorten it and try again."
            ),
            what=what,
            length=len(text),
            limit=limit,
        )
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):  # a byte the terminal did not decode
        raise UsageError(
            N_(
                "The {what} is not valid UTF-8 text.\n"
                "Set your terminal to UTF-8, or leave out the characters it cannot show."
            ),
            what=what,
        )
    if has_control_character(text):
        raise UsageError(
            N_(
                "The {what} contains a control character (such as a tab, newline or escape).\n"
                "Use plain text on one line."
            ),
            what=what,
        )
    if has_invisible_character(text):
        raise UsageError(
            N_(
                "The {what} contains an invisible character (a text-direction override or a "
                "zero-width character).\nType it again as plain text."
            ),
            what=what,
        )
    return text


# Every date cxhabits takes in (options, imports, the state file) lies in these years:
# beyond them is a typo or a wrong clock, and date arithmetic near date.max overflows.
def check_day_allowed(
    day: dt.date, today: dt.date, record: HabitRecord, settings: Settings
) -> None:
    """Refuse future days, days before the pick and days beyond the backfill window."""
    earliest = today - dt.timedelta(days=settings.backfill_days)
    if day > today:
        raise UsageError(
            N_("{day} is in the future.\nGive today, or a day from {earliest} to {today}."),
            day=shown_date(day, today),
            earliest=shown_date(earliest, today),
            today=shown_date(today, today),
        )
    if day < earliest:
        raise UsageError(
            N_(
                "{day} is more than {days} days ago.\n"
                "You can give a day from {earliest} to {today}."
            ),
            day=shown_date(day, today),
            days=settings.backfill_days,
            earliest=shown_date(earliest, today),
            today=shown_date(today, today),
        )
    if day < record.picked:
        raise UsageError(
            N_("{day} is before you picked this habit ({picked}).\nGive {picked} or a later day."),
            day=shown_date(day, today),
            picked=shown_date(record.picked, today),
        )


def _said(day: dt.date, today: dt.date | None) -> str:
    """A day as a person reads it; with its year when today is not known."""
    return shown_date(day, today or dt.date.min)


class CheckInOutcome(NamedTuple):
    """What a check-in changed, so the command can say it once and exactly."""

    state: State
    changed: bool
    added: bool  # a new check-in (False: the day was already done)
    replaced_skip: Skip | None = None  # the skip this check-in took the place of
    old_note: str | None = None  # the note a new one replaced ("" when there was none)


def record_check_in(
    state: State, record: HabitRecord, day: dt.date, today: dt.date, note: str = ""
) -> CheckInOutcome:
    """Record that the habit was done on `day`.

    On a skipped day the check-in takes the skip's place (a day is done or skipped,
    never both). On a day already done only a note given with it changes something:
    it is set, and the note it replaced is returned.
    """
    _require_loaded(record)
    check_day_allowed(day, today, record, state.settings)
    note = clean_text(note, _("note"))
    existing = record.checkin_on(day)
    if existing is not None:
        if not note or note == existing.note:
            return CheckInOutcome(state, changed=False, added=False)
        checkins = tuple(CheckIn(day, note) if c.day == day else c for c in record.checkins)
        new = state.with_record(record, record._replace(checkins=checkins))
        return CheckInOutcome(new, changed=True, added=False, old_note=existing.note)
    skip = next((s for s in record.skips if s.day == day), None)
    checkins = tuple(sorted((*record.checkins, CheckIn(day, note))))
    skips = tuple(s for s in record.skips if s.day != day)
    new = state.with_record(record, record._replace(checkins=checkins, skips=skips))
    return CheckInOutcome(new, changed=True, added=True, replaced_skip=skip)


def undo_check_in(
    state: State, record: HabitRecord, day: dt.date, today: dt.date | None = None
) -> State:
    """Remove the check-in of `day` (leaving a miss, not a skip); refuse when there is none."""
    _require_loaded(record)
    if record.checkin_on(day) is None:
        raise CxHabitsError(
            N_(
                "There is no check-in for {habit} on {day} to undo.\n"
                "See 'cxhabits streak' for the days that are recorded."
            ),
            habit=record.id,
            day=_said(day, today),
        )
    checkins = tuple(c for c in record.checkins if c.day != day)
    return state.with_record(record, record._replace(checkins=checkins))


# -- skipped days and the user's own anchor --------------------------------------


def skip(
    state: State, record: HabitRecord, day: dt.date, today: dt.date, reason: str = ""
) -> tuple[State, bool]:
    """Record that the anchor did not happen on `day`. Returns the state and whether it changed.

    Only a scheduled day of the habit being built can be skipped, and never a day
    that is done. Skipping a skipped day again only sets a reason given with it.
    """
    _require_loaded(record)
    check_day_allowed(day, today, record, state.settings)
    reason = clean_text(reason, _("reason"))
    if day.weekday() not in state.settings.workdays:
        raise CxHabitsError(
            N_(
                "{day} is not a workday: it does not count anyway, so there is nothing to skip.\n"
                "Skip a workday on which the anchor did not happen."
            ),
            day=shown_date(day, today),
        )
    if is_paused(day, state.pauses):
        raise CxHabitsError(
            N_(
                "{day} is paused: it does not count anyway, so there is nothing to skip.\n"
                "Run 'cxhabits pause --list' to see your pauses."
            ),
            day=shown_date(day, today),
        )
    if record.checkin_on(day) is not None:
        raise CxHabitsError(
            N_(
                "{shown} is checked in: a day is done or skipped, never both.\n"
                "To skip it instead, first run 'cxhabits checkin --undo --date {day}'."
            ),
            shown=shown_date(day, today),
            day=day.isoformat(),
        )
    existing = next((s for s in record.skips if s.day == day), None)
    if existing is not None and (not reason or reason == existing.reason):
        return state, False
    skips = tuple(sorted((*(s for s in record.skips if s.day != day), Skip(day, reason))))
    return state.with_record(record, record._replace(skips=skips)), True


def undo_skip(
    state: State, record: HabitRecord, day: dt.date, today: dt.date | None = None
) -> State:
    """Remove the skip of `day` (it becomes an ordinary day again); refuse when there is none."""
    _require_loaded(record)
    if day not in record.skipped_days:
        raise CxHabitsError(
            N_(
                "{day} is not skipped, so there is no skip to undo.\n"
                "See 'cxhabits streak' for the days that are recorded."
            ),
            day=_said(day, today),
        )
    skips = tuple(s for s in record.skips if s.day != day)
    return state.with_record(record, record._replace(skips=skips))


def set_anchor(
    state: State, record: HabitRecord, day: dt.date, text: str | None
) -> tuple[State, bool]:
    """Put the anchor in the user's own words from `day` on (None: the library's again).

    Returns the state and whether it changed. A second change on one day replaces the first.
    """
    if text is None:
        text = ""
    else:
        text = clean_text(text, _("anchor"), limit=ANCHOR_MAX_CHARS)
        if not text:
            raise UsageError(
                N_(
                    "The anchor is empty.\n"
                    'Give the whole clause in your own words, e.g. cxhabits anchor "{example}".'
                ),
                example=_("After I close a ticket"),
            )
    if text == (record.own_anchor or ""):
        return state, False
    anchors = (*(a for a in record.anchors if a.day != day), AnchorChange(day, text))
    if not any(a.text for a in anchors):
        anchors = ()  # back to the library's with nothing of the user's kept: no change to list
        if not record.anchors:
            return state, False
    return state.with_record(record, record._replace(anchors=tuple(sorted(anchors)))), True


# -- picking, rating, dropping -------------------------------------------------


def pick(
    state: State, habit_id: str, today: dt.date, kept: tuple[tuple[str, str, str], ...] = ()
) -> State:
    """Start a habit. The caller has already checked that the gate is open.

    `kept`: a team habit's texts, kept in its record (see HabitRecord.kept).
    """
    if state.active is not None:
        raise CxHabitsError(
            N_(
                "{habit} is still being built; finish or drop it first.\n"
                "Run 'cxhabits streak' to see what is missing."
            ),
            habit=state.active.id,
        )
    if state.current(habit_id) is not None:
        raise CxHabitsError(
            N_(
                "{habit} is already routine for you.\n"
                "Keep it alive with 'cxhabits checkin {habit}', or pick another habit."
            ),
            habit=habit_id,
        )
    record = HabitRecord(id=habit_id, picked=today, kept=kept)
    return state._replace(habits=(*state.habits, record))


def parse_scores(values: Iterable[str]) -> tuple[int, ...]:
    """The SRBAI answers (SRBAI_ITEMS of them), each a whole number on the scale."""
    raw = list(values)
    if len(raw) != SRBAI_ITEMS:
        raise UsageError(
            N_(
                "The self-check takes {items} scores, one per statement; you gave {given}.\n"
                "Example: 'cxhabits rate 5 6 5 6', or 'cxhabits rate' to be asked."
            ),
            items=SRBAI_ITEMS,
            given=len(raw),
        )
    return tuple(parse_score(value) for value in raw)


def parse_score(value: str) -> int:
    """One SRBAI answer: a whole number from SRBAI_MIN to SRBAI_MAX."""
    try:
        score = int(value)
    except ValueError:
        score = SRBAI_MIN - 1
    if not SRBAI_MIN <= score <= SRBAI_MAX or str(score) != value.strip():
        raise UsageError(
            N_(
                "'{value}' is not a score: each score is a whole number from "
                "{low} (strongly disagree) to {high} (strongly agree)."
            ),
            value=literal(value),  # what was typed, shown as it is: no line break acts
            low=SRBAI_MIN,
            high=SRBAI_MAX,
        )
    return score


def rate(state: State, record: HabitRecord, scores: tuple[int, ...], today: dt.date) -> State:
    """Record an SRBAI self-check; a second one on the same day replaces the first."""
    _require_loaded(record)
    ratings = (*tuple(r for r in record.ratings if r.day != today), Rating(today, scores))
    return state.with_record(record, record._replace(ratings=tuple(sorted(ratings))))


def drop(state: State, today: dt.date, reason: str = "") -> tuple[State, HabitRecord]:
    """Give up the active habit; its history stays."""
    record = state.active
    if record is None:
        raise CxHabitsError(
            N_("There is no habit being built to drop.\nRun 'cxhabits pick' to choose one.")
        )
    reason = clean_text(reason, _("reason"))
    dropped = record._replace(status="dropped", dropped_on=today, drop_reason=reason)
    return state.with_record(record, dropped), dropped


def mark_routine(state: State, record: HabitRecord, today: dt.date) -> State:
    return state.with_record(record, record._replace(status="routine", routine_on=today))


# -- pauses --------------------------------------------------------------------


def _check_period(start: dt.date, end: dt.date, reason: str) -> str:
    """A period of days off as typed: in order and in range; its reason cleaned."""
    if end < start:
        raise UsageError(
            N_(
                "The pause ends ({end}) before it starts ({start}).\n"
                "Give --from first and --to on or after it."
            ),
            end=_said(end, None),
            start=_said(start, None),
        )
    check_day_in_range(start, "--from")
    check_day_in_range(end, "--to")
    return clean_text(reason, _("reason"))


def pause_around(state: State, start: dt.date, end: dt.date) -> Pause | None:
    """The pause that holds all of start to end and more: then a pause over part of it
    moves its ends (a person back early, or leaving later)."""
    for pause in state.pauses:
        if pause.start <= start <= end <= pause.end and (pause.start, pause.end) != (start, end):
            return pause
    return None


def move_pause(state: State, pause: Pause, start: dt.date, end: dt.date, reason: str = "") -> State:
    """`pause` becomes start to end (inside it), keeping its reason unless a new one is
    given; the days it no longer covers count again."""
    reason = _check_period(start, end, reason)
    moved = Pause(start, end, reason or pause.reason)
    return state._replace(pauses=tuple(sorted(moved if p == pause else p for p in state.pauses)))


def add_pause(state: State, start: dt.date, end: dt.date, reason: str = "") -> State:
    """Add days off; overlapping pauses merge into one.

    Pauses that only touch stay apart, so `remove_pause` of one leaves the other.
    """
    reason = _check_period(start, end, reason)
    merged: list[Pause] = []
    new = Pause(start, end, reason)
    for pause in sorted((*state.pauses, new)):
        if merged and pause.start <= merged[-1].end:
            last = merged[-1]
            reasons = [r for r in dict.fromkeys((last.reason, pause.reason)) if r]
            merged[-1] = Pause(last.start, max(last.end, pause.end), "; ".join(reasons))
        else:
            merged.append(pause)
    return state._replace(pauses=tuple(merged))


def remove_pause(state: State, day: dt.date, today: dt.date | None = None) -> tuple[State, Pause]:
    """Remove the pause that covers `day`."""
    for pause in state.pauses:
        if pause.covers(day):
            return state._replace(pauses=tuple(p for p in state.pauses if p != pause)), pause
    raise CxHabitsError(
        N_("No pause covers {day}.\nRun 'cxhabits pause --list' to see them."),
        day=_said(day, today),
    )
