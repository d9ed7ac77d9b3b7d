"""Typed values from a parsed TOML table, refused with a message that says where."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from cxhabits.clock import day_in_range
from cxhabits.domain.ids import HABIT_ID
from cxhabits.i18n import N_, _

_HABIT_ID = re.compile(HABIT_ID)


class FormatProblem(Exception):
    """A value in the file is not what it should be (the message says where)."""


def check_habit_id(value: str, where: str) -> str:
    """A habit id as the library spells them: it names a file, so nothing else passes."""
    if not _HABIT_ID.fullmatch(value):
        raise FormatProblem(
            _("{where}: {value} is not a habit id (like agent.one-word-for-the-feeling)").format(
                where=where, value=ascii(value)
            )
        )
    return value


def check_day(value: dt.date, where: str, key: str) -> dt.date:
    if not day_in_range(value):
        raise FormatProblem(
            _("{where}: '{key}' = {day} is outside 2000-01-01 to 2100-12-31").format(
                where=where, key=key, day=value.isoformat()
            )
        )
    return value


def get(table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise FormatProblem(_("{where}: '{key}' is missing").format(where=where, key=key))
        return default
    value = table[key]
    if kind is int and isinstance(value, bool):
        raise FormatProblem(
            _("{where}: '{key}' should be a whole number").format(where=where, key=key)
        )
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dt.date and isinstance(value, dt.datetime):
        raise FormatProblem(
            _("{where}: '{key}' should be a date like 2026-11-02").format(where=where, key=key)
        )
    if not isinstance(value, kind):
        raise FormatProblem(
            _("{where}: '{key}' should be {kind}").format(
                where=where, key=key, kind=_(_KIND_WORDS.get(kind, kind.__name__))
            )
        )
    if isinstance(value, dt.date):
        check_day(value, where, key)
    return value


_KIND_WORDS: dict[type, str] = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
    dict: N_("a table"),
    dt.date: N_("a date like 2026-11-02"),
}


def date_list(values: list[Any], where: str) -> list[dt.date]:
    # At C speed when every value is a date in range (thirty years are 11,000 of them);
    # otherwise one by one, to say which.
    if set(map(type, values)) <= {dt.date} and (
        not values or (day_in_range(min(values)) and day_in_range(max(values)))
    ):
        return list(values)
    days = []
    for value in values:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise FormatProblem(
                _("{where}: {value} should be a date like 2026-11-02").format(
                    where=where, value=repr(value)
                )
            )
        days.append(check_day(value, where, "checkins"))
    return days
