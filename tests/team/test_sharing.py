"""Sharing progress with the team: format 2, and the file that follows the saves that change it."""

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

from cxhabits.cli import saving
from cxhabits.domain.model import (
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Sharing,
    Skip,
    State,
)
from cxhabits.team import document as sharing, folder as shared_folder
from cxhabits.team.document import CHECK_ON_ME_KEYS, HABIT_KEYS, KEYS, HabitFacts, share_document
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, ok

TODAY = dt.date(2026, 11, 20)
SAM = Sharing("/team", "Sam", False, "0123456789abcdef")
SAM_CHECK = SAM._replace(check_on_me=True)
ANON = Sharing("/team", None, True, "fedcba9876543210")
FACTS = {
    "agent.breath-after-hard-call": HabitFacts("agent", "influence", True),
    "agent.say-what-happens-next": HabitFacts("agent", "right-moment", True),
    "mine.secret-habit": HabitFacts("mine", "story", False),
}
HA = "agent.breath-after-hard-call"


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


@pytest.fixture
def team_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "team"
    folder.mkdir()
    return folder


def share_file(folder: Path) -> Path:
    (path,) = [p for p in folder.iterdir() if p.name.endswith(sharing.SUFFIX)]
    return path


def read(folder: Path) -> Any:
    return json.loads(share_file(folder).read_text(encoding="utf-8"))


