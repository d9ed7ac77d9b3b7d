"""The status line fits the terminal: a long title is shortened at a word, today's mark
stays whole; through Typer and on the fast path alike (both call daily.status)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import cli

DAY = dt.date(2026, 11, 9)
LONG = "agent.read-one-customer-voice"  # "Reading one customer's words at log-in"


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("columns", [36, 40, 48, 60])
def test_the_status_line_fits_and_keeps_todays_mark(lang: str, columns: int) -> None:
    cli.ok("pick", LONG, day=DAY)
    cli.ok("config", "language", lang)
    whole = cli.ok("status", day=DAY, columns=200).stdout.rstrip("\n")
    line = cli.ok("status", day=DAY, columns=columns).stdout.rstrip("\n")
    mark = "today open" if lang == "en" else "vandaag nog open"
    if len(whole) <= columns:
        assert line == whole
        return
    assert len(line) <= columns - 2 and line.endswith(f"… · {mark}"), line  # "..." in ASCII
    title = whole.removeprefix("cx: ").removesuffix(f" · {mark}")
    kept = line.removeprefix("cx: ").split("…")[0]
    assert title.startswith(kept) and title[len(kept)] == " "  # cut at a word


def test_a_terminal_too_narrow_for_any_title_keeps_the_line_whole() -> None:
    cli.ok("pick", LONG, day=DAY)
    assert "…" not in cli.ok("status", day=DAY, columns=20).stdout
