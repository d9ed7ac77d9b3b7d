"""Where state lives, and reading and writing it without ever losing a record.

Every file is written whole to a temporary file in the same folder, flushed,
fsynced and renamed over the old one, so a crash leaves the old or the new
file, never a torn one. The previous good `state.toml` is kept as
`state.toml.bak`. Every load-change-save runs under an exclusive lock on
`.lock` in the folder. The format itself is in schema.py.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxhabits import schema
from cxhabits.core import CheckIn, HabitRecord, Rating, Skip, State
from cxhabits.errors import StateError
from cxhabits.i18n import _
from cxhabits.schema import SCHEMA, FormatProblem

STATE_FILE = "state.toml"
BACKUP_FILE = "state.toml.bak"
LOCK_FILE = ".lock"
ARCHIVE_DIR = "archive"
LOCK_WAIT_SECONDS = 10.0
HOME_ENV = "CXHABITS_HOME"


def home_dir() -> Path:
    """The data folder: $CXHABITS_HOME, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir())


APP_NAME = "cxhabits"


def user_data_dir() -> str:
    """`platformdirs.user_data_dir("cxhabits", appauthor=False)`.

    Importing platformdirs costs about 7 ms (it loads every platform's module), paid on
    every shell prompt by `status`. On Linux and macOS its documented rule is short, so
    it is followed here: an absolute $XDG_DATA_HOME (a relative one is ignored, as the
    XDG spec says), else ~/.local/share (Linux) or ~/Library/Application Support (macOS);
    then the app name, no author, no version. Anything unusual (Windows, Android, a
    HOME that is not absolute) asks platformdirs itself. A test compares the two.
    """
    android = hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
    )
    if sys.platform in ("linux", "darwin") and not android:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        if xdg.startswith("/"):
            return os.path.join(xdg, APP_NAME)
        if os.environ.get("HOME", "/").startswith("/"):
            base = "~/.local/share" if sys.platform == "linux" else "~/Library/Application Support"
            expanded = os.path.expanduser(base)
            if expanded.startswith("/"):
                return os.path.join(expanded, APP_NAME)
    import platformdirs

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def state_path(home: Path) -> Path:
    return home / STATE_FILE


