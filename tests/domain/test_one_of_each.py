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


# -- the self-check's bounds: one definition (domain/model.py) -------------------------------

from cxhabits.domain import core, model  # noqa: E402


def test_the_self_check_bounds_are_those_of_srbai() -> None:
    from cxhabits.cli.selfcheck import SRBAI_STATEMENTS

    assert (model.SRBAI_ITEMS, model.SRBAI_MIN, model.SRBAI_MAX) == (4, 1, 7)
    assert len(SRBAI_STATEMENTS) == model.SRBAI_ITEMS  # one statement per score


@pytest.mark.parametrize(
    ("scores", "whole"),
    [
        ((1, 1, 1, 1), True),
        ((7, 7, 7, 7), True),
        ((1, 4, 7, 2), True),
        ((0, 4, 4, 4), False),
        ((4, 4, 4, 8), False),
        ((4, 4, 4), False),
        ((4, 4, 4, 4, 4), False),
        ((True, 4, 4, 4), False),  # a bool is no score
        ((4.0, 4, 4, 4), False),
        (("4", 4, 4, 4), False),
    ],
)
def test_a_whole_self_check_is_told_in_one_place(scores: tuple[object, ...], whole: bool) -> None:
    assert model.scores_in_bounds(scores) is whole


@pytest.mark.parametrize("typed", ["0", "8", "-1", "4.0", "4,5", "vier", ""])
def test_a_score_off_the_scale_is_refused_naming_the_scale(typed: str) -> None:
    with pytest.raises(UsageError, match=r"whole number from 1 .*to 7 "):
        core.parse_score(typed)


def test_every_score_on_the_scale_is_taken() -> None:
    on_scale = range(model.SRBAI_MIN, model.SRBAI_MAX + 1)
    assert [core.parse_score(f" {n} ") for n in on_scale] == list(on_scale)
    assert core.parse_scores(["1", "7", "4", "2"]) == (1, 7, 4, 2)


@pytest.mark.parametrize("count", [0, 1, 3, 5, 8])
def test_the_wrong_number_of_scores_names_the_number_needed(count: int) -> None:
    with pytest.raises(UsageError) as caught:
        core.parse_scores(["5"] * count)
    assert f"takes {model.SRBAI_ITEMS} scores" in str(caught.value)
    assert f"you gave {count}" in str(caught.value)


def broken_state(home: Path, scores: list[object]) -> None:
    import datetime as dt

    import tomli_w

    from cxhabits.storage import datafolder

    home.mkdir()
    day = dt.date(2026, 11, 2)
    habit = {"id": "agent.breath-after-hard-call", "picked": day, "status": "active",
             "ratings": [{"day": day, "scores": scores}]}  # fmt: skip
    datafolder.state_path(home).write_text(tomli_w.dumps({"schema": 3, "habits": [habit]}))


@pytest.mark.parametrize(
    "scores", [[5, 5, 5, 8], [0, 5, 5, 5], [5, 5, 5], [5, 5, 5, 5, 5], [5, 5, 5, 5.0]]
)
def test_a_state_file_with_a_self_check_off_the_scale_is_refused(
    cx_home: Path, scores: list[object]
) -> None:
    from tests.helpers.cli import cx, refused

    broken_state(cx_home, scores)
    refused(cx("streak"), 1, "habits[0]: a rating should have 4 scores from 1 to 7")


def test_the_refusal_names_the_scale_in_dutch_too(cx_home: Path) -> None:
    """As a person runs it (the broken file cannot say the language; the locale does)."""
    import os
    import subprocess
    import sys

    broken_state(cx_home, [5, 5, 5, 9])
    env = {**os.environ, "CXHABITS_HOME": str(cx_home), "LANG": "nl_NL.UTF-8"}
    run = [sys.executable, "-m", "cxhabits", "streak"]
    result = subprocess.run(run, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    said = " ".join(result.stderr.split())  # wrapped to the terminal: words, not lines
    assert "een zelfcheck moet 4 scores van 1 tot en met 7 hebben" in said


@pytest.mark.parametrize(
    ("language", "words"), [("en", "from 1 to 7"), ("nl", "van 1 tot en met 7")]
)
@pytest.mark.parametrize("typed", ["0", "8", "x"])
def test_the_question_names_the_scale(language: str, words: str, typed: str) -> None:
    from tests.helpers.cli import ok

    ok("config", "language", language)
    ok("pick", "agent.breath-after-hard-call")
    result = ok("rate", input=f"{typed}\n5\n5\n5\n5\n")
    assert words in result.stderr
    assert "1 = " in result.stdout and "7 = " in result.stdout


SCALE_IN_CODE = re.compile(r"<=? ?7\b|\b7 ?>=?|[!=]= ?4\b|\b[17]\.0, [17]\.0|\"1\", \"1\"")


def test_no_module_writes_the_scale_down_in_code_of_its_own() -> None:
    found = {
        path for path, text in sources("domain/model.py").items() if SCALE_IN_CODE.search(text)
    }
    assert found == set(), found


@pytest.mark.parametrize(
    "text", ["1 <= s <= 7", "len(scores) != 4", "_number(float, 1.0, 7.0)", '[a, "1", "1", "1"]']
)
def test_the_scale_rule_sees_a_bound_of_its_own(text: str) -> None:
    assert SCALE_IN_CODE.search(text)
