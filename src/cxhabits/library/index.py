"""The pack index: the packs beside the shipped library, as read, in one JSON file.

The user's own packs and the team folders' are read and checked once, and what came of
it (roles, habits, problems, notes, mandates, file by file) is kept in `pack-index.json`
in the data folder, so `library`, `pick`, `show`, `streak` and `history` read one file
instead of a folder of packs. The index is used only for the very files it was made
from: the same paths in the same order, each with the same size, modification time and
change time (nanoseconds), and only by the same version of cxhabits in the same language
(problems are worded when a pack is read). Anything else, or an index that cannot be
read, and the packs are read again and a new index is written.

A pack changed in the last two seconds is not indexed: on a file system whose clock
ticks coarsely, a second change in the same tick and of the same size would not show.
The index is a cache, written atomically by the caller's writer (the data folder's); it
is never needed: a folder where it cannot be written just reads the packs each time.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits import __version__
from cxhabits.i18n import language
from cxhabits.library.packs import Habit, Pack, Problem, Role

INDEX_FILE = "pack-index.json"
FORMAT = 1
SETTLED_NS = 2_000_000_000  # a pack younger than this is read, not indexed
Fingerprint = list[Any]  # [path, size, mtime_ns, ctime_ns]


class PackIndex(NamedTuple):
    """Where the index is, and how to write a file there (atomically)."""

    path: Path
    write: Callable[[Path, str], None]


def fingerprints(files: Iterable[Path]) -> list[Fingerprint] | None:
    """Each file's path, size, modification and change time; None if one is gone."""
    found: list[Fingerprint] = []
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            return None
        found.append([str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns])
    return found


def key_of(files: Sequence[Path]) -> dict[str, Any] | None:
    """What an index must have been made from to be used for `files` now."""
    found = fingerprints(files)
    if found is None:
        return None
    return {"format": FORMAT, "version": __version__, "language": language(), "files": found}


def settled(key: dict[str, Any]) -> bool:
    """No file of `key` changed so recently that a second change could hide in its tick."""
    now = time.time_ns()
    return all(now - mtime >= SETTLED_NS for _path, _size, mtime, _ctime in key["files"])


def load(index: PackIndex, key: dict[str, Any]) -> list[Pack] | None:
    """The packs the index holds, if it was made from exactly `key`; else None."""
    import json

    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
        with open(index.path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_INDEX_BYTES:
                return None
            doc = json.loads(handle.read())
        if doc.get("key") == key:
            return [_pack_from(raw) for raw in doc["packs"]]
    return None


def save(index: PackIndex, key: dict[str, Any], packs: list[Pack]) -> None:
    """Keep `packs` as read from the files of `key` (not when a file is too fresh)."""
    import json

    if not settled(key):
        return
    text = json.dumps({"key": key, "packs": [_pack_to(pack) for pack in packs]})
    with contextlib.suppress(OSError):
        index.write(index.path, text + "\n")


# A pack is at most a few KB; 10,000 of them are some 30 MB: beyond this, no index.
MAX_INDEX_BYTES = 256 * 1024 * 1024


# -- packs to JSON and back -------------------------------------------------------


def _problem_to(problem: Problem) -> list[str]:
    return [str(problem.file), problem.habit, problem.field, problem.message]


def _problem_from(raw: list[str]) -> Problem:
    file, habit, field, message = raw
    return Problem(Path(file), str(habit), str(field), str(message))


def _habit_to(habit: Habit) -> dict[str, Any]:
    return {**habit._asdict(), "source": str(habit.source)}


def _habit_from(raw: dict[str, Any]) -> Habit:
    return Habit(**{**raw, "source": Path(raw["source"])})


def _pack_to(pack: Pack) -> dict[str, Any]:
    return {
        "file": str(pack.file),
        "role": None if pack.role is None else {"id": pack.role.id, "name": pack.role.name},
        "habits": [_habit_to(habit) for habit in pack.habits],
        "problems": [_problem_to(problem) for problem in pack.problems],
        "notes": [_problem_to(note) for note in pack.notes],
        "mandate": pack.mandate,
    }


def _pack_from(raw: dict[str, Any]) -> Pack:
    role = raw["role"]
    return Pack(
        file=Path(raw["file"]),
        role=None if role is None else Role(str(role["id"]), dict(role["name"])),
        habits=[_habit_from(habit) for habit in raw["habits"]],
        problems=[_problem_from(problem) for problem in raw["problems"]],
        notes=tuple(_problem_from(note) for note in raw["notes"]),
        mandate=raw["mandate"],
    )
