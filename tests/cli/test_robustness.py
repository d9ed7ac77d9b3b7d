"""Robustness: faults while saving, kills mid-write, commands at once, Ctrl-C, bad input.

PRODUCT.md: nothing a user recorded is ever lost, not by a crash mid-write, not by two
commands at once; every error is one or two plain lines on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import os
import random
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest
from typer.testing import CliRunner

from cxhabits.domain.model import CheckIn, HabitRecord, Rating, State
from cxhabits.storage import datafolder, store
from tests.helpers import cli
from tests.helpers.cli import cx
from tests.helpers.faults import CACHES

HELPERS = Path(__file__).parents[1] / "helpers"
MONDAY = dt.date(2026, 11, 2)
ONE_DAY = dt.timedelta(days=1)
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and file semantics")

OLDER = State(habits=(HabitRecord("agent.aaa", MONDAY),))
OLD = State(habits=(HabitRecord("agent.aaa", MONDAY, checkins=(CheckIn(MONDAY, "first"),)),))
NEW = State(
    habits=(
        HabitRecord(
            "agent.aaa", MONDAY, checkins=(CheckIn(MONDAY, "first"), CheckIn(MONDAY + ONE_DAY))
        ),
    )
)
DROPPED = State(
    habits=(
        HabitRecord(
            "agent.aaa",
            MONDAY,
            status="dropped",
            dropped_on=MONDAY + ONE_DAY,
            checkins=(CheckIn(MONDAY, "first"),),
        ),
    )
)
KNOWN = {datafolder.STATE_FILE, datafolder.BACKUP_FILE, datafolder.LOCK_FILE, "archive", *CACHES}


def leftovers(home: Path) -> list[str]:
    """Temporary files anywhere in the data folder, and anything unknown at its top."""
    temporary = [str(p.relative_to(home)) for p in home.rglob("*") if p.name.endswith(".tmp")]
    unknown = [p.name for p in home.iterdir() if p.name not in KNOWN]
    return sorted(set(temporary + unknown))


refused = functools.partial(cli.refused, quiet=True)  # here nothing may reach stdout


def no_traceback(*texts: str) -> bool:
    return not any("Traceback" in t or "KeyboardInterrupt" in t for t in texts)


def short_message(stderr: str) -> bool:
    return 1 <= len([line for line in stderr.splitlines() if line.strip()]) <= 2


# -- fault injection into store.save --------------------------------------------------


class Fault:
    """An OSError to raise at one step of a save; counts how often it fired."""

    def __init__(self, code: int) -> None:
        self.code = code
        self.fired = 0

    def fire(self, *args: Any, **kwargs: Any) -> NoReturn:
        self.fired += 1
        raise OSError(self.code, os.strerror(self.code))


Installer = Callable[[pytest.MonkeyPatch, Fault], None]


def fail_creating_the_temp_file(mp: pytest.MonkeyPatch, fault: Fault) -> None:
    real_open = os.open

    def fake_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if flags & os.O_CREAT and Path(path).name != datafolder.LOCK_FILE:
            fault.fire()
        return real_open(path, flags, mode, dir_fd=dir_fd)

    mp.setattr(os, "open", fake_open)
    mp.setattr(tempfile, "mkstemp", fault.fire)


def fail_fsync(of_folder: bool) -> Installer:
    def install(mp: pytest.MonkeyPatch, fault: Fault) -> None:
        real_fsync = os.fsync

        def fake_fsync(fd: Any) -> None:
            number = fd if isinstance(fd, int) else fd.fileno()
            if stat.S_ISDIR(os.fstat(number).st_mode) == of_folder:
                fault.fire()
            real_fsync(fd)

        mp.setattr(os, "fsync", fake_fsync)

    return install


ERRORS = {"ENOSPC": errno.ENOSPC, "EACCES": errno.EACCES}

# A fault at every step of a save, and a crash at every step: tests/test_save_faults.py.


def test_a_failing_hard_link_falls_back_to_a_copy(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(cx_home, OLD)
    before = datafolder.state_path(cx_home).read_bytes()
    fault = Fault(errno.EPERM)  # e.g. a file system without hard links
    with monkeypatch.context() as mp:
        mp.setattr(os, "link", fault.fire)
        store.save(cx_home, NEW)
    assert fault.fired
    assert store.load(cx_home) == NEW
    assert (cx_home / datafolder.BACKUP_FILE).read_bytes() == before
    assert leftovers(cx_home) == []


@pytest.mark.parametrize("code", ERRORS.values(), ids=ERRORS.keys())
def test_a_failing_folder_fsync_after_the_rename_is_not_reported_as_nothing_saved(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """After the rename the new file is what every reader sees: the save has happened.

    The folder fsync only makes the rename durable across a power cut; some file systems
    refuse it. The right outcome is a completed save (at most a warning), never an error
    that says nothing was changed while the change is in place.
    """
    store.save(cx_home, OLD)
    fault = Fault(code)
    with monkeypatch.context() as mp:
        fail_fsync(of_folder=True)(mp, fault)
        store.save(cx_home, NEW)
    assert fault.fired
    assert store.load(cx_home) == NEW
    assert leftovers(cx_home) == []


# -- the real thing: a file-size limit (disk full) under the CLI -------------------------


def env_for(day: dt.date = MONDAY, **extra: str) -> dict[str, str]:
    env = dict(os.environ, CXHABITS_TODAY=day.isoformat(), PYTHONDONTWRITEBYTECODE="1")
    env["COLUMNS"] = "1000"  # a message is as many lines as it says (nothing wrapped)
    env.update(extra)
    return env


def cxhabits(
    *args: str, day: dt.date = MONDAY, timeout: float = 60, **popen: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxhabits", *args],
        env=env_for(day),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **popen,
    )


def first_habit(role: str = "agent") -> str:
    import json

    result = cxhabits("library", "--role", role, "--json")
    assert result.returncode == 0, result.stderr
    habit_id: str = json.loads(result.stdout)[0]["id"]
    return habit_id


def picked(day: dt.date = MONDAY) -> str:
    habit_id = first_habit()
    result = cxhabits("pick", habit_id, day=day)
    assert result.returncode == 0, result.stderr
    return habit_id


@POSIX_ONLY
def test_a_full_disk_during_checkin_changes_nothing(cx_home: Path) -> None:
    import resource

    picked()
    path = datafolder.state_path(cx_home)
    before = path.read_bytes()
    limit = len(before)  # the new file, one check-in longer, cannot be written whole

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = cxhabits("checkin", preexec_fn=limit_file_size)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert os.strerror(errno.EFBIG) in result.stderr and "Nothing was changed" in result.stderr
    assert short_message(result.stderr) and no_traceback(result.stdout, result.stderr)
    assert path.read_bytes() == before
    assert leftovers(cx_home) == []


# -- SIGKILL mid-write -----------------------------------------------------------------

KILLS = 40


@POSIX_ONLY
@pytest.mark.parametrize("mode", ["active", "routine", "two"])
def test_killed_writers_never_leave_a_torn_or_older_file(cx_home: Path, mode: str) -> None:
    """SIGKILL at random moments; `routine` keeps its check-ins in an archive file, `two`
    changes two archive files in every save: a kill never leaves one ahead of the other."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    reached = 0  # check-ins in the file after the previous kill
    mid_save = journals = 0
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, str(HELPERS / "save_loop.py"), str(cx_home), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,  # unbuffered: reading the ready line must not take confirmations with it
        )
        assert writer.stdout is not None
        ready = writer.stdout.readline().decode()
        assert ready == f"ready {reached}\n", (ready, writer.stderr and writer.stderr.read())
        time.sleep(rng.uniform(0, 0.05))
        writer.kill()
        out, err = (part.decode() for part in writer.communicate(timeout=30))
        assert writer.returncode == -signal.SIGKILL, err
        confirmed = max([reached, *(int(line) for line in out.split())])
        journals += (cx_home / datafolder.JOURNAL_FILE).exists()  # killed after its switch point
        state = store.load_full(cx_home)  # never torn: always loads (and recovers)
        assert not (cx_home / datafolder.JOURNAL_FILE).exists()
        counts = {len(record.checkins) for record in state.habits} or {0}
        assert len(counts) == 1, (seed, kill, counts)  # every file of a save, or none
        (count,) = counts
        # the last save that returned is there; the one in flight may or may not be
        assert confirmed <= count <= confirmed + 1, (seed, kill, confirmed, count)
        mid_save += count == confirmed + 1
        if (cx_home / datafolder.BACKUP_FILE).exists():  # the backup loads too, and is older
            spare = Path(tempfile.mkdtemp(dir=cx_home.parent))
            shutil.copy(cx_home / datafolder.BACKUP_FILE, spare / datafolder.STATE_FILE)
            in_backup = len(store.load(spare).habits[0].checkins)
            shutil.rmtree(spare)
            # a routine habit's check-ins are in its archive file, not in state.toml
            assert in_backup <= count if mode == "active" else in_backup == 0
        assert all(name.endswith(".tmp") for name in leftovers(cx_home))
        reached = count
    print(
        f"\n{KILLS} kills, {mode} (seed {seed}): {reached} check-ins, {mid_save} mid-save, "
        f"{journals} recovered from a journal, 0 lost"
    )
    assert reached > 0


