"""Everyday use as a new user meets it (issue 13): whole ids at any width, the interactive
pick, bare `cxhabits`, suggestions for typos, principles in words, workdays in Dutch."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from cxhabits import i18n
from cxhabits.cli import main as cli
from cxhabits.library import packs
from cxhabits.library.principles import PRINCIPLE_NAMES
from tests.helpers.cli import MONDAY, cx, ok, role_habits

WIDTHS = (40, 80, 120)


def at(width: int, *args: str, input: str | None = None, day: dt.date = MONDAY) -> Result:
    from tests.helpers.cli import runner

    return runner.invoke(
        cli.app,
        list(args),
        env={"CXHABITS_TODAY": day.isoformat(), "COLUMNS": str(width)},
        input=input,
    )


def all_ids() -> list[str]:
    return [h["id"] for h in json.loads(ok("library", "--json").stdout)]


def assert_fits(text: str, width: int, ids: list[str], shown: bool = True) -> None:
    """Every id whole on one line, no line wider than the terminal, nothing cut with '…'.

    An id wider than the terminal itself stands alone on its line (the terminal wraps it).
    With `shown` False the view need not show the ids; any id-like word must be whole.
    """
    lines = text.splitlines()
    assert "…" not in text
    for habit_id in ids:
        assert not shown or any(habit_id in line for line in lines), f"{habit_id} not shown"
    known = set(all_ids())
    roles = {habit_id.split(".")[0] for habit_id in known}
    for word in re.findall(r"[a-z][a-z0-9-]*\.[a-z0-9-]*", text):
        assert word.split(".")[0] not in roles or word in known, f"{word}: cut at {width}"
    for line in lines:
        if len(line) > width:
            assert line.strip() in known and len(line.strip()) > width, (width, line)


# -- 1. ids never cut ---------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_library_keeps_every_id_whole(width: int) -> None:
    result = at(width, "library")
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout, width, all_ids())


@pytest.mark.parametrize("width", WIDTHS)
def test_the_card_keeps_its_id_whole(width: int) -> None:
    for habit_id in (all_ids()[0], max(all_ids(), key=len)):
        result = at(width, "show", habit_id)
        assert result.exit_code == 0, result.stderr
        assert_fits(result.stdout, width, [habit_id])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pick_menu_keeps_ids_whole(width: int) -> None:
    result = at(width, "pick", "--role", "agent", input="1\ny\n")
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout, width, role_habits("agent"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_streak_view_fits(width: int) -> None:
    first = role_habits("agent")[0]
    ok("pick", first, day=MONDAY - dt.timedelta(days=14))
    ok("checkin", day=MONDAY)
    result = at(width, "streak")
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout, width, [first], shown=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_history_keeps_ids_whole_and_its_indent(width: int) -> None:
    longest = max(all_ids(), key=len)
    ok("pick", longest, day=MONDAY - dt.timedelta(days=3))
    result = at(width, "history")
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout, width, [longest])
    lines = result.stdout.splitlines()
    details = lines[next(i for i, line in enumerate(lines) if "picked" in line) :]
    assert all(line.startswith("  ") for line in details if line.strip())


# -- 2. the interactive pick ------------------------------------------------------


def test_pick_takes_a_role_by_id_in_any_case_and_a_habit_by_number() -> None:
    result = cx("pick", input="Agent\n2\ny\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(ok("streak", "--json").stdout)["active"]["id"] == role_habits("agent")[1]


def test_pick_offers_the_role_of_the_latest_habit_first() -> None:
    finance = role_habits("finance")
    ok("pick", finance[0], day=MONDAY - dt.timedelta(days=40))
    ok("drop", "--yes", day=MONDAY - dt.timedelta(days=39))
    result = cx("pick", input="\n\ny\n")  # Enter, Enter: the defaults
    assert result.exit_code == 0, result.stderr
    active = json.loads(ok("streak", "--json").stdout)["active"]["id"]
    assert active.startswith("finance.")


def test_pick_refuses_a_routine_habit_at_once_and_asks_again(cx_home: Path) -> None:
    from cxhabits.domain.model import HabitRecord
    from cxhabits.storage import store

    first, second = role_habits("agent")[:2]
    ok("pick", first, day=MONDAY - dt.timedelta(days=60))
    state = store.load(cx_home)
    record = state.habits[0]
    routine = record._replace(status="routine", routine_on=MONDAY - dt.timedelta(days=20))
    assert isinstance(routine, HabitRecord)
    store.save(cx_home, state._replace(habits=(routine,)))
    result = cx("pick", "--role", "agent", input="1\n2\ny\n")
    assert result.exit_code == 0, result.stderr
    assert "[routine]" in result.stdout
    assert "already routine" in result.stderr
    assert json.loads(ok("streak", "--json").stdout)["active"]["id"] == second


def test_no_at_the_card_goes_back_to_the_habit_list() -> None:
    habits = role_habits("agent")
    result = cx("pick", "--role", "agent", input="1\nn\n3\ny\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("easiest first") == 2
    assert json.loads(ok("streak", "--json").stdout)["active"]["id"] == habits[2]


def test_ja_picks_in_dutch() -> None:
    ok("config", "language", "nl")
    result = cx("pick", "--role", "agent", input="1\nja\n")
    assert result.exit_code == 0, result.stderr
    assert "Gekozen" in result.stdout or "gekozen" in result.stdout.lower()


def test_pick_without_a_terminal_or_an_id_says_what_to_type() -> None:
    result = cx("pick", input="")
    assert result.exit_code == 2
    assert "cxhabits pick HABIT_ID" in result.stderr
    assert "Interrupted" not in result.stderr


def test_the_refusal_names_the_title_without_nested_quotes() -> None:
    first, second = role_habits("agent")[:2]
    ok("pick", first)
    title = json.loads(ok("show", first, "--json").stdout)["title"]["en"]
    refused = cx("pick", second, day=MONDAY + dt.timedelta(days=1))
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 2
    assert title in lines[0] and first not in lines[0]
    assert '("' not in refused.stderr and "starter:" not in refused.stderr
    assert "cxhabits drop" in lines[1]


def test_pick_by_id_shows_the_recipe_once_wrapped() -> None:
    habit_id = role_habits("agent")[5]
    anchor = json.loads(ok("show", habit_id, "--json").stdout)["anchor"]["en"]
    result = at(40, "pick", habit_id)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(anchor.split()[0] + " " + anchor.split()[1]) == 1
    assert all(len(line) <= 40 for line in result.stdout.splitlines())
    assert all(
        line.startswith("  ") for line in result.stdout.splitlines()[1:3]
    )  # the recipe's wrapped lines keep their indent


# -- 5. bare cxhabits -------------------------------------------------------------


def bare(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["cxhabits"])
    monkeypatch.setenv("CXHABITS_TODAY", MONDAY.isoformat())
    with pytest.raises(SystemExit) as ended:
        cli.main()
    code = ended.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().out


def test_bare_cxhabits_welcomes_a_new_user(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = bare(monkeypatch, capsys)
    assert code == 0
    assert len(out.strip().splitlines()) == 3 and "cxhabits pick" in out


def test_bare_cxhabits_shows_today_at_a_glance(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = role_habits("agent")[0]
    title = json.loads(ok("show", first, "--json").stdout)["title"]["en"]
    ok("pick", first, day=MONDAY - dt.timedelta(days=3))
    code, out = bare(monkeypatch, capsys)
    assert code == 0 and title in out and "open" in out and "cxhabits checkin" in out
    ok("checkin")
    code, out = bare(monkeypatch, capsys)
    assert code == 0 and "done" in out and "cxhabits streak" in out


def test_bare_cxhabits_knows_a_skipped_day(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY - dt.timedelta(days=3))
    ok("skip")
    code, out = bare(monkeypatch, capsys)
    assert code == 0 and "skipped" in out and "open" not in out


def test_help_stays_the_help() -> None:
    result = cx("--help")
    assert result.exit_code == 0 and "Usage: cxhabits" in result.stdout


# -- 6. small ones ----------------------------------------------------------------


def test_remind_help_states_its_default_once() -> None:
    assert ok("remind", "--help").stdout.count("09:00") == 1


def test_usage_shows_habit_id_without_braces() -> None:
    out = ok("show", "--help").stdout
    assert "HABIT_ID" in out and "{HABIT_ID}" not in out


def test_roles_are_matched_in_any_case() -> None:
    assert (
        ok("library", "--role", "Agent", "--json").stdout
        == ok("library", "--role", "agent", "--json").stdout
    )
    result = cx("pick", "--role", "AGENT", input="1\ny\n")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("breath-after-hard-call", "agent.breath-after-hard-call"),
        ("agent.breath-after-hardcall", "agent.breath-after-hard-call"),
    ],
)
def test_pick_suggests_the_full_id(typed: str, meant: str) -> None:
    result = cx("pick", typed)
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr and meant in result.stderr
    assert "cxhabits pick " in result.stderr.splitlines()[-1]


def test_a_role_given_as_a_habit_is_named_as_a_role() -> None:
    result = cx("pick", "agent")
    assert result.exit_code == 2
    assert "is a role" in result.stderr and role_habits("agent")[0] in result.stderr
    assert result.stderr.splitlines()[-1].endswith("cxhabits pick --role agent")


def test_show_suggests_the_full_id_too() -> None:
    result = cx("show", "warm-handover")
    assert result.exit_code == 2 and "agent.warm-handover" in result.stderr


# -- 4. numbers, principles, workdays ---------------------------------------------


def test_numbers_take_a_decimal_comma_in_dutch() -> None:
    assert i18n.number(0.8412, 2) == "0.84"
    i18n.set_language("nl")
    assert i18n.number(0.8412, 2) == "0,84"


def test_every_principle_has_a_name_and_an_explanation() -> None:
    assert set(PRINCIPLE_NAMES) == set(packs.PRINCIPLES)
    assert all(p.name and p.explanation for p in PRINCIPLE_NAMES.values())


def test_principles_show_in_words_in_the_card_and_the_library() -> None:
    habit_id = "agent.breath-after-hard-call"
    principle = json.loads(ok("show", habit_id, "--json").stdout)["principle"]
    name = PRINCIPLE_NAMES[principle].name
    assert name in at(100, "show", habit_id).stdout
    assert name in at(120, "library", "--role", "agent").stdout
    ok("config", "language", "nl")
    i18n.set_language("nl")
    dutch = i18n._(name)
    assert dutch != name and dutch in at(100, "show", habit_id).stdout


def test_workdays_in_either_language() -> None:
    assert "workdays = mon,tue,wed,thu" in ok("config", "workdays", "ma,di,wo,do").stdout
    assert "mon,tue,fri" in ok("config", "workdays", "maandag,tue,vrijdag").stdout
    ok("config", "language", "nl")
    assert "workdays = ma,di,vr" in ok("config", "workdays").stdout
    assert cx("config", "workdays", "ma,xx").exit_code == 2
