"""Plain `status` and `checkin` on the fast path say and write exactly what the Typer app does.

Both paths run as whole processes (`python -m cxhabits`), each on its own copy of the
same data folder: the fast one as users run it, the Typer one forced by
CXHABITS_FULL_PATH. Stdout, stderr, the exit code and every file in the folder must
be the same, byte for byte. A second set of tests guards the fast path's imports.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cxhabits.cli.fast import FULL_PATH_ENV
from cxhabits.domain.model import (
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Sharing,
    Skip,
    State,
)
from cxhabits.storage import datafolder, store
from tests.helpers.process import modules, with_imports

MONDAY = dt.date(2026, 11, 23)
SATURDAY = dt.date(2026, 11, 21)
HABIT = "agent.photo-by-my-screen"
NEXT = "agent.one-word-for-the-feeling"
HEAVY = ("typer", "click", "rich", "platformdirs", "pydantic", "jinja2")


def workdays_back(end: dt.date, count: int) -> list[dt.date]:
    """The last `count` Monday-to-Friday days up to and including `end`."""
    days: list[dt.date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def active(days: list[dt.date], picked: dt.date | None = None, **fields: object) -> HabitRecord:
    start = picked or (days[0] if days else MONDAY - dt.timedelta(days=7))
    return HabitRecord(
        id=fields.pop("id", HABIT),  # type: ignore[arg-type]
        picked=start,
        checkins=tuple(CheckIn(d) for d in days),
        **fields,  # type: ignore[arg-type]
    )


def last_week() -> list[dt.date]:
    return workdays_back(MONDAY - dt.timedelta(days=1), 5)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def folder_is_a_file(home: Path) -> None:
    home.rmdir()
    write(home, "x")


TEAM_HABIT = "team7.habit-1"
KEPT = tuple(
    (name, lang, f"{name} {lang} kept")
    for name in ("title", "anchor", "behaviour", "celebration", "starter")
    for lang in ("en", "nl")
)
TEAM_PACK = """[role]
id = "team7"
name = { en = "Team seven" }

