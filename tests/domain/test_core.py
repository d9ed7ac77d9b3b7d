"""The domain decisions on plain values: check-ins, backfill, the gate, pauses, scores."""

from __future__ import annotations

import datetime as dt

import pytest

from cxhabits.domain import core, model
from cxhabits.domain.model import HabitRecord, Pause, Settings, State
from cxhabits.domain.routine import settle
from cxhabits.errors import CxHabitsError, UsageError
from tests.conftest import workdays
from tests.helpers import shortcuts

MONDAY = dt.date(2026, 11, 2)


def picked(day: dt.date = MONDAY, habit_id: str = "agent.test") -> State:
    return core.pick(State(), habit_id, day)


def test_pick_starts_an_active_habit() -> None:
    state = picked()
    assert state.active == HabitRecord(id="agent.test", picked=MONDAY)


def test_pick_refuses_a_second_active_habit() -> None:
    with pytest.raises(CxHabitsError, match="still being built"):
        core.pick(picked(), "agent.other", MONDAY)


def test_check_in_today() -> None:
    state = picked()
    record = state.active
    assert record is not None
    state, changed = shortcuts.check_in(state, record, MONDAY, MONDAY, note="went well")
    assert changed
    assert state.habits[0].checkins == (model.CheckIn(MONDAY, "went well"),)


def test_a_second_check_in_on_one_day_changes_nothing() -> None:
    state = picked()
    state, _ = shortcuts.check_in(state, state.habits[0], MONDAY, MONDAY)
    again, changed = shortcuts.check_in(state, state.habits[0], MONDAY, MONDAY)
    assert not changed and again == state
    with_note, changed = shortcuts.check_in(
        state, state.habits[0], MONDAY, MONDAY, note="late note"
    )
    assert changed and with_note.habits[0].checkins == (model.CheckIn(MONDAY, "late note"),)


def test_backfill_inside_the_window() -> None:
    state = picked(MONDAY - dt.timedelta(days=14))
    for back in range(0, 8):
        day = MONDAY - dt.timedelta(days=back)
        state, changed = shortcuts.check_in(state, state.habits[0], day, MONDAY)
        assert changed
    assert len(state.habits[0].checkins) == 8


def test_backfill_outside_the_window_is_refused_with_the_range() -> None:
    state = picked(MONDAY - dt.timedelta(days=30))
    with pytest.raises(UsageError, match="Mon 26 Oct to Mon 2 Nov"):
        shortcuts.check_in(state, state.habits[0], MONDAY - dt.timedelta(days=8), MONDAY)


def test_backfill_window_is_a_setting() -> None:
    state = model.State(settings=Settings(backfill_days=2))
    state = core.pick(state, "agent.test", MONDAY - dt.timedelta(days=10))
    with pytest.raises(UsageError, match="more than 2 days ago"):
        shortcuts.check_in(state, state.habits[0], MONDAY - dt.timedelta(days=3), MONDAY)


def test_a_future_date_is_refused() -> None:
    state = picked()
    with pytest.raises(UsageError, match="in the future"):
        shortcuts.check_in(state, state.habits[0], MONDAY + dt.timedelta(days=1), MONDAY)


def test_a_day_before_the_pick_is_refused() -> None:
    state = picked()
    with pytest.raises(UsageError, match="before you picked"):
        shortcuts.check_in(state, state.habits[0], MONDAY - dt.timedelta(days=1), MONDAY)


def test_a_check_in_on_a_weekend_is_kept() -> None:
    state = picked()
    saturday = MONDAY + dt.timedelta(days=5)
    state, changed = shortcuts.check_in(state, state.habits[0], saturday, saturday)
    assert changed and state.habits[0].checkin_on(saturday) is not None
    assert not core.is_scheduled(saturday, state.settings, state.pauses)


def test_undo_removes_and_refuses_when_there_is_nothing() -> None:
    state = picked()
    state, _ = shortcuts.check_in(state, state.habits[0], MONDAY, MONDAY)
    state = core.undo_check_in(state, state.habits[0], MONDAY)
    assert state.habits[0].checkins == ()
    with pytest.raises(CxHabitsError, match="no check-in"):
        core.undo_check_in(state, state.habits[0], MONDAY)


@pytest.mark.parametrize(
    "note", ["a" * (core.NOTE_MAX_CHARS + 1), "line\nbreak", "esc\x1b[31m", "tab\there"]
)
def test_bad_notes_are_refused(note: str) -> None:
    state = picked()
    with pytest.raises(UsageError):
        shortcuts.check_in(state, state.habits[0], MONDAY, MONDAY, note=note)


