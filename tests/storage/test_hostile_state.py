"""Hostile and unlucky data folders (issue 10, the storage half), each class in several shapes.

For every case: the exit code, the message (short, naming the file), and the data folder
afterwards, every file byte for byte (or the exact intended change).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from cxhabits.domain.model import CheckIn, HabitRecord, Pause, State
from cxhabits.errors import StateError
from cxhabits.storage import datafolder, store
from tests.helpers import shortcuts
from tests.helpers.cli import cx, refused

MONDAY = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)
runner = CliRunner()
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX file semantics")


@pytest.fixture(autouse=True)
def no_notice_left(cx_home: Path) -> Iterator[None]:
    """A notice a test left pending would be said when pytest ends."""
    yield
    shortcuts.pending_notice(cx_home)


def habit_ids() -> list[str]:
    result = cx("library", "--role", "agent", "--json")
    assert result.exit_code == 0, result.stderr
    return [h["id"] for h in json.loads(result.stdout)]


def files(home: Path) -> dict[str, bytes]:
    """Every file in the data folder (symbolic links as where they point), byte for byte."""
    found: dict[str, bytes] = {}
    for path in sorted(home.rglob("*")):
        name = str(path.relative_to(home))
        if path.is_symlink():
            found[name] = b"-> " + os.readlink(path).encode()
        elif path.is_file() and path.name != datafolder.LOCK_FILE:
            found[name] = path.read_bytes()
    return found


def history(home: Path) -> tuple[str, str]:
    """A home with a dropped habit (archived) and an active one with a check-in."""
    first, second = habit_ids()[:2]
    for args, day in (
        (["pick", first], MONDAY - 7 * DAY),
        (["checkin", "--note", "first one"], MONDAY - 7 * DAY),
        (["drop", "--yes"], MONDAY - 6 * DAY),
        (["pick", second], MONDAY - DAY),
        (["checkin"], MONDAY - DAY),
    ):
        result = cx(*args, day=day)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert (home / datafolder.ARCHIVE_DIR).is_dir() and (home / datafolder.BACKUP_FILE).is_file()
    return first, second


# -- a missing state.toml ------------------------------------------------------------------


def remove_state(home: Path, shape: str) -> None:
    state = datafolder.state_path(home)
    if shape == "moved aside":
        state.rename(home / "state.toml.aside")
    elif shape == "deleted, only the backup left":
        state.unlink()
        for archive in (home / datafolder.ARCHIVE_DIR).iterdir():
            archive.unlink()
        (home / datafolder.ARCHIVE_DIR).rmdir()
    elif shape == "deleted, only archive/ left":
        state.unlink()
        (home / datafolder.BACKUP_FILE).unlink()
    elif shape == "a dangling link":
        state.unlink()
        state.symlink_to(home / "gone.toml")


MISSING = ["moved aside", "deleted, only the backup left", "deleted, only archive/ left"]
MISSING_POSIX = [*MISSING, pytest.param("a dangling link", marks=POSIX_ONLY)]


def writers() -> list[list[str]]:
    first = habit_ids()[0]
    return [
        ["pick", first],
        ["pick", habit_ids()[3]],
        ["checkin"],
        ["drop", "--yes"],
        ["pause", "--from", "2026-12-01", "--to", "2026-12-02"],
        ["config", "backfill_days", "3"],
    ]


@pytest.mark.parametrize("shape", MISSING_POSIX)
def test_a_missing_state_file_is_not_a_fresh_start_for_writers(cx_home: Path, shape: str) -> None:
    history(cx_home)
    remove_state(cx_home, shape)
    commands = writers()  # asks `library`, which may write the pack index: before the snapshot
    before = files(cx_home)
    for args in commands:
        result = cx(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) <= 2
        notice = shortcuts.pending_notice(cx_home)  # said on stderr as the run ends
        if "will not start afresh" in result.stderr:  # refused when it came to writing
            assert str(datafolder.state_path(cx_home)) in result.stderr and notice is None, args
            if os.path.lexists(cx_home / datafolder.BACKUP_FILE):
                assert "cp " in result.stderr and datafolder.BACKUP_FILE in result.stderr
        else:  # refused earlier, on what it read (nothing): then the notice says it
            assert notice is not None and "is missing" in notice, args
        assert files(cx_home) == before, args


@pytest.mark.parametrize("shape", MISSING)
def test_a_missing_state_file_lets_readers_go_on_empty_and_say_so(
    cx_home: Path, shape: str
) -> None:
    history(cx_home)
    remove_state(cx_home, shape)
    before = files(cx_home)
    nothing_picked = "No habit picked yet. Run 'cxhabits pick' to choose one.\n"
    for args, stdout, stderr in (
        (["status"], "", ""),  # the shell prompt's line: nothing to show
        (["streak"], "", nothing_picked),
        (["history"], "", nothing_picked),
        (["export"], None, ""),
    ):
        result = cx(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        assert result.stderr == stderr, args
        if stdout is None:  # the export of an empty state: no habit, no pause, no setting
            exported = json.loads(result.stdout)
            assert exported["habits"] == exported["pauses"] == [] and exported["settings"] == {}
        else:
            assert result.stdout == stdout, args
        notice = shortcuts.pending_notice(cx_home)
        assert notice is not None and "is missing" in notice, args
        assert files(cx_home) == before, args


@POSIX_ONLY
def test_a_reading_command_says_so_on_stderr(cx_home: Path) -> None:
    history(cx_home)
    remove_state(cx_home, "moved aside")
    result = subprocess.run(
        [sys.executable, "-m", "cxhabits", "history"],
        env=dict(os.environ, CXHABITS_TODAY=MONDAY.isoformat()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("is missing") == 1 and "cp " in result.stderr
    assert result.stderr.strip().splitlines()[-2].endswith("changing nothing.")


def test_the_issue_example_pick_and_drop_after_moving_state_aside(cx_home: Path) -> None:
    first, _second = history(cx_home)
    archive = sorted((cx_home / datafolder.ARCHIVE_DIR).iterdir())
    held = [path.read_bytes() for path in archive]
    remove_state(cx_home, "moved aside")
    refused(cx("pick", first), 1, "will not start afresh")
    assert cx("drop", "--yes").exit_code == 1
    assert [path.read_bytes() for path in archive] == held


@pytest.mark.parametrize("empty_archive", [False, True])
def test_a_fresh_folder_is_a_fresh_start(cx_home: Path, empty_archive: bool) -> None:
    if empty_archive:  # as a save that died after making it leaves it: no record in it
        (cx_home / datafolder.ARCHIVE_DIR).mkdir(parents=True)
    result = cx("pick", habit_ids()[0])
    assert result.exit_code == 0, result.stderr
    assert shortcuts.pending_notice(cx_home) is None


# -- an archive file is only replaced by a newer version of its own record ----------------

A, B = "agent.aaa", "agent.bbb"


def finished(habit_id: str, picked: dt.date, count: int) -> HabitRecord:
    checkins = tuple(CheckIn(picked + n * DAY) for n in range(count))
    return HabitRecord(
        habit_id, picked, status="dropped", dropped_on=picked + 9 * DAY, checkins=checkins
    )


OVERWRITES = {
    "the same habit picked another day": State(habits=(finished(A, MONDAY + DAY, 2),)),
    "an empty record": State(habits=(finished(A, MONDAY, 0),)),
}


@pytest.mark.parametrize("state", OVERWRITES.values(), ids=OVERWRITES.keys())
def test_an_archive_is_never_replaced_by_another_record(cx_home: Path, state: State) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    before = files(cx_home)
    with pytest.raises(StateError) as info:
        store.save(cx_home, state)
    message = str(info.value)
    assert "001-agent.aaa.toml" in message and "Nothing was changed" in message
    assert len(message.splitlines()) == 2
    assert files(cx_home) == before


def test_another_habit_at_the_same_place_gets_its_own_archive(cx_home: Path) -> None:
    """As after a lost state.toml: the first habit again, but another one."""
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    before = files(cx_home)
    store.save(cx_home, State(habits=(finished(B, MONDAY, 2),)))
    after = files(cx_home)
    assert after["archive/001-agent.aaa.toml"] == before["archive/001-agent.aaa.toml"]
    assert "archive/001-agent.bbb.toml" in after


def test_an_archive_takes_a_newer_version_of_its_record(cx_home: Path) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    store.save(cx_home, State(habits=(finished(A, MONDAY, 5),)))
    assert store.load_full(cx_home) == State(habits=(finished(A, MONDAY, 5),))


@pytest.mark.parametrize(
    "content",
    [b"checkins = [\n", b"schema = 99\nid = 'agent.aaa'\n", b"\xff\xfe", b""],
    ids=["broken TOML", "a newer schema", "not UTF-8", "empty"],
)
def test_an_archive_that_cannot_be_read_is_never_overwritten(cx_home: Path, content: bytes) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    (archive,) = (cx_home / datafolder.ARCHIVE_DIR).iterdir()
    archive.write_bytes(content)
    before = files(cx_home)
    with pytest.raises(StateError) as info:
        store.save(cx_home, State(habits=(finished(A, MONDAY, 4),)))
    assert str(archive) in str(info.value)
    assert files(cx_home) == before


# -- unknown fields are kept -------------------------------------------------------------

UNKNOWN_STATE = {
    "a top-level key": ("", "reminder_channel", "slack"),
    "a top-level table": ("", "team", {"name": "Support", "size": 7}),
    "a setting": ("settings", "reminder_time", "08:30"),
    "a key in a habit": ("habits.0", "colour", "green"),
    "a table in a habit": ("habits.0", "coach", {"name": "Ann"}),
    "a key in a pause": ("pauses.0", "kind", "holiday"),
    "a key in [sharing]": ("sharing", "avatar", "fox"),
}


def put(doc: dict[str, object], where: str, key: str, value: object) -> None:
    table: object = doc
    for part in where.split(".") if where else []:
        table = table.setdefault(part, {}) if isinstance(table, dict) else table[int(part)]  # type: ignore[index]
    assert isinstance(table, dict)
    table[key] = value


def get(doc: dict[str, object], where: str, key: str) -> object:
    table: object = doc
    for part in where.split(".") if where else []:
        table = table[int(part)] if isinstance(table, list) else table[part]  # type: ignore[index]
    assert isinstance(table, dict)
    return table.get(key)


@pytest.mark.parametrize("place", UNKNOWN_STATE.values(), ids=UNKNOWN_STATE.keys())
def test_an_unknown_field_in_the_state_file_survives_every_save(
    cx_home: Path, place: tuple[str, str, object]
) -> None:
    where, key, value = place
    assert cx("pick", habit_ids()[0], day=MONDAY - 7 * DAY).exit_code == 0
    assert cx("pause", "--from", "2026-12-01", "--to", "2026-12-03").exit_code == 0
    path = datafolder.state_path(cx_home)
    doc = tomllib.loads(path.read_text())
    doc["sharing"] = {"folder": "/tmp/x", "anonymous": True, "person": "p1"}
    put(doc, where, key, value)
    doc["schema_minor"] = 4  # a newer release of the same schema
    path.write_text(tomli_w.dumps(doc))
    for args in (["checkin"], ["checkin", "--date", (MONDAY - DAY).isoformat()]):
        result = cx(*args)
        assert result.exit_code == 0, result.stderr
        saved = tomllib.loads(path.read_text())
        assert get(saved, where, key) == value and saved["schema_minor"] == 4
    backup = tomllib.loads((cx_home / datafolder.BACKUP_FILE).read_text())
    assert get(backup, where, key) == value
    assert len(store.load(cx_home).habits[0].checkins) == 2


@pytest.mark.parametrize(
    "key, value", [("rated_by", "coach"), ("extra", {"a": [1, 2]}), ("later", [1, 2, 3])]
)
def test_an_unknown_field_in_an_archive_survives_its_rewrite(
    cx_home: Path, key: str, value: object
) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    (archive,) = (cx_home / datafolder.ARCHIVE_DIR).iterdir()
    doc = tomllib.loads(archive.read_text())
    doc[key] = value
    doc["schema_minor"] = 9
    archive.write_text(tomli_w.dumps(doc))
    store.save(cx_home, State(habits=(finished(A, MONDAY, 4),)))
    saved = tomllib.loads(archive.read_text())
    assert saved[key] == value and saved["schema_minor"] == 9 and len(saved["checkins"]) == 4


def test_a_newer_schema_is_refused_and_left_alone(cx_home: Path) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    path = datafolder.state_path(cx_home)
    path.write_text(path.read_text().replace("schema = 3", "schema = 4"))
    before = files(cx_home)
    for args in (["checkin"], ["streak"]):
        refused(cx(*args), 1, "newer cxhabits")
    assert files(cx_home) == before


# -- ids are checked on load ---------------------------------------------------------------

BAD_IDS = {
    "a path": "../../evil",
    "a folder": "agent/sub",
    "too short": "agent.x",
    "capitals": "Agent.Say-Hello",
    "an escape": "agent.hello\x1b]0;PWNED\x07",
    "empty": "",
    "very long": "agent." + "x" * 200,
    "a dot file": ".hidden.file",
}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_a_state_file_with_a_bad_habit_id_is_refused_as_broken(cx_home: Path, bad: str) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    doc = {"schema": 3, "habits": [{"id": bad, "picked": MONDAY, "status": "routine",
                                    "routine_on": MONDAY}]}  # fmt: skip
    path.write_text(tomli_w.dumps(doc))
    before = files(cx_home)
    for args in (["checkin"], ["streak"], ["history"]):
        result = cx(*args)
        refused(result, 1, str(path), "habits[0]", "not a habit id")
        assert "\x1b" not in result.stderr
    assert files(cx_home) == before
    assert (
        not (cx_home.parent / "evil").exists() and not (cx_home / datafolder.ARCHIVE_DIR).exists()
    )


@pytest.mark.parametrize("bad", ["../../evil", "agent.x", "agent.bbb"])
def test_an_archive_with_a_bad_or_other_id_is_refused(cx_home: Path, bad: str) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    (archive,) = (cx_home / datafolder.ARCHIVE_DIR).iterdir()
    archive.write_text(archive.read_text().replace('"agent.aaa"', json.dumps(bad)))
    before = files(cx_home)
    with pytest.raises(StateError, match=r"001-agent\.aaa"):
        store.load_full(cx_home)
    with pytest.raises(StateError, match=r"001-agent\.aaa"):
        store.save(cx_home, State(habits=(finished(A, MONDAY, 4),)))
    assert files(cx_home) == before


# -- temporary files and symbolic links ------------------------------------------------------


@POSIX_ONLY
@pytest.mark.parametrize(
    "name",
    [".state.toml.tmp", "state.toml.bak.tmp", ".state.toml.0123456789abcdef.tmp"],
    ids=["the old fixed name", "the old backup name", "a name like ours"],
)
def test_a_planted_temp_link_never_redirects_a_save(
    cx_home: Path, tmp_path: Path, name: str
) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (cx_home / name).symlink_to(victim)
    for args in (["checkin"], ["checkin", "--note", "again"]):
        assert cx(*args).exit_code == 0
    assert victim.read_text() == "precious\n"
    assert (cx_home / name).is_symlink()  # not ours: left as it was
    assert store.load(cx_home).habits[0].checkins == (CheckIn(MONDAY, "again"),)


@pytest.mark.parametrize(
    "name",
    [
        ".state.toml.0123456789abcdef.tmp",
        ".state.journal.0123456789abcdef.tmp",
        ".state.toml.tmp",
        "state.toml.bak.tmp",
        "archive/.001-agent.aaa.toml.tmp",
        "archive/.001-agent.aaa.toml.0123456789abcdef.tmp",
    ],
)
def test_a_stale_temp_file_of_ours_is_removed(cx_home: Path, name: str) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    (cx_home / datafolder.ARCHIVE_DIR).mkdir(exist_ok=True)
    stale = cx_home / name
    stale.write_text("half a save")
    assert cx("checkin").exit_code == 0
    assert not stale.exists()


@POSIX_ONLY
def test_temp_files_beside_a_linked_state_file_are_removed_only_if_ours(
    cx_home: Path, tmp_path: Path
) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "cx-state.toml"
    datafolder.state_path(cx_home).rename(target)
    datafolder.state_path(cx_home).symlink_to(target)
    ours = synced / ".cx-state.toml.0123456789abcdef.tmp"
    theirs = synced / ".notes.md.0123456789abcdef.tmp"
    for path in (ours, theirs):
        path.write_text("x")
    assert cx("checkin").exit_code == 0
    assert not ours.exists() and theirs.read_text() == "x"


@POSIX_ONLY
def test_a_state_file_that_is_a_link_is_written_through(cx_home: Path, tmp_path: Path) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "cx-state.toml"
    datafolder.state_path(cx_home).rename(target)
    datafolder.state_path(cx_home).symlink_to(target)
    old = target.read_bytes()
    for args in (
        ["checkin", "--note", "one"],
        ["pause", "--from", "2026-12-01", "--to", "2026-12-02"],
    ):
        assert cx(*args).exit_code == 0, args
    assert datafolder.state_path(cx_home).is_symlink()
    assert os.readlink(datafolder.state_path(cx_home)) == str(target)
    assert store.load(cx_home).habits[0].checkins == (CheckIn(MONDAY, "one"),)
    assert b"2026-12-01" in target.read_bytes()
    backup = cx_home / datafolder.BACKUP_FILE
    assert not backup.is_symlink() and backup.read_bytes() != old
    assert [p.name for p in synced.iterdir()] == ["cx-state.toml"]  # no temp file left


@POSIX_ONLY
def test_a_backup_that_is_a_link_is_written_through(cx_home: Path, tmp_path: Path) -> None:
    assert cx("pick", habit_ids()[0]).exit_code == 0
    elsewhere = tmp_path / "backup.toml"
    elsewhere.write_text("old\n")
    (cx_home / datafolder.BACKUP_FILE).symlink_to(elsewhere)
    current = datafolder.state_path(cx_home).read_bytes()
    assert cx("checkin").exit_code == 0
    assert (cx_home / datafolder.BACKUP_FILE).is_symlink()
    assert elsewhere.read_bytes() == current


# -- bounds and encodings --------------------------------------------------------------------


def state_text(**extra: str) -> str:
    habit = {"id": "agent.aaa", "picked": "2026-10-05", "status": "active"}
    habit.update(extra)
    lines = [f"{k} = {v if k not in ('id', 'status') else json.dumps(v)}" for k, v in habit.items()]
    return "schema = 3\n\n[[habits]]\n" + "\n".join(lines) + "\n"


def test_a_byte_order_mark_is_read(cx_home: Path) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    path.write_bytes(b"\xef\xbb\xbf" + state_text(checkins="[2026-10-06]").encode())
    state = store.load(cx_home)
    assert state.habits[0].checkins == (CheckIn(dt.date(2026, 10, 6)),)
    with datafolder.locked(cx_home):
        store.save(cx_home, store.load(cx_home))
    assert store.load(cx_home) == state


BROKEN = {
    "5,000-deep array": ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "40-deep unknown field": ("x = " + "[" * 40 + "1" + "]" * 40 + "\n", "nested too deeply"),
    "deep inline tables": ("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    "a 5,000-digit number": ("x = " + "9" * 5000 + "\n", "not valid TOML"),
    "UTF-16": (None, "not UTF-8"),
}


@pytest.mark.parametrize("text, words", BROKEN.values(), ids=BROKEN.keys())
def test_a_state_file_beyond_the_bounds_is_refused_plainly(
    cx_home: Path, text: str | None, words: str
) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    if text is None:
        path.write_bytes(state_text().encode("utf-16"))
    else:
        path.write_text(state_text() + text)
    before = files(cx_home)
    for args in (["checkin"], ["streak"], ["status"]):
        refused(cx(*args), 1, str(path), words)
    assert files(cx_home) == before


OUT_OF_RANGE = {
    "a year-1 pick": {"picked": "0001-01-01"},
    "a 9999 pick": {"picked": "9999-12-31"},
    "a check-in in 1999": {"checkins": "[1999-12-31]"},
    "a check-in in 2101": {"checkins": "[2101-01-01]"},
    "a self-check in 1970": {"ratings": "[{day = 1970-01-01, scores = [5, 5, 5, 5]}]"},
    "a skipped day in 2200": {"skipped": "[{day = 2200-01-01}]"},
    "an anchor from 1900": {"anchors": '[{from = 1900-01-01, text = "x"}]'},
}


@pytest.mark.parametrize("extra", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE.keys())
def test_dates_outside_2000_to_2100_are_refused_as_broken(
    cx_home: Path, extra: dict[str, str]
) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    path.write_text(state_text(**extra))
    before = files(cx_home)
    for args in (["checkin"], ["streak"]):
        refused(cx(*args), 1, str(path), "2000-01-01 to 2100-12-31")
    assert files(cx_home) == before


@pytest.mark.parametrize("start, end", [("0001-01-01", "2026-01-01"), ("2026-01-01", "9999-12-31")])
def test_a_pause_outside_the_years_is_refused_as_broken(
    cx_home: Path, start: str, end: str
) -> None:
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    path.write_text(f"schema = 3\n\n[[pauses]]\nfrom = {start}\nto = {end}\n")
    refused(
        cx("pause", "--from", "2026-12-01", "--to", "2026-12-02"),
        1,
        str(path),
        "2000-01-01 to 2100-12-31",
    )
    assert datafolder.state_path(cx_home).read_text().endswith(f"to = {end}\n")


def test_the_years_themselves_are_fine(cx_home: Path) -> None:
    store.save(cx_home, State(pauses=(Pause(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),)))
    assert store.load(cx_home).pauses[0].end == dt.date(2100, 12, 31)


ENTRY_FIELDS = {
    "a note": ("notes", {"day": MONDAY - 2 * DAY, "text": "hi", "mood": "calm"}),
    "a self-check": (
        "ratings",
        {"day": MONDAY - 2 * DAY, "scores": [5, 5, 5, 5], "context": {"shift": "late"}},
    ),
    "a skipped day": ("skipped", {"day": MONDAY - 3 * DAY, "reason": "ill", "code": 3}),
    "an anchor": ("anchors", {"from": MONDAY - 4 * DAY, "text": "after lunch", "by": "me"}),
}


@pytest.mark.parametrize("place", ENTRY_FIELDS.values(), ids=ENTRY_FIELDS.keys())
def test_an_unknown_field_in_an_entry_survives_saves_and_the_move_to_the_archive(
    cx_home: Path, place: tuple[str, dict[str, object]]
) -> None:
    name, entry = place
    state = State(habits=(HabitRecord(A, MONDAY - 7 * DAY, checkins=(CheckIn(MONDAY - 2 * DAY),)),))
    store.save(cx_home, state)
    path = datafolder.state_path(cx_home)
    doc = tomllib.loads(path.read_text())
    doc["habits"][0][name] = [entry]
    path.write_text(tomli_w.dumps(doc))
    with datafolder.locked(cx_home):  # a check-in: the entry stays in state.toml
        state = store.load(cx_home)
        record = state.habits[0]
        more = record._replace(checkins=(*record.checkins, CheckIn(MONDAY - DAY)))
        store.save(cx_home, state.with_record(record, more))
    assert tomllib.loads(path.read_text())["habits"][0][name] == [entry]
    with datafolder.locked(cx_home):  # routine: what lives in the archive moves there, whole
        state = store.load(cx_home)
        record = state.habits[0]
        done = record._replace(status="routine", routine_on=MONDAY)
        store.save(cx_home, state.with_record(record, done))
    (archive,) = (cx_home / datafolder.ARCHIVE_DIR).iterdir()
    kept = tomllib.loads((path if name == "anchors" else archive).read_text())
    table = kept["habits"][0] if name == "anchors" else kept
    assert table[name] == [entry]


@pytest.mark.parametrize("bad", ["../../evil", "sub/dir", "agent.x"])
@pytest.mark.parametrize("status", ["active", "dropped"])
def test_a_bad_id_never_reaches_a_file_name_or_the_state_file(
    cx_home: Path, bad: str, status: str
) -> None:
    store.save(cx_home, State(habits=(finished(A, MONDAY, 3),)))
    before = files(cx_home)
    record = finished(bad, MONDAY + DAY, 2)
    if status == "active":
        record = record._replace(status="active", dropped_on=None)
    with pytest.raises(StateError, match="Nothing was changed") as info:
        store.save(cx_home, State(habits=(finished(A, MONDAY, 3), record)))
    assert "habits[1]" in str(info.value)
    assert files(cx_home) == before and not (cx_home.parent / "evil.toml").exists()
