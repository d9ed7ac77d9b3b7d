"""Where state lives, and reading and writing it without ever losing a record.

A save is one change across its files (state.toml, its backup state.toml.bak, the
archive files): all of it lands or none of it (journal.py says how). Every
load-change-save runs under the data folder's lock (datafolder.py, which also
completes or removes what a stopped run left). On top of that:

- an archive file is only replaced by a newer version of the record it holds
  (same habit id and pick date, read from the file first), never by an empty one;
- a missing state.toml is a fresh start only when no backup and no archive/ are
  there; otherwise writing is refused and reading says so once on stderr;
- what this version does not know in a file is kept (Extras, remembered
  with the file's identity at load, re-read at save if the file changed);
- a state.toml that is a symbolic link is written through to its target.

The format itself is in schema.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits import platform
from cxhabits.domain.model import CheckIn, HabitRecord, Rating, Skip, State
from cxhabits.errors import Message, StateError
from cxhabits.i18n import N_, _
from cxhabits.storage import copies, journal, run, schema
from cxhabits.storage.datafolder import (
    ARCHIVE_DIR,
    BACKUP_FILE,
    JOURNAL_FILE,
    STATE_FILE,
    ensure_home,
    holds_lock,
    locked,
    state_path,
    write_target,
)
from cxhabits.storage.extras import ArchiveExtras, Entries, Extras, archive_extras, state_extras
from cxhabits.storage.fields import FormatProblem, check_habit_id
from cxhabits.storage.schema import SCHEMA

MAX_NESTING = 32  # tables and arrays in a state or archive file; beyond it, broken


# -- load and save -------------------------------------------------------------


def _broken(path: Path, what: Message) -> StateError:
    """The message for a file that cannot be used; the file itself is never touched."""
    backup = path.with_name(BACKUP_FILE)
    if path.name == STATE_FILE and backup.exists():
        hint = Message(
            N_(
                "Restore {backup} (see the README), or move the whole folder aside to start afresh."
            ),
            backup=backup,
        )
    else:
        hint = Message(N_("Fix it by hand, or move it aside; cxhabits will not overwrite it."))
    sentence = Message(N_("The file {path} {problem}."), path=path, problem=what)
    return StateError(N_("{sentence}\n{hint}"), sentence=sentence, hint=hint)


Fingerprint = run.Fingerprint


def _read_toml_with_fingerprint(path: Path) -> tuple[dict[str, Any], Fingerprint] | None:
    """A parsed TOML file and the identity of the file read, None if it does not exist;
    refused (untouched) if broken."""
    try:
        with open(path, "rb") as file:
            raw = file.read()
            info = os.fstat(file.fileno())
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateError(
            N_("Cannot read {path}: {error}.\nCheck its permissions."),
            path=path,
            error=exc.strerror or exc,
        ) from None
    fingerprint = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark from an editor: not content
        raw = raw[3:]
    if not raw.strip():
        raise _broken(path, Message(N_("is empty")))
    try:
        doc = _loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _broken(path, Message(N_("is not UTF-8 text"))) from None
    except tomllib.TOMLDecodeError as exc:
        raise _broken(path, Message(N_("is not valid TOML ({error})"), error=exc)) from None
    except RecursionError:
        raise _broken(path, Message(N_("is nested too deeply to read"))) from None
    except ValueError as exc:  # e.g. a whole number of more than 4,300 digits
        raise _broken(path, Message(N_("is not valid TOML ({error})"), error=exc)) from None
    if _nesting(doc) > MAX_NESTING:
        raise _broken(path, Message(N_("is nested too deeply to read")))
    return doc, fingerprint


CHECKINS_OPEN = "\ncheckins = [\n"  # how tomli_w writes a non-empty top-level array
DATE_LINES = r"(?:    [0-9]{4}-[0-9]{2}-[0-9]{2},\n)*    [0-9]{4}-[0-9]{2}-[0-9]{2},?"


def _loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, with the check-in days read at C speed.

    tomllib parses value by value in Python: ten years of a habit's check-ins (3,650
    dates) took most of an export. The top-level `checkins` array as cxhabits writes it
    (one plain YYYY-MM-DD date a line) is cut out and read with `date.fromisoformat`;
    the rest goes to tomllib. Anything unexpected (a table before it, a multi-line
    string, a line that is not a plain date) is left to tomllib whole, as is any error.
    """
    start = text.find(CHECKINS_OPEN)
    end = text.find("\n]", start + len(CHECKINS_OPEN)) if start >= 0 else -1
    head = text[: start + 1]
    if end < 0 or head.startswith("[") or "\n[" in head or '"""' in head or "'''" in head:
        return tomllib.loads(text)
    body = text[start + len(CHECKINS_OPEN) : end]
    if not re.fullmatch(DATE_LINES, body):
        return tomllib.loads(text)
    try:
        days = [dt.date.fromisoformat(line[4:14]) for line in body.split("\n")]
    except ValueError:  # a day that is not in the calendar: tomllib says where
        return tomllib.loads(text)
    try:
        doc = tomllib.loads(head + "checkins = []" + text[end + 2 :])
    except tomllib.TOMLDecodeError:
        return tomllib.loads(text)  # the error as the whole file gives it, line and all
    if doc.get("checkins") != []:
        return tomllib.loads(text)
    doc["checkins"] = days
    return doc


