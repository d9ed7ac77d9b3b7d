"""One of each (issue 20): the weekday table, ... each in one place, used from there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxhabits import clock, i18n
from cxhabits.domain import settings
from cxhabits.domain.model import Settings
from cxhabits.errors import UsageError

SRC = Path(__file__).resolve().parents[2] / "src" / "cxhabits"


def sources(*skip: str) -> dict[str, str]:
    return {
        str(path.relative_to(SRC)): path.read_text(encoding="utf-8")
        for path in sorted(SRC.rglob("*.py"))
        if str(path.relative_to(SRC)) not in skip
    }


# -- the weekday table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ['"mon"', '"Mon"', '"tue"', '"Sun"', '"ma"', '"zo"', '"maandag"', '"zondag"', '"monday"'],
)
def test_the_weekday_names_are_written_down_in_clock_py_alone(name: str) -> None:
    found = [path for path, text in sources("clock.py").items() if name in text.lower()]
    assert found == [], (name, found)


def test_every_weekday_name_comes_from_the_one_table() -> None:
    assert len(clock.WEEKDAY_TABLE) == 7
    assert clock.WEEKDAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert clock.weekday_names("en") == clock.WEEKDAYS
    assert clock.weekday_names("nl") == ("ma", "di", "wo", "do", "vr", "za", "zo")
    assert clock.weekday_names("fr") == clock.WEEKDAYS  # no such catalogue: English
    for index, (stored, shown, dutch) in enumerate(clock.WEEKDAY_TABLE):
        assert stored == shown.lower() and dutch[:2] == clock.weekday_names("nl")[index]
    i18n.set_language("nl")
    try:
        assert clock.weekday_names() == clock.weekday_names("nl")
        assert [i18n._(name) for name in clock.WEEKDAY_NAMES] == list(clock.weekday_names("nl"))
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("mon,tue,wed,thu,fri", {0, 1, 2, 3, 4}),
        ("monday,sunday", {0, 6}),
        ("ma,di,zo", {0, 1, 6}),
        ("maandag,woensdag,vrijdag", {0, 2, 4}),
        ("din,zat", {1, 5}),
    ],
)
def test_workdays_are_read_in_english_and_dutch(typed: str, days: set[int]) -> None:
    assert settings.set_value(Settings(), "workdays", typed).workdays == frozenset(days)


@pytest.mark.parametrize("typed", ["mo", "zonder", "d", "xyz"])
def test_a_day_name_that_is_no_day_is_refused(typed: str) -> None:
    with pytest.raises(UsageError, match=re.escape(f"'{typed}' is not a valid value for workdays")):
        settings.set_value(Settings(), "workdays", typed)
