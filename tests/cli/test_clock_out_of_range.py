"""A computer's clock outside the days the state holds (2000 to 2100): refused before
anything is saved, so the state stays readable once the clock is right again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxhabits import clock
from cxhabits.cli import fast
from cxhabits.cli.main import app
from tests.helpers import cli

A = "agent.warm-handover"
runner = CliRunner()


def _files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def _clock(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(clock, "system_today", lambda: day)


@pytest.mark.parametrize("day", [dt.date(2101, 1, 3), dt.date(1999, 12, 31), dt.date(9999, 12, 31)])
@pytest.mark.parametrize(
    "args", [["checkin"], ["checkin", A, "--note", "x"], ["skip", "--reason", "sick"], ["status"]]
)
def test_a_clock_out_of_range_is_refused_and_nothing_is_saved(
    monkeypatch: pytest.MonkeyPatch, cx_home: Path, day: dt.date, args: list[str]
) -> None:
    cli.ok("pick", A)
    before = _files(cx_home)
    _clock(monkeypatch, day)
    result = runner.invoke(app, args, env={"COLUMNS": "1000"})
    cli.refused(result, 1, day.isoformat(), "2100-12-31", "clock")
    assert _files(cx_home) == before
    monkeypatch.undo()  # the clock set right: every command reads the state again
    monkeypatch.setenv("CXHABITS_HOME", str(cx_home))
    cli.ok("status", day=dt.date(2026, 11, 3))


@pytest.mark.parametrize("name", ["status", "checkin"])
def test_the_fast_path_refuses_it_too_in_dutch(
    monkeypatch: pytest.MonkeyPatch,
    cx_home: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    cli.ok("pick", A)
    cli.ok("config", "language", "nl")
    before = _files(cx_home)
    _clock(monkeypatch, dt.date(2101, 1, 3))
    with pytest.raises(SystemExit) as exited:
        fast.run(name)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "2101-01-03" in err and "klok" in err and "Traceback" not in err
    assert _files(cx_home) == before


def test_a_clock_in_range_is_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    _clock(monkeypatch, dt.date(2100, 12, 31))
    assert clock.today() == dt.date(2100, 12, 31)
