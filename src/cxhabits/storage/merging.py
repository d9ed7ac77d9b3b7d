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
    full = _full(home, own)
    taken: list[tuple[Path, Fingerprint]] = []
    taken.extend(_archive_copies_taken(home, own))
    sources: list[tuple[str, int, State]] = [("state.toml", _mtime(home / STATE_FILE), full)]
    for path in state_copies:
        found = _read_copy(home, path)
        if found is None:
            continue
        state, fingerprint = found
        sources.append((path.name, fingerprint[3] // 1_000_000_000, state))
        taken.append((path, fingerprint))
        taken.extend(_archive_copies_taken(home, state))
    elements: set[Element] = set()
    for name, time, state in sources:
        dot = Dot(name, 1, time)
        elements |= {Element(k, v, dot) for k, v in merge.facts(state).items()}
    order = [merge.habit_key(r) for _n, _t, s in sources for r in s.habits]
    view = merge.view(elements, own, order, loaded=None)
    if taken:
        run.current().taken[home] = Taken(
            tuple(taken), _line(_news(full, view, elements), [p for p, _f in taken])
        )
    return view


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


def _read_copy(home: Path, path: Path) -> tuple[State, Fingerprint] | None:
    """A copy of state.toml with its finished habits' records (None: it cannot be read,
    and that is said on stderr)."""
    try:
        found = store._read_toml_with_fingerprint(path)
        if found is None:
            return None
        doc, fingerprint = found
        store._check_schema(path, doc)
        state = schema.state_from_document(schema.migrate(doc))
        return _full(home, state), fingerprint
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


def _full(home: Path, state: State) -> State:
    """`state` with the records of every finished habit read in: from its archive file
    and every copy of that file."""
    names = _archive_names(state)
    found = copies.archive_copies(home, list(names.values()))
    for index, record in enumerate(state.habits):
        if record.status == "active":
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
    record and a copy of it holds this one (two devices finished a habit at the same
    place, and the sync client kept one file by the name, from either device)."""
    path = store.archive_path(home, index, record)
    if _owner(path) in (None, (record.id, record.picked)):
        return path
    return next((p for p in others if _owner(p) == (record.id, record.picked)), path)


def _owner(path: Path) -> tuple[str, object] | None:
    """Whose record an archive file holds (None: no file, or one that cannot say; its
    reader then says what is wrong with it)."""
    try:
        found = store._read_archive(path)
        if found is None:
            return None
        return schema.archive_owner(schema.migrate(found[0]), path.name)
    except (FormatProblem, CxHabitsError):
        return None


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
    names = list(_archive_names(state).values())
    out = []
    for paths in copies.archive_copies(home, names).values():
        for path in paths:
            fingerprint = store._fingerprint(path)
            if fingerprint is not None:
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
