"""One data folder in a synced folder, used from several devices (tests/helpers/sync.py
simulates the sync client): the copies a client keeps in a conflict are merged in, and a
device never finishes or removes another's half-finished save.

Not held, and so not checked (see the README): in last-writer-wins mode a device's
records between two syncs are lost (its version of state.toml is replaced whole), and an
undo can come back from a conflict copy made by a device that had seen the record.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings, strategies as st
from typer.testing import CliRunner, Result

from cxhabits import i18n
from cxhabits.cli.main import app
from cxhabits.domain.model import State
from cxhabits.storage import copies, journal, store
from tests.helpers.faults import Crash
from tests.helpers.sync import CONFLICT_MODES, MODES, Cloud, conflict_name

MONDAY = dt.date(2026, 11, 2)
HABITS = (
    "agent.breath-after-hard-call",
    "agent.read-one-customer-voice",
    "agent.one-word-for-the-feeling",
)
runner = CliRunner()


def run(cloud: Cloud, device: str, *args: str, day: dt.date = MONDAY) -> Result:
    env = {
        "CXHABITS_HOME": str(cloud.homes[device]),
        "CXHABITS_DEVICE": device,
        "CXHABITS_TODAY": day.isoformat(),
    }
    return runner.invoke(app, list(args), env=env)


def view(cloud: Cloud, device: str) -> State:
    with mock.patch.dict(os.environ, {"CXHABITS_DEVICE": device}):
        return store.load_full(cloud.homes[device])


def checkins(state: State) -> set[tuple[str, dt.date, dt.date]]:
    return {(r.id, r.picked, c.day) for r in state.habits for c in r.checkins}


def notes(state: State) -> dict[tuple[str, dt.date, dt.date], str | None]:
    return {(r.id, r.picked, c.day): c.note for r in state.habits for c in r.checkins}


def started(tmp_path: Path, mode: str, devices: list[str]) -> Cloud:
    """A data folder with a habit picked on the first device, synced to every device."""
    cloud = Cloud(tmp_path, mode, devices)
    assert run(cloud, devices[0], "pick", HABITS[0]).exit_code == 0
    for device in devices:
        cloud.sync(device)
    return cloud


# -- the names each client gives a copy -------------------------------------------------


@pytest.mark.parametrize("mode", CONFLICT_MODES)
@pytest.mark.parametrize("original", ["state.toml", "001-agent.breath-after-hard-call.toml"])
@pytest.mark.parametrize("device", ["laptop", "work-pc", "sam"])
def test_every_clients_copy_is_recognised(mode: str, original: str, device: str) -> None:
    for number in (1, 2, 17):
        name = conflict_name(mode, original, device, number, set())
        assert copies.copies_of([name], original) == [name], name


@pytest.mark.parametrize(
    "name",
    [
        "state.toml",
        "state.toml.bak",
        "states.toml",
        "state.toml (1)",
        "state (1).toml.bak",
        "xstate (1).toml",
        "state (a/b).toml",
        "001-agent.x (1).toml",  # a copy of another file
    ],
)
def test_other_names_are_no_copy_of_state_toml(name: str) -> None:
    assert copies.copies_of([name], "state.toml") == []


def test_a_hyphenated_archive_name_is_not_taken_for_a_copy(cx_home: Path) -> None:
    archive = cx_home / "archive"
    archive.mkdir(parents=True)
    names = ["001-agent.breath.toml", "002-agent.breath-after-hard-call.toml"]
    for name in names:
        (archive / name).write_text("x")
    assert copies.archive_copies(cx_home, names) == {}
    (archive / "001-agent.breath-LAPTOP.toml").write_text("x")
    assert copies.archive_copies(cx_home, names) == {
        "001-agent.breath.toml": [archive / "001-agent.breath-LAPTOP.toml"]
    }


def test_a_link_or_a_folder_by_a_copys_name_is_not_read(cx_home: Path) -> None:
    cx_home.mkdir()
    (cx_home / "state (1).toml").mkdir()
    (cx_home / "state-LAPTOP.toml").symlink_to("/etc/passwd")
    assert copies.state_copies(cx_home) == []


# -- two devices that both saved between two syncs ---------------------------------------


@pytest.mark.parametrize("mode", CONFLICT_MODES)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_both_devices_check_ins_and_notes_survive_a_conflict(
    tmp_path: Path, mode: str, language: str
) -> None:
    cloud = started(tmp_path, mode, ["pc", "laptop"])
    tuesday = MONDAY + dt.timedelta(days=1)
    if language == "nl":
        assert run(cloud, "pc", "config", "language", "nl").exit_code == 0
        cloud.sync("pc")
        cloud.sync("laptop")
    assert run(cloud, "pc", "checkin", "--note", "from the pc").exit_code == 0
    assert run(cloud, "laptop", "checkin", "--note", "from the laptop", day=tuesday).exit_code == 0
    cloud.sync("pc")
    cloud.sync("laptop")  # a conflict: the laptop's version is kept beside as a copy
    assert cloud.conflicts == 1
    home = cloud.homes["laptop"]
    assert len(copies.state_copies(home)) == 1
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    status = run(cloud, "laptop", "status", day=tuesday)
    assert status.exit_code == 0 and status.stderr == ""  # shows the merged view, says nothing
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before
    both = {(HABITS[0], MONDAY, MONDAY), (HABITS[0], MONDAY, tuesday)}
    assert checkins(view(cloud, "laptop")) == both
    # the first save merges, says so in one line, and puts the copy aside
    saved = run(
        cloud, "laptop", "skip", "--yesterday", "--reason", "x", day=tuesday + dt.timedelta(days=2)
    )
    word = "Samengevoegd" if language == "nl" else "Merged"
    lines = [line for line in saved.stderr.splitlines() if word in line]
    assert len(lines) == 1, saved.stderr
    assert ("vinkjes: 1" if language == "nl" else "check-ins: 1") in lines[0]
    assert copies.state_copies(home) == []
    assert len(list((home / copies.MERGED_DIR).iterdir())) == 1
    for device in ("laptop", "pc", "laptop"):
        cloud.sync(device)
    for device in ("pc", "laptop"):
        found = notes(view(cloud, device))
        assert found[(HABITS[0], MONDAY, MONDAY)] == "from the pc"
        assert found[(HABITS[0], MONDAY, tuesday)] == "from the laptop"
        assert copies.state_copies(cloud.homes[device]) == []
    i18n.set_language("en")


@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_two_notes_of_one_day_are_both_kept(tmp_path: Path, mode: str) -> None:
    cloud = started(tmp_path, mode, ["pc", "laptop"])
    assert run(cloud, "pc", "checkin", "--note", "calm").exit_code == 0
    assert run(cloud, "laptop", "checkin", "--note", "quick").exit_code == 0
    cloud.sync("pc")
    cloud.sync("laptop")
    saved = run(cloud, "laptop", "checkin", "--yesterday")  # (Sunday: refused, or saved)
    note = notes(view(cloud, "laptop"))[(HABITS[0], MONDAY, MONDAY)]
    assert note is not None and "calm" in note and "quick" in note, (note, saved.stderr)


@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_a_habit_finished_on_both_devices_keeps_both_archives(tmp_path: Path, mode: str) -> None:
    cloud = started(tmp_path, mode, ["pc", "laptop"])
    tuesday = MONDAY + dt.timedelta(days=1)
    assert run(cloud, "pc", "checkin").exit_code == 0
    assert run(cloud, "laptop", "checkin", day=tuesday).exit_code == 0
    for device, habit in (("pc", HABITS[1]), ("laptop", HABITS[2])):
        assert run(cloud, device, "drop", "--yes", day=tuesday).exit_code == 0
        assert run(cloud, device, "pick", habit, day=tuesday).exit_code == 0
    cloud.sync("pc")
    cloud.sync("laptop")
    assert cloud.conflicts >= 2  # state.toml and the archive file
    for device in ("laptop", "pc", "laptop", "pc"):
        cloud.sync(device)
    for device in ("pc", "laptop"):
        state = view(cloud, device)
        assert {(HABITS[0], MONDAY, MONDAY), (HABITS[0], MONDAY, tuesday)} <= checkins(state)
        assert [r.id for r in state.habits if r.status == "active"] in ([HABITS[1]], [HABITS[2]])
    assert run(cloud, "pc", "checkin", day=tuesday + dt.timedelta(days=1)).exit_code == 0
    for device in ("pc", "laptop", "pc"):
        cloud.sync(device)
    assert {(HABITS[0], MONDAY, MONDAY), (HABITS[0], MONDAY, tuesday)} <= checkins(
        view(cloud, "laptop")
    )
    assert not copies.state_copies(cloud.homes["laptop"])


@pytest.mark.parametrize(
    "content",
    [b"", b"schema = 3\nhabits = [\n", b"schema = 99\n", b"\xff\xfe"],
    ids=["empty", "torn", "newer", "bytes"],
)
def test_a_copy_that_cannot_be_read_is_left_out_said_and_kept(
    cx_home: Path, content: bytes
) -> None:
    env = {"CXHABITS_HOME": str(cx_home), "CXHABITS_TODAY": MONDAY.isoformat()}
    assert runner.invoke(app, ["pick", HABITS[0]], env=env).exit_code == 0
    copy = cx_home / "state (1).toml"
    copy.write_bytes(content)
    result = runner.invoke(app, ["checkin"], env=env)
    assert result.exit_code == 0, result.stderr
    assert "Left out" in result.stderr and "state (1).toml" in result.stderr
    assert copy.read_bytes() == content  # never moved, never overwritten


# -- a device's half-finished save, carried to another by the sync client ----------------


def test_another_devices_journal_is_never_finished_or_removed(tmp_path: Path) -> None:
    cloud = started(tmp_path, "dropbox", ["pc", "laptop"])
    assert run(cloud, "pc", "checkin").exit_code == 0
    real = journal.roll_forward

    def crash_after_the_switch_point(home: Path, renames: Any) -> None:
        cloud.sync("pc")  # the client uploads the journal mid-save
        raise Crash

    with (
        mock.patch.object(journal, "roll_forward", crash_after_the_switch_point),
        pytest.raises(Crash),
    ):
        run(cloud, "pc", "drop", "--yes")
    cloud.sync("laptop")
    carried = cloud.homes["laptop"] / journal.JOURNAL_FILE
    assert carried.exists()
    raw = carried.read_bytes()
    laptop_state = (cloud.homes["laptop"] / "state.toml").read_bytes()
    # reading and a one-file save go on; the journal stays as it came
    assert run(cloud, "laptop", "status").exit_code == 0
    tuesday = MONDAY + dt.timedelta(days=1)
    assert run(cloud, "laptop", "checkin", day=tuesday).exit_code == 0
    assert carried.read_bytes() == raw
    assert (cloud.homes["laptop"] / "state.toml").read_bytes() != laptop_state  # its own save
    # a save that needs a journal of its own waits, said plainly
    refused = run(cloud, "laptop", "drop", "--yes", day=tuesday)
    assert refused.exit_code == 1
    assert "Another device (pc)" in refused.stderr and "Nothing was changed" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert carried.read_bytes() == raw
    # the pc finishes its own save on its next run; the laptop's check-in survives
    with mock.patch.object(journal, "roll_forward", real):
        assert run(cloud, "pc", "status", day=tuesday).exit_code == 0
    assert not (cloud.homes["pc"] / journal.JOURNAL_FILE).exists()
    for device in ("pc", "laptop", "pc", "laptop"):
        cloud.sync(device)
    assert not carried.exists()
    for device in ("pc", "laptop"):
        state = view(cloud, device)
        assert {(HABITS[0], MONDAY, MONDAY), (HABITS[0], MONDAY, tuesday)} <= checkins(state)


# -- the property: random commands on random devices, random syncs ----------------------


class Model:
    """What the commands said happened, to check against what every device shows."""

    def __init__(self) -> None:
        self.made: set[tuple[str, dt.date, dt.date]] = set()
        self.undone: set[tuple[str, dt.date, dt.date]] = set()
        self.stats: dict[str, int] = {}

    def count(self, what: str) -> None:
        self.stats[what] = self.stats.get(what, 0) + 1


def active_key(state: State) -> tuple[str, dt.date] | None:
    for record in state.habits:
        if record.status == "active":
            return record.id, record.picked
    return None


def command(cloud: Cloud, model: Model, device: str, kind: str, day: dt.date, number: int) -> None:
    """One command on one device; what it says happened is checked there at once."""
    if kind == "switch":
        run(cloud, device, "drop", "--yes", day=day)
        result = run(cloud, device, "pick", HABITS[number % len(HABITS)], day=day)
        model.count("switches" if result.exit_code == 0 else "switches refused")
        return
    args = {
        "checkin": ["checkin"],
        "yesterday": ["checkin", "--yesterday"],
        "note": ["checkin", "--note", f"note {number}"],
        "undo": ["checkin", "--undo"],
    }[kind]
    before = view(cloud, device)
    key = active_key(before)
    result = run(cloud, device, *args, day=day)
    assert "Traceback" not in result.stderr, result.stderr
    if result.exit_code != 0 or key is None:
        model.count("refused")
        return
    when = previous_workday(day) if kind == "yesterday" else day
    record = (*key, when)
    after = view(cloud, device)
    if kind == "undo":
        assert record not in checkins(after), (kind, record)
        model.undone.add(record)
        model.count("undos")
    else:
        assert record in checkins(after), (kind, record, result.stdout, result.stderr)
        model.made.add(record)
        model.count("check-ins")
        if kind == "note":
            assert f"note {number}" in (notes(after)[record] or "")


def mid_save(
    cloud: Cloud, model: Model, device: str, day: dt.date, crash: bool, dropping: bool = False
) -> bool:
    """A save during which the sync client runs: a check-in (or a drop, a save of several
    files) synced just before its files are switched in, or a habit dropped whose
    process dies after its journal was synced (its next run completes it). Whether the
    device has a save left to finish."""
    real_commit = journal.Change.commit

    def sync_first(change: journal.Change) -> None:
        cloud.sync(device)  # the files are staged, not switched in yet
        real_commit(change)

    def sync_and_die(home: Path, renames: Any) -> None:
        cloud.sync(device)
        raise Crash

    if not crash:
        with mock.patch.object(journal.Change, "commit", sync_first):
            if dropping:  # a save of several files: state.toml and an archive file
                run(cloud, device, "drop", "--yes", day=day)
            else:
                command(cloud, model, device, "checkin", day, 0)
        model.count("syncs in the middle of a save")
        return False
    with mock.patch.object(journal, "roll_forward", sync_and_die):
        try:
            run(cloud, device, "drop", "--yes", day=day)
        except Crash:
            model.count("saves cut short after a sync")
            return True
    return False


STEP = st.one_of(
    st.tuples(
        st.just("command"),
        st.integers(0, 2),
        st.sampled_from(["checkin", "checkin", "yesterday", "note", "undo", "switch"]),
    ),
    st.tuples(st.just("sync"), st.integers(0, 2), st.just("")),
    st.tuples(st.just("days"), st.integers(1, 3), st.just("")),
    st.tuples(st.just("offline"), st.integers(0, 2), st.just("")),
    st.tuples(
        st.just("mid-save"), st.integers(0, 2), st.sampled_from(["sync", "sync-drop", "crash"])
    ),
)


def play(
    tmp: Path, mode: str, count: int, steps: list[tuple[str, int, str]], model: Model
) -> Cloud:
    devices = ["pc", "laptop", "phone"][:count]
    cloud = started(tmp, mode, devices)
    day = MONDAY
    offline: dict[str, int] = {}
    pending: set[str] = set()
    for number, (kind, which, what) in enumerate(steps):
        device = devices[which % count]
        if kind == "days":
            day += dt.timedelta(days=which)
            offline = {d: n - 1 for d, n in offline.items() if n > 1}
        elif kind == "offline":
            offline[device] = 3  # three spans of days without a sync
            model.count("devices offline for days")
        elif kind == "sync" and device not in offline:
            cloud.sync(device)
        elif kind == "command":
            command(cloud, model, device, what, day, number)
            pending.discard(device)
        elif (
            kind == "mid-save"
            and device not in pending
            and mid_save(
                cloud, model, device, day, crash=what == "crash", dropping=what == "sync-drop"
            )
        ):
            pending.add(device)
        for waiting in pending:  # nobody finished or removed that device's save
            assert own_journal(cloud, waiting), waiting
    for device in devices:  # each device runs again (finishing its own save), then syncs
        run(cloud, device, "status", day=day)
    for _round in range(3):
        for device in devices:
            cloud.sync(device)
    return cloud


def own_journal(cloud: Cloud, device: str) -> bool:
    """Whether `device`'s journal is in its folder: as state.journal, or under the conflict
    name a sync client gave it when another device's journal took that name."""
    for path in cloud.homes[device].glob("state*.journal"):
        if journal.journal_device(path.read_bytes()) == device:
            return True
    return False


