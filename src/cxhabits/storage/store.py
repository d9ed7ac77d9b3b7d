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
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits.domain import merge
from cxhabits.domain.merge import Dot, Element, MergeNews, Replica
from cxhabits.domain.model import CheckIn, HabitRecord, Rating, Skip, State
from cxhabits.errors import StateError
from cxhabits.i18n import _
from cxhabits.storage import datafolder, journal, replicas, schema
from cxhabits.storage.datafolder import (
    ARCHIVE_DIR,
    BACKUP_FILE,
    JOURNAL_FILE,
    STATE_FILE,
    ensure_home,
    holds_lock,
    locked,
    own_dir,
    replica_dir,
    write_target,
)
from cxhabits.storage.extras import ArchiveExtras, Entries, Extras, archive_extras, state_extras
from cxhabits.storage.fields import FormatProblem, check_habit_id
from cxhabits.storage.schema import SCHEMA

MAX_NESTING = 32  # tables and arrays in a state or archive file; beyond it, broken


# -- load and save -------------------------------------------------------------


def _broken(path: Path, what: str) -> StateError:
    """The message for a file that cannot be used; the file itself is never touched."""
    backup = path.with_name(BACKUP_FILE)
    if path.name == STATE_FILE and backup.exists():
        hint = _(
            "Restore {backup} (see the README), or move the whole folder aside to start afresh."
        ).format(backup=backup)
    else:
        hint = _("Fix it by hand, or move it aside; cxhabits will not overwrite it.")
    return StateError(_("The file {path} {problem}.").format(path=path, problem=what) + "\n" + hint)


Fingerprint = tuple[int, int, int, int]


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
            _("Cannot read {path}: {error}.\nCheck its permissions.").format(
                path=path, error=exc.strerror or exc
            )
        ) from None
    fingerprint = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark from an editor: not content
        raw = raw[3:]
    if not raw.strip():
        raise _broken(path, _("is empty"))
    try:
        doc = _loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _broken(path, _("is not UTF-8 text")) from None
    except tomllib.TOMLDecodeError as exc:
        raise _broken(path, _("is not valid TOML ({error})").format(error=exc)) from None
    except RecursionError:
        raise _broken(path, _("is nested too deeply to read")) from None
    except ValueError as exc:  # e.g. a whole number of more than 4,300 digits
        raise _broken(path, _("is not valid TOML ({error})").format(error=exc)) from None
    if _nesting(doc) > MAX_NESTING:
        raise _broken(path, _("is nested too deeply to read"))
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


# Archive documents read in this process, with the identity of the file read: a check-in
# of a routine habit reads its archive, and the save checks the same file again.
_archives: dict[Path, tuple[Fingerprint, dict[str, Any]]] = {}


def _read_archive(path: Path) -> tuple[dict[str, Any], Fingerprint] | None:
    """An archive file parsed, once per version of the file in this process."""
    cached = _archives.get(path)
    if cached is not None and cached[0] == _fingerprint(path):
        return cached[1], cached[0]
    found = _read_toml_with_fingerprint(path)
    if found is not None:
        _archives[path] = (found[1], found[0])
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
            _(
                "{path} was written by a newer cxhabits (schema {version}; this one knows "
                "{known}).\nUpgrade cxhabits: the file is left as it is."
            ).format(path=path, version=version, known=SCHEMA)
        )


# What the last load of each state file did not understand, with the file's identity.
_extras: dict[Path, tuple[Fingerprint, Extras]] = {}


def load(home: Path) -> State:
    """The state, merged from every device's file, without the check-ins of finished
    habits (see `load_full`). Reading never writes: another device's news are shown here
    and merged into this device's file by the next save.

    A missing file is a fresh start only when nothing else is there (see
    `_missing_state`); a broken one is refused and left as it is.
    """
    if home.exists() and not home.is_dir():
        ensure_home(home)  # raises the clear message
    mine = replica_dir(home)
    if mine is not None and not holds_lock(home) and os.path.lexists(mine / JOURNAL_FILE):
        with locked(home):  # a save is under way or was cut short: wait, or complete it
            pass
    own = _own_source(home)
    others = _news(home, own)
    if not others:
        if own is None:
            _missing_state(home)
            return _remember(home, State())
        return _remember(home, own.state)
    merged = _merged(home, own, others, wanted=None)
    return _remember(home, merged.state)


