"""`history` from the state's index, and `history HABIT_ID` day by day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.conftest import workdays
from tests.helpers.cli import cx, ok, role_habits

MONDAY = dt.date(2026, 11, 2)


def routine_then_dropped(cx_home: Path) -> tuple[str, str]:
    first, second = role_habits("agent")[:2]
    ok("pick", first, day=MONDAY)
    days = workdays(MONDAY, 24)
    for number, day in enumerate(days, start=1):
        if number == 3:
            ok("skip", day=day)  # then done after all: the check-in replaces the skip
        note = ["--note", "first one"] if number == 1 else []
        ok("checkin", *note, day=day)
        if number == 20:
            ok("rate", "6", "6", "6", "6", day=day)
    ok("pick", second, day=days[-1])
    ok("anchor", "After I sit down with a coffee", day=days[-1])
    ok("skip", "--reason", "no calls today", day=days[-1] + dt.timedelta(days=4))
    ok("drop", "--yes", "--reason", "not my day", day=days[-1] + dt.timedelta(days=4))
    return first, second


def test_plain_history_reads_no_archive(cx_home: Path) -> None:
    first, _second = routine_then_dropped(cx_home)
    rows = json.loads(ok("history", "--json").stdout)
    assert [r["checkins"] for r in rows] == [24, 0]
    for archive in (cx_home / "archive").iterdir():
        archive.write_text("this is [not toml", encoding="utf-8")  # unreadable, if read
    assert [r["checkins"] for r in json.loads(ok("history", "--json").stdout)] == [24, 0]
    assert first in ok("history").stdout


def test_history_of_one_habit_day_by_day(cx_home: Path) -> None:
    first, second = routine_then_dropped(cx_home)
    doc = json.loads(ok("history", first, "--json").stdout)
    assert len(doc) == 1 and doc[0]["status"] == "routine" and doc[0]["checkins"] == 24
    assert doc[0]["days"][0] == {"day": "2026-11-02", "note": "first one"}
    assert doc[0]["skipped"] == []  # the skip was replaced by a check-in
    assert doc[0]["ratings"][0]["scores"] == [6, 6, 6, 6]
    dropped = json.loads(ok("history", second, "--json").stdout)[0]
    assert dropped["skipped"][0]["reason"] == "no calls today"
    assert dropped["anchors"][0]["text"] == "After I sit down with a coffee"
    text = ok("history", second).stdout
    assert "no calls today" in text and "After I sit down with a coffee" in text
    assert "not my day" in text


def test_one_block_per_pick(cx_home: Path) -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)
    ok("checkin", day=MONDAY)
    ok("drop", "--yes", day=MONDAY)
    ok("pick", habit, day=MONDAY + dt.timedelta(days=1))
    ok("checkin", "--note", "again", day=MONDAY + dt.timedelta(days=1))
    doc = json.loads(ok("history", habit, "--json").stdout)
    assert [d["status"] for d in doc] == ["dropped", "active"]
    assert ok("history", habit).stdout.count("picked") == 2


def test_history_of_an_unknown_or_unpicked_habit() -> None:
    unknown = cx("history", "agent.no-such-habit")
    assert unknown.exit_code == 2
    unpicked = ok("history", role_habits("agent")[0])
    assert "not picked" in unpicked.stderr and unpicked.stdout == ""
    assert json.loads(ok("history", role_habits("agent")[0], "--json").stdout) == []


# -- every workday's fate (issue 23): done, missed, skipped, paused --------------------


def fates(habit: str, day: dt.date) -> dict[str, list[str]]:
    doc = json.loads(ok("history", habit, "--json", day=day).stdout)[-1]
    return {"missed": doc["missed"], "paused": doc["paused"], "skipped": doc["skipped"]}


def test_missed_days_are_listed_and_the_free_days_are_not() -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)  # the pick day is free
    ok("checkin", day=MONDAY + dt.timedelta(days=1))
    ok("skip", "--reason", "no calls", day=MONDAY + dt.timedelta(days=3))
    # Wed missed, Fri missed, the weekend is not a workday, Mon 9 missed, Tue 10 open
    got = fates(habit, dt.date(2026, 11, 10))
    assert got["missed"] == ["2026-11-04", "2026-11-06", "2026-11-09"]
    assert got["paused"] == []
    text = ok("history", habit, day=dt.date(2026, 11, 10)).stdout
    lines = [line.split() for line in text.splitlines()[1:]]
    assert [words[:4] for words in lines] == [  # dated as a person reads it, in one column
        ["Tue", "3", "Nov", "done"],
        ["Wed", "4", "Nov", "missed"],
        ["Thu", "5", "Nov", "skipped"],
        ["Fri", "6", "Nov", "missed"],
        ["Mon", "9", "Nov", "missed"],
    ]
    starts = {
        line.index(words[3]) for line, words in zip(text.splitlines()[1:], lines, strict=True)
    }
    assert len(starts) == 1


def test_paused_days_are_listed_and_a_holiday_said_once() -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)
    ok("pause", "--from", "2026-11-04", "--to", "2026-11-04", day=MONDAY)
    ok("pause", "--from", "2026-11-06", "--to", "2026-11-13", day=MONDAY)
    ok("checkin", day=dt.date(2026, 11, 12))  # done on a paused day: done, not paused
    got = fates(habit, dt.date(2026, 11, 17))
    paused = ["2026-11-04", "2026-11-06", "2026-11-09", "2026-11-10", "2026-11-11"]
    assert got["paused"] == [*paused, "2026-11-13"]
    assert got["missed"] == ["2026-11-03", "2026-11-05", "2026-11-16"]
    text = ok("history", habit, day=dt.date(2026, 11, 17)).stdout
    assert "Wed 4 Nov   paused\n" in text
    assert "Fri 6 Nov   paused, 4 workdays to Wed 11 Nov" in text  # the weekend in between
    assert "Thu 12 Nov  done" in text and "Fri 13 Nov  paused\n" in text


def test_a_finished_pick_has_no_missed_days_after_it_ended() -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)
    ok("checkin", day=MONDAY + dt.timedelta(days=2))
    ok("drop", "--yes", day=MONDAY + dt.timedelta(days=3))  # the drop day is free too
    got = fates(habit, dt.date(2026, 11, 30))
    assert got["missed"] == ["2026-11-03"]


def test_a_routine_habit_stops_missing_once_routine(cx_home: Path) -> None:
    first, _second = routine_then_dropped(cx_home)
    doc = json.loads(ok("history", first, "--json", day=dt.date(2027, 1, 29)).stdout)[0]
    assert doc["missed"] == [] and doc["paused"] == []


def test_the_fates_in_dutch() -> None:
    habit = role_habits("agent")[0]
    ok("config", "language", "nl")
    ok("pick", habit, day=MONDAY)
    ok("pause", "--from", "2026-11-09", "--to", "2026-11-13", day=MONDAY)
    text = ok("history", habit, day=dt.date(2026, 11, 17)).stdout
    assert "di 3 nov   gemist" in text
    assert "ma 9 nov   pauze, 5 werkdagen tot vr 13 nov" in text
    assert "missed" not in text and "paused" not in text
    narrow = ok("history", habit, day=dt.date(2026, 11, 17), columns=30).stdout.splitlines()
    first = "  ma 9 nov   pauze, 5"
    assert first in narrow  # the column kept, the rest under the text
    assert narrow[narrow.index(first) + 1] == " " * 13 + "werkdagen tot vr"
    assert all(line == line.rstrip() for line in narrow)
    assert all(len(line) <= 30 for line in narrow if habit not in line)  # an id stays whole
