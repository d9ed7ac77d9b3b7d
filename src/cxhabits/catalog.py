"""The habit library: the shipped packs and the user's own, read and checked.

A pack is a TOML file with an optional `[role]` table and a `[[habits]]` list
(format: habits/README.md). The shipped packs are one file per role, so the
check-in path reads only the file of the habit it needs.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cxhabits.errors import UsageError

LANGUAGES = ("en", "nl")
TEXT_FIELDS = ("title", "anchor", "behaviour", "celebration", "starter", "why")
PRINCIPLES = (
    "open-door",
    "one-company",
    "their-side",
    "influence",
    "honest-first",
    "trust-not-rules",
    "own-it",
    "leaders-at-the-front",
    "right-moment",
    "authentic",
    "story",
    "serve-the-team",
)
SHIPPED_ROLES = (
    "agent",
    "finance",
    "account-manager",
    "marketer",
    "product-owner",
    "leader",
    "hr",
    "field-service",
    "front-desk",
)
ROLE_ID = re.compile(r"^[a-z][a-z0-9-]{1,29}$")
HABIT_ID = re.compile(r"^([a-z][a-z0-9-]{1,29})\.([a-z0-9][a-z0-9-]{2,39})$")
MAX_CHARS = {"title": 60, "behaviour": 160, "anchor": 120, "celebration": 120, "starter": 120}
MAX_WHY_CHARS = 300

Texts = dict[str, str]  # language -> text


@dataclass(frozen=True)
class Habit:
    id: str
    role: str
    order: int
    principle: str
    texts: dict[str, Texts]  # field -> language -> text
    source: Path

    def text(self, name: str, language: str) -> str:
        texts = self.texts[name]
        return texts.get(language) or texts["en"]

    def recipe(self, language: str) -> str:
        """The Tiny Habits recipe as one sentence: anchor, behaviour, celebration."""
        anchor = self.text("anchor", language)
        behaviour = self.text("behaviour", language)
        return f"{anchor}, {behaviour}. {self.text('celebration', language)}"


@dataclass(frozen=True)
class Role:
    id: str
    name: Texts

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.id


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack: where, and what."""

    file: Path
    habit: str  # the habit id, or "" for the file or its [role]
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.habit, self.field) if part)
        return f"{self.file}: {where + ': ' if where else ''}{self.message}"


@dataclass
class Pack:
    """What one file holds: its role (if any), the habits that passed, and the problems."""

    file: Path
    role: Role | None = None
    habits: list[Habit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# -- where the packs are -------------------------------------------------------


def shipped_dir() -> Path:
    """The shipped library: inside the installed package, or the checkout's habits/."""
    packaged = Path(str(resources.files("cxhabits"))) / "habits"
    if packaged.is_dir():
        return packaged
    # An editable install resolves the package to src/cxhabits/, beside no habits/.
    return Path(__file__).resolve().parents[2] / "habits"


def pack_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


# -- reading and checking one pack ---------------------------------------------


def _bad_text(value: str) -> str | None:
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in value):
        return "contains a control character (newline, tab, escape, ...)"
    return None


def _check_texts(
    pack: Pack, habit_id: str, name: str, value: Any, problems: list[Problem]
) -> Texts | None:
    def problem(message: str, lang: str = "") -> None:
        where = f"{name}.{lang}" if lang else name
        problems.append(Problem(pack.file, habit_id, where, message))

    if value is None:
        problem("missing")
        return None
    if not isinstance(value, dict):
        problem('must be a table of languages, e.g. { en = "...", nl = "..." }')
        return None
    texts: Texts = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            problem("missing", lang)
        elif not isinstance(text, str):
            problem("must be text", lang)
        elif not text.strip():
            problem("is empty", lang)
        else:
            limit = MAX_WHY_CHARS if name == "why" else MAX_CHARS.get(name, MAX_WHY_CHARS)
            bad = _bad_text(text)
            if bad:
                problem(bad, lang)
            elif len(text) > limit:
                hint = "; make it tinier" if name == "behaviour" else ""
                problem(f"is {len(text)} characters, more than {limit}{hint}", lang)
            else:
                texts[lang] = text.strip()
    for lang in value:
        if lang not in LANGUAGES and isinstance(value[lang], str) and _bad_text(value[lang]):
            problem(_bad_text(value[lang]) or "", str(lang))
    return texts if len(texts) == len(LANGUAGES) else None