def check(cloud: Cloud, model: Model) -> None:
    """Every check-in made anywhere and never undone is on every device."""
    expected = model.made - model.undone
    for device in cloud.homes:
        shown = checkins(view(cloud, device))
        assert expected <= shown, (device, sorted(expected - shown))


STATS: dict[str, int] = {}


def previous_workday(day: dt.date) -> dt.date:
    """What `--yesterday` means (PRODUCT.md): the workday before (Monday to Friday here)."""
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def run_sync_property(
    examples: int,
    mode: str,
    devices: int,
    explicit: list[tuple[str, int, str]] | None = None,
    shrink: bool = True,
) -> None:
    """`examples` random sequences (with `explicit`: only that one); `shrink=False` stops
    at the first failure (a run that is expected to fail needs no smallest example)."""
    phases = [Phase.explicit] if explicit is not None else list(Phase)
    if not shrink:
        phases = [p for p in phases if p is not Phase.shrink]

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=False,
        phases=phases,
    )
    @given(st.lists(STEP, min_size=5, max_size=30))
    def sequence(steps: list[tuple[str, int, str]]) -> None:
        import tempfile

        model = Model()
        with tempfile.TemporaryDirectory() as tmp:
            cloud = play(Path(tmp), mode, devices, steps, model)
            check(cloud, model)
        for key, value in model.stats.items():
            STATS[key] = STATS.get(key, 0) + value
        STATS["sequences"] = STATS.get("sequences", 0) + 1
        STATS["sync steps"] = STATS.get("sync steps", 0) + cloud.syncs
        STATS["conflicts"] = STATS.get("conflicts", 0) + cloud.conflicts

    if explicit is not None:
        sequence = example(explicit)(sequence)
    STATS.clear()
    sequence()
    print(f"\nsync simulation, {mode}, {devices} devices: {dict(sorted(STATS.items()))}")
    assert STATS["sequences"] >= examples


