"""Shortcuts only tests need: each is a line or two over the code's own functions, kept
here so that the source has no function nothing in it calls (vulture in CI)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from cxhabits import i18n
from cxhabits.domain import core
from cxhabits.domain.model import HabitRecord, State
from cxhabits.exchange import export
from cxhabits.library import catalog
from cxhabits.library.packs import Problem
from cxhabits.storage import run


def check_in(
    state: State, record: HabitRecord, day: dt.date, today: dt.date, note: str = ""
) -> tuple[State, bool]:
    """Record that the habit was done on `day`: the new state and whether it changed."""
    outcome = core.record_check_in(state, record, day, today, note)
    return outcome.state, outcome.changed


def available() -> tuple[str, ...]:
    """English, and every language with a compiled catalogue."""
    found = (p.parent.parent.name for p in i18n.LOCALE_DIR.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.mo"))
    return ("en", *sorted(found))


def validate_path(path: Path) -> tuple[int, list[Problem]]:
    """How many habits in a pack file or folder passed, and every problem found."""
    checked = catalog.check_path(path)
    return checked.passed, checked.problems


def pending_notice(home: Path) -> str | None:
    """What a reading command is still to say on stderr about `home` (and then will not)."""
    notice = run.current().notices.pop(home, None)
    return notice or None


def export_json(state: State) -> str:
    """The whole export as one string, for a state already in memory."""
    out = io.StringIO()
    export.write_json(state, state.habits, out)
    return out.getvalue()
