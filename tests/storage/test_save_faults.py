"""A save is one change across its files: a fault or a crash at any step of it leaves
the whole old state or the whole new one, never a mix, and the message says which.

Every call a save makes to the operating system (open, write, fsync, link, rename,
unlink, mkdir) is counted on a clean run; then, for each of them in turn, that call
fails (once, or from then on), or the process "dies" there (that call and every later
one raise, so no clean-up runs either). Then the next run loads (and recovers).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cxhabits.domain.model import CheckIn, HabitRecord, State
from cxhabits.errors import StateError
from cxhabits.storage import datafolder, journal, store
from tests.helpers.faults import Crash, Injector, snapshot, temporary

MONDAY = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)
A, B = "agent.aaa", "finance.bbb"


def days(count: int) -> tuple[CheckIn, ...]:
    return tuple(CheckIn(MONDAY + n * DAY, "note" if n == 0 else "") for n in range(count))


def active(count: int) -> State:
    return State(habits=(HabitRecord(A, MONDAY, checkins=days(count)),))


def routine(count: int, other: int = 0) -> State:
    first = HabitRecord(A, MONDAY, status="routine", routine_on=MONDAY, checkins=days(count))
    habits = [first]
    if other:
        habits.append(
            HabitRecord(B, MONDAY, status="routine", routine_on=MONDAY, checkins=days(other))
        )
    return State(habits=tuple(habits))


DROPPED = State(
    habits=(
        HabitRecord(A, MONDAY, status="dropped", dropped_on=MONDAY + 2 * DAY, checkins=days(2)),
    )
)

# name: (the state before the previous save, the state on disk, the state being saved)
CHANGES: dict[str, tuple[State, State, State]] = {
    "a check-in (state.toml only)": (active(1), active(2), active(3)),
    "a drop (an archive and state.toml)": (active(1), active(2), DROPPED),
    "a routine habit's check-in (its archive)": (routine(1), routine(2), routine(3)),
    "an import (two archives)": (routine(1, 1), routine(2, 2), routine(3, 4)),
}


@pytest.fixture
def prepared(cx_home: Path) -> Iterator[Callable[[str], tuple[State, State, dict[str, bytes]]]]:
    def prepare(change: str) -> tuple[State, State, dict[str, bytes]]:
        older, old, new = CHANGES[change]
        store.save(cx_home, older)
        store.save(cx_home, old)
        return old, new, snapshot(cx_home)

    yield prepare


def calls_of_a_save(home: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    older, old, new = CHANGES[change]
    store.save(home, older)
    store.save(home, old)
    counter = Injector()
    with monkeypatch.context() as mp:
        counter.install(mp)
        store.save(home, new)
    assert store.load_full(home) == new
    return counter.calls


FIGURES = {"faults": 0, "crashes": 0}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("mode", ["once", "persist", "crash"])
def test_a_fault_at_every_step_of_a_save_leaves_the_old_or_the_new_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, mode: str
) -> None:
    calls = calls_of_a_save(tmp_path / "count", change, monkeypatch)
    assert {"open", "write", "fsync", "replace"} <= set(calls), calls
    if change != "a check-in (state.toml only)":
        assert calls.count("replace") >= 3, "a change of several files goes through a journal"
    outcomes = {"old": 0, "new": 0}
    for at in range(len(calls)):
        for code in (errno.ENOSPC, errno.EACCES) if mode != "crash" else (0,):
            home = tmp_path / f"{at}-{code}"
            monkeypatch.setenv(datafolder.HOME_ENV, str(home))
            older, old, new = CHANGES[change]
            store.save(home, older)
            store.save(home, old)
            before = snapshot(home)
            injector = Injector(at, mode, code)
            message = ""
            with monkeypatch.context() as mp:
                injector.install(mp)
                try:
                    store.save(home, new)
                except StateError as exc:
                    message = str(exc)
                except Crash:
                    message = "crash"
            FIGURES["crashes" if mode == "crash" else "faults"] += 1
            where = (at, calls[at], code, message)
            # the next run: a load (recovering under the lock if a journal is there)
            after = store.load_full(home)
            assert after in (old, new), where
            outcomes["new" if after == new else "old"] += 1
            if message != "crash":  # (a crash may come on either side of the switch point)
                assert len(message.splitlines()) <= 2, where
            if after == old and message != "crash":
                assert message and "was saved" not in message, where
                assert snapshot(home) == before, where  # every file, byte for byte
                assert os.strerror(code) in message, where
            if after == new:
                assert "Nothing was changed" not in message, where
            if "Nothing was changed" in message:
                assert after == old, where
            if "was saved" in message:
                assert after == new, where
            with datafolder.locked(home):  # whoever takes the lock next tidies up
                pass
            assert temporary(home) == [], where
            assert not (home / journal.JOURNAL_FILE).exists(), where
            store.save(home, new)  # and the next save works
            assert store.load_full(home) == new
    assert outcomes["old"] and outcomes["new"], outcomes
    print(f"\n{change}, {mode}: {len(calls)} steps, {outcomes}, {FIGURES}")


def test_a_backup_that_is_a_folder_is_refused_before_anything_changes(cx_home: Path) -> None:
    store.save(cx_home, routine(1))
    (cx_home / datafolder.BACKUP_FILE).mkdir()
    before = snapshot(cx_home)
    with pytest.raises(StateError, match="Nothing was changed") as info:
        store.save(cx_home, routine(2))
    assert str(datafolder.BACKUP_FILE) in str(info.value)
    assert snapshot(cx_home) == before and store.load_full(cx_home) == routine(1)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="permissions as a user")
def test_a_read_only_archive_folder_changes_nothing(cx_home: Path) -> None:
    store.save(cx_home, routine(1))
    before = snapshot(cx_home)
    (cx_home / datafolder.ARCHIVE_DIR).chmod(0o500)
    try:
        with pytest.raises(StateError, match="Nothing was changed"):
            store.save(cx_home, routine(2))
    finally:
        (cx_home / datafolder.ARCHIVE_DIR).chmod(0o700)
    assert snapshot(cx_home) == before


def test_a_cut_short_save_is_completed_by_the_next_reader(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the switch point, the change stands: a reading command sees all of it."""
    store.save(cx_home, routine(1, 1))
    store.save(cx_home, routine(2, 2))
    real = os.replace
    seen: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        seen.append(Path(dst).name)
        if Path(dst).name == datafolder.STATE_FILE:
            raise Crash
        real(src, dst)

    with monkeypatch.context() as mp:
        mp.setattr(os, "replace", replace)
        with pytest.raises(Crash):
            store.save(cx_home, routine(3, 4))
    assert journal.JOURNAL_FILE in seen
    assert (cx_home / journal.JOURNAL_FILE).exists()
    assert store.load_full(cx_home) == routine(3, 4)
    assert not (cx_home / journal.JOURNAL_FILE).exists()


