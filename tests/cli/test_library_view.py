"""`library` as a person reads it (issue 23): the role of the latest habit by default,
`--all` for every role, grouped under role names, a status only where it is not the
ordinary one, why habits are locked said once; `--json` every habit unless `--role`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.cli.test_history import routine_then_dropped
from tests.helpers.cli import MONDAY, cx, data, ok, refused, role_habits

AGENT = "Contact-centre agent"


def headings(text: str) -> list[str]:
    """The role names: the lines not indented (a long name may wrap: at 1000 columns not)."""
    return [line for line in text.splitlines() if line and not line.startswith(" ")]


def test_before_the_first_pick_every_role_and_no_status() -> None:
    text = ok("library").stdout
    roles = [r["name"] for r in data("roles")]
    assert [h for h in headings(text) if h in roles] == roles  # each role once, in order
    assert "available" not in text and "locked" not in text.lower()
    assert "latest habit" not in text


def test_after_a_pick_its_role_with_one_word_on_the_lock() -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit)
    text = ok("library").stdout
    assert headings(text)[0] == AGENT
    roles = {r["name"] for r in data("roles")}
    assert [h for h in headings(text) if h in roles] == [AGENT]
    assert f"  {habit}  active" in text
    assert text.count("locked") == 0 and text.count("Locked") == 1  # said once
    assert "cxhabits library --all" in text
    every = ok("library", "--all").stdout
    assert [h for h in headings(every) if h in roles] == [r["name"] for r in data("roles")]
    assert "library --all" not in every
    # --json: every habit unless --role, the status on each as before
    rows = data("library")
    assert len(rows) == len(data("library", "--all")) > len(role_habits("agent"))
    assert {r["status"] for r in rows} == {"active", "locked"}


def test_the_latest_pick_chooses_the_role() -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY)
    ok("drop", "--yes", day=MONDAY)
    leader = role_habits("team-lead")[0]
    ok("pick", leader, day=MONDAY + dt.timedelta(days=1))
    text = ok("library", day=MONDAY + dt.timedelta(days=1)).stdout
    lead_name = next(r["name"] for r in data("roles") if r["id"] == "team-lead")
    assert headings(text)[0] == lead_name and AGENT not in text
    assert "agent." not in ok("library", "--role", "team-lead").stdout


def test_a_routine_habit_is_marked_and_available_is_not(cx_home: Path) -> None:
    first, _second = routine_then_dropped(cx_home)
    later = dt.date(2027, 1, 4)
    text = ok("library", day=later).stdout
    assert f"  {first}  routine" in text
    assert "available" not in text and "Locked" not in text


def test_role_and_all_together_is_bad_usage() -> None:
    refused(cx("library", "--role", "agent", "--all"), 2, "--role", "--all")


def test_library_in_dutch() -> None:
    ok("config", "language", "nl")
    ok("pick", role_habits("agent")[0])
    text = ok("library").stdout
    dutch = next(r["name"] for r in data("roles") if r["id"] == "agent")
    assert headings(text)[0] == dutch != AGENT
    assert "  actief" in text or " actief" in text
    assert "Locked" not in text and "latest" not in text
    assert "cxhabits library --all" in text


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_library_fits_the_terminal(width: int, lang: str) -> None:
    ok("config", "language", lang)
    ok("pick", role_habits("agent")[0])
    for args in (["library"], ["library", "--all"]):
        lines = ok(*args, columns=width).stdout.splitlines()
        assert all(line == line.rstrip() for line in lines)
        for line in lines:
            assert len(line) <= width or len(line.split()[0]) > width - 4, line
    assert json.loads(ok("library", "--json", columns=width).stdout)
