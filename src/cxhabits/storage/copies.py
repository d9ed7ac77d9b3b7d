"""The copies a sync client leaves beside a file that two devices changed between syncs.

A data folder in OneDrive, Dropbox, Syncthing, Nextcloud or Google Drive, used from two
devices that both saved before a sync, ends up with the file under its own name and the
other device's version under the client's conflict name:

- Dropbox: `state (Sam's conflicted copy 2026-01-31).toml`
- OneDrive: `state-LAPTOP-7.toml` (the device's name)
- Syncthing: `state.sync-conflict-20260131-101500-ABCDEF7.toml`
- Nextcloud: `state (conflicted copy 2026-01-31 101500).toml`
- Google Drive and Windows: `state (1).toml`

The same for an archive file (`archive/001-agent.x (1).toml`). Finding them costs one
directory listing of the data folder and one of archive/ (the status line pays for it);
merging them in is merging.py, loaded only when there is one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from cxhabits.storage.datafolder import ARCHIVE_DIR

MERGED_DIR = "merged"  # where copies go once their records are in state.toml

# What each client adds between a file's stem and its extension.
_MARK = (
    r"(?: \([^/()]{1,100}\)"  # Dropbox, Nextcloud, Google Drive, Windows
    r"|-[A-Za-z0-9][A-Za-z0-9_-]{0,62}"  # OneDrive
    r"|\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Z0-9]{7})"  # Syncthing
)


def keep_beside(source: Path) -> Path:
    """Keep what `source` (a file a sync client put in place during a save) holds under
    a copy's name beside it, so the next load merges it in; its path."""
    from cxhabits.atomic import write_file

    stem, suffix = source.name.removesuffix(".toml"), ".toml"
    number = 1
    while os.path.lexists(
        keep := source.with_name(f"{stem} (arrived during a save {number}){suffix}")
    ):
        number += 1
    try:
        os.link(source, keep)
    except OSError:  # no hard links here: a copy
        with open(source, "rb") as file:
            write_file(keep, file.read(), mode=0o600)
    return keep


def keep_arrived_archives(staged: Iterable[tuple[Path, Path]]) -> None:
    """Of a save's staged (temporary file, target) pairs: keep each archive file in place
    that holds something else than the save brings (a sync client put another device's
    version there meanwhile, with its state.toml) beside it, to be merged in."""
    for temp, target in staged:
        if target.parent.name != ARCHIVE_DIR or not os.path.lexists(temp):
            continue
        try:
            if not target.is_file() or target.is_symlink():
                continue
            if target.read_bytes() == temp.read_bytes():
                continue
        except OSError:
            continue
        keep_beside(target)


def copies_of(names: list[str], original: str) -> list[str]:
    """Those of `names` that are a sync client's copy of the file `original`."""
    stem, dot, extension = original.rpartition(".")
    pattern = re.compile(re.escape(stem) + _MARK + re.escape(dot + extension))
    return [n for n in names if n != original and pattern.fullmatch(n)]


def state_copies(home: Path) -> list[Path]:
    """The copies of state.toml beside it, in a stable order."""
    names = [n for n in toml_files(home) if n.startswith("state") and n != "state.toml"]
    return [home / name for name in copies_of(names, "state.toml")] if names else []


def archive_copies(home: Path, originals: list[str]) -> dict[str, list[Path]]:
    """Archive file name -> the copies of it in archive/ (for the names in `originals`,
    the archive files the state names: a name of its own is never taken for a copy)."""
    folder = home / ARCHIVE_DIR
    known = set(originals)
    others = [n for n in toml_files(folder) if n not in known]
    found: dict[str, list[Path]] = {}
    for original in originals if others else ():  # (no other file: no pattern compiled)
        found_here = copies_of(others, original)
        if found_here:
            found[original] = [folder / n for n in found_here]
    return found


def toml_files(folder: Path) -> list[str]:
    """The regular files of a folder whose names end in .toml (a link or a folder of
    that name is no copy a sync client made)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.name.endswith(".toml") and _regular_file(e))
    except OSError:
        return []


def _regular_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False
