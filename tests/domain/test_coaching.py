"""Pauses, drop, config, coaching words and the streak view, through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cxhabits.domain.model import CheckIn, HabitRecord, State
from cxhabits.storage import datafolder
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, data, ok, role_habits


def start(picked: dt.date = MONDAY) -> str:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=picked)
    return habit


def test_a_paused_week_keeps_the_streak_and_the_window() -> None:
    start()
    week1 = workdays(MONDAY, 5)
    week3 = workdays(MONDAY + dt.timedelta(weeks=2), 5)
    for day in week1:
        ok("checkin", day=day)
    ok("pause", "--from", "2026-11-09", "--to", "2026-11-13", "--reason", "holiday", day=week1[-1])
    for day in week3:
        ok("checkin", day=day)
    active = data("streak", day=week3[-1])["active"]
    assert active["current_streak"] == 10
    assert active["done_last_20"] == 10 and active["scheduled_last_20"] == 10


def test_a_pause_recorded_afterwards_restores_the_streak() -> None:
    start()
    week1 = workdays(MONDAY, 5)
    week3 = workdays(MONDAY + dt.timedelta(weeks=2), 2)
    for day in week1 + week3:
        ok("checkin", day=day)
    assert data("streak", day=week3[-1])["active"]["current_streak"] == 2
    result = ok("pause", "--from", "2026-11-09", "--to", "2026-11-13", day=week3[-1])
    assert "neither count nor break" in result.stdout
    assert data("streak", day=week3[-1])["active"]["current_streak"] == 7


def test_overlapping_pauses_merge_list_and_remove() -> None:
    ok("pause", "--from", "2026-12-21", "--to", "2026-12-31", "--reason", "holiday")
    ok("pause", "--from", "2026-12-28", "--to", "2027-01-04", "--reason", "flu")
    listing = ok("pause", "--list").stdout.strip().splitlines()
    assert listing == ["Mon 21 Dec to Mon 4 Jan 2027  holiday; flu"]
    ok("pause", "--remove", "2027-01-01")
    assert ok("pause", "--list").stdout == ""


def test_a_pause_that_ends_before_it_starts_is_refused(cx_home: Path) -> None:
    result = cx("pause", "--from", "2026-12-02", "--to", "2026-12-01")
    assert result.exit_code == 2 and "ends" in result.stderr
    assert not datafolder.state_path(cx_home).exists()
    assert cx("pause", "--from", "2026-12-02").exit_code == 2


def coaching_after(done: list[dt.date], today: dt.date) -> str:
    for day in done:
        ok("checkin", day=day)
    return ok("checkin", day=today).stdout


def test_one_miss_gets_a_light_word() -> None:
    start()
    days = workdays(MONDAY, 5)
    out = coaching_after(days[:3], days[4])
    assert "one miss does not matter" in out.lower()
    assert "troubleshoot" not in out


def test_two_misses_get_the_troubleshooting_order() -> None:
    habit = start()
    days = workdays(MONDAY, 6)
    out = coaching_after(days[:3], days[5])
    assert "troubleshoot" in out
    prompt, ability, motivation = (out.index(w) for w in ("prompt", "tinier", "Motivation"))
    assert prompt < ability < motivation
    assert data("show", habit)["starter"]["en"] in out


def test_fewer_than_6_of_10_suggests_a_new_anchor_or_drop() -> None:
    start()
    days = workdays(MONDAY, 12)
    out = coaching_after([days[i] for i in (0, 2, 4, 6, 8)], days[11])
    assert "new anchor" in out and "drop" in out


def test_no_coaching_after_a_weekend_or_a_pause() -> None:
    start()
    days = workdays(MONDAY, 5)
    out = coaching_after(days[:5], MONDAY + dt.timedelta(weeks=1))
    assert "miss" not in out.lower()
    ok("pause", "--from", "2026-11-10", "--to", "2026-11-13", day=MONDAY + dt.timedelta(weeks=1))
    back = ok("checkin", day=MONDAY + dt.timedelta(weeks=2)).stdout
    assert "miss" not in back.lower()


def test_celebrations_vary() -> None:
    start()
    firsts = {ok("checkin", day=day).stdout.split()[0] for day in workdays(MONDAY, 6)}
    assert len(firsts) > 1


def test_drop_then_pick_another_and_history(cx_home: Path) -> None:
    habit = start()
    ok("checkin")
    ok("checkin", day=MONDAY + dt.timedelta(days=1))
    result = ok(
        "drop", "--yes", "--reason", "my calls are all chat", day=MONDAY + dt.timedelta(days=2)
    )
    assert "2 check-ins kept" in result.stdout
    other = role_habits("finance")[0]
    ok("pick", other, day=MONDAY + dt.timedelta(days=2))
    history = data("history", day=MONDAY + dt.timedelta(days=2))
    assert history[0] == {
        "id": habit,
        "picked": "2026-11-02",
        "status": "dropped",
        "routine_on": None,
        "dropped_on": "2026-11-04",
        "drop_reason": "my calls are all chat",
        "checkins": 2,
    }
    assert history[1]["id"] == other and history[1]["status"] == "active"
    table = ok("history").stdout
    assert "dropped on 2026-11-04" in table and "my calls are all chat" in table


def test_drop_with_nothing_active() -> None:
    result = cx("drop")
    assert result.exit_code == 1 and "cxhabits pick" in result.stderr


CONFIG_VALUES = [
    ("workdays", "mon,tue,wed,thu,fri,sat", "mon,tue,wed,thu,fri,sat"),
    ("language", "nl", "nl"),
    ("backfill_days", "3", "3"),
    ("strength_threshold", "0.7", "0.7"),
    ("consistency_done", "12", "12"),
    ("consistency_window", "25", "25"),
    ("rating_threshold", "4.5", "4.5"),
    ("rating_window", "15", "15"),
    ("half_life", "7", "7"),
    ("require_rating", "false", "false"),
]


@pytest.mark.parametrize(("key", "value", "shown"), CONFIG_VALUES)
def test_config_set_and_read_back(key: str, value: str, shown: str) -> None:
    assert ok("config", key, value).stdout.strip() == f"{key} = {shown}"
    assert ok("config", key).stdout.splitlines()[0].startswith(f"{key} = {shown}")
    assert f"{key} = {shown}" in ok("config").stdout
    ok("config", key, "default")
    assert "(default" not in ok("config", key).stdout


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("workdays", "funday"),
        ("workdays", ""),
        ("language", "fr"),
        ("backfill_days", "-1"),
        ("backfill_days", "31"),
        ("strength_threshold", "1.5"),
        ("half_life", "nan"),
        ("consistency_done", "30"),
        ("require_rating", "maybe"),
        ("no_such_key", "1"),
    ],
)
def test_config_refuses_bad_values(cx_home: Path, key: str, value: str) -> None:
    result = cx("config", key, value)
    assert result.exit_code == 2
    assert (
        "Allowed" in result.stderr
        or "cannot be more" in result.stderr
        or "Settings:" in (result.stderr)
    )
    assert not datafolder.state_path(cx_home).exists()


def test_a_six_day_week_makes_saturday_count() -> None:
    start()
    ok("config", "workdays", "mon,tue,wed,thu,fri,sat")
    saturday = MONDAY + dt.timedelta(days=5)
    for day in [MONDAY + dt.timedelta(days=i) for i in range(6)]:
        out = ok("checkin", day=day).stdout
    assert "does not count" not in out
    assert data("streak", day=saturday)["active"]["current_streak"] == 6


def test_backfill_setting_changes_the_window() -> None:
    start(MONDAY - dt.timedelta(days=20))
    ok("config", "backfill_days", "2")
    assert cx("checkin", "--date", "2026-10-30").exit_code == 2
    ok("checkin", "--date", "2026-10-31")


def test_require_rating_false_unlocks_without_a_self_check() -> None:
    start()
    ok("config", "require_rating", "false")
    days = workdays(MONDAY, 24)
    for day in days:
        out = ok("checkin", day=day).stdout
    assert "now routine" in out


def test_the_calendar_without_colour_shows_every_kind_of_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    start()
    days = workdays(MONDAY, 8)
    for day in (days[0], days[2], MONDAY + dt.timedelta(days=5)):  # Mon, Wed, Saturday
        ok("checkin", day=day)
    ok("pause", "--from", days[5].isoformat(), "--to", days[5].isoformat(), day=days[7])
    view = ok("streak", day=days[7]).stdout
    assert "\x1b[" not in view
    rows = {line[:3]: line for line in view.splitlines() if line[:3] in ("Mon", "Tue", "Sat")}
    assert "●" in rows["Mon"] and "=" in rows["Mon"]  # done, then the paused Monday
    assert "○" in rows["Tue"]  # the missed Tuesday
    assert "+" in rows["Sat"] and "·" in view  # done on a day off; a day off
    assert "?" in view  # today, still open
    ok("checkin", day=days[7])
    assert "◉" in ok("streak", day=days[7]).stdout
    for label in ("done", "missed", "not a workday", "paused", "today"):
        assert label in view
    doc = json.loads(ok("streak", "--json", day=days[7]).stdout)
    assert doc["active"]["done_last_20"] == 3


def test_the_calendar_starts_in_the_week_of_a_mid_week_pick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    thursday = MONDAY + dt.timedelta(days=3)
    start(thursday)
    ok("checkin", day=thursday)
    two_weeks_on = MONDAY + dt.timedelta(weeks=2)
    view = ok("streak", day=two_weeks_on).stdout
    numbers = next(line for line in view.splitlines() if line.split() == ["2", "9", "16"])
    assert "Nov" in view.splitlines()[view.splitlines().index(numbers) - 1]  # the weeks' dates
    thursday_row = next(line for line in view.splitlines() if line.startswith("Thu"))
    assert thursday_row.split()[1] == "●"


# -- the check-in's words (issues 11 and 13) ---------------------------------------


def test_the_first_check_in_after_a_miss_welcomes_back_first() -> None:
    start()
    days = workdays(MONDAY, 4)
    ok("checkin", day=days[0])
    ok("checkin", day=days[1])
    back = ok("checkin", day=days[3]).stdout.splitlines()  # Wednesday missed
    assert "back" in back[0].lower() and "checked in for" in back[1]
    assert back[3] == (
        "What you built is still there: 3 of 4 workdays done · 21 more workdays to routine"
    )
    assert "Streak" not in "\n".join(back)
    assert "one miss does not matter" in "\n".join(back)
    again = ok("checkin", day=days[3] + dt.timedelta(days=1)).stdout
    assert "back" not in again.lower().split("checked in")[0]


def test_the_welcome_back_in_dutch() -> None:
    start()
    ok("config", "language", "nl")
    days = workdays(MONDAY, 3)
    ok("checkin", day=days[0])
    back = ok("checkin", day=days[2]).stdout.splitlines()
    assert any(word in back[0] for word in ("terug", "weer")), back[0]
    assert back[3].startswith("Wat je hebt opgebouwd, is er nog: 2 van 3 werkdagen gedaan")


def test_the_welcome_wording_is_chosen_from_state_and_day() -> None:
    """The same state and day give the same words on every call; the day and the number of
    check-ins and habits each move it on by one, so four weeks show all four in a fixed order."""
    from cxhabits.cli import daily

    def welcome(day: dt.date, checkins: int = 0, others: int = 0) -> str:
        record = HabitRecord(
            "agent.x",
            MONDAY,
            checkins=tuple(CheckIn(MONDAY + dt.timedelta(days=n)) for n in range(checkins)),
        )
        dropped = tuple(
            HabitRecord(f"agent.old{n}", MONDAY, status="dropped") for n in range(others)
        )
        return daily.pick_from(daily.WELCOMES, State(habits=(*dropped, record)), record, day)

    weeks = [welcome(MONDAY + dt.timedelta(weeks=n)) for n in range(4)]
    assert weeks == [
        "Welcome back. A miss is a moment; coming back is the habit.",
        "Back again: that is exactly how habits are made.",
        "Good to see you back: the return is what counts.",
        "Welcome back! Coming back is the move that builds a habit.",
    ]
    assert [welcome(MONDAY + dt.timedelta(weeks=n)) for n in range(4)] == weeks  # again: same
    for day in workdays(MONDAY, 5):
        assert welcome(day) == welcome(day)
        assert welcome(day, checkins=1) == welcome(day + dt.timedelta(days=1))
        assert welcome(day, others=2) == welcome(day, checkins=2)
        assert welcome(day, checkins=4) == welcome(day)  # four wordings: round again


def test_the_pick_day_is_never_called_missed() -> None:
    start()
    tuesday = MONDAY + dt.timedelta(days=1)
    first = ok("checkin", day=tuesday).stdout
    assert "back" not in first.lower() and "missed" not in first.lower()
    doc = data("streak", day=tuesday)["active"]
    assert doc["scheduled_last_20"] == 1 and doc["current_streak"] == 1


def test_yesterday_on_a_monday_is_the_friday() -> None:
    start(MONDAY - dt.timedelta(weeks=1))
    result = ok("checkin", "--yesterday", day=MONDAY)
    assert "checked in for Fri 30 Oct" in result.stdout
    history = json.loads(ok("history", role_habits("agent")[0], "--json").stdout)
    assert history[0]["days"] == [{"day": "2026-10-30", "note": None}]


def test_a_note_on_a_day_already_checked_in() -> None:
    start()
    ok("checkin")
    first = ok("checkin", "--note", "calm call").stdout
    assert "Note set" in first and "calm call" in first and "Done" not in first
    assert "checked in for" not in first  # no second celebration
    second = ok("checkin", "--note", "better call").stdout
    assert "It replaced: calm call" in second
    same = ok("checkin", "--note", "better call").stdout
    assert "with that note" in same
    refused = cx("checkin", "--undo", "--note", "oops")
    assert refused.exit_code == 2 and "--note" in refused.stderr
    assert "better call" in ok("streak").stdout  # the latest note
    history = json.loads(ok("history", role_habits("agent")[0], "--json").stdout)
    assert history[0]["days"] == [{"day": MONDAY.isoformat(), "note": "better call"}]


def test_checked_in_is_said_once_and_titles_name_the_habit() -> None:
    habit = start()
    result = ok("checkin").stdout
    assert result.lower().count("checked in") == 1
    undo = ok("checkin", "--undo").stdout
    assert habit not in undo and "Removed the check-in" in undo
    rated = ok("rate", "5 6 5 6").stdout
    assert "Automaticity 5.5 recorded for" in rated and habit not in rated


def test_a_saturday_check_in_made_that_saturday_says_today() -> None:
    start()
    saturday = MONDAY + dt.timedelta(days=5)
    result = ok("checkin", day=saturday).stdout
    assert "Today is not a scheduled workday" in result
    friday = ok("checkin", "--date", saturday.isoformat(), day=saturday + dt.timedelta(days=2))
    assert "That day is not" in friday.stdout or "Already" in friday.stdout


def test_the_streak_view_reads_on_day_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    start()
    ok("checkin")
    view = ok("streak").stdout
    assert "no self-check yet" in view and "-/5.0" not in view
    assert "Routine by Thu 3 Dec at the earliest: 23 more workdays" in view
    # nothing could be met on day one: not yet, never a cross (issue 23)
    assert "◌ not yet: strength 7 % (80 % needed)" in view
    assert "◌ not yet: 1 of 1 workdays so far (16 of 20 needed)" in view
    assert "◌ automaticity: no self-check yet (5.0 of 7 needed)" in view
    assert "✗" not in view


def test_the_streak_view_ticks_met_conditions_and_says_what_next_once_routine() -> None:
    habit = start()
    days = workdays(MONDAY, 24)
    for number, day in enumerate(days, start=1):
        ok("checkin", day=day)
        if number == 22:
            ok("rate", "6", "6", "6", "6", day=day)
            view = ok("streak", day=day).stdout
            assert "22 of 20" not in view
            assert "✓ 20 of 20 workdays (16 needed)" in view
            assert "✓ automaticity 6.0 of 7 (5.0 needed)" in view
            assert "Routine by" in view
    view = ok("streak", day=days[-1]).stdout
    assert habit in view and "cxhabits pick" in view


def test_the_streak_view_in_dutch_has_a_decimal_comma() -> None:
    start()
    ok("config", "language", "nl")
    ok("checkin")
    view = ok("streak").stdout
    assert "sterkte 7 % (80 % nodig)" in view and "nog geen zelfcheck (5,0 van 7 nodig)" in view
    assert "Op zijn vroegst routine op do 3 dec" in view


def test_an_empty_answer_to_the_self_check_says_what_to_type() -> None:
    start()
    result = ok("rate", input="\n6\n6\n6\n6\n")
    assert "Type a whole number from 1 to 7." in result.stderr
    assert "Automaticity 6.0 recorded" in result.stdout
