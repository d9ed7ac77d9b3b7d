"""What one command remembers about the data folders it reads and writes: one context
per run, in place of a cache in each module.

A command begins a run (`begin`, from the Typer commands' wrapper and the fast path), so
a second command in the same process (Typer's CliRunner in the tests, a script) never
takes what the first one read for current. Everything here is keyed by path and checked
against the file's identity where it is a copy of a file's contents.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxhabits.storage.extras import Extras
    from cxhabits.storage.merging import Taken

Fingerprint = tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns


class Run:
    """The memory of one command; plain attributes, so the status line pays nothing."""

    __slots__ = ("archives", "extras", "loaded", "merge_lines", "notices", "read_into", "taken")

    def __init__(self) -> None:
        # Archive documents read, with the identity of the file read: a check-in of a
        # routine habit reads its archive, and the save checks the same file again.
        self.archives: dict[Path, tuple[Fingerprint, dict[str, Any]]] = {}
        # What the last load of each state file did not understand (storage/extras.py).
        self.extras: dict[Path, tuple[Fingerprint, Extras]] = {}
        # The identity of state.toml as each data folder's last load read it (None: missing).
        self.loaded: dict[Path, Fingerprint | None] = {}
        # What the last save merged in from a sync client's copies, for the command to say.
        self.merge_lines: dict[Path, str] = {}
        # Archive file -> its identity when its records were read into a record in memory
        # (the undo of a routine habit's last check-in may then empty it: store.py).
        self.read_into: dict[Path, Fingerprint] = {}
        # Said on stderr when the process ends, unless a refusal said it (store.py).
        self.notices: dict[Path, str] = {}
        # Data folder -> the copies its last load merged in.
        self.taken: dict[Path, Taken] = {}


_current = Run()


def current() -> Run:
    return _current


def begin() -> Run:
    """A fresh run: a command starts here. Notices the last one did not say yet stay."""
    global _current
    notices = _current.notices
    _current = Run()
    _current.notices = notices
    return _current