def everything_said(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def test_format_2_has_the_keys_of_the_product_page_and_no_others() -> None:
    document = share_document(a_state(), SAM, FACTS, "2026-W47")
    assert tuple(document) == KEYS
    assert document["version"] == 2 and document["written"] == "2026-W47"
    assert document["name"] == "Sam" and document["check_on_me"] is False
    for entry in document["habits"]:
        assert tuple(entry) == HABIT_KEYS
        assert entry["status"] in ("building", "routine", "dropped")
        for key in ("picked", "routine", "dropped"):
            assert entry[key] is None or sharing.parse_week(entry[key]) is not None
    assert [h["id"] for h in document["habits"]] == [
        "agent.say-what-happens-next",
        "own",
        HA,
    ]
    routine = document["habits"][0]
    assert routine["workdays_to_routine"] == 24 - 2  # two paused days in October


def test_check_on_me_adds_only_the_daily_keys_with_a_name() -> None:
    document = share_document(a_state(), SAM_CHECK, FACTS, "2026-W47")
    assert tuple(document) == KEYS[:-1] + CHECK_ON_ME_KEYS + ("habits",)
    assert document["last_done"] == workdays(dt.date(2026, 11, 2), 14)[-1].isoformat()
    assert document["workdays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert document["pauses"] == [{"from": "2026-12-24", "to": "2027-01-02"}]  # dates only
    anonymous = share_document(a_state(), ANON._replace(check_on_me=True), FACTS, "2026-W47")
    assert tuple(anonymous) == KEYS and anonymous["name"] is None
    assert anonymous["check_on_me"] is False


def test_a_habit_missing_from_the_library_goes_out_as_own() -> None:
    document = share_document(a_state(), SAM, {}, "2026-W47")
    assert {h["id"] for h in document["habits"]} == {"own"}


def test_the_latest_pick_of_an_id_is_its_one_entry() -> None:
    first = HabitRecord(HA, dt.date(2026, 1, 5), "dropped", dropped_on=dt.date(2026, 2, 2))
    again = HabitRecord(HA, dt.date(2026, 3, 2))
    document = share_document(State(habits=(first, again)), SAM, FACTS, "2026-W47")
    assert [(h["status"], h["picked"]) for h in document["habits"]] == [("building", "2026-W10")]


def test_file_names_are_slugs_with_the_first_six_of_the_id() -> None:
    assert sharing.file_name(SAM) == "sam-012345.cxhabits-share.json"
    assert sharing.file_name(ANON) == "anonymous-fedcba.cxhabits-share.json"
    weird = SAM._replace(name="../../Ünïcode  Ça va? \u202e")
    assert sharing.file_name(weird) == "unicode-ca-va-012345.cxhabits-share.json"
    for choice in (SAM, ANON, weird):
        assert shared_folder.copy_kind(sharing.file_name(choice)) is None
    with pytest.raises(ValueError):
        sharing.file_name(SAM._replace(person="../x"))


texts = st.text(min_size=1, max_size=30).map(lambda t: f"private {t}")  # never a real id
days = st.dates(dt.date(2025, 1, 1), dt.date(2026, 11, 19))


@st.composite
def random_states(draw: Any) -> State:
    records = []
    for habit_id in draw(st.lists(st.sampled_from(sorted(FACTS)), max_size=5)):
        picked = draw(days)
        status = draw(st.sampled_from(["active", "routine", "dropped"]))
        later = picked + dt.timedelta(days=draw(st.integers(0, 60)))
        records.append(
            HabitRecord(
                habit_id,
                picked,
                status,
                routine_on=later if status == "routine" else None,
                dropped_on=later if status == "dropped" else None,
                drop_reason=draw(texts) if status == "dropped" else "",
                checkins=tuple(
                    CheckIn(picked + dt.timedelta(days=k), draw(texts)) for k in range(2)
                ),
                skips=(Skip(picked + dt.timedelta(days=3), draw(texts)),),
                anchors=(AnchorChange(picked, draw(texts)),),
                ratings=(Rating(picked, (5, 5, 5, 5)),),
            )
        )
    pauses = tuple(
        Pause(d, d + dt.timedelta(days=2), draw(texts))
        for d in sorted(set(draw(st.lists(days, max_size=3))))
    )
    return State(habits=tuple(records), pauses=pauses)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(state=random_states(), choice=st.sampled_from([SAM, SAM_CHECK, ANON]))
def test_format_2_holds_only_its_keys_never_a_note_reason_or_anchor(
    state: State, choice: Sharing
) -> None:
    document = share_document(state, choice, FACTS, "2026-W47")
    daily = CHECK_ON_ME_KEYS if choice.check_on_me else ()
    assert set(document) == set(KEYS) | set(daily)
    for entry in document["habits"]:
        assert set(entry) == set(HABIT_KEYS)
    said = json.loads(sharing.to_json(document))
    assert said == document
    private = {c.note for r in state.habits for c in r.checkins}
    private |= {s.reason for r in state.habits for s in r.skips} | {p.reason for p in state.pauses}
    private |= {r.drop_reason for r in state.habits} | {
        a.text for r in state.habits for a in r.anchors
    }
    values = [v for entry in document["habits"] for v in entry.values()]
    values += [document["name"], *(document.get("pauses") or [])]
    for text in private - {"", "Sam"}:
        assert text not in [v for v in values if isinstance(v, str)], text
    # no date of a check-in, except last_done for someone who asked to be checked on
    dates = {c.day.isoformat() for r in state.habits for c in r.checkins}
    said_dates = {v for v in values if isinstance(v, str)} | set(
        [document.get("last_done")] if daily else []
    )
    assert not (dates & said_dates) or daily


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
))  # fmt: skip
def test_the_share_file_is_written_as_json_would_write_it(value: Any) -> None:
    assert sharing.to_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("language", ["en", "nl", "LANG"])
