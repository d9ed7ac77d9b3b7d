"""What the hostile-input tests share (tests/cli/test_hostile.py, tests/exchange/):
the day, the raw characters that never reach a terminal, an export to edit (the habit
picked three weeks ago is the `picked` fixture, tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from cxhabits.library import catalog
from tests.helpers.cli import cx

MONDAY = dt.date(2026, 11, 2)
ONE_DAY = dt.timedelta(days=1)
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors and devices")
EXE = Path(sys.executable).parent / "cxhabits"
# Raw characters that must never reach a terminal from outside text.
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200b", "\ufeff")


def no_raw(*texts: str) -> None:
    for text in texts:
        for char in RAW:
            assert char not in text, (char, text)


def first_habit(role: str = "agent") -> str:
    return next(h.id for h in catalog.load_library(None).role_habits(role) if not h.retired)


def dutch() -> None:
    assert cx("config", "language", "nl").exit_code == 0


def export_document(habit: str) -> dict[str, Any]:
    return {
        "format": "cxhabits-export",
        "version": 1,
        "settings": {},
        "pauses": [{"from": "2026-12-24", "to": "2026-12-31", "reason": "holiday"}],
        "habits": [
            {
                "id": habit,
                "picked": "2026-10-01",
                "status": "dropped",
                "routine_on": None,
                "dropped_on": "2026-10-10",
                "drop_reason": "",
                "checkins": [{"day": "2026-10-02", "note": "ok"}],
                "ratings": [{"day": "2026-10-05", "scores": [5, 5, 5, 5]}],
            }
        ],
    }