def test_settle_unlocks_after_24_perfect_workdays_with_a_rating() -> None:
    days = workdays(MONDAY, 24)
    state = picked()
    for day in days:
        state, _ = shortcuts.check_in(state, state.habits[0], day, day)
        if day == days[20]:
            state = core.rate(state, state.habits[0], (6, 6, 6, 6), day)
        state, just = settle(state, day)
        assert (just is not None) is (day == days[23])
    assert state.active is None
    assert state.habits[0].status == "routine" and state.habits[0].routine_on == days[23]
    state = core.pick(state, "agent.next", days[23])
    assert state.active is not None and state.active.id == "agent.next"


def test_a_routine_habit_cannot_be_picked_again() -> None:
    state = picked()
    state = core.mark_routine(state, state.habits[0], MONDAY)
    with pytest.raises(CxHabitsError, match="already routine"):
        core.pick(state, "agent.test", MONDAY)


def test_drop_keeps_history_and_frees_the_gate() -> None:
    state = picked()
    state, _ = shortcuts.check_in(state, state.habits[0], MONDAY, MONDAY)
    state, dropped = core.drop(state, MONDAY, "anchor does not fit")
    assert dropped.status == "dropped" and dropped.drop_reason == "anchor does not fit"
    assert len(dropped.checkins) == 1
    state = core.pick(state, "agent.test", MONDAY)  # a dropped habit may be picked again
    assert len(state.habits) == 2 and state.active is not None


def test_drop_without_an_active_habit() -> None:
    with pytest.raises(CxHabitsError, match="no habit being built"):
        core.drop(State(), MONDAY)


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        (["1", "7", "4", "5"], True),
        (["8", "1", "1", "1"], False),
        (["0", "1", "1", "1"], False),
        (["x", "1", "1", "1"], False),
        (["4.5", "1", "1", "1"], False),
        (["1", "1", "1"], False),
        (["1", "1", "1", "1", "1"], False),
    ],
)
def test_parse_scores(values: list[str], ok: bool) -> None:
    if ok:
        assert core.parse_scores(values) == tuple(int(v) for v in values)
    else:
        with pytest.raises(UsageError):
            core.parse_scores(values)


def test_a_second_rating_on_a_day_replaces_the_first() -> None:
    state = picked()
    state = core.rate(state, state.habits[0], (3, 3, 3, 3), MONDAY)
    state = core.rate(state, state.habits[0], (6, 6, 6, 6), MONDAY)
    assert state.habits[0].ratings == (model.Rating(MONDAY, (6, 6, 6, 6)),)


def test_overlapping_pauses_merge() -> None:
    state = State()
    state = core.add_pause(state, dt.date(2026, 12, 21), dt.date(2026, 12, 31), "holiday")
    state = core.add_pause(state, dt.date(2026, 12, 28), dt.date(2027, 1, 4), "flu")
    state = core.add_pause(state, dt.date(2027, 2, 1), dt.date(2027, 2, 1))
    assert state.pauses == (
        Pause(dt.date(2026, 12, 21), dt.date(2027, 1, 4), "holiday; flu"),
        Pause(dt.date(2027, 2, 1), dt.date(2027, 2, 1)),
    )
    state, removed = core.remove_pause(state, dt.date(2027, 2, 1))
    assert removed.start == dt.date(2027, 2, 1) and len(state.pauses) == 1


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(UsageError, match="ends"):
        core.add_pause(State(), dt.date(2026, 12, 2), dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 9)),  # back early: the end moves
        (dt.date(2026, 12, 3), dt.date(2026, 12, 15)),  # left later: the start moves
        (dt.date(2026, 12, 3), dt.date(2026, 12, 5)),  # both ends
        (dt.date(2026, 12, 15), dt.date(2026, 12, 15)),  # one day of it
    ],
)
def test_a_pause_over_part_of_a_pause_moves_its_ends(start: dt.date, end: dt.date) -> None:
    holiday = Pause(dt.date(2026, 12, 1), dt.date(2026, 12, 15), "holiday")
    other = Pause(dt.date(2027, 2, 1), dt.date(2027, 2, 3))
    state = State(pauses=(holiday, other))
    assert core.pause_around(state, start, end) == holiday
    moved = core.move_pause(state, holiday, start, end)
    assert moved.pauses == (Pause(start, end, "holiday"), other)
    renamed = core.move_pause(state, holiday, start, end, "course")
    assert renamed.pauses[0].reason == "course"


def test_a_pause_that_is_not_inside_one_is_added_as_before() -> None:
    holiday = Pause(dt.date(2026, 12, 1), dt.date(2026, 12, 15))
    state = State(pauses=(holiday,))
    for start, end in [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 15)),  # the same days: nothing moves
        (dt.date(2026, 12, 10), dt.date(2026, 12, 20)),  # beyond it: the two merge
        (dt.date(2026, 11, 20), dt.date(2026, 11, 30)),  # beside it
    ]:
        assert core.pause_around(state, start, end) is None
    with pytest.raises(UsageError, match="ends"):
        core.move_pause(state, holiday, dt.date(2026, 12, 9), dt.date(2026, 12, 2))
