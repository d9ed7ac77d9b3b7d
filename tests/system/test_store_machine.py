"""The storage state machine: random sequences of saves and of what users and accidents
do to the data folder, against a model of every check-in recorded.

Steps: check-ins on the active and on finished habits (their archive files), picks,
finishing a habit (its archive is written), state.toml moved aside (writes refused,
reads go on empty, then it comes back), an archive deleted by hand, an unknown field
added by a newer version (to state.toml or an archive), an import of a generated
hostile export (through the `import` command), and a save that fails or "dies" at one
of its os calls. The invariant: nothing recorded is lost, and what the tool says
happened is what happened (a refusal changed no byte; "nothing was changed" is true).

A short run is part of the default suite; the long one is marked slow (CXHABITS_SLOW=1
or `-m slow` runs it).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from typer.testing import CliRunner

from cxhabits.domain.model import CheckIn, HabitRecord, State
from cxhabits.errors import StateError
from cxhabits.storage import datafolder, journal, store
from tests.helpers import shortcuts
from tests.helpers.cli import WIDE
from tests.helpers.faults import Crash, Injector, snapshot

START = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)
HABIT_IDS = ("agent.aaa", "agent.bbb", "finance.ccc", "leader.ddd")
STATS: Counter[str] = Counter()

HOSTILE: dict[str, Any] = {
    "a path as id": "../../outside",
    "a folder as id": "sub/dir",
    "an escape in the id": "agent.x\x1b]0;PWNED\x07",
    "a year-1 pick": "0001-01-01",
    "a year-9999 pick": "9999-12-31",
    "a huge number": int("9" * 50),
    "a number as text": 7,
    "deep nesting": "DEEP",
    "an empty id": "",
}


def hostile_export(kind: str, valid: dict[str, Any]) -> str:
    """A copy of a real export with one hostile value put in."""
    doc = json.loads(json.dumps(valid))
    value = HOSTILE[kind]
    habit = {
        "id": "agent.eee",
        "picked": "2026-11-02",
        "status": "dropped",
        "routine_on": None,
        "dropped_on": "2026-11-03",
        "drop_reason": "",
        "checkins": [{"day": "2026-11-02", "note": ""}],
        "ratings": [],
        "skipped": [],
        "anchors": [],
    }
    if kind in ("a year-1 pick", "a year-9999 pick"):
        habit["picked"] = value
        habit["checkins"] = [{"day": value, "note": ""}]
    elif kind == "a huge number":
        doc["version"] = value
    elif kind == "a number as text":
        habit["drop_reason"] = value
    elif kind == "deep nesting":
        return json.dumps(doc)[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    else:
        habit["id"] = value
    doc["habits"] = [*doc.get("habits", []), habit]
    return json.dumps(doc)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.home = Path(tempfile.mkdtemp(prefix="cxhabits-store-"))
        self.previous_home = os.environ.get(datafolder.HOME_ENV)
        os.environ[datafolder.HOME_ENV] = str(self.home)
        self.today = START
        # (id, picked) -> status and check-ins, in the order picked
        self.records: dict[tuple[str, dt.date], dict[str, Any]] = {}
        self.unknown_state: dict[str, Any] = {}  # top-level keys a newer version added
        self.unknown_archive: dict[str, dict[str, Any]] = {}  # archive file name -> keys

    def teardown(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        if self.previous_home is None:
            os.environ.pop(datafolder.HOME_ENV, None)
        else:
            os.environ[datafolder.HOME_ENV] = self.previous_home
        STATS["sequences"] += 1

    # -- helpers -----------------------------------------------------------------------

    def expected(self) -> list[tuple[str, dt.date, str, dict[dt.date, str]]]:
        return [(k[0], k[1], v["status"], dict(v["checkins"])) for k, v in self.records.items()]

    def on_disk(self) -> list[tuple[str, dt.date, str, dict[dt.date, str]]]:
        state = store.load_full(self.home)
        return [
            (r.id, r.picked, r.status, {c.day: c.note for c in r.checkins}) for r in state.habits
        ]

    def change(self, record_index: int | None, new_status: str | None, note: str) -> State:
        """The state after one check-in (or a status change), as a command builds it."""
        state = store.load(self.home)
        if record_index is None:
            return state
        record = state.habits[record_index]
        state, record = store.load_record(self.home, state, record)
        if new_status is not None:
            changed = record._replace(
                status="routine" if new_status == "routine" else "dropped",
                routine_on=self.today if new_status == "routine" else None,
                dropped_on=self.today if new_status == "dropped" else None,
            )
        else:
            checkins = {c.day: c for c in record.checkins}
            checkins[self.today] = CheckIn(self.today, note)
            changed = record._replace(checkins=tuple(sorted(checkins.values())))
        return state.with_record(record, changed)

    def apply(self, record_index: int | None, new_status: str | None, note: str) -> None:
        key = list(self.records)[record_index] if record_index is not None else None
        if key is None:
            return
        if new_status is not None:
            self.records[key]["status"] = new_status
        else:
            self.records[key]["checkins"][self.today] = note

    def open_records(self) -> list[int]:
        return [i for i, v in enumerate(self.records.values()) if v["status"] != "dropped"]

    # -- rules -------------------------------------------------------------------------

    @precondition(lambda self: not any(v["status"] == "active" for v in self.records.values()))
    @rule(habit_id=st.sampled_from(HABIT_IDS))
    def pick(self, habit_id: str) -> None:
        if any(k[0] == habit_id and v["status"] != "dropped" for k, v in self.records.items()):
            return
        if (habit_id, self.today) in self.records:
            return
        with datafolder.locked(self.home):
            state = store.load(self.home)
            state = state._replace(habits=(*state.habits, HabitRecord(habit_id, self.today)))
            store.save(self.home, state)
        self.records[(habit_id, self.today)] = {"status": "active", "checkins": {}}
        STATS["picks"] += 1

    @precondition(lambda self: bool(self.open_records()))
    @rule(choice=st.integers(0, 10), note=st.sampled_from(["", "busy", "é ✓"]))
    def check_in(self, choice: int, note: str) -> None:
        index = self.open_records()[choice % len(self.open_records())]
        with datafolder.locked(self.home):
            store.save(self.home, self.change(index, None, note))
        self.apply(index, None, note)
        STATS["check-ins"] += 1

    @precondition(lambda self: any(v["status"] == "active" for v in self.records.values()))
    @rule(status=st.sampled_from(["routine", "dropped"]))
    def finish(self, status: str) -> None:
        index = next(i for i, v in enumerate(self.records.values()) if v["status"] == "active")
        with datafolder.locked(self.home):
            store.save(self.home, self.change(index, status, ""))
        self.apply(index, status, "")
        STATS[f"finished as {status}"] += 1

    @rule(days=st.integers(1, 3))
    def pass_days(self, days: int) -> None:
        self.today += days * DAY

    @precondition(lambda self: bool(self.records))
    @rule(choice=st.integers(0, 10), at=st.integers(0, 40), mode=st.sampled_from(["once", "crash"]))
    def a_save_that_fails(self, choice: int, at: int, mode: str) -> None:
        """A check-in (or a finish) whose save fails, or dies, at its `at`-th os call."""
        opened = self.open_records()
        if not opened:
            return
        index = opened[choice % len(opened)]
        status = "dropped" if choice % 3 == 0 and self.expected()[index][2] == "active" else None
        before = snapshot(self.home)
        injector = Injector(at, mode, errno.ENOSPC)
        message = ""
        with datafolder.locked(self.home):
            new = self.change(index, status, "")
            with pytest.MonkeyPatch.context() as mp:
                injector.install(mp)
                try:
                    store.save(self.home, new)
                except StateError as exc:
                    message = str(exc)
                except Crash:
                    message = "crash"
        STATS["faults injected" if mode == "once" else "crashes injected"] += 1
        after = self.on_disk()
        old = self.expected()
        self.apply(index, status, "")
        new_expected = self.expected()
        if after == new_expected and new_expected != old:
            assert "Nothing was changed" not in message, message
            STATS["failed saves: new state"] += 1
        else:  # wholly the old state, and a message that says so
            self.apply_undo(index, status, old)
            assert after == old, (message, after)
            assert message or new_expected == old, "a save that returned must have landed"
            if message and message != "crash":
                assert "was saved" not in message
                assert snapshot(self.home) == before
            STATS["failed saves: old state"] += 1

    def apply_undo(self, index: int, status: str | None, old: list[Any]) -> None:
        key = list(self.records)[index]
        self.records[key]["status"] = old[index][2]
        self.records[key]["checkins"] = dict(old[index][3])

    @precondition(lambda self: bool(self.records))
    @rule()
    def move_state_aside(self) -> None:
        """As a hint once said: writes are refused, reads go on empty, then it comes back."""
        path = datafolder.state_path(self.home)
        aside = path.with_name("state.toml.aside")
        path.rename(aside)
        before = snapshot(self.home)
        opened = self.open_records()
        if not (self.home / datafolder.BACKUP_FILE).exists():  # nothing else there: a fresh start
            archive = self.home / datafolder.ARCHIVE_DIR
            assert not archive.exists() or not any(archive.iterdir())  # (a crash can leave it)
            assert store.load(self.home) == State() and not shortcuts.pending_notice(self.home)
            aside.rename(path)
            return
        with pytest.raises(StateError, match="will not start afresh"), datafolder.locked(self.home):
            state = store.load(self.home)
            store.save(self.home, state)
        assert snapshot(self.home) == before, "a refused write changed a file"
        assert shortcuts.pending_notice(self.home) is None  # the refusal said it
        assert store.load(self.home) == State()  # (a reading command, the next run)
        assert shortcuts.pending_notice(self.home) is not None
        with pytest.raises(StateError, match="will not start afresh"):
            store.save(self.home, State(habits=(HabitRecord("agent.zzz", self.today),)))
        assert snapshot(self.home) == before
        aside.rename(path)
        assert opened == self.open_records()
        STATS["state.toml moved aside"] += 1

    @precondition(
        lambda self: (lambda a: a.is_dir() and any(a.iterdir()))(
            Path(self.home) / datafolder.ARCHIVE_DIR
        )
    )
    @rule(choice=st.integers(0, 10))
    def delete_an_archive(self, choice: int) -> None:
        """A user deletes an archive file: what it held is gone (their act, not ours)."""
        files = sorted((self.home / datafolder.ARCHIVE_DIR).iterdir())
        victim = files[choice % len(files)]
        index = int(victim.name.split("-", 1)[0]) - 1
        victim.unlink()
        key = list(self.records)[index]
        self.records[key]["checkins"] = {}
        self.unknown_archive.pop(victim.name, None)
        STATS["archives deleted"] += 1

    @rule(key=st.sampled_from(["reminder_time", "team", "zz_later"]), where=st.integers(0, 3))
    def add_an_unknown_field(self, key: str, where: int) -> None:
        """A newer version (same schema) adds a field: every later save keeps it."""
        value: Any = {"name": "CX", "size": 3} if key == "team" else "08:30"
        archives = sorted((self.home / datafolder.ARCHIVE_DIR).glob("*.toml"))
        if where == 3 and archives:
            path = archives[0]
            doc = tomllib.loads(path.read_text())
            doc[key] = value
            doc["schema_minor"] = 7
            path.write_text(tomli_w.dumps(doc))
            self.unknown_archive.setdefault(path.name, {})[key] = value
        else:
            path = datafolder.state_path(self.home)
            if not path.exists():
                return
            doc = tomllib.loads(path.read_text())
            doc[key] = value
            doc["schema_minor"] = 7
            path.write_text(tomli_w.dumps(doc))
            self.unknown_state[key] = value
        STATS["unknown fields added"] += 1

    @rule(kind=st.sampled_from(sorted(HOSTILE)))
    def import_a_hostile_export(self, kind: str) -> None:
        runner = CliRunner()
        env = {"CXHABITS_TODAY": self.today.isoformat(), "COLUMNS": str(WIDE)}
        exported = runner.invoke(_app(), ["export"], env=env)
        assert exported.exit_code == 0, exported.stderr
        file = self.home.parent / f"{self.home.name}-import.json"
        file.write_text(hostile_export(kind, json.loads(exported.stdout)))
        before = snapshot(self.home)
        result = runner.invoke(_app(), ["import", str(file)], env=env)
        file.unlink()
        assert result.exit_code in (1, 2), (kind, result.exit_code, result.stdout, result.stderr)
        assert isinstance(result.exception, SystemExit | None), result.exception
        assert "Traceback" not in result.stderr
        assert 1 <= len(result.stderr.strip().splitlines()) <= 2, result.stderr
        assert snapshot(self.home) == before, kind
        assert not list(self.home.parent.glob("outside*"))
        STATS["hostile imports refused"] += 1

    @rule()
    def import_its_own_export(self) -> None:
        runner = CliRunner()
        env = {"CXHABITS_TODAY": self.today.isoformat(), "COLUMNS": str(WIDE)}
        exported = runner.invoke(_app(), ["export"], env=env)
        assert exported.exit_code == 0, exported.stderr
        file = self.home.parent / f"{self.home.name}-import.json"
        file.write_text(exported.stdout)
        result = runner.invoke(_app(), ["import", str(file)], env=env)
        file.unlink()
        assert result.exit_code == 0, (result.stdout, result.stderr)
        STATS["own exports imported"] += 1

    # -- invariants --------------------------------------------------------------------

    @invariant()
    def nothing_recorded_is_lost(self) -> None:
        STATS["steps"] += 1
        assert self.on_disk() == self.expected()

    @invariant()
    def unknown_fields_are_kept(self) -> None:
        path = datafolder.state_path(self.home)
        if path.exists():
            doc = tomllib.loads(path.read_text())
            for key, value in self.unknown_state.items():
                assert doc.get(key) == value, key
        for name, fields in self.unknown_archive.items():
            doc = tomllib.loads((self.home / datafolder.ARCHIVE_DIR / name).read_text())
            for key, value in fields.items():
                assert doc.get(key) == value, (name, key)

    @invariant()
    def no_leftovers(self) -> None:
        assert not (self.home / journal.JOURNAL_FILE).exists()
        with datafolder.locked(self.home):
            pass
        assert not [p for p in self.home.rglob("*.tmp")]


def _app() -> Any:
    from cxhabits.cli.main import app

    return app


def run_machine(examples: int, steps: int) -> None:
    STATS.clear()
    run_state_machine_as_test(
        StoreMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(f"\nstorage machine: {dict(sorted(STATS.items()))}")
    assert STATS["sequences"] >= examples
    if examples >= 100:  # enough for every kind of step to have come up
        assert STATS["check-ins"] and STATS["unknown fields added"] and STATS["crashes injected"]


def test_random_storage_sequences_lose_nothing() -> None:
    run_machine(examples=15, steps=25)


@pytest.mark.slow
def test_many_random_storage_sequences_lose_nothing() -> None:
    run_machine(examples=int(os.environ.get("CXHABITS_SLOW_EXAMPLES", "150")), steps=40)


def test_hostile_exports_are_all_made() -> None:
    valid = {"format": "cxhabits-export", "version": 1, "settings": {}, "pauses": [], "habits": []}
    for kind in HOSTILE:
        assert hostile_export(kind, valid) != json.dumps(valid)
