"""The data folder: where it is, which device this is, its lock, and finishing what a
stopped save left.

One data folder may be used from several devices (a synced folder): each device writes
only its own folder, `devices/<device id>/` (its replica: state.toml, its backup, its
archive/, and its lock, journal and temporary files), and reads the others'. Every
load-change-save runs under an exclusive lock on `.lock` in this device's folder;
whoever takes it first completes a save that a stopped run of this device committed
(journal.py) and removes the temporary files one that stopped earlier left: never
another device's. Which device this is lives outside the data folder (`device_file`).
Reading and writing the files themselves is store.py, merging them domain/merge.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from cxhabits.errors import StateError
from cxhabits.i18n import _
from cxhabits.storage import journal
from cxhabits.storage.fields import FormatProblem, check_habit_id

STATE_FILE = "state.toml"
DEVICES_DIR = "devices"
DEVICE_ENV = "CXHABITS_DEVICE"
DEVICE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
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


# -- which device this is --------------------------------------------------------------


def device_file() -> Path:
    """Where this device keeps its id: outside the data folder, in a folder no sync
    client is asked to carry (the platform's local configuration folder)."""
    if sys.platform == "linux" or (sys.platform != "win32" and sys.platform != "darwin"):
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        base = xdg if xdg.startswith("/") else os.path.expanduser("~/.config")
        return Path(base, APP_NAME, "device")
    if sys.platform == "darwin":  # (Application Support is the data folder's place)
        return Path(os.path.expanduser("~/Library/Preferences"), APP_NAME, "device")
    import platformdirs  # pragma: no cover - Windows: AppData/Local, which does not roam

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=False), "device")


_device: list[str] = []  # this process's device id, once known


def device_id(create: bool = False) -> str | None:
    """This device's id: $CXHABITS_DEVICE, else the one in `device_file`; with `create`,
    a new one is made there (the host's name and six random hex digits)."""
    if _device:
        return _device[0]
    override = os.environ.get(DEVICE_ENV)
    if override is not None:
        if not DEVICE_ID.fullmatch(override):
            raise StateError(
                _(
                    "{variable} should be lowercase letters, digits and hyphens (at most 40), "
                    "not {value}.\nSet it to a name such as work-pc, or unset it."
                ).format(variable=DEVICE_ENV, value=ascii(override))
            )
        return override
    path = device_file()
    try:
        text = path.read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    if DEVICE_ID.fullmatch(text):
        _device.append(text)
        return text
    if not create:
        return None
    made = _new_device_id()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.replace(journal.write_temp(path, made.encode() + b"\n"), path)
    except OSError as exc:
        raise StateError(
            _(
                "Cannot keep this device's id in {path}: {error}.\n"
                "Make that folder writable, or set {variable} to a name for this device."
            ).format(path=path, error=exc.strerror or exc, variable=DEVICE_ENV)
        ) from None
    _device.append(made)
    return made


def _new_device_id() -> str:
    from cxhabits.domain.ids import slug

    host = os.environ.get("COMPUTERNAME", "") if sys.platform == "win32" else os.uname().nodename
    return f"{slug(host.split('.')[0], 24) or 'device'}-{os.urandom(3).hex()}"


def devices_dir(home: Path) -> Path:
    return home / DEVICES_DIR


def replica_dir(home: Path, create: bool = False) -> Path | None:
    """This device's own folder in the data folder (None: no id yet, nothing written)."""
    device = device_id(create)
    return None if device is None else home / DEVICES_DIR / device


def own_dir(home: Path) -> Path:
    """This device's folder; made known (its id kept) when it has none yet."""
    mine = replica_dir(home, create=True)
    assert mine is not None
    return mine


def state_path(home: Path) -> Path:
    """This device's state file (the merged view of every device's records)."""
    try:
        mine = replica_dir(home, create=True)
    except StateError:  # no place for its id: a reading command goes on without
        mine = None
    return (mine if mine is not None else home / DEVICES_DIR / "(this device)") / STATE_FILE


def legacy_state_path(home: Path) -> Path:
    """The state file of the versions before devices/: read, merged, never written again
    (but for the note that stops those versions from writing it)."""
    return home / STATE_FILE


def ensure_home(home: Path) -> None:
    """Create the data folder, readable by its owner only; never where its parent is
    missing or unreadable (a synced folder not downloaded or not mounted yet)."""
    if not os.path.lexists(home):
        parent = home.parent
        if not parent.is_dir() or not os.access(parent, os.R_OK | os.X_OK):
            raise StateError(
                _(
                    "The data folder {home} is not there, and neither is a readable {parent}: "
                    "is it a synced or network folder not downloaded or mounted yet?\n"
                    "Open that folder (or let it sync), then try again; cxhabits will not start "
                    "afresh in its place."
                ).format(home=home, parent=parent)
            )
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
    mine = own_dir(home)
    _ensure_replica(home, mine)
    path = mine / LOCK_FILE
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
        _held.add(home)
        try:
            _recover(home)
            yield
        finally:
            _held.discard(home)
            _unlock(fd)
    finally:
        os.close(fd)


_held: set[Path] = set()  # data folders whose lock this process holds


def _ensure_replica(home: Path, mine: Path) -> None:
    try:
        mine.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            _(
                "Cannot create this device's folder {path}: {error}.\n"
                "Set {variable} to a folder you can write to."
            ).format(path=mine, error=exc.strerror or exc, variable=HOME_ENV)
        ) from None


def holds_lock(home: Path) -> bool:
    """Whether this process holds the lock of `home` now."""
    return home in _held


def _recover(home: Path) -> None:
    """Complete a save a stopped run of this device committed; remove what one that
    stopped earlier left (only in this device's folder: never another device's)."""
    home = own_dir(home)
    # Where a stopped save may have left temporary files, and which names there are ours
    # (also the fixed names of the versions before the journal).
    folders: dict[Path, Callable[[str], bool]] = {
        home: journal.is_temp_name,
        home / ARCHIVE_DIR: lambda name: journal.is_temp_name(name) or name.endswith(".toml.tmp"),
    }
    for linked in (write_target(home / STATE_FILE), write_target(home / BACKUP_FILE)):
        if linked.parent not in folders:  # a folder that is not ours: our own names only
            folders[linked.parent] = _temp_names_of(linked.name)
    try:
        journal.recover(home, lambda path: _writes(home, path), folders)
    except journal.SaveFailed as exc:
        raise StateError(
            _(
                "An earlier save was cut short and cannot be completed: {path}: {error}.\n"
                "Fix that file's folder permissions or free some space, then run cxhabits again."
            ).format(path=exc.path, error=exc.error.strerror or exc.error)
        ) from None
    except journal.BadJournal as exc:
        raise StateError(
            _(
                "{journal} names a file cxhabits does not write ({path}).\n"
                "Move {journal} aside, then check state.toml and archive/ by hand."
            ).format(journal=home / JOURNAL_FILE, path=ascii(str(exc)))
        ) from None


def _temp_names_of(name: str) -> Callable[[str], bool]:
    return lambda temp: journal.is_temp_name(temp) and temp.startswith(f".{name}.")


def _writes(home: Path, path: Path) -> bool:
    """Whether `path` is a file a save into the device folder `home` writes (for
    checking a journal)."""
    if path in (write_target(home / STATE_FILE), write_target(home / BACKUP_FILE)):
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
