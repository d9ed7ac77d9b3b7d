"""Fitting into people's day: the prompt line, the calendar file, completion.

Export and import are in tests/exchange/.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar
import pytest

from cxhabits import i18n
from cxhabits.cli import app as shell
from cxhabits.library import catalog
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, data, ok, role_habits


def test_status_in_every_state() -> None:
    assert ok("status").stdout == ""  # nothing picked: empty, and success
    habit = role_habits("agent")[0]
    title = data("show", habit)["title"]["en"]
    ok("pick", habit)
    assert ok("status").stdout.strip() == f"cx: {title} · today open"
    ok("checkin")
    assert ok("status").stdout.strip() == f"cx: {title} · done ✓"
    saturday = MONDAY + dt.timedelta(days=5)
    assert ok("status", day=saturday).stdout.strip() == f"cx: {title} · day off"
    ok("config", "require_rating", "false")
    for day in workdays(MONDAY, 24):
        ok("checkin", day=day)
    assert "all routine" in ok("status", day=dt.date(2026, 12, 4)).stdout


def test_status_follows_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit)
    ok("config", "language", "nl")
    assert data("show", habit)["title"]["nl"] in ok("status").stdout


def calendar_of(text: str) -> Any:
    """The one event of an iCalendar document (Any: icalendar's value types are loose)."""
    calendar = icalendar.Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return event


def test_remind_ics_parses_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    habit = role_habits("finance")[0]
    card = data("show", habit)
    ok("pick", habit)
    saturday = MONDAY + dt.timedelta(days=5)
    event = calendar_of(ok("remind", "--ics", "--at", "08:45", day=saturday).stdout)
    start = event.decoded("dtstart")
    assert start.date() == MONDAY + dt.timedelta(weeks=1)  # the next workday
    assert (start.hour, start.minute) == (8, 45)
    assert str(start.tzinfo) == "Europe/Amsterdam"
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert card["title"]["en"] in str(event["summary"])
    description = str(event["description"])
    assert card["anchor"]["en"] in description and card["celebration"]["en"] in description
    assert "cxhabits checkin" in description


def test_remind_follows_the_workdays_and_defaults_to_nine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    ok("pick", role_habits("agent")[0])
    ok("config", "workdays", "mon,wed,sat")
    event = calendar_of(ok("remind", "--ics").stdout)
    assert event["rrule"]["BYDAY"] == ["MO", "WE", "SA"]
    assert (event.decoded("dtstart").hour, event.decoded("dtstart").minute) == (9, 0)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["remind"], 2, "--ics"),
        (["remind", "--ics", "--at", "25:00"], 2, "not a time"),
        (["remind", "--ics", "--at", "9"], 2, "not a time"),
        (["remind", "--ics"], 1, "nothing to remind"),
    ],
)
def test_remind_refusals(args: list[str], code: int, message: str) -> None:
    if code == 2:
        ok("pick", role_habits("agent")[0])
    result = cx(*args)
    assert result.exit_code == code and message in result.stderr and result.stdout == ""


def test_completion_returns_habit_ids_for_a_partial_id(cx_home: Path) -> None:
    agent = role_habits("agent")
    # every id that `show` and `checkin` take, a retired one (agent.photo-by-my-screen) too
    ids = [i for i in catalog.load_library(None).habits if i.startswith("agent.")]
    assert sorted(shell.complete_habit_id("agent.")) == sorted(ids)
    assert set(agent) < set(ids)
    assert shell.complete_habit_id(agent[0][:-2]) == [agent[0]]
    assert shell.complete_role("fi") == ["finance", "field-service"]


def test_completion_through_the_installed_command(cx_home: Path) -> None:
    agent = role_habits("agent")
    env = {
        **os.environ,
        "CXHABITS_HOME": str(cx_home),
        "_CXHABITS_COMPLETE": "complete_bash",
        "COMP_WORDS": f"cxhabits show {agent[0][:-2]}",
        "COMP_CWORD": "2",
    }
    result = subprocess.run(
        [sys.executable, "-m", "cxhabits"], env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == [agent[0]]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_self_check_in_the_first_two_weeks_says_it_means_more_later(language: str) -> None:
    early = {"en": "Early days", "nl": "Nog vroeg"}[language]
    ok("config", "language", language)
    ok("pick", "agent.warm-handover")
    try:
        first_day = ok("rate", "5", "5", "5", "5").stdout
        day_13 = ok("rate", "5", "5", "5", "5", day=MONDAY + dt.timedelta(days=13)).stdout
        day_14 = ok("rate", "5", "5", "5", "5", day=MONDAY + dt.timedelta(days=14)).stdout
    finally:
        i18n.set_language("en")
    assert early in first_day and early in day_13
    assert early not in day_14


@pytest.mark.parametrize("line", ["5 6 5 6", "5  6 5 6 ", "7 1 7 1"])
def test_four_scores_piped_on_one_line_are_the_self_check(line: str) -> None:
    ok("pick", "agent.warm-handover")
    result = ok("rate", input=line + "\n")
    scores = [int(score) for score in line.split()]
    mean = sum(scores) / 4
    assert f"Automaticity {mean:.1f} recorded" in result.stdout


@pytest.mark.parametrize("piped", ["", "5\n", "5 6 5 9\n"])
def test_an_ended_self_check_suggests_no_numbers_of_its_own(piped: str) -> None:
    ok("pick", "agent.warm-handover")
    result = cx("rate", input=piped)
    assert result.exit_code == 2
    instead = next(line for line in result.stderr.splitlines() if "cxhabits rate" in line)
    assert not any(character.isdigit() for character in instead), instead
