"""Time cxhabits commands as whole processes against a hello-world Typer command.

    python benchmarks/run.py [--rounds N]

Each round runs the baseline and every command once, in turn, so machine noise
hits both alike; the table gives medians and the ratio to the baseline's median.
States: a new habit, one year of history, and ten years (40 habits, a check-in
every day, routine habits kept alive every day).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxhabits import catalog, core, store
from cxhabits.core import CheckIn, HabitRecord, Rating, State

TODAY = dt.date(2026, 11, 23)  # a Monday
HELLO = """\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


app()
"""
BUDGETS = {"checkin": 1.25, "status": 1.25, "streak": 2.0}


def every_day(start: dt.date, end: dt.date) -> tuple[CheckIn, ...]:
    return tuple(CheckIn(start + dt.timedelta(days=n)) for n in range((end - start).days + 1))


def history(years: int, habits: int) -> State:
    """`habits` habits picked one after another over `years` years, each done every day;
    every finished one became routine and is still checked in daily. The last is active,
    picked three weeks ago."""
    ids = [h.id for h in catalog.load_library(None).ordered()]
    start = TODAY - dt.timedelta(days=365 * years)
    active_from = TODAY - dt.timedelta(days=21)
    step = (active_from - start) / max(habits - 1, 1)
    records = []
    for n in range(habits - 1):
        picked = start + step * n
        routine_on = picked + dt.timedelta(days=34)
        records.append(
            HabitRecord(
                id=ids[n % len(ids)],
                picked=picked,
                status="routine",
                routine_on=routine_on,
                checkins=every_day(picked, TODAY - dt.timedelta(days=1)),
                ratings=(Rating(routine_on, (6, 6, 6, 6)),),
            )
        )
    records.append(
        HabitRecord(
            id=ids[(habits - 1) % len(ids)],
            picked=active_from,
            checkins=every_day(active_from, TODAY - dt.timedelta(days=1)),
        )
    )
    return State(habits=tuple(records))


def new_habit() -> State:
    ids = [h.id for h in catalog.load_library(None).ordered()]
    return core.pick(State(), ids[0], TODAY - dt.timedelta(days=1))


def prepare(root: Path) -> dict[str, Path]:
    homes = {}
    for name, state in (
        ("new", new_habit()),
        ("1 year", history(1, 5)),
        ("10 years", history(10, 40)),
    ):
        home = root / name.replace(" ", "-")
        with store.locked(home):
            store.save(home, state)
        shutil.copytree(home, home.with_name(home.name + "-pristine"))
        homes[name] = home
    return homes


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each (default 15)")
    rounds = parser.parse_args().rounds

    package = Path(core.__file__).parent
    # pip compiles bytecode when it installs a wheel; an editable checkout may not have it
    # (PYTHONDONTWRITEBYTECODE), which would time the compiler instead of cxhabits.
    compileall.compile_dir(str(package), quiet=1)
    script = Path(sys.executable).with_name("cxhabits")
    cxhabits = [str(script)] if script.exists() else [sys.executable, "-m", "cxhabits"]
    commands = {
        "checkin": ["checkin"],
        "streak": ["streak"],
        "library": ["library"],
    }
    if "status" in _command_names():  # a command added later than the others
        commands["status"] = ["status"]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hello = root / "hello.py"
        hello.write_text(HELLO)
        homes = prepare(root)
        sizes = {name: _state_size(home) for name, home in homes.items()}
        base_env = {**os.environ, "CXHABITS_TODAY": TODAY.isoformat(), "COLUMNS": "100"}
        baseline: list[float] = []
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(rounds):
            baseline.append(timed([sys.executable, str(hello)], base_env))
            for size, home in homes.items():
                env = {**base_env, "CXHABITS_HOME": str(home)}
                for name, args in commands.items():
                    if name == "checkin":  # undo outside the clock, so every run writes
                        shutil.copy(
                            home.with_name(home.name + "-pristine") / "state.toml",
                            home / "state.toml",
                        )
                    times.setdefault((size, name), []).append(timed([*cxhabits, *args], env))

    base = statistics.median(baseline) * 1000
    print(f"Python {sys.version.split()[0]}, typer {_typer_version()}, {rounds} rounds, medians")
    print(f"hello-world Typer baseline: {base:.1f} ms\n")
    print("| history | state.toml | command | median | ratio | budget |")
    print("|---|---|---|---|---|---|")
    failed = False
    for (size, name), values in times.items():
        median = statistics.median(values) * 1000
        ratio = median / base
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else (f"{budget:.2f}x ok" if ratio <= budget else "OVER")
        failed |= budget is not None and ratio > budget
        print(f"| {size} | {sizes[size]} | {name} | {median:.1f} ms | {ratio:.2f}x | {verdict} |")
    if failed:
        sys.exit(1)


def _state_size(home: Path) -> str:
    hot = (home / "state.toml").stat().st_size
    archive = (
        sum(p.stat().st_size for p in (home / "archive").glob("*"))
        if (home / "archive").is_dir()
        else 0
    )
    return f"{hot / 1024:.1f} KB (+{archive / 1024:.0f} KB archived)"


def _command_names() -> set[str]:
    from cxhabits.cli import COMMAND_MODULES

    return set(COMMAND_MODULES)


def _typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


if __name__ == "__main__":
    main()
