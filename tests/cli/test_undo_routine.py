"""Undoing every check-in of a routine habit (found by the state machine in
tests/domain/test_properties.py): the archive file the check-ins were read from may be
emptied by the undo that read it, and by nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxhabits.errors import StateError
from cxhabits.storage import schema, store
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, ok, refused

FIRST, SECOND = "agent.breath-after-hard-call", "agent.read-one-customer-voice"
QUICK = {  # routine after a few check-ins, no self-check asked, 30 days to fill in
    "backfill_days": "30",
    "strength_threshold": "0.1",
    "consistency_done": "1",
    "consistency_window": "5",
    "require_rating": "false",
}


def routine_then_next(days: int) -> list[dt.date]:
    for key, value in QUICK.items():
        ok("config", key, value)
    ok("pick", FIRST)
    done = workdays(MONDAY, days)
    for day in done:
        ok("checkin", day=day)
    ok("pick", SECOND, day=done[-1] + dt.timedelta(days=1))
    return done


def archive(cx_home: Path) -> Path:
    return cx_home / "archive" / f"001-{FIRST}.toml"


def recorded(cx_home: Path) -> list[dt.date]:
    state = store.load_full(cx_home)
    return [c.day for c in state.current(FIRST).checkins]  # type: ignore[union-attr]


@pytest.mark.parametrize("days", [2, 3])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_check_in_of_a_routine_habit_can_be_undone(
    cx_home: Path, days: int, language: str
) -> None:
    done = routine_then_next(days)
    ok("config", "language", language)
    today = done[-1] + dt.timedelta(days=1)
    for day in done:
        assert archive(cx_home).exists()
        ok("checkin", FIRST, "--undo", "--date", day.isoformat(), day=today)
    assert recorded(cx_home) == []
    doc = schema.migrate(store._read_toml_with_fingerprint(archive(cx_home))[0])  # type: ignore[index]
    assert schema.archive_owner(doc, "x") == (FIRST, MONDAY)
    assert not schema.archive_holds_records(doc)
    again = cx("checkin", FIRST, "--undo", "--date", done[0].isoformat(), day=today)
    refused(again, 1, "cxhabits streak")
    ok("checkin", FIRST, "--date", done[0].isoformat(), day=today)  # and back again
    assert recorded(cx_home) == [done[0]]


def test_an_archive_not_read_into_memory_is_still_never_emptied(cx_home: Path) -> None:
    done = routine_then_next(2)
    today = done[-1] + dt.timedelta(days=1)
    file = archive(cx_home)
    kept = file.read_bytes()
    ok("checkin", FIRST, "--undo", "--date", done[0].isoformat(), day=today)
    # another version of the file arrives (a sync, a restore) with check-ins of its own
    file.write_bytes(kept)
    state = store.load(cx_home)
    record = state.current(FIRST)
    assert record is not None
    empty = record._replace(checkins=(), ratings=(), skips=(), loaded=True)
    with pytest.raises(StateError, match="will not replace it"):
        store.save(cx_home, state.with_record(record, empty))
    assert file.read_bytes() == kept