def _read_role(pack: Pack, raw: Any) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        pack.problems.append(Problem(pack.file, "", "role", "must be a table: [role]"))
        return
    role_id = raw.get("id")
    if not isinstance(role_id, str) or not ROLE_ID.match(role_id):
        pack.problems.append(
            Problem(pack.file, "", "role.id", "must be lowercase letters, digits and hyphens")
        )
        return
    problems: list[Problem] = []
    name = _check_texts(pack, "", "role.name", raw.get("name"), problems)
    pack.problems.extend(problems)
    if name is not None:
        pack.role = Role(role_id, name)


def _read_habit(pack: Pack, raw: Any, index: int, known_roles: set[str]) -> Habit | None:
    if not isinstance(raw, dict):
        pack.problems.append(Problem(pack.file, f"habits[{index}]", "", "must be a table"))
        return None
    problems: list[Problem] = []
    habit_id = raw.get("id")
    label = habit_id if isinstance(habit_id, str) and habit_id else f"habits[{index}]"
    match = HABIT_ID.match(habit_id) if isinstance(habit_id, str) else None
    if match is None:
        problems.append(
            Problem(
                pack.file,
                label,
                "id",
                "must be role.slug: lowercase letters, digits and hyphens, e.g. agent.one-breath",
            )
        )
    role = match.group(1) if match else ""
    if match and role not in known_roles:
        problems.append(
            Problem(pack.file, label, "id", f"unknown role '{role}'; define it in [role]")
        )
    order = raw.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        problems.append(Problem(pack.file, label, "order", "must be a whole number from 1"))
    principle = raw.get("principle")
    if principle not in PRINCIPLES:
        problems.append(
            Problem(
                pack.file,
                label,
                "principle",
                f"unknown principle {principle!r}; use one of: {', '.join(PRINCIPLES)}",
            )
        )
    texts = {name: _check_texts(pack, label, name, raw.get(name), problems) for name in TEXT_FIELDS}
    pack.problems.extend(problems)
    if problems:
        return None
    return Habit(
        id=str(habit_id),
        role=role,
        order=int(str(order)),
        principle=str(principle),
        texts={name: t for name, t in texts.items() if t is not None},
        source=pack.file,
    )


def read_pack(path: Path, known_roles: Iterable[str] = SHIPPED_ROLES) -> Pack:
    """Read one pack file; every problem is collected, broken habits are left out."""
    pack = Pack(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        pack.problems.append(Problem(path, "", "", f"not valid TOML: {exc}"))
        return pack
    except (OSError, UnicodeDecodeError) as exc:
        pack.problems.append(Problem(path, "", "", f"cannot be read: {exc}"))
        return pack
    _read_role(pack, data.get("role"))
    roles = set(known_roles) | ({pack.role.id} if pack.role else set())
    raw_habits = data.get("habits", [])
    if not isinstance(raw_habits, list) or not raw_habits:
        pack.problems.append(Problem(path, "", "habits", "no [[habits]] in this file"))
        raw_habits = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_habits):
        habit = _read_habit(pack, raw, index, roles)
        if habit is None:
            continue
        if habit.id in seen:
            pack.problems.append(Problem(path, habit.id, "id", "appears twice in this file"))
            continue
        seen.add(habit.id)
        pack.habits.append(habit)
    for key in data:
        if key not in ("role", "habits"):
            pack.problems.append(Problem(path, "", str(key), "unknown key; expected role, habits"))
    return pack


# -- the whole library -----------------------------------------------------------


