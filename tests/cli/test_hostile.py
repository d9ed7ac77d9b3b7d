"""Hostile input and output (issue 10, the I/O half): nothing lost, nothing injected.

Each class of problem is tried in several shapes, not only the issue's example. For each
shape: the exit code, the words of the message, and the data folder byte for byte
(unchanged, or exactly the intended change). The terminal's side (encodings, closed
pipes, full disks, Ctrl-C) runs the installed command in a child process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cxhabits import clock
from cxhabits.domain import core, model, routine
from cxhabits.domain.chars import literal
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Rating, State
from cxhabits.errors import UsageError
from cxhabits.library import catalog, packs
from cxhabits.storage import store
from cxhabits.ui import streams
from tests.helpers.cli import cx, refused
from tests.helpers.faults import snapshot
from tests.helpers.hostile import (
    EXE,
    MONDAY,
    ONE_DAY,
    POSIX_ONLY,
    dutch,
    export_document,
    first_habit,
    no_raw,
)

runner = CliRunner()


# -- 1. questions: answered through a pipe, refused at end of input ----------------------

KEEPS = [("n\n", "en"), ("no\n", "en"), ("N\n", "en"), ("\n", "en"), ("nee\n", "nl"), ("n\n", "nl")]
DROPS = [("y\n", "en"), ("yes\n", "en"), ("Y\n", "en"), ("j\n", "nl"), ("ja\n", "nl")]


@pytest.mark.parametrize(("answer", "lang"), KEEPS)
def test_no_on_a_pipe_drops_nothing(cx_home: Path, picked: str, answer: str, lang: str) -> None:
    if lang == "nl":
        dutch()
    before = snapshot(cx_home)
    result = cx("drop", input=answer)
    assert result.exit_code == 0, result.stderr
    assert snapshot(cx_home) == before
    title = catalog.find_habit(picked, None)
    assert title is not None and title.text("title", lang) in result.stdout + result.stderr


@pytest.mark.parametrize(("answer", "lang"), [*DROPS, ("maybe\ny\n", "en"), ("wat\nja\n", "nl")])
def test_yes_on_a_pipe_drops(cx_home: Path, picked: str, answer: str, lang: str) -> None:
    if lang == "nl":
        dutch()
    result = cx("drop", input=answer)
    assert result.exit_code == 0, result.stderr
    assert store.load(cx_home).active is None


@pytest.mark.parametrize("answer", ["", "maybe\n", "x\ny y\n", "perhaps\nlater\n"])
def test_drop_at_end_of_input_is_refused_and_names_yes(
    cx_home: Path, picked: str, answer: str
) -> None:
    before = snapshot(cx_home)
    refused(cx("drop", input=answer), 2, "cxhabits drop --yes", most=4)
    assert snapshot(cx_home) == before


@pytest.mark.parametrize("answer", ["", "5\n", "5\n6\n9\n", "x\n"])
def test_rate_at_end_of_input_is_refused_and_names_the_scores(
    cx_home: Path, picked: str, answer: str
) -> None:
    before = snapshot(cx_home)
    refused(cx("rate", input=answer), 2, "cxhabits rate", most=4)
    assert snapshot(cx_home) == before


@pytest.mark.parametrize("answer", ["", "1\n", "1\n\n", "99\n"])
def test_pick_at_end_of_input_is_refused_and_names_pick_with_an_id(
    cx_home: Path, answer: str
) -> None:
    before = snapshot(cx_home)
    refused(cx("pick", input=answer), 2, "cxhabits pick", most=4)
    assert snapshot(cx_home) == before


def test_the_questions_accept_only_yes_or_no_words() -> None:
    from cxhabits.cli import app as shell

    assert {"y", "yes", "j", "ja"} == shell.YES_WORDS
    assert {"n", "no", "nee"} == shell.NO_WORDS


# -- 2. Ctrl-C says only what is true ------------------------------------------------------


SAVING = [
    ["checkin"],
    ["checkin", "--note", "busy"],
    ["pause", "--from", "2026-12-24", "--to", "2026-12-31"],
    ["drop", "--yes"],
    ["config", "backfill_days", "3"],
]


@pytest.mark.parametrize("args", SAVING, ids=" ".join)
def test_ctrl_c_before_the_save_says_nothing_changed(
    cx_home: Path, picked: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(cx_home)

    def interrupted(home: Path, state: State) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "save", interrupted)
    refused(cx(*args), 130, "nothing was changed")
    assert snapshot(cx_home) == before


@pytest.mark.parametrize("args", SAVING, ids=" ".join)
def test_ctrl_c_after_the_save_says_it_was_saved(
    cx_home: Path, picked: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(cx_home)
    real_save = store.save

    def saved_then_interrupted(home: Path, state: State) -> None:
        real_save(home, state)
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "save", saved_then_interrupted)
    result = cx(*args)
    refused(result, 130, "saved")
    assert "nothing was changed" not in result.stderr
    assert snapshot(cx_home) != before


# -- 4. outside text is shown literally ---------------------------------------------------------

PACK_HEAD = '[role]\nid = "crew"\nname = { en = "Crew", nl = "Bemanning" }\n'
HABIT = """
[[habits]]
id = "{id}"
order = 1
principle = "open-door"
title = {{ en = "{title}", nl = "Titel" }}
anchor = {{ en = "After I log in", nl = "Nadat ik inlog" }}
behaviour = {{ en = "I smile", nl = "glimlach ik" }}
celebration = {{ en = "Nice.", nl = "Mooi." }}
starter = {{ en = "Smile once.", nl = "Eén keer glimlachen." }}
why = {{ en = "Because.", nl = "Omdat." }}
{extra}
"""
HOSTILE_PACKS = {
    "an OSC title escape in the id": HABIT.format(
        id="crew.x\\u001b]0;PWNED\\u0007", title="T", extra=""
    ),
    "a CSI in a field name": HABIT.format(
        id="crew.fine-one", title="T", extra='"f\\u001b[31mield" = 1'
    ),
    "a C1 CSI in the id": HABIT.format(id="crew.\\u009b2J", title="T", extra=""),
    "a bidi override in a title": HABIT.format(
        id="crew.bidi-title", title="evil\\u202etxt.exe", extra=""
    ),
    "a zero-width space in a title": HABIT.format(id="crew.zw-title", title="a\\u200bb", extra=""),
    "an isolate in a field name": HABIT.format(
        id="crew.iso-field", title="T", extra='"x\\u2066y" = "z"'
    ),
    "a BEL in a value's key and a BOM": HABIT.format(
        id="crew.bom-key", title="T", extra='"\\ufeffkey\\u0007" = 2'
    ),
}


def write_pack(folder: Path, text: str, name: str = "team.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(PACK_HEAD + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", HOSTILE_PACKS.values(), ids=HOSTILE_PACKS.keys())
def test_a_hostile_pack_is_shown_literally_by_every_command(cx_home: Path, text: str) -> None:
    pack = write_pack(cx_home / "habits", text)
    before = snapshot(cx_home)
    runs = {
        "validate": cx("validate", str(pack)),
        "validate folder": cx("validate", str(pack.parent)),
        "library": cx("library"),
        "library --role": cx("library", "--role", "crew"),
        "roles": cx("roles"),
        "show": cx("show", first_habit()),
        "pick": cx("pick", "crew.no-such-habit"),
    }
    for name, result in runs.items():
        assert "Traceback" not in result.stdout + result.stderr, name
        no_raw(result.stdout, result.stderr)
    assert runs["validate"].exit_code == 1
    said = runs["validate"].stdout
    assert any(mark in said for mark in ("\\x1b", "\\x9b", "\\x07", "<U+", "invisible")), said
    assert runs["library"].exit_code == 0
    assert snapshot(cx_home) == before


def test_a_pack_file_name_with_an_escape_is_shown_literally(cx_home: Path) -> None:
    pack = write_pack(cx_home / "habits", "not toml [[", name="evil\x1b]0;PWNED\x07.toml")
    for result in (cx("validate", str(pack)), cx("validate", str(pack.parent)), cx("library")):
        no_raw(result.stdout, result.stderr)
        assert "\\x1b]0;PWNED\\x07" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "before\u202eafter",
        "zero\u200bwidth",
        "join\u2060er",
        "iso\u2067late",
        "\ufeffbom",
        "mark\u200fer",
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["checkin", "--note"],
        ["drop", "--yes", "--reason"],
        ["pause", "--from", "2026-12-24", "--to", "2026-12-31", "--reason"],
    ],
    ids=" ".join,
)
def test_invisible_characters_in_notes_and_reasons_are_refused(
    cx_home: Path, picked: str, command: list[str], text: str
) -> None:
    before = snapshot(cx_home)
    result = cx(*command, text)
    refused(result, 2, "invisible")
    no_raw(result.stderr)
    assert snapshot(cx_home) == before


@pytest.mark.parametrize(
    "text",
    ["\x1b]0;PWNED\x07", "a\x9bb", "x\u202ey", "tab\tnewline\n", "bell\x07", "del\x7f", "\udcff"],
)
def test_literal_makes_every_hostile_character_visible(text: str) -> None:
    shown = literal(text)
    no_raw(shown)
    assert shown.isprintable(), shown
    assert literal(shown) == shown  # idempotent: showing twice changes nothing


def test_literal_leaves_ordinary_text_alone() -> None:
    for text in ("Plain words", "ideeën, privé", "emoji 🙂", "[bold]markup[/bold]", "日本語"):
        assert literal(text) == text


def test_notes_planted_in_the_state_file_are_shown_literally(cx_home: Path, picked: str) -> None:
    state = store.load_full(cx_home)
    record = state.active
    assert record is not None
    planted = record._replace(
        checkins=(*record.checkins[:-1], CheckIn(record.checkins[-1].day, "x\x1b]0;PWNED\x07y")),
    )
    store.save(cx_home, state.with_record(record, planted))
    for args in (["history"], ["history", picked], ["streak"], ["status"], ["pause", "--list"]):
        result = cx(*args)
        assert "Traceback" not in result.stdout + result.stderr
        no_raw(result.stdout, result.stderr)


# -- 6. dates from 2000 to 2100, times that exist ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["checkin", "--date", "0001-01-01"],
        ["checkin", "--date", "1999-12-31"],
        ["checkin", "--date", "9999-12-31"],
        ["pause", "--from", "1999-12-30", "--to", "2000-01-02"],
        ["pause", "--from", "2026-01-01", "--to", "9999-12-31"],
        ["pause", "--from", "2101-01-01", "--to", "2101-01-02"],
        ["pause", "--remove", "9999-12-31"],
        ["pause", "--remove", "0001-01-01"],
    ],
    ids=" ".join,
)
def test_dates_outside_2000_to_2100_are_refused(
    cx_home: Path, picked: str, args: list[str]
) -> None:
    before = snapshot(cx_home)
    refused(cx(*args), 2)
    assert snapshot(cx_home) == before


def test_the_date_bounds_live_in_one_place() -> None:
    assert dt.date(2000, 1, 1) == clock.EARLIEST_DAY and dt.date(2100, 12, 31) == clock.LATEST_DAY
    assert clock.check_day_in_range(clock.LATEST_DAY, "x") == clock.LATEST_DAY
    with pytest.raises(UsageError):
        clock.check_day_in_range(clock.LATEST_DAY + ONE_DAY, "x")
    with pytest.raises(UsageError):
        core.add_pause(State(), dt.date(2026, 1, 1), dt.date(9999, 12, 31))


BAD_TIMES = [
    "99999999999999999999:00",
    "9" * 5000 + ":00",
    "24:00",
    "09:60",
    "-1:00",
    "\u0660\u0669:\u0660\u0660",  # Arabic-Indic digits
    "\uff11\uff12:\uff10\uff10",  # full-width digits
    "09:00:00",
    "",
    "9",
    "0x9:00",
    "9:5",
]


@pytest.mark.parametrize("at", BAD_TIMES)
def test_remind_refuses_odd_times_plainly(cx_home: Path, picked: str, at: str) -> None:
    result = cx("remind", "--ics", "--at", at)
    refused(result, 2, "--at")
    assert len(result.stderr) < 300


@pytest.mark.parametrize("at", ["9:00", "09:00", "23:59", "0:00", " 07:30 "])
def test_remind_takes_ordinary_times(cx_home: Path, picked: str, at: str) -> None:
    result = cx("remind", "--ics", "--at", at)
    assert result.exit_code == 0, result.stderr
    assert "BEGIN:VCALENDAR" in result.stdout


# -- 7. pauses, future self-checks, history of unknown habits ------------------------------------


def test_removing_one_pause_leaves_the_one_that_touches_it() -> None:
    state = core.add_pause(State(), dt.date(2026, 12, 21), dt.date(2026, 12, 23), "holiday")
    state = core.add_pause(state, dt.date(2026, 12, 24), dt.date(2026, 12, 31), "flu")
    state = core.add_pause(state, dt.date(2026, 12, 20), dt.date(2026, 12, 20))
    assert len(state.pauses) == 3
    after, removed = core.remove_pause(state, dt.date(2026, 12, 24))
    assert removed == Pause(dt.date(2026, 12, 24), dt.date(2026, 12, 31), "flu")
    assert after.pauses == (
        Pause(dt.date(2026, 12, 20), dt.date(2026, 12, 20)),
        Pause(dt.date(2026, 12, 21), dt.date(2026, 12, 23), "holiday"),
    )


def test_pause_remove_through_the_command_line_keeps_the_neighbour(
    cx_home: Path, picked: str
) -> None:
    assert cx("pause", "--from", "2026-12-21", "--to", "2026-12-23").exit_code == 0
    assert cx("pause", "--from", "2026-12-24", "--to", "2026-12-31").exit_code == 0
    result = cx("pause", "--remove", "2026-12-22")
    assert result.exit_code == 0, result.stderr
    assert store.load(cx_home).pauses == (Pause(dt.date(2026, 12, 24), dt.date(2026, 12, 31)),)


def test_a_self_check_dated_in_the_future_does_not_count() -> None:
    days = [MONDAY + i * ONE_DAY for i in range(40) if (MONDAY + i * ONE_DAY).weekday() < 5]
    today = days[-1]
    record = HabitRecord(
        first_habit(),
        MONDAY,
        checkins=tuple(CheckIn(d) for d in days),
        ratings=(
            Rating(today - 2 * ONE_DAY, (2, 2, 2, 2)),
            Rating(today + 400 * ONE_DAY, (7, 7, 7, 7)),  # taken while the clock was wrong
        ),
    )
    progress = routine.progress(record, model.Settings(), (), today)
    assert progress.rating is not None and progress.rating.scores == (2, 2, 2, 2)
    assert not progress.routine


def test_history_with_2000_unknown_habits_reads_the_library_once(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    habits = tuple(
        HabitRecord(f"gone{i % 50:02d}.habit-{i:04d}", MONDAY, status="dropped", dropped_on=MONDAY)
        for i in range(2000)
    )
    monkeypatch.setattr(store, "load_full", lambda home: State(habits=habits))
    monkeypatch.setattr(store, "load", lambda home: State(habits=habits))
    reads: list[int] = []
    real_build = catalog._build

    def counting_build(*args: Any, **kwargs: Any) -> catalog.Library:
        reads.append(1)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(catalog, "_build", counting_build)
    result = cx("history")
    assert result.exit_code == 0, result.stderr
    assert "gone49.habit-1999" in result.stdout
    assert len(reads) <= 2, len(reads)


# -- 8. packs that are recursion bombs -------------------------------------------------------------

BOMBS = {
    "arrays 5,000 deep": "[[habits]]\nid = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline tables 5,000 deep": "[[habits]]\nid = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
    "arrays in a text field": HABIT.format(id="crew.deep", title="T", extra="")
    + "x = "
    + "[" * 5000
    + "]" * 5000,
    "deep arrays in the role": '[role]\nid = "crew"\nname = ' + "[" * 5000 + "]" * 5000 + "\n",
}


@pytest.mark.parametrize("text", BOMBS.values(), ids=BOMBS.keys())
def test_a_recursion_bomb_pack_is_a_broken_pack(cx_home: Path, text: str) -> None:
    folder = cx_home / "habits"
    folder.mkdir(parents=True)
    pack = folder / "bomb.toml"
    pack.write_text(text, encoding="utf-8")
    result = cx("validate", str(pack))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "bomb.toml" in result.stdout and "Traceback" not in result.stdout + result.stderr
    for args in (["library"], ["roles"]):
        result = cx(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "bomb.toml" in result.stderr
    # a habit named alone is found through the index: the broken pack is not read
    result = cx("pick", first_habit())
    assert result.exit_code == 0 and "Traceback" not in result.stdout + result.stderr


# -- 9. the terminal: encodings, closed pipes, full disks, Ctrl-C (child processes) ---------------


def env_for(**extra: str) -> dict[str, str]:
    env = dict(os.environ, CXHABITS_TODAY=MONDAY.isoformat(), PYTHONDONTWRITEBYTECODE="1")
    for name in ("LANG", "LC_ALL", "LC_MESSAGES", "PYTHONIOENCODING", "COLUMNS"):
        env.pop(name, None)
    env.update(extra)
    return env


def run(*args: str, **popen: Any) -> subprocess.CompletedProcess[bytes]:
    env = popen.pop("env", env_for())
    return subprocess.run([str(EXE), *args], env=env, timeout=60, check=False, **popen)


def shell(script: str, **extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", script], env=env_for(**extra), timeout=60, capture_output=True, check=False
    )


DRAWING = [
    [],
    ["status"],
    ["streak"],
    ["library"],
    ["roles"],
    ["show", "{habit}"],
    ["history"],
    ["history", "{habit}"],
    ["checkin"],
    ["checkin"],  # the second: already checked in
    ["config"],
    ["pause", "--list"],
    ["path"],
    ["export", "--format", "csv"],
    ["export"],
    ["remind", "--ics"],
    ["validate", str(packs.shipped_dir() / "agent.toml")],
    ["checkin", "--date", "1999-01-01"],  # an error message
    ["--help"],
    ["streak", "--help"],
    ["anchor"],
    ["anchor", "Nadat ik een ticket sluit · “klaar”"],
    ["skip", "--date", "2026-10-30"],  # a done day: refused
    ["rate", "5", "6", "5", "6"],
    ["pick", "{habit}"],  # refused: still being built
    ["share"],
    ["team", "{home}"],
    ["import", "{export}"],
    ["config", "workdays"],
    ["drop", "--yes", "--reason", "past · “fit”"],
    ["history"],
    [],
]
# Data, not talk: always UTF-8, exactly (test_an_export_stays_exact_utf8_...).
DATA = {("export",), ("export", "--format", "csv"), ("remind", "--ics")}


def written_in(output: bytes, encoding: str) -> bool:
    """The bytes are text in `encoding`, not UTF-8 that slipped past it."""
    try:
        output.decode(encoding)
    except UnicodeDecodeError:
        return False
    try:
        output.decode("utf-8")
    except UnicodeDecodeError:
        return True  # cp1252's own bytes for "·" or "é" are not UTF-8
    return output.isascii()


@POSIX_ONLY
@pytest.mark.parametrize("lang", ["en_GB.UTF-8", "nl_NL.UTF-8"])
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_every_drawing_command_falls_back_to_plain_symbols(
    cx_home: Path, picked: str, encoding: str, lang: str
) -> None:
    pause = cx("pause", "--from", "2026-12-24", "--to", "2026-12-31", "--reason", "kerst · “vrij”")
    assert pause.exit_code == 0
    exported = cx_home.parent / "export.json"
    exported.write_text(cx("export").stdout, encoding="utf-8")
    env = env_for(PYTHONIOENCODING=encoding, LANG=lang, CXHABITS_HOME=str(cx_home))
    values = {"habit": picked, "home": str(cx_home), "export": str(exported)}
    for args in DRAWING:
        result = run(*(a.format(**values) for a in args), env=env, capture_output=True)
        name = " ".join(args) or "(bare)"
        assert result.returncode in (0, 1, 2), (name, result.stderr.decode(encoding, "replace"))
        assert b"Traceback" not in result.stderr, (name, result.stderr)
        if tuple(args) in DATA:
            continue
        for stream in (result.stdout, result.stderr):
            assert written_in(stream, encoding), (name, stream)


@POSIX_ONLY
@pytest.mark.parametrize("args", [["status"], ["streak"], ["export"], ["history"], ["library"]])
def test_a_closed_stdout_is_reported_with_exit_1(
    cx_home: Path, picked: str, args: list[str]
) -> None:
    result = shell(f"{EXE} {' '.join(args)} >&-", CXHABITS_HOME=str(cx_home))
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr
    assert 1 <= len(result.stderr.decode().strip().splitlines()) <= 2


@POSIX_ONLY
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args", [["export"], ["export", "--format", "csv"], ["status"], ["streak"], ["path"]]
)
def test_a_full_disk_on_stdout_is_exit_1_never_a_silent_0(
    cx_home: Path, picked: str, args: list[str]
) -> None:
    with open("/dev/full", "wb") as full:
        result = run(*args, env=env_for(CXHABITS_HOME=str(cx_home)), stdout=full, stderr=-1)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr
    assert b"space" in result.stderr


@pytest.fixture
def long_history(cx_home: Path) -> Path:
    """A habit with two years of daily check-ins: an export far bigger than a pipe's buffer."""
    start = dt.date(2024, 11, 1)
    days = [start + i * ONE_DAY for i in range(730)]
    checkins = tuple(CheckIn(d, f"note {i} " + "x" * 60) for i, d in enumerate(days))
    store.save(cx_home, State(habits=(HabitRecord(first_habit(), start, checkins=checkins),)))
    return cx_home