# -- the devices' files ------------------------------------------------------------------


class Source(NamedTuple):
    """One device's file (or a sync client's copy of one, or the state of the versions
    before devices/): its state and its facts."""

    name: str  # its device (or before-devices-<hash>)
    path: Path
    folder: Path  # where its archive/ is
    state: State
    replica: Replica  # the facts in its state.toml, and what it has seen
    digests: dict[str, str]  # finished habit -> the digest of its records (from the file)
    legacy: bool = False
    own: bool = False


class _Incomplete(Exception):
    """A device's save is here only in part (a file of it not synced yet)."""


def _own_source(home: Path) -> Source | None:
    mine = replica_dir(home)
    if mine is None:
        return None
    return _source(mine / STATE_FILE, mine, own=True)


def _source(path: Path, folder: Path, own: bool = False, legacy: bool = False) -> Source | None:
    """A device's state.toml read (None: not there); a broken one of this device is
    refused, another device's is left out (it may be half downloaded)."""
    try:
        found = _read_toml_with_fingerprint(path)
        if found is None:
            return None
        doc, fingerprint = found
        _check_schema(path, doc)
        migrated = schema.migrate(doc)
        state = schema.state_from_document(migrated)
    except StateError:
        if own:
            raise
        return None
    except FormatProblem as exc:
        if own:
            raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
        return None
    if own:
        _extras[folder] = (fingerprint, state_extras(migrated))
    sync = migrated.get("sync")
    digests = {}
    for table in migrated.get("habits", ()):
        if isinstance(table.get("records"), str):
            digests[f"{table['id']} {table['picked'].isoformat()}"] = table["records"]
    if legacy or not isinstance(sync, dict) or not isinstance(sync.get("elements"), str):
        name = replicas.legacy_device(path.read_bytes()) if legacy else _device_of(doc, folder)
        dot = Dot(name, 1, 0)
        facts = merge.facts(state, archived=False)
        replica = Replica(frozenset(Element(k, v, dot) for k, v in facts.items()), {name: 1})
        return Source(name, path, folder, state, replica, {}, legacy=True, own=own)
    name = _device_of(doc, folder)
    replica = Replica(replicas.elements_of(sync["elements"]), replicas.seen_of(sync.get("seen")))
    return Source(name, path, folder, state, replica, digests, own=own)


def _device_of(doc: dict[str, Any], folder: Path) -> str:
    device = doc.get("device")
    if isinstance(device, str) and datafolder.DEVICE_ID.fullmatch(device):
        return device
    return folder.name if datafolder.DEVICE_ID.fullmatch(folder.name) else "unnamed"


def _news(home: Path, own: Source | None) -> list[Source]:
    """The other devices' files (and copies, and the state before devices/) that hold
    something this device's file has not merged yet."""
    seen = own.replica.seen if own is not None else {}
    me = own.name if own is not None else None
    found: list[Source] = []
    for path in replicas.device_files(home, me):
        device, revision = replicas.peek(path)
        if device is not None and revision is not None and revision <= seen.get(device, 0):
            continue
        source = _source(path, path.parent)
        if source is not None and not _covered(source, seen):
            found.append(source)
    for path in replicas.legacy_files(home):
        try:
            name = replicas.legacy_device(path.read_bytes())
        except OSError:
            continue
        if name in seen:
            continue
        source = _source(path, home, legacy=True)
        if source is not None and source.name != me:
            found.append(source)
    return found


def _covered(source: Source, seen: Mapping[str, int]) -> bool:
    return all(n <= seen.get(d, 0) for d, n in source.replica.seen.items())


class Merged(NamedTuple):
    state: State
    replica: Replica  # every fact: those of state.toml, and the records collected
    collected: frozenset[str]  # the habits whose records are among them
    sources: tuple[Source, ...]  # what was merged (a device whose save is here in part: not)
    news: MergeNews | None


