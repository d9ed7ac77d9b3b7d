"""Two devices finished the same habit, picked on different days, at the same place in
their state: both wrote an archive file by one name. A sync client keeps one by that
name (from either device, not always the one whose state.toml kept its name) and the
other beside it as a copy. Found by the slow sync run (Google Drive, two devices).

Every check-in of both is in the view, the next save keeps both records, and a file by
that name whose record is nowhere else is still never written over.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cxhabits.cli.main import app
from cxhabits.domain.model import State
from cxhabits.storage import schema, store

MONDAY = dt.date(2026, 11, 2)
FIRST, SECOND, THIRD = (
    "agent.breath-after-hard-call",
    "agent.one-word-for-the-feeling",
    "agent.read-one-customer-voice",
)
PLACE = f"002-{SECOND}.toml"
runner = CliRunner()


def run(home: Path, day: dt.date, *args: str) -> Result:
    env = {"CXHABITS_HOME": str(home), "CXHABITS_TODAY": day.isoformat()}
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def device(home: Path, picked: dt.date, days: int) -> Path:
    """A data folder: FIRST checked in and dropped, SECOND picked on `picked`, checked in
    on `days` workdays from then and dropped, THIRD active."""
    assert run(home, MONDAY, "pick", FIRST).exit_code == 0
    assert run(home, MONDAY, "checkin").exit_code == 0
    assert run(home, picked, "drop", "--yes").exit_code == 0
    assert run(home, picked, "pick", SECOND).exit_code == 0
    day = picked
    for _ in range(days):
        assert run(home, day, "checkin", "--note", f"{day} here").exit_code == 0
        day += dt.timedelta(days=1)
    assert run(home, day, "drop", "--yes").exit_code == 0
    assert run(home, day, "pick", THIRD).exit_code == 0
    return home


def days_of(state: State) -> set[tuple[str, dt.date, dt.date]]:
    return {(r.id, r.picked, c.day) for r in state.habits for c in r.checkins}


def owners(home: Path) -> dict[str, tuple[str, dt.date]]:
    found = {}
    for path in sorted((home / "archive").glob("*.toml")):
        doc = schema.migrate(store._read_toml_with_fingerprint(path)[0])  # type: ignore[index]
        found[path.name] = schema.archive_owner(doc, path.name)
    return found


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path]:
    tuesday = MONDAY + dt.timedelta(days=1)
    return device(tmp_path / "pc", MONDAY, 1), device(tmp_path / "laptop", tuesday, 2)


@pytest.mark.parametrize("copy", ["{stem} (1).toml", "{stem}-LAPTOP.toml"])
@pytest.mark.parametrize("named_archive_from", ["pc", "laptop"])
def test_both_picks_survive_whichever_archive_kept_the_name(
    tmp_path: Path, devices: tuple[Path, Path], copy: str, named_archive_from: str
) -> None:
    pc, laptop = devices
    expected = days_of(store.load_full(pc)) | days_of(store.load_full(laptop))
    home = tmp_path / "synced"
    shutil.copytree(pc, home)  # state.toml (and the first archive) kept the pc's names
    shutil.copy(laptop / "state.toml", home / copy.format(stem="state"))
    named, other = (pc, laptop) if named_archive_from == "pc" else (laptop, pc)
    shutil.copy(named / "archive" / PLACE, home / "archive" / PLACE)
    beside = copy.format(stem=PLACE.removesuffix(".toml"))
    shutil.copy(other / "archive" / PLACE, home / "archive" / beside)

    assert days_of(store.load_full(home)) == expected
    day = MONDAY + dt.timedelta(days=7)
    saved = run(home, day, "checkin")
    assert saved.exit_code == 0, saved.stderr
    assert "Merged" in saved.stderr
    assert not list(home.glob("state *.toml")) and not list(home.glob("state-*.toml"))
    state = store.load_full(home)  # from the files alone now: the copies are in merged/
    assert expected <= days_of(state)
    picks = {(r.id, r.picked) for r in state.habits if r.id == SECOND}
    assert picks == {(SECOND, MONDAY), (SECOND, MONDAY + dt.timedelta(days=1))}
    notes = {c.note for r in state.habits for c in r.checkins if c.note}
    assert notes == {f"{d} here" for d in ("2026-11-02", "2026-11-03", "2026-11-04")}
    index = {(r.id, r.picked): i for i, r in enumerate(state.habits)}
    for name, owner in owners(home).items():  # each file by a name holds that place's record
        if name.split("-", 1)[0].isdigit() and "(" not in name and "LAPTOP" not in name:
            assert schema.archive_name(index[owner], state.habits[index[owner]]) == name


def test_a_file_whose_record_is_nowhere_else_is_not_written_over(
    tmp_path: Path, devices: tuple[Path, Path]
) -> None:
    pc, laptop = devices
    home = tmp_path / "synced"
    shutil.copytree(pc, home)
    shutil.copy(laptop / "archive" / PLACE, home / "archive" / PLACE)  # no copy of the pc's
    before = {p.name: p.read_bytes() for p in (home / "archive").iterdir()}
    day = MONDAY + dt.timedelta(days=7)
    assert run(home, day, "checkin").exit_code == 0  # the finished habits are not read
    refused = run(home, day, "export")
    assert refused.exit_code == 1
    assert "belongs to another habit" in " ".join(refused.stderr.split())
    assert {p.name: p.read_bytes() for p in (home / "archive").iterdir()} == before


def test_an_archive_copy_that_arrives_before_its_state_copy_waits_for_it(
    tmp_path: Path, devices: tuple[Path, Path]
) -> None:
    """Found by review: the laptop's archive file arrives (as a copy) one sync before
    its state.toml. The save in between must not put that copy aside: it holds a record
    no source holds yet."""
    pc, laptop = devices
    expected = days_of(store.load_full(pc)) | days_of(store.load_full(laptop))
    home = tmp_path / "synced"
    shutil.copytree(pc, home)
    early = home / "archive" / PLACE.replace(".toml", " (1).toml")
    shutil.copy(laptop / "archive" / PLACE, early)
    day = MONDAY + dt.timedelta(days=7)
    first = run(home, day, "checkin")
    assert first.exit_code == 0 and "Merged" not in first.stderr
    assert early.exists()  # waits for the record it belongs to
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    later = run(home, day + dt.timedelta(days=1), "checkin")
    assert later.exit_code == 0 and "Merged" in later.stderr, later.stderr
    assert not early.exists()
    assert expected <= days_of(store.load_full(home))


def test_a_device_whose_state_still_names_the_old_place_finds_its_record(
    tmp_path: Path, devices: tuple[Path, Path]
) -> None:
    """Found by review: after the pc merged (its record kept the place, the laptop's
    moved to the next free one), the laptop syncs the archive files down while its own
    state.toml still puts its record at the old place."""
    pc, laptop = devices
    mine = days_of(store.load_full(laptop))
    home = tmp_path / "synced"
    shutil.copytree(pc, home)
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    shutil.copy(laptop / "archive" / PLACE, home / "archive" / PLACE.replace(".toml", " (1).toml"))
    assert run(home, MONDAY + dt.timedelta(days=7), "checkin").exit_code == 0
    behind = tmp_path / "laptop-behind"
    shutil.copytree(laptop, behind)
    shutil.rmtree(behind / "archive")
    shutil.copytree(home / "archive", behind / "archive")  # the merged files came down
    assert mine <= days_of(store.load_full(behind))
    result = run(behind, MONDAY + dt.timedelta(days=8), "export")
    assert result.exit_code == 0, result.stderr


def test_the_other_devices_archive_by_the_name_is_kept_when_its_state_comes_later(
    tmp_path: Path, devices: tuple[Path, Path]
) -> None:
    """Found by review: the laptop's archive file took the name, the pc's is beside it
    as a copy, and the laptop's state.toml has not arrived. The pc's check-in is saved
    (the laptop's file moves to a free place's name, in the same save), and the laptop's
    record is merged in once its state arrives."""
    pc, laptop = devices
    expected = days_of(store.load_full(pc)) | days_of(store.load_full(laptop))
    home = tmp_path / "synced"
    shutil.copytree(pc, home)
    shutil.copy(home / "archive" / PLACE, home / "archive" / PLACE.replace(".toml", "-PC.toml"))
    shutil.copy(laptop / "archive" / PLACE, home / "archive" / PLACE)
    day = MONDAY + dt.timedelta(days=7)
    saved = run(home, day, "checkin")
    assert saved.exit_code == 0, saved.stderr
    assert days_of(store.load_full(pc)) <= days_of(store.load_full(home))
    assert (SECOND, MONDAY + dt.timedelta(days=1)) in owners(home).values()  # kept
    shutil.copy(laptop / "state.toml", home / "state (1).toml")
    assert run(home, day + dt.timedelta(days=1), "checkin").exit_code == 0
    assert expected <= days_of(store.load_full(home))
