"""The anchor in the user's own words: core, and `cxhabits anchor` through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cxhabits.domain import core
from cxhabits.domain.model import AnchorChange, HabitRecord, State
from cxhabits.errors import UsageError
from tests.helpers.cli import cx, ok, role_habits

MONDAY = dt.date(2026, 11, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)
OWN = "After I close a ticket in the queue"


def fresh() -> State:
    return State(habits=(HabitRecord("agent.test", MONDAY),))


def test_set_reset_and_the_same_day_twice() -> None:
    start = fresh()
    state, changed = core.set_anchor(start, start.habits[0], MONDAY, OWN)
    assert changed and state.habits[0].own_anchor == OWN
    again, changed = core.set_anchor(state, state.habits[0], MONDAY, OWN)
    assert not changed and again is state
    other, _ = core.set_anchor(state, state.habits[0], MONDAY, "After I sit down")
    assert other.habits[0].anchors == (AnchorChange(MONDAY, "After I sit down"),)
    reset, changed = core.set_anchor(other, other.habits[0], TUESDAY, None)
    assert changed and reset.habits[0].own_anchor is None
    assert [a.text for a in reset.habits[0].anchors] == ["After I sit down", ""]


@pytest.mark.parametrize(
    "text", ["", "   ", "After I\tclose", "After I \x1b[31m", "x" * (core.ANCHOR_MAX_CHARS + 1)]
)
def test_refused_anchors(text: str) -> None:
    start = fresh()
    with pytest.raises(UsageError):
        core.set_anchor(start, start.habits[0], MONDAY, text)


def test_the_anchor_as_typed_in_either_language_up_to_the_limit() -> None:
    dutch = "Nadat ik een klant heb teruggebeld"
    start = fresh()
    state, _ = core.set_anchor(start, start.habits[0], MONDAY, f"  {dutch} ")
    assert state.habits[0].own_anchor == dutch
    longest = "a" * core.ANCHOR_MAX_CHARS
    assert core.set_anchor(start, start.habits[0], MONDAY, longest)[0].habits[0].own_anchor


# -- through the command line ------------------------------------------------------


def picked() -> str:
    habit = role_habits("agent")[0]
    ok("pick", habit, day=MONDAY)
    return habit


def test_anchor_shows_sets_and_resets(cx_home: Path) -> None:
    habit = picked()
    library_anchor = ok("anchor", day=MONDAY).stdout.strip()
    assert library_anchor and "library" in cx("anchor", day=MONDAY).stderr
    result = ok("anchor", OWN, day=MONDAY)
    assert OWN in result.stdout
    assert ok("anchor", day=MONDAY).stdout.strip() == OWN
    doc = json.loads(ok("streak", "--json", day=TUESDAY).stdout)["active"]
    assert doc["anchor"] == OWN and doc["own_anchor"] is True
    assert OWN in ok("streak", day=TUESDAY).stdout
    shown = json.loads(ok("show", habit, "--json", day=TUESDAY).stdout)
    assert shown["your_anchor"] == OWN and shown["anchor"]["en"] == library_anchor
    assert OWN in " ".join(ok("show", habit, day=TUESDAY).stdout.split())
    ics = ok("remind", "--ics", day=TUESDAY).stdout
    assert OWN in ics.replace("\r\n ", "").replace("\n ", "")
    history = ok("history", habit, day=TUESDAY).stdout
    assert f"anchor in your own words: {OWN}" in history
    exported = json.loads(ok("export", day=TUESDAY).stdout)
    assert exported["habits"][0]["anchors"] == [{"from": "2026-11-02", "text": OWN}]
    reset = ok("anchor", "--reset", day=TUESDAY)
    assert library_anchor in reset.stdout
    doc = json.loads(ok("streak", "--json", day=TUESDAY).stdout)["active"]
    assert doc["anchor"] == library_anchor and doc["own_anchor"] is False
    assert "back to the library" in ok("history", habit, day=TUESDAY).stdout
    history_doc = json.loads(ok("history", habit, "--json", day=TUESDAY).stdout)
    assert [a["text"] for a in history_doc[0]["anchors"]] == [OWN, None]


def test_anchor_refusals() -> None:
    assert cx("anchor", OWN, day=MONDAY).exit_code == 1  # nothing picked
    picked()
    for text in ("", "   ", "After I\tclose", "x" * 121):
        result = cx("anchor", text, day=MONDAY)
        assert result.exit_code == 2, (text, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 2
    assert cx("anchor", OWN, "--reset", day=MONDAY).exit_code == 2


def test_the_anchor_survives_an_export_and_import(tmp_path: Path, cx_home: Path) -> None:
    picked()
    ok("anchor", OWN, day=MONDAY)
    exported = tmp_path / "export.json"
    exported.write_text(ok("export", day=MONDAY).stdout, encoding="utf-8")
    for path in cx_home.iterdir():
        if path.is_file():
            path.unlink()
    ok("import", str(exported), day=MONDAY)
    assert json.loads(ok("streak", "--json", day=MONDAY).stdout)["active"]["anchor"] == OWN


def test_the_dutch_streak_shows_the_own_anchor_as_typed() -> None:
    picked()
    ok("config", "language", "nl", day=MONDAY)
    ok("anchor", "Nadat ik mijn headset opzet", day=MONDAY)
    view = ok("streak", day=MONDAY).stdout
    assert "Nadat ik mijn headset opzet" in view and "eigen woorden" in view


def test_the_check_in_words_use_the_own_anchor() -> None:
    picked()
    ok("anchor", OWN, day=MONDAY)
    ok("checkin", day=MONDAY)
    thursday = MONDAY + dt.timedelta(days=3)  # Tuesday and Wednesday missed
    words = ok("checkin", day=thursday).stdout
    assert f"does your anchor ({OWN}) really happen" in words
