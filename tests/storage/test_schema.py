"""The state format across versions: migrations from stored files, and the archive files."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings, strategies as st

from cxhabits.domain import settings as config
from cxhabits.domain.model import AnchorChange, CheckIn, HabitRecord, Sharing, Skip, State
from cxhabits.errors import StateError
from cxhabits.storage import datafolder, extras, schema, store

DATA = Path(__file__).parents[1] / "data"
D = dt.date


def install(cx_home: Path, name: str) -> Path:
    cx_home.mkdir(parents=True, exist_ok=True)
    path = datafolder.state_path(cx_home)
    shutil.copy(DATA / name, path)
    return path


def test_a_schema_1_file_reads_and_keeps_every_check_in(cx_home: Path) -> None:
    install(cx_home, "state-v1.toml")
    state = store.load_full(cx_home)
    routine, dropped, active = state.habits
    assert routine.checkins[1] == CheckIn(D(2026, 10, 6), "hard call about a refund")
    assert len(routine.checkins) == 5 and routine.routine_on == D(2026, 11, 10)
    assert dropped.drop_reason == "no reminders this month" and len(dropped.checkins) == 1
    assert active.checkins[-1] == CheckIn(D(2026, 11, 17), "sat with Sam")
    assert state.settings.workdays == frozenset({0, 1, 2, 3})
    assert not state.settings.require_rating
    assert state.pauses[0].reason == "holiday"


def test_saving_a_schema_1_file_moves_finished_check_ins_to_archives(cx_home: Path) -> None:
    path = install(cx_home, "state-v1.toml")
    before = store.load_full(cx_home)
    with datafolder.locked(cx_home):
        store.save(cx_home, store.load(cx_home))
    text = path.read_text()
    assert text.startswith("schema = 3\nschema_minor = 1\n")
    assert "2026-10-06" not in text  # the routine habit's check-ins left the hot file
    assert "2026-11-17" in text  # the active habit's stayed
    archives = sorted(p.name for p in (cx_home / "archive").iterdir())
    assert archives == [
        "001-agent.breath-after-hard-call.toml",
        "002-finance.we-not-the-department.toml",
    ]
    assert store.load_full(cx_home) == before
    assert (cx_home / datafolder.BACKUP_FILE).read_text().startswith("# A state file")


def test_the_hot_load_leaves_archives_unread(cx_home: Path) -> None:
    install(cx_home, "state-v1.toml")
    with datafolder.locked(cx_home):
        store.save(cx_home, store.load(cx_home))
    hot = store.load(cx_home)
    assert [r.loaded for r in hot.habits] == [False, False, True]
    assert hot.habits[0].checkins == ()
    state, record = store.load_record(cx_home, hot, hot.habits[0])
    assert len(record.checkins) == 5 and state.habits[0] is record


def test_a_crash_between_archive_and_state_loses_nothing_and_doubles_nothing(
    cx_home: Path,
) -> None:
    install(cx_home, "state-v1.toml")
    full = store.load_full(cx_home)
    # The archive was written, the process died before state.toml was replaced (as the
    # version before the journal could leave it).
    archive = store.archive_path(cx_home, 0, full.habits[0])
    archive.parent.mkdir()
    archive.write_bytes(store.archive_bytes(full.habits[0]))
    assert store.load_full(cx_home) == full


def test_a_broken_archive_is_reported_and_left_alone(cx_home: Path) -> None:
    install(cx_home, "state-v1.toml")
    with datafolder.locked(cx_home):
        store.save(cx_home, store.load(cx_home))
    archive = cx_home / "archive" / "001-agent.breath-after-hard-call.toml"
    archive.write_text("schema = 2\ncheckins = [\n")
    store.load(cx_home)  # the hot path does not need it
    with pytest.raises(StateError, match="001-agent"):
        store.load_full(cx_home)
    assert archive.read_text() == "schema = 2\ncheckins = [\n"


def test_an_archive_of_another_habit_is_refused(cx_home: Path) -> None:
    install(cx_home, "state-v1.toml")
    with datafolder.locked(cx_home):
        store.save(cx_home, store.load(cx_home))
    first = cx_home / "archive" / "001-agent.breath-after-hard-call.toml"
    second = cx_home / "archive" / "002-finance.we-not-the-department.toml"
    first.write_bytes(second.read_bytes())
    with pytest.raises(StateError, match="another habit"):
        store.load_full(cx_home)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("half_life = 0", "half_life"),
        ("backfill_days = 400", "backfill_days"),
        ('workdays = ["someday"]', "workdays"),
        ("consistency_done = 30", "consistency_done"),
        ('require_rating = "maybe"', "require_rating"),
    ],
)
def test_settings_out_of_range_are_reported(cx_home: Path, settings: str, message: str) -> None:
    cx_home.mkdir()
    datafolder.state_path(cx_home).write_text(f"schema = 2\n[settings]\n{settings}\n")
    with pytest.raises(StateError, match=message):
        store.load(cx_home)


def test_a_schema_2_folder_migrates_to_schema_3_and_keeps_everything(cx_home: Path) -> None:
    shutil.copytree(DATA / "v2", cx_home)
    state = store.load_full(cx_home)
    routine, active = state.habits
    assert routine.checkins[1] == CheckIn(D(2026, 10, 6), "hard call about a refund")
    assert routine.ratings[0].scores == (6, 6, 5, 6)
    assert active.checkins[-1] == CheckIn(D(2026, 11, 17), "sat with Sam")
    assert routine.skips == active.skips == () and active.anchors == ()
    assert state.sharing is None and state.settings.packs == ()
    skipped = state.with_record(
        active, active._replace(skips=(Skip(D(2026, 11, 18), "no call"),))
    )._replace(sharing=Sharing("/team", None, True, "abc123"))
    with datafolder.locked(cx_home):
        store.save(cx_home, skipped)
    text = datafolder.state_path(cx_home).read_text()
    assert text.startswith("schema = 3\nschema_minor = 1\n")
    assert store.load_full(cx_home) == skipped
    # The archive that was read in is written again as schema 3, with the same record.
    archive = cx_home / "archive" / "001-agent.breath-after-hard-call.toml"
    assert archive.read_text().startswith("schema = 3\n")


def test_skips_and_anchors_of_a_finished_habit_go_to_its_archive(cx_home: Path) -> None:
    record = HabitRecord(
        id="agent.breath-after-hard-call",
        picked=D(2026, 11, 2),
        status="routine",
        routine_on=D(2026, 11, 20),
        checkins=(CheckIn(D(2026, 11, 2)),),
        skips=(Skip(D(2026, 11, 3), "no hard call"),),
        anchors=(AnchorChange(D(2026, 11, 4), "After I put the headset down"),),
    )
    with datafolder.locked(cx_home):
        store.save(cx_home, State(habits=(record,)))
    hot = datafolder.state_path(cx_home).read_text()
    assert "no hard call" not in hot and "After I put the headset down" in hot
    assert store.load_full(cx_home).habits == (record,)


# -- what this version does not know is kept (a pure round trip) -------------------------

UNKNOWN_NAMES = st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True)
UNKNOWN_VALUES = st.recursive(
    st.one_of(
        st.text(max_size=8),
        st.integers(-(2**63), 2**63 - 1),
        st.booleans(),
        st.dates(D(1, 1, 1), D(9999, 12, 31)),  # unknown fields are not ours to bound
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(UNKNOWN_NAMES, inner, max_size=3)
    ),
    max_leaves=6,
)
PLACES = st.sampled_from(["", "settings", "sharing", "habits.0", "habits.1", "pauses.0"])
KNOWN = {
    "": extras.TOP_KEYS,
    "settings": frozenset(config.KEYS),
    "sharing": extras.SHARING_KEYS,
    "habits.0": extras.HABIT_KEYS,
    "habits.1": extras.HABIT_KEYS,
    "pauses.0": extras.PAUSE_KEYS,
}


def table_at(doc: dict[str, Any], place: str) -> dict[str, Any]:
    table: Any = doc
    for part in place.split(".") if place else []:
        table = table[int(part)] if isinstance(table, list) else table.setdefault(part, {})
    assert isinstance(table, dict)
    return table


def a_document() -> dict[str, Any]:
    return {
        "schema": 3,
        "settings": {"backfill_days": 5},
        "sharing": {"folder": "/tmp/t", "anonymous": True, "person": "p"},
        "pauses": [{"from": D(2026, 12, 1), "to": D(2026, 12, 3)}],
        "habits": [
            {"id": "agent.aaa", "picked": D(2026, 10, 1), "status": "dropped",
             "dropped_on": D(2026, 10, 9)},
            {"id": "agent.bbb", "picked": D(2026, 10, 10), "status": "active",
             "checkins": [D(2026, 10, 12)]},
        ],
    }  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(PLACES, UNKNOWN_NAMES, UNKNOWN_VALUES), max_size=6), st.integers(0, 9))
def test_unknown_fields_anywhere_survive_a_round_trip(
    added: list[tuple[str, str, Any]], minor: int
) -> None:
    doc = a_document()
    doc["schema_minor"] = minor
    expected: dict[tuple[str, str], Any] = {}
    for place, name, value in added:
        if name in KNOWN[place]:
            continue
        table_at(doc, place)[name] = value
        expected[(place, name)] = value
    text = tomli_w.dumps(doc)
    parsed = tomllib.loads(text)
    state = schema.state_from_document(schema.migrate(parsed))
    again = tomllib.loads(
        tomli_w.dumps(schema.state_to_document(state, extras.state_extras(parsed)))
    )
    for (place, name), value in expected.items():
        assert table_at(again, place)[name] == value, (place, name)
    assert again["schema_minor"] == max(minor, schema.SCHEMA_MINOR)
    assert schema.state_from_document(again) == state
