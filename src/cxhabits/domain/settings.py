"""The settings a user can change with `cxhabits config`: names, allowed values, parsing."""

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from cxhabits.clock import DUTCH_WEEKDAYS, WEEKDAYS, weekday_names
from cxhabits.domain.core import has_control_character
from cxhabits.domain.model import SRBAI_MAX, SRBAI_MIN, Settings
from cxhabits.errors import UsageError
from cxhabits.i18n import N_, _, number

LANGUAGE_CHOICES = ("en", "nl")


class Key(NamedTuple):
    name: str
    help: str
    allowed: str
    parse: Callable[[str], Any]


def _number(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            value = kind(text.replace(",", ".") if kind is float else text)  # 0,8 as well
        except ValueError:
            raise ValueError(text) from None
        if not low <= value <= high or value != value:  # the last test refuses NaN
            raise ValueError(text)
        return value

    return parse


def _weekday(name: str) -> int:
    """A day by its English or Dutch name or abbreviation: mon, monday, ma, maandag."""
    if name[:3] in WEEKDAYS:
        return WEEKDAYS.index(name[:3])
    dutch = weekday_names("nl")
    if len(name) >= 2 and name[:2] in dutch:
        index = dutch.index(name[:2])
        if DUTCH_WEEKDAYS[index].startswith(name):
            return index
    raise ValueError(name)


def _workdays(text: str) -> frozenset[int]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not names:
        raise ValueError(text)
    return frozenset(_weekday(name) for name in names)


def _language(text: str) -> str | None:
    text = text.strip().lower()
    if text == "auto":
        return None
    if text not in LANGUAGE_CHOICES:
        raise ValueError(text)
    return text


def _folders(text: str) -> tuple[str, ...]:
    """Folders, made absolute: a relative one means from the current directory, now."""
    import os.path

    folders = tuple(part.strip() for part in text.split(",") if part.strip())
    if not folders or any(has_control_character(folder) for folder in folders):
        raise ValueError(text)
    return tuple(os.path.abspath(os.path.expanduser(folder)) for folder in folders)


def folder_list(values: Sequence[str]) -> tuple[str, ...]:
    """Folders each given whole (commas and all: "OneDrive - Acme, Inc"), made absolute."""
    import os.path

    folders = tuple(value.strip() for value in values if value.strip())
    if not folders or any(has_control_character(folder) for folder in folders):
        raise ValueError(values)
    return tuple(os.path.abspath(os.path.expanduser(folder)) for folder in folders)


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on", "1"):
        return True
    if lowered in ("false", "no", "off", "0"):
        return False
    raise ValueError(text)


KEYS = {
    key.name: key
    for key in (
        Key(
            "workdays",
            N_("the days your habit's anchor happens"),
            N_("day names separated by commas, e.g. mon,tue,wed,thu,fri or ma,di,wo,do,vr"),
            _workdays,
        ),
        Key(
            "language",
            N_("the language of the habits and messages"),
            N_("en, nl or auto (the locale)"),
            _language,
        ),
        Key(
            "backfill_days",
            N_("how many days back a check-in may be recorded"),
            N_("a whole number from 0 to 30"),
            _number(int, 0, 30),
        ),
        Key(
            "strength_threshold",
            N_("the habit strength needed for routine"),
            N_("a number from 0.1 to 0.99"),
            _number(float, 0.1, 0.99),
        ),
        Key(
            "consistency_done",
            N_("workdays done needed in the consistency window"),
            N_("a whole number from 1 to 60, at most consistency_window"),
            _number(int, 1, 60),
        ),
        Key(
            "consistency_window",
            N_("how many recent workdays the consistency counts"),
            N_("a whole number from 5 to 60, at least consistency_done"),
            _number(int, 5, 60),
        ),
        Key(
            "rating_threshold",
            N_("the automaticity self-check mean needed"),
            N_("a number from 1 to 7"),
            _number(float, SRBAI_MIN, SRBAI_MAX),
        ),
        Key(
            "rating_window",
            N_("how many recent workdays a self-check stays valid"),
            N_("a whole number from 1 to 60"),
            _number(int, 1, 60),
        ),
        Key(
            "half_life",
            N_("the habit strength's half-life, in workdays"),
            N_("a number from 1 to 100"),
            _number(float, 1.0, 100.0),
        ),
        Key(
            "require_rating",
            N_("whether routine needs the self-check"),
            N_("true or false"),
            _boolean,
        ),
        Key(
            "packs",
            N_(
                "shared folders (a synced team folder, say) whose *.toml habit packs join "
                "the library beside your own; read only, never written"
            ),
            N_(
                "one or more folders, each its own word (quote a name with spaces; a "
                "relative one is made absolute), or 'default' for none"
            ),
            _folders,
        ),
    )
}
assert set(KEYS) == set(Settings._fields)


def show_value(name: str, value: Any) -> str:
    if name == "workdays":
        return ",".join(WEEKDAYS[d] for d in sorted(value))
    if value is None:
        return "auto"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def display_value(name: str, value: Any) -> str:
    """A setting as the user reads it: day names and decimal commas in their language,
    folders as they would be typed (quoted where a shell needs it)."""
    if name == "packs" and value:
        import shlex

        return shlex.join(value)
    if name == "workdays":
        return ",".join(weekday_names()[d] for d in sorted(value))
    if isinstance(value, float):
        return number(value, 2).rstrip("0").rstrip(".,")
    return show_value(name, value)


def key(name: str) -> Key:
    found = KEYS.get(name.strip().lower().replace("-", "_"))
    if found is None:
        raise UsageError(
            N_("There is no setting '{name}'.\nSettings: {names}."),
            name=name,
            names=", ".join(KEYS),
        )
    return found


def set_value(settings: Settings, name: str, text: str) -> Settings:
    """A copy of the settings with one value set from text ('default' resets it)."""
    spec = key(name)
    if text.strip().lower() == "default":
        return settings._replace(**{spec.name: getattr(Settings(), spec.name)})
    try:
        value = spec.parse(text)
    except ValueError:
        raise UsageError(
            N_("'{value}' is not a valid value for {name}.\nAllowed: {allowed}."),
            value=text,
            name=spec.name,
            allowed=_(spec.allowed),
        ) from None
    updated = settings._replace(**{spec.name: value})
    problem = check_settings(updated)
    if problem:
        raise UsageError(N_("{problem}.\nChange the other one first."), problem=problem)
    return updated


def set_values(settings: Settings, name: str, values: Sequence[str]) -> Settings:
    """`set_value` for what `config KEY VALUE...` was given: `packs` takes each folder
    whole, `workdays` may be given as several words; any other setting takes one."""
    spec = key(name)
    if spec.name == "packs" and [v.strip().lower() for v in values] != ["default"]:
        try:
            return settings._replace(packs=folder_list(values))
        except ValueError:
            raise UsageError(
                N_("'{value}' is not a valid value for {name}.\nAllowed: {allowed}."),
                value=" ".join(values),
                name=spec.name,
                allowed=_(spec.allowed),
            ) from None
    if len(values) > 1 and spec.name != "workdays":
        raise UsageError(
            N_("{name} takes one value, not {count}.\nFor example: cxhabits config {name} {first}"),
            name=spec.name,
            count=len(values),
            first=values[0],
        )
    return set_value(settings, name, ",".join(values))


def check_settings(settings: Settings) -> str | None:
    """What no single value shows: the rules between settings."""
    if settings.consistency_done > settings.consistency_window:
        return _(
            "consistency_done ({done}) cannot be more than consistency_window ({window})"
        ).format(done=settings.consistency_done, window=settings.consistency_window)
    return None