[[habits]]
id = "team7.habit-1"
order = 1
principle = "their-side"
title = { en = "From the pack" }
anchor = { en = "After I log in" }
behaviour = { en = "I will smile" }
celebration = { en = "Then I nod." }
starter = { en = "Just smile." }
why = { en = "It helps." }
"""


def team_habit_offline(home: Path) -> None:
    """Kept texts, a pack folder that is not there, and an index made from other files."""
    offline = home.parent.parent / "offline-packs"  # one path for both copies
    record = active(last_week(), id=TEAM_HABIT, kept=KEPT)
    prepare_state(home, State(settings=Settings(packs=(str(offline),)), habits=(record,)))
    write(home / "pack-index.json", '{"key": {"format": 1, "files": []}, "packs": []}\n')


def team_habit_unkept(home: Path) -> None:
    """A state from before the texts were kept: the check-in reads the pack, keeps them."""
    packs = home.parent.parent / "packs"  # one folder for both copies
    packs.mkdir(exist_ok=True)
    write(packs / "team7.toml", TEAM_PACK)
    record = active(last_week(), id=TEAM_HABIT)
    prepare_state(home, State(settings=Settings(packs=(str(packs),)), habits=(record,)))


def prepare_state(home: Path, state: State) -> None:
    with datafolder.locked(home):
        store.save(home, state)


# name -> the state (None: no state file), or a function that writes the folder itself
STATES: dict[str, State | Callable[[Path], None] | None] = {
    "nothing picked": None,
    "open today": State(habits=(active(last_week()),)),
    "done today": State(habits=(active([*last_week(), MONDAY]),)),
    "picked today": State(habits=(active([], picked=MONDAY),)),
    "after one miss": State(habits=(active(last_week()[:-1]),)),
    "after two misses": State(habits=(active(last_week()[:-2]),)),
    "slipping": State(
        habits=(active(workdays_back(MONDAY, 12)[:4], picked=MONDAY - dt.timedelta(days=18)),)
    ),
    "paused today": State(
        habits=(active(last_week()),),
        pauses=(Pause(MONDAY, MONDAY + dt.timedelta(days=4), "holiday"),),
    ),
    "skipped today": State(habits=(active(last_week(), skips=(Skip(MONDAY, "no calls"),)),)),
    "record holds up, no self-check": State(
        habits=(active(workdays_back(MONDAY - dt.timedelta(days=1), 30)),)
    ),
    "becomes routine today": State(
        habits=(
            active(
                workdays_back(MONDAY - dt.timedelta(days=1), 30),
                ratings=(Rating(MONDAY - dt.timedelta(days=3), (6, 6, 6, 6)),),
            ),
        )
    ),
    "routine only": State(
        habits=(
            HabitRecord(
                id=HABIT,
                picked=MONDAY - dt.timedelta(days=60),
                status="routine",
                routine_on=MONDAY - dt.timedelta(days=20),
                checkins=tuple(CheckIn(d) for d in workdays_back(MONDAY, 40)),
            ),
        )
    ),
    "the day after routine": State(
        habits=(
            HabitRecord(
                id=HABIT,
                picked=MONDAY - dt.timedelta(days=40),
                status="routine",
                routine_on=MONDAY - dt.timedelta(days=3),
                checkins=tuple(
                    CheckIn(d) for d in workdays_back(MONDAY - dt.timedelta(days=3), 24)
                ),
            ),
        )
    ),
    "the day after routine, in Dutch": State(
        settings=Settings(language="nl"),
        habits=(
            HabitRecord(
                id=HABIT,
                picked=MONDAY - dt.timedelta(days=40),
                status="routine",
                routine_on=MONDAY - dt.timedelta(days=3),
                checkins=tuple(
                    CheckIn(d) for d in workdays_back(MONDAY - dt.timedelta(days=3), 24)
                ),
            ),
        ),
    ),
    "two routine habits": State(
        habits=(
            HabitRecord(
                id=HABIT,
                picked=MONDAY - dt.timedelta(days=90),
                status="routine",
                routine_on=MONDAY - dt.timedelta(days=50),
                checkins=tuple(
                    CheckIn(d) for d in workdays_back(MONDAY - dt.timedelta(days=50), 24)
                ),
            ),
            HabitRecord(
                id=NEXT,
                picked=MONDAY - dt.timedelta(days=45),
                status="routine",
                routine_on=MONDAY - dt.timedelta(days=3),
                checkins=tuple(
                    CheckIn(d) for d in workdays_back(MONDAY - dt.timedelta(days=3), 24)
                ),
            ),
        )
    ),
    "a habit no longer in the library": State(
        habits=(active(last_week(), id="agent.not-in-any-pack"),)
    ),
    "Dutch setting": State(settings=Settings(language="nl"), habits=(active(last_week()[:-2]),)),
    "a weekday off": State(
        settings=Settings(workdays=frozenset({1, 2, 3, 4})), habits=(active(last_week()),)
    ),
    "a note with an escape": State(
        habits=(active(last_week())._replace(checkins=(CheckIn(last_week()[0], "\x1b[31mred"),)),)
    ),
    "a team habit, its pack folder offline, a stale index": lambda home: team_habit_offline(home),
    "a team habit picked before its texts were kept": lambda home: team_habit_unkept(home),
    "broken state file": lambda home: write(home / "state.toml", "schema = [[\n"),
    "newer schema": lambda home: write(home / "state.toml", "schema = 99\n"),
    "empty state file": lambda home: write(home / "state.toml", ""),
    "data folder is a file": lambda home: folder_is_a_file(home),
}
ENVIRONMENTS: dict[str, dict[str, str]] = {
    "plain": {},
    "Saturday": {"CXHABITS_TODAY": SATURDAY.isoformat()},
    "Dutch locale": {"LANG": "nl_NL.UTF-8"},
    "NO_COLOR, narrow": {"NO_COLOR": "1", "COLUMNS": "20"},
    "ascii output": {"PYTHONIOENCODING": "ascii"},
    "bad CXHABITS_TODAY": {"CXHABITS_TODAY": "2026-13-01"},
}


def prepare(home: Path, state: State | Callable[[Path], None] | None) -> None:
    home.mkdir(parents=True)
    if callable(state):
        state(home)
    elif state is not None:
        with datafolder.locked(home):
            store.save(home, state)


def run(
    command: str, home: Path, env: dict[str, str], full: bool
) -> subprocess.CompletedProcess[bytes]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "COLUMNS", FULL_PATH_ENV)
    }
    environment.update({"CXHABITS_HOME": str(home), "CXHABITS_TODAY": MONDAY.isoformat(), **env})
    if full:
        environment[FULL_PATH_ENV] = "1"
    return subprocess.run(
        [sys.executable, "-m", "cxhabits", command],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )


def files(home: Path) -> dict[str, bytes]:
    if home.is_file():
        return {".": home.read_bytes()}
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file()
    }


def assert_same(command: str, name: str, env: dict[str, str], tmp_path: Path) -> None:
    results: dict[bool, tuple[int, bytes, bytes, dict[str, bytes]]] = {}
    for full in (False, True):
        home = tmp_path / ("full" if full else "fast") / "home"
        prepare(home, STATES[name])
        result = run(command, home, env, full)
        # The folder's name differs between the two copies: take it out of what is said.
        said = [
            stream.replace(str(home).encode(), b"HOME") for stream in (result.stdout, result.stderr)
        ]
        results[full] = (result.returncode, said[0], said[1], files(home))
    fast, typer = results[False], results[True]
    assert b"Traceback" not in fast[2], fast[2].decode()
    assert fast[:3] == typer[:3]
    assert fast[3] == typer[3]


@pytest.mark.parametrize("name", list(STATES))
@pytest.mark.parametrize("command", ["status", "checkin"])
def test_both_paths_agree_on_every_state(command: str, name: str, tmp_path: Path) -> None:
    assert_same(command, name, {}, tmp_path)


@pytest.mark.parametrize("environment", [e for e in ENVIRONMENTS if e != "plain"])
@pytest.mark.parametrize("name", ["open today", "done today", "Dutch setting", "after two misses"])
@pytest.mark.parametrize("command", ["status", "checkin"])
def test_both_paths_agree_in_every_environment(
    command: str, name: str, environment: str, tmp_path: Path
) -> None:
    assert_same(command, name, ENVIRONMENTS[environment], tmp_path)


def test_the_fast_path_is_taken_only_for_the_plain_forms() -> None:
    from cxhabits.cli.fast import command_for

    assert command_for(["cxhabits", "status"]) == "status"
    assert command_for(["cxhabits", "checkin"]) == "checkin"
    for other in (
        ["cxhabits"],
        ["cxhabits", "status", "--help"],
        ["cxhabits", "checkin", "--note", "x"],
        ["cxhabits", "checkin", HABIT],
        ["cxhabits", "--version"],
        ["cxhabits", "streak"],
        ["cxhabits", "checkin", "--"],
    ):
        assert command_for(other) is None, other


# -- the import guard ------------------------------------------------------------------


def imported(command: str, env: dict[str, str]) -> set[str]:
    environment = {k: v for k, v in os.environ.items() if k != FULL_PATH_ENV}
    environment.update(env)
    result = with_imports([command], environment)
    assert result.returncode == 0, result.stderr[-2000:]
    return modules(result)


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY}


@pytest.mark.parametrize("command", ["status", "checkin"])
@pytest.mark.parametrize("where", ["CXHABITS_HOME", "XDG_DATA_HOME", "~/.local/share"])
@pytest.mark.parametrize("sharing", [False, True])
def test_the_fast_path_imports_nothing_heavy(
    command: str, where: str, sharing: bool, tmp_path: Path
) -> None:
    env = {"CXHABITS_TODAY": MONDAY.isoformat(), "HOME": str(tmp_path / "user")}
    if where == "CXHABITS_HOME":
        home = tmp_path / "cx"
        env["CXHABITS_HOME"] = str(home)
    elif where == "XDG_DATA_HOME":
        env["CXHABITS_HOME"] = ""
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
        home = tmp_path / "xdg" / "cxhabits"
    else:
        env["CXHABITS_HOME"] = ""
        env["XDG_DATA_HOME"] = ""
        home = tmp_path / "user" / ".local" / "share" / "cxhabits"
    state = State(habits=(active(last_week()),))
    if sharing:
        folder = tmp_path / "team"
        folder.mkdir()
        state = state._replace(sharing=Sharing(str(folder), "Sam", False, "0123456789abcdef"))
    prepare(home, state)
    modules = imported(command, env)
    assert "cxhabits.cli.fast" in modules
    assert not heavy(modules), sorted(heavy(modules))
    if command == "checkin":
        assert CheckIn(MONDAY) in store.load(home).habits[0].checkins


def test_the_guard_notices_a_heavy_import(tmp_path: Path) -> None:
    """The same measurement on a Typer run finds typer: the guard can fail."""
    env = {"CXHABITS_HOME": str(tmp_path / "cx"), FULL_PATH_ENV: "1"}
    assert "typer" in heavy(imported("status", env))


def test_both_copies_are_really_separate(tmp_path: Path) -> None:
    """A check-in on one path leaves the other copy alone (the comparison means something)."""
    home = tmp_path / "one"
    prepare(home, STATES["open today"])
    before = files(home)
    result = run("checkin", home, {}, full=False)
    assert result.returncode == 0, result.stderr
    assert files(home) != before
    shutil.rmtree(home)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_self_check_question_is_asked_the_same_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal the check-in asks for the self-check: the Typer prompt takes over
    from the fast path, and both paths ask, record and say the same."""
    results = {}
    for full in (False, True):
        home = tmp_path / ("full" if full else "fast") / "home"
        prepare(home, STATES["record holds up, no self-check"])
        controller, terminal = os.openpty()
        env = {
            **{k: v for k, v in os.environ.items() if k != FULL_PATH_ENV},
            "CXHABITS_HOME": str(home),
            "CXHABITS_TODAY": MONDAY.isoformat(),
            **({FULL_PATH_ENV: "1"} if full else {}),
        }
        os.write(controller, b"6\n6\n5\n6\n")
        result = subprocess.run(
            [sys.executable, "-m", "cxhabits", "checkin"],
            env=env,
            stdin=terminal,
            capture_output=True,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        os.close(controller)
        results[full] = (
            result.returncode,
            result.stdout.replace(str(home).encode(), b"HOME"),
            result.stderr.replace(str(home).encode(), b"HOME"),
            files(home),
        )
    fast, typer = results[False], results[True]
    assert fast[0] == 0, fast[2].decode()
    assert b"Automaticity 5.8 recorded" in fast[1], fast[1].decode()
    assert fast == typer


def test_status_never_reads_team_packs_nor_says_their_problems(tmp_path: Path) -> None:
    packs = tmp_path / "team-packs"
    packs.mkdir()
    (packs / "broken.toml").write_text("[[habits]]\nid = 'x\n", encoding="utf-8")
    home = tmp_path / "home"
    record = active(last_week(), id="team.own-habit-here")
    prepare(home, State(settings=Settings(packs=(str(packs),)), habits=(record,)))
    result = run("status", home, {}, full=False)
    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout == "cx: team.own-habit-here · today open\n".encode()


def test_a_team_habit_checks_in_from_its_kept_texts_with_the_folder_offline(
    tmp_path: Path,
) -> None:
    home = tmp_path / "a" / "home"
    home.mkdir(parents=True)
    team_habit_offline(home)
    index = (home / "pack-index.json").read_bytes()
    result = run("checkin", home, {}, full=False)
    assert result.returncode == 0, result.stderr
    assert b"title en kept: checked in" in result.stdout
    assert b"celebration en kept" in result.stdout
    assert (home / "pack-index.json").read_bytes() == index  # no pack read, nothing rebuilt
    assert run("status", home, {}, full=False).stdout == "cx: title en kept · done ✓\n".encode()


def test_a_team_habit_picked_before_keeps_its_texts_at_the_next_check_in(tmp_path: Path) -> None:
    home = tmp_path / "a" / "home"
    home.mkdir(parents=True)
    team_habit_unkept(home)
    result = run("checkin", home, {}, full=False)
    assert result.returncode == 0, result.stderr
    assert b"From the pack: checked in" in result.stdout
    assert ("title", "en", "From the pack") in store.load(home).habits[0].kept