@POSIX_ONLY
@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--format", "csv"],
        ["status"],
        ["streak"],
        ["library"],
        ["history", "--json"],
        ["--help"],
    ],
)
def test_a_pipe_closed_by_the_reader_is_exit_1_without_noise(
    long_history: Path, args: list[str]
) -> None:
    child = subprocess.Popen(
        [str(EXE), *args],
        env=env_for(CXHABITS_HOME=str(long_history)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before a byte is written
    err = child.stderr.read()
    assert child.wait(timeout=60) == 1, err
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert b"pipe" in err


@POSIX_ONLY
@pytest.mark.parametrize("reader", ["head -c1", "head -1", "true"])
def test_export_into_head_exits_1_with_one_line(long_history: Path, reader: str) -> None:
    result = shell(
        f"{EXE} export | {reader} >/dev/null; exit ${{PIPESTATUS[0]}}",
        CXHABITS_HOME=str(long_history),
    )
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr
    assert len(result.stderr.decode().strip().splitlines()) == 1


@POSIX_ONLY
@pytest.mark.parametrize(
    ("stdin", "code", "words"),
    [
        ("</dev/null", 2, "drop --yes"),
        ("<&-", 2, "drop --yes"),
        ("<<<n", 0, "nothing was changed"),
        ("<<<nee", 0, "nothing was changed"),
        ("<<<''", 0, "nothing was changed"),
    ],
)
def test_drop_reads_a_real_pipe_and_refuses_at_its_end(
    cx_home: Path, picked: str, stdin: str, code: int, words: str
) -> None:
    before = snapshot(cx_home)
    result = shell(f"{EXE} drop {stdin}", CXHABITS_HOME=str(cx_home))
    assert result.returncode == code, result.stderr
    assert words in result.stderr.decode()
    assert b"Traceback" not in result.stderr
    assert snapshot(cx_home) == before


INTERRUPT_AT_IMPORT = """
import sys

MODULE = sys.argv[1]

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == MODULE:
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["cxhabits", *sys.argv[2:]]
from cxhabits.cli.main import main
from cxhabits.domain.chars import literal
main()
"""


@POSIX_ONLY
@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("typing", ["status"]),
        ("contextlib", ["checkin"]),
        ("typer", ["streak"]),
        ("typer", ["pick", "x"]),
        ("rich", ["library"]),
        ("cxhabits.storage.store", ["status"]),
        ("cxhabits.exchange.export", ["export"]),
        ("json", ["import", "x.json"]),
    ],
)
def test_ctrl_c_during_an_import_is_exit_130_without_a_traceback(
    cx_home: Path, picked: str, module: str, args: list[str]
) -> None:
    before = snapshot(cx_home)
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPT_AT_IMPORT, module, *args],
        env=env_for(CXHABITS_HOME=str(cx_home)),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 130, result.stderr
    assert b"Traceback" not in result.stderr and b"KeyboardInterrupt" not in result.stderr
    assert b"Interrupted" in result.stderr
    assert snapshot(cx_home) == before


