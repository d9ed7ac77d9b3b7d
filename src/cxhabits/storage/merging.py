"""Taking in the copies a sync client left (copies.py): the state they hold together.

Loaded only when there is a copy. Each file (state.toml and each copy of it, each with
the records of its finished habits read in, from their archive files and the copies of
those) is read as the facts of a source of its own (domain/merge.py); their union is the
state: every check-in, skipped day, self-check, pause, anchor and habit any of them
holds, the later change of a single value (by the file's time), two notes of one day
both. The view is what every command shows; the next save writes it into state.toml
and then moves the copies into `merged/` (store.py), saying so in one line.

A copy that cannot be read (broken, half downloaded, of a newer schema) is left where
it is, out of the view, and said on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from cxhabits.atomic import move
from cxhabits.domain import merge
from cxhabits.domain.chars import literal
from cxhabits.domain.merge import Dot, Element
from cxhabits.domain.model import HabitRecord, Rating, Skip, State
from cxhabits.errors import CxHabitsError
from cxhabits.i18n import N_, _
from cxhabits.storage import copies, run, schema, store
from cxhabits.storage.datafolder import ARCHIVE_DIR, STATE_FILE
from cxhabits.storage.fields import FormatProblem

Fingerprint = run.Fingerprint


class Taken(NamedTuple):
    """What a merged view was made of: the copies (with the identity read), and what
    they brought, for the one line the save says."""

    files: tuple[tuple[Path, Fingerprint], ...]
    line: str


def with_copies(home: Path, own: State, state_copies: list[Path]) -> State:
    """The state of state.toml (`own`) and of every copy of it and of its archives."""
    read: list[tuple[Path, State, Fingerprint]] = []
    for path in state_copies:
        found = _read_copy(path)
        if found is not None:
            read.append((path, *found))
    same = _same_everywhere(home, own, [state for _p, state, _f in read])
    merged = _merged(home, own, read, same)
    if not _in_place(merged[0], own, same):  # a habit left unread moved: read them all
        merged = _merged(home, own, read, frozenset())
    view, taken, line = merged
    if taken:
        run.current().taken[home] = Taken(tuple(taken), line)
    return view


def _merged(
    home: Path, own: State, read: list[tuple[Path, State, Fingerprint]], same: frozenset[str]
) -> tuple[State, list[tuple[Path, Fingerprint]], str]:
    """The view of state.toml and the copies `read`, with the records of every finished
    habit but those `same` in every source read in; what it took; the line to say."""
    full = _full(home, own, same)
    taken: list[tuple[Path, Fingerprint]] = []
    taken.extend(_archive_copies_taken(home, own))
    sources: list[tuple[str, int, State]] = [("state.toml", _mtime(home / STATE_FILE), full)]
    for path, state, fingerprint in read:
        try:
            state = _full(home, state, same)
        except (FormatProblem, CxHabitsError) as exc:
            _say(N_("Left out {path}, a sync client's copy of state.toml: {problem}."), path, exc)
            continue
        sources.append((path.name, fingerprint[3] // 1_000_000_000, state))
        taken.append((path, fingerprint))
        taken.extend(_archive_copies_taken(home, state))
    elements: set[Element] = set()
    for name, time, state in sources:
        dot = Dot(name, 1, time)
        elements |= {Element(k, v, dot) for k, v in merge.facts(state).items()}
    order = [merge.habit_key(r) for _n, _t, s in sources for r in s.habits]
    view = merge.view(elements, own, order, loaded=frozenset(order) - same)
    view = _counts_kept(view, own, same)
    line = _line(_news(full, view, elements), [p for p, _f in taken]) if taken else ""
    return view, taken, line


def _same_everywhere(home: Path, own: State, others: list[State]) -> frozenset[str]:
    """The finished habits whose records are the one archive file in every source: the
    same habit at the same place in each, once in each (a habit dropped and picked again
    on one day is two records of one key), finished in each with the same counts (a
    device that mended a finished habit's records counted anew), no copy of its
    archive file, nothing inline. Their records are left unread and unwritten (a 10-year state holds
    dozens), the rest is merged record by record."""
    names = _archive_names(own)
    with_copies = copies.archive_copies(home, list(names.values()))
    counted = [Counter(merge.habit_key(r) for r in state.habits) for state in (own, *others)]
    if any(n > 1 for n in counted[0].values()):  # the view folds those two into one, and
        return frozenset()  # every later habit moves up a place: its file name changes
    once = {key for key in counted[0] if all(count[key] == 1 for count in counted)}
    same = set()
    for index, record in enumerate(own.habits):
        if index not in names or with_copies.get(names[index]) or not _unread(record):
            continue
        key = merge.habit_key(record)
        counts = (record.checkins_total, record.skips_total)
        if key in once and all(
            index < len(other.habits)
            and merge.habit_key(other.habits[index]) == key
            and _unread(other.habits[index])
            and (other.habits[index].checkins_total, other.habits[index].skips_total) == counts
            for other in others
        ):
            same.add(key)
    return frozenset(same)


def _in_place(view: State, own: State, same: frozenset[str]) -> bool:
    """Whether each habit left unread is at its place in state.toml (so its archive
    file keeps its name) in the view too."""
    places = {merge.habit_key(r): i for i, r in enumerate(view.habits)}
    return all(
        places.get(merge.habit_key(r)) == i
        for i, r in enumerate(own.habits)
        if merge.habit_key(r) in same
    )


def _unread(record: HabitRecord) -> bool:
    """A finished habit whose records are all in its archive file, not read in."""
    return (
        record.status != "active"
        and not record.loaded
        and not (record.checkins or record.ratings or record.skips)
    )


def _counts_kept(view: State, own: State, same: frozenset[str]) -> State:
    """The view with the index counts state.toml has for the habits left unread (their
    archive files are unchanged, so the counts are too)."""
    counts = {
        merge.habit_key(r): (r.checkins_total, r.skips_total)
        for r in own.habits
        if merge.habit_key(r) in same
    }
    habits = tuple(
        r._replace(checkins_total=counts[k][0], skips_total=counts[k][1])
        if (k := merge.habit_key(r)) in counts
        else r
        for r in view.habits
    )
    return view._replace(habits=habits)


def _news(own: State, view: State, elements: set[Element]) -> tuple[dict[str, int], bool]:
    """What the view holds that state.toml did not, by kind; whether two files
    disagreed on a value."""
    before, after = merge.facts(own), merge.facts(view)
    counts: dict[str, int] = {}
    for key, value in after.items():
        if before.get(key) != value:
            kind = key.split(" ", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
    values: dict[str, set[str]] = {}
    for element in elements:
        values.setdefault(element.key, set()).add(element.value)
    return counts, any(len(v) > 1 for v in values.values())


def taken(home: Path) -> Taken | None:
    return run.current().taken.get(home)


def forget(home: Path) -> None:
    run.current().taken.pop(home, None)


def put_aside(home: Path, files: tuple[tuple[Path, Fingerprint], ...]) -> None:
    """Move the copies whose records are now in state.toml into `merged/` (those that
    changed since they were read stay: the next load merges them again). A copy that
    cannot be moved stays too: merging it again adds nothing."""
    folder = home / copies.MERGED_DIR
    for path, fingerprint in files:
        if store._fingerprint(path) != fingerprint:
            continue
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700, exist_ok=True)
            name = path.name if path.parent == home else f"{ARCHIVE_DIR}-{path.name}"
            target = folder / name
            number = 1
            while os.path.lexists(target):
                number += 1
                target = folder / f"{number}-{name}"
            move(path, target)


def _mtime(path: Path) -> int:
    try:
        return int(os.stat(path).st_mtime)
    except OSError:
        return 0


def _read_copy(path: Path) -> tuple[State, Fingerprint] | None:
    """A copy of state.toml as it says (None: it cannot be read, and that is said on
    stderr); its finished habits' records are read in by the caller."""
    try:
        found = store._read_toml_with_fingerprint(path)
        if found is None:
            return None
        doc, fingerprint = found
        store._check_schema(path, doc)
        return schema.state_from_document(schema.migrate(doc)), fingerprint
    except FormatProblem as exc:
        _say(N_("Left out {path}, a sync client's copy of state.toml: {problem}."), path, exc)
    except CxHabitsError as exc:
        _say(N_("Left out {path}, a sync client's copy of state.toml: {problem}."), path, exc)
    return None


def _say(message: str, path: Path, problem: object) -> None:
    with contextlib.suppress(OSError, ValueError):
        print(
            _(message).format(path=path, problem=str(problem).rstrip(".")),
            file=sys.stderr,
            flush=True,
        )


def _full(home: Path, state: State, same: frozenset[str] = frozenset()) -> State:
    """`state` with the records of every finished habit read in: from its archive file
    and every copy of that file (but those `same` in every source: left unread)."""
    names = _archive_names(state)
    found = copies.archive_copies(home, list(names.values()))
    for index, record in enumerate(state.habits):
        if record.status == "active" or merge.habit_key(record) in same:
            continue
        others = found.get(names.get(index, ""), [])
        if not record.loaded:
            own = _own_file(home, index, record, others)
            state, record = store.load_record(home, state, record, own)
            others = [p for p in others if p != own]
        for path in others:
            state, record = _with_archive_copy(state, record, path)
    return state


def _own_file(home: Path, index: int, record: HabitRecord, others: list[Path]) -> Path:
    """The archive file of `record`: the one by its index, unless that one holds another
    record and a copy of it, or a file of this habit at another place, holds this one
    (two devices finished a habit at the same place, and the sync client kept one file
    by the name, from either device)."""
    path = store.archive_path(home, index, record)
    key = (record.id, record.picked)
    if store.archive_owner(path) in (None, key):
        return path
    found = next((p for p in others if store.archive_owner(p) == key), None)
    return found or store.owned_elsewhere(home, record) or path


def _archive_names(state: State) -> dict[int, str]:
    names = {}
    for index, record in enumerate(state.habits):
        if record.status != "active":
            with contextlib.suppress(FormatProblem):
                names[index] = schema.archive_name(index, record)
    return names


def _with_archive_copy(state: State, record: HabitRecord, path: Path) -> tuple[State, HabitRecord]:
    """The record with what a copy of its archive file holds (a copy that cannot be
    read, or that holds another habit's record, adds nothing and is said)."""
    try:
        found = store._read_toml_with_fingerprint(path)
        if found is None:
            return state, record
        doc = schema.migrate(found[0])
        store._check_schema(path, found[0])
        if schema.archive_owner(doc, path.name) != (record.id, record.picked):
            return state, record
        checkins, ratings, skips = schema.archive_from_document(doc, record)
    except (FormatProblem, CxHabitsError) as exc:
        _say(N_("Left out {path}, a sync client's copy of an archive file: {problem}."), path, exc)
        return state, record
    days = {c.day: c for c in checkins}
    days.update({c.day: c for c in record.checkins})
    by_day: dict[object, Rating] = {r.day: r for r in ratings}
    by_day.update({r.day: r for r in record.ratings})
    skipped: dict[object, Skip] = {s.day: s for s in skips}
    skipped.update({s.day: s for s in record.skips})
    full = record._replace(
        checkins=tuple(sorted(days.values())),
        ratings=tuple(sorted(by_day.values())),
        skips=tuple(sorted(s for d, s in skipped.items() if d not in days)),
    )
    return state.with_record(record, full), full


def _archive_copies_taken(home: Path, state: State) -> list[tuple[Path, Fingerprint]]:
    """The copies of `state`'s archive files that hold one of its records (a copy that
    holds a record no source holds yet stays where it is, for the state copy that will
    bring that record: it arrives at its own sync)."""
    names = _archive_names(state)
    keys = {(r.id, r.picked) for r in state.habits}
    out = []
    for paths in copies.archive_copies(home, list(names.values())).values():
        for path in paths:
            fingerprint = store._fingerprint(path)
            if fingerprint is not None and store.archive_owner(path) in keys:
                out.append((path, fingerprint))
    return out


KINDS = {
    "checkin": N_("check-ins"),
    "skip": N_("skipped days"),
    "rating": N_("self-checks"),
    "pause": N_("pauses"),
    "habit": N_("habit changes"),
    "anchor": N_("anchors"),
    "setting": N_("settings"),
    "sharing": N_("the share choice"),
}


def _line(news: tuple[dict[str, int], bool], files: list[Path]) -> str:
    """One line: how many copies, what they brought, where two disagreed."""
    counts, disagreed = news
    names = ", ".join(literal(p.name) for p in files)
    what = ", ".join(f"{_(KINDS[k])}: {n}" for k, n in sorted(counts.items()) if k in KINDS)
    line = _(
        "Merged what another device saved before the last sync ({what}), from the copies "
        "the sync client kept: {names}. They are now in {folder}/."
    ).format(what=what or _("nothing new"), names=names, folder=copies.MERGED_DIR)
    if disagreed:
        line += " " + _("Where they disagreed, the later change was kept (of two notes, both).")
    return line
