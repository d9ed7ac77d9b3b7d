"""Every test gets its own empty data folder and a fixed language; none touches the real home."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxhabits import i18n


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked slow (long property runs) or artifacts (builds and fresh installs) run
    only when asked: CXHABITS_SLOW=1 / CXHABITS_ARTIFACTS=1, or `-m slow` / `-m artifacts`."""
    chosen = config.getoption("-m") or ""
    for mark in ("slow", "artifacts"):
        if os.environ.get(f"CXHABITS_{mark.upper()}") == "1" or mark in chosen:
            continue
        skip = pytest.mark.skip(reason=f"{mark}: run with CXHABITS_{mark.upper()}=1 or -m {mark}")
        for item in items:
            if mark in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def cx_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cxhome"
    monkeypatch.setenv("CXHABITS_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the ready status line
    for var in ("CXHABITS_TODAY", "LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    i18n.set_language("en")
    return home


def workdays(start: dt.date, count: int) -> list[dt.date]:
    """The first `count` Monday-to-Friday days from `start` on."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def daterange(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@pytest.fixture
def picked(cx_home: Path) -> str:
    """A habit picked three weeks ago with a few check-ins; returns its id (the hostile
    input tests)."""
    from tests.helpers.cli import cx
    from tests.helpers.hostile import MONDAY, ONE_DAY, first_habit

    habit = first_habit()
    assert cx("pick", habit, day=MONDAY - 21 * ONE_DAY).exit_code == 0
    for back in (1, 2, 3):
        result = cx("checkin", "--date", (MONDAY - back * ONE_DAY).isoformat())
        assert result.exit_code == 0, result.stderr
    return habit