def test_the_symbol_table_is_plain_ascii() -> None:
    for symbol, plain in streams.PLAIN.items():
        assert not symbol.isascii() and plain.isascii()


@POSIX_ONLY
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("args", [["export"], ["export", "--format", "csv"]])
def test_an_export_stays_exact_utf8_whatever_the_terminal_speaks(
    cx_home: Path, picked: str, encoding: str, args: list[str]
) -> None:
    note = "één € ő 🙂 “quoted” · ✓"
    assert cx("checkin", "--note", note).exit_code == 0
    env = env_for(PYTHONIOENCODING=encoding, CXHABITS_HOME=str(cx_home))
    result = run(*args, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert note in result.stdout.decode("utf-8")
    exact = cx(*args).stdout
    assert result.stdout.decode("utf-8") == exact


@pytest.fixture
def ready_for_the_self_check(cx_home: Path) -> Path:
    """Every workday done for six weeks but today: today's check-in asks the self-check."""
    start = MONDAY - 42 * ONE_DAY
    days = [start + i * ONE_DAY for i in range(42) if (start + i * ONE_DAY).weekday() < 5]
    record = HabitRecord(first_habit(), start, checkins=tuple(CheckIn(d) for d in days))
    store.save(cx_home, State(habits=(record,)))
    return cx_home


def read_until(stream: Any, marker: bytes, timeout: float = 30) -> bytes:
    import select

    seen = b""
    while marker not in seen:
        ready, _, _ = select.select([stream], [], [], timeout)
        if not ready:
            raise AssertionError(f"no {marker!r} in {seen!r}")
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            raise AssertionError(f"ended before {marker!r}: {seen!r}")
        seen += chunk
    return seen


@POSIX_ONLY
@pytest.mark.parametrize("fast", ["", "1"], ids=["fast path", "typer path"])
@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d"])
def test_the_self_check_after_a_saved_checkin_tells_the_truth(
    ready_for_the_self_check: Path, how: str, fast: str
) -> None:
    import pty
    import signal

    home = ready_for_the_self_check
    before = store.load(home).habits[0].checkins
    master, slave = pty.openpty()
    env = env_for(CXHABITS_HOME=str(home), PYTHONUNBUFFERED="1")
    if fast:
        env["CXHABITS_FULL_PATH"] = fast
    child = subprocess.Popen(
        [str(EXE), "checkin"], env=env, stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    os.close(slave)
    try:
        assert child.stdout is not None
        read_until(child.stdout, b"1 = ")  # the self-check's first question
        if how == "ctrl-c":
            child.send_signal(signal.SIGINT)
        else:
            os.write(master, b"\x04")  # end of input on a terminal
        _out, err = child.communicate(timeout=30)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    message = err.decode()
    assert "Traceback" not in message
    after = store.load(home).habits[0].checkins
    assert len(after) == len(before) + 1  # the check-in was saved, and stays
    if how == "ctrl-c":
        assert child.returncode == 130, message
        assert "saved" in message and "nothing was changed" not in message
    else:
        assert child.returncode == 2, message
        assert "cxhabits rate" in message


@POSIX_ONLY
@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_json_documents_stay_exact_whatever_the_terminal_speaks(
    cx_home: Path, picked: str, encoding: str
) -> None:
    dutch()  # titles with ë and é
    assert cx("checkin", "--note", "één € ő 🙂").exit_code == 0
    env = env_for(PYTHONIOENCODING=encoding, CXHABITS_HOME=str(cx_home))
    for args in (["library", "--json"], ["show", picked, "--json"], ["history", "--json"]):
        result = run(*args, env=env, capture_output=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode("utf-8") == cx(*args).stdout, args
    notes = run("history", picked, "--json", env=env, capture_output=True).stdout.decode()
    assert "één € ő 🙂" in notes


@POSIX_ONLY
@pytest.mark.parametrize("stderr", ["2>&-", "2>/dev/full"])
@pytest.mark.parametrize(
    ("args", "code"),
    [("checkin --date x", 2), ("pick no.such-habit", 2), ("path", 0), ("status", 0)],
)
def test_a_closed_or_full_stderr_keeps_the_exit_code(
    cx_home: Path, picked: str, stderr: str, args: str, code: int
) -> None:
    if stderr.endswith("/dev/full") and not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    result = shell(f"{EXE} {args} >/dev/null {stderr}", CXHABITS_HOME=str(cx_home))
    assert result.returncode == code


@pytest.mark.parametrize("when", ["before", "after"])
def test_ctrl_c_during_an_import_of_a_file_tells_the_truth(
    cx_home: Path, picked: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    file = tmp_path / "export.json"
    file.write_text(json.dumps(export_document(first_habit("finance"))), encoding="utf-8")
    before = snapshot(cx_home)
    real_save = store.save

    def interrupted(home: Path, state: State) -> None:
        if when == "after":
            real_save(home, state)
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "save", interrupted)
    result = cx("import", str(file))
    if when == "before":
        refused(result, 130, "nothing was changed")
        assert snapshot(cx_home) == before
    else:
        refused(result, 130, "saved")
        assert snapshot(cx_home) != before


@pytest.mark.parametrize(
    ("command", "answers"),
    [
        (["drop"], "maybe\n" * 200),
        (["drop"], "\x00" * 100_000),
        (["pick"], "99\n" * 200),
        (["rate"], "9\n" * 200),
    ],
    ids=["maybe forever", "zeros without a newline", "a number off the list", "scores off"],
)
def test_a_pipe_that_never_runs_dry_ends_the_questions(
    cx_home: Path, command: list[str], answers: str
) -> None:
    if command[0] != "pick":
        assert cx("pick", first_habit()).exit_code == 0
    before = snapshot(cx_home)
    result = cx(*command, input=answers)
    assert result.exit_code == 2, result.stderr
    assert "Instead, type: cxhabits" in result.stderr
    assert snapshot(cx_home) == before


def test_a_piped_answer_is_echoed_literally(cx_home: Path, picked: str) -> None:
    result = cx("drop", input="\x1b]0;PWNED\x07\nn\n")
    assert result.exit_code == 0
    no_raw(result.stdout, result.stderr)
    assert "\\x1b]0;PWNED\\x07" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--x\x1b]0;PWNED\x07"],
        ["bad\x1b[2Jcommand"],
        ["streak", "--\u202ex"],
        ["checkin", "\x1b[31magent.x"],
        ["show", "agent.\u200bx"],
        ["pick", "x\x9b2J"],
        ["library", "--role", "\x1b]0;t\x07"],
        ["validate", "/nonexistent/\x1b]0;t\x07.toml"],
        ["checkin", "--date", "2026\x1b[2J"],
        ["import", "/nonexistent/\u202e.json"],
    ],
)
def test_what_was_typed_is_shown_literally_in_refusals(cx_home: Path, args: list[str]) -> None:
    result = cx(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    no_raw(result.stdout, result.stderr)


@POSIX_ONLY
@pytest.mark.parametrize("stdin", ["</dev/null", "<&-"])
@pytest.mark.parametrize(
    ("command", "words"),
    [("rate", "cxhabits rate SCORES..."), ("pick", "cxhabits pick HABIT_ID")],
)
def test_rate_and_pick_at_a_closed_or_empty_stdin_say_what_to_type(
    cx_home: Path, command: str, words: str, stdin: str
) -> None:
    if command == "rate":
        assert cx("pick", first_habit()).exit_code == 0
    before = snapshot(cx_home)
    result = shell(f"{EXE} {command} {stdin}", CXHABITS_HOME=str(cx_home))
    assert result.returncode == 2, result.stderr
    assert words in result.stderr.decode()
    assert b"Traceback" not in result.stderr and b"Interrupted" not in result.stderr
    assert snapshot(cx_home) == before