# -- commands at the same moment -----------------------------------------------------


def at_once(
    commands: list[list[str]], workdir: Path, day: dt.date = MONDAY
) -> list[subprocess.CompletedProcess[str]]:
    """Start every command in its own process, then release them all at once."""
    ready = Path(tempfile.mkdtemp(dir=workdir, prefix="ready-"))
    go = ready.with_name(ready.name + ".go")
    procs = [
        subprocess.Popen(
            [sys.executable, str(HELPERS / "at_once.py"), str(ready), str(go), *args],
            env=env_for(day),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    deadline = time.monotonic() + 60
    while len(list(ready.iterdir())) < len(procs):
        dead = [p for p in procs if p.poll() is not None]
        assert not dead, dead[0].communicate()
        assert time.monotonic() < deadline, "the processes did not get ready"
        time.sleep(0.005)
    go.touch()
    results = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=60)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def all_fine(results: list[subprocess.CompletedProcess[str]]) -> None:
    for result in results:
        assert result.returncode == 0, (result.args, result.stdout, result.stderr)
        assert no_traceback(result.stdout, result.stderr)


WRITERS = 16


@POSIX_ONLY
@pytest.mark.parametrize("start", ["barrier", "popen"])
def test_sixteen_checkins_at_once_record_exactly_one(
    cx_home: Path, tmp_path: Path, start: str
) -> None:
    picked()
    if start == "barrier":
        results = at_once([["checkin"]] * WRITERS, tmp_path)
    else:  # the plain way: as fast as Popen goes, with `python -m cxhabits`
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "cxhabits", "checkin"],
                env=env_for(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(WRITERS)
        ]
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=60)
            results.append(subprocess.CompletedProcess(["checkin"], proc.returncode, out, err))
    all_fine(results)
    already = [r for r in results if "Already checked in" in r.stdout]
    recorded = [r for r in results if r not in already and "checked in for" in r.stdout]
    assert (len(recorded), len(already)) == (1, WRITERS - 1)
    state = store.load(cx_home)
    assert [c.day for c in state.habits[0].checkins] == [MONDAY]