def _merged(
    home: Path, own: Source | None, others: list[Source], wanted: set[str] | None
) -> Merged:
    """Every device's facts together. `wanted`: the habits whose records to collect
    (None: those being built; a finished habit's records are read from each device's
    archive of it)."""
    sources = [s for s in ([own] if own else []) + others]
    usable: list[Source] = []
    for source in sources:
        try:
            for key in _finished_keys(source):
                _records_of(source, key)  # every archive of this save is here, whole
        except _Incomplete:
            continue
        usable.append(source)
    main = Replica()
    for source in usable:
        main = merge.merge(main, _without_records(source.replica))
    local = own.state if own is not None else State()
    order = [merge.habit_key(r) for r in local.habits]
    first = merge.view(main.elements, local, order, loaded=frozenset())
    keys = {merge.habit_key(r) for r in first.habits}
    if wanted is None:
        wanted = {merge.habit_key(r) for r in first.habits if r.status == "active"}
    building = {merge.habit_key(r) for x in usable for r in x.state.habits if r.status == "active"}
    collect = {k for k in keys if k in wanted or k in building or _disagree(usable, k)}
    elements = set(main.elements)
    for key in collect:
        part = Replica()
        for source in usable:
            part = merge.merge(part, Replica(_records_of(source, key), source.replica.seen))
        elements |= part.elements
    replica = Replica(frozenset(elements), main.seen)
    state = merge.view(replica.elements, local, order, loaded=frozenset(collect))
    state = _with_counts(state, local, frozenset(collect))
    mine = own.replica if own is not None else Replica()
    own_collected = set(mine.elements)
    for key in collect:
        if own is not None:
            own_collected |= _records_of(own, key)
    news = merge.describe(Replica(frozenset(own_collected), mine.seen), replica) if others else None
    return Merged(state, replica, frozenset(collect), tuple(usable), news)


def _without_records(replica: Replica) -> Replica:
    return Replica(
        frozenset(e for e in replica.elements if not merge.is_record_key(e.key)), replica.seen
    )


def _finished_keys(source: Source) -> list[str]:
    return [merge.habit_key(r) for r in source.state.habits if r.status != "active"]


def _disagree(sources: list[Source], key: str) -> bool:
    """Whether the devices' records of a habit differ (read from the digests only)."""
    found = set()
    for source in sources:
        record = _record_in(source.state, key)
        if record is None:
            continue
        if record.status == "active" or source.legacy:
            found.add(replicas.digest(_records_of(source, key)))
        else:
            found.add(source.digests.get(key, "?" + source.name))
    return len(found) > 1


def _record_in(state: State, key: str) -> HabitRecord | None:
    for record in state.habits:
        if merge.habit_key(record) == key:
            return record
    return None


def _records_of(source: Source, key: str) -> frozenset[Element]:
    """The facts of one habit's check-ins, skipped days and self-checks in one device's
    files: in its state.toml while it is being built there, else in its archive."""
    record = _record_in(source.state, key)
    if record is None:
        return frozenset()
    if record.status == "active":
        return frozenset(
            e
            for e in source.replica.elements
            if merge.is_record_key(e.key) and merge.record_of_key(e.key) == key
        )
    index = source.state.habits.index(record)
    path = source.folder / ARCHIVE_DIR / schema.archive_name(index, record)
    try:
        found = _read_archive(path)
        doc = schema.migrate(found[0]) if found is not None else None
    except (StateError, FormatProblem):
        if source.own:
            raise
        raise _Incomplete from None
    sync = doc.get("sync") if doc is not None else None
    if isinstance(sync, dict) and isinstance(sync.get("elements"), str):
        elements = replicas.elements_of(sync["elements"])
    else:  # an archive of the versions before devices/ (or none): its facts as they are
        records = record
        if doc is not None:
            try:
                checkins, ratings, skips = schema.archive_from_document(doc, record)
            except FormatProblem as exc:
                if source.own:
                    raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
                raise _Incomplete from None
            records = record._replace(
                checkins=tuple(sorted({c.day: c for c in (*checkins, *record.checkins)}.values())),
                ratings=ratings,
                skips=skips,
                loaded=True,
            )
        dot = Dot(source.name, 1, 0)
        elements = frozenset(Element(k, v, dot) for k, v in merge.record_facts(records).items())
    expected = source.digests.get(key)
    if expected is not None and replicas.digest(elements) != expected:
        raise _Incomplete
    return elements


