"""Where state lives, and reading and writing it without ever losing a record.

`state.toml` is written whole to a temporary file in the same folder, flushed,
fsynced and renamed over the old one, so a crash leaves the old or the new
file, never a torn one. The previous good file is kept as `state.toml.bak`.
Every load-change-save runs under an exclusive lock on `.lock` in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tomli_w

from cxhabits.core import (
    WEEKDAYS,
    CheckIn,
    HabitRecord,
    Pause,
    Rating,
    Settings,
    State,
)
from cxhabits.errors import StateError

SCHEMA = 1
STATE_FILE = "state.toml"
BACKUP_FILE = "state.toml.bak"
LOCK_FILE = ".lock"
TEMP_FILE = ".state.toml.tmp"
LOCK_WAIT_SECONDS = 10.0
HOME_ENV = "CXHABITS_HOME"


def home_dir() -> Path:
    """The data folder: $CXHABITS_HOME, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # only when needed: it costs start-up time

    return Path(platformdirs.user_data_dir("cxhabits", appauthor=False))


def state_path(home: Path) -> Path:
    return home / STATE_FILE


def ensure_home(home: Path) -> None:
    """Create the data folder, readable by its owner only."""
    if home.exists() and not home.is_dir():
        raise StateError(
            f"The data folder {home} is a file, not a folder.\n"
            f"Point {HOME_ENV} at a folder, or move that file aside."
        )
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            f"Cannot create the data folder {home}: {exc.strerror or exc}.\n"
            f"Set {HOME_ENV} to a folder you can write to."
        ) from None


# -- locking -------------------------------------------------------------------


