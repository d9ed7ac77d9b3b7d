"""Sharing progress with the team: the share document, and the file that follows every save."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cxhabits.domain.model import (
    AnchorChange,
    CheckIn,
    HabitRecord,
    HabitStatus,
    Pause,
    Rating,
    Settings,
    Sharing,
    Skip,
    State,
)
from cxhabits.storage import store
from cxhabits.team import document as sharing, folder as shared_folder
from cxhabits.team.document import HabitFacts, share_document
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, ok

NOW = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)
SAM = Sharing("/team", "Sam", False, "0123456789abcdef")
ANON = Sharing("/team", None, True, "fedcba9876543210")
FACTS = {
    "agent.breath-after-hard-call": HabitFacts("agent", "influence", True),
    "agent.say-what-happens-next": HabitFacts("agent", "right-moment", True),
    "mine.secret-habit": HabitFacts("mine", "story", False),
}
HABIT_KEYS = {
    "id",
    "role",
    "principle",
    "picked",
    "status",
    "routine_on",
    "dropped_on",
    "workdays_to_routine",
}
ACTIVE_KEYS = HABIT_KEYS | {"streak", "done_last_20", "strength", "routine", "last_done"}


def a_state() -> State:
    routine_days = workdays(dt.date(2026, 9, 1), 24)
    routine = HabitRecord(
        "agent.say-what-happens-next",
        picked=routine_days[0],
        status="routine",
        routine_on=routine_days[-1],
        checkins=tuple(CheckIn(d, "a note about Mrs Jansen") for d in routine_days),
    )
    own = HabitRecord(
        "mine.secret-habit", picked=dt.date(2026, 10, 5), status="dropped",
        dropped_on=dt.date(2026, 10, 20), drop_reason="my manager", checkins=(),
    )  # fmt: skip
    active_days = workdays(dt.date(2026, 11, 2), 14)
    active = HabitRecord(
        "agent.breath-after-hard-call",
        picked=active_days[0],
        checkins=tuple(CheckIn(d, "felt calmer") for d in active_days[:-1]),
        skips=(Skip(active_days[-1], "no hard call"),),
        anchors=(AnchorChange(active_days[0], "After I hang up on my ex"),),
        ratings=(Rating(active_days[-2], (6, 6, 5, 6)),),
    )
    return State(
        habits=(routine, own, active),
        pauses=(
            Pause(dt.date(2026, 10, 1), dt.date(2026, 10, 2), "sick"),
            Pause(dt.date(2026, 12, 24), dt.date(2027, 1, 2), "family visit"),
        ),
        sharing=SAM,
    )


def test_the_document_has_the_keys_of_the_product_page() -> None:
    doc = share_document(a_state(), SAM, FACTS, TODAY, NOW)
    assert set(doc) == {
        "format", "version", "person", "name", "anonymous", "written", "workdays", "pauses",
        "habits",
    }  # fmt: skip
    assert doc["format"] == "cxhabits-share" and doc["version"] == sharing.VERSION
    assert (doc["person"], doc["name"], doc["anonymous"]) == (SAM.person, "Sam", False)
    assert doc["written"] == "2026-11-20T08:30:00Z"
    assert doc["workdays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert doc["pauses"] == [{"from": "2026-12-24", "to": "2027-01-02"}]  # from today on only
    routine, own, active = doc["habits"]
    assert set(routine) == HABIT_KEYS and set(active) == ACTIVE_KEYS
    assert routine["workdays_to_routine"] == 24 - 2  # two paused days in between
    assert routine["routine_on"] == "2026-10-02" and routine["status"] == "routine"
    assert own == {"id": "own", "role": "mine", "principle": "story"}
    assert active["last_done"] == "2026-11-18" and active["streak"] == 13
    assert active["principle"] == "influence" and active["routine"] is False


def test_anonymous_gives_weeks_and_no_name() -> None:
    doc = share_document(a_state(), ANON, FACTS, TODAY, NOW)
    assert doc["name"] is None and doc["anonymous"] is True
    _routine, _own, active = doc["habits"]
    assert active["picked"] == "2026-W45" and active["last_done"] == "2026-W47"
    assert doc["pauses"] == [{"from": "2026-W52", "to": "2026-W53"}]


def test_a_habit_missing_from_the_library_goes_out_as_own() -> None:
    doc = share_document(a_state(), SAM, {}, TODAY, NOW)
    assert [h["id"] for h in doc["habits"]] == ["own", "own", "own"]


def test_file_names_are_slugs_with_the_first_six_of_the_id() -> None:
    assert sharing.file_name(SAM) == "sam-012345.cxhabits-share.json"
    assert sharing.file_name(ANON) == "anonymous-fedcba.cxhabits-share.json"
    odd = Sharing("/t", "Zoë ../../etc [b]x[/b]", False, "0123456789abcdef")
    assert sharing.file_name(odd) == "zoe-etc-b-x-b-012345.cxhabits-share.json"
    assert sharing.slug("!!!") == "person"


# -- nothing private leaves: a property over random states -----------------------------

MARK = "SECRET"
words = st.text(alphabet="abc xyz", min_size=0, max_size=8).map(lambda t: f"{MARK}{t}")
days = st.dates(min_value=dt.date(2026, 1, 1), max_value=TODAY)


@st.composite
def states(draw: st.DrawFn) -> State:
    habits = []
    for habit_id in draw(st.lists(st.sampled_from(sorted(FACTS)), max_size=4)):
        picked = draw(days)
        status: HabitStatus = draw(st.sampled_from(["active", "routine", "dropped"]))
        ended = draw(st.dates(min_value=picked, max_value=TODAY))
        checkins = draw(st.lists(st.dates(min_value=picked, max_value=TODAY), unique=True))
        habits.append(
            HabitRecord(
                habit_id,
                picked=picked,
                status=status,
                routine_on=ended if status == "routine" else None,
                dropped_on=ended if status == "dropped" else None,
                drop_reason=draw(words),
                checkins=tuple(CheckIn(d, draw(words)) for d in sorted(checkins)),
                skips=(Skip(picked, draw(words)),) if picked not in checkins else (),
                anchors=(AnchorChange(picked, draw(words)),),
            )
        )
    pauses = tuple(
        Pause(d, d + dt.timedelta(days=draw(st.integers(0, 30))), draw(words))
        for d in sorted(draw(st.lists(days, max_size=2, unique=True)))
    )
    return State(habits=tuple(habits), pauses=pauses)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(state=states(), choice=st.sampled_from([SAM, ANON]))
def test_no_note_or_reason_or_own_anchor_is_ever_in_the_document(
    state: State, choice: Sharing
) -> None:
    doc = share_document(state, choice, FACTS, TODAY, NOW)
    text = json.dumps(doc, ensure_ascii=False)
    assert MARK not in text
    assert sharing.to_json(doc) == json.dumps(doc, ensure_ascii=False, indent=2)
    assert "mine.secret-habit" not in text  # an own pack's id stays home


# -- the file, through the command line -------------------------------------------------


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


def share_file(folder: Path) -> Path:
    files = list(folder.glob("*.cxhabits-share.json"))
    assert len(files) == 1, files
    return files[0]


def read(folder: Path) -> Any:
    return json.loads(share_file(folder).read_text(encoding="utf-8"))


def test_share_needs_a_name_or_anonymous(team_dir: Path) -> None:
    for args in ([], ["--name", "Sam", "--anonymous"]):
        result = cx("share", str(team_dir), *args)
        assert result.exit_code == 2 and "--anonymous" in result.stderr
    assert cx("share", str(team_dir / "missing"), "--name", "Sam").exit_code == 1
    assert not list(team_dir.iterdir())


def test_opt_in_says_what_is_shared_and_every_save_refreshes_the_file(team_dir: Path) -> None:
    ok("pick", "agent.breath-after-hard-call")
    said = ok("share", str(team_dir), "--name", "Sam").stdout
    assert "Anyone who can open the folder can read it" in said and "Never notes" in said
    first = read(team_dir)
    assert first["name"] == "Sam" and first["habits"][0]["last_done"] is None
    ok("checkin", "--note", "a private thought")
    second = read(team_dir)
    assert second["habits"][0]["last_done"] == MONDAY.isoformat()
    assert "private" not in share_file(team_dir).read_text(encoding="utf-8")
    assert [p.name for p in team_dir.iterdir()] == [share_file(team_dir).name]  # no temp files
    shown = ok("share")
    assert json.loads(shown.stdout)["person"] == first["person"] and "Sam" in shown.stderr


def test_sharing_again_renames_the_file_and_keeps_the_person(team_dir: Path) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--name", "Sam")
    person = read(team_dir)["person"]
    ok("share", str(team_dir), "--anonymous")
    assert share_file(team_dir).name == f"anonymous-{person[:6]}.cxhabits-share.json"
    assert read(team_dir)["person"] == person and read(team_dir)["name"] is None


def test_stop_removes_the_file_and_the_setting(team_dir: Path, cx_home: Path) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--anonymous")
    assert "no longer share" in ok("share", "--stop").stdout
    assert not list(team_dir.iterdir())
    assert store.load(cx_home).sharing is None
    ok("checkin")
    assert not list(team_dir.iterdir())
    assert "do not share" in ok("share").stderr


def test_a_folder_that_cannot_be_written_never_fails_a_check_in(team_dir: Path) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--name", "Sam")
    path = share_file(team_dir)
    path.unlink()
    path.mkdir()  # in the way of the rename, even for root
    result = ok("checkin")
    assert "could not be updated" in result.stderr and result.stderr.count("\n") == 1
    path.rmdir()
    team_dir.rmdir()  # the synced folder is gone
    result = ok("checkin", "--undo")
    assert "could not be updated" in result.stderr


def test_a_refresh_reads_no_habit_pack_once_the_facts_are_kept(
    team_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--name", "Sam")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the share refresh looked up the library again")

    monkeypatch.setattr(shared_folder, "look_up_facts", no_reading)
    ok("checkin")
    assert read(team_dir)["habits"][0]["principle"] == "influence"


def test_the_plain_check_in_refreshes_the_file_without_typer_or_rich(
    team_dir: Path, cx_home: Path
) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--name", "Sam")
    env = {**os.environ, "CXHABITS_HOME": str(cx_home), "CXHABITS_TODAY": MONDAY.isoformat()}
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cxhabits", "checkin"],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    imported = {line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert "cxhabits.team.folder" in imported
    assert not imported & {"typer", "click", "rich", "platformdirs", "jinja2"}
    assert read(team_dir)["habits"][0]["last_done"] == MONDAY.isoformat()
    path = share_file(team_dir)
    path.unlink()
    path.mkdir()
    blocked = subprocess.run(
        [sys.executable, "-m", "cxhabits", "checkin"],
        env={**env, "CXHABITS_TODAY": (MONDAY + dt.timedelta(days=1)).isoformat()},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert blocked.returncode == 0 and "could not be updated" in blocked.stderr


def test_a_hand_edited_person_id_never_makes_a_path(team_dir: Path, cx_home: Path) -> None:
    ok("pick", "agent.breath-after-hard-call")
    state = store.load(cx_home)
    store.save(cx_home, state._replace(sharing=Sharing(str(team_dir), "Sam", False, "../../x")))
    assert "could not be updated" in ok("checkin").stderr
    assert not list(team_dir.iterdir()) and not list(cx_home.parent.glob("x*"))
    assert cx("share").exit_code == 1
    ok("share", "--stop")
    assert store.load(cx_home).sharing is None


def test_a_refresh_that_fails_midway_leaves_the_old_file_whole(
    team_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pick", "agent.breath-after-hard-call")
    ok("share", str(team_dir), "--name", "Sam")
    before = share_file(team_dir).read_bytes()

    class NoRename:  # os, but the share file's rename fails (store's renames still work)
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        def replace(self, src: object, dst: object) -> None:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(shared_folder, "os", NoRename())
    result = ok("checkin")  # the state itself is saved by store, whose rename is its own
    assert "No space left on device" in result.stderr
    assert share_file(team_dir).read_bytes() == before  # whole, and the old one
    assert [p.name for p in team_dir.iterdir()] == [share_file(team_dir).name]


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=12,
    )
)
def test_the_share_file_is_written_as_json_would_write_it(value: Any) -> None:
    assert sharing.to_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@given(
    start=days,
    length=st.integers(0, 400),
    workdays=st.frozensets(st.integers(0, 6)),
    pauses=st.lists(st.tuples(days, st.integers(0, 40)), max_size=3),
    skipped=st.lists(days, max_size=5),
)
def test_counting_scheduled_days_by_arithmetic_matches_walking_them(
    start: dt.date,
    length: int,
    workdays: frozenset[int],
    pauses: list[tuple[dt.date, int]],
    skipped: list[dt.date],
) -> None:
    from cxhabits.domain.routine import scheduled_days

    end = start + dt.timedelta(days=length)
    periods = tuple(Pause(d, d + dt.timedelta(days=n)) for d, n in pauses)
    walked = scheduled_days(start, end, Settings(workdays=workdays), periods)
    expected = len([d for d in walked if d not in set(skipped)])
    assert sharing.count_scheduled(start, end, workdays, [*periods, *skipped]) == expected


def test_an_opt_in_whose_save_is_refused_leaves_no_file(
    team_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxhabits.errors import StateError

    def refuse(home: Path, state: State) -> None:
        raise StateError("refused")

    monkeypatch.setattr(store, "save", refuse)
    assert cx("share", str(team_dir), "--name", "Sam").exit_code == 1
    assert not list(team_dir.iterdir())


def test_workdays_to_routine_leave_out_skipped_days_also_once_archived(cx_home: Path) -> None:
    days = workdays(MONDAY, 30)
    skipped = (Skip(days[2], "no hard call"), Skip(days[5]), Skip(days[9]))
    record = HabitRecord(
        id="agent.breath-after-hard-call",
        picked=days[0],
        status="routine",
        routine_on=days[26],
        checkins=tuple(CheckIn(d) for d in days[:27] if d not in {s.day for s in skipped}),
        skips=skipped,
    )
    state = State(habits=(record,))
    in_memory = sharing.workdays_to_routine(record, state)
    assert in_memory == 27 - 3
    store.save(cx_home, state)
    archived = store.load(cx_home)  # the skips stay in the archive; the index counts them
    assert not archived.habits[0].loaded and archived.habits[0].skips_total == 3
    assert sharing.workdays_to_routine(archived.habits[0], archived) == in_memory