def _with_counts(state: State, local: State, collected: frozenset[str]) -> State:
    """Finished habits whose records were not read keep this device's counts of them."""
    counts = {merge.habit_key(r): r for r in local.habits}
    habits = []
    for record in state.habits:
        key = merge.habit_key(record)
        mine = counts.get(key)
        if not record.loaded and mine is not None and key not in collected:
            record = record._replace(
                checkins_total=mine.checkins_total if not mine.loaded else len(mine.checkins),
                skips_total=mine.skips_total if not mine.loaded else len(mine.skips),
            )
        habits.append(record)
    return state._replace(habits=tuple(habits))


# What the command of this process loaded last, as facts: what its save changes.
_bases: dict[Path, dict[str, str]] = {}
_based_on: dict[Path, Fingerprint | None] = {}  # this device's file as it was then


def _own_fingerprint(home: Path) -> Fingerprint | None:
    mine = replica_dir(home)
    return _fingerprint(mine / STATE_FILE) if mine is not None else None


def _remember(home: Path, state: State) -> State:
    _bases[home] = merge.facts(state)
    _based_on[home] = _own_fingerprint(home)
    _known[home] = frozenset(merge.habit_key(r) for r in state.habits if r.status == "active")
    return state


def _missing_state(home: Path) -> None:
    """No state file of this device and no other device's: refuse to write when a backup
    or archives are there (this device's, or those of the versions before devices/: they
    would be orphaned or overwritten); when only reading, say so on stderr (once, as the
    run ends, see `pending_notice`) and go on as empty."""
    mine = replica_dir(home)
    for folder in ([mine] if mine is not None else []) + [home]:
        backup, archive = folder / BACKUP_FILE, folder / ARCHIVE_DIR
        archived = os.path.lexists(archive) and not _empty_folder(archive)
        if os.path.lexists(backup) or archived:
            _refuse_missing(home, folder / STATE_FILE, backup, archive, archived)


def _refuse_missing(home: Path, path: Path, backup: Path, archive: Path, archived: bool) -> None:
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
        _notices[home] = ""  # the refusal says it (and no later read says it again)
        raise StateError(
            _(
                "{path} is missing, but there are earlier records ({found}): cxhabits will "
                "not start afresh over them.\n{restore}"
            ).format(path=path, found=found, restore=restore)
        )
    if home not in _notices:
        _notices[home] = _(
            "{path} is missing, but there are earlier records ({found}): showing nothing, "
            "changing nothing.\n{restore}"
        ).format(path=path, found=found, restore=restore)
        if len(_notices) == 1:
            import atexit

            atexit.register(_say_notices)


def _empty_folder(path: Path) -> bool:
    """An empty archive/ (a save that stopped after making it) holds no record."""
    try:
        with os.scandir(path) as entries:
            return path.is_dir() and not path.is_symlink() and next(entries, None) is None
    except OSError:
        return False


_notices: dict[Path, str] = {}  # said on stderr when the run ends, unless a refusal said it


def pending_notice(home: Path) -> str | None:
    """What a reading command is to say on stderr about `home` (and no longer will)."""
    notice = _notices.pop(home, None)
    return notice or None


def _say_notices() -> None:
    for notice in _notices.values():
        if notice:
            with contextlib.suppress(OSError, ValueError):
                print(notice, file=sys.stderr, flush=True)
    _notices.clear()


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def archive_path(home: Path, index: int, record: HabitRecord) -> Path:
    return home / ARCHIVE_DIR / schema.archive_name(index, record)


