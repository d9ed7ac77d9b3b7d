"""The routine rule on plain values: no files, no clock."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from cxhabits.domain.core import is_scheduled
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Rating, Settings, Skip
from cxhabits.domain.routine import (
    DayKind,
    coaching_before,
    day_fates,
    day_kind,
    progress,
    scheduled_days,
)
from tests.conftest import workdays

MONDAY = dt.date(2026, 11, 2)
SETTINGS = Settings()


def record(
    days: list[dt.date], ratings: tuple[Rating, ...] = (), picked: dt.date = MONDAY
) -> HabitRecord:
    return HabitRecord(
        id="agent.test", picked=picked, checkins=tuple(CheckIn(d) for d in days), ratings=ratings
    )


def test_a_new_habit_has_nothing_yet() -> None:
    prog = progress(record([]), SETTINGS, (), MONDAY)
    assert prog.today_scheduled and not prog.today_done
    assert prog.counted == ()
    assert (prog.current_streak, prog.longest_streak, prog.strength) == (0, 0, 0.0)
    assert not prog.routine
    assert len(prog.missing) == 3


def test_today_is_open_until_done() -> None:
    days = workdays(MONDAY, 3)  # Mon, Tue, Wed done; Thursday open
    thursday = MONDAY + dt.timedelta(days=3)
    prog = progress(record(days), SETTINGS, (), thursday)
    assert prog.current_streak == 3
    assert len(prog.counted) == 3
    assert prog.misses_in_a_row == 0
    done = progress(record([*days, thursday]), SETTINGS, (), thursday)
    assert done.current_streak == 4 and done.today_done


def test_weekends_neither_count_nor_break() -> None:
    days = workdays(MONDAY, 6)  # Mon..Fri and the next Monday
    next_monday = days[-1]
    prog = progress(record(days), SETTINGS, (), next_monday)
    assert prog.current_streak == 6
    assert len(prog.counted) == 6
    sunday = next_monday - dt.timedelta(days=1)
    weekend = progress(record(days[:5]), SETTINGS, (), sunday)
    assert weekend.current_streak == 5 and not weekend.today_scheduled


def test_strength_follows_the_formula() -> None:
    m = 0.5 ** (1 / 10)
    days = workdays(MONDAY, 5)
    done = [True, False, True, True, False]
    saturday = days[-1] + dt.timedelta(days=1)
    kept = [d for d, x in zip(days, done, strict=True) if x]
    prog = progress(record(kept), SETTINGS, (), saturday)
    expected = 0.0
    for x in done:
        expected = m * expected + (1 - m) * (1.0 if x else 0.0)
    assert prog.strength == pytest.approx(expected)


@pytest.mark.parametrize(("count", "strength", "routine"), [(23, 0.797, False), (24, 0.811, True)])
def test_the_23_24_workday_boundary(count: int, strength: float, routine: bool) -> None:
    days = workdays(MONDAY, count)
    rating = (Rating(days[-3], (6, 6, 6, 6)),)
    prog = progress(record(days, rating), SETTINGS, (), days[-1])
    assert prog.strength == pytest.approx(strength, abs=0.0005)
    assert prog.consistency_ok and prog.rating_ok
    assert prog.routine is routine
    assert prog.strength_ok is routine


def test_consistency_with_misses() -> None:
    days = workdays(MONDAY, 40)
    saturday = days[-1] + dt.timedelta(days=1)
    missed = {days[-1], days[-3], days[-5], days[-7], days[-9]}  # 5 misses in the last 20
    prog = progress(record([d for d in days if d not in missed]), SETTINGS, (), saturday)
    assert prog.done_in_window == 15 and prog.window_size == 20
    assert not prog.consistency_ok
    assert "15 of 20 workdays (16 needed)" in prog.missing
    assert prog.condition_states[0][0] == "lapsed"  # 5 missed: gone wrong, not "not yet"
    one_less = missed - {days[-9]}
    prog = progress(record([d for d in days if d not in one_less]), SETTINGS, (), saturday)
    assert prog.done_in_window == 16 and prog.consistency_ok


def test_a_rating_that_is_too_old_does_not_count() -> None:
    days = workdays(MONDAY, 30)
    fresh = progress(record(days, (Rating(days[-10], (6, 6, 6, 6)),)), SETTINGS, (), days[-1])
    assert fresh.rating_recent and fresh.routine
    stale = progress(record(days, (Rating(days[-11], (6, 6, 6, 6)),)), SETTINGS, (), days[-1])
    assert not stale.rating_recent and not stale.routine
    assert stale.needs_rating
    assert any("self-check" in m for m in stale.missing)


def test_a_low_rating_keeps_it_from_routine() -> None:
    days = workdays(MONDAY, 30)
    prog = progress(record(days, (Rating(days[-1], (5, 5, 4, 5)),)), SETTINGS, (), days[-1])
    assert not prog.rating_ok and not prog.needs_rating
    assert "automaticity 4.8 of 7 (5.0 needed)" in prog.missing
    assert prog.condition_states[2][0] == "not-yet"


def test_the_self_check_can_be_left_out() -> None:
    days = workdays(MONDAY, 24)
    prog = progress(record(days), Settings(require_rating=False), (), days[-1])
    assert prog.routine
    assert "automaticity" not in prog.summary


def test_summary_shows_every_condition() -> None:
    days = workdays(MONDAY, 24)
    prog = progress(record(days, (Rating(days[-1], (5, 6, 5, 5)),)), SETTINGS, (), days[-1])
    assert prog.summary == (
        "20 of 20 workdays (16 needed) · strength 81 % (80 % needed) · "
        "automaticity 5.3 of 7 (5.0 needed)"  # 5.25 rounds half up
    )


def test_paused_days_neither_count_nor_break() -> None:
    week1 = workdays(MONDAY, 5)
    week3 = workdays(MONDAY + dt.timedelta(weeks=2), 5)
    pause = Pause(MONDAY + dt.timedelta(weeks=1), MONDAY + dt.timedelta(weeks=1, days=4))
    prog = progress(record(week1 + week3), SETTINGS, (pause,), week3[-1])
    assert prog.current_streak == 10
    assert len(prog.counted) == 10
    unpaused = progress(record(week1 + week3), SETTINGS, (), week3[-1])
    assert unpaused.current_streak == 5 and unpaused.longest_streak == 5


def test_longest_streak_over_all_time() -> None:
    days = workdays(MONDAY, 12)
    kept = days[:7] + days[8:10]  # 7 in a row, a miss, 2, then two misses
    prog = progress(record(kept), SETTINGS, (), days[-1] + dt.timedelta(days=1))
    assert prog.longest_streak == 7
    assert prog.current_streak == 0
    assert prog.misses_in_a_row == 2


def test_coaching_words_follow_the_misses() -> None:
    days = workdays(MONDAY, 15)
    assert coaching_before(progress(record(days[:-1]), SETTINGS, (), days[-1])) == "none"
    one = progress(record(days[:-2]), SETTINGS, (), days[-1])
    assert coaching_before(one) == "one-miss"
    two = progress(record(days[:-3]), SETTINGS, (), days[-1])
    assert coaching_before(two) == "two-misses"
    sparse = [d for i, d in enumerate(days[:-1]) if i % 2 == 0]  # about half done
    assert coaching_before(progress(record(sparse), SETTINGS, (), days[-1])) == "slipping"


def test_no_coaching_after_a_weekend_or_a_pause() -> None:
    days = workdays(MONDAY, 5)
    next_monday = MONDAY + dt.timedelta(weeks=1)
    assert coaching_before(progress(record(days), SETTINGS, (), next_monday)) == "none"
    pause = Pause(next_monday, next_monday + dt.timedelta(days=4))
    back = next_monday + dt.timedelta(weeks=1)
    assert coaching_before(progress(record(days), SETTINGS, (pause,), back)) == "none"


def test_day_kinds() -> None:
    days = workdays(MONDAY, 3)
    saturday = MONDAY + dt.timedelta(days=5)
    rec = record([days[0], days[2], saturday])
    pause = Pause(MONDAY + dt.timedelta(days=3), MONDAY + dt.timedelta(days=3))
    today = MONDAY + dt.timedelta(weeks=1)

    def kind(day: dt.date) -> DayKind:
        return day_kind(day, rec, SETTINGS, (pause,), today)

    assert kind(days[0]) == "done"
    assert kind(days[1]) == "missed"
    assert kind(MONDAY + dt.timedelta(days=3)) == "paused"
    assert kind(saturday) == "off-done"
    assert kind(saturday + dt.timedelta(days=1)) == "off"
    assert kind(today) == "open"
    assert kind(MONDAY - dt.timedelta(days=1)) == "before"
    assert kind(today + dt.timedelta(days=1)) == "before"


def test_a_six_day_week_makes_saturday_count() -> None:
    saturday = MONDAY + dt.timedelta(days=5)
    six_days = Settings(workdays=frozenset(range(6)))
    days = [MONDAY + dt.timedelta(days=i) for i in range(6)]
    assert progress(record(days), six_days, (), saturday).current_streak == 6
    assert progress(record(days), SETTINGS, (), saturday).current_streak == 5


@given(
    start=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    length=st.integers(-3, 120),
    days_of_week=st.frozensets(st.integers(0, 6)),
    pauses=st.lists(
        st.tuples(st.dates(dt.date(2023, 12, 1), dt.date(2027, 3, 1)), st.integers(0, 40)),
        max_size=4,
    ),
)
def test_scheduled_days_are_the_workdays_not_paused(
    start: dt.date,
    length: int,
    days_of_week: frozenset[int],
    pauses: list[tuple[dt.date, int]],
) -> None:
    end = start + dt.timedelta(days=length)
    settings = Settings(workdays=days_of_week)
    paused = tuple(Pause(first, first + dt.timedelta(days=days)) for first, days in pauses)
    expected = [
        start + dt.timedelta(days=n)
        for n in range(length + 1)
        if is_scheduled(start + dt.timedelta(days=n), settings, paused)
    ]
    assert scheduled_days(start, end, settings, paused) == expected


@pytest.mark.parametrize(
    ("strength", "shown"),
    [
        (0.795, "79 %"),
        (0.7999, "79 %"),
        (0.80, "80 %"),
        (0.8049, "80 %"),
        (0.845, "85 %"),
        (0.065, "7 %"),
        (0.0, "0 %"),
        (1.0, "100 %"),
    ],
)
def test_strength_is_a_percentage_rounded_towards_its_side_of_the_threshold(
    strength: float, shown: str
) -> None:
    prog = progress(record(workdays(MONDAY, 3)), SETTINGS, (), MONDAY)._replace(strength=strength)
    assert prog.strength_words == f"strength {shown} (80 % needed)"
    assert prog.strength_ok == (strength >= 0.80)


@pytest.mark.parametrize(
    ("scores", "shown"),
    [((5, 4, 5, 3), "4.3"), ((6, 6, 6, 5), "5.8"), ((5, 5, 5, 4), "4.8"), ((5, 5, 5, 5), "5.0")],
)
def test_the_self_check_mean_rounds_half_up_and_never_onto_the_threshold(
    scores: tuple[int, int, int, int], shown: str
) -> None:
    days = workdays(MONDAY, 3)
    prog = progress(record(days, (Rating(days[-1], scores),)), SETTINGS, (), days[-1])
    assert prog.rating_words == f"automaticity {shown} of 7 (5.0 needed)"


def test_unmet_conditions_on_day_one_are_not_yet_never_lapsed() -> None:
    prog = progress(record([MONDAY]), SETTINGS, (), MONDAY)
    assert [kind for kind, _text in prog.condition_states] == ["not-yet"] * 3


def test_the_daily_line_is_one_form_from_day_one_to_routine() -> None:
    from cxhabits.domain.routine import daily_line

    days = workdays(MONDAY, 30)
    lines = [daily_line(record(days[: n + 1]), SETTINGS, (), day) for n, day in enumerate(days)]
    assert lines[0] == "1 of 1 workday done · 23 more workdays to routine"
    assert lines[11] == "12 of 12 workdays done · 12 more workdays to routine"
    assert lines[22] == "23 of 23 workdays done · 1 more workday to routine"
    assert lines[25] == "26 of 26 workdays done · only the self-check is left: cxhabits rate"
    assert all("strength" not in line and "/" not in line for line in lines)


# -- every workday's fate, for `history HABIT_ID` --------------------------------------


def test_fates_on_three_workdays_a_week() -> None:
    settings = Settings(workdays=frozenset({0, 2, 4}))  # Mon, Wed, Fri
    pauses = (Pause(dt.date(2026, 11, 9), dt.date(2026, 11, 16)),)
    got = day_fates(record([dt.date(2026, 11, 4)]), settings, pauses, dt.date(2026, 11, 20))
    assert got.missed == (dt.date(2026, 11, 6), dt.date(2026, 11, 18))
    paused = (dt.date(2026, 11, 9), dt.date(2026, 11, 11), dt.date(2026, 11, 13))
    assert got.paused == (*paused, dt.date(2026, 11, 16))
    assert got.paused_runs == ((dt.date(2026, 11, 9), dt.date(2026, 11, 16), 4),)


@given(
    st.lists(st.integers(0, 40), max_size=30),
    st.lists(st.integers(0, 40), max_size=10),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=3),
    st.integers(0, 45),
)
def test_each_workday_has_one_fate(
    done: list[int], skipped: list[int], pause_spans: list[tuple[int, int]], until: int
) -> None:
    """Between the free first and last days, every workday is done, skipped, missed or
    paused, and only one of them (a done day inside a pause is done)."""
    days = {MONDAY + dt.timedelta(days=n) for n in done}
    skips = tuple(
        Skip(MONDAY + dt.timedelta(days=n))
        for n in sorted(set(skipped))
        if MONDAY + dt.timedelta(days=n) not in days
    )
    pauses: list[Pause] = []
    for start, length in sorted(pause_spans):
        first = MONDAY + dt.timedelta(days=start)
        if pauses and first <= pauses[-1].end:
            continue  # never overlapping, as the state keeps them
        pauses.append(Pause(first, first + dt.timedelta(days=length)))
    rec = record(sorted(days))._replace(skips=skips)
    today = MONDAY + dt.timedelta(days=until)
    got = day_fates(rec, SETTINGS, tuple(pauses), today)
    workdays_between = [
        MONDAY + dt.timedelta(days=n)
        for n in range(1, until)
        if (MONDAY + dt.timedelta(days=n)).weekday() < 5
    ]
    for day in workdays_between:
        fate = [
            day in days,
            day in rec.skipped_days and not any(p.covers(day) for p in pauses),
            day in got.missed,
            day in got.paused,
        ]
        assert fate.count(True) == 1 or (day in rec.skipped_days and day in got.paused), day
    assert sum(count for _first, _last, count in got.paused_runs) == len(got.paused)