@dataclass
class Library:
    roles: dict[str, Role]
    habits: dict[str, Habit]
    problems: list[Problem]

    def role_habits(self, role_id: str) -> list[Habit]:
        return sorted(
            (h for h in self.habits.values() if h.role == role_id), key=lambda h: (h.order, h.id)
        )

    def get(self, habit_id: str) -> Habit:
        habit = self.habits.get(habit_id)
        if habit is None:
            raise unknown_habit(habit_id)
        return habit

    def role(self, role_id: str) -> Role:
        role = self.roles.get(role_id)
        if role is None:
            raise UsageError(
                f"There is no role '{role_id}'. Roles: {', '.join(self.roles)}.\n"
                f"Run 'cxhabits roles' to see them."
            )
        return role

    def ordered(self) -> Iterator[Habit]:
        for role_id in self.roles:
            yield from self.role_habits(role_id)


def unknown_habit(habit_id: str) -> UsageError:
    return UsageError(
        f"There is no habit '{habit_id}' in the library.\n"
        f"Run 'cxhabits library' to see the habit ids."
    )


def _merge(library: Library, pack: Pack, shipped: bool) -> None:
    library.problems.extend(pack.problems)
    if pack.role and pack.role.id not in library.roles:
        library.roles[pack.role.id] = pack.role
    for habit in pack.habits:
        if habit.id in library.habits:
            origin = "the shipped library" if not shipped else str(library.habits[habit.id].source)
            library.problems.append(
                Problem(pack.file, habit.id, "id", f"already used by {origin}; choose another id")
            )
            continue
        library.habits[habit.id] = habit


def load_library(user_dir: Path | None) -> Library:
    """Every shipped pack, then every user pack in `user_dir` (problems collected)."""
    library = Library(roles={}, habits={}, problems=[])
    for path in pack_files(shipped_dir()):
        _merge(library, read_pack(path), shipped=True)
    user_packs = pack_files(user_dir) if user_dir else []
    # Roles come first so that a pack may add habits to a role another pack defines.
    user_roles = set(library.roles)
    for path in user_packs:
        pack = read_pack(path, known_roles=())
        if pack.role:
            user_roles.add(pack.role.id)
    for path in user_packs:
        _merge(library, read_pack(path, known_roles=user_roles), shipped=False)
    return library


def find_habit(habit_id: str, user_dir: Path | None) -> Habit | None:
    """One habit, reading as little as possible: its role's shipped file first."""
    match = HABIT_ID.match(habit_id)
    if match is None:
        return None
    shipped = shipped_dir() / f"{match.group(1)}.toml"
    if shipped.is_file():
        for habit in read_pack(shipped).habits:
            if habit.id == habit_id:
                return habit
    return load_library(user_dir).habits.get(habit_id)


def validate_path(path: Path) -> tuple[int, list[Problem]]:
    """Check a pack file or folder against the rules and the shipped library.

    Returns how many habits passed and every problem found.
    """
    files = pack_files(path) if path.is_dir() else [path]
    if not path.exists():
        raise UsageError(f"{path} does not exist.\nGive a pack file (.toml) or a folder of them.")
    if path.is_dir() and not files:
        raise UsageError(f"{path} holds no .toml files.\nGive a pack file or a folder of them.")
    shipped_files = {p.resolve() for p in pack_files(shipped_dir())}
    checking_shipped = all(f.resolve() in shipped_files for f in files)
    shipped = Library(roles={}, habits={}, problems=[])
    if not checking_shipped:
        for shipped_file in shipped_files:
            _merge(shipped, read_pack(shipped_file), shipped=True)
    roles = set(SHIPPED_ROLES)
    for file in files:
        pack = read_pack(file, known_roles=())
        if pack.role:
            roles.add(pack.role.id)
    checked = Library(roles=dict(shipped.roles), habits=dict(shipped.habits), problems=[])
    for file in files:
        _merge(checked, read_pack(file, known_roles=roles), shipped=checking_shipped)
    passed = len(checked.habits) - len(shipped.habits)
    return passed, checked.problems