def load_record(home: Path, state: State, record: HabitRecord) -> tuple[State, HabitRecord]:
    """The state with every check-in of one habit read in, and that habit's record (from
    every device's archive of it when other devices have news)."""
    if record.loaded and record.status == "active":
        return state, record
    own = _own_source(home)
    others = _news(home, own)
    key = merge.habit_key(record)
    if others:
        merged = _merged(home, own, others, wanted={key})
        merged_record = _record_in(merged.state, key)
        if merged_record is not None and merged_record.loaded:
            full = record._replace(
                checkins=merged_record.checkins,
                ratings=merged_record.ratings,
                skips=merged_record.skips,
                loaded=True,
                checkins_total=None,
                skips_total=None,
            )
            _known_record(home, full)
            return state.with_record(record, full), full
    mine = replica_dir(home)
    own_index = _index_in(own.state if own else State(), key)
    index = own_index if own_index is not None else state.habits.index(record)
    path = archive_path(mine if mine is not None else home / "(this device)", index, record)
    found = _read_archive(path)
    doc = found[0] if found is not None else None
    archived: tuple[CheckIn, ...] = ()
    ratings: tuple[Rating, ...] = ()
    skips: tuple[Skip, ...] = ()
    if doc is not None:
        _check_schema(path, doc)
        try:
            archived, ratings, skips = schema.archive_from_document(schema.migrate(doc), record)
        except FormatProblem as exc:
            raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
    # A schema-1 file held finished habits' records inline: keep both, the inline note first.
    checkins = {c.day: c for c in archived}
    checkins.update({c.day: c for c in record.checkins if c.note or c.day not in checkins})
    by_day = {r.day: r for r in (*ratings, *record.ratings)}
    done = set(checkins)
    skipped = {s.day: s for s in (*skips, *record.skips) if s.day not in done}
    full = record._replace(
        checkins=tuple(sorted(checkins.values())),
        ratings=tuple(sorted(by_day.values())),
        skips=tuple(sorted(skipped.values())),
        loaded=True,
        checkins_total=None,  # len(checkins) now
        skips_total=None,  # len(skips) now
    )
    _known_record(home, full)
    return state.with_record(record, full), full


def _known_record(home: Path, record: HabitRecord) -> None:
    """The command has read this habit's records: what its save changes of them."""
    if home in _bases:
        _bases[home].update(merge.record_facts(record))
        _known[home] = _known.get(home, frozenset()) | {merge.habit_key(record)}


def _index_in(state: State, key: str) -> int | None:
    for index, record in enumerate(state.habits):
        if merge.habit_key(record) == key:
            return index
    return None


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


def save(home: Path, state: State) -> MergeNews | None:
    """Write the state (under `locked`) into this device's folder as one change: the
    archive files of finished habits whose check-ins are in memory, state.toml, and the
    previous state.toml as the backup. All of it lands or none of it; Ctrl-C waits until
    it has. What other devices recorded since this device's last save is merged in (the
    news are returned, for the command to say). A caller that does not hold the lock (a
    script, a test) gets it for the save.
    """
    with contextlib.nullcontext() if holds_lock(home) else locked(home), _interrupts_held():
        return _save(home, state)


def _check_ids(state: State) -> None:
    for index, record in enumerate(state.habits):  # an id names a file: checked first
        try:
            check_habit_id(record.id, f"habits[{index}]")
        except FormatProblem as exc:
            raise StateError(
                _(
                    "Not saved: {problem}. Nothing was changed.\n"
                    "Check where that id came from (an import, a pack) and try again."
                ).format(problem=exc)
            ) from None


class _Write(NamedTuple):
    """What a save writes: the state, and the facts that go with each file."""

    state: State
    replica: Replica
    collected: frozenset[str]
    digests: dict[str, str]
    news: MergeNews | None


def _save(home: Path, state: State) -> MergeNews | None:
    _check_ids(state)
    mine = own_dir(home)
    own = _own_source(home)
    others = _news(home, own)
    target = write_target(mine / STATE_FILE)
    if own is None and not others:
        _missing_state(home)  # refuses when a backup or archive/ is there
    write = _facts_to_write(home, mine.name, own, others, state)
    state = _counted(home, write.state)
    _write_files(mine, target, write._replace(state=state))
    _bases[home] = merge.facts(state)
    _based_on[home] = _own_fingerprint(home)
    _known[home] = frozenset(merge.habit_key(r) for r in state.habits if r.loaded)
    _stop_older_versions(home, write.replica.seen)
    return write.news