@contextlib.contextmanager
def locked(home: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's exclusive lock; the kernel frees it if the process dies.

    Standard-library locks (fcntl on POSIX, msvcrt on Windows) rather than a
    lock-file package: they cost no import time and leave no stale lock behind.
    """
    ensure_home(home)
    path = home / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StateError(
            f"Cannot open the lock file {path}: {exc.strerror or exc}.\n"
            f"Check that you can write to {home}."
        ) from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise StateError(
                    f"Another cxhabits is still working on {home} after {wait:.0f} seconds.\n"
                    f"Wait for it to finish, then try again."
                )
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# -- TOML <-> State ------------------------------------------------------------


class _Bad(Exception):
    """A value in the file is not what it should be (the message says where)."""


def _get(table: dict[str, Any], key: str, kind: type, where: str, default: Any = ...) -> Any:
    if key not in table:
        if default is ...:
            raise _Bad(f"{where}: '{key}' is missing")
        return default
    value = table[key]
    if kind is int and isinstance(value, bool):
        raise _Bad(f"{where}: '{key}' should be a whole number")
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is dt.date and isinstance(value, dt.datetime):
        raise _Bad(f"{where}: '{key}' should be a date like 2026-11-02")
    if not isinstance(value, kind):
        raise _Bad(f"{where}: '{key}' should be {_KIND_WORDS.get(kind, kind.__name__)}")
    return value


_KIND_WORDS: dict[type, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    dt.date: "a date like 2026-11-02",
}


def _date_list(values: list[Any], where: str) -> list[dt.date]:
    days = []
    for value in values:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise _Bad(f"{where}: {value!r} should be a date like 2026-11-02")
        days.append(value)
    return days


def settings_from_table(table: dict[str, Any]) -> Settings:
    where = "[settings]"
    defaults = Settings()
    workdays = defaults.workdays
    if "workdays" in table:
        names = _get(table, "workdays", list, where)
        if not all(isinstance(n, str) and n in WEEKDAYS for n in names) or not names:
            raise _Bad(f'{where}: \'workdays\' should list days like "mon", "tue"')
        workdays = frozenset(WEEKDAYS.index(n) for n in names)
    language = _get(table, "language", str, where, None)
    return Settings(
        workdays=workdays,
        language=language,
        backfill_days=_get(table, "backfill_days", int, where, defaults.backfill_days),
        strength_threshold=_get(
            table, "strength_threshold", float, where, defaults.strength_threshold
        ),
        consistency_done=_get(table, "consistency_done", int, where, defaults.consistency_done),
        consistency_window=_get(
            table, "consistency_window", int, where, defaults.consistency_window
        ),
        rating_threshold=_get(table, "rating_threshold", float, where, defaults.rating_threshold),
        rating_window=_get(table, "rating_window", int, where, defaults.rating_window),
        half_life=_get(table, "half_life", float, where, defaults.half_life),
        require_rating=_get(table, "require_rating", bool, where, defaults.require_rating),
    )


def settings_to_table(settings: Settings) -> dict[str, Any]:
    """Only what differs from the defaults, so a later release's defaults apply."""
    defaults = Settings()
    table: dict[str, Any] = {}
    if settings.workdays != defaults.workdays:
        table["workdays"] = [WEEKDAYS[d] for d in sorted(settings.workdays)]
    for name in (
        "language",
        "backfill_days",
        "strength_threshold",
        "consistency_done",
        "consistency_window",
        "rating_threshold",
        "rating_window",
        "half_life",
        "require_rating",
    ):
        value = getattr(settings, name)
        if value != getattr(defaults, name) and value is not None:
            table[name] = value
    return table


def _habit_from_table(table: Any, index: int) -> HabitRecord:
    if not isinstance(table, dict):
        raise _Bad(f"habits[{index}] should be a table")
    where = f"habit {table.get('id', index)!s}"
    status = _get(table, "status", str, where)
    if status not in ("active", "routine", "dropped"):
        raise _Bad(f"{where}: 'status' should be active, routine or dropped")
    notes: dict[dt.date, str] = {}
    for note in _get(table, "notes", list, where, []):
        if not isinstance(note, dict):
            raise _Bad(f"{where}: each note should be a table with day and text")
        notes[_get(note, "day", dt.date, where)] = _get(note, "text", str, where)
    days = _date_list(_get(table, "checkins", list, where, []), where)
    if len(set(days)) != len(days):
        raise _Bad(f"{where}: a day is checked in twice")
    ratings = []
    for raw in _get(table, "ratings", list, where, []):
        if not isinstance(raw, dict):
            raise _Bad(f"{where}: each rating should be a table with day and scores")
        scores = _get(raw, "scores", list, where)
        if len(scores) != 4 or not all(type(s) is int and 1 <= s <= 7 for s in scores):
            raise _Bad(f"{where}: a rating should have four scores from 1 to 7")
        ratings.append(Rating(_get(raw, "day", dt.date, where), tuple(scores)))
    return HabitRecord(
        id=_get(table, "id", str, where),
        picked=_get(table, "picked", dt.date, where),
        status=status,
        routine_on=_get(table, "routine_on", dt.date, where, None),
        dropped_on=_get(table, "dropped_on", dt.date, where, None),
        drop_reason=_get(table, "drop_reason", str, where, ""),
        checkins=tuple(sorted(CheckIn(day, notes.get(day, "")) for day in days)),
        ratings=tuple(sorted(ratings)),
    )


def _habit_to_table(record: HabitRecord) -> dict[str, Any]:
    table: dict[str, Any] = {"id": record.id, "picked": record.picked, "status": record.status}
    if record.routine_on:
        table["routine_on"] = record.routine_on
    if record.dropped_on:
        table["dropped_on"] = record.dropped_on
    if record.drop_reason:
        table["drop_reason"] = record.drop_reason
    table["checkins"] = [c.day for c in record.checkins]
    notes = [{"day": c.day, "text": c.note} for c in record.checkins if c.note]
    if notes:
        table["notes"] = notes
    if record.ratings:
        table["ratings"] = [{"day": r.day, "scores": list(r.scores)} for r in record.ratings]
    return table


def state_from_document(doc: dict[str, Any]) -> State:
    """Build the state from a parsed document of the current schema."""
    settings = settings_from_table(_get(doc, "settings", dict, "the file", {}))
    pauses = []
    for raw in _get(doc, "pauses", list, "the file", []):
        if not isinstance(raw, dict):
            raise _Bad("each [[pauses]] should be a table")
        start = _get(raw, "from", dt.date, "[[pauses]]")
        end = _get(raw, "to", dt.date, "[[pauses]]")
        pauses.append(Pause(start, end, _get(raw, "reason", str, "[[pauses]]", "")))
    habits = tuple(
        _habit_from_table(t, i) for i, t in enumerate(_get(doc, "habits", list, "the file", []))
    )
    if sum(h.status == "active" for h in habits) > 1:
        raise _Bad("more than one habit has status 'active'")
    return State(settings=settings, habits=habits, pauses=tuple(sorted(pauses)))


def state_to_document(state: State) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": SCHEMA}
    settings = settings_to_table(state.settings)
    if settings:
        doc["settings"] = settings
    if state.pauses:
        doc["pauses"] = [
            {"from": p.start, "to": p.end, **({"reason": p.reason} if p.reason else {})}
            for p in state.pauses
        ]
    doc["habits"] = [_habit_to_table(r) for r in state.habits]
    return doc


# Each step takes a document of schema N and returns one of schema N + 1.
MIGRATIONS: dict[int, Any] = {}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("schema")
    while version != SCHEMA:
        step = MIGRATIONS.get(version) if isinstance(version, int) else None
        if step is None:
            raise _Bad(f"unknown schema {version!r}")
        doc = step(doc)
        version = doc["schema"]
    return doc


# -- load and save -------------------------------------------------------------

_FILE_HELP = "Restore {backup} (see the README), or move the file aside to start afresh."


def _broken(path: Path, what: str) -> StateError:
    backup = path.with_name(BACKUP_FILE)
    hint = (
        _FILE_HELP.format(backup=backup)
        if backup.exists()
        else "Fix it by hand, or move it aside to start afresh; it will not be overwritten."
    )
    return StateError(f"The state file {path} {what}.\n{hint}")


def load(home: Path) -> State:
    """Read the state; a missing file is a fresh start, a broken one is refused as is."""
    path = state_path(home)
    if home.exists() and not home.is_dir():
        ensure_home(home)  # raises the clear message
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return State()
    except OSError as exc:
        raise StateError(
            f"Cannot read the state file {path}: {exc.strerror or exc}.\nCheck its permissions."
        ) from None
    if not raw.strip():
        raise _broken(path, "is empty")
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _broken(path, "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise _broken(path, f"is not valid TOML ({exc})") from None
    schema = doc.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise StateError(
            f"The state file {path} was written by a newer cxhabits (schema {schema}; "
            f"this one knows {SCHEMA}).\nUpgrade cxhabits: the file is left as it is."
        )
    try:
        return state_from_document(migrate(doc))
    except _Bad as exc:
        raise _broken(path, f"has a problem: {exc}") from None


def save(home: Path, state: State) -> None:
    """Write the state atomically, keeping the previous file as the backup."""
    ensure_home(home)
    path = state_path(home)
    data = tomli_w.dumps(state_to_document(state)).encode("utf-8")
    # One fixed name is safe: only the holder of the lock writes it.
    tmp = home / TEMP_FILE
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(data)
            tmp_file.flush()
            os.fsync(tmp_file.fileno())
        if path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
        _fsync_dir(home)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StateError(
            f"Could not save {path}: {exc.strerror or exc}. Nothing was changed.\n"
            f"Free some disk space or fix the folder's permissions, then try again."
        ) from None


def _keep_backup(path: Path) -> None:
    """Point state.toml.bak at the current file (a hard link, else a copy)."""
    backup = path.with_name(BACKUP_FILE)
    staging = path.with_name(BACKUP_FILE + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        os.link(path, staging)
    except OSError:
        import shutil

        shutil.copy2(path, staging)
    os.replace(staging, backup)


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
