"""The habit library: the shipped packs and the user's own, read and checked.

A pack is a TOML file with an optional `[role]` table and a `[[habits]]` list
(format: habits/README.md). The shipped packs are one file per role, so the
check-in path reads only the file of the habit it needs.
"""

import contextlib
import re
import tomllib
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits.core import has_control_character, has_invisible_character
from cxhabits.errors import UsageError
from cxhabits.i18n import N_, _

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
    "team-lead",
    "complaints",
    "finance",
    "account-manager",
    "marketer",
    "product-owner",
    "leader",
    "hr",
    "field-service",
    "front-desk",
)
# Patterns, not compiled objects: `re` compiles them on first use, off the start-up path.
ROLE_ID = r"[a-z][a-z0-9-]{1,29}"
HABIT_ID = r"([a-z][a-z0-9-]{1,29})\.([a-z0-9][a-z0-9-]{2,39})"
MAX_CHARS = {"title": 60, "behaviour": 160, "anchor": 120, "celebration": 120, "starter": 120}
MAX_WHY_CHARS = 300

Texts = dict[str, str]  # language -> text


class Habit(NamedTuple):
    id: str
    role: str
    order: int
    principle: str
    texts: dict[str, Texts]  # field -> language -> text
    source: Path
    retired: bool = False  # kept for people who have it; never offered

    def languages(self) -> tuple[str, ...]:
        """The languages every text of this habit is written in (one, or both)."""
        return tuple(
            lang for lang in LANGUAGES if all(lang in texts for texts in self.texts.values())
        )

    def shown_language(self, language: str) -> str:
        """`language` if the whole habit has it, else the one it is written in: never mixed."""
        written = self.languages()
        return language if language in written or not written else written[0]

    def text(self, name: str, language: str) -> str:
        texts = self.texts[name]
        return texts.get(self.shown_language(language)) or next(iter(texts.values()))

    def texts_json(self) -> dict[str, dict[str, str | None]]:
        """Every text field in every language; null for a language the pack does not give."""
        return {name: {lang: t.get(lang) for lang in LANGUAGES} for name, t in self.texts.items()}

    def recipe(self, language: str, own_anchor: str | None = None) -> str:
        """The Tiny Habits recipe as one sentence: anchor, behaviour, celebration.

        `own_anchor`: the anchor in the user's own words (`cxhabits anchor`), as typed.
        """
        anchor = own_anchor or self.text("anchor", language)
        behaviour = self.text("behaviour", language)
        return f"{anchor}, {behaviour}. {self.text('celebration', language)}"


class Role(NamedTuple):
    id: str
    name: Texts

    def label(self, language: str) -> str:
        return self.name.get(language) or next(iter(self.name.values()), self.id)


class Problem(NamedTuple):
    """One thing wrong in a pack: where, and what."""

    file: Path
    habit: str  # the habit id, or "" for the file or its [role]
    field: str
    message: str

    def __str__(self) -> str:
        from cxhabits.terminal import literal  # ids and field names come from the pack

        where = ", ".join(part for part in (self.habit, self.field) if part)
        return literal(f"{self.file}: {where + ': ' if where else ''}{self.message}")


class Pack(NamedTuple):
    """What one file holds: its role (if any), the habits that passed, and the problems."""

    file: Path
    role: Role | None
    habits: list[Habit]
    problems: list[Problem]


# -- where the packs are -------------------------------------------------------


def shipped_dir() -> Path:
    """The shipped library: inside the installed package, or the checkout's habits/."""
    packaged = Path(__file__).parent / "habits"
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
    if has_control_character(value):
        return _("contains a control character (newline, tab, escape, ...)")
    if has_invisible_character(value):
        return _("contains an invisible character (a text-direction override or zero-width)")
    return None


