"""`cxhabits team FOLDER` at scale: the terminal, --json and --html for 1,000 to 100,000
people, against a hello-world Typer app, with each run's peak memory (/usr/bin/time -v).

    python benchmarks/team_scale.py [PEOPLE ...]   # default 1000 10000 100000
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HABITS = [
    ("agent.warm-handover", "agent", "one-company"),
    ("agent.breath-after-hard-call", "agent", "influence"),
    ("agent.say-what-happens-next", "agent", "right-moment"),
    ("leader.ask-what-helped", "leader", "influence"),
]
HELLO = (
    "import typer\napp = typer.Typer()\n"
    "@app.command()\ndef hello() -> None:\n    print('hello')\napp()\n"
)


def write_team(folder: Path, people: int) -> None:
    folder.mkdir(parents=True)
    rng = random.Random(people)
    for n in range(people):
        habits = []
        for habit_id, role, principle in rng.sample(HABITS, rng.randint(1, 3)):
            status = rng.choice(["building", "routine", "dropped"])
            week = f"2026-W{rng.randint(20, 46):02d}"
            habits.append(
                {
                    "id": habit_id,
                    "role": role,
                    "principle": principle,
                    "status": status,
                    "picked": "2026-W10",
                    "routine": week if status == "routine" else None,
                    "dropped": week if status == "dropped" else None,
                    "workdays_to_routine": rng.randint(15, 60) if status == "routine" else None,
                }
            )
        named = n % 2 == 0
        doc = {
            "format": "cxhabits-share",
            "version": 2,
            "person": f"{n:06x}{0:010x}",
            "name": f"Person {n}" if named else None,
            "check_on_me": False,
            "written": "2026-W46",
            "habits": habits,
        }
        slug = f"person-{n}" if named else "anonymous"
        (folder / f"{slug}-{n:06x}.cxhabits-share.json").write_text(json.dumps(doc))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    run = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    assert run.returncode == 0, run.stderr[-2000:]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)[1])
    return elapsed, peak


def main(sizes: list[int]) -> None:
    root = Path(tempfile.mkdtemp(prefix="cxhabits-team-scale-"))
    hello = root / "hello.py"
    hello.write_text(HELLO)
    cx = str(Path(sys.executable).with_name("cxhabits"))
    env = {
        **os.environ,
        "CXHABITS_HOME": str(root / "home"),
        "CXHABITS_TODAY": "2026-11-20",
        "COLUMNS": "80",
    }
    base = statistics.median(timed([sys.executable, str(hello)], env)[0] for _ in range(5))
    print(f"hello Typer: {base * 1000:.0f} ms")
    for people in sizes:
        folder = root / f"team-{people}"
        write_team(folder, people)
        for label, extra in (
            ("terminal", []),
            ("--json", ["--json"]),
            ("--html", ["--html", str(root / "page.html")]),
        ):
            runs = [timed([cx, "team", str(folder), *extra], env) for _ in range(3)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            ratio = seconds / base
            print(f"{people:>7} people {label:>8}: {seconds * 1000:7.0f} ms", end=" ")
            print(f"= {ratio:5.1f}x hello Typer, peak RSS {peak / 1024:6.1f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
