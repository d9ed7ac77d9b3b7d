"""A command's save: the state as one change, then the team's copy of it.

The store knows nothing of sharing; the commands save through here, so the share file
follows every save that landed (and a failure to refresh it never undoes the save).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from cxhabits.domain.merge import MergeNews
from cxhabits.domain.model import State
from cxhabits.i18n import N_, _
from cxhabits.storage import store

KINDS = {
    "checkin": N_("check-ins"),
    "skip": N_("skipped days"),
    "rating": N_("self-checks"),
    "pause": N_("pauses"),
    "habit": N_("habit changes"),
    "anchor": N_("anchors"),
    "setting": N_("settings"),
    "sharing": N_("the share choice"),
    "removed": N_("removals"),
}


def save(folder: Path, state: State) -> None:
    """Save `state` (see `store.save`), saying in one line what other devices' records it
    merged; when sharing is on, refresh the share file from the merged state."""
    news = store.save(folder, state)
    if news is not None:
        with contextlib.suppress(OSError, ValueError):
            print(merge_line(news), file=sys.stderr, flush=True)
    merged = store.load(folder) if news is not None else state
    if merged.sharing is not None:  # the state landed: the team's copy follows (never fails)
        from cxhabits.team import folder as shared_folder

        shared_folder.refresh(folder, merged)


def merge_line(news: MergeNews) -> str:
    """One line: what arrived from which devices, and where two of them disagreed."""
    parts = ", ".join(
        f"{_(KINDS[kind])}: {count}" for kind, count in sorted(news.counts.items()) if kind in KINDS
    )
    devices = ", ".join(news.devices) or _("another device")
    line = _("Merged what other devices recorded ({devices}; {what}).").format(
        devices=devices, what=parts
    )
    if news.disagreements:
        line += " " + _(
            "Where two devices disagreed, the later change was kept (of two notes, both): {what}."
        ).format(what=", ".join(dict.fromkeys(_shown(key) for key in news.disagreements)))
    return line


def _shown(key: str) -> str:
    """A fact's key as a person reads it: `language`, `agent.aaa 2026-11-03`."""
    kind, *rest = key.split(" ")
    if kind == "setting":
        return rest[0]
    if kind in ("checkin", "skip", "rating", "anchor") and len(rest) == 3:
        return f"{rest[0]} {rest[2]}"
    return " ".join(rest[:1]) or kind
