"""Draw the streak view of a demo history to docs/streak.svg (shown in the README).

    python scripts/screenshot.py

The demo: a habit picked three weeks and a day ago, a week off in between, two
workdays missed, one skipped (no hard call that day), the anchor in the user's own
words, a self-check taken. Run it again after changing the view.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console

from cxhabits.domain import core, model
from cxhabits.domain.routine import progress
from cxhabits.library import catalog
from cxhabits.ui import streak as render_streak

TODAY = dt.date(2026, 11, 26)  # a Thursday
HABIT = "agent.breath-after-hard-call"
OUT = Path(__file__).resolve().parents[1] / "docs" / "streak.svg"


def demo_state() -> model.State:
    picked = dt.date(2026, 11, 2)
    state = core.pick(model.State(), HABIT, picked)
    state = core.add_pause(state, dt.date(2026, 11, 9), dt.date(2026, 11, 13), "autumn holiday")
    missed = {dt.date(2026, 11, 18), dt.date(2026, 11, 19)}
    skipped = dt.date(2026, 11, 23)
    day = picked
    while day <= TODAY:
        scheduled = core.is_scheduled(day, state.settings, state.pauses)
        if scheduled and day not in missed and day != skipped:
            record = state.habits[0]
            state, _ = core.check_in(state, record, day, day)
        day += dt.timedelta(days=1)
    state, _ = core.skip(state, state.habits[0], skipped, TODAY, "no hard call")
    own = "After I put the phone down on an angry customer"
    state, _ = core.set_anchor(state, state.habits[0], dt.date(2026, 11, 24), own)
    return core.rate(state, state.habits[0], (4, 5, 4, 4), dt.date(2026, 11, 24))


def main() -> None:
    state = demo_state()
    record = state.habits[0]
    habits = catalog.find_habits([HABIT], None)
    out = Console(record=True, width=84, force_terminal=True, color_system="truecolor")
    out.print("$ cxhabits streak", style="bold")
    render_streak.streak_view(
        state, habits, progress(record, state.settings, state.pauses, TODAY), TODAY, "en", out
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(out.export_svg(title="cxhabits streak"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
