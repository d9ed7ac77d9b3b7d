"""`pause --from A --to B` over part of an existing pause moves its ends and says so
(PRODUCT.md): a person back early shortens the holiday without removing it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cxhabits.storage import datafolder
from tests.helpers.cli import MONDAY, ok, role_habits


def pauses() -> list[str]:
    return ok("pause", "--list").stdout.splitlines()


def test_back_early_the_end_moves_and_the_days_count_again() -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)
    ok("pause", "--from", "2026-11-09", "--to", "2026-11-20", "--reason", "holiday")
    said = ok("pause", "--from", "2026-11-09", "--to", "2026-11-13").stdout
    assert "Moved the pause Mon 9 Nov to Fri 20 Nov" in said
    assert "now Mon 9 Nov to Fri 13 Nov (5 days)" in said
    assert pauses() == ["Mon 9 Nov to Fri 13 Nov  holiday"]
    doc = json.loads(ok("history", habit, "--json", day=dt.date(2026, 11, 19)).stdout)[0]
    assert doc["missed"][-3:] == ["2026-11-16", "2026-11-17", "2026-11-18"]  # count again


def test_the_start_or_both_ends_move_and_a_new_reason_replaces_the_old() -> None:
    ok("pause", "--from", "2026-12-01", "--to", "2026-12-15", "--reason", "holiday")
    ok("pause", "--from", "2026-12-03", "--to", "2026-12-15")
    assert pauses() == ["Thu 3 Dec to Tue 15 Dec  holiday"]
    said = ok("pause", "--from", "2026-12-07", "--to", "2026-12-09", "--reason", "course")
    assert "it is now Mon 7 Dec to Wed 9 Dec (3 days)" in said.stdout
    assert pauses() == ["Mon 7 Dec to Wed 9 Dec  course"]


def test_the_same_days_or_more_days_are_not_a_move() -> None:
    ok("pause", "--from", "2026-12-01", "--to", "2026-12-15")
    same = ok("pause", "--from", "2026-12-01", "--to", "2026-12-15").stdout
    assert "Moved" not in same and pauses() == ["Tue 1 Dec to Tue 15 Dec"]
    longer = ok("pause", "--from", "2026-12-10", "--to", "2026-12-20").stdout
    assert "Moved" not in longer and pauses() == ["Tue 1 Dec to Sun 20 Dec"]


def test_a_moved_pause_keeps_what_a_newer_version_wrote_in_it(cx_home: Path) -> None:
    ok("pause", "--from", "2026-12-01", "--to", "2026-12-15")
    path = datafolder.state_path(cx_home)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("to = 2026-12-15 }", 'to = 2026-12-15, place = "beach" }'))
    assert 'place = "beach"' in path.read_text(encoding="utf-8")
    ok("pause", "--from", "2026-12-01", "--to", "2026-12-05")
    assert 'place = "beach"' in path.read_text(encoding="utf-8")


def test_a_moved_pause_in_dutch_at_40_columns() -> None:
    ok("config", "language", "nl")
    ok("pause", "--from", "2026-12-01", "--to", "2026-12-15")
    said = ok("pause", "--from", "2026-12-01", "--to", "2026-12-05", columns=40).stdout
    assert "verschoven" in said.lower() and "Moved" not in said
    lines = said.splitlines()
    assert all(len(line) <= 40 and line == line.rstrip() for line in lines)
    flowing = " ".join(lines)
    assert "di 1 dec" in flowing and "za 5 dec" in flowing and "2026-12" not in flowing
