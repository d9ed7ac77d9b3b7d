"""Merging a sync client's copy of state.toml reads and writes only the habits whose
records may differ: a finished habit that is the same archive file in every source (same
place, no copy of the file) is left unread and unwritten, its counts kept."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import tomli_w
from typer.testing import CliRunner, Result

from cxhabits.cli.main import app
from cxhabits.domain.model import HabitRecord, State
from cxhabits.storage import store
from tests.conftest import workdays

MONDAY = dt.date(2026, 1, 5)
HABITS = (
    "agent.breath-after-hard-call",
    "agent.read-one-customer-voice",
    "agent.one-word-for-the-feeling",
)
runner = CliRunner()


def run(home: Path, day: dt.date, *args: str, device: str = "pc") -> Result:
    env = {"CXHABITS_HOME": str(home), "CXHABITS_TODAY": day.isoformat(), "CXHABITS_DEVICE": device}
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.stderr
    return result


def finished_twice(home: Path) -> dt.date:
    """Two habits checked in and dropped, the third active; returns the last day."""
    day = MONDAY
    for habit in HABITS:
        run(home, day, "pick", habit)
        done = workdays(day, 6)
        for each in done:
            run(home, each, "checkin", "--note", f"{habit} {each}")
        day = done[-1]
        if habit != HABITS[-1]:
            run(home, day, "drop", "--yes")
    return day


def two_devices(tmp: Path) -> tuple[Path, Path, dt.date]:
    """The pc's data folder as `finished_twice` leaves it, and the laptop's copy of it."""
    home = tmp / "pc"
    last = finished_twice(home)
    laptop = tmp / "laptop"
    shutil.copytree(home, laptop)
    return home, laptop, last


def days(home: Path) -> set[tuple[str, dt.date, str | None]]:
    return {(r.id, c.day, c.note) for r in store.load_full(home).habits for c in r.checkins}


def archive_files(home: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (home / "archive").iterdir()}


@contextlib.contextmanager
def reads_counted(read: list[str]) -> Iterator[None]:
    """While inside: the id of each habit whose archive is read into memory, in `read`."""
    real = store.load_record

    def counting(home: Path, state: State, record: HabitRecord, *rest: Any) -> Any:
        read.append(record.id)
        return real(home, state, record, *rest)

    with mock.patch.object(store, "load_record", counting):
        yield


def test_a_copy_that_differs_only_in_the_active_habit_leaves_the_archives_alone(
    tmp_path: Path,
) -> None:
    home, laptop, last = two_devices(tmp_path)
    nxt = last + dt.timedelta(days=3)
    run(home, nxt, "checkin", "--note", "from the pc")
    run(laptop, nxt + dt.timedelta(days=1), "checkin", "--note", "from the laptop", device="lap")
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    expected = days(home) | days(laptop)
    archives = archive_files(home)
    read: list[str] = []
    with reads_counted(read):
        saved = run(home, nxt + dt.timedelta(days=1), "history")
        assert read == []  # neither finished habit was read to merge
    result = run(home, nxt + dt.timedelta(days=2), "checkin")
    assert "Merged" in result.stderr
    assert archive_files(home) == archives  # not rewritten: same bytes, same times
    assert not (home / "state (1).toml").exists()
    assert days(home) >= expected
    for record in store.load(home).habits[:2]:  # the index counts are right
        assert record.checkins_total == 6 and record.skips_total == 0
    history = run(home, nxt + dt.timedelta(days=2), "history", "--json").stdout
    assert saved.exit_code == 0 and '"checkins": 6' in history


def test_a_copy_with_a_finished_habit_changed_is_still_merged_record_by_record(
    tmp_path: Path,
) -> None:
    home, laptop, last = two_devices(tmp_path)
    # another device's version of the first habit's archive file, with a check-in more
    # (as a finished habit's record is mended there): a copy of that file
    day = MONDAY + dt.timedelta(days=5)  # the Saturday: kept and shown, not counted
    name = next(p.name for p in (laptop / "archive").iterdir() if p.name.startswith("001-"))
    doc = tomllib.loads((laptop / "archive" / name).read_text(encoding="utf-8"))
    doc["checkins"] = sorted([*doc["checkins"], day])
    doc["notes"] = sorted([*doc["notes"], {"day": day, "text": "later"}], key=lambda n: n["day"])
    copy = home / "archive" / name.replace(".toml", " (1).toml")
    copy.write_text(tomli_w.dumps(doc), encoding="utf-8")
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    run(home, last + dt.timedelta(days=1), "checkin")
    first = store.load_full(home).habits[0]
    assert (day, "later") in {(c.day, c.note) for c in first.checkins}
    assert not list((home / "archive").glob("* (1).toml"))  # merged in, put aside


def test_a_copy_that_counts_a_finished_habit_otherwise_has_it_read(tmp_path: Path) -> None:
    home = tmp_path / "pc"
    last = finished_twice(home)
    text = (home / "state.toml").read_text(encoding="utf-8")
    assert text.count("checkins_total = 6") == 2
    # a device that mended the first habit's records counted them anew
    (home / "state (1).toml").write_text(
        text.replace("checkins_total = 6", "checkins_total = 7", 1), encoding="utf-8"
    )
    read: list[str] = []
    with reads_counted(read):
        run(home, last + dt.timedelta(days=1), "history")
    assert HABITS[0] in read and HABITS[1] not in read


def test_a_habit_picked_again_the_same_day_leaves_no_later_habit_unread(tmp_path: Path) -> None:
    """Found by review: the view folds two records of one key into one, and every later
    habit moves up a place (its archive file name changes), so none is left unread."""
    home = tmp_path / "pc"
    first, second, third = HABITS
    day = MONDAY
    run(home, day, "pick", first)
    run(home, day, "checkin", "--note", "x1")
    run(home, day, "drop", "--yes")
    run(home, day, "pick", first)  # picked again the same day: one key, two records
    day += dt.timedelta(days=1)
    run(home, day, "checkin", "--note", "x2")
    run(home, day, "drop", "--yes")
    run(home, day, "pick", second)
    done = workdays(day + dt.timedelta(days=1), 3)
    for each in done:
        run(home, each, "checkin", "--note", f"y {each}")
    run(home, done[-1], "drop", "--yes")
    run(home, done[-1], "pick", third)
    laptop = tmp_path / "laptop"
    shutil.copytree(home, laptop)
    later = workdays(done[-1] + dt.timedelta(days=1), 2)
    run(home, later[0], "checkin", "--note", "pc")
    run(laptop, later[1], "checkin", "--note", "lap", device="lap")
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    run(home, later[1] + dt.timedelta(days=1), "checkin")
    kept = {(r.id, c.note) for r in store.load_full(home).habits for c in r.checkins}
    assert {(second, f"y {each}") for each in done} <= kept
    assert {(first, "x1"), (first, "x2"), (third, "pc"), (third, "lap")} <= kept