@POSIX_ONLY
def test_sixteen_backfills_of_eight_days_at_once_lose_none(cx_home: Path, tmp_path: Path) -> None:
    """Different days at once: a lost update would show here (same-day ones are idempotent)."""
    picked(day=MONDAY - 7 * ONE_DAY)
    days = [MONDAY - n * ONE_DAY for n in range(8)]
    results = at_once([["checkin", "--date", d.isoformat()] for d in days * 2], tmp_path)
    all_fine(results)
    assert sum("Already checked in" in r.stdout for r in results) == len(days)
    state = store.load(cx_home)
    assert [c.day for c in state.habits[0].checkins] == sorted(days)


@POSIX_ONLY
def test_a_checkin_and_a_rating_at_once_both_land(cx_home: Path, tmp_path: Path) -> None:
    picked()
    days = [MONDAY + n * ONE_DAY for n in range(3)]
    for day in days:
        all_fine(at_once([["checkin"], ["rate", "6", "6", "6", "6"]], tmp_path, day))
    record = store.load(cx_home).habits[0]
    assert [c.day for c in record.checkins] == days
    assert list(record.ratings) == [Rating(day, (6, 6, 6, 6)) for day in days]


@POSIX_ONLY
def test_a_checkin_and_a_checkin_with_a_note_at_once_both_land(
    cx_home: Path, tmp_path: Path
) -> None:
    picked()
    days = [MONDAY + n * ONE_DAY for n in range(3)]
    for number, day in enumerate(days):
        results = at_once([["checkin"], ["checkin", "--note", f"note {number}"]], tmp_path, day)
        all_fine(results)
    record = store.load(cx_home).habits[0]
    assert list(record.checkins) == [CheckIn(d, f"note {n}") for n, d in enumerate(days)]


