"""Writing a file whole or not at all: the one atomic writer, used by every part.

A new file is first written whole as a temporary file beside its target (a fresh
unique name, `.<name>.<16 hex>.tmp`, opened with O_EXCL and, where there is one,
O_NOFOLLOW, so nothing planted there redirects it) and fsynced; only then is it
renamed over the target (retried on Windows while another program holds the target
open), and the folder is fsynced so that the rename itself is on disk. A reader sees
the old file or the new one, never a torn one, whatever stops the program.

`write_file` does all of it; `write_temp` is the first half, for a writer that checks
the new file before the switch (a habit pack) or switches several in as one (the
state's journal, storage/journal.py, whose `is_temp_name` knows these names). It sits
below every part, beside `platform`, because the library, the storage and the team
folder all write files and none of them may import another.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cxhabits import platform

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def temp_path(target: Path) -> Path:
    """A fresh name for a temporary file beside `target`: `.<name>.<16 hex>.tmp`."""
    return target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")


def write_temp(target: Path, data: bytes, mode: int = 0o600, durable: bool = True) -> Path:
    """`data` in a new temporary file beside `target`, on disk (fsynced); its path.

    `mode` is the new file's permissions (less the umask); `durable=False` leaves out
    the fsync (a cache, rewritten at will). Nothing is left behind when writing fails.
    """
    fd, temp = _create_temp(target, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    os.close(fd)
    return temp


def _create_temp(target: Path, mode: int) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC | _BINARY | platform.nofollow_flag()
    while True:
        temp = temp_path(target)
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue


def switch(temp: Path, target: Path, durable: bool = True) -> None:
    """Rename the temporary file `temp` over `target` and make that durable (unless
    `durable` is False); `temp` is removed when the rename fails."""
    try:
        platform.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if not durable:
        return
    with contextlib.suppress(OSError):  # the new file is in place whatever this says
        platform.fsync_folder(target.parent)


def write_file(path: Path, data: bytes, mode: int = 0o644, durable: bool = True) -> None:
    """Replace `path` with `data`, atomically and (unless `durable` is False: a cache)
    durably (OSError when it cannot: then `path` is as it was)."""
    switch(write_temp(path, data, mode, durable), path, durable)


def move(source: Path, target: Path) -> None:
    """Move `source` to `target` (a name that is free) in one rename, and make that
    durable in both folders (OSError when it cannot: then `source` is where it was)."""
    os.rename(source, target)
    for folder in {source.parent, target.parent}:
        with contextlib.suppress(OSError):
            platform.fsync_folder(folder)
