"""Today, and the dates a user types: shared by the Typer commands and the fast path.

Typer-free and cheap to import, so plain `status` and `checkin` (fast.py) read the
day exactly as every other command does, `CXHABITS_TODAY` included.
"""

from __future__ import annotations

import datetime as dt
import os

from cxhabits import core
from cxhabits.errors import UsageError
from cxhabits.i18n import N_

TODAY_ENV = "CXHABITS_TODAY"  # pretend today is this date: for demos, tests and benchmarks


def today() -> dt.date:
    pretend = os.environ.get(TODAY_ENV)
    if pretend:
        return parse_date(pretend, TODAY_ENV)
    return dt.date.today()


def parse_date(value: str, what: str) -> dt.date:
    """An ISO date YYYY-MM-DD that exists in the calendar, from 2000 to 2100."""
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            N_("{what}: '{value}' is not a date. Use YYYY-MM-DD, for example {example}."),
            what=what,
            value=value,
            example=dt.date.today().isoformat(),
        ) from None
    return core.check_day_in_range(day, what)  # 2000 to 2100