def _nesting(doc: dict[str, Any]) -> int:
    """How deeply tables and arrays nest in a parsed document (without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return deepest


def _read_archive(path: Path) -> tuple[dict[str, Any], Fingerprint] | None:
    """An archive file parsed, once per version of the file in this process."""
    cached = run.current().archives.get(path)
    if cached is not None and cached[0] == _fingerprint(path):
        return cached[1], cached[0]
    found = _read_toml_with_fingerprint(path)
    if found is not None:
        run.current().archives[path] = (found[1], found[0])
    return found


def _fingerprint(path: Path) -> Fingerprint | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _check_schema(path: Path, doc: dict[str, Any]) -> None:
    version = doc.get("schema")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA:
        raise StateError(
            N_(
                "{path} was written by a newer cxhabits (schema {version}; this one knows "
                "{known}).\nUpgrade cxhabits: the file is left as it is."
            ),
            path=path,
            version=version,
            known=SCHEMA,
        )


def load(home: Path) -> State:
    """The state, without the check-ins of finished habits (see `load_full`).

    A missing file is a fresh start only when nothing else is there (see
    `_missing_state`); a broken one is refused and left as it is.
    """
    if home.exists() and not home.is_dir():
        ensure_home(home)  # raises the clear message
    if not holds_lock(home) and os.path.lexists(home / JOURNAL_FILE):
        with locked(home):  # a save is under way or was cut short: wait, or complete it
            pass
    path = state_path(home)
    if platform.placeholder(path):  # in the cloud, not here: never a fresh start
        raise StateError(
            N_(
                "{path} is in the cloud but not on this computer yet (OneDrive or iCloud).\n"
                "Download it (OneDrive: right-click the folder, Always keep on this device), "
                "then try again."
            ),
            path=path,
        )
    found = _read_toml_with_fingerprint(path)
    run.current().loaded[home] = found[1] if found is not None else None
    state_copies = copies.state_copies(home)
    if found is None and not state_copies:
        _missing_state(home)
        return State()
    state = State()
    if found is not None:
        doc, fingerprint = found
        _check_schema(path, doc)
        try:
            migrated = schema.migrate(doc)
            state = schema.state_from_document(migrated)
        except FormatProblem as exc:
            raise _broken(path, Message(N_("has a problem: {problem}"), problem=exc)) from None
        run.current().extras[home] = (fingerprint, state_extras(migrated))
    if state_copies or _archive_copies(home, state):
        from cxhabits.storage import merging  # only when a sync client left a copy

        return merging.with_copies(home, state, state_copies)
    return state


def _keep_arrived(home: Path, target: Path, change: journal.Change) -> None:
    """Just before a save switches in: a state.toml that is no longer the one the
    command read (a sync client put another device's version in place meanwhile) is
    kept beside it under a copy's name, so the next load merges it in; so are the
    archive files that came with it."""
    if home not in run.current().loaded:
        return  # (a save without a load: a script, a test)
    expected = run.current().loaded[home]
    current = _fingerprint(target)
    if current is None or current == expected:
        return
    copies.keep_beside(target)
    copies.keep_arrived_archives(change.renames)


def _archive_copies(home: Path, state: State) -> bool:
    """Whether archive/ holds a sync client's copy of an archive file this state names
    (one listing of archive/, only when a habit is finished)."""
    finished = [(i, r.id) for i, r in enumerate(state.habits) if r.status != "active"]
    if not finished:
        return False
    # (names compared only, never opened: the ids were checked when the state was read)
    names = [f"{index + 1:03d}-{habit}.toml" for index, habit in finished]
    return bool(copies.archive_copies(home, names))


def _missing_state(home: Path) -> None:
    """No state.toml: refuse to write when a backup or archives are there (they would be
    orphaned or overwritten); when only reading, say so on stderr (once, as the run
    ends, see `pending_notice`) and go on as empty."""
    backup, archive = home / BACKUP_FILE, home / ARCHIVE_DIR
    archived = os.path.lexists(archive) and not _empty_folder(archive)
    if not (os.path.lexists(backup) or archived):
        return
    path = state_path(home)
    found = ", ".join(
        name
        for name, there in ((BACKUP_FILE, os.path.lexists(backup)), (ARCHIVE_DIR + "/", archived))
        if there
    )
    if os.path.lexists(backup):
        restore = _("Restore the backup: cp {backup} {path}").format(
            backup=_quoted(backup), path=_quoted(path)
        )
    else:
        restore = _("Put {path} back, or move {archive} aside to start afresh.").format(
            path=path, archive=archive
        )
    if holds_lock(home):
        run.current().notices[home] = ""  # the refusal says it (and no later read says it again)
        raise StateError(
            N_(
                "{path} is missing, but there are earlier records ({found}): cxhabits will "
                "not start afresh over them.\n{restore}"
            ),
            path=path,
            found=found,
            restore=restore,
        )
    if home not in run.current().notices:
        run.current().notices[home] = _(
            "{path} is missing, but there are earlier records ({found}): showing nothing, "
            "changing nothing.\n{restore}"
        ).format(path=path, found=found, restore=restore)
        if len(run.current().notices) == 1:
            import atexit

            atexit.register(_say_notices)


def _empty_folder(path: Path) -> bool:
    """An empty archive/ (a save that stopped after making it) holds no record."""
    try:
        with os.scandir(path) as entries:
            return path.is_dir() and not path.is_symlink() and next(entries, None) is None
    except OSError:
        return False


def _say_notices() -> None:
    for notice in run.current().notices.values():
        if notice:
            with contextlib.suppress(OSError, ValueError):
                print(notice, file=sys.stderr, flush=True)
    run.current().notices.clear()


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def archive_path(home: Path, index: int, record: HabitRecord) -> Path:
    return home / ARCHIVE_DIR / schema.archive_name(index, record)


def archive_owner(path: Path) -> tuple[str, dt.date] | None:
    """Whose record an archive file holds (None: no file, or one that cannot say; its
    reader then says what is wrong with it)."""
    try:
        found = _read_archive(path)
        if found is None:
            return None
        return schema.archive_owner(schema.migrate(found[0]), path.name)
    except (FormatProblem, StateError):
        return None


def owned_elsewhere(home: Path, record: HabitRecord) -> Path | None:
    """The archive file of `record` under another place's name: two devices finished
    this habit, picked on different days, at one place, and a merge on the other device
    moved this record to the next free place while this state.toml still says the old."""
    folder = home / ARCHIVE_DIR
    pattern = re.compile(r"[0-9]{3,}-" + re.escape(record.id) + r"\.toml")
    try:
        names = sorted(n for n in os.listdir(folder) if pattern.fullmatch(n))
    except OSError:
        return None
    key = (record.id, record.picked)
    return next((folder / n for n in names if archive_owner(folder / n) == key), None)


def load_record(
    home: Path, state: State, record: HabitRecord, path: Path | None = None
) -> tuple[State, HabitRecord]:
    """The state with every check-in of one habit read in, and that habit's record;
    `path`: its archive file when that is not the one by its index (merging.py: a sync
    client's copy, where the file by that name came from another device)."""
    if record.loaded and record.status == "active":
        return state, record
    if path is None:
        path = archive_path(home, state.habits.index(record), record)
        if archive_owner(path) not in (None, (record.id, record.picked)):
            path = owned_elsewhere(home, record) or path  # else its reader says so
    found = _read_archive(path)
    doc = found[0] if found is not None else None
    if found is not None:
        run.current().read_into[path] = found[1]
    archived: tuple[CheckIn, ...] = ()
    ratings: tuple[Rating, ...] = ()
    skips: tuple[Skip, ...] = ()
    if doc is not None:
        _check_schema(path, doc)
        try:
            archived, ratings, skips = schema.archive_from_document(schema.migrate(doc), record)
        except FormatProblem as exc:
            raise _broken(path, Message(N_("has a problem: {problem}"), problem=exc)) from None
    # A schema-1 file held finished habits' records inline: keep both, the inline note first.
    if record.checkins:
        checkins = {c.day: c for c in archived}
        checkins.update({c.day: c for c in record.checkins if c.note or c.day not in checkins})
        archived = tuple(sorted(checkins.values()))
    by_day = {r.day: r for r in (*ratings, *record.ratings)}
    done = {c.day for c in archived} if skips or record.skips else set()
    skipped = {s.day: s for s in (*skips, *record.skips) if s.day not in done}
    full = record._replace(
        checkins=archived,  # sorted by day, one a day (the archive's reader checks)
        ratings=tuple(sorted(by_day.values())),
        skips=tuple(sorted(skipped.values())),
        loaded=True,
        checkins_total=None,  # len(checkins) now
        skips_total=None,  # len(skips) now
    )
    return state.with_record(record, full), full


def checkin_counts(home: Path, state: State) -> list[int]:
    """How many check-ins each habit has, from the state file's index: no archive is
    read, except for a habit the index has no count for yet (a file from before it)."""
    counts = []
    for record in state.habits:
        if not record.loaded and record.checkins_total is None:
            state, record = load_record(home, state, record)
        counts.append(len(record.checkins) if record.loaded else record.checkins_total or 0)
    return counts


def _counted(home: Path, state: State) -> State:
    """The state with a count for every finished habit, so the index is complete: a
    habit from before the index is counted once, from its archive (a broken archive
    is left for the command that reads it to report)."""
    for record in state.habits:
        if not record.loaded and (record.checkins_total is None or record.skips_total is None):
            try:
                _, full = load_record(home, state, record)
            except StateError:
                continue
            counted = record._replace(
                checkins_total=len(full.checkins), skips_total=len(full.skips)
            )
            state = state.with_record(record, counted)
    return state


def load_full(home: Path) -> State:
    """The state with every check-in ever recorded, for history and export."""
    state = load(home)
    for record in state.habits:
        if not record.loaded:
            state, _ = load_record(home, state, record)
    return state


def save(home: Path, state: State) -> None:
    """Write the state (under `locked`) as one change: the archive files of finished
    habits whose check-ins are in memory, state.toml, and the previous state.toml as
    the backup. All of it lands or none of it; Ctrl-C waits until it has. A caller
    that does not hold the lock (a script, a test) gets it for the save.
    """
    with contextlib.nullcontext() if holds_lock(home) else locked(home), _interrupts_held():
        _save(home, state)
        if "cxhabits.storage.merging" in sys.modules:  # the copies it merged: put aside
            _put_copies_aside(home)


def _put_copies_aside(home: Path) -> None:
    from cxhabits.storage import merging

    taken = merging.taken(home)
    if taken is not None:
        merging.forget(home)
        merging.put_aside(home, taken.files)
        run.current().merge_lines[home] = taken.line


def merge_line(home: Path) -> str | None:
    """The one line a command says after a save that took in a sync client's copies."""
    return run.current().merge_lines.pop(home, None)


def _save(home: Path, state: State) -> None:
    _check_ids(state)  # an id names a file: checked first
    path = state_path(home)
    target = write_target(path)
    if not os.path.lexists(path) or not target.exists():
        _missing_state(home)  # refuses when a backup or archive/ is there
    state = _counted(home, state)
    change = journal.Change(home)
    change.before_switch = lambda: _keep_arrived(home, target, change)
    new_archive_folder = not os.path.lexists(home / ARCHIVE_DIR)
    try:
        _stage_all(change, home, state, target)
        change.commit()
        if home in run.current().loaded:
            run.current().loaded[home] = _fingerprint(target)
    except BaseException as exc:
        if not isinstance(exc, journal.ForeignJournal):
            change.abandon()  # (once the change is committed, its files stay for the journal)
        landed = exc.landed if isinstance(exc, journal.SaveFailed) else change.committed
        if new_archive_folder and not landed:  # an empty archive/ would make a missing
            with contextlib.suppress(OSError):  # state.toml look lost
                (home / ARCHIVE_DIR).rmdir()
        if isinstance(exc, _PLAIN):
            raise _said_plainly(exc) from None
        raise


def _check_ids(state: State) -> None:
    for index, record in enumerate(state.habits):
        try:
            check_habit_id(record.id, f"habits[{index}]")
        except FormatProblem as exc:
            raise StateError(
                N_(
                    "Not saved: {problem}. Nothing was changed.\n"
                    "Check where that id came from (an import, a pack) and try again."
                ),
                problem=exc,
            ) from None


def _stage_all(change: journal.Change, home: Path, state: State, target: Path) -> None:
    """Stage the finished habits' archive files, state.toml and its backup."""
    import tomli_w  # only commands that write pay for it

    extras = _state_extras(home)
    saved = Saved({(r.id, r.picked): r for r in state.habits if r.loaded}, len(state.habits))
    for index, record in enumerate(state.habits):
        if record.status != "active" and record.loaded:
            moved = extras.entries.get((record.id, record.picked), {})
            _stage_archive(change, home, (index, record), moved, saved)
    data = tomli_w.dumps(schema.state_to_document(state, extras)).encode()
    if os.path.isdir(target):
        raise _not_saved(target, OSError(21, os.strerror(21)))
    change.stage(target, data)
    backup = write_target(home / BACKUP_FILE)
    if os.path.isdir(backup):
        raise _not_saved(backup, OSError(21, os.strerror(21)))
    if target.exists():
        change.stage_backup(target, backup)


_PLAIN = (journal.ForeignJournal, journal.SaveFailed)


def _said_plainly(exc: BaseException) -> BaseException:
    """What a user reads for a save that another device's journal stopped, or that
    failed (before it landed, or after: then the next command completes it)."""
    if isinstance(exc, journal.ForeignJournal):
        return StateError(
            N_(
                "Another device ({device}) was in the middle of a save here when the sync "
                "client copied its {journal}. Nothing was changed.\n"
                "Let that device finish and sync (or run cxhabits there), then try again."
            ),
            device=ascii(exc.device)[1:-1],
            journal=JOURNAL_FILE,
        )
    if isinstance(exc, journal.SaveFailed) and not exc.landed:
        return _not_saved(exc.path, exc.error)
    assert isinstance(exc, journal.SaveFailed)
    return StateError(
        N_(
            "The change was saved, but {path} could not be put in place yet: {error}.\n"
            "The next cxhabits command completes it; if it fails too, fix that folder."
        ),
        path=exc.path,
        error=exc.error.strerror or exc.error,
    )


def archive_bytes(record: HabitRecord, extras: ArchiveExtras | None = None) -> bytes:
    """The archive file of a finished habit, as bytes."""
    import tomli_w

    document = schema.archive_to_document(record, extras or ArchiveExtras())
    return tomli_w.dumps(document).encode("utf-8")


def _stage_elsewhere(
    change: journal.Change, path: Path, owner: tuple[str, dt.date], saved: Saved
) -> None:
    """Stage `path`'s bytes (another record's archive file, of a state not being saved)
    under the first free place's name beyond this state's places."""
    staged = {target for _temp, target in change.renames}
    number = saved.places + 1
    while True:
        target = path.with_name(f"{number:03d}-{owner[0]}.toml")
        if not os.path.lexists(target) and target not in staged:
            break
        number += 1
    change.stage(target, path.read_bytes())


def _held_by(doc: dict[str, Any], record: HabitRecord | None) -> bool:
    """Whether `record` (in memory, being saved) holds every day the archive document
    holds: then writing another record over the file loses nothing."""
    if record is None or not record.loaded:
        return False
    try:
        checkins, ratings, skips = schema.archive_from_document(doc, record)
    except FormatProblem:
        return False
    return (
        {c.day for c in checkins} <= {c.day for c in record.checkins}
        and {r.day for r in ratings} <= {r.day for r in record.ratings}
        and {s.day for s in skips}
        <= {s.day for s in record.skips} | {c.day for c in record.checkins}
    )


class Saved(NamedTuple):
    """What one save writes: its records in memory by id and pick date, and how many
    places the state has (archive files beyond them belong to no place here)."""

    records: dict[tuple[str, dt.date], HabitRecord]
    places: int


def _stage_archive(
    change: journal.Change,
    home: Path,
    place: tuple[int, HabitRecord],
    moved: Entries,
    saved: Saved,
) -> None:
    """Stage a finished habit's archive file, if it differs from the one there; that one
    must hold the same record (same id and pick date) and is never emptied, unless
    another record of this save holds all it holds, or (in a save that takes in a sync
    client's copies) no record of this save is its own: then it moves to a free place's
    name, where its own state finds it (two devices finished a habit at the same place;
    merging.py). `moved`: unknown fields of entries
    that lived in state.toml while the habit was active."""
    index, record = place
    path = archive_path(home, index, record)
    found = _read_archive(path) if os.path.lexists(path) else None
    extras = ArchiveExtras()
    if found is not None:
        doc = found[0]
        _check_schema(path, doc)
        try:
            doc = schema.migrate(doc)
            owner = schema.archive_owner(doc, _("the archive of {habit}").format(habit=record.id))
        except FormatProblem as exc:
            raise _broken(path, Message(N_("has a problem: {problem}"), problem=exc)) from None
        empty = not (record.checkins or record.ratings or record.skips)
        read_here = run.current().read_into.get(path) == found[1]  # and undone since
        replaced = owner != (record.id, record.picked) or (
            empty and schema.archive_holds_records(doc) and not read_here
        )
        mine = owner == (record.id, record.picked)
        if not mine and owner not in saved.records and home in run.current().taken:
            # this save takes in a sync client's copies: the file is another device's,
            # kept for its state (as it arrives, or as that device reads it)
            _stage_elsewhere(change, path, owner, saved)
        elif replaced and not _held_by(doc, saved.records.get(owner)):
            raise StateError(
                N_(
                    "{path} holds the record of {habit} picked {picked}; cxhabits will not "
                    "replace it with another one. Nothing was changed.\n"
                    "Restore state.toml from state.toml.bak (see the README), or move that "
                    "file aside."
                ),
                path=path,
                habit=ascii(owner[0])[1:-1],
                picked=owner[1].isoformat(),
            )
        if mine:
            extras = archive_extras(doc)
    if moved:
        extras = extras._replace(entries={**moved, **extras.entries})
    data = archive_bytes(record, extras)
    if found is not None and path.read_bytes() == data:
        return  # unchanged: nothing to write
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise _not_saved(path, exc) from None
    change.stage(path, data)


def _state_extras(home: Path) -> Extras:
    """What the state file on disk holds that this version does not know."""
    path = state_path(home)
    remembered = run.current().extras.get(home)
    if remembered is not None and remembered[0] == _fingerprint(path):
        return remembered[1]
    found = _read_toml_with_fingerprint(path)
    if found is None:
        return Extras()
    _check_schema(path, found[0])
    try:
        migrated = schema.migrate(found[0])
        schema.state_from_document(migrated)
    except FormatProblem as exc:
        raise _broken(path, Message(N_("has a problem: {problem}"), problem=exc)) from None
    return state_extras(migrated)


def _not_saved(path: Path, error: OSError) -> StateError:
    if isinstance(error, platform.FileInUse):
        return StateError(
            N_(
                "Could not save {path}: {error}. Nothing was changed.\n"
                "Close the program that has it open, or pause the sync client, then try again."
            ),
            path=path,
            error=error.strerror,
        )
    return StateError(
        N_(
            "Could not save {path}: {error}. Nothing was changed.\n"
            "Free some disk space or fix the folder's permissions, then try again."
        ),
        path=path,
        error=error.strerror or error,
    )


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C until the save is done, so that "nothing was changed" stays true."""
    # The C module under `signal`, loaded at start-up: `signal` itself costs 0.8 ms.
    signal = sys.modules.get("signal") or __import__("_signal")
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:  # not the main thread: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
