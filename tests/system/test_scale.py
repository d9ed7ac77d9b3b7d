"""What keeps history, export and the prompt fast stays exact: same output, same data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from cxhabits.domain.model import (
    AnchorChange,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    Skip,
    State,
)
from cxhabits.exchange import export as transfer
from cxhabits.library import catalog, packs
from cxhabits.storage import datafolder, store
from tests.helpers import shortcuts

START = dt.date(2024, 1, 1)


def days(count: int, start: dt.date = START) -> tuple[CheckIn, ...]:
    return tuple(CheckIn(start + dt.timedelta(days=n)) for n in range(count))


def sample_state() -> State:
    odd_notes = (
        CheckIn(START, 'a "quoted" note, with a comma'),
        CheckIn(START + dt.timedelta(days=1), "=SUM(A1) \u00e9\u00e8 \u2713 \\ back"),
        CheckIn(START + dt.timedelta(days=2), '"checkins": []'),
        *days(30, START + dt.timedelta(days=3)),
    )
    return State(
        settings=Settings(language="nl", backfill_days=3),
        pauses=(Pause(START + dt.timedelta(days=40), START + dt.timedelta(days=44), "holiday"),),
        habits=(
            HabitRecord(
                id="agent.photo-by-my-screen",
                picked=START,
                status="routine",
                routine_on=START + dt.timedelta(days=30),
                checkins=odd_notes,
                ratings=(Rating(START + dt.timedelta(days=29), (6, 5, 6, 7)),),
                skips=(Skip(START + dt.timedelta(days=33), "+ no calls"),),
                anchors=(AnchorChange(START + dt.timedelta(days=5), "After I log in"),),
            ),
            HabitRecord(
                id="agent.one-word-for-the-feeling",
                picked=START + dt.timedelta(days=31),
                status="dropped",
                dropped_on=START + dt.timedelta(days=35),
                drop_reason="did not fit",
            ),
            HabitRecord(
                id="agent.say-what-happens-next",
                picked=START + dt.timedelta(days=36),
                checkins=days(3, START + dt.timedelta(days=36)),
            ),
        ),
    )


# -- export ------------------------------------------------------------------------


def whole_document(state: State) -> str:
    """The export as one json.dumps of the whole document (what streaming must match)."""
    document = json.loads(shortcuts.export_json(state._replace(habits=())))
    document["habits"] = [transfer.habit_document(r) for r in state.habits]
    return json.dumps(document, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("habits", [0, 1, 3])
def test_streamed_json_is_the_whole_document(habits: int) -> None:
    state = sample_state()
    state = state._replace(habits=state.habits[:habits])
    out = io.StringIO()
    transfer.write_json(state, iter(state.habits), out)
    assert out.getvalue() == whole_document(state)
    assert json.loads(out.getvalue())["habits"] == [
        transfer.habit_document(r) for r in state.habits
    ]


def plain_csv_rows(records: Iterable[HabitRecord]) -> Iterator[tuple[str, ...]]:
    """The CSV rows written the plain way: every cell through spreadsheet_safe."""
    yield transfer.CSV_COLUMNS
    for record in records:
        rows = [(c.day, c.note, "done") for c in record.checkins]
        rows += [(s.day, s.reason, "skipped") for s in record.skips]
        for day, text, kind in sorted(rows):
            cells = (record.id, record.picked, record.status, day, text, kind)
            yield tuple(transfer.spreadsheet_safe(cell) for cell in cells)


def test_streamed_csv_is_the_plain_csv() -> None:
    state = sample_state()
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows(plain_csv_rows(state.habits))
    out = io.StringIO()
    transfer.write_csv(iter(state.habits), out)
    assert out.getvalue() == expected.getvalue()
    assert "'=SUM(A1)" in out.getvalue() and "'+ no calls" in out.getvalue()


def test_export_through_the_command_reads_the_archives(cx_home: Path) -> None:
    from typer.testing import CliRunner

    from cxhabits.cli.main import app

    state = sample_state()
    with datafolder.locked(cx_home):
        store.save(cx_home, state)
    result = CliRunner().invoke(app, ["export"])
    assert result.exit_code == 0, result.output
    assert result.stdout == whole_document(store.load_full(cx_home)) + "\n"
    assert len(json.loads(result.stdout)["habits"][0]["checkins"]) == 33
    as_csv = CliRunner().invoke(app, ["export", "--format", "csv"])
    assert as_csv.exit_code == 0 and len(as_csv.stdout.splitlines()) == 1 + 33 + 1 + 3


# -- reading the check-in days at C speed ---------------------------------------------

TOML_CASES = [
    "checkins = [\n    2020-01-01,\n]\n",
    "x = 1\ncheckins = [\n    2020-01-01,\n    2020-01-02,\n]\n[[notes]]\nday = 2020-01-01\n",
    'x = """\ncheckins = [\n    2020-01-01,\n]\n"""\n',
    "x = '''\ncheckins = [\n    2020-01-01,\n]\n'''\n",
    "[t]\ncheckins = [\n    2020-01-01,\n]\n",
    'y = 2\ncheckins = [\n    2020-01-01,\n    "x",\n]\n',
    "y = 2\ncheckins = [\n    2020-01-01,\n    2020-01-02T10:00:00,\n]\n",
    "y = 2\ncheckins = [\n    2020-01-01,\n]\ncheckins = 3\n",
    "y = 2\ncheckins = [\n    2020-02-30,\n]\n",
    "checkins = [\n    2020-01-01\n]\n",
    "checkins = [\n    2020-01-01, # a comment\n]\n",
    "checkins = [\r\n    2020-01-01,\r\n]\r\n",
    "checkins = [\n    2020-01-01,\n    2020-01-01,\n]\n",
    "checkins = [\n    20200101,\n]\n",
    "checkins = [\n]\n",
    "checkins = []\n",
]


@pytest.mark.parametrize("text", TOML_CASES)
def test_fast_toml_reads_what_tomllib_reads(text: str) -> None:
    try:
        expected: object = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        expected = str(exc)
    try:
        got: object = store._loads(text)
    except tomllib.TOMLDecodeError as exc:
        got = str(exc)
    assert got == expected


def test_fast_toml_reads_real_archives(cx_home: Path) -> None:
    with datafolder.locked(cx_home):
        store.save(cx_home, sample_state())
    files = [*sorted((cx_home / "archive").glob("*.toml")), cx_home / "state.toml"]
    assert len(files) == 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert store._loads(text) == tomllib.loads(text)


# -- history's index -----------------------------------------------------------------


def test_the_index_counts_finished_habits_and_history_reads_no_archive(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = sample_state()
    with datafolder.locked(cx_home):
        store.save(cx_home, state)
    text = (cx_home / "state.toml").read_text(encoding="utf-8")
    assert "checkins_total = 33" in text and "checkins_total = 0" in text
    loaded = store.load(cx_home)
    assert [r.checkins_total for r in loaded.habits] == [33, 0, None]

    def no_archive(*args: object) -> object:
        raise AssertionError("history read an archive")

    monkeypatch.setattr(store, "load_record", no_archive)
    assert store.checkin_counts(cx_home, loaded) == [33, 0, 3]


def test_a_file_from_before_the_index_is_counted_once(cx_home: Path) -> None:
    with datafolder.locked(cx_home):
        store.save(cx_home, sample_state())
    path = cx_home / "state.toml"
    path.write_text(
        "\n".join(line for line in path.read_text().splitlines() if "checkins_total" not in line),
        encoding="utf-8",
    )
    before = store.load(cx_home)
    assert before.habits[0].checkins_total is None
    assert store.checkin_counts(cx_home, before) == [33, 0, 3]  # read from the archive
    with datafolder.locked(cx_home):
        store.save(cx_home, before)  # any save completes the index
    assert [r.checkins_total for r in store.load(cx_home).habits] == [33, 0, None]


def test_an_odd_count_is_no_count(cx_home: Path) -> None:
    with datafolder.locked(cx_home):
        store.save(cx_home, sample_state())
    path = cx_home / "state.toml"
    path.write_text(
        path.read_text().replace("checkins_total = 33", 'checkins_total = "many"'),
        encoding="utf-8",
    )
    assert store.load(cx_home).habits[0].checkins_total is None
    assert store.checkin_counts(cx_home, store.load(cx_home))[0] == 33


def test_a_check_in_of_a_routine_habit_updates_its_count(cx_home: Path) -> None:

    with datafolder.locked(cx_home):
        store.save(cx_home, sample_state())
    state = store.load(cx_home)
    state, record = store.load_record(cx_home, state, state.habits[0])
    day = record.checkins[-1].day + dt.timedelta(days=1)
    state, changed = shortcuts.check_in(state, record, day, day)
    assert changed
    with datafolder.locked(cx_home):
        store.save(cx_home, state)
    assert store.load(cx_home).habits[0].checkins_total == 34


def test_a_loaded_record_round_trips_unchanged(cx_home: Path) -> None:
    state = sample_state()
    with datafolder.locked(cx_home):
        store.save(cx_home, state)
    assert store.load_full(cx_home).habits == state.habits


# -- one title without reading a whole pack ---------------------------------------------


def test_one_shipped_habit_read_alone_is_the_library_habit() -> None:
    library = catalog.load_library(None)
    for habit_id, habit in library.habits.items():
        pack = (
            packs.shipped_dir() / f"{habit_id.split('.')[0]}.toml"
        )  # a moved habit keeps its file
        assert packs.read_pack(pack, only={habit_id}).habits == [habit], habit_id


def test_a_pack_that_does_not_cut_cleanly_is_read_whole(tmp_path: Path) -> None:
    shipped = (packs.shipped_dir() / "agent.toml").read_text(encoding="utf-8")
    pack = tmp_path / "agent.toml"
    # A table after the habits: the cut would leave it out, but only problems could differ.
    pack.write_text(shipped.replace("[[habits]]", "[[habits]] # x", 1), encoding="utf-8")
    first = packs.read_pack(pack, only={"agent.photo-by-my-screen"})
    assert [h.id for h in first.habits] == ["agent.photo-by-my-screen"]


# -- the fast path's import of pathlib -------------------------------------------------------


def test_pathlib_without_url_parsing_still_makes_uris() -> None:
    code = (
        "import sys\n"
        "from cxhabits.cli import fast\n"
        "fast.import_pathlib_lazily()\n"
        "assert 'urllib.parse' not in sys.modules and 'ipaddress' not in sys.modules\n"
        "import pathlib\n"
        "print(pathlib.Path('/tmp/a b').as_uri())\n"
        "import urllib.parse\n"
        "print(urllib.parse.urlparse('https://example.org/x').netloc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["file:///tmp/a%20b", "example.org"]


def test_the_command_leaves_at_once_with_all_its_output_and_its_exit_code(cx_home: Path) -> None:
    """cli.entry ends the process with os._exit: nothing written may be lost."""
    import os

    with datafolder.locked(cx_home):
        store.save(cx_home, sample_state())
    env = {**os.environ, "CXHABITS_HOME": str(cx_home)}

    def cxhabits(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cxhabits", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    exported = cxhabits("export")
    assert exported.returncode == 0
    assert exported.stdout == whole_document(store.load_full(cx_home)) + "\n"
    assert cxhabits("checkin", "--date", "2026-13-01").returncode == 2
    (cx_home / "state.toml").write_text("schema = [[\n", encoding="utf-8")
    broken = cxhabits("status")
    assert broken.returncode == 1 and "state.toml" in broken.stderr


@pytest.mark.parametrize(
    ("ending", "code", "said"),
    [
        ("None", 0, ""),
        ("3", 3, ""),
        ("'a sentence'", 1, "a sentence"),
        ("RuntimeError('boom')", 1, "RuntimeError: boom"),
    ],
)
def test_entry_runs_the_exit_handlers_of_the_run_then_leaves_with_its_code(
    ending: str, code: int, said: str
) -> None:
    """The run's own exit handlers (the missing-state notices) are said before os._exit."""
    program = (
        "import atexit, sys\n"
        "from cxhabits.cli import main\n"
        "def run():\n"
        "    atexit.register(print, 'handler ran', file=sys.stderr)\n"
        "    print('said', end='')\n"  # unflushed: the leaving flushes it
        f"    ending = {ending}\n"
        "    if isinstance(ending, BaseException):\n"
        "        raise ending\n"
        "    sys.exit(ending)\n"
        "main.main = run\n"
        "main.entry()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == code, result.stderr
    assert result.stdout == "said"
    assert result.stderr.rstrip().endswith("handler ran"), result.stderr
    assert said in result.stderr
