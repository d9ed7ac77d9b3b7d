"""One change to several files: all of it lands, or none of it.

The model is SQLite's atomic commit. Every new file is first written whole as a
temporary file beside its target (cxhabits.atomic.write_temp: a fresh unique name,
opened with O_EXCL and O_NOFOLLOW, so nothing planted there redirects it), and fsynced.
Then:

- a change of one file (state.toml, with its backup) needs no journal: renaming
  the new state.toml into place is the switch point;
- a change of several (archives too) first writes a small journal, `state.journal`,
  naming every rename; it is written to a temporary file, fsynced and renamed into
  place, and that rename is the switch point. Then the renames, then the journal goes.

Whoever takes the lock next calls `recover`: a journal means a run stopped after
its switch point, and its renames are done now (each is idempotent); temporary
files without a journal are from a run that stopped before it, and are removed.
So a crash, a kill or a failing disk leaves the whole old or the whole new state.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from cxhabits import atomic, platform

JOURNAL_FILE = "state.journal"
_HEADER = b"cxhabits journal 1\n"


class SaveFailed(Exception):
    """A step of a change failed; `landed` says whether the change is in place anyway
    (it failed after the switch point, and the next `recover` completes it)."""

    def __init__(self, path: Path, error: OSError, landed: bool) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.error = error
        self.landed = landed


class ForeignJournal(Exception):
    """Another device's journal is here (a sync client brought it): a change that needs
    a journal waits until that one is gone, so neither overwrites the other's."""

    def __init__(self, device: str) -> None:
        super().__init__(device)
        self.device = device


class BadJournal(Exception):
    """The journal names a file this program does not write (the message says which)."""


class Rename(NamedTuple):
    temp: Path
    target: Path


def link_temp(source: Path, target: Path) -> Path:
    """A temporary file beside `target` holding what `source` holds now: a hard link
    (the old file stays reachable after `source` is replaced), else a copy."""
    while True:
        temp = atomic.temp_path(target)
        try:
            os.link(source, temp)  # (`source` is a resolved path: no link to follow)
            return temp
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue
        except OSError:
            break
    with open(source, "rb") as original:
        return atomic.write_temp(target, original.read())


