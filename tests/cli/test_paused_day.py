"""A paused day says it is paused (not "a day off", not "not a workday"), in both languages,
on the status line and after a check-in, through the fast path and through Typer."""

from __future__ import annotations

import datetime as dt

import pytest

from cxhabits.cli import fast
from tests.helpers import cli

MONDAY = dt.date(2026, 11, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
SATURDAY = MONDAY + dt.timedelta(days=5)


def _paused_tuesday(lang: str) -> None:
    cli.ok("pick", "agent.warm-handover", day=MONDAY)
    cli.ok("pause", "--from", TUESDAY.isoformat(), "--to", WEDNESDAY.isoformat(), day=MONDAY)
    cli.ok("config", "language", lang)


@pytest.mark.parametrize(
    ("lang", "status", "checked"),
    [
        ("en", "· paused", "Today is paused: the check-in is kept"),
        ("nl", "· pauze", "Vandaag is gepauzeerd: het vinkje blijft staan"),
    ],
)
def test_a_paused_day_is_said_to_be_paused(lang: str, status: str, checked: str) -> None:
    _paused_tuesday(lang)
    assert cli.ok("status", day=TUESDAY).stdout.rstrip().endswith(status)
    assert checked in cli.ok("checkin", "--note", "x", day=TUESDAY).stdout  # through Typer
    other = cli.ok("checkin", "--date", WEDNESDAY.isoformat(), day=SATURDAY).stdout
    assert ("That day is paused" if lang == "en" else "Die dag is gepauzeerd") in other


def test_the_fast_path_says_it_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _paused_tuesday("en")
    capsys.readouterr()
    monkeypatch.setenv("CXHABITS_TODAY", TUESDAY.isoformat())
    fast.run("checkin")
    assert "Today is paused" in capsys.readouterr().out
    monkeypatch.setenv("CXHABITS_TODAY", SATURDAY.isoformat())
    fast.run("status")
    assert capsys.readouterr().out.rstrip().endswith("· day off")  # a weekend is a day off
