"""Today, and the dates a user types: shared by the Typer commands and the fast path.

Typer-free and cheap to import, so plain `status` and `checkin` (fast.py) read the
day exactly as every other command does, `CXHABITS_TODAY` included.
"""

from __future__ import annotations

import datetime as dt
import os

from cxhabits import i18n
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _

TODAY_ENV = "CXHABITS_TODAY"  # pretend today is this date: for demos, tests and benchmarks


def today() -> dt.date:
    """The day, from `CXHABITS_TODAY` or the computer's clock; either is held to the days
    the state can hold (2000 to 2100), so that no day is saved that cannot be read back."""
    pretend = os.environ.get(TODAY_ENV)
    if pretend:
        return parse_date(pretend, TODAY_ENV)
    day = system_today()
    if not day_in_range(day):
        raise CxHabitsError(
            N_(
                "The computer's clock says {day}; cxhabits keeps days from {earliest} to "
                "{latest}.\nSet the clock right and try again; nothing was recorded."
            ),
            day=day.isoformat(),
            earliest=EARLIEST_DAY.isoformat(),
            latest=LATEST_DAY.isoformat(),
        )
    return day


def system_today() -> dt.date:
    return dt.date.today()


def parse_date(value: str, what: str) -> dt.date:
    """A date that exists in the calendar, from 2000 to 2100: ISO `YYYY-MM-DD`, and in
    Dutch also `D-M-YYYY` (`3-3-2026`, `03-03-2026`), the form a Dutch reader writes."""
    text = value.strip()
    try:
        day = _dutch_date(text) if i18n.language() == "nl" else None
        if day is None:
            if len(text) != 10:
                raise ValueError(text)
            day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            N_("{what}: '{value}' is not a date. Use YYYY-MM-DD, for example {example}."),
            what=what,
            value=value,
            example=_example(dt.date.today()),
        ) from None
    return check_day_in_range(day, what)  # 2000 to 2100


YEAR_DIGITS = 4


def iso_shaped(text: str) -> bool:
    """`YYYY-MM-DD` in form (whether it names a day is parse_date's to say)."""
    text = text.strip()
    return len(text) == len("YYYY-MM-DD") and text[4] == text[7] == "-"


def _example(day: dt.date) -> str:
    """A date in the form a reader of the language writes it (`4-12-2026` in Dutch)."""
    return f"{day.day}-{day.month}-{day.year}" if i18n.language() == "nl" else day.isoformat()


def _dutch_date(text: str) -> dt.date | None:
    """`D-M-YYYY` as a date (ValueError when it names no day); None for another form."""
    parts = text.split("-")
    if (
        len(parts) != 3
        or not text.isascii()
        or not all(part.isdigit() for part in parts)
        or not (len(parts[0]) <= 2 and len(parts[1]) <= 2 and len(parts[2]) == YEAR_DIGITS)
    ):
        return None
    return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))


EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


def day_in_range(day: dt.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def check_day_in_range(day: dt.date, what: str) -> dt.date:
    """`day`, or a UsageError (exit 2) when it lies outside 2000-01-01..2100-12-31."""
    if not day_in_range(day):
        raise UsageError(
            N_("{what}: {day} is out of range.\nGive a date from {earliest} to {latest}."),
            what=what,
            day=day.isoformat(),
            earliest=EARLIEST_DAY.isoformat(),
            latest=LATEST_DAY.isoformat(),
        )
    return day


# -- words about days ------------------------------------------------------------

# The one weekday table, Monday first (row 0 is Monday, as date.weekday()): the name that
# is stored and typed in English, the shortened name a calendar row starts with (translated
# when shown), and the Dutch name (typed whole or by its first two letters, shown by those).
WEEKDAY_TABLE = (
    # TRANSLATORS: a weekday, shortened, at the start of a row of the calendar.
    ("mon", N_("Mon"), "maandag"),
    ("tue", N_("Tue"), "dinsdag"),
    ("wed", N_("Wed"), "woensdag"),
    ("thu", N_("Thu"), "donderdag"),
    ("fri", N_("Fri"), "vrijdag"),
    ("sat", N_("Sat"), "zaterdag"),
    ("sun", N_("Sun"), "zondag"),
)
WEEKDAYS = tuple(stored for stored, _shown, _dutch in WEEKDAY_TABLE)  # as state.toml has them
WEEKDAY_NAMES = tuple(shown for _stored, shown, _dutch in WEEKDAY_TABLE)  # marked, untranslated
DUTCH_WEEKDAYS = tuple(dutch for _stored, _shown, dutch in WEEKDAY_TABLE)


def weekday_names(language: str | None = None) -> tuple[str, ...]:
    """Workday names as people type and read them, Monday first, in `language` (default: the
    one in use): `mon`... in English (as they are stored), `ma`... in Dutch."""
    if (language or i18n.language()) == "nl":
        return tuple(dutch[:2] for dutch in DUTCH_WEEKDAYS)
    return WEEKDAYS


MONTH_NAMES = (
    # TRANSLATORS: a month, shortened, in a date such as "Tue 9 Dec".
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def weekday_name(day: dt.date) -> str:
    return _(WEEKDAY_NAMES[day.weekday()])


def short_date(day: dt.date) -> str:
    """`Tue 9 Dec` (`di 9 dec` in Dutch)."""
    return _("{weekday} {day} {month}").format(
        weekday=weekday_name(day), day=day.day, month=_(MONTH_NAMES[day.month - 1])
    )


def shown_date(day: dt.date, today: dt.date) -> str:
    """A date as a person reads it: `Tue 3 Mar`, with the year when it is not this year
    (`Tue 3 Mar 2025`). ISO stays for input and data."""
    if day.year == today.year:
        return short_date(day)
    return _("{date} {year}").format(date=short_date(day), year=day.year)