def _check_texts(
    file: Path, habit_id: str, name: str, value: Any, problems: list[Problem]
) -> Texts | None:
    """The languages given (one or both), each non-empty, plain and short enough; None if not.

    That a habit gives the same languages in every field is checked by the caller.
    """

    def problem(message: str, lang: str = "") -> None:
        problems.append(Problem(file, habit_id, f"{name}.{lang}" if lang else name, message))

    if value is None or value == {}:
        problem(_("missing"))
        return None
    if not isinstance(value, dict):
        problem(_('must be a table of languages, e.g. { en = "...", nl = "..." }'))
        return None
    texts: Texts = {}
    before = len(problems)
    limit = MAX_CHARS.get(name, MAX_WHY_CHARS)
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            continue  # one language is allowed, if it is the same in every field
        if not isinstance(text, str):
            problem(_("must be text"), lang)
        elif not text.strip():
            problem(_("is empty"), lang)
        elif bad := _bad_text(text):
            problem(bad, lang)
        elif len(text) > limit:
            message = _("is {length} characters, more than {limit}")
            if name == "behaviour":
                message = _("is {length} characters, more than {limit}; make it tinier")
            problem(message.format(length=len(text), limit=limit), lang)
        else:
            texts[lang] = text.strip()
    for lang, text in value.items():
        if lang not in LANGUAGES and isinstance(text, str) and (bad := _bad_text(text)):
            problem(bad, str(lang))
    if not texts and len(problems) == before:
        problem(_("missing"))
    return texts if texts and len(problems) == before else None


def text_problem(name: str, text: str) -> str | None:
    """What the validator would say about one text of field `name` (None: it passes)."""
    found: list[Problem] = []
    _check_texts(Path(), "", name, {"en": text}, found)
    return found[0].message if found else None


def _read_role(file: Path, raw: Any, problems: list[Problem]) -> Role | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append(Problem(file, "", "role", _("must be a table: [role]")))
        return None
    role_id = raw.get("id")
    if not isinstance(role_id, str) or not re.fullmatch(ROLE_ID, role_id):
        problems.append(
            Problem(file, "", "role.id", _("must be lowercase letters, digits and hyphens"))
        )
        return None
    name = _check_texts(file, "", "role.name", raw.get("name"), problems)
    return Role(role_id, name) if name is not None else None


def _check_same_languages(
    file: Path, label: str, raw: dict[str, Any], found: list[Problem]
) -> None:
    """One language or both, but the same in every text: a recipe is never mixed."""
    given = {
        name: {lang for lang in LANGUAGES if isinstance(raw.get(name), dict) and lang in raw[name]}
        for name in TEXT_FIELDS
    }
    anywhere = set().union(*given.values())
    for name in TEXT_FIELDS:
        for lang in (lang for lang in LANGUAGES if lang in anywhere - given[name]):
            if given[name]:  # a field with no text at all is reported as missing already
                found.append(
                    Problem(
                        file,
                        label,
                        f"{name}.{lang}",
                        _(
                            "missing (other texts of this habit have it: one language or both, "
                            "the same in every text)"
                        ),
                    )
                )


def _read_habit(
    file: Path, raw: Any, index: int, known_roles: set[str], problems: list[Problem]
) -> Habit | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"habits[{index}]", "", _("must be a table")))
        return None
    found: list[Problem] = []
    habit_id = raw.get("id")
    label = habit_id if isinstance(habit_id, str) and habit_id else f"habits[{index}]"
    match = re.fullmatch(HABIT_ID, habit_id) if isinstance(habit_id, str) else None
    if match is None:
        found.append(
            Problem(
                file,
                label,
                "id",
                _(
                    "must be role.slug: lowercase letters, digits and hyphens, "
                    "e.g. agent.breath-after-hard-call"
                ),
            )
        )
    role = match.group(1) if match else ""
    if match and role not in known_roles:
        found.append(
            Problem(
                file, label, "id", _("unknown role '{role}'; define it in [role]").format(role=role)
            )
        )
    order = raw.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        found.append(Problem(file, label, "order", _("must be a whole number from 1")))
    principle = raw.get("principle")
    if principle not in PRINCIPLES:
        found.append(
            Problem(
                file,
                label,
                "principle",
                _("unknown principle {principle}; use one of: {principles}").format(
                    principle=repr(principle), principles=", ".join(PRINCIPLES)
                ),
            )
        )
    texts = {name: _check_texts(file, label, name, raw.get(name), found) for name in TEXT_FIELDS}
    _check_same_languages(file, label, raw, found)
    retired = raw.get("retired", False)
    if not isinstance(retired, bool):
        found.append(Problem(file, label, "retired", _("must be true or false")))
    for key in raw:
        if key not in ("id", "order", "principle", "retired", *TEXT_FIELDS):
            found.append(Problem(file, label, str(key), _("unknown field")))
    problems.extend(found)
    if found:
        return None
    return Habit(
        id=str(habit_id),
        role=role,
        order=int(str(order)),
        principle=str(principle),
        texts={name: t for name, t in texts.items() if t is not None},
        source=file,
        retired=retired is True,
    )