def test_a_journal_naming_a_foreign_file_is_refused(cx_home: Path, tmp_path: Path) -> None:
    store.save(cx_home, active(1))
    victim = tmp_path / "victim"
    victim.write_text("mine\n")
    temp = tmp_path / ".victim.0123456789abcdef.tmp"
    temp.write_text("overwritten\n")
    line = os.fsencode(temp).hex() + " " + os.fsencode(victim).hex()
    (cx_home / journal.JOURNAL_FILE).write_bytes(
        b"cxhabits journal 1\n" + line.encode() + b"\nend 1\n"
    )
    with pytest.raises(StateError, match="does not write"):
        store.load(cx_home)
    assert victim.read_text() == "mine\n" and temp.exists()


def test_a_torn_journal_is_a_change_that_never_happened(cx_home: Path) -> None:
    store.save(cx_home, routine(1))
    before = snapshot(cx_home)
    stale = cx_home / ".state.toml.0123456789abcdef.tmp"
    stale.write_bytes(b"half a new state")
    (cx_home / journal.JOURNAL_FILE).write_bytes(b"cxhabits journal 1\n0a0b")
    assert store.load_full(cx_home) == routine(1)
    assert snapshot(cx_home) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("change", ["a check-in (state.toml only)", "an import (two archives)"])
def test_ctrl_c_during_a_save_waits_until_it_has_landed(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Ctrl-C in the middle of a save: the save finishes, then the interrupt comes, so
    "nothing was changed" or "a change was saved" is decided on a whole change."""
    import signal

    older, old, new = CHANGES[change]
    store.save(cx_home, older)
    store.save(cx_home, old)
    real = os.fsync
    pressed: list[int] = []

    def fsync(fd: int) -> None:
        if not pressed:
            pressed.append(fd)
            os.kill(os.getpid(), signal.SIGINT)
        real(fd)

    with monkeypatch.context() as mp:
        mp.setattr(os, "fsync", fsync)
        with pytest.raises(KeyboardInterrupt):
            store.save(cx_home, new)
    assert pressed and store.load_full(cx_home) == new
    assert temporary(cx_home) == [] and not (cx_home / journal.JOURNAL_FILE).exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
