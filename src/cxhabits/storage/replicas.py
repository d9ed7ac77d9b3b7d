"""The devices' files in one data folder: finding them, and their facts as text.

Each device's state.toml (and each archive file) ends with a `[sync]` table this module
writes by hand: `seen` (the revision of each device it has merged) and `elements`, one
fact a line in a TOML literal string (read at C speed, and only when merging or saving):

    <device> <revision> <time> <key> = <JSON value>

Beside them: the copies a sync client makes of a file two writers changed (each client's
own naming), read as more of the same device's facts (merging is idempotent, so a copy
can only add what it holds), and the state.toml of the versions before devices/
(`legacy`), read as the facts of a device of its own, named after its content.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from cxhabits.domain.merge import Dot, Element, Replica
from cxhabits.storage.datafolder import DEVICE_ID, DEVICES_DIR, STATE_FILE

# Dropbox "X (Sam's conflicted copy 2026-01-31)", Nextcloud "X (conflicted copy 2026-01-31
# 101500)", Google Drive and Windows "X (1)", OneDrive "X-LAPTOP-7", Syncthing
# "X.sync-conflict-20260131-101500-ABCDEF7": each with the file's own extension after it.
_CONFLICT = (
    r"(?: \([^/()]*\)|-[A-Za-z0-9][A-Za-z0-9_-]*|\.sync-conflict-[0-9]{8}-[0-9]{6}-[A-Z0-9]{7})"
)
CONFLICT_COPY = re.compile(r"state" + _CONFLICT + r"\.toml")
_LINE = re.compile(r"([a-z0-9][a-z0-9-]{0,39}) ([0-9]{1,12}) (-?[0-9]{1,12}) ([^=]+?) = (.+)")
_REVISION = re.compile(rb"\nrevision = ([0-9]{1,12})\n")
_DEVICE = re.compile(rb'\ndevice = "([a-z0-9][a-z0-9-]{0,39})"\n')
STUB_SCHEMA = 4
LEGACY = "before-devices-"  # + the first 8 hex digits of the legacy file's SHA-256


def sync_tail(replica: Replica, seen: bool = True) -> str:
    """The `[sync]` table of a file: `seen` (a state file's), and the facts."""
    lines = sorted(
        f"{e.dot.device} {e.dot.revision} {e.dot.time} {e.key} = {_safe(e.value)}"
        for e in replica.elements
    )
    body = "".join(f"{line}\n" for line in lines)
    table = "\n[sync]\n"
    if seen:
        table += "seen = { " + ", ".join(f'"{d}" = {n}' for d, n in sorted(replica.seen.items()))
        table += " }\n"
    return table + f"elements = '''\n{body}'''\n"


def _safe(value: str) -> str:
    """JSON without a quote that could end the literal string, nor any control character."""
    return json.dumps(json.loads(value), ensure_ascii=True, sort_keys=True).replace("'", "\\u0027")


def elements_of(text: str) -> frozenset[Element]:
    """The facts of an `elements` string (a line that does not read is left out)."""
    found = set()
    for line in text.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None:
            continue
        device, revision, time, key, value = match.groups()
        try:
            canonical = json.dumps(
                json.loads(value), ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
        except ValueError:
            continue
        found.add(Element(key, canonical, Dot(device, int(revision), int(time))))
    return frozenset(found)


def seen_of(table: object) -> dict[str, int]:
    if not isinstance(table, Mapping):
        return {}
    return {
        d: n
        for d, n in table.items()
        if isinstance(d, str) and DEVICE_ID.fullmatch(d) and type(n) is int and n >= 0
    }


def peek(path: Path) -> tuple[str | None, int | None]:
    """The device and revision a device's state.toml names, from its first lines."""
    try:
        with open(path, "rb") as file:
            head = b"\n" + file.read(512)
    except OSError:
        return None, None
    device, revision = _DEVICE.search(head), _REVISION.search(head)
    return (
        device.group(1).decode() if device else None,
        int(revision.group(1)) if revision else None,
    )


def device_files(home: Path, me: str | None) -> list[Path]:
    """Every other device's state.toml, and every sync client's copy of one (this
    device's own included), in a stable order."""
    root = home / DEVICES_DIR
    try:
        folders = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return []
    found: list[Path] = []
    for folder in folders:
        if not (DEVICE_ID.fullmatch(folder.name) and folder.is_dir(follow_symlinks=False)):
            continue
        if folder.name != me:
            found.append(Path(folder.path) / STATE_FILE)
        found.extend(conflict_copies(Path(folder.path)))
    return found


def conflict_copies(folder: Path) -> list[Path]:
    try:
        names = sorted(e.name for e in os.scandir(folder) if CONFLICT_COPY.fullmatch(e.name))
    except OSError:
        return []
    return [folder / name for name in names]


def legacy_files(home: Path) -> list[Path]:
    """The state.toml of the versions before devices/ (unless it is the note that stops
    them), and each copy a sync client made of it."""
    found = [] if is_stub(home / STATE_FILE) else [home / STATE_FILE]
    found.extend(p for p in conflict_copies(home) if not is_stub(p))
    return [p for p in found if os.path.lexists(p)]


def is_stub(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(64).startswith(STUB_TEXT[:40])
    except OSError:
        return False


def legacy_device(raw: bytes) -> str:
    return LEGACY + hashlib.sha256(raw).hexdigest()[:8]


STUB_TEXT = (
    b"schema = 4\n"
    b"# This data folder is used through devices/: each device's records are in its own\n"
    b"# folder there. A cxhabits that does not know schema 4 says to update it: update\n"
    b"# cxhabits on that device; what it wrote before is merged on the next run.\n"
)


def digest(elements: Iterable[Element]) -> str:
    """A short name for a set of facts: two devices' records of a habit are the same
    facts exactly when their digests are."""
    text = "\n".join(sorted(f"{e.dot.device} {e.dot.revision} {e.key} {e.value}" for e in elements))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