@POSIX_ONLY
def test_backfills_of_a_routine_and_the_active_habit_at_once_lose_none(
    cx_home: Path, tmp_path: Path
) -> None:
    """A routine habit's check-ins live in its archive file: concurrent writers there too."""
    routine_id, active_id = first_habit("agent"), first_habit("finance")
    earlier = tuple(CheckIn(MONDAY - n * ONE_DAY) for n in range(40, 20, -1))
    store.save(
        cx_home,
        State(
            habits=(
                HabitRecord(
                    routine_id,
                    MONDAY - 60 * ONE_DAY,
                    status="routine",
                    routine_on=MONDAY - 20 * ONE_DAY,
                    checkins=earlier,
                ),
                HabitRecord(active_id, MONDAY - 20 * ONE_DAY),
            )
        ),
    )
    days = [MONDAY - n * ONE_DAY for n in range(8)]
    commands = [["checkin", routine_id, "--date", d.isoformat()] for d in days]
    commands += [["checkin", "--date", d.isoformat()] for d in days]
    all_fine(at_once(commands, tmp_path))
    routine, active = store.load_full(cx_home).habits
    assert [c.day for c in routine.checkins] == [c.day for c in earlier] + sorted(days)
    assert [c.day for c in active.checkins] == sorted(days)
    assert (routine.status, active.status) == ("routine", "active")


# -- Ctrl-C at a prompt ------------------------------------------------------------------


def read_until(stream: IO[str], marker: str, timeout: float = 30) -> str:
    """Read what a child has written so far until `marker` shows (prompts end without \\n)."""
    fd = stream.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while marker.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} in {seen!r}"
        readable, _, _ = select.select([fd], [], [], left)
        if readable:
            chunk = os.read(fd, 4096)
            assert chunk, f"output ended before {marker!r}: {seen!r}"
            seen += chunk
    return seen.decode()


ROUTINE_ONLY = State(
    habits=(
        HabitRecord(
            "agent.breath-after-hard-call",
            MONDAY - 60 * ONE_DAY,
            status="routine",
            routine_on=MONDAY - ONE_DAY,
        ),
    )
)
PROMPTS = {
    "role": [("Role", "")],
    "habit": [("Role", "1\n"), ("Habit", "")],
    "confirm": [("Role", "1\n"), ("Habit", "\n"), ("Pick this habit?", "")],
}


