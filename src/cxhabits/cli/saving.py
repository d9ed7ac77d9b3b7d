"""A command's save: the state as one change, then the team's copy of it.

The store knows nothing of sharing; the commands save through here, so the share file
follows every save that landed (and a failure to refresh it never undoes the save).
"""

from __future__ import annotations

import os
from pathlib import Path

from cxhabits.domain.model import State
from cxhabits.storage import store

LEFTOVERS = "share-leftovers.txt"  # team/folder.py's: named here so a save imports nothing


def save(folder: Path, state: State) -> None:
    """Save `state` (see `store.save`); when sharing is on, refresh the share file."""
    store.save(folder, state)
    # The state landed: the team's copy follows (never fails), and an old share file that
    # could not be removed before (its folder offline) is removed once it is back.
    if state.sharing is not None or os.path.exists(os.path.join(folder, LEFTOVERS)):
        from cxhabits.team import folder as shared_folder

        shared_folder.refresh(folder, state)
