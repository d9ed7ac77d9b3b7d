"""The data folder: where it is, its lock, and finishing what a stopped save left.

Every load-change-save runs under an exclusive lock on `.lock` in the folder;
whoever takes it first completes a save that a stopped run committed (journal.py)
and removes the temporary files one that stopped earlier left. Reading and
writing the files themselves is store.py.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cxhabits import platform
from cxhabits.errors import StateError
from cxhabits.i18n import N_
from cxhabits.storage import journal
from cxhabits.storage.fields import FormatProblem, check_habit_id

STATE_FILE = "state.toml"
BACKUP_FILE = "state.toml.bak"
LOCK_FILE = ".lock"
ARCHIVE_DIR = "archive"
JOURNAL_FILE = journal.JOURNAL_FILE
LOCK_WAIT_SECONDS = 10.0
HOME_ENV = "CXHABITS_HOME"


def home_dir() -> Path:
    """The data folder: $CXHABITS_HOME, else the platform's user data folder."""
    override = os.environ.get(HOME_ENV)
    if override:
        from cxhabits.paths import user_path  # checked: a bad one is exit 2, said once

        return user_path(override, HOME_ENV)
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
            N_(
                "The data folder {home} is a file, not a folder.\n"
                "Point {variable} at a folder, or move that file aside."
            ),
            home=home,
            variable=HOME_ENV,
        )
    try:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            N_(
                "Cannot create the data folder {home}: {error}.\n"
                "Set {variable} to a folder you can write to."
            ),
            home=home,
            error=exc.strerror or exc,
            variable=HOME_ENV,
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
            N_("Cannot open the lock file {path}: {error}.\nCheck that you can write to {home}."),
            path=path,
            error=exc.strerror or exc,
            home=home,
        ) from None
    try:
        deadline = time.monotonic() + wait
        while not platform.try_lock(fd):
            if time.monotonic() >= deadline:
                raise StateError(
                    N_(
                        "Another cxhabits is still working on {home} after {seconds:.0f} "
                        "seconds.\nWait for it to finish, then try again."
                    ),
                    home=home,
                    seconds=wait,
                )
            time.sleep(0.02)
        _held.add(home)
        try:
            _recover(home)
            yield
        finally:
            _held.discard(home)
            platform.unlock(fd)
    finally:
        os.close(fd)


_held: set[Path] = set()  # data folders whose lock this process holds


def holds_lock(home: Path) -> bool:
    """Whether this process holds the lock of `home` now."""
    return home in _held


def _recover(home: Path) -> None:
    """Complete a save a stopped run committed; remove what one that stopped earlier left."""
    # Where a stopped save may have left temporary files, and which names there are ours
    # (also the fixed names of the versions before the journal).
    folders: dict[Path, Callable[[str], bool]] = {
        home: lambda name: journal.is_temp_name(name) or name in _OLD_TEMP_NAMES,
        home / ARCHIVE_DIR: lambda name: journal.is_temp_name(name) or name.endswith(".toml.tmp"),
    }
    for linked in (write_target(state_path(home)), write_target(home / BACKUP_FILE)):
        if linked.parent not in folders:  # a folder that is not ours: our own names only
            folders[linked.parent] = _temp_names_of(linked.name)
    try:
        journal.recover(
            home, lambda path: _writes(home, path), folders, lambda r: _keep_arrived(home, r)
        )
    except journal.SaveFailed as exc:
        raise StateError(
            N_(
                "An earlier save was cut short and cannot be completed: {path}: {error}.\n"
                "Fix that file's folder permissions or free some space, then run cxhabits again."
            ),
            path=exc.path,
            error=exc.error.strerror or exc.error,
        ) from None
    except journal.BadJournal as exc:
        raise StateError(
            N_(
                "{journal} names a file cxhabits does not write ({path}).\n"
                "Move {journal} aside, then check state.toml and archive/ by hand."
            ),
            journal=home / JOURNAL_FILE,
            path=ascii(str(exc)),
        ) from None


_OLD_TEMP_NAMES = (f".{STATE_FILE}.tmp", f"{BACKUP_FILE}.tmp")


def _keep_arrived(home: Path, renames: list[journal.Rename]) -> None:
    """Before a stopped save is completed: a state.toml that is no longer the one it
    replaces (a sync client put another device's version in place since) is kept
    beside it under a copy's name, to be merged in, never overwritten; so are the
    archive files that came with it."""
    state = next((r for r in renames if r.target.name == STATE_FILE), None)
    backup = next((r for r in renames if r.target.name == BACKUP_FILE), None)
    if state is None or not os.path.lexists(state.temp) or not state.target.exists():
        return  # (its rename is done, or there is nothing to keep)
    if backup is not None:
        try:
            with open(backup.temp, "rb") as old, open(state.target, "rb") as now:
                if os.path.samestat(os.fstat(old.fileno()), os.fstat(now.fileno())):
                    return
                if old.read() == now.read():
                    return
        except OSError:
            return
    from cxhabits.storage import copies

    copies.keep_beside(state.target)
    copies.keep_arrived_archives(renames)


def _temp_names_of(name: str) -> Callable[[str], bool]:
    return lambda temp: journal.is_temp_name(temp) and temp.startswith(f".{name}.")


def _writes(home: Path, path: Path) -> bool:
    """Whether `path` is a file a save of `home` writes (for checking a journal)."""
    if path in (write_target(state_path(home)), write_target(home / BACKUP_FILE)):
        return True
    return path.parent == home / ARCHIVE_DIR and _is_archive_name(path.name)


def _is_archive_name(name: str) -> bool:
    number, _sep, rest = name.partition("-")
    if not (number.isdigit() and number.isascii() and rest.endswith(".toml")):
        return False
    try:
        check_habit_id(rest[: -len(".toml")], name)
    except FormatProblem:
        return False
    return True


def write_target(path: Path) -> Path:
    """Where writing `path` goes: through a symbolic link to its target."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path