class Change:
    """The files of one save, staged as temporary files, then switched in as one."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.renames: list[Rename] = []
        self.backup: Rename | None = None
        self.committed = False  # past the switch point: the staged files are the change
        # Run just before the switch: keeps what a sync client put in place meanwhile.
        self.before_switch: Callable[[], None] | None = None

    def stage(self, target: Path, data: bytes) -> None:
        try:
            self.renames.append(Rename(atomic.write_temp(target, data), target))
        except OSError as exc:
            self.abandon()
            raise SaveFailed(target, exc, landed=False) from None

    def stage_backup(self, source: Path, backup: Path) -> None:
        """Keep what `source` holds now as `backup`, once the change lands."""
        try:
            self.backup = Rename(link_temp(source, backup), backup)
        except OSError as exc:
            self.abandon()
            raise SaveFailed(backup, exc, landed=False) from None

    def abandon(self) -> None:
        """Remove every staged temporary file: nothing of this change lands."""
        if self.committed:
            return
        for temp, _target in (*self.renames, *([self.backup] if self.backup else [])):
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self.renames, self.backup = [], None

    def commit(self) -> None:
        """Switch every staged file in; SaveFailed says whether the change landed."""
        if not self.renames:
            self.abandon()
            return
        if self.before_switch is not None:
            try:
                self.before_switch()
            except OSError as exc:
                self.abandon()
                raise SaveFailed(self.renames[0].target, exc, landed=False) from None
        if len(self.renames) == 1:
            self._commit_one()
        else:
            self._commit_journaled()

    def _commit_one(self) -> None:
        (rename,) = self.renames
        try:
            platform.replace(rename.temp, rename.target)  # the switch point
        except OSError as exc:
            self.abandon()
            raise SaveFailed(rename.target, exc, landed=False) from None
        self.committed = True
        if self.backup is not None:
            try:
                platform.replace(self.backup.temp, self.backup.target)
            except OSError:  # the change is in place; the backup stays one save older
                with contextlib.suppress(OSError):
                    os.unlink(self.backup.temp)
        _fsync_folders(r.target.parent for r in (rename, *([self.backup] if self.backup else [])))

    def _commit_journaled(self) -> None:
        renames = [*self.renames, *([self.backup] if self.backup else [])]
        journal = self.home / JOURNAL_FILE
        device = foreign_journal(self.home)
        if device is not None:
            self.abandon()
            raise ForeignJournal(device)
        try:
            staged = atomic.write_temp(journal, _journal_bytes(renames))
        except OSError as exc:
            self.abandon()
            raise SaveFailed(journal, exc, landed=False) from None
        try:
            platform.replace(staged, journal)  # the switch point
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(staged)
            self.abandon()
            raise SaveFailed(journal, exc, landed=False) from None
        self.committed = True
        with contextlib.suppress(OSError):
            _fsync_folder(self.home)
        roll_forward(self.home, renames)


def roll_forward(home: Path, renames: Iterable[Rename]) -> None:
    """Do every rename of a committed change that is not done yet, then drop the journal."""
    done: list[Rename] = []
    for rename in renames:
        if _exists(rename.temp):
            try:
                platform.replace(rename.temp, rename.target)
            except OSError as exc:
                raise SaveFailed(rename.target, exc, landed=True) from None
        done.append(rename)
    _fsync_folders(r.target.parent for r in done)
    with contextlib.suppress(FileNotFoundError):
        try:
            os.unlink(home / JOURNAL_FILE)
        except OSError as exc:
            raise SaveFailed(home / JOURNAL_FILE, exc, landed=True) from None
    with contextlib.suppress(OSError):
        _fsync_folder(home)


def recover(
    home: Path,
    allowed: Callable[[Path], bool],
    folders: Mapping[Path, Callable[[str], bool]],
    before_roll: Callable[[list[Rename]], None] | None = None,
) -> None:
    """Complete a change a stopped run committed, and remove stale temporary files.

    Call it holding the lock. `allowed` says whether a target named in the journal is a
    file this program writes; `folders` are where temporary files may have been left,
    each with which names there are ours.
    """
    journal = home / JOURNAL_FILE
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raise SaveFailed(journal, exc, landed=True) from None
    device = journal_device(raw) if raw is not None else None
    if device is not None and device != device_name():
        return  # another device's save, brought by a sync client: never ours to finish
    if raw is not None:
        renames = _parse_journal(raw)
        if renames is None:  # never complete, so never committed (written whole, renamed)
            with contextlib.suppress(OSError):
                os.unlink(journal)
        else:
            for rename in renames:
                if not (
                    allowed(rename.target)
                    and rename.temp.parent == rename.target.parent
                    and is_temp_name(rename.temp.name)
                ):
                    raise BadJournal(str(rename.target))
            if before_roll is not None:
                before_roll(renames)
            roll_forward(home, renames)
    for folder, ours in folders.items():
        remove_stale_temps(folder, ours)


def remove_stale_temps(folder: Path, ours: Callable[[str], bool] | None = None) -> None:
    """Remove the temporary files a stopped run of this program left in `folder`: only
    plain files of ours by their name (`ours`, else `is_temp_name`) and owner (a planted
    link is not followed or kept in use; it is left alone)."""
    ours = ours or is_temp_name
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    uid = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        if not ours(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and (uid is None or info.st_uid == uid):
                os.unlink(entry.path)


def is_temp_name(name: str) -> bool:
    """Whether `name` is one `atomic.temp_path` gives temporary files: .<name>.<16 hex>.tmp"""
    token = name[-20:-4]
    return (
        name.startswith(".")
        and name.endswith(".tmp")
        and len(name) > 22
        and name[-21] == "."
        and len(token) == 16
        and all(ch in "0123456789abcdef" for ch in token)
    )


DEVICE_ENV = "CXHABITS_DEVICE"


def device_name() -> str:
    """Which device this is, for the journal: $CXHABITS_DEVICE, else the computer's
    name (a data folder in a synced folder is seen by several computers, and one never
    completes or removes another's save)."""
    name = os.environ.get(DEVICE_ENV) or (
        os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    )
    return name or "?"


def _journal_bytes(renames: Iterable[Rename]) -> bytes:
    lines = [
        os.fsencode(rename.temp).hex() + " " + os.fsencode(rename.target).hex()
        for rename in renames
    ]
    device = f"device {device_name().encode('utf-8', 'replace').hex()}\n".encode()
    return (
        _HEADER
        + device
        + "".join(f"{line}\n" for line in lines).encode()
        + f"end {len(lines)}\n".encode()
    )


def foreign_journal(home: Path) -> str | None:
    """The device whose journal is in `home`, when that is another device."""
    try:
        with open(home / JOURNAL_FILE, "rb") as file:
            device = journal_device(file.read(4096))
    except OSError:
        return None
    return device if device is not None and device != device_name() else None


def journal_device(raw: bytes) -> str | None:
    """The device a journal names (None: a journal of the versions before, taken as this
    device's own)."""
    head = raw[len(_HEADER) :].split(b"\n", 1)[0]
    if not raw.startswith(_HEADER) or not head.startswith(b"device "):
        return None
    try:
        return bytes.fromhex(head[7:].decode("ascii")).decode("utf-8", "replace")
    except ValueError:
        return "?"


def _parse_journal(raw: bytes) -> list[Rename] | None:
    """The renames of a complete journal; None when it is not one."""
    if not raw.startswith(_HEADER):
        return None
    lines = raw[len(_HEADER) :].decode("ascii", "replace").split("\n")
    if lines and lines[0].startswith("device "):
        lines = lines[1:]
    if len(lines) < 2 or lines[-1] != "" or lines[-2] != f"end {len(lines) - 2}":
        return None
    renames = []
    for line in lines[:-2]:
        try:
            temp, target = (Path(os.fsdecode(bytes.fromhex(part))) for part in line.split(" "))
        except ValueError:
            return None
        renames.append(Rename(temp, target))
    return renames


def _exists(path: Path) -> bool:
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    return True


def _fsync_folders(folders: Iterable[Path]) -> None:
    """Make the renames durable; the new files are in place whatever this says."""
    for folder in dict.fromkeys(folders):
        with contextlib.suppress(OSError):
            _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    platform.fsync_folder(folder)
