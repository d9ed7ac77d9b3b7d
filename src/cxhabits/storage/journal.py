"""One change to several files: all of it lands, or none of it.

The model is SQLite's atomic commit. Every new file is first written whole as a
temporary file beside its target (a fresh unique name, opened with O_EXCL and
O_NOFOLLOW, so nothing planted there redirects it), and fsynced. Then:

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

from cxhabits.storage import platform

JOURNAL_FILE = "state.journal"
_HEADER = b"cxhabits journal 1\n"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class SaveFailed(Exception):
    """A step of a change failed; `landed` says whether the change is in place anyway
    (it failed after the switch point, and the next `recover` completes it)."""

    def __init__(self, path: Path, error: OSError, landed: bool) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.error = error
        self.landed = landed


class BadJournal(Exception):
    """The journal names a file this program does not write (the message says which)."""


class Rename(NamedTuple):
    temp: Path
    target: Path


def write_temp(target: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `target`, on disk (fsynced); its path."""
    fd, temp = _create_temp(target)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    return temp


def _create_temp(target: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY | platform.nofollow_flag()
    while True:
        temp = target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue


def link_temp(source: Path, target: Path) -> Path:
    """A temporary file beside `target` holding what `source` holds now: a hard link
    (the old file stays reachable after `source` is replaced), else a copy."""
    while True:
        temp = target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")
        try:
            os.link(source, temp)  # (`source` is a resolved path: no link to follow)
            return temp
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue
        except OSError:
            break
    with open(source, "rb") as original:
        return write_temp(target, original.read())


class Change:
    """The files of one save, staged as temporary files, then switched in as one."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.renames: list[Rename] = []
        self.backup: Rename | None = None
        self.committed = False  # past the switch point: the staged files are the change

    def stage(self, target: Path, data: bytes) -> None:
        try:
            self.renames.append(Rename(write_temp(target, data), target))
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
        elif len(self.renames) == 1:
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
        try:
            staged = write_temp(journal, _journal_bytes(renames))
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
    home: Path, allowed: Callable[[Path], bool], folders: Mapping[Path, Callable[[str], bool]]
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
    """Whether `name` is one this module gives temporary files: .<name>.<16 hex>.tmp"""
    token = name[-20:-4]
    return (
        name.startswith(".")
        and name.endswith(".tmp")
        and len(name) > 22
        and name[-21] == "."
        and len(token) == 16
        and all(ch in "0123456789abcdef" for ch in token)
    )


def _journal_bytes(renames: Iterable[Rename]) -> bytes:
    lines = [
        os.fsencode(rename.temp).hex() + " " + os.fsencode(rename.target).hex()
        for rename in renames
    ]
    return (
        _HEADER + "".join(f"{line}\n" for line in lines).encode() + f"end {len(lines)}\n".encode()
    )


def _parse_journal(raw: bytes) -> list[Rename] | None:
    """The renames of a complete journal; None when it is not one."""
    if not raw.startswith(_HEADER):
        return None
    lines = raw[len(_HEADER) :].decode("ascii", "replace").split("\n")
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
