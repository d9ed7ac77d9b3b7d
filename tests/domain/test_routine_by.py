"""The earliest routine date (`routine_by`) against the routine rule, on plain values."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Rating, Settings, Skip
from cxhabits.domain.routine import progress, routine_by, workdays_until
from tests.conftest import workdays

MONDAY = dt.date(2026, 11, 2)
SETTINGS = Settings()


def record(
    done: list[dt.date],
    picked: dt.date = MONDAY,
    ratings: tuple[Rating, ...] = (),
    skipped: tuple[dt.date, ...] = (),
) -> HabitRecord:
    return HabitRecord(
        id="agent.test",
        picked=picked,
        checkins=tuple(CheckIn(d) for d in done),
        ratings=ratings,
        skips=tuple(Skip(d) for d in skipped),
    )


def becomes_routine_on(rec: HabitRecord, days: list[dt.date], pauses: tuple[Pause, ...]) -> dt.date:
    """Check in every given day with a passing self-check when due; the day it is routine."""
    done = [c.day for c in rec.checkins]
    ratings = rec.ratings
    for day in days:
        done.append(day)
        current = rec._replace(checkins=tuple(CheckIn(d) for d in sorted(done)), ratings=ratings)
        prog = progress(current, SETTINGS, pauses, day)
        if prog.needs_rating:
            ratings = (*ratings, Rating(day, (6, 6, 6, 6)))
            prog = progress(current._replace(ratings=ratings), SETTINGS, pauses, day)
        if prog.routine:
            return day
    raise AssertionError("never routine")


def test_a_perfect_record_from_the_pick_is_routine_on_the_24th_workday() -> None:
    days = workdays(MONDAY, 40)
    assert routine_by(record([]), SETTINGS, (), MONDAY) == days[23]
    # and the rule agrees: doing every day, rating when asked
    assert becomes_routine_on(record([]), days, ()) == days[23]


def test_routine_by_counts_from_tomorrow_once_today_is_done() -> None:
    days = workdays(MONDAY, 40)
    assert routine_by(record(days[:1]), SETTINGS, (), MONDAY) == days[23]
    assert routine_by(record(days[:5]), SETTINGS, (), days[4]) == days[23]
    # five days done, today (the sixth) still open: the same date
    assert routine_by(record(days[:5]), SETTINGS, (), days[5]) == days[23]


def test_misses_push_routine_by_later() -> None:
    days = workdays(MONDAY, 60)
    with_misses = [d for i, d in enumerate(days[:10]) if i not in (3, 7)]
    today = days[10]
    by = routine_by(record(with_misses), SETTINGS, (), today)
    assert by is not None and by > days[23]
    rest = [d for d in days if d >= today]
    assert becomes_routine_on(record(with_misses), rest, ()) == by


def test_a_pause_pushes_routine_by_by_its_workdays() -> None:
    days = workdays(MONDAY, 60)
    pause = Pause(MONDAY + dt.timedelta(weeks=1), MONDAY + dt.timedelta(weeks=1, days=4))
    by = routine_by(record(days[:5]), SETTINGS, (pause,), days[4])
    assert by == days[23 + 5]
    # the pause lies in the future too: it is skipped in the simulation
    assert routine_by(record([]), SETTINGS, (pause,), MONDAY) == days[28]
    counted = [d for d in days if not pause.covers(d)]
    assert becomes_routine_on(record([]), counted, (pause,)) == days[28]


def test_only_the_self_check_missing_means_today() -> None:
    days = workdays(MONDAY, 30)
    today = days[25]
    rec = record(days[:25])
    prog = progress(rec, SETTINGS, (), today)
    assert prog.strength_ok and prog.consistency_ok and not prog.rating_ok
    assert routine_by(rec, SETTINGS, (), today) == today


def test_unreachable_thresholds_give_no_date() -> None:
    impossible = Settings(strength_threshold=1.0)
    assert routine_by(record([]), impossible, (), MONDAY) is None


def test_the_pick_day_missed_does_not_count_against_routine_by() -> None:
    days = workdays(MONDAY, 40)
    # picked Monday late, started Tuesday: Tuesday is day one of 24
    started = record(days[1:6])
    assert routine_by(started, SETTINGS, (), days[5]) == days[24]


def test_workdays_until_counts_an_open_today() -> None:
    days = workdays(MONDAY, 30)
    assert workdays_until(days[23], SETTINGS, (), MONDAY, open_today=True) == 24
    assert workdays_until(days[23], SETTINGS, (), MONDAY, open_today=False) == 23
    assert workdays_until(MONDAY, SETTINGS, (), MONDAY, open_today=False) == 0


PLAN = st.lists(st.sampled_from(["done", "miss", "skip", "pause"]), min_size=0, max_size=45)


@settings(max_examples=60, deadline=None)
@given(plan=PLAN, today_done=st.booleans())
def test_routine_by_is_the_day_a_perfect_record_from_now_becomes_routine(
    plan: list[str], today_done: bool
) -> None:
    """For any past, doing every day from now on makes the habit routine on routine_by."""
    days = workdays(MONDAY, len(plan) + 1)
    past, today = days[:-1], days[-1]
    kinds = dict(zip(past, plan, strict=True))
    done = [d for d in past if kinds[d] == "done"] + ([today] if today_done else [])
    skipped = tuple(d for d in past if kinds[d] == "skip")
    pauses = tuple(Pause(d, d) for d in past if kinds[d] == "pause")
    rec = record(done, skipped=skipped)
    by = routine_by(rec, SETTINGS, pauses, today)
    assert by is not None and by >= today
    if progress(rec, SETTINGS, pauses, today).routine:
        return
    ahead = workdays(today if not today_done else today + dt.timedelta(days=1), 80)
    assert becomes_routine_on(rec, ahead, pauses) == by