def _parse(text: str, only: set[str] | None) -> dict[str, Any]:
    """The pack's TOML; with `only`, just its head (the role) and those habits' tables.

    Showing one title (`status`, on every shell prompt) then parses a few lines, not a
    whole file of habits in two languages. A file that does not cut cleanly at its
    `[[habits]]` lines, or whose cut does not parse, is read whole, as before.
    """
    if only:
        head, *tables = text.split("\n[[habits]]")
        chosen = [t for t in tables if any(f'"{habit_id}"' in t for habit_id in only)]
        if chosen and all(t[:1] in ("\n", "\r") for t in tables):
            with contextlib.suppress(tomllib.TOMLDecodeError):
                return tomllib.loads(head + "".join("\n[[habits]]" + t for t in chosen))
    return tomllib.loads(text)


def read_pack(
    path: Path, known_roles: Iterable[str] = SHIPPED_ROLES, only: set[str] | None = None
) -> Pack:
    """Read one pack file; every problem is collected, broken habits are left out.

    With `only`, just those habit ids are checked and returned (the check-in path).
    """
    problems: list[Problem] = []
    try:
        data = _parse(path.read_text(encoding="utf-8"), only)
    except tomllib.TOMLDecodeError as exc:
        return Pack(
            path, None, [], [Problem(path, "", "", _("not valid TOML: {error}").format(error=exc))]
        )
    except (OSError, UnicodeDecodeError) as exc:
        return Pack(
            path, None, [], [Problem(path, "", "", _("cannot be read: {error}").format(error=exc))]
        )
    except (RecursionError, MemoryError):  # arrays or tables nested thousands deep
        message = _("nested too deeply to be a habit pack")
        return Pack(path, None, [], [Problem(path, "", "", message)])
    role = _read_role(path, data.get("role"), problems)
    roles = set(known_roles) | ({role.id} if role else set())
    raw_habits = data.get("habits", [])
    if not isinstance(raw_habits, list) or not raw_habits:
        problems.append(Problem(path, "", "habits", _("no [[habits]] in this file")))
        raw_habits = []
    habits: dict[str, Habit] = {}
    for index, raw in enumerate(raw_habits):
        if only is not None and not (isinstance(raw, dict) and raw.get("id") in only):
            continue
        habit = _read_habit(path, raw, index, roles, problems)
        if habit is None:
            continue
        if habit.id in habits:
            problems.append(Problem(path, habit.id, "id", _("appears twice in this file")))
            continue
        habits[habit.id] = habit
    for key in data:
        if key not in ("role", "habits"):
            problems.append(Problem(path, "", str(key), _("unknown key; expected role, habits")))
    return Pack(path, role, list(habits.values()), problems)


# -- the whole library -----------------------------------------------------------