def test_sharing_in_dutch_never_reads_back_what_was_shown(
    team_dir: Path, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The class of the issue's traceback: a value formatted for a person is never data."""
    if language == "LANG":
        monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    else:
        ok("config", "language", language)
    ok("pick", "agent.warm-handover")
    for day in workdays(MONDAY, 6):
        ok("checkin", day=day)
    shared = ok(
        "share", str(team_dir), "--name", "Bram", "--check-on-me", day=MONDAY + dt.timedelta(days=8)
    )
    assert "Traceback" not in shared.stdout + shared.stderr
    document = read(team_dir)
    assert document["habits"][0]["status"] == "building"
    assert document["last_done"] == workdays(MONDAY, 6)[-1].isoformat()
    later = MONDAY + dt.timedelta(days=9)
    checked = ok("checkin", day=later)
    assert "kon niet" not in checked.stderr and "could not" not in checked.stderr
    assert read(team_dir)["last_done"] == later.isoformat()
    for command in (["share"], ["team", str(team_dir)], ["team", str(team_dir), "--json"]):
        result = ok(*command, day=later)
        assert "Traceback" not in result.stdout + result.stderr


def test_a_check_in_that_changes_nothing_leaves_the_file_alone(team_dir: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam")
    path = share_file(team_dir)
    before, stamp = path.read_bytes(), path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    stamp = path.stat().st_mtime_ns
    for day in workdays(MONDAY, 3):
        ok("checkin", day=day)
        ok("checkin", "--undo", day=day)
        ok("checkin", day=day)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp
    ok("drop", "--yes", day=MONDAY + dt.timedelta(days=14))  # a change: written again
    assert read(team_dir)["habits"][0]["status"] == "dropped"
    assert read(team_dir)["written"] == "2026-W47"
    assert path.stat().st_mtime_ns != stamp


def test_with_check_on_me_a_check_in_is_a_change(team_dir: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam", "--check-on-me")
    before = share_file(team_dir).read_bytes()
    ok("checkin")
    assert share_file(team_dir).read_bytes() != before
    assert read(team_dir)["last_done"] == MONDAY.isoformat()


def test_a_format_1_file_is_replaced_at_once(team_dir: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam")
    path = share_file(team_dir)
    path.write_text(json.dumps({"format": "cxhabits-share", "version": 1, "habits": []}))
    ok("checkin")
    assert read(team_dir)["version"] == 2


def test_share_needs_a_name_or_anonymous_and_check_on_me_a_name(team_dir: Path) -> None:
    assert cx("share", str(team_dir)).exit_code == 2
    assert cx("share", str(team_dir), "--name", "A", "--anonymous").exit_code == 2
    refused = cx("share", str(team_dir), "--anonymous", "--check-on-me")
    assert refused.exit_code == 2 and "--check-on-me" in refused.stderr
    assert list(team_dir.iterdir()) == []


def test_switching_name_and_anonymous_makes_a_new_person_and_removes_the_old_file(
    team_dir: Path,
) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam")
    named = read(team_dir)["person"]
    ok("share", str(team_dir), "--name", "Samantha", "--check-on-me")  # a rename keeps it
    assert read(team_dir)["person"] == named and read(team_dir)["name"] == "Samantha"
    ok("share", str(team_dir), "--anonymous")
    anonymous = read(team_dir)["person"]
    assert anonymous != named and anonymous[:6] not in named
    ok("share", str(team_dir), "--name", "Sam")
    again = read(team_dir)["person"]
    assert again not in (named, anonymous)
    ok("share", "--stop")
    assert list(team_dir.iterdir()) == []
    ok("share", str(team_dir), "--name", "Sam")
    assert read(team_dir)["person"] not in (named, anonymous, again)


def test_stop_and_move_with_the_folder_offline_say_so_and_finish_later(
    tmp_path: Path, cx_home: Path
) -> None:
    online, other = tmp_path / "team", tmp_path / "other"
    online.mkdir()
    other.mkdir()
    ok("pick", HA)
    ok("share", str(online), "--name", "Sam")
    old = share_file(online)
    offline = tmp_path / "team-offline"
    online.rename(offline)  # the folder is gone: unmounted, not synced
    stopped = ok("share", "--stop")
    assert "removed" not in stopped.stdout.replace("not be removed", "")
    assert "could not be removed" in stopped.stdout
    assert "Still to remove" in ok("share").stderr
    offline.rename(online)  # the folder is back, with the file
    assert old.exists()
    later = ok("checkin")
    assert not old.exists() and "Removed your old share file" in later.stderr
    assert "Still to remove" not in ok("share").stderr
    # a move into another folder while the first is offline
    ok("share", str(online), "--name", "Sam")
    first = share_file(online)
    online.rename(offline)
    moved = ok("share", str(other), "--name", "Sam")
    assert "could not remove" in moved.stderr.lower() or "Could not remove" in moved.stderr
    offline.rename(online)
    ok("checkin", "--undo")
    assert not first.exists() and share_file(other).exists()


def test_stop_removes_the_file_and_the_setting(team_dir: Path, cx_home: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam")
    stopped = ok("share", "--stop")
    assert "removed" in stopped.stdout
    assert list(team_dir.iterdir()) == []
    ok("checkin")
    assert list(team_dir.iterdir()) == []


def test_a_folder_that_cannot_be_written_never_fails_a_check_in(team_dir: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam", "--check-on-me")
    path = share_file(team_dir)
    path.unlink()
    path.mkdir()  # the file name is taken by a folder: the write fails
    result = ok("checkin")
    assert "could not be updated" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_leftovers_file_name_is_the_same_in_the_save_and_the_folder() -> None:
    assert saving.LEFTOVERS == shared_folder.LEFTOVERS


def test_a_refresh_reads_no_habit_pack_once_the_facts_are_kept(
    team_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam", "--check-on-me")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the share refresh looked up the library again")

    monkeypatch.setattr(shared_folder, "look_up_facts", no_reading)
    ok("checkin")
    assert read(team_dir)["habits"][0]["principle"] == "influence"


def test_the_plain_check_in_refreshes_the_file_without_typer_or_rich(
    team_dir: Path, cx_home: Path
) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam", "--check-on-me")
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
    assert not imported & {"typer", "click", "rich", "platformdirs", "jinja2", "json"}
    assert read(team_dir)["last_done"] == MONDAY.isoformat()


def test_a_hand_edited_person_id_never_makes_a_path(team_dir: Path, cx_home: Path) -> None:
    ok("pick", HA)
    ok("share", str(team_dir), "--name", "Sam")
    state = (cx_home / "state.toml").read_text(encoding="utf-8")
    person = read(team_dir)["person"]
    (cx_home / "state.toml").write_text(state.replace(person, "../../evil"), encoding="utf-8")
    result = cx("checkin")
    assert "Traceback" not in result.stderr
    assert not (team_dir.parent.parent / "evil").exists()


@settings(max_examples=60)
@given(
    start=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    length=st.integers(0, 60),
    off=st.lists(st.tuples(st.integers(-5, 70), st.integers(0, 9)), max_size=6),
    workdays_set=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_counting_scheduled_days_by_arithmetic_matches_walking_them(
    start: dt.date, length: int, off: list[tuple[int, int]], workdays_set: frozenset[int]
) -> None:
    end = start + dt.timedelta(days=length)
    pauses = [Pause(start + dt.timedelta(days=a), start + dt.timedelta(days=a + b)) for a, b in off]
    walked = sum(
        1
        for k in range(length + 1)
        if (d := start + dt.timedelta(days=k)).weekday() in workdays_set
        and not any(p.covers(d) for p in pauses)
    )
    assert sharing.count_scheduled(start, end, workdays_set, pauses) == walked


@pytest.mark.parametrize(
    ("language", "asked", "plain", "history"),
    [
        (
            "en",
            "You asked to be checked on",
            "You share your progress as Sam in",
            "shows those days",
        ),
        (
            "nl",
            "Je vroeg om een seintje",
            "Je deelt je voortgang als Sam in",
            "toont ook die dagen",
        ),
    ],
)
@pytest.mark.parametrize("how", [["--name", "Sam"], ["--name", "Sam", "--check-on-me"]])
def test_share_says_what_the_file_holds_in_the_users_language(
    team_dir: Path, language: str, asked: str, plain: str, history: str, how: list[str]
) -> None:
    ok("config", "language", language)
    ok("pick", HA)
    opted = ok("share", str(team_dir), *how)
    shown = cx("share")
    for said in (opted.stdout, shown.stderr):
        assert plain in said
        assert (asked in said) == ("--check-on-me" in how)
        # with --check-on-me the version history shows the check-in days: said so
        assert (history in " ".join(said.split())) == ("--check-on-me" in how)
        holds_daily = "last_done" in read(team_dir)
        assert holds_daily == ("--check-on-me" in how)
    if language == "nl":
        assert "anonymously" not in opted.stdout and "asked" not in opted.stdout