@pytest.fixture(autouse=True)
def _own_devices(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("CXHABITS_DEVICE", raising=False)
    yield


@pytest.mark.parametrize("devices", [2, 3])
@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_random_commands_and_syncs_lose_no_check_in(mode: str, devices: int) -> None:
    run_sync_property(4, mode, devices)


# Found by the slow run (dropbox, 3 devices): the pc's drop dies after its journal was
# synced; the laptop checks in, switches habits (its archive file holds the check-in),
# and its own drop dies after a sync; the pc syncs and completes its save. Its archive
# file must not replace the laptop's: it is kept as a copy and merged in.
ARCHIVE_ARRIVED = [
    ("command", 1, "checkin"),
    ("mid-save", 0, "crash"),
    ("command", 1, "switch"),
    ("mid-save", 1, "crash"),
    ("sync", 0, ""),
]


@pytest.mark.parametrize("devices", [2, 3])
@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_a_save_completed_after_a_sync_keeps_the_archive_that_arrived(
    mode: str, devices: int
) -> None:
    run_sync_property(1, mode, devices, explicit=ARCHIVE_ARRIVED, shrink=False)


# The same during a save: the laptop's archive file arrives just before the pc's drop
# switches its own in.
ARCHIVE_ARRIVED_MID_SAVE = [
    ("command", 1, "checkin"),
    ("command", 1, "switch"),
    ("sync", 1, ""),
    ("mid-save", 0, "sync-drop"),
    ("sync", 0, ""),
]


@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_a_save_keeps_the_archive_that_arrived_just_before_it_switched_in(mode: str) -> None:
    run_sync_property(1, mode, 2, explicit=ARCHIVE_ARRIVED_MID_SAVE, shrink=False)


# Found by the slow run (Google Drive, two devices): both devices dropped the same habit,
# picked on different days, at the same place, so both wrote one archive file name; the
# file that kept the name came from the device whose state.toml did not (a save completed
# from its journal after a sync). The record is read from the copy that holds it
# (tests/storage/test_same_place_archives.py has the files themselves).
SAME_PLACE = [
    ("command", 0, "checkin"),
    ("sync", 0, ""),
    ("command", 0, "checkin"),
    ("sync", 0, ""),
    ("command", 0, "checkin"),
    ("command", 1, "switch"),
    ("sync", 0, ""),
    ("command", 1, "switch"),
    ("sync", 0, ""),
    ("command", 1, "checkin"),
    ("offline", 1, ""),
    ("mid-save", 0, "sync-drop"),
    ("days", 1, ""),
    ("offline", 1, ""),
    ("command", 0, "switch"),
    ("mid-save", 0, "crash"),
    ("offline", 0, ""),
    ("offline", 1, ""),
    ("days", 3, ""),
    ("command", 0, "note"),
    ("sync", 0, ""),
    ("days", 3, ""),
]


@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_two_devices_that_finished_a_habit_at_one_place_keep_both(mode: str) -> None:
    run_sync_property(1, mode, 2, explicit=SAME_PLACE, shrink=False)


# Found by the slow run once a merge left unread the finished habits that are one file
# in every source: the laptop drops its habit and picks it again the same day, so two of
# its records share one key (id and pick date), one finished and one active with a
# check-in. Such a key is merged record by record, never left unread.
PICKED_AGAIN_SAME_DAY = [
    ("command", 0, "yesterday"),
    ("command", 0, "switch"),
    ("sync", 0, ""),
    ("command", 1, "switch"),
    ("command", 1, "checkin"),
]


@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_a_habit_picked_again_the_same_day_keeps_its_check_in(mode: str) -> None:
    run_sync_property(1, mode, 2, explicit=PICKED_AGAIN_SAME_DAY, shrink=False)


# Sequences per client and number of devices in the slow run (each one a few seconds of
# commands): 200 by default; CI's bounded run takes 40 each, so 200 over the five
# clients with three devices and 200 with two.
SLOW_SYNC_EXAMPLES = int(os.environ.get("CXHABITS_SLOW_SYNC_EXAMPLES", "200"))


@pytest.mark.slow
@pytest.mark.parametrize("devices", [2, 3])
@pytest.mark.parametrize("mode", CONFLICT_MODES)
def test_many_random_commands_and_syncs_lose_no_check_in(mode: str, devices: int) -> None:
    run_sync_property(SLOW_SYNC_EXAMPLES, mode, devices)


LAST_WRITER_LOSES = [  # both check in (another day each) between two syncs
    ("days", 1, ""),
    ("command", 0, "checkin"),
    ("command", 1, "yesterday"),
    ("sync", 0, ""),
    ("sync", 1, ""),
]


@pytest.mark.xfail(
    strict=True,
    reason="last writer wins: one state.toml for all devices cannot survive it (README)",
)
@pytest.mark.parametrize("devices", [2, 3])
def test_last_writer_wins_loses_check_ins_today(devices: int) -> None:
    # One sequence that loses a check-in, so the expected failure is certain and quick
    # (30 random sequences shrunk took over five minutes); random ones: the slow run.
    run_sync_property(1, MODES[-1], devices, explicit=LAST_WRITER_LOSES)


@pytest.mark.slow
@pytest.mark.xfail(
    strict=False,  # a search: a bounded run may not meet a losing sequence (the one above does)
    reason="last writer wins: one state.toml for all devices cannot survive it (README)",
)
@pytest.mark.parametrize("devices", [2, 3])
def test_last_writer_wins_loses_random_check_ins_today(devices: int) -> None:
    # A failure is the point: the sequence is not shrunk.
    run_sync_property(SLOW_SYNC_EXAMPLES, MODES[-1], devices, shrink=False)