class Library(NamedTuple):
    roles: dict[str, Role]  # in the order DOMAIN.md gives, then the user's own
    habits: dict[str, Habit]
    problems: list[Problem]

    def role_habits(self, role_id: str, keep: Collection[str] = ()) -> list[Habit]:
        """A role's habits in order; a retired one only if its id is in `keep`."""
        return sorted(
            (
                h
                for h in self.habits.values()
                if h.role == role_id and (not h.retired or h.id in keep)
            ),
            key=lambda h: (h.order, h.id),
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
    library = Library(roles={}, habits={}, problems=[])
    for path in shipped:
        _merge(library, read_pack(path))
    # Roles come first, so that a pack may add habits to a role another pack defines.
    roles = set(SHIPPED_ROLES) | set(library.roles)
    first_reads = [read_pack(path, known_roles=()) for path in extra]
    roles |= {pack.role.id for pack in first_reads if pack.role}
    for pack in first_reads:
        _merge(library, read_pack(pack.file, known_roles=roles) if pack.problems else pack)
    ordered = dict(sorted(library.roles.items(), key=lambda item: _role_sort_key(item[0])))
    library.roles.clear()
    library.roles.update(ordered)
    return library


def folder_files(folders: Iterable[Path], problems: list[Problem] | None = None) -> list[Path]:
    """The packs in pack folders, each file once; a folder that cannot be read is a problem.

    A team folder may be missing or offline (an unmounted share, a sync client that is
    not running): it is reported once in `problems` (when given) and left out.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            found = sorted(p for p in folder.glob("*.toml") if p.is_file())
            if not folder.is_dir():
                raise FileNotFoundError(folder)
        except OSError:
            if problems is not None:
                problems.append(
                    Problem(
                        folder,
                        "",
                        "",
                        _(
                            "this pack folder cannot be read (missing, or offline); "
                            "its habits are left out for now"
                        ),
                    )
                )
            continue
        for path in found:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                files.append(path)
    return files


def _extra_files(
    user_dir: Path | None, team_dirs: Iterable[Path], problems: list[Problem] | None = None
) -> list[Path]:
    """The user's own packs (a missing folder is normal), then the team folders'."""
    own = folder_files([user_dir] if user_dir else [])
    seen = {f.resolve() for f in own}
    return own + [f for f in folder_files(team_dirs, problems) if f.resolve() not in seen]


def load_library(user_dir: Path | None, team_dirs: Iterable[Path] = ()) -> Library:
    """Every shipped pack, then the user's own packs, then the team folders' (read only).

    A missing `user_dir` is normal (no packs of one's own); a missing team folder is
    reported among the problems.
    """
    folder_problems: list[Problem] = []
    library = _build(pack_files(shipped_dir()), _extra_files(user_dir, team_dirs, folder_problems))
    library.problems[:0] = folder_problems
    return library


def find_habits(
    habit_ids: Iterable[str], user_dir: Path | None, team_dirs: Iterable[Path] = ()
) -> dict[str, Habit]:
    """Some habits, reading as little as possible, and never saying a word.

    Their roles' shipped files first; only for an id they lack, the user's and the
    team folders' packs (not the rest of the shipped library: its ids are not there).
    Problems in those packs are the business of the commands that list the library.
    """
    wanted = set(habit_ids)
    found: dict[str, Habit] = {}
    for role in sorted({habit_id.split(".")[0] for habit_id in wanted}):
        shipped = shipped_dir() / f"{role}.toml"
        if role in SHIPPED_ROLES and shipped.is_file():
            found.update((h.id, h) for h in read_pack(shipped, only=wanted).habits)
    if wanted - set(found):
        habits = _build([], _extra_files(user_dir, team_dirs)).habits
        found.update((i, habits[i]) for i in wanted - set(found) if i in habits)
    return found


def find_habit(
    habit_id: str, user_dir: Path | None, team_dirs: Iterable[Path] = ()
) -> Habit | None:
    return find_habits([habit_id], user_dir, team_dirs).get(habit_id)


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


def validate_path(path: Path) -> tuple[int, list[Problem]]:
    """How many habits in a pack file or folder passed, and every problem found."""
    checked = check_path(path)
    return checked.passed, checked.problems


def check_path(path: Path) -> Checked:
    """Check a pack file or folder against the rules and the shipped library."""
    if not path.exists():
        raise UsageError(
            _("{path} does not exist.\nGive a pack file (.toml) or a folder of them.").format(
                path=path
            )
        )
    files = pack_files(path) if path.is_dir() else [path]
    if not files:
        raise UsageError(
            _("{path} holds no .toml files.\nGive a pack file or a folder of them.").format(
                path=path
            )
        )
    shipped_files = pack_files(shipped_dir())
    checking_shipped = {f.resolve() for f in files} <= {f.resolve() for f in shipped_files}
    if checking_shipped:
        checked = _build(files, [])
        return Checked(len(checked.habits), checked.problems, [])
    baseline = len(_build(shipped_files, []).habits)
    checked = _build(shipped_files, files)
    mine = [h for h in checked.habits.values() if h.source in files]
    return Checked(len(checked.habits) - baseline, checked.problems, one_language_notes(mine))
