"""The team folder on disk: writing this person's share file, reading everyone's.

Kept light: the plain check-in path (no Typer, Click or Rich) refreshes the share
file after each save, so this module imports only the standard library and the
pure modules, and reads just the library files of the habits it shares.
"""

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits import __version__, paths
from cxhabits.atomic import write_file
from cxhabits.clock import today  # the same day, CXHABITS_TODAY included, as every command
from cxhabits.domain.model import Sharing, State
from cxhabits.errors import CxHabitsError
from cxhabits.i18n import N_, _
from cxhabits.library import packs
from cxhabits.team import document as sharing
from cxhabits.team.document import HabitFacts

FACTS_CACHE = "share-facts.tsv"  # in the data folder: habit id, role, principle, shareable


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
                write_file(cache, "\n".join([key, *rows, ""]).encode("utf-8"), mode=0o600)
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


LEFTOVERS = "share-leftovers.txt"  # in the data folder: old share files still to remove
WRITTEN = r'\n  "written": "(\d{4}-W\d{2})",\n'  # compiled on first use, as every pattern here


def read_bounded(path: str | Path) -> bytes:
    """The bytes of a share file (a regular file of at most MAX_FILE_BYTES); Unreadable
    with why otherwise (paths.read_bounded: never a pipe or a device)."""
    try:
        return paths.read_bounded(path, sharing.MAX_FILE_BYTES)
    except paths.Unfit as exc:
        kind = Denied if exc.denied else Unreadable
        raise kind(str(exc.reason)) from None


def _current_text(path: Path) -> str | None:
    with contextlib.suppress(Unreadable, UnicodeDecodeError):
        return read_bounded(path).decode("utf-8")
    return None


def document_text(home: Path, state: State, choice: Sharing, written: str | None = None) -> str:
    document = sharing.share_document(
        state, choice, habit_facts(home, state), written or sharing.week_of(today())
    )
    return sharing.to_json(document) + "\n"


def write(home: Path, state: State) -> tuple[Path, bool]:
    """Bring the share file of `state.sharing` up to date: (its path, whether it was
    written). Written only when its content changes, `written` then this week; an
    unchanged content leaves the file alone (bytes and modified time). OSError when the
    folder is not writable."""
    choice = state.sharing
    if choice is None:
        raise ValueError("not sharing")
    path = share_path(choice)
    facts = habit_facts(home, state)
    current = _current_text(path)
    if current is not None and (found := re.search(WRITTEN, current)):
        unchanged = sharing.share_document(state, choice, facts, found[1])
        if sharing.to_json(unchanged) + "\n" == current:
            return path, False
    document = sharing.share_document(state, choice, facts, sharing.week_of(today()))
    try:
        paths.check_replaceable(path)  # a pipe, a device or a folder in its place: left alone
    except paths.Unfit as exc:
        raise OSError(0, str(exc.reason), str(path)) from None
    write_file(path, (sharing.to_json(document) + "\n").encode("utf-8"))
    return path, True


def remove(path: Path) -> bool:
    """Remove a share file: True when it is gone (or was), False when that cannot be
    known or done now (the folder is offline, or not writable): then it is still there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return path.parent.is_dir()  # a folder that is not there may come back with it
    except OSError:
        return False
    return True


def remove_later(home: Path, path: Path) -> None:
    """Keep `path` to remove at a later save (per device, in the data folder)."""
    pending = [*leftovers(home), str(path)]
    text = "\n".join(dict.fromkeys(pending)) + "\n"
    write_file(home / LEFTOVERS, text.encode("utf-8"), mode=0o600)


def leftovers(home: Path) -> list[str]:
    """The old share files still to remove; only names `share` writes are ever kept."""
    try:
        text = (home / LEFTOVERS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [
        line
        for line in text.splitlines()
        if os.path.isabs(line) and re.fullmatch(sharing.FILE_NAME, os.path.basename(line))
    ]


def clear_leftovers(home: Path, keep: Path | None = None) -> list[str]:
    """Remove what can be removed of the old share files now; the paths removed."""
    pending = leftovers(home)
    if not pending:
        return []
    removed = [p for p in pending if (keep is None or Path(p) != keep) and remove(Path(p))]
    rest = [p for p in pending if p not in removed and (keep is None or Path(p) != keep)]
    with contextlib.suppress(OSError):
        if rest:
            write_file(home / LEFTOVERS, ("\n".join(rest) + "\n").encode("utf-8"), mode=0o600)
        else:
            (home / LEFTOVERS).unlink()
    return removed


def refresh(home: Path, state: State) -> None:
    """After a save landed: bring the share file up to date and remove old ones whose
    folder is back, never failing the save. A problem is one line on stderr."""
    if os.path.exists(home / LEFTOVERS):
        keep = share_path(state.sharing) if state.sharing is not None else None
        for path in clear_leftovers(home, keep):
            with contextlib.suppress(OSError, ValueError):
                print(_("Removed your old share file {path}.").format(path=path), file=sys.stderr)
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


class Denied(Unreadable):
    """A share file this user may not read (the folder's or the file's permissions)."""


# What sync clients call their copy of `x.cxhabits-share.json`, on the part of the file
# name after `.cxhabits-share` (a person's name is only ever in the part before it, as a
# slug: never spaces or brackets). Checked in this order.
COPIES = (
    (r"\.sync-conflict-\d{8}-\d{6}-[0-9A-Z]{7}\.json", N_("a copy Syncthing made")),
    (r" \(conflicted copy \d{4}-\d{2}-\d{2} \d{6}\)\.json", N_("a copy Nextcloud made")),
    (r" \([^()]*conflicted copy[^()]*\)\.json", N_("a copy Dropbox made")),
    (r" \(\d+\)\.json", N_("a numbered copy (Google Drive, Windows)")),
    (r"-[A-Za-z0-9][A-Za-z0-9_-]*\.json", N_("a copy OneDrive made (named after a device)")),
)


def copy_kind(name: str) -> str | None:
    """None for a share file cxhabits writes; else what made this copy (untranslated)."""
    if re.fullmatch(sharing.FILE_NAME, name):
        return None
    tail = name[name.find(".cxhabits-share") + len(".cxhabits-share") :]
    for pattern, kind in COPIES:
        if re.fullmatch(pattern, tail):
            return kind
    return N_("not a name cxhabits writes")


class Listing(NamedTuple):
    files: list[str]  # the file names to read
    left_out: list[tuple[str, str]]  # copies and odd names: (file name, why), not read


def share_files(folder: Path) -> Listing:
    """Every share file, and every copy of one a sync client made (reported, not read).

    CxHabitsError (exit 1) when the folder cannot be listed.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        raise CxHabitsError(
            N_("Cannot read {folder}: {error}.\nCheck that you may open the team folder."),
            folder=str(folder),
            error=exc.strerror or str(exc),
        ) from None
    listing = Listing([], [])
    for name in names:
        if name.startswith(".") or ".cxhabits-share" not in name:
            continue
        kind = copy_kind(name)
        if kind is None:
            listing.files.append(name)
        else:
            listing.left_out.append((name, _("{kind}, not read").format(kind=_(kind))))
    return listing


def read_raw(path: str | Path) -> Any:
    """The parsed JSON of one share file, or Unreadable with why."""
    data = read_bounded(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(_("not UTF-8 text")) from None
    try:
        import json  # the lead's command only: the check-in path never parses JSON

        return json.loads(text)
    except (ValueError, RecursionError):
        raise Unreadable(_("not valid JSON")) from None
