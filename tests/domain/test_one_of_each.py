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


# -- the language, read from the state in one place -----------------------------------------


def test_the_language_is_read_from_the_state_in_cli_settings_language_alone() -> None:
    """A command that loads the state speaks its settings (app.language); what comes before
    one (help, a parse error, an early refusal) reads them through settings_language.speak."""
    reading = re.compile(r"set_language\(\s*[\w.]*load\(|suppress\(CxHabitsError\):\s+language\(")
    found = [path for path, text in sources().items() if reading.search(text)]
    assert found == ["cli/settings_language.py"]


def dutch_home() -> None:
    from tests.helpers.cli import ok, role_habits

    ok("pick", role_habits("agent")[0])
    ok("config", "language", "nl")


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["pick", "agent.no-such-habit"], "agent.no-such-habit"),  # refused before a load
        (["streak", "--no-such-option"], "--no-such-option"),  # a parse error
        (["config", "--help"], "Gebruik"),  # help, before any command runs
    ],
)
def test_the_words_before_a_command_reads_the_state_are_in_its_language(
    args: list[str], dutch: str
) -> None:
    from tests.helpers.cli import cx

    dutch_home()
    result = cx(*args)
    said = result.stdout + result.stderr
    assert dutch in said
    for english in ("Usage", "No such", "Run '", "is not", "Options"):
        assert english not in said, (english, said)


def test_the_fast_path_refusal_before_the_state_is_read_is_in_its_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxhabits.cli import fast

    dutch_home()
    i18n.set_language("en")
    monkeypatch.setenv(clock.TODAY_ENV, "2026-13-01")  # refused before the state is read
    with pytest.raises(SystemExit) as done:
        fast.run("status")
    assert done.value.code == 2
    said = capsys.readouterr().err
    assert "2026-13-01" in said and i18n.language() == "nl"
    i18n.set_language("en")
