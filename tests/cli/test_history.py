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
