"""The team folder on disk: writing this person's share file, reading everyone's.

Kept light: the plain check-in path (no Typer, Click or Rich) refreshes the share
file after each save, so this module imports only the standard library and the
pure modules, and reads just the library files of the habits it shares.
"""

import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import Any

from cxhabits import __version__
from cxhabits.clock import today  # the same day, CXHABITS_TODAY included, as every command
from cxhabits.domain.model import Sharing, State
from cxhabits.errors import CxHabitsError
from cxhabits.i18n import _
from cxhabits.library import packs
from cxhabits.team import document as sharing
from cxhabits.team.document import HabitFacts

FACTS_CACHE = "share-facts.tsv"  # in the data folder: habit id, role, principle, shareable
MAX_SHARE_FILE_BYTES = 1_000_000  # a real one is a few kilobytes
# What sync clients call a second copy: Dropbox "(conflicted copy)", OneDrive "-conflict-",
# Syncthing ".sync-conflict-", and "name (1)". Dropbox puts its words before ".json".
# A pattern, compiled by `re` on first use: the check-in's refresh never needs it.
CONFLICTED = r"(?i)conflicted|-conflict-|sync-conflict|\s?\(\d+\)"


def new_person_id() -> str:
    import secrets  # only at opt-in: it costs the check-in path a few imports

    return secrets.token_hex(8)


def share_path(choice: Sharing) -> Path:
    return Path(choice.folder) / sharing.file_name(choice)


# -- facts from the library -----------------------------------------------------


def habit_facts(home: Path, state: State) -> dict[str, HabitFacts]:
    """Role, principle and whether the id may leave the machine, for every habit in state.

    Kept in `share-facts.tsv` in the data folder (per cxhabits version and `packs`
    setting), so a check-in reads no habit pack: a pack is read only for an id new here.
    A line of tab-separated ids, not JSON: json's import compiles regexes (~2 ms).
    """
    wanted = {record.id for record in state.habits}
    key = f"{__version__}\t{state.settings.packs!r}"
    cache = home / FACTS_CACHE
    cached: dict[str, HabitFacts] = {}
    with contextlib.suppress(OSError, ValueError):
        first, *lines = cache.read_text(encoding="utf-8").splitlines()
        if first == key:
            for line in lines:
                habit_id, role, principle, shareable = line.split("\t")
                cached[habit_id] = HabitFacts(role, principle or None, shareable == "1")
    facts = {habit_id: cached[habit_id] for habit_id in wanted if habit_id in cached}
    missing = wanted - set(facts)
    if missing:
        found = look_up_facts(home, state, missing)
        facts.update(found)
        if found:  # an id found nowhere is not kept: its pack may come back
            rows = [
                f"{i}\t{f.role}\t{f.principle or ''}\t{int(f.shareable)}"
                for i, f in sorted({**cached, **found}.items())
            ]
            with contextlib.suppress(OSError):
                write_atomically(cache, "\n".join([key, *rows]) + "\n", mode=0o600)
    return facts


def look_up_facts(home: Path, state: State, wanted: set[str]) -> dict[str, HabitFacts]:
    """Shipped role files first, then the team pack folders (`packs`), then the
    person's own packs; each read only for the ids still missing."""

    facts: dict[str, HabitFacts] = {}
    shipped = packs.shipped_dir()
    roles = {habit_id.split(".")[0] for habit_id in wanted}
    for role in sorted(roles):
        path = shipped / f"{role}.toml"
        if role in packs.SHIPPED_ROLES and path.is_file():
            for habit in packs.read_pack(path, only=wanted).habits:
                facts[habit.id] = HabitFacts(habit.role, habit.principle, True)
    sources = [(Path(folder).expanduser(), True) for folder in state.settings.packs]
    sources.append((home / "habits", False))
    for folder, shareable in sources:
        missing = wanted - set(facts)
        if not missing:
            break
        for path in packs.pack_files(folder):
            for habit in packs.read_pack(path, known_roles=roles, only=missing).habits:
                facts.setdefault(habit.id, HabitFacts(habit.role, habit.principle, shareable))
    return facts


# -- writing --------------------------------------------------------------------


def write_atomically(path: Path, text: str, mode: int = 0o644) -> None:
    """A temporary file beside `path`, renamed over it: a reader never sees a torn file."""
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)  # no fsync: the next save writes it again; the rename keeps it whole
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def document_text(home: Path, state: State, choice: Sharing) -> str:
    document = sharing.share_document(
        state, choice, habit_facts(home, state), today(), dt.datetime.now(dt.UTC)
    )
    return sharing.to_json(document) + "\n"


def write(home: Path, state: State) -> Path:
    """Write the share file of `state.sharing` (OSError when the folder is not writable)."""
    choice = state.sharing
    if choice is None:
        raise ValueError("not sharing")
    path = share_path(choice)
    write_atomically(path, document_text(home, state, choice))
    return path


def remove(choice: Sharing) -> Path:
    """Remove a share file (gone already is fine); OSError when it cannot be removed."""
    path = share_path(choice)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return path


def refresh(home: Path, state: State) -> None:
    """After a save landed: bring the share file up to date, never failing the save.

    A problem is one line on stderr; the command that saved goes on as if shared.
    """
    if state.sharing is None:
        return
    try:
        write(home, state)
    except Exception as exc:  # the save has landed: whatever goes wrong here, it stands
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if not isinstance(exc, (OSError, CxHabitsError)):
            problem = f"{type(exc).__name__}: {problem}"
        with contextlib.suppress(OSError, ValueError):
            print(
                _(
                    "Your progress is saved, but the share file in {folder} could not be "
                    "updated ({problem}); see 'cxhabits share'."
                ).format(folder=state.sharing.folder, problem=problem),
                file=sys.stderr,
            )


# -- reading the team's files ------------------------------------------------------


class Unreadable(Exception):
    """A share file that is left out, with why (the message)."""


def share_files(folder: Path) -> list[Path]:
    """Every share file, and every sync client's copy of one (to report, not read)."""
    return sorted(p for p in folder.glob("*.cxhabits-share*.json") if not p.name.startswith("."))


def read_raw(path: Path) -> Any:
    """The parsed JSON of one share file, or Unreadable with why."""
    if re.search(CONFLICTED, path.name) or not path.name.endswith(sharing.SUFFIX):
        raise Unreadable(_("a sync client's conflicted copy"))
    try:
        if not path.is_file():
            raise Unreadable(_("not a regular file"))
        if path.stat().st_size > MAX_SHARE_FILE_BYTES:
            raise Unreadable(_("larger than a share file can be"))
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise Unreadable(_("cannot be read: {error}").format(error=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise Unreadable(_("not UTF-8 text")) from None
    try:
        import json  # the lead's command only: the check-in path never parses JSON

        return json.loads(text)
    except (ValueError, RecursionError):
        raise Unreadable(_("not valid JSON")) from None
