"""Skipped days: the rule on plain values, a property, and `cxhabits skip` through the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from cxhabits.domain import core
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Rating, Settings, Skip, State
from cxhabits.domain.routine import coaching_before, day_kind, progress
from cxhabits.errors import CxHabitsError
from tests.conftest import workdays
from tests.helpers.cli import cx, ok, role_habits

MONDAY = dt.date(2026, 11, 2)
SETTINGS = Settings()
ONE_DAY = dt.timedelta(days=1)


def record(
    done: list[dt.date], skipped: list[dt.date] | None = None, picked: dt.date = MONDAY
) -> HabitRecord:
    return HabitRecord(
        id="agent.test",
        picked=picked,
        checkins=tuple(CheckIn(d) for d in sorted(done)),
        skips=tuple(Skip(d) for d in sorted(skipped or [])),
    )


def state_with(rec: HabitRecord, pauses: tuple[Pause, ...] = ()) -> State:
    return State(habits=(rec,), pauses=pauses)


# -- the rule on plain values ----------------------------------------------------


def test_skipped_days_leave_the_window_16_of_the_last_20_counted_days() -> None:
    days = workdays(MONDAY, 30)
    skipped = days[2:30:3]  # every third workday: 10 skipped
    done = [d for d in days if d not in skipped]
    prog = progress(record(done, skipped), SETTINGS, (), days[-1])
    assert prog.window_size == 20 and prog.done_in_window == 20
    assert all(day not in skipped for day, _done in prog.counted)
    assert prog.skipped_in_window > 0


def test_strength_is_frozen_across_skipped_days() -> None:
    days = workdays(MONDAY, 10)
    before = progress(record(days[:5]), SETTINGS, (), days[4])
    after = progress(record(days[:5], days[5:10]), SETTINGS, (), days[9])
    assert after.strength == pytest.approx(before.strength)


def test_the_streak_is_unbroken_across_a_skip() -> None:
    days = workdays(MONDAY, 7)
    prog = progress(record(days[:3] + days[4:7], [days[3]]), SETTINGS, (), days[6])
    assert prog.current_streak == 6 and prog.misses_in_a_row == 0
    assert coaching_before(progress(record(days[:3], [days[3]]), SETTINGS, (), days[4])) == "none"


def test_skipped_days_are_drawn_as_their_own_kind() -> None:
    days = workdays(MONDAY, 3)
    rec = record([days[0]], [days[1]])
    assert day_kind(days[1], rec, SETTINGS, (), days[2]) == "skipped"
    assert day_kind(days[2], rec, SETTINGS, (), days[2]) == "open"


def test_a_skip_on_a_paused_day_or_a_weekend_is_refused() -> None:
    days = workdays(MONDAY, 5)
    pause = Pause(days[2], days[2])
    state = state_with(record([]), (pause,))
    with pytest.raises(CxHabitsError) as paused:
        core.skip(state, state.habits[0], days[2], days[4])
    assert "paused" in str(paused.value) and paused.value.exit_code == 1
    saturday = MONDAY + dt.timedelta(days=5)
    with pytest.raises(CxHabitsError) as weekend:
        core.skip(state, state.habits[0], saturday, saturday)
    assert "not a workday" in str(weekend.value) and weekend.value.exit_code == 1


def test_a_check_in_replaces_a_skip_and_its_undo_leaves_a_miss() -> None:
    days = workdays(MONDAY, 3)
    state = state_with(record([]))
    state, changed = core.skip(state, state.habits[0], days[1], days[2], "no hard call")
    assert changed and state.habits[0].skipped_days == {days[1]}
    outcome = core.record_check_in(state, state.habits[0], days[1], days[2])
    assert outcome.replaced_skip == Skip(days[1], "no hard call")
    state = outcome.state
    assert state.habits[0].skipped_days == frozenset() and days[1] in state.habits[0].done_days
    state = core.undo_check_in(state, state.habits[0], days[1])
    rec = state.habits[0]
    assert days[1] not in rec.done_days and days[1] not in rec.skipped_days
    assert day_kind(days[1], rec, SETTINGS, (), days[2]) == "missed"


def test_a_skip_on_a_done_day_is_refused_and_names_checkin_undo() -> None:
    state = state_with(record([MONDAY]))
    with pytest.raises(CxHabitsError) as refused:
        core.skip(state, state.habits[0], MONDAY, MONDAY)
    assert "checkin --undo" in str(refused.value) and refused.value.exit_code == 1


def test_skip_undo_and_a_second_skip() -> None:
    state = state_with(record([]))
    state, _ = core.skip(state, state.habits[0], MONDAY, MONDAY)
    same, changed = core.skip(state, state.habits[0], MONDAY, MONDAY)
    assert not changed and same is state
    reasoned, changed = core.skip(state, state.habits[0], MONDAY, MONDAY, "quiet day")
    assert changed and reasoned.habits[0].skips == (Skip(MONDAY, "quiet day"),)
    undone = core.undo_skip(reasoned, reasoned.habits[0], MONDAY)
    assert undone.habits[0].skips == ()
    with pytest.raises(CxHabitsError):
        core.undo_skip(undone, undone.habits[0], MONDAY)


def test_the_pick_day_counts_only_once_done() -> None:
    days = workdays(MONDAY, 3)
    missed_pick = progress(record(days[1:3]), SETTINGS, (), days[2])
    assert missed_pick.counted[0][0] == days[1] and missed_pick.misses_in_a_row == 0
    assert day_kind(MONDAY, record(days[1:3]), SETTINGS, (), days[2]) == "before"
    done_pick = progress(record(days[:3]), SETTINGS, (), days[2])
    assert len(done_pick.counted) == 3 and done_pick.current_streak == 3


def test_a_future_self_check_does_not_count() -> None:
    days = workdays(MONDAY, 30)
    future = Rating(days[29], (7, 7, 7, 7))
    rec = record(days[:26])._replace(ratings=(future,))
    prog = progress(rec, SETTINGS, (), days[25])
    assert prog.rating is None and not prog.routine
    past = Rating(days[24], (6, 6, 6, 6))
    prog = progress(rec._replace(ratings=(past, future)), SETTINGS, (), days[25])
    assert prog.rating == past and prog.routine


def test_four_skipped_of_the_last_ten_workdays_asks_for_another_anchor() -> None:
    days = workdays(MONDAY, 11)
    skipped = [days[1], days[3], days[5], days[7]]
    done = [d for d in days[:10] if d not in skipped]
    prog = progress(record(done, skipped), SETTINGS, (), days[10])
    assert prog.skipped_recent == 4 and prog.unpaused_recent == 10
    assert coaching_before(prog) == "rare-anchor"
    three = progress(record([*done, days[7]], skipped[:3]), SETTINGS, (), days[10])
    assert coaching_before(three) == "none"


# -- a property: skipping never beats doing --------------------------------------

OFFSETS = st.lists(st.sampled_from(["done", "skip", "pause", "miss"]), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(plan=OFFSETS, which=st.integers(0, 39))
def test_skipping_a_day_never_beats_doing_it(plan: list[str], which: int) -> None:
    days = workdays(MONDAY, len(plan))
    done = [d for d, kind in zip(days, plan, strict=True) if kind == "done"]
    skipped = [d for d, kind in zip(days, plan, strict=True) if kind == "skip"]
    pauses = tuple(Pause(d, d) for d, kind in zip(days, plan, strict=True) if kind == "pause")
    candidates = [d for d, kind in zip(days, plan, strict=True) if kind in ("miss", "skip")]
    if not candidates:
        return
    day = candidates[which % len(candidates)]
    today = days[-1] + ONE_DAY
    as_skip = record(done, sorted({*skipped, day}))
    as_done = record(sorted({*done, day}), [d for d in skipped if d != day])
    skip_prog = progress(as_skip, SETTINGS, pauses, today)
    done_prog = progress(as_done, SETTINGS, pauses, today)
    assert skip_prog.strength <= done_prog.strength + 1e-12
    assert skip_prog.done_in_window <= done_prog.done_in_window


# -- through the command line ------------------------------------------------------


def streak(day: dt.date) -> dict[str, object]:
    doc = json.loads(ok("streak", "--json", day=day).stdout)
    active = doc["active"]
    assert isinstance(active, dict)
    return active


def test_skip_today_yesterday_and_a_date() -> None:
    days = workdays(MONDAY, 8)
    ok("pick", role_habits("agent")[0], day=MONDAY)
    today = ok("skip", "--reason", "no hard call", day=days[1])
    assert "Skipped Tue 3 Nov" in today.stdout
    friday_from_monday = ok("skip", "--yesterday", day=days[5])
    assert "Fri 6 Nov" in friday_from_monday.stdout
    ok("skip", "--date", days[2].isoformat(), day=days[5])
    active = streak(days[5])
    assert active["skipped_last_20"] == 3 and active["today_skipped"] is False
    assert "no hard call" in ok("history", role_habits("agent")[0], day=days[5]).stdout


def test_skip_refusals() -> None:
    days = workdays(MONDAY, 8)
    ok("pick", role_habits("agent")[0], day=MONDAY)
    ok("checkin", day=days[1])
    done = cx("skip", day=days[1])
    assert done.exit_code == 1 and "checkin --undo" in done.stderr
    saturday = MONDAY + dt.timedelta(days=5)
    assert cx("skip", "--date", saturday.isoformat(), day=days[5]).exit_code == 1
    ok("pause", "--from", days[6].isoformat(), "--to", days[6].isoformat(), day=days[5])
    assert cx("skip", "--date", days[6].isoformat(), day=days[6]).exit_code == 1
    future = cx("skip", "--date", days[7].isoformat(), day=days[5])
    assert future.exit_code == 2 and "future" in future.stderr
    old = cx("skip", "--date", "2026-10-01", day=days[5])
    assert old.exit_code == 2
    both = cx("skip", "--yesterday", "--date", days[2].isoformat(), day=days[5])
    assert both.exit_code == 2
    bad = cx("skip", "--date", "yesterday", day=days[5])
    assert bad.exit_code == 2
    nothing = cx("skip", "--undo", day=days[5])
    assert nothing.exit_code == 1 and "not skipped" in nothing.stderr


def test_skip_with_nothing_picked_is_refused() -> None:
    result = cx("skip", day=MONDAY)
    assert result.exit_code == 1 and "cxhabits pick" in result.stderr


def test_a_check_in_on_a_skipped_day_says_it_replaced_the_skip() -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY)
    tuesday = MONDAY + ONE_DAY
    ok("skip", day=tuesday)
    result = ok("checkin", day=tuesday)
    assert "marked skipped" in result.stdout
    assert streak(tuesday)["skipped_last_20"] == 0
    ok("skip", day=tuesday + ONE_DAY)
    assert "counts as a workday again" in ok("skip", "--undo", day=tuesday + ONE_DAY).stdout


def test_the_anchor_coaching_after_many_skips() -> None:
    days = workdays(MONDAY, 12)
    ok("pick", role_habits("agent")[0], day=MONDAY)
    for index, day in enumerate(days[:11]):
        ok("skip" if index % 2 else "checkin", day=day)
    result = ok("checkin", day=days[11])
    assert "cxhabits anchor" in result.stdout and "did not happen" in result.stdout


def test_skipped_days_are_drawn_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    ok("pick", role_habits("agent")[0], day=MONDAY)
    ok("checkin", day=MONDAY)
    ok("skip", day=MONDAY + ONE_DAY)
    view = ok("streak", day=MONDAY + 2 * ONE_DAY).stdout
    tuesday = next(line for line in view.splitlines() if line.startswith("Tue"))
    assert tuesday.split()[1] == "-" and "skipped" in view and "\x1b[" not in view


def test_export_carries_skips() -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY)
    ok("skip", "--reason", "quiet", day=MONDAY + ONE_DAY)
    exported = json.loads(ok("export", day=MONDAY + ONE_DAY).stdout)
    assert exported["habits"][0]["skipped"] == [{"day": "2026-11-03", "reason": "quiet"}]
    csv_out = ok("export", "--format", "csv", day=MONDAY + ONE_DAY).stdout
    assert "2026-11-03,quiet,skipped" in csv_out