def _facts_to_write(
    home: Path, me: str, own: Source | None, others: list[Source], state: State
) -> _Write:
    """This device's facts after the change: its file's (a hand edit there is a change
    of its own), the other devices' news merged in, then what the command changed."""
    import time

    revision = max((own.replica.seen.get(me, 0) if own else 0), _revision_of(own)) + 1
    dot = Dot(me, revision, int(time.time()))
    if own is not None and not own.legacy:
        order = [merge.habit_key(r) for r in own.state.habits]
        held = merge.view(own.replica.elements, own.state, order, loaded=frozenset())
        replica = merge.change(
            own.replica,
            merge.facts(held, archived=False),
            merge.facts(own.state, archived=False),
            dot,
        )
        own = own._replace(replica=replica)
    loaded = {merge.habit_key(r) for r in state.habits if r.loaded}
    merged = _merged(home, own, others, wanted=loaded)
    based = home in _bases and _based_on.get(home) == _own_fingerprint(home)
    before = dict(_bases[home]) if based else merge.facts(merged.state)
    known = _known.get(home, frozenset()) if based else frozenset()
    for record in merged.state.habits:  # records the command did not read before
        key = merge.habit_key(record)
        if key in loaded and key not in known and record.loaded:
            before.update(merge.record_facts(record))
    after = merge.facts(state)
    keys = {
        k
        for k in (*before, *after)
        if not merge.is_record_key(k) or merge.record_of_key(k) in loaded
    }
    replica = merge.change(merged.replica, before, after, dot, scope=keys)
    replica = Replica(replica.elements, {**replica.seen, me: revision})
    collected = merged.collected | frozenset(loaded)
    order = [merge.habit_key(r) for r in state.habits]
    view = merge.view(replica.elements, state, order, loaded=collected)
    view = _with_counts(view, state, collected)
    digests = {}
    for record in view.habits:
        key = merge.habit_key(record)
        if record.status == "active":
            continue
        if key in collected:
            digests[key] = replicas.digest(_record_elements(replica, key))
        elif own is not None and key in own.digests:
            digests[key] = own.digests[key]
    return _Write(view, replica, collected, digests, merged.news)


def _revision_of(own: Source | None) -> int:
    return own.replica.seen.get(own.name, 0) if own is not None else 0


def _record_elements(replica: Replica, key: str) -> frozenset[Element]:
    return frozenset(
        e
        for e in replica.elements
        if merge.is_record_key(e.key) and merge.record_of_key(e.key) == key
    )


_known: dict[Path, frozenset[str]] = {}  # the habits whose records the base holds


def _write_files(mine: Path, target: Path, write: _Write) -> None:
    import tomli_w  # only commands that write pay for it

    state = write.state
    change = journal.Change(mine)
    new_archive_folder = not os.path.lexists(mine / ARCHIVE_DIR)
    building = {merge.habit_key(r) for r in state.habits if r.status == "active"}
    try:
        extras = _state_extras(mine)
        for index, record in enumerate(state.habits):
            if record.status != "active" and record.loaded:
                key = merge.habit_key(record)
                moved = extras.entries.get((record.id, record.picked), {})
                tail = replicas.sync_tail(Replica(_record_elements(write.replica, key)), seen=False)
                _stage_archive(change, mine, index, record, moved, tail)
        doc = schema.state_to_document(state, extras)
        doc = {
            "schema": doc.pop("schema"),
            "schema_minor": doc.pop("schema_minor"),
            "device": mine.name,
            "revision": write.replica.seen[mine.name],
            **doc,
        }
        doc.pop("sync", None)
        for table in doc.get("habits", []):
            key = f"{table['id']} {table['picked'].isoformat()}"
            if key in write.digests:
                table["records"] = write.digests[key]
        main = Replica(
            frozenset(
                e
                for e in write.replica.elements
                if not merge.is_record_key(e.key) or merge.record_of_key(e.key) in building
            ),
            write.replica.seen,
        )
        data = (tomli_w.dumps(doc) + replicas.sync_tail(main)).encode()
        if os.path.isdir(target):
            raise _not_saved(target, OSError(21, os.strerror(21)))
        change.stage(target, data)
        backup = write_target(mine / BACKUP_FILE)
        if os.path.isdir(backup):
            raise _not_saved(backup, OSError(21, os.strerror(21)))
        if target.exists():
            change.stage_backup(target, backup)
        change.commit()
    except journal.SaveFailed as exc:
        change.abandon()  # (once the change is committed, its files stay for the journal)
        if not exc.landed:
            if new_archive_folder:  # an empty archive/ would make a missing state.toml look lost
                with contextlib.suppress(OSError):
                    (mine / ARCHIVE_DIR).rmdir()
            raise _not_saved(exc.path, exc.error) from None
        raise StateError(
            _(
                "The change was saved, but {path} could not be put in place yet: {error}.\n"
                "The next cxhabits command completes it; if it fails too, fix that folder."
            ).format(path=exc.path, error=exc.error.strerror or exc.error)
        ) from None
    except BaseException:
        change.abandon()
        if new_archive_folder and not change.committed:
            with contextlib.suppress(OSError):
                (mine / ARCHIVE_DIR).rmdir()
        raise


