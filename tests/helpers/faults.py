"""Fault injection into the os calls of a save (used by test_save_faults, test_store_machine)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxhabits.library.index import INDEX_FILE
from cxhabits.storage import datafolder
from cxhabits.team.folder import FACTS_CACHE

# Caches beside the data: made anew from the packs whenever they are missing or stale, so
# writing one is not a change to what is recorded (a refused command may leave one).
CACHES = frozenset({INDEX_FILE, FACTS_CACHE})

CALLS = ("open", "write", "fsync", "link", "replace", "unlink", "mkdir")


class Crash(BaseException):
    """The process dies here: nothing after it runs, not even clean-up."""


class Injector:
    """Counts the os calls of a save, and fails or crashes at the chosen one."""

    def __init__(self, at: int | None = None, mode: str = "once", code: int = 0) -> None:
        self.at, self.mode, self.code = at, mode, code
        self.count = 0
        self.failing: str | None = None  # the kind of call that failed
        self.calls: list[str] = []

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            index = self.count
            self.count += 1
            self.calls.append(name)
            if self.at is not None:
                if self.mode == "crash" and index >= self.at:
                    raise Crash
                if index == self.at or (self.mode == "persist" and self.failing == name):
                    self.failing = name
                    if name == "write":  # half of it reaches the disk first
                        real(args[0], bytes(args[1])[: len(args[1]) // 2])
                    raise OSError(self.code, os.strerror(self.code))
            return real(*args, **kwargs)

        return call

    def install(self, mp: pytest.MonkeyPatch) -> None:
        for name in CALLS:
            mp.setattr(os, name, self.wrap(name, getattr(os, name)))


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file in the data folder, byte for byte: not the lock file (its content is
    nothing), not a cache (made anew from the packs)."""
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != datafolder.LOCK_FILE and p.name not in CACHES
    }


def temporary(home: Path) -> list[str]:
    return [p.name for p in home.rglob("*") if p.name.endswith(".tmp")]
