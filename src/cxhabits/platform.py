"""What differs on Windows (and the cloud folders of Windows and macOS), in one place.

storage/datafolder.py (the lock), atomic.py and storage/journal.py (the atomic replace,
the flags a temporary file is opened with, a folder's fsync) and storage/store.py (a file
not downloaded yet) call these; it sits below every part, beside atomic.py. Each asks
`sys.platform` when called, not when imported, so the tests run the Windows branch
on Linux with the platform faked (and a fake `msvcrt`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from cxhabits.i18n import N_, _

# A file OneDrive (Files On-Demand) or another cloud client has not downloaded yet: its
# stat says so in st_file_attributes (Windows only). Reading it would start a download,
# or fail offline.
FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
PLACEHOLDER_ATTRIBUTES = (
    FILE_ATTRIBUTE_OFFLINE | FILE_ATTRIBUTE_RECALL_ON_OPEN | FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS
)

# os.replace onto a file another program holds open (a virus scanner, a sync client,
# Explorer's preview) fails on Windows with PermissionError until it lets go: try again
# for about a second, then say so.
REPLACE_TRIES = 10
REPLACE_PAUSE = 0.1
IN_USE = N_("another program has it open (a sync client, a virus scanner or a preview)")


def windows() -> bool:
    return sys.platform == "win32"


class FileInUse(PermissionError):
    """`os.replace` met a file held open by another program, on every try."""

    def __init__(self, path: Path) -> None:
        super().__init__(13, _(IN_USE), str(path))


def replace(source: Path, target: Path) -> None:
    """`os.replace(source, target)`, retried on Windows while another program holds
    `target` open (FileInUse after the last try)."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if not windows():
                raise
            if attempt == REPLACE_TRIES - 1:
                raise FileInUse(target) from None
            time.sleep(REPLACE_PAUSE)


def nofollow_flag() -> int:
    """O_NOFOLLOW where there is one (not on Windows: there a link is not followed
    by os.open of a new file with O_EXCL anyway)."""
    return 0 if windows() else getattr(os, "O_NOFOLLOW", 0)


def fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable: a folder's fsync on POSIX; Windows cannot
    open a folder for it, and NTFS journals the rename itself."""
    if windows():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def try_lock(fd: int) -> bool:
    """Take the exclusive lock on `fd` without waiting; False when another process holds it."""
    if windows():
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(fd: int) -> None:
    if windows():
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)  # msvcrt unlocks from the file position
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def placeholder(path: Path) -> bool:
    """Whether `path` is a cloud placeholder, not the file itself: on Windows a OneDrive
    Files On-Demand file not downloaded yet; on macOS iCloud's `.name.icloud` stand-in
    for a file it has not downloaded (the file itself then does not exist)."""
    if windows():
        try:
            attributes = getattr(os.stat(path), "st_file_attributes", 0)
        except OSError:
            return False
        return bool(attributes & PLACEHOLDER_ATTRIBUTES)
    return not os.path.lexists(path) and os.path.lexists(path.with_name(f".{path.name}.icloud"))
