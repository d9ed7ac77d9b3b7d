"""The state file: round trips, atomic saves, the backup, and broken files left untouched."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from cxhabits.domain import model
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Rating, Settings, State
from cxhabits.errors import StateError
from cxhabits.storage import datafolder, store

MONDAY = dt.date(2026, 11, 2)

SAMPLE = State(
    settings=Settings(workdays=frozenset({0, 1, 2, 3}), language="nl", require_rating=False),
    habits=(
        HabitRecord(
            id="agent.first",
            picked=MONDAY,
            status="routine",
            routine_on=MONDAY + dt.timedelta(days=40),
            checkins=(
                CheckIn(MONDAY, 'a note, with "quotes" and [brackets]'),
                CheckIn(MONDAY + dt.timedelta(days=1)),
            ),
            ratings=(Rating(MONDAY + dt.timedelta(days=1), (6, 5, 6, 7)),),
        ),
        HabitRecord(
            id="agent.second",
            picked=MONDAY + dt.timedelta(days=41),
            status="dropped",
            dropped_on=MONDAY + dt.timedelta(days=50),
            drop_reason="did not fit",
        ),
        HabitRecord(id="finance.third", picked=MONDAY + dt.timedelta(days=51)),
    ),
    pauses=(Pause(dt.date(2026, 12, 21), dt.date(2027, 1, 1), "holiday"),),
)


def test_a_missing_file_is_a_fresh_start(cx_home: Path) -> None:
    assert store.load(cx_home) == State()


def test_save_then_load_gives_back_the_same_state(cx_home: Path) -> None:
    store.save(cx_home, SAMPLE)
    assert store.load_full(cx_home) == SAMPLE


def test_the_file_is_readable_toml_with_dates(cx_home: Path) -> None:
    store.save(cx_home, SAMPLE)
    text = datafolder.state_path(cx_home).read_text()
    assert text.startswith("schema = 3\nschema_minor = 1\n")
    assert "picked = 2026-11-02" in text
    assert 'workdays = [\n    "mon",' in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_folder_and_file_are_private(cx_home: Path) -> None:
    store.save(cx_home, SAMPLE)
    assert stat.S_IMODE(cx_home.stat().st_mode) == 0o700
    assert stat.S_IMODE(datafolder.state_path(cx_home).stat().st_mode) == 0o600


def test_the_previous_file_is_kept_as_backup(cx_home: Path) -> None:
    store.save(cx_home, SAMPLE)
    first = datafolder.state_path(cx_home).read_bytes()
    store.save(cx_home, State())
    assert (cx_home / datafolder.BACKUP_FILE).read_bytes() == first
    assert not list(cx_home.glob("*.tmp"))


BROKEN = {
    "empty": b"",
    "blank": b"\n  \n",
    "invalid toml": b"schema = 1\nhabits = [\n",
    "wrong type": b'schema = 1\n[[habits]]\nid = "agent.x"\npicked = "monday"\nstatus = "active"\n',
    "missing key": b'schema = 1\n[[habits]]\nid = "agent.x"\nstatus = "active"\n',
    "bad status": b'schema = 1\n[[habits]]\nid = "a.x"\npicked = 2026-01-01\nstatus = "great"\n',
    "two active": (
        b'schema = 1\n[[habits]]\nid = "a.x"\npicked = 2026-01-01\nstatus = "active"\n'
        b'[[habits]]\nid = "a.y"\npicked = 2026-01-01\nstatus = "active"\n'
    ),
    "bad scores": (
        b'schema = 1\n[[habits]]\nid = "a.x"\npicked = 2026-01-01\nstatus = "active"\n'
        b"ratings = [{ day = 2026-01-02, scores = [9, 1, 1, 1] }]\n"
    ),
    "not utf-8": b"schema = 1\n# \xff\xfe\n",
    "unknown schema": b"schema = 0\n",
}


@pytest.mark.parametrize("content", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_reported_and_left_as_it_was(cx_home: Path, content: bytes) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    path.write_bytes(content)
    with pytest.raises(StateError) as info:
        store.load(cx_home)
    message = str(info.value)
    assert str(path) in message
    assert len(message.splitlines()) == 2
    assert path.read_bytes() == content


def test_invalid_toml_names_the_line(cx_home: Path) -> None:
    cx_home.mkdir()
    datafolder.state_path(cx_home).write_text("schema = 1\n\nhabits = ]\n")
    with pytest.raises(StateError, match="line 3"):
        store.load(cx_home)


def test_a_newer_schema_is_refused_and_kept(cx_home: Path) -> None:
    cx_home.mkdir()
    content = b"schema = 99\n[future]\nthing = 1\n"
    datafolder.state_path(cx_home).write_bytes(content)
    with pytest.raises(StateError, match="newer cxhabits"):
        store.load(cx_home)
    assert datafolder.state_path(cx_home).read_bytes() == content


def test_a_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(StateError, match="is a file"):
        store.save(not_a_folder, State())
    with pytest.raises(StateError, match="is a file"):
        store.load(not_a_folder)


def test_a_failed_write_leaves_the_old_state(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(cx_home, SAMPLE)
    before = datafolder.state_path(cx_home).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StateError, match="No space left"):
        store.save(cx_home, State())
    assert datafolder.state_path(cx_home).read_bytes() == before
    assert not list(cx_home.glob("*.tmp"))


def test_a_failed_rename_leaves_the_old_state(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(cx_home, SAMPLE)
    before = datafolder.state_path(cx_home).read_bytes()
    real_replace = os.replace

    def refuse(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == datafolder.STATE_FILE:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StateError, match="Permission denied"):
        store.save(cx_home, State())
    assert datafolder.state_path(cx_home).read_bytes() == before
    assert store.load_full(cx_home) == SAMPLE


def test_the_lock_times_out_with_a_clear_message(cx_home: Path) -> None:
    # flock locks belong to the open file, so a second open in one process conflicts too.
    with (
        datafolder.locked(cx_home),
        pytest.raises(StateError, match="Another cxhabits"),
        datafolder.locked(cx_home, wait=0.1),
    ):
        pass


def test_settings_only_store_what_differs(cx_home: Path) -> None:
    store.save(cx_home, model.State())
    assert "[settings]" not in datafolder.state_path(cx_home).read_text()


# -- the journal -----------------------------------------------------------------------------


def test_a_journal_reads_back_only_when_whole(tmp_path: Path) -> None:
    from cxhabits.storage import journal

    renames = [
        journal.Rename(tmp_path / ".a.0123456789abcdef.tmp", tmp_path / "a"),
        journal.Rename(tmp_path / "é n\nx" / ".b.fedcba9876543210.tmp", tmp_path / "é n\nx" / "b"),
    ]
    whole = journal._journal_bytes(renames)
    assert journal._parse_journal(whole) == renames
    for cut in range(len(whole)):  # every torn version is no journal at all
        assert journal._parse_journal(whole[:cut]) is None
    assert journal._parse_journal(whole.replace(b"end 2", b"end 3")) is None


@pytest.mark.parametrize(
    "name, ours",
    [
        (".state.toml.0123456789abcdef.tmp", True),
        (".001-agent.aaa.toml.0123456789abcdef.tmp", True),
        (".state.toml.tmp", False),
        (".state.toml.0123456789ABCDEF.tmp", False),
        ("state.toml.0123456789abcdef.tmp", False),
        (".0123456789abcdef.tmp", False),
    ],
)
def test_temp_names(name: str, ours: bool) -> None:
    from cxhabits.storage import journal

    assert journal.is_temp_name(name) is ours
