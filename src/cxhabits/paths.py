"""Paths the user typed: how the text is read, what cxhabits may write over, how it reads.

First the text (`typed`, `user_path`), before any use, so no command meets a traceback
later when it opens, creates, prints or records it: not empty, `~user` only for a user
that exists, no part longer than a file system allows (255 bytes), text that can be
written down (no byte that is not UTF-8), and no symbolic link that leads nowhere.

Then what is there: one rule for every path typed on the command line (`team --html`, `new --pack`,
`share FOLDER`, `validate`): a typed path may name a new file or one of its own kind,
never a file of a cxhabits data folder (this one, or any folder that holds a state or
lock file), a share file, a device, a pipe or a folder. And a file is read only when it
is a regular file, with a bound: never a pipe or a device, never more than the bound.

Shared by the storage, library, team and CLI parts, so it sits below all of them and
knows the data folder only as an argument.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cxhabits.errors import Message, UsageError
from cxhabits.i18n import N_

# The names that make a folder a cxhabits data folder (storage/datafolder.py writes them).
# (Not `.lock` alone: other programs, pytest among them, leave one in their folders.)
DATA_FOLDER_MARKS = ("state.toml", "state.toml.bak", "state.journal")
SHARE_MARK = ".cxhabits-share"  # in the name of every share file and its copies
PACK_FOLDER = "habits"  # the one folder of the data folder a typed --pack may name
MAX_PACK_BYTES = 1024 * 1024  # the largest shipped pack is about 17 KB


NAME_MAX_BYTES = 255  # one part of a path: ext4, APFS, NTFS (in UTF-16 units) and most others
PATH_MAX_BYTES = 4095  # a whole path: Linux's PATH_MAX less its closing zero


def not_utf8(text: str) -> bool:
    """Whether `text` holds a byte that was not UTF-8 (kept as a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown(text: str) -> str:
    """`text` printable: a byte that was not UTF-8 as `\\xe9`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def user_path(text: str, what: str) -> Path:
    """`text` as a path (`~` expanded), or UsageError (exit 2) saying what is wrong with it.

    `what` names where it was typed (`--html`, `FOLDER`, `CXHABITS_HOME`).
    """
    if not text.strip():
        raise UsageError(N_("{what} is empty.\nGive the path of a file or a folder."), what=what)
    if not_utf8(text):
        raise UsageError(
            N_(
                "{what} '{path}' has bytes that are not UTF-8 text.\n"
                "Rename the folder or file, or give another one."
            ),
            what=what,
            path=shown(text),
        )
    expanded = os.path.expanduser(text)  # unchanged when the user is not known
    if expanded.startswith("~"):
        raise UsageError(
            N_(
                "{what} '{path}' starts with {user}, and there is no such user here.\n"
                "Give the full path instead."
            ),
            what=what,
            path=text,
            user=expanded.split(os.sep, 1)[0],
        )
    path = Path(expanded)
    for part in (*path.parts, expanded):
        if len(os.fsencode(part)) > (PATH_MAX_BYTES if part is expanded else NAME_MAX_BYTES):
            raise UsageError(
                N_(
                    "{what} has a name longer than {most} bytes, more than a file system "
                    "allows: {start}...\nGive a shorter path."
                ),
                what=what,
                most=PATH_MAX_BYTES if part is expanded else NAME_MAX_BYTES,
                start=part[:40],
            )
    return path


def typed(text: str, what: str) -> Path:
    """A path the user typed (`what`: the option or argument), checked before any use:
    `user_path`'s rules, and never a symbolic link that leads nowhere (exit 2)."""
    path = user_path(text, what)
    if os.path.islink(path) and not os.path.exists(path):
        raise UsageError(
            N_(
                "{what} {path} is a symbolic link that leads nowhere (a missing file, or a "
                "loop).\nGive the file itself, or mend the link."
            ),
            what=what,
            path=str(path),
        )
    return path


class Unfit(Exception):
    """A path that is not a regular file cxhabits may read or write; `reason` says why."""

    def __init__(self, reason: Message, denied: bool = False) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.denied = denied  # refused by the file's permissions


def _stat(path: Path) -> os.stat_result | None:
    """The path's stat, None when nothing is there; Unfit for a link loop and the like."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there, or a link to nothing
        return None
    except OSError as exc:
        raise Unfit(Message(N_("cannot be opened: {error}"), error=exc.strerror or exc)) from None


def _kind(mode: int) -> Message | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Message(N_("is a folder"))
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return Message(N_("is a pipe, not a file"))
    return Message(N_("is a device, not a file"))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def data_folder_of(real: str, data_folder: Path | None) -> bool:
    """Whether the real path `real` lies in a cxhabits data folder: `data_folder` (or a
    file one of its entries links to), or a folder that holds a state or lock file."""
    if data_folder is not None:
        home = os.path.realpath(data_folder)
        if _inside(real, home):
            return True
        try:
            entries = list(os.scandir(home))
        except OSError:
            entries = []
        for entry in entries:  # state.toml or archive/ linked to a file elsewhere
            if entry.is_symlink() and _inside(real, os.path.realpath(entry.path)):
                return True
    parent = os.path.dirname(real)
    folders = [parent]
    if os.path.basename(parent) == "archive":  # a data folder's archive/
        folders.append(os.path.dirname(parent))
    return any(
        os.path.lexists(os.path.join(folder, mark))
        for folder in folders
        for mark in DATA_FOLDER_MARKS
    )


def check_target(path: Path, data_folder: Path | None, packs: bool = False) -> Path:
    """`path` as typed, when cxhabits may write a file there; Unfit with why otherwise.

    A new file, or an existing regular file that is not a share file and lies in no
    data folder (with `packs`, the data folder's own habits/ folder is allowed).
    Links are followed to what they name: a link never leads a write elsewhere.
    """
    check_replaceable(path)
    real = os.path.realpath(path)
    if SHARE_MARK in os.path.basename(real) or SHARE_MARK in path.name:
        raise Unfit(Message(N_("is a share file")))
    own_packs = packs and data_folder is not None
    if own_packs and _inside(real, os.path.realpath(Path(data_folder or ".") / PACK_FOLDER)):
        return path
    if data_folder_of(real, data_folder):
        raise Unfit(Message(N_("is in a cxhabits data folder")))
    return path


def check_folder(path: Path, data_folder: Path | None) -> Path:
    """`path`, when it is a folder outside every data folder that cxhabits may write into."""
    info = _stat(path)
    if info is None or not stat.S_ISDIR(info.st_mode):
        raise Unfit(Message(N_("is not a folder")))
    real = os.path.realpath(path)
    if data_folder_of(os.path.join(real, "x"), data_folder):
        raise Unfit(Message(N_("is a cxhabits data folder")))
    return path


def check_replaceable(path: Path) -> None:
    """Unfit unless `path` is absent or a regular file (links followed): what a rename
    over it may replace."""
    info = _stat(path)
    if info is not None and (kind := _kind(info.st_mode)) is not None:
        raise Unfit(kind)


def check_readable(path: Path) -> None:
    """Unfit unless `path` is a regular file (links followed), without opening it."""
    info = _stat(path)
    if info is None:
        raise Unfit(Message(N_("does not exist")))
    if (kind := _kind(info.st_mode)) is not None:
        raise Unfit(kind)


def too_big_reason(limit: int) -> Message:
    if limit >= MEGABYTE:
        return Message(N_("is larger than {size} MB"), size=limit // MEGABYTE)
    return Message(N_("is larger than {size} KB"), size=limit // 1024)


MEGABYTE = 1024 * 1024


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; Unfit otherwise.

    Checked with os.stat before opening (never a FIFO or a device: opening one may
    block, reading one may never end), and again on the open file (it may have been
    swapped), reading at most one byte past the bound.
    """
    check_readable(Path(path))
    too_big = too_big_reason(limit)
    if os.stat(path).st_size > limit:
        raise Unfit(too_big)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        reason = Message(N_("cannot be read: {error}"), error=exc.strerror or exc)
        raise Unfit(reason, denied=isinstance(exc, PermissionError)) from None
    try:
        if (kind := _kind(os.fstat(fd).st_mode)) is not None:
            raise Unfit(kind)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise Unfit(Message(N_("cannot be read: {error}"), error=exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise Unfit(too_big)
    return b"".join(chunks)


def refuse(path: object, problem: Unfit, advice: str, what: str = "") -> UsageError:
    """The plain refusal (exit 2) of a typed path: what it is, then what to do;
    `what` names the option it was typed for (`--html`), when one was."""
    if what:
        return UsageError(
            N_("{what} {path} {problem}.\n{advice}"),
            what=what,
            path=str(path),
            problem=problem.reason,
            advice=Message(advice),
        )
    return UsageError(
        N_("{path} {problem}.\n{advice}"),
        path=str(path),
        problem=problem.reason,
        advice=Message(advice),
    )