@POSIX_ONLY
@pytest.mark.parametrize("steps", PROMPTS.values(), ids=PROMPTS.keys())
def test_ctrl_c_at_a_prompt_exits_130_quietly_and_changes_nothing(
    cx_home: Path, steps: list[tuple[str, str]]
) -> None:
    store.save(cx_home, ROUTINE_ONLY)  # the gate is open: pick will ask
    before = datafolder.state_path(cx_home).read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-m", "cxhabits", "pick"],
        env=env_for(PYTHONUNBUFFERED="1"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    shown = ""
    try:
        for marker, answer in steps:
            shown += read_until(child.stdout, marker)
            if answer:
                child.stdin.write(answer)
                child.stdin.flush()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
    assert child.returncode == 130, (shown + out, err)
    assert no_traceback(shown + out, err)
    assert short_message(err) and "Interrupted" in err
    assert datafolder.state_path(cx_home).read_bytes() == before
    assert leftovers(cx_home) == []


# -- bad inputs on the command line ------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def with_habit(cx_home: Path) -> bytes:
    """A home where a habit was picked a while ago; returns the state file's bytes."""
    result = cx("pick", first_habit(), day=MONDAY - 30 * ONE_DAY)
    assert result.exit_code == 0, result.stderr
    return datafolder.state_path(cx_home).read_bytes()


COMMANDS = [["checkin"], ["pick", "agent.breath-after-hard-call"], ["streak"], ["history"]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_home_under_a_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv(datafolder.HOME_ENV, str(blocker / "sub"))
    result = cx(*args)
    refused(result, 1, str(blocker / "sub"))
    assert blocker.read_text() == "not a folder\n"


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_home_that_is_a_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv(datafolder.HOME_ENV, str(blocker))
    refused(cx(*args), 1, str(blocker), "is a file")
    assert blocker.read_text() == "not a folder\n"


@POSIX_ONLY
def test_an_unwritable_data_folder_is_refused(cx_home: Path, with_habit: bytes) -> None:
    cx_home.chmod(0o500)
    try:
        probe = cx_home / "probe"
        with contextlib.suppress(PermissionError):
            probe.touch()
            probe.unlink()
            pytest.skip("permissions are not enforced here (running as root?)")
        result = cx("checkin")
    finally:
        cx_home.chmod(0o700)
    refused(result, 1, "Permission denied")
    assert datafolder.state_path(cx_home).read_bytes() == with_habit


def test_a_folder_that_refuses_new_files_is_refused(
    cx_home: Path, with_habit: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unwritable folder again, simulated, so that it also runs as root."""
    fault = Fault(errno.EACCES)
    fail_creating_the_temp_file(monkeypatch, fault)
    refused(cx("checkin"), 1, "Permission denied", "Nothing was changed")
    assert fault.fired
    assert datafolder.state_path(cx_home).read_bytes() == with_habit
    assert leftovers(cx_home) == []


PAUSE_DAYS = ["--from", "2026-12-24", "--to", "2026-12-26"]
BAD_TEXT = {
    "100k note": ["checkin", "--note", "x" * 100_000],
    "10M note": ["checkin", "--note", "é" * 10_000_000],
    "newline": ["checkin", "--note", "line one\nline two"],
    "tab": ["checkin", "--note", "a\tb"],
    "carriage return": ["checkin", "--note", "done\rfake line"],
    "NUL": ["checkin", "--note", "a\x00b"],
    "DEL": ["checkin", "--note", "a\x7f"],
    "C1 CSI": ["checkin", "--note", "\x9b2J"],
    "escape only": ["checkin", "--note", "\x1b"],
    "drop reason 100k": ["drop", "--yes", "--reason", "y" * 100_000],
    "pause reason escape": ["pause", *PAUSE_DAYS, "--reason", "\x1b]0;hi\x07"],
}


@pytest.mark.parametrize("args", BAD_TEXT.values(), ids=BAD_TEXT.keys())
def test_bad_text_is_refused_with_exit_2(cx_home: Path, with_habit: bytes, args: list[str]) -> None:
    result = cx(*args)
    refused(result, 2)
    assert "limit is 500" in result.stderr or "control character" in result.stderr
    assert datafolder.state_path(cx_home).read_bytes() == with_habit


@pytest.mark.parametrize("note", ["", "   ", " " * 1000 + "ok" + " " * 1000, "n" * 500, "日本語 ✓"])
def test_empty_padded_and_longest_notes_are_fine(
    cx_home: Path, with_habit: bytes, note: str
) -> None:
    result = cx("checkin", "--note", note)
    assert result.exit_code == 0, result.stderr
    assert no_traceback(result.stdout, result.stderr)
    (checkin,) = store.load(cx_home).habits[0].checkins
    assert checkin == CheckIn(MONDAY, note.strip())


def test_markup_in_notes_and_reasons_is_kept_and_shown_literally(cx_home: Path) -> None:
    habit_id = first_habit()
    assert cx("pick", habit_id).exit_code == 0
    markup = "[/] [bold red]x[/bold red] [link=https://example.com]y"
    for args in (["checkin", "--note", markup], ["drop", "--yes", "--reason", markup]):
        result = cx(*args)
        assert result.exit_code == 0 and no_traceback(result.stdout, result.stderr), result
    shown = cx("history")
    assert shown.exit_code == 0 and no_traceback(shown.stdout, shown.stderr), shown
    assert "[bold red]" in shown.stdout  # literally, not as bold red
    (record,) = store.load_full(cx_home).habits
    assert record.checkins == (CheckIn(MONDAY, markup),) and record.drop_reason == markup


@POSIX_ONLY
def test_a_long_note_through_a_real_argv_is_refused(cx_home: Path, with_habit: bytes) -> None:
    result = cxhabits("checkin", "--note", "z" * 100_000)
    assert result.returncode == 2
    assert short_message(result.stderr) and no_traceback(result.stdout, result.stderr)
    assert datafolder.state_path(cx_home).read_bytes() == with_habit


@POSIX_ONLY
def test_a_note_that_is_not_utf8_is_refused(cx_home: Path, with_habit: bytes) -> None:
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"cxhabits", b"checkin", b"--note", b"caf\xe9"],
        env=env_for(LC_ALL="C.UTF-8"),
        capture_output=True,
        timeout=60,
        check=False,
    )
    out, err = result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
    assert no_traceback(out, err), err
    assert result.returncode == 2 and short_message(err)
    assert datafolder.state_path(cx_home).read_bytes() == with_habit
