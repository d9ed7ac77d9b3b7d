"""Time cxhabits commands as whole processes against a hello-world Typer command.

    python benchmarks/run.py [--rounds N] [--quick]
    python benchmarks/run.py --newest-typer [--rounds N]   # what lifting typer's pin costs

Every measurement is a pair run back to back, the hello-world baseline and then the
command, so noise on a shared machine hits both alike; a budget is checked on the
median of the per-round ratios. States: a new habit, one year of history, ten years
(40 habits, a check-in every day, routine habits kept alive every day), and thirty
years for the memory of `export`. The fast-path commands are timed with CXHABITS_HOME
set and without it (a temporary HOME: the data folder is found as users have it),
and with sharing on (every save refreshes a share file in a team folder). A write is
undone outside the clock, so every timed `checkin` writes. Exits 1 when a budget is
missed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import cxhabits as the_package
from cxhabits.domain import core
from cxhabits.domain.model import CheckIn, HabitRecord, Rating, Sharing, State
from cxhabits.library import catalog
from cxhabits.storage import datafolder, store

TODAY = dt.date(2026, 11, 23)  # a Monday
LATER = dt.date(2036, 11, 24)  # the today of the thirty-year state (a Monday)
HELLO = """\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    print("hello")


app()
"""
EXPORT_MEMORY_MB = 100  # export of 30 years, peak resident memory
STATUS, CHECKIN = 2.0, 3.25  # plain status and checkin against `python -c pass`
GROWTH_BUDGET = 1.25  # checkin HABIT_ID of a routine habit: 10 years against 1 year
SHIPPED = "agent.one-word-for-the-feeling"  # shown, picked and looked up beside team packs


class Case(NamedTuple):
    label: str  # what the table shows
    state: str  # which prepared folder
    args: tuple[str, ...]
    budget: float | None
    where: str = "CXHABITS_HOME"  # or "HOME" (no CXHABITS_HOME: the platform's folder)
    writes: bool = False  # restore the folder outside the clock before each run
    afresh: bool = False  # status without its kept line: the first prompt after a change
    # The baseline run back to back with it: the hello-world Typer command, `python -c
    # pass` ("python"), or the same kind of command in another state, as (state, args).
    against: str | tuple[str, tuple[str, ...]] = "typer"


def every_day(start: dt.date, end: dt.date) -> tuple[CheckIn, ...]:
    return tuple(CheckIn(start + dt.timedelta(days=n)) for n in range((end - start).days + 1))


def history(years: int, habits: int, today: dt.date = TODAY) -> State:
    """`habits` habits picked one after another over `years` years, each done every day;
    every finished one became routine and is still checked in daily. The last is active,
    picked three weeks ago."""
    ids = [h.id for h in catalog.load_library(None).ordered() if not h.retired]
    start = today - dt.timedelta(days=365 * years)
    active_from = today - dt.timedelta(days=21)
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
                checkins=every_day(picked, today - dt.timedelta(days=1)),
                ratings=(Rating(routine_on, (6, 6, 6, 6)),),
            )
        )
    records.append(
        HabitRecord(
            id=ids[(habits - 1) % len(ids)],
            picked=active_from,
            checkins=every_day(active_from, today - dt.timedelta(days=1)),
        )
    )
    return State(habits=tuple(records))


def new_habit() -> State:
    ids = [h.id for h in catalog.load_library(None).ordered()]
    return core.pick(State(), ids[0], TODAY - dt.timedelta(days=1))


def sharing_on(state: State, team: Path) -> State:
    return state._replace(sharing=Sharing(str(team), "Sam", False, "5a3f9c0e12b4d678"))


def team_packs(folder: Path, packs: int, habits: int) -> Path:
    """`packs` team packs, each defining a role of its own with `habits` habits."""
    folder.mkdir(parents=True)
    for n in range(packs):
        lines = [f'[role]\nid = "team{n}"\nname = {{ en = "Team {n}", nl = "Team {n}" }}\n']
        for k in range(1, habits + 1):
            lines.append(
                f'[[habits]]\nid = "team{n}.habit-{k}"\norder = {k}\nprinciple = "their-side"\n'
                + "".join(
                    f'{name} = {{ en = "{name} {n} {k} in English", nl = "{name} {n} {k} in het '
                    'Nederlands" }\n'
                    for name in ("title", "anchor", "behaviour", "celebration", "starter", "why")
                )
            )
        (folder / f"team-{n:05d}.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def with_packs(state: State, folder: Path) -> State:
    return state._replace(settings=state.settings._replace(packs=(str(folder),)))


def picked_with_cli(home: Path, state: State, habit_id: str, env: dict[str, str]) -> Path:
    """`state`, then `habit_id` picked three weeks ago by the command itself (so the state
    holds what a pick keeps), checked in every day since."""
    save_only(home, state)
    picked = TODAY - dt.timedelta(days=21)
    run_env = {**env, "CXHABITS_HOME": str(home), "CXHABITS_TODAY": picked.isoformat()}
    subprocess.run(
        [sys.executable, "-m", "cxhabits", "pick", habit_id],
        env=run_env,
        capture_output=True,
        check=True,
    )
    loaded = store.load(home)
    record = loaded.habits[-1]
    done = loaded.with_record(
        record, record._replace(checkins=every_day(picked, TODAY - dt.timedelta(days=1)))
    )
    shutil.rmtree(home)
    return save(home, done)


def used_from_devices(home: Path, state: State, devices: int, env: dict[str, str]) -> Path:
    """`state` with the active habit's last `devices` days left open; each device checked
    one of them in (with a note) between two syncs, so the folder holds state.toml and,
    beside it, each other device's version under Dropbox's conflict name, as a synced
    folder does when all of them saved before the sync."""
    record = state.active
    assert record is not None
    days = [TODAY - dt.timedelta(days=1 + n) for n in range(devices)]
    kept = tuple(c for c in record.checkins if c.day not in days)
    save_only(home, state.with_record(record, record._replace(checkins=kept)))
    base = home.with_name(home.name + "-base")
    shutil.copytree(home, base)
    for n, day in enumerate(days, 1):
        device = home if n == 1 else Path(shutil.copytree(base, home.with_name(f"{home.name}-{n}")))
        device_env = {**env, "CXHABITS_HOME": str(device), "CXHABITS_DEVICE": f"device-{n}"}
        subprocess.run(
            [sys.executable, "-m", "cxhabits", "checkin", "--date", day.isoformat(), "--note", "x"],
            env=device_env,
            capture_output=True,
            check=True,
        )
        if n > 1:
            copy = f"state (device-{n}'s conflicted copy {TODAY.isoformat()}).toml"
            shutil.copy(device / datafolder.STATE_FILE, home / copy)
    pristine = home.with_name(home.name + "-pristine")
    shutil.copytree(home, pristine)
    return home


def shared_once(home: Path, env: dict[str, str]) -> Path:
    """A sharing folder as it is from its second check-in on: the first one (undone
    here) looked each habit's role and principle up in the packs and kept them in
    share-facts.tsv, so no later check-in reads a pack."""
    for args in (("checkin",), ("checkin", "--undo")):
        subprocess.run(
            [sys.executable, "-m", "cxhabits", *args],
            env={**env, "CXHABITS_HOME": str(home)},
            capture_output=True,
            check=True,
        )
    pristine = home.with_name(home.name + "-pristine")
    shutil.rmtree(pristine)
    shutil.copytree(home, pristine)
    return home


def save_only(home: Path, state: State) -> None:
    with datafolder.locked(home):
        store.save(home, state)


def save(home: Path, state: State) -> Path:
    with datafolder.locked(home):
        store.save(home, state)
    pristine = home.with_name(home.name + "-pristine")
    shutil.copytree(home, pristine)
    return home


def data_folder(env: dict[str, str]) -> Path:
    """Where cxhabits puts its data in this environment (no CXHABITS_HOME)."""
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cxhabits.storage import datafolder; print(datafolder.home_dir())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


def restore(home: Path) -> None:
    pristine = home.with_name(home.name + "-pristine")
    shutil.rmtree(home)
    shutil.copytree(pristine, home)


def timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    result = subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return elapsed


def peak_memory_mb(command: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of `command`, measured from a fresh parent process
    (RUSAGE_CHILDREN reports the largest child a process ever waited for)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True, check=True
    )
    kilobytes = int(out.stdout.strip())
    # Linux reports kilobytes, macOS bytes.
    return kilobytes / (1024 * 1024 if sys.platform == "darwin" else 1024)


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--only", help="just the cases whose command or state holds this text (no growth, memory)"
    )
    parser.add_argument(
        "--newest-typer",
        action="store_true",
        help="report what the newest Typer costs the Typer path against this one's (a report, "
        "never a failure: it installs both in throwaway venvs, from the package index)",
    )
    return parser.parse_args()


def main() -> None:  # noqa: C901 a table of cases; split pending (export, import cases)
    options = parse_options()
    rounds = options.rounds
    if options.newest_typer:
        newest_typer_cost(max(rounds, 20))
        return

    package = Path(the_package.__file__).parent  # the whole package, every part of it
    # pip compiles bytecode when it installs a wheel; an editable checkout may not have it
    # (PYTHONDONTWRITEBYTECODE), which would time the compiler instead of cxhabits.
    compileall.compile_dir(str(package), quiet=1)
    script = Path(sys.executable).with_name("cxhabits")
    cxhabits = [str(script)] if script.exists() else [sys.executable, "-m", "cxhabits"]

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hello = root / "hello.py"
        hello.write_text(HELLO)
        team = root / "team"
        team.mkdir()
        base_env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("CXHABITS_HOME", "XDG_DATA_HOME", "CXHABITS_FULL_PATH")
        }
        base_env.update({"CXHABITS_TODAY": TODAY.isoformat(), "COLUMNS": "100"})
        base_env["XDG_CACHE_HOME"] = str(root / "cache")  # where status keeps its line
        user_env = {**base_env, "HOME": str(root / "user")}

        one_year, ten_years = history(1, 5), history(10, 40)
        homes = {
            "new": save(root / "new", new_habit()),
            "1 year": save(root / "1-year", one_year),
            "10 years": save(root / "10-years", ten_years),
            "10 years, sharing": shared_once(
                save(root / "10-years-sharing", sharing_on(ten_years, team)), base_env
            ),
            # Dates before 2000 are refused: thirty years of history end in 2036.
            "30 years": save(root / "30-years", history(30, 40, LATER)),
            "10 years, no CXHABITS_HOME": save(data_folder(user_env), ten_years),
        }
        for devices in (2, 5):
            homes[f"10 years, {devices} devices"] = used_from_devices(
                root / f"10-years-{devices}-devices", ten_years, devices, base_env
            )
        packs_100 = team_packs(root / "packs-100", 100, 5)
        packs_1k = team_packs(root / "packs-1000", 1000, 1)
        packs_10k = team_packs(root / "packs-10000", 10000, 1)
        homes.update(
            {
                "nothing picked": save(root / "nothing", State()),
                "nothing picked, 100 packs": save(
                    root / "nothing-100", with_packs(State(), packs_100)
                ),
                "100 packs": save(root / "new-100", with_packs(new_habit(), packs_100)),
                "1,000 packs": save(root / "new-1000", with_packs(new_habit(), packs_1k)),
                "10,000 packs": save(root / "new-10000", with_packs(new_habit(), packs_10k)),
                "team habit, 100 packs": picked_with_cli(
                    root / "team-100", with_packs(State(), packs_100), "team50.habit-3", base_env
                ),
                "team habit, 100 packs offline": picked_with_cli(
                    root / "team-offline",
                    with_packs(State(), shutil.copytree(packs_100, root / "offline")),
                    "team50.habit-3",
                    base_env,
                ),
            }
        )
        first = ten_years.habits[0].id  # a routine habit, checked in daily for ten years
        first_1y = one_year.habits[0].id
        cases = [
            # The first prompt after a change works the status line out (no kept line).
            Case(
                "status, line afresh", "10 years", ("status",), None, afresh=True, against="python"
            ),
            # The prompt: against `python -c pass` (PRODUCT.md, Speed), in every state.
            *(
                case
                for state, where in (
                    ("new", "CXHABITS_HOME"),
                    ("10 years", "CXHABITS_HOME"),
                    ("10 years, no CXHABITS_HOME", "HOME"),
                    ("10 years, sharing", "CXHABITS_HOME"),
                    ("100 packs", "CXHABITS_HOME"),  # team packs configured
                    ("10 years, 2 devices", "CXHABITS_HOME"),
                    ("10 years, 5 devices", "CXHABITS_HOME"),
                )
                for case in (
                    Case("status", state, ("status",), STATUS, where, against="python"),
                    Case("checkin", state, ("checkin",), CHECKIN, where, True, against="python"),
                )
            ),
            Case(
                "checkin --date (Typer)",
                "10 years",
                ("checkin", "--date", TODAY.isoformat()),
                1.25,
                writes=True,
            ),
            Case(
                "checkin --date (Typer)",
                "10 years, sharing",
                ("checkin", "--date", TODAY.isoformat()),
                1.25,
                writes=True,
            ),
            Case("streak", "new", ("streak",), 2.0),
            Case("streak", "10 years", ("streak",), 2.0),
            Case("history", "10 years", ("history",), 2.0),
            Case("export", "10 years", ("export",), 4.0),
            Case("export --format csv", "10 years", ("export", "--format", "csv"), 4.0),
            Case("checkin HABIT_ID", "1 year", ("checkin", first_1y), None, writes=True),
            Case("checkin HABIT_ID", "10 years", ("checkin", first), None, writes=True),
            Case("library", "new", ("library",), None),
            # Team packs: a folder of 100 (five habits each), against the same command
            # with none; `library` with 1,000 and 10,000 one-habit packs, against each other.
            Case(
                "checkin, team habit",
                "team habit, 100 packs",
                ("checkin",),
                3.25,
                writes=True,
                against="python",
            ),
            Case(
                "checkin, team habit",
                "team habit, 100 packs",
                ("checkin",),
                1.3,
                writes=True,
                against=("new", ("checkin",)),
            ),
            Case(
                "checkin, team habit",
                "team habit, 100 packs offline",
                ("checkin",),
                3.25,
                writes=True,
                against="python",
            ),
            *(
                Case(label, "100 packs", args, 1.3, writes=writes, against=("new", args))
                for label, args, writes in (
                    ("library", ("library",), False),
                    ("streak", ("streak",), False),
                    ("show HABIT_ID", ("show", SHIPPED), False),
                    ("history", ("history",), False),
                    ("history HABIT_ID", ("history", SHIPPED), False),
                )
            ),
            Case(
                "pick HABIT_ID",
                "nothing picked, 100 packs",
                ("pick", SHIPPED),
                1.3,
                writes=True,
                against=("nothing picked", ("pick", SHIPPED)),
            ),
            Case(
                "library",
                "10,000 packs",
                ("library",),
                11.0,
                against=("1,000 packs", ("library",)),
            ),
        ]

        shutil.rmtree(root / "offline")  # the pack folder of the offline case goes away

        if options.only:
            cases = [c for c in cases if options.only in f"{c.label} {c.state}"]

        def env_for(case: Case) -> dict[str, str]:
            if case.where == "HOME":
                return user_env
            home = homes[case.state]
            env = {**base_env, "CXHABITS_HOME": str(home)}
            if case.args == ("status",):  # a folder and a kept line of its own: no writer
                home = home.with_name(f"{home.name}-status")  # between two of its prompts
                if not home.exists():
                    shutil.copytree(
                        homes[case.state].with_name(f"{homes[case.state].name}-pristine"), home
                    )
                env.update(CXHABITS_HOME=str(home), XDG_CACHE_HOME=str(home) + "-cache")
            if "devices" in case.state:  # the first device, with the others' files beside
                env["CXHABITS_DEVICE"] = "device-1"
            return env

        ratios: dict[int, list[float]] = {i: [] for i in range(len(cases))}
        millis: dict[int, list[float]] = {i: [] for i in range(len(cases))}
        baseline: list[float] = []
        growth: list[float] = []
        for _ in range(rounds):
            # Up to date bytecode in every round, also when a file changed meanwhile.
            compileall.compile_dir(str(package), quiet=1)
            for index, case in enumerate(cases):
                if case.writes:
                    restore(homes[case.state])
                if case.afresh:
                    shutil.rmtree(env_for(case)["XDG_CACHE_HOME"], ignore_errors=True)
                base = timed_baseline(case, cxhabits, hello, base_env, env_for)
                spent = timed([*cxhabits, *case.args], env_for(case))
                baseline.append(base)
                ratios[index].append(spent / base)
                millis[index].append(spent * 1000)
            one = next((i for i, c in enumerate(cases) if c.label == "checkin HABIT_ID"), None)
            if one is not None:
                growth.append(ratios[one + 1][-1] / ratios[one][-1])
        memory = {
            size: peak_memory_mb(
                [*cxhabits, "export"],
                {**base_env, "CXHABITS_HOME": str(homes[size]), "CXHABITS_TODAY": day.isoformat()},
            )
            for size, day in (("10 years", TODAY), ("30 years", LATER))
            if not options.only
        }
        sizes = {name: _state_size(home) for name, home in homes.items()}

    base_ms = statistics.median(baseline) * 1000
    print(f"Python {sys.version.split()[0]}, typer {_typer_version()}, {rounds} rounds")
    print(f"hello-world Typer baseline: median {base_ms:.1f} ms\n")
    print("| command | history | state.toml | median | ratio | against | budget |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    results = []
    for index, case in enumerate(cases):
        ratio = statistics.median(ratios[index])
        ok = case.budget is None or ratio <= case.budget
        failed |= not ok
        verdict = "" if case.budget is None else f"{case.budget:.2f}x " + ("ok" if ok else "OVER")
        median = statistics.median(millis[index])
        print(
            f"| `{case.label}` | {case.state} | {sizes[case.state]} | {median:.1f} ms "
            f"| {ratio:.2f}x | {_against(case)} | {verdict} |"
        )
        results.append(
            {
                "command": case.label,
                "state": case.state,
                "ratio": ratio,
                "budget": case.budget,
                "median_ms": median,
                "against": _against(case),
            }
        )
    grew = statistics.median(growth) if growth else 0.0
    ok = grew <= GROWTH_BUDGET
    failed |= not ok
    print(
        f"| `checkin HABIT_ID` 10 years / 1 year | | | | {grew:.2f}x | "
        f"| {GROWTH_BUDGET:.2f}x {'ok' if ok else 'OVER'} |"
    )
    for size, megabytes in memory.items():
        budget_ok = size != "30 years" or megabytes < EXPORT_MEMORY_MB
        failed |= not budget_ok
        verdict = f"< {EXPORT_MEMORY_MB} MB " + ("ok" if budget_ok else "OVER")
        print(
            f"| `export` peak memory | {size} | {sizes[size]} | {megabytes:.0f} MB | | "
            f"| {verdict if size == '30 years' else ''} |"
        )
    if options.json:
        options.json.write_text(
            json.dumps(
                {"results": results, "growth": grew, "memory_mb": memory, "baseline_ms": base_ms}
            )
        )
    if failed:
        sys.exit(1)


def _against(case: Case) -> str:
    if case.against == "typer":
        return "hello Typer"
    if case.against == "python":
        return "`python -c pass`"
    return f"{' '.join(case.against[1])}, {case.against[0]}"


def timed_baseline(
    case: Case,
    cxhabits: list[str],
    hello: Path,
    env: dict[str, str],
    env_for: Callable[[Case], dict[str, str]],
) -> float:
    """The run `case` is measured against, just before it."""
    if case.against == "typer":
        return timed([sys.executable, str(hello)], env)
    if case.against == "python":
        return timed([sys.executable, "-c", "pass"], env)
    state, args = case.against
    other = case._replace(state=state, args=args)
    if case.writes:
        restore(Path(env_for(other)["CXHABITS_HOME"]))
    return timed([*cxhabits, *args], env_for(other))


def _state_size(home: Path) -> str:
    hot = (home / "state.toml").stat().st_size
    archive = (
        sum(p.stat().st_size for p in (home / "archive").glob("*"))
        if (home / "archive").is_dir()
        else 0
    )
    return f"{hot / 1024:.1f} KB (+{archive / 1024:.0f} KB archived)"


TYPER_PATH = (["streak"], ["checkin", "--note", "x"])


def newest_typer_cost(rounds: int) -> None:
    """The Typer path (`streak`, `checkin --note x`) with this environment's Typer and with
    the newest release, each in a throwaway venv with the checkout installed (not editable:
    compiled as a wheel is), alternated round by round; medians and the difference."""
    root = Path(__file__).resolve().parents[1]
    constraints = root / "constraints.txt"
    pinned = _typer_version()
    with tempfile.TemporaryDirectory() as tmp:
        free = Path(tmp) / "constraints-without-typer.txt"
        lines = constraints.read_text().splitlines()
        free.write_text("\n".join(line for line in lines if not line.startswith("typer==")))
        venvs: dict[str, Path] = {}
        for name, spec in (("pinned", f"typer=={pinned}"), ("newest", "typer")):
            venv = Path(tmp) / name
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
            deps = ["rich", "tomli-w", "platformdirs", "icalendar", "jinja2"]
            subprocess.run([*pip, "-c", str(free), "--upgrade", spec, *deps], check=True)
            subprocess.run([*pip, "--no-deps", str(root)], check=True)
            venvs[name] = venv
        home = Path(tmp) / "home"
        env = {**os.environ, "CXHABITS_HOME": str(home), "CXHABITS_TODAY": TODAY.isoformat()}
        subprocess.run(
            [str(venvs["pinned"] / "bin" / "cxhabits"), "pick", "agent.breath-after-hard-call"],
            env=env,
            check=True,
            capture_output=True,
        )
        versions = {
            name: subprocess.run(
                [str(venv / "bin" / "python"), "-c", "import typer; print(typer.__version__)"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            for name, venv in venvs.items()
        }
        for args in TYPER_PATH:
            times: dict[str, list[float]] = {name: [] for name in venvs}
            for _round in range(rounds + 2):
                for name, venv in venvs.items():
                    times[name].append(timed([str(venv / "bin" / "cxhabits"), *args], env))
            medians = {name: statistics.median(t[2:]) * 1000 for name, t in times.items()}
            print(
                f"{' '.join(args)}: typer {versions['pinned']} {medians['pinned']:.1f} ms, "
                f"typer {versions['newest']} {medians['newest']:.1f} ms "
                f"({medians['newest'] - medians['pinned']:+.1f} ms)"
            )


def _typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


if __name__ == "__main__":
    main()