def _stop_older_versions(home: Path, seen: Mapping[str, int]) -> None:
    """Put the note in the data folder's own state.toml that makes a version before
    devices/ refuse to write (its schema is newer), once what that one wrote is merged.
    A folder that cannot be written keeps what it had; the next save tries again."""
    path = home / STATE_FILE
    if replicas.is_stub(path) or os.path.islink(path):
        return  # (a link: only the user's to change)
    if os.path.lexists(path):
        try:
            if not os.path.isfile(path) or replicas.legacy_device(path.read_bytes()) not in seen:
                return  # not merged (it could not be read): left as it is
        except OSError:
            return
    with contextlib.suppress(OSError):
        os.replace(journal.write_temp(path, replicas.STUB_TEXT), path)


def archive_bytes(record: HabitRecord, extras: ArchiveExtras | None = None) -> bytes:
    """The archive file of a finished habit, as bytes."""
    import tomli_w

    document = schema.archive_to_document(record, extras or ArchiveExtras())
    return tomli_w.dumps(document).encode("utf-8")


def _stage_archive(
    change: journal.Change,
    home: Path,
    index: int,
    record: HabitRecord,
    moved: Entries,
    tail: str = "",
) -> None:
    """Stage a finished habit's archive file, if it differs from the one there; that one
    must hold the same record (same id and pick date) and is never emptied. `moved`:
    unknown fields of entries that lived in state.toml while the habit was active."""
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
            raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
        empty = not (record.checkins or record.ratings or record.skips)
        if owner != (record.id, record.picked) or (empty and schema.archive_holds_records(doc)):
            raise StateError(
                _(
                    "{path} holds the record of {habit} picked {picked}; cxhabits will not "
                    "replace it with another one. Nothing was changed.\n"
                    "Restore state.toml from state.toml.bak (see the README), or move that "
                    "file aside."
                ).format(path=path, habit=ascii(owner[0])[1:-1], picked=owner[1].isoformat())
            )
        extras = archive_extras(doc)
    if moved:
        extras = extras._replace(entries={**moved, **extras.entries})
    data = archive_bytes(record, extras) + tail.encode()
    if found is not None and path.read_bytes() == data:
        return  # unchanged: nothing to write
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise _not_saved(path, exc) from None
    change.stage(path, data)


def _state_extras(home: Path) -> Extras:
    """What this device's state file (in its folder `home`) holds that this version
    does not know."""
    path = home / STATE_FILE
    remembered = _extras.get(home)
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
        raise _broken(path, _("has a problem: {problem}").format(problem=exc)) from None
    return state_extras(migrated)


def _not_saved(path: Path, error: OSError) -> StateError:
    return StateError(
        _(
            "Could not save {path}: {error}. Nothing was changed.\n"
            "Free some disk space or fix the folder's permissions, then try again."
        ).format(path=path, error=error.strerror or error)
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
