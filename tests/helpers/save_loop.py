"""Save states with a growing number of check-ins, forever, until killed.

Usage: python save_loop.py HOME [active|routine|two]

Loads HOME's state (so every run goes on from where the last one was killed), prints
`ready N` with the check-ins found, then saves N+1, N+2, ... check-ins under the lock as
the CLI does, printing each number once its save has returned. The habit is the active
one (its check-ins live in state.toml), a routine one (they live in its archive file:
each save changes that file and state.toml as one change, through the journal), or two
routine ones (each save changes both archive files: a kill must never leave one ahead).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from cxhabits.domain.model import CheckIn, HabitRecord, State
from cxhabits.storage import datafolder, store

START = dt.date(2000, 1, 3)


def state_with(count: int, mode: str) -> State:
    checkins = tuple(
        CheckIn(START + dt.timedelta(days=i), f"note {i}" if i % 5 == 0 else "")
        for i in range(count)
    )
    record = HabitRecord(id="agent.aaa", picked=START, checkins=checkins)
    if mode == "active":
        return State(habits=(record,))
    record = record._replace(status="routine", routine_on=START)
    if mode == "routine":
        return State(habits=(record,))
    return State(habits=(record, record._replace(id="finance.bbb")))


def count_in(state: State) -> int:
    return len(state.habits[0].checkins) if state.habits else 0


def main() -> None:
    home = Path(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "active"
    count = count_in(store.load_full(home))
    print(f"ready {count}", flush=True)
    while True:
        count += 1
        state = state_with(count, mode)
        with datafolder.locked(home):
            store.save(home, state)
        print(count, flush=True)


if __name__ == "__main__":
    main()
