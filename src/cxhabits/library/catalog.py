"""The habit library: the shipped packs, the user's own and the team's, as one library.

The shipped packs are one file per role, so the check-in path reads only the
file of the habit it needs. Reading and checking one pack file is packs.py.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cxhabits import paths
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library.packs import (
    SHIPPED_ROLES,
    Habit,
    Pack,
    Problem,
    Role,
    Texts,
    check_links,
    pack_files,
    read_pack,
    shipped_dir,
)

if TYPE_CHECKING:  # the index module is loaded only by a command that uses it
    from cxhabits.library.index import PackIndex

# -- the whole library -----------------------------------------------------------


class Library:
    """The roles, in the order DOMAIN.md gives, then the others; the habits; the problems."""

    def __init__(self) -> None:
        self.roles: dict[str, Role] = {}
        self.habits: dict[str, Habit] = {}
        self.problems: list[Problem] = []
        self._by_role: dict[str, list[Habit]] | None = None

    def role_habits(self, role_id: str, keep: Collection[str] = ()) -> list[Habit]:
        """A role's habits in order; a retired one only if its id is in `keep`.

        The habits are grouped by role once, on the first question (the library is built
        by then), so listing every role costs one pass, not one pass per role.
        """
        if self._by_role is None:
            self._by_role = {}
            for habit in sorted(self.habits.values(), key=lambda h: (h.order, h.id)):
                self._by_role.setdefault(habit.role, []).append(habit)
        return [h for h in self._by_role.get(role_id, []) if not h.retired or h.id in keep]

    def get(self, habit_id: str) -> Habit:
        habit = self.habits.get(habit_id)
        if habit is None:
            raise unknown_habit(habit_id)
        return habit

    def role(self, role_id: str) -> Role:
        role = self.roles.get(role_id)
        if role is None:
            raise UsageError(
                N_("There is no role '{role}'. Roles: {roles}.\nRun 'cxhabits roles' to see them."),
                role=role_id,
                roles=", ".join(self.roles),
            )
        return role

    def ordered(self, keep: Collection[str] = ()) -> Iterator[Habit]:
        """Every role's habits in order; a retired one only if its id is in `keep`."""
        for role_id in self.roles:
            yield from self.role_habits(role_id, keep)


def unknown_habit(habit_id: str) -> UsageError:
    return UsageError(
        N_(
            "There is no habit '{habit}' in the library.\n"
            "Run 'cxhabits library' to see the habit ids."
        ),
        habit=habit_id,
    )


def _merge(library: Library, pack: Pack) -> None:
    library.problems.extend(pack.problems)
    if pack.role and pack.role.id not in library.roles:
        library.roles[pack.role.id] = pack.role
    for habit in pack.habits:
        if habit.id in library.habits:
            library.problems.append(
                Problem(
                    pack.file,
                    habit.id,
                    "id",
                    _("already used in {file}; choose another id").format(
                        file=library.habits[habit.id].source
                    ),
                )
            )
            continue
        library.habits[habit.id] = habit


def _role_sort_key(role_id: str) -> tuple[int, str]:
    shipped = SHIPPED_ROLES.index(role_id) if role_id in SHIPPED_ROLES else len(SHIPPED_ROLES)
    return shipped, role_id


def _build(shipped: list[Path], extra: list[Path]) -> Library:
    """Shipped packs first (their ids win), then the others, which may define roles."""
    return _assemble([read_pack(path) for path in shipped], _read_extra(extra))


def _read_extra(extra: list[Path]) -> list[Pack]:
    """The packs beside the shipped library, each checked against every role defined.

    Roles come first, so that a pack may add habits to a role another pack defines.
    """
    first_reads = [read_pack(path, known_roles=()) for path in extra]
    roles = set(SHIPPED_ROLES) | {pack.role.id for pack in first_reads if pack.role}
    return [read_pack(p.file, known_roles=roles) if p.problems else p for p in first_reads]


