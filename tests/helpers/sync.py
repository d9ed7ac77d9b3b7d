"""A simulated sync client: several devices' copies of one data folder, and a "cloud".

Each device has a folder of its own (its local copy of the synced data folder). A sync
step of one device does what OneDrive, Dropbox, Syncthing, Nextcloud and Google Drive
do: every file changed only here goes up, every file changed only in the cloud comes
down, a file deleted on one side and unchanged on the other is deleted, and a file both
sides changed since this device last synced is a conflict. In a conflict the cloud's
version keeps the name (it was there first) and this device's version is kept beside
it under the client's conflict name, on both sides; in last-writer-wins mode this
device's version replaces the cloud's, and the cloud's is gone.

What a sync carries: every file of the folder but the lock (`.lock`, a file every run
opens) and temporary files (`.NAME.HEX.tmp`, which live for the milliseconds of a save:
clients wait for a file to settle before they upload it). The journal is carried.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

MODES = ("dropbox", "onedrive", "syncthing", "nextcloud", "gdrive", "last-writer")
CONFLICT_MODES = MODES[:-1]


def conflict_name(mode: str, name: str, device: str, number: int, taken: set[str]) -> str:
    """The name `mode`'s client gives this device's version of `name` in a conflict."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ext = f".{extension}" if dot else ""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=number)
    while True:
        if mode == "dropbox":
            mark = f" ({device}'s conflicted copy {day.isoformat()})"
        elif mode == "onedrive":
            mark = f"-{device.upper()}" + (f"-{number}" if number > 1 else "")
        elif mode == "syncthing":
            token = (device.upper() + "000")[:3] + f"{number % 10000:04d}"
            mark = f".sync-conflict-{day.strftime('%Y%m%d')}-101500-{token}"
        elif mode == "nextcloud":
            mark = f" (conflicted copy {day.isoformat()} 1015{number % 60:02d})"
        else:  # Google Drive, Windows
            mark = f" ({number})"
        candidate = f"{stem}{mark}{ext}"
        if candidate not in taken:
            return candidate
        number += 1
        day += dt.timedelta(days=1)


class Cloud:
    """The cloud copy of the data folder, and what each device had at its last sync."""

    def __init__(self, root: Path, mode: str, devices: list[str]) -> None:
        self.mode = mode
        self.homes = {d: root / d / "cxhabits" for d in devices}
        self.files: dict[str, bytes] = {}
        self.base: dict[str, dict[str, bytes]] = {d: {} for d in devices}
        self.conflicts = 0  # conflict copies made (or, last writer wins, versions lost)
        self.syncs = 0

    def local(self, device: str) -> dict[str, bytes]:
        home = self.homes[device]
        if not home.is_dir():
            return {}
        found = {}
        for path in home.rglob("*"):
            if path.is_file() and not path.is_symlink() and carried(path.name):
                found[path.relative_to(home).as_posix()] = path.read_bytes()
        return found

    def sync(self, device: str) -> None:
        """One sync step of `device`."""
        self.syncs += 1
        home, base = self.homes[device], self.base[device]
        local = self.local(device)
        for rel in sorted(set(local) | set(base) | set(self.files)):
            mine, theirs, was = local.get(rel), self.files.get(rel), base.get(rel)
            if mine == theirs:
                self._settle(base, rel, mine)
                continue
            if mine != was and theirs == was:  # changed here only: up
                self._put_cloud(rel, mine)
                self._settle(base, rel, mine)
            elif theirs != was and mine == was:  # changed in the cloud only: down
                self._put_local(home, rel, theirs)
                self._settle(base, rel, theirs)
            else:
                self._conflict(device, home, base, rel, mine, theirs)

    def _conflict(
        self,
        device: str,
        home: Path,
        base: dict[str, bytes],
        rel: str,
        mine: bytes | None,
        theirs: bytes | None,
    ) -> None:
        self.conflicts += 1
        if self.mode == "last-writer":  # this device wrote last: its version stays
            self._put_cloud(rel, mine)
            self._settle(base, rel, mine)
            return
        if mine is None or theirs is None:  # deleted on one side, changed on the other
            kept = mine if mine is not None else theirs
            self._put_cloud(rel, kept)
            self._put_local(home, rel, kept)
            self._settle(base, rel, kept)
            return
        folder, _sep, name = rel.rpartition("/")
        taken = {r.rpartition("/")[2] for r in (*self.files, *self.local(device))}
        copy = conflict_name(self.mode, name, device, self.conflicts, taken)
        copy_rel = f"{folder}/{copy}" if folder else copy
        self._put_cloud(copy_rel, mine)
        self._put_local(home, copy_rel, mine)
        self._settle(base, copy_rel, mine)
        self._put_local(home, rel, theirs)
        self._settle(base, rel, theirs)

    def _put_cloud(self, rel: str, data: bytes | None) -> None:
        if data is None:
            self.files.pop(rel, None)
        else:
            self.files[rel] = data

    @staticmethod
    def _put_local(home: Path, rel: str, data: bytes | None) -> None:
        path = home / rel
        if data is None:
            if path.exists():
                path.unlink()
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".sync-download")  # a client's own download
        temp.write_bytes(data)
        os.replace(temp, path)

    @staticmethod
    def _settle(base: dict[str, bytes], rel: str, data: bytes | None) -> None:
        if data is None:
            base.pop(rel, None)
        else:
            base[rel] = data


def carried(name: str) -> bool:
    """Whether a sync carries a file of this name (see the module's doc)."""
    return name != ".lock" and not name.endswith((".tmp", ".sync-download"))