def ensure_home(home: Path) -> None:
    """Create the data folder, readable by its owner only."""
    if home.exists() and not home.is_dir():
        raise StateError(
            _(
                "The data folder {home} is a file, not a folder.\n"
                "Point {variable} at a folder, or move that file aside."
            ).format(home=home, variable=HOME_ENV)
        )
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            _(
                "Cannot create the data folder {home}: {error}.\n"
                "Set {variable} to a folder you can write to."
            ).format(home=home, error=exc.strerror or exc, variable=HOME_ENV)
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
            _(
                "Cannot open the lock file {path}: {error}.\nCheck that you can write to {home}."
            ).format(path=path, error=exc.strerror or exc, home=home)
        ) from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise StateError(
                    _(
                        "Another cxhabits is still working on {home} after {seconds:.0f} "
                        "seconds.\nWait for it to finish, then try again."
                    ).format(home=home, seconds=wait)
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


# -- load and save -------------------------------------------------------------


def _broken(path: Path, what: str) -> StateError:
    """The message for a file that cannot be used; the file itself is never touched."""
    backup = path.with_name(BACKUP_FILE)
    if path.name == STATE_FILE and backup.exists():
        hint = _(
            "Restore {backup} (see the README), or move the file aside to start afresh."
        ).format(backup=backup)
    else:
        hint = _("Fix it by hand, or move it aside; cxhabits will not overwrite it.")
    return StateError(_("The file {path} {problem}.").format(path=path, problem=what) + "\n" + hint)


def _read_toml(path: Path) -> dict[str, Any] | None:
    """A parsed TOML file, None if it does not exist; refused (untouched) if broken."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateError(
            _("Cannot read {path}: {error}.\nCheck its permissions.").format(
                path=path, error=exc.strerror or exc
            )
        ) from None
    if not raw.strip():
        raise _broken(path, _("is empty"))
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _broken(path, _("is not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        raise _broken(path, _("is not valid TOML ({error})").format(error=exc)) from None


def _check_schema(path: Path, doc: dict[str, Any]) -> None:
    version = doc.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA:
        raise StateError(
            _(
                "{path} was written by a newer cxhabits (schema {version}; this one knows "
                "{known}).\nUpgrade cxhabits: the file is left as it is."
            ).format(path=path, version=version, known=SCHEMA)
        )


def load(home: Path) -> State:
    """The state, without the check-ins of finished habits (see `load_full`).

    A missing file is a fresh start; a broken one is refused and left as it is.
    """
    if home.exists() and not home.is_dir():
        ensure_home(home)  # raises the clear message
    path = state_path(home)
    doc = _read_toml(path)
    if doc is None:
        return State()
    _check_schema(path, doc)
    try:
        return schema.state_from_document(schema.migrate(doc))
    except FormatProblem as exc:
        raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None


def archive_path(home: Path, index: int, record: HabitRecord) -> Path:
    return home / ARCHIVE_DIR / schema.archive_name(index, record)


def load_record(home: Path, state: State, record: HabitRecord) -> tuple[State, HabitRecord]:
    """The state with every check-in of one habit read in, and that habit's record."""
    if record.loaded and record.status == "active":
        return state, record
    index = state.habits.index(record)
    path = archive_path(home, index, record)
    doc = _read_toml(path)
    archived: tuple[CheckIn, ...] = ()
    ratings: tuple[Rating, ...] = ()
    skips: tuple[Skip, ...] = ()
    if doc is not None:
        _check_schema(path, doc)
        try:
            archived, ratings, skips = schema.archive_from_document(schema.migrate(doc), record)
        except FormatProblem as exc:
            raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
    # A schema-1 file held finished habits' records inline: keep both, the inline note first.
    checkins = {c.day: c for c in archived}
    checkins.update({c.day: c for c in record.checkins if c.note or c.day not in checkins})
    by_day = {r.day: r for r in (*ratings, *record.ratings)}
    done = set(checkins)
    skipped = {s.day: s for s in (*skips, *record.skips) if s.day not in done}
    full = record._replace(
        checkins=tuple(sorted(checkins.values())),
        ratings=tuple(sorted(by_day.values())),
        skips=tuple(sorted(skipped.values())),
        loaded=True,
    )
    return state.with_record(record, full), full


def load_full(home: Path) -> State:
    """The state with every check-in ever recorded, for history and export."""
    state = load(home)
    for record in state.habits:
        if not record.loaded:
            state, _ = load_record(home, state, record)
    return state


def save(home: Path, state: State) -> None:
    """Write the state (under `locked`); the previous state.toml becomes the backup.

    A finished habit whose check-ins are in memory gets its archive file written
    first, so a crash between the two writes leaves the check-ins in both places,
    never in neither.
    """
    import tomli_w  # only commands that write pay for it

    ensure_home(home)
    for index, record in enumerate(state.habits):
        if record.status != "active" and record.loaded:
            path = archive_path(home, index, record)
            _write_atomically(path, archive_bytes(record), backup=False)
    data = tomli_w.dumps(schema.state_to_document(state)).encode("utf-8")
    _write_atomically(state_path(home), data, backup=True)
    if state.sharing is not None:  # the state landed: the team's copy follows (never fails)
        from cxhabits import shared_folder

        shared_folder.refresh(home, state)


def archive_bytes(record: HabitRecord) -> bytes:
    """The archive file of a finished habit, as bytes."""
    import tomli_w

    return tomli_w.dumps(schema.archive_to_document(record)).encode("utf-8")


def _write_atomically(path: Path, data: bytes, backup: bool) -> None:
    # One fixed temporary name is safe: only the holder of the lock writes.
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(data)
            tmp_file.flush()
            os.fsync(tmp_file.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StateError(
            _(
                "Could not save {path}: {error}. Nothing was changed.\n"
                "Free some disk space or fix the folder's permissions, then try again."
            ).format(path=path, error=exc.strerror or exc)
        ) from None
    # The rename is done: the new file is in place whatever happens to this fsync.
    with contextlib.suppress(OSError):
        _fsync_dir(path.parent)


def _keep_backup(path: Path) -> None:
    """Point state.toml.bak at the current file (a hard link, else a copy)."""
    backup = path.with_name(BACKUP_FILE)
    staging = path.with_name(BACKUP_FILE + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        try:
            os.link(path, staging)
        except OSError:
            import shutil

            shutil.copy2(path, staging)
        os.replace(staging, backup)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
