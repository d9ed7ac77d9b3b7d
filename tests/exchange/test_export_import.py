"""Export and import (exchange/): everything out as JSON or CSV, and back in, merged."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from cxhabits import i18n
from cxhabits.storage import datafolder
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, data, ok, role_habits


def build_history() -> None:
    first, second = role_habits("agent")[:2]
    ok("pick", first)
    ok("config", "require_rating", "false")
    for day in workdays(MONDAY, 24):
        ok("checkin", "--note", f"note {day}", day=day)
    ok("pick", second, day=dt.date(2026, 12, 4))
    ok("checkin", day=dt.date(2026, 12, 4))
    ok("rate", "5", "6", "5", "6", day=dt.date(2026, 12, 4))
    ok("pause", "--from", "2026-12-21", "--to", "2027-01-01", "--reason", "holiday")


def test_export_then_import_into_an_empty_home_gives_the_same_history(
    cx_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_history()
    exported = ok("export").stdout
    history = data("history")
    dump = tmp_path / "export.json"
    dump.write_text(exported)
    monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / "elsewhere"))
    said = ok("import", str(dump)).stdout
    assert "2 habits added" in said and "pauses added" in said, said
    assert data("history") == history
    assert ok("export").stdout == exported
    assert ok("pause", "--list").stdout.strip() == "Mon 21 Dec to Fri 1 Jan 2027  holiday"
    again = ok("import", str(dump))
    assert "nothing new (all of it was already here)" in again.stdout
    assert ok("export").stdout == exported


def test_import_merges_and_reports_conflicts(
    cx_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_history()
    document = json.loads(ok("export").stdout)
    first = document["habits"][0]
    first["checkins"][0]["note"] = "a different note"
    first["checkins"].append({"day": "2026-12-05", "note": "weekend"})
    document["settings"]["workdays"] = "mon,tue"
    dump = tmp_path / "edited.json"
    dump.write_text(json.dumps(document))
    result = ok("import", str(dump))
    assert "1 habit extended from the file" in result.stdout
    assert "two notes for 2026-11-02" in result.stderr
    assert "setting require_rating" not in result.stderr
    history = data("history")
    assert history[0]["checkins"] == 25
    exported = json.loads(ok("export").stdout)
    assert exported["habits"][0]["checkins"][0]["note"] == "note 2026-11-02"


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"format": "other"}', '{"format": "cxhabits-export", "version": 9}'],
)
def test_import_refuses_what_is_not_an_export(cx_home: Path, tmp_path: Path, content: str) -> None:
    dump = tmp_path / "bad.json"
    dump.write_text(content)
    result = cx("import", str(dump))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert not datafolder.state_path(cx_home).exists()
    assert cx("import", str(tmp_path / "missing.json")).exit_code == 2


def test_csv_has_one_row_per_check_in() -> None:
    build_history()
    rows = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv").stdout)))
    assert len(rows) == 25
    assert rows[0]["note"] == "note 2026-11-02" and rows[0]["status"] == "routine"
    assert cx("export", "--format", "xml").exit_code == 2


def test_import_says_what_it_added_in_words_in_dutch_too(
    cx_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_history()
    dump = tmp_path / "export.json"
    dump.write_text(ok("export").stdout)
    monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / "elsewhere"))
    ok("config", "language", "nl")
    try:
        said = ok("import", str(dump)).stdout
        again = ok("import", str(dump)).stdout
    finally:
        i18n.set_language("en")
    assert "2 gewoontes toegevoegd" in said and "pauzes toegevoegd" in said, said
    assert "record" not in said and "item" not in said
    assert "niets nieuws (alles stond er al)" in again
