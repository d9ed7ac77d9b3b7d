"""Issue 23's small ones, each seen: a self-check mean rounded half up, config's empty
default said in words, Click's typo line punctuated."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import cx, ok, role_habits


@pytest.mark.parametrize(
    ("scores", "english", "dutch"),
    [
        (["5", "4", "5", "3"], "4.3", "4,3"),  # 4.25: half up, not to even (4.2)
        (["6", "6", "6", "5"], "5.8", "5,8"),  # 5.75
        (["1", "1", "1", "2"], "1.3", "1,3"),  # 1.25
        (["7", "7", "7", "7"], "7.0", "7,0"),
    ],
)
def test_a_self_check_mean_rounds_half_up(scores: list[str], english: str, dutch: str) -> None:
    ok("pick", role_habits("agent")[0])
    assert f"Automaticity {english} recorded" in ok("rate", *scores).stdout
    ok("config", "language", "nl")
    assert f" {dutch} " in ok("rate", *scores).stdout


def test_an_empty_default_is_said_in_words() -> None:
    ok("config", "packs", "/tmp")
    text = ok("config").stdout
    assert "packs = /tmp  (default: none)" in text and "(default )" not in text
    assert "(default: none)" in ok("config", "packs").stdout
    ok("config", "workdays", "mon,tue")
    assert "(default mon,tue,wed,thu,fri)" in ok("config").stdout
    ok("config", "language", "nl")
    text = ok("config").stdout
    assert "(standaard: geen)" in text and "(standaard )" not in text


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (
            ["checkin", "--yesteday"],
            "No such option: --yesteday. Did you mean --yesterday?",
            "Die optie bestaat niet: --yesteday. ",
        ),
        (["streak", "--bogus"], "No such option: --bogus.", "Die optie bestaat niet: --bogus."),
    ],
)
def test_the_typo_line_is_punctuated(args: list[str], english: str, dutch: str) -> None:
    result = cx(*args)
    assert result.exit_code == 2 and english in result.stderr
    ok("config", "language", "nl")
    assert dutch in cx(*args).stderr


@pytest.mark.parametrize(
    ("command", "typed", "meant"),
    [
        ("show", "agent.warm", "agent.warm-handover"),  # the start of the last part
        ("pick", "agent.breath", "agent.breath-after-hard-call"),
        ("pick", "breath", "agent.breath-after-hard-call"),  # without the role
        ("show", "agent.hard-call", "agent.breath-after-hard-call"),  # a word inside it
        ("show", "agent.breath-after", "agent.breath-after-hard-call"),  # the id's start
    ],
)
def test_a_partial_id_gets_a_did_you_mean(command: str, typed: str, meant: str) -> None:
    result = cx(command, typed)
    assert result.exit_code == 2 and "Did you mean" in result.stderr and meant in result.stderr
    ok("config", "language", "nl")
    assert "Bedoelde je" in cx(command, typed).stderr


def test_a_partial_id_of_another_role_or_too_short_is_not_offered() -> None:
    assert "Did you mean" not in cx("show", "leader.warm").stderr
    assert "Did you mean" not in cx("show", "agent.wa").stderr


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_principle_on_the_card_has_no_nested_parentheses(lang: str, width: int) -> None:
    ok("config", "language", lang)
    # own-it explains itself with its own parentheses
    for habit in ("agent.offer-what-i-can", role_habits("agent")[0]):
        text = ok("show", habit, columns=width).stdout
        flat = " ".join(line.strip("│ ") for line in text.splitlines())
        depth = deepest = 0
        for char in flat:
            depth += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1, flat
        assert " · " in flat


def bare(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], day: dt.date) -> str:
    """Bare `cxhabits` (the console script's entry point, not Typer) on `day`."""
    from cxhabits.cli import main

    monkeypatch.setattr(sys, "argv", ["cxhabits"])
    monkeypatch.setenv("CXHABITS_TODAY", day.isoformat())
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as ended:
        main.main()
    assert ended.value.code in (0, None)
    return capsys.readouterr().out


MONDAY_9 = dt.date(2026, 11, 9)


def test_bare_cxhabits_on_a_monday_after_a_missed_friday_names_checkin_yesterday(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ok("pick", role_habits("agent")[0], day=dt.date(2026, 11, 4))
    ok("checkin", day=dt.date(2026, 11, 5))
    text = bare(monkeypatch, capsys, MONDAY_9)
    assert "Fri 6 Nov is not checked in" in text and "cxhabits checkin --yesterday" in text
    ok("config", "language", "nl")
    assert "vr 6 nov" in bare(monkeypatch, capsys, MONDAY_9)
    ok("checkin", "--yesterday", day=MONDAY_9)
    assert "--yesterday" not in bare(monkeypatch, capsys, MONDAY_9)  # done now


def test_no_checkin_yesterday_when_friday_was_paused_or_skipped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ok("pick", role_habits("agent")[0], day=dt.date(2026, 11, 4))
    ok("skip", day=dt.date(2026, 11, 6))
    assert "--yesterday" not in bare(monkeypatch, capsys, MONDAY_9)
    ok("skip", "--undo", day=dt.date(2026, 11, 6))
    assert "--yesterday" in bare(monkeypatch, capsys, MONDAY_9)
    ok("pause", "--from", "2026-11-06", "--to", "2026-11-06", day=MONDAY_9)
    assert "--yesterday" not in bare(monkeypatch, capsys, MONDAY_9)


def test_history_lists_the_older_habit_first_after_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older, newer = role_habits("agent")[:2]
    monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / "laptop"))
    ok("pick", older, day=dt.date(2026, 1, 5))
    ok("drop", "--yes", day=dt.date(2026, 1, 9))
    export = tmp_path / "old.json"
    export.write_text(ok("export", day=dt.date(2026, 1, 9)).stdout, encoding="utf-8")
    monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / "desk"))
    ok("pick", newer, day=dt.date(2026, 11, 2))
    ok("import", str(export), day=dt.date(2026, 11, 2))
    rows = json.loads(ok("history", "--json", day=dt.date(2026, 11, 2)).stdout)
    assert [r["id"] for r in rows] == [older, newer]
    text = ok("history", day=dt.date(2026, 11, 2)).stdout
    assert text.index(older) < text.index(newer)