def _assemble(shipped: list[Pack], extra: list[Pack]) -> Library:
    library = Library()
    for pack in (*shipped, *extra):
        _merge(library, pack)
    library.problems.extend(check_links(library.habits))
    ordered = dict(sorted(library.roles.items(), key=lambda item: _role_sort_key(item[0])))
    library.roles.clear()
    library.roles.update(ordered)
    return library


def _extra_packs(files: list[Path], index: PackIndex | None) -> list[Pack]:
    """The packs of `files` as read: from the index when it was made from these very
    files (index.py says when), else read now, and the index written again."""
    if index is None:
        return _read_extra(files)
    from cxhabits.library import index as indexing

    key = indexing.key_of(files)
    if key is not None:
        cached = indexing.load(index, key)
        if cached is not None:
            return cached
    packs = _read_extra(files)
    if key is not None:
        indexing.save(index, key, packs)
    return packs


def folder_files(folders: Iterable[Path], problems: list[Problem] | None = None) -> list[Path]:
    """The packs in pack folders, each file once; a folder that cannot be read is a problem.

    A team folder may be missing or offline (an unmounted share, a sync client that is
    not running): it is reported once in `problems` (when given) and left out.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            if not folder.is_dir():
                raise FileNotFoundError(folder)
            found = pack_files(folder)
        except OSError as exc:
            if problems is not None:
                problems.append(Problem(folder, "", "", _unreadable_folder(exc)))
            continue
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


def _unreadable_folder(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _(
            "this pack folder cannot be read (missing, or offline); its habits are left out for now"
        )
    return _(
        "this pack folder cannot be read ({error}); its habits are left out until you may open it"
    ).format(error=exc.strerror or exc)


def _extra_files(
    user_dir: Path | None, team_dirs: Iterable[Path], problems: list[Problem] | None = None
) -> list[Path]:
    """The user's own packs (a missing folder is normal), then the team folders'."""
    own = folder_files([user_dir] if user_dir else [])
    seen = {f.resolve() for f in own}
    return own + [f for f in folder_files(team_dirs, problems) if f.resolve() not in seen]


def load_library(
    user_dir: Path | None, team_dirs: Iterable[Path] = (), index: PackIndex | None = None
) -> Library:
    """Every shipped pack, then the user's own packs, then the team folders' (read only).

    A missing `user_dir` is normal (no packs of one's own); a missing team folder is
    reported among the problems. With `index`, the packs beside the shipped ones are
    read only when one changed (index.py).
    """
    folder_problems: list[Problem] = []
    extra = _extra_packs(_extra_files(user_dir, team_dirs, folder_problems), index)
    library = _assemble([read_pack(path) for path in pack_files(shipped_dir())], extra)
    library.problems[:0] = folder_problems
    return library


def team_mandate(
    user_dir: Path | None, team_dirs: Iterable[Path] = (), index: PackIndex | None = None
) -> Texts | None:
    """What the team may decide on the spot ([mandate]): the user's own packs' first,
    else the first team folder's that states one; None when no pack states one."""
    for pack in _extra_packs(_extra_files(user_dir, team_dirs), index):
        if pack.mandate:
            return pack.mandate
    return None


def find_habits(
    habit_ids: Iterable[str],
    user_dir: Path | None,
    team_dirs: Iterable[Path] = (),
    index: PackIndex | None = None,
) -> dict[str, Habit]:
    """Some habits, reading as little as possible, and never saying a word.

    Their roles' shipped files first; only for an id they lack, the user's and the
    team folders' packs (not the rest of the shipped library: its ids are not there),
    through `index` when given. Problems in those packs are the business of the
    commands that list the library.
    """
    wanted = set(habit_ids)
    found: dict[str, Habit] = {}
    for role in sorted({habit_id.split(".")[0] for habit_id in wanted}):
        shipped = shipped_dir() / f"{role}.toml"
        if role in SHIPPED_ROLES and shipped.is_file():
            found.update((h.id, h) for h in read_pack(shipped, only=wanted).habits)
    if wanted - set(found):
        habits = _assemble([], _extra_packs(_extra_files(user_dir, team_dirs), index)).habits
        found.update((i, habits[i]) for i in wanted - set(found) if i in habits)
    return found


def find_habit(
    habit_id: str,
    user_dir: Path | None,
    team_dirs: Iterable[Path] = (),
    index: PackIndex | None = None,
) -> Habit | None:
    return find_habits([habit_id], user_dir, team_dirs, index).get(habit_id)


def is_shipped(habit: Habit) -> bool:
    """Whether the habit comes from the shipped library (not a pack beside it)."""
    here, parent = shipped_dir(), habit.source.parent
    return parent == here or parent.resolve() == here.resolve()


def kept_texts(habit: Habit) -> tuple[tuple[str, str, str], ...]:
    """What a record keeps of a picked habit (HabitRecord.kept): a team's or the user's
    own habit keeps its texts, a shipped one nothing (the shipped library is always here)."""
    return () if is_shipped(habit) else habit.kept()


def check_candidate(
    candidate: Path, replaces: Path, user_dir: Path | None, team_dirs: Iterable[Path] = ()
) -> list[Problem]:
    """The problems `candidate` would have in the library in place of the pack `replaces`.

    For a pack about to be rewritten: the new text is checked in a file of its own
    first, against the shipped library, the user's packs and the team folders'.
    """
    gone = replaces.resolve()
    extra = [f for f in _extra_files(user_dir, team_dirs) if f.resolve() != gone]
    checked = _build(pack_files(shipped_dir()), [*extra, candidate])
    return [p._replace(file=replaces) for p in checked.problems if p.file == candidate]


LANGUAGE_NAMES = {"en": N_("English"), "nl": N_("Dutch")}


def one_language_notes(habits: Iterable[Habit]) -> list[Problem]:
    """A note (not a problem) for each habit written in one language only."""
    notes = []
    for habit in habits:
        written = habit.languages()
        if len(written) == 1:
            name = _(LANGUAGE_NAMES[written[0]])
            notes.append(
                Problem(
                    habit.source,
                    habit.id,
                    "",
                    _("written in {language} only: shown in {language} in either language").format(
                        language=name
                    ),
                )
            )
    return notes


class Checked(NamedTuple):
    passed: int  # habits that passed
    problems: list[Problem]
    notes: list[Problem]  # worth knowing, not wrong: habits written in one language


def check_path(path: Path) -> Checked:
    """Check a pack file or folder against the rules and the shipped library."""
    advice = N_("Give a pack file (.toml) or a folder of them.")
    try:
        if not os.path.isdir(path):
            paths.check_readable(path)  # never a pipe or a device: opening one may block
    except paths.Unfit as exc:
        raise paths.refuse(path, exc, advice) from None
    try:
        files = pack_files(path) if path.is_dir() else [path]
    except OSError as exc:
        raise CxHabitsError(
            N_("Cannot read {path}: {error}.\nCheck that you may open the folder."),
            path=path,
            error=exc.strerror or str(exc),
        ) from None
    if not files:
        raise UsageError(
            N_("{path} holds no .toml files.\nGive a pack file or a folder of them."), path=path
        )
    shipped_files = pack_files(shipped_dir())
    read = [read_pack(f, known_roles=()) for f in files]
    unknown = [note for pack in read for note in pack.notes]
    roles = {*SHIPPED_ROLES, *(pack.role.id for pack in read if pack.role is not None)}
    wording = [w for f in files for w in read_pack(f, roles).wording]  # the recipe as it reads
    checking_shipped = {f.resolve() for f in files} <= {f.resolve() for f in shipped_files}
    if checking_shipped:
        checked = _build(files, [])
        return Checked(len(checked.habits), checked.problems + wording, unknown)
    baseline = len(_build(shipped_files, []).habits)
    checked = _build(shipped_files, files)
    mine = [h for h in checked.habits.values() if h.source in files]
    notes = unknown + one_language_notes(mine)
    return Checked(len(checked.habits) - baseline, checked.problems + wording, notes)
