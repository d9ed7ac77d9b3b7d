"""The command line through Typer's CliRunner, with a controlled clock and a temporary home."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxhabits.clock import short_date
from cxhabits.storage import datafolder
from tests.conftest import workdays
from tests.helpers.cli import MONDAY, cx, data, ok, role_habits


def test_the_whole_journey_to_routine_and_the_next_pick(cx_home: Path) -> None:
    first, second = role_habits("agent")[:2]
    assert "Picked" in ok("pick", first).stdout
    days = workdays(MONDAY, 24)  # four weekends in between
    for number, day in enumerate(days, start=1):
        result = ok("checkin", day=day)
        assert f"checked in for {short_date(day)}" in result.stdout
        if number == 20:
            ok("rate", "6", "6", "6", "6", day=day)
        if number == 23:
            refused = cx("pick", second, day=day)
            assert refused.exit_code == 1
            assert "strength 79 % (80 % needed)" in refused.stderr
            assert "drop" in refused.stderr
            streak = data("streak", day=day)["active"]
            assert streak["strength"] == pytest.approx(0.797, abs=0.0005)
            assert not streak["routine"]
    assert "now routine" in result.stdout
    assert second in result.stdout  # the suggested next habit
    after = data("streak", day=days[-1])
    assert after["active"] is None and after["routine_habits"] == [first]
    ok("pick", second, day=days[-1])
    history = data("history", day=days[-1])
    assert history[0] == {
        "id": first,
        "picked": MONDAY.isoformat(),
        "status": "routine",
        "routine_on": days[-1].isoformat(),
        "dropped_on": None,
        "drop_reason": None,
        "checkins": 24,
    }
    assert history[1]["id"] == second and history[1]["status"] == "active"


def test_pick_refusal_gives_numbers_and_ways_forward() -> None:
    first, second = role_habits("agent")[:2]
    ok("pick", first)
    ok("checkin")
    result = cx("pick", second, day=MONDAY + dt.timedelta(days=1))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert "1 of 1 workdays so far (16 of 20 needed)" in lines[0]
    assert "strength 7 % (80 % needed)" in lines[0]
    assert "drop" in lines[1] and "starter" in lines[1]


def test_streak_json_keys() -> None:
    first = role_habits("agent")[0]
    ok("pick", first)
    ok("checkin")
    doc = data("streak")
    assert doc["today"] == MONDAY.isoformat()
    assert doc["routine_habits"] == []
    active = doc["active"]
    for key in (
        "id", "picked", "current_streak", "longest_streak", "done_last_20",
        "scheduled_last_20", "strength", "routine", "missing",
    ):  # fmt: skip
        assert key in active
    assert active["current_streak"] == 1 and active["done_last_20"] == 1
    assert 0 <= active["strength"] <= 1 and isinstance(active["missing"], list)


def test_streak_with_nothing_picked() -> None:
    assert data("streak") == {"today": MONDAY.isoformat(), "active": None, "routine_habits": []}
    result = ok("streak")
    assert result.stdout == "" and "cxhabits pick" in result.stderr


def test_interactive_pick_asks_role_then_habit_then_confirms() -> None:
    roles = [r["id"] for r in data("roles")]
    agent_number = roles.index("agent") + 1
    result = ok("pick", input=f"{agent_number}\n\ny\n")
    first = role_habits("agent")[0]
    assert "Recipe:" in result.stdout
    assert data("streak")["active"]["id"] == first


def test_interactive_pick_with_role_and_a_no() -> None:
    result = cx("pick", "--role", "finance", input="2\nn\n")  # no: back to the list
    assert result.exit_code == 2 and result.stdout.count("easiest first") == 2
    assert data("streak")["active"] is None


def test_checkin_backfill_yesterday_note_and_undo() -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY - dt.timedelta(days=7))
    ok("checkin", "--yesterday", "--note", "busy but did it")
    ok("checkin", "--date", (MONDAY - dt.timedelta(days=4)).isoformat())  # the Thursday
    again = ok("checkin", "--yesterday")  # on a Monday: the Friday
    assert "Already checked in" in again.stdout
    ok("checkin", "--undo", "--yesterday")
    assert data("history")[0]["checkins"] == 1
    nothing = cx("checkin", "--undo")
    assert nothing.exit_code == 1 and "no check-in" in nothing.stderr


def test_a_weekend_check_in_is_kept_but_does_not_count() -> None:
    ok("pick", role_habits("agent")[0])
    saturday = MONDAY + dt.timedelta(days=5)
    result = ok("checkin", day=saturday)
    assert "does not count" in result.stdout
    assert data("history", day=saturday)[0]["checkins"] == 1
    assert data("streak", day=saturday)["active"]["done_last_20"] == 0


def test_checkin_with_nothing_picked_is_refused() -> None:
    result = cx("checkin")
    assert result.exit_code == 1
    assert "cxhabits pick" in result.stderr and result.stdout == ""


def test_rate_asks_four_statements() -> None:
    ok("pick", role_habits("agent")[0])
    result = ok("rate", input="5\n9\n6\n5\n6\n")
    assert "Type a whole number from 1 to 7" in result.stderr
    assert "Automaticity 5.5 recorded" in result.stdout


def test_routine_habits_can_still_be_checked_in(cx_home: Path) -> None:
    first = role_habits("agent")[0]
    ok("pick", first)
    for day in workdays(MONDAY, 24):
        ok("checkin", day=day)
    ok("rate", "7", "7", "7", "7", day=dt.date(2026, 12, 4))
    only_routine = ok("checkin", day=dt.date(2026, 12, 7))  # the only routine habit
    assert "checked in" in only_routine.stdout
    kept = ok("checkin", first, day=dt.date(2026, 12, 7))
    assert "checked in" in kept.stdout


def test_roles_library_show() -> None:
    roles = data("roles")
    assert {"agent", "finance", "leader"} <= {r["id"] for r in roles}
    assert all(r["habits"] >= 4 for r in roles)
    habits = data("library")
    assert {h["status"] for h in habits} == {"available"}
    first = habits[0]["id"]
    ok("pick", first)
    statuses = {h["id"]: h["status"] for h in data("library")}
    assert statuses[first] == "active" and set(statuses.values()) == {"active", "locked"}
    card = data("show", first)
    for key in ("title", "anchor", "behaviour", "celebration", "starter", "why"):
        assert set(card[key]) == {"en", "nl"} and all(card[key].values())
    assert first in ok("show", first).stdout.replace("\n", "")


def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    first = role_habits("agent")[0]
    card = data("show", first)
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert card["title"]["nl"] in ok("show", first).stdout
    assert next(h["title"] for h in data("library", "--role", "agent")) == card["title"]["nl"]


def test_path_and_version(cx_home: Path) -> None:
    assert ok("path").stdout.strip() == str(cx_home / "state.toml")
    assert ok("--version").stdout.startswith("cxhabits ")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    from pathlib import Path

    from cxhabits.cli.app import COMMANDS
    from cxhabits.cli.main import COMMAND_MODULES

    assert set(COMMAND_MODULES) == set(COMMANDS)
    for name, module in COMMAND_MODULES.items():
        assert COMMANDS[name][0].__module__ == f"cxhabits.cli.commands.{module}", name
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert len(COMMANDS) >= 17
    for name, (run, _) in COMMANDS.items():
        result = ok(name, "--help")
        assert f"Usage: cxhabits {name}" in result.stdout
        assert (run.__doc__ or "").strip(), name
        assert f"cxhabits {name}" in readme, name


BAD_INPUT = [
    (["checkin", "--date", "2026-13-01"], "not a date"),
    (["checkin", "--date", "yesterday"], "not a date"),
    (["checkin", "--date", "2026-02-30"], "not a date"),
    (["checkin", "--date", "2026-11-03"], "in the future"),
    (["checkin", "--date", "2026-10-01"], "more than 7 days ago"),
    (["checkin", "--date", "2026-11-01", "--yesterday"], "not both"),
    (["checkin", "--note", "x" * 501], "limit is 500"),
    (["checkin", "--note", "bad\x1b[2J"], "control character"),
    (["rate", "8", "1", "1", "1"], "not a score"),
    (["rate", "5", "5", "5"], "4 scores"),
    (["rate", "five", "5", "5", "5"], "not a score"),
    (["pick", "agent.no-such-habit"], "no habit 'agent.no-such-habit'"),
    (["pick", "--role", "astronaut"], "no role 'astronaut'"),
    (["library", "--role", "astronaut"], "no role 'astronaut'"),
    (["show", "agent.no-such-habit"], "no habit"),
    (["checkin", "nope.nope"], "no habit"),
    (["checkin", "--bogus"], "No such option"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_INPUT, ids=[" ".join(a)[:40] for a, _ in BAD_INPUT]
)
def test_bad_input_gives_exit_2_a_short_message_and_no_change(
    cx_home: Path, args: list[str], message: str
) -> None:
    ok("pick", role_habits("agent")[0], day=MONDAY - dt.timedelta(days=30))
    before = datafolder.state_path(cx_home).read_bytes()
    result = cx(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert datafolder.state_path(cx_home).read_bytes() == before
    if "No such option" not in message:
        assert 1 <= len(result.stderr.strip().splitlines()) <= 2


def test_a_broken_state_file_is_reported_not_overwritten(cx_home: Path) -> None:
    first = role_habits("agent")[0]
    cx_home.mkdir()
    path = datafolder.state_path(cx_home)
    path.write_text("schema = 1\nhabits = [\n")
    for args in (["checkin"], ["streak"], ["pick", first]):
        result = cx(*args)
        assert result.exit_code == 1
        assert str(path) in result.stderr and "Traceback" not in result.stderr
    assert path.read_text() == "schema = 1\nhabits = [\n"


def test_checkin_says_when_only_the_self_check_is_missing() -> None:
    ok("pick", role_habits("agent")[0])
    days = workdays(MONDAY, 24)
    for day in days[:-1]:
        ok("checkin", day=day)
    last = ok("checkin", day=days[-1])  # strength and consistency hold now; no self-check yet
    assert "one self-check is left" in last.stderr and "cxhabits rate" in last.stderr
    assert data("streak", day=days[-1])["active"]["missing"] == [
        "automaticity: no self-check yet (5.0 of 7 needed)"
    ]
    assert "now routine" in ok("rate", "6", "5", "6", "5", day=days[-1]).stdout
