"""Dates typed by a person: ISO everywhere, and in Dutch also D-M-YYYY; held to 2000-2100."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, strategies as st

from cxhabits import clock, i18n
from cxhabits.errors import UsageError
from tests.helpers import cli

DAYS = st.dates(min_value=clock.EARLIEST_DAY, max_value=clock.LATEST_DAY)


@given(DAYS, st.booleans(), st.booleans())
def test_dutch_reads_day_month_year_with_or_without_leading_zeros(
    day: dt.date, zero_day: bool, zero_month: bool
) -> None:
    i18n.set_language("nl")
    text = f"{day.day:0{2 if zero_day else 1}d}-{day.month:0{2 if zero_month else 1}d}-{day.year}"
    assert clock.parse_date(text, "--date") == day
    assert clock.parse_date(day.isoformat(), "--date") == day  # ISO as well


@given(DAYS)
def test_english_reads_iso_only(day: dt.date) -> None:
    i18n.set_language("en")
    assert clock.parse_date(day.isoformat(), "--date") == day
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        clock.parse_date(f"{day.day}-{day.month}-{day.year}", "--date")


@pytest.mark.parametrize(
    "text", ["31-2-2026", "3-3-26", "3-13-2026", "003-3-2026", "3/3/2026", "3-3-2026x", "٣-3-2026"]
)
def test_dutch_refuses_what_names_no_day_and_says_the_forms_in_dutch(text: str) -> None:
    i18n.set_language("nl")
    with pytest.raises(UsageError) as refused:
        clock.parse_date(text, "--date")
    said = str(refused.value)
    assert "JJJJ-MM-DD of D-M-JJJJ" in said and "YYYY" not in said
    assert re.search(r"bijvoorbeeld \d{1,2}-\d{1,2}-\d{4}\.$", said)  # the example in that form


def test_a_dutch_date_out_of_range_is_refused_as_out_of_range() -> None:
    i18n.set_language("nl")
    with pytest.raises(UsageError, match="2101-01-01"):
        clock.parse_date("1-1-2101", "--date")


def test_the_commands_read_a_dutch_date_in_the_settings_language() -> None:
    cli.ok("pick", "agent.warm-handover", day=dt.date(2026, 11, 2))
    cli.ok("config", "language", "nl")
    said = cli.ok("pause", "--from", "24-12-2026", "--to", "1-1-2027").stdout
    assert "do 24 dec tot en met vr 1 jan 2027" in said
    assert cli.ok("pause", "--list").stdout.startswith("do 24 dec t/m vr 1 jan 2027")
    cli.ok("checkin", "--date", "2-11-2026", day=dt.date(2026, 11, 3))
    done = cli.data("history", "agent.warm-handover")[0]["days"]
    assert [d["day"] for d in done] == ["2026-11-02"]  # ISO in data
    cli.ok("pause", "--remove", "25-12-2026")
    cli.ok("config", "language", "en")
    cli.refused(cli.cx("pause", "--from", "24-12-2026", "--to", "1-1-2027"), 2, "YYYY-MM-DD")
