"""One habit pack: the format's rules, and reading and checking a pack file.

A pack is a TOML file with an optional `[role]` table and a `[[habits]]` list
(format: habits/README.md). The whole library, built from the packs, is in
catalog.py.
"""

import contextlib
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from cxhabits import paths
from cxhabits.domain.core import has_control_character, has_invisible_character
from cxhabits.domain.ids import HABIT_ID, ROLE_ID
from cxhabits.domain.model import KEPT_FIELDS
from cxhabits.i18n import _

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
    "reception",
    "inside-sales",
    "service-desk",
    "planning",
    "healthcare-desk",
    "public-service",
    "webcare",
    "rule-writers",
)
# Patterns, not compiled objects: `re` compiles them on first use, off the start-up path.
MAX_CHARS = {"title": 60, "behaviour": 160, "anchor": 120, "celebration": 120, "starter": 120}
MAX_WHY_CHARS = 300
HABIT_KEYS = (
    *("id", "order", "principle", "retired", "uses_mandate", "near_daily"),
    *("stacks_on", "replaced_by", "role"),
)

Texts = dict[str, str]  # language -> text


class Habit(NamedTuple):
    id: str
    role: str
    order: int
    principle: str
    texts: dict[str, Texts]  # field -> language -> text
    source: Path
    retired: bool = False  # kept for people who have it; never offered
    uses_mandate: bool = False  # relies on the team's [mandate]: the recipe shows it
    near_daily: bool = False  # an event most workdays bring: ordered after the daily ones
    stacks_on: str | None = None  # shares that habit's anchor on purpose (same role)
    replaced_by: str | None = None  # a retired habit's successor

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

    def kept(self) -> tuple[tuple[str, str, str], ...]:
        """The texts a habit record keeps of this habit (HabitRecord.kept)."""
        return tuple(
            (name, lang, text)
            for name in KEPT_FIELDS
            for lang, text in self.texts.get(name, {}).items()
        )

    def recipe(self, language: str, own_anchor: str | None = None) -> str:
        """The Tiny Habits recipe as one sentence: anchor, behaviour, celebration.

        `own_anchor`: the anchor in the user's own words (`cxhabits anchor`), as typed.
        """
        anchor = own_anchor or self.text("anchor", language)
        behaviour = self.text("behaviour", language)
        return f"{anchor}, {behaviour}. {self.text('celebration', language)}"


def kept_habit(habit_id: str, kept: Iterable[tuple[str, str, str]]) -> Habit | None:
    """The habit as a record kept it: its texts for a check-in, nothing more (no `why`).

    None unless it keeps every one of those texts (in one language at least).
    """
    texts: dict[str, Texts] = {}
    for name, lang, text in kept:
        texts.setdefault(name, {})[lang] = text
    if any(name not in texts for name in KEPT_FIELDS):
        return None
    role = habit_id.split(".", 1)[0]
    return Habit(id=habit_id, role=role, order=0, principle="", texts=texts, source=Path())


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
        from cxhabits.domain.chars import literal  # ids and field names come from the pack

        where = ", ".join(part for part in (self.habit, self.field) if part)
        return literal(f"{self.file}: {where + ': ' if where else ''}{self.message}")


class Pack(NamedTuple):
    """What one file holds: its role (if any), the habits that passed, and the problems."""

    file: Path
    role: Role | None
    habits: list[Habit]
    problems: list[Problem]
    notes: tuple[Problem, ...] = ()  # fields this version does not know: worth knowing, not wrong
    mandate: Texts | None = None  # [mandate]: what the team may decide on the spot
    # Texts that keep the recipe from reading as sentences: refused by `validate` and
    # `new`, while the habit still loads (a pack written before the check keeps working).
    wording: tuple[Problem, ...] = ()


# -- where the packs are -------------------------------------------------------


def shipped_dir() -> Path:
    """The shipped library: inside the installed package, or the checkout's habits/."""
    packaged = Path(__file__).parents[1] / "habits"
    if packaged.is_dir():
        return packaged
    # An editable install resolves the package to src/cxhabits/, beside no habits/.
    return Path(__file__).resolve().parents[3] / "habits"


def pack_files(folder: Path) -> list[Path]:
    """The *.toml files of a folder (none when it is not one); OSError when it cannot be
    listed: unlike `Path.glob`, a folder one may not read is not taken for an empty one."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(".toml") and entry.is_file()
        )


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
    for lang in LANGUAGES:
        text = value.get(lang)
        if text is None:
            continue  # one language is allowed, if it is the same in every field
        if wrong := _language_text_problem(name, text):
            problem(wrong, lang)
        else:
            texts[lang] = text.strip()
    for lang, text in value.items():
        if lang not in LANGUAGES and isinstance(text, str) and (bad := _bad_text(text)):
            problem(bad, str(lang))
    if not texts and len(problems) == before:
        problem(_("missing"))
    return texts if texts and len(problems) == before else None


def _language_text_problem(name: str, text: Any) -> str | None:
    """What is wrong with the text of one language of field `name` (None: nothing)."""
    if not isinstance(text, str):
        return _("must be text")
    if not text.strip():
        return _("is empty")
    if bad := _bad_text(text):
        return bad
    limit = MAX_CHARS.get(name, MAX_WHY_CHARS)
    if len(text) <= limit:
        return None
    message = _("is {length} characters, more than {limit}")
    if name == "behaviour":
        message = _("is {length} characters, more than {limit}; make it tinier")
    return message.format(length=len(text), limit=limit)


def text_problem(name: str, text: str, lang: str = "en") -> str | None:
    """What the validator would say about one text of field `name` (None: it passes)."""
    found: list[Problem] = []
    _check_texts(Path(), "", name, {lang: text}, found)
    return found[0].message if found else sentence_problem(name, lang, text)


# A sentence may open with a quote, a bracket or an ellipsis (a Dutch 't, low or angle quotes)
SENTENCE_OPENS = "\"'\u2018\u2019\u201a\u201c\u201e\u00ab(\u2026"
SENTENCE_CLOSES = "\"'\u2019\u201d\u00bb)"  # ... and close with one after its full stop


def _wording(file: Path, label: str, texts: dict[str, Texts | None]) -> list[Problem]:
    """The sentence problems of a habit's texts (`sentence_problem`)."""
    found = []
    for name, by_language in texts.items():
        for lang, text in (by_language or {}).items():
            if wrong := sentence_problem(name, lang, text):
                found.append(Problem(file, label, f"{name}.{lang}", wrong))
    return found


def _sentence_end(text: str) -> str:
    """`text` without what may follow its full stop: closing quotes and brackets, and
    symbols such as an emoji ("Nice! 🎉")."""
    import unicodedata

    end = len(text)
    while end and (
        text[end - 1] in SENTENCE_CLOSES
        or text[end - 1].isspace()
        or unicodedata.category(text[end - 1]) in ("So", "Sk", "Mn", "Cf")
    ):
        end -= 1
    return text[:end]


def sentence_problem(name: str, lang: str, text: str) -> str | None:
    """What keeps the recipe from reading as one sentence and a closing one
    (`{anchor}, {behaviour}. {celebration}`, habits/README.md), None: nothing."""
    text = text.strip()
    if name in ("anchor", "behaviour") and text[-1] in ".,;:!?":
        return _("ends with {mark}: leave that out (the recipe adds its own punctuation)").format(
            mark=repr(text[-1])
        )
    capital = text[0].isupper() and not text[1:2].isupper()  # an acronym may open it
    if name == "behaviour" and lang == "nl" and (capital or text.startswith("ik ")):
        return _("goes on from the anchor: start with the verb, in small letters: 'schrijf ik ...'")
    if name == "behaviour" and lang == "en" and not re.match(r"I( will|['\u2019]ll)\b", text):
        return _("goes on from the anchor: start it with 'I will ...'")
    if name in ("celebration", "starter"):
        if not (text[0].isupper() or text[0].isdigit() or text[0] in SENTENCE_OPENS):
            return _("is a sentence of its own: start it with a capital letter")
        if not _sentence_end(text).endswith((".", "!", "?", "\u2026")):
            return _("is a sentence of its own: end it with a full stop (or ! or ?)")
    return None


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
    file: Path,
    raw: Any,
    index: int,
    known_roles: set[str],
    problems: list[Problem],
    notes: list[Problem] | None = None,
    wording: list[Problem] | None = None,
) -> Habit | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, f"habits[{index}]", "", _("must be a table")))
        return None
    found: list[Problem] = []
    habit_id = raw.get("id")
    label = habit_id if isinstance(habit_id, str) and habit_id else f"habits[{index}]"
    role = _id_role(file, label, habit_id, known_roles, found)
    _check_order_and_principle(file, label, raw, found)
    texts = {name: _check_texts(file, label, name, raw.get(name), found) for name in TEXT_FIELDS}
    _check_same_languages(file, label, raw, found)
    flags = _read_flags(file, label, raw, found)
    links = _read_links(file, label, raw, found)
    role = _moved_role(file, label, raw.get("role"), known_roles, found) or role
    _check_unknown_keys(file, label, raw, found, notes)
    problems.extend(found)
    if found:
        return None
    if wording is not None:
        wording.extend(_wording(file, label, texts))
    return Habit(
        id=str(habit_id),
        role=role,
        order=int(str(raw.get("order"))),
        principle=str(raw.get("principle")),
        texts={name: t for name, t in texts.items() if t is not None},
        source=file,
        retired=flags["retired"] is True,
        uses_mandate=flags["uses_mandate"] is True,
        near_daily=flags["near_daily"] is True,
        stacks_on=links["stacks_on"],
        replaced_by=links["replaced_by"],
    )


def _id_role(
    file: Path, label: str, habit_id: Any, known_roles: set[str], found: list[Problem]
) -> str:
    """The role the habit's id names ("" when the id is not one); a problem if unknown."""
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
        return ""
    role = match.group(1)
    if role not in known_roles:
        found.append(
            Problem(
                file, label, "id", _("unknown role '{role}'; define it in [role]").format(role=role)
            )
        )
    return role


def _check_order_and_principle(
    file: Path, label: str, raw: dict[str, Any], found: list[Problem]
) -> None:
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


def _read_flags(
    file: Path, label: str, raw: dict[str, Any], found: list[Problem]
) -> dict[str, Any]:
    flags = {}
    for flag in ("retired", "uses_mandate", "near_daily"):
        flags[flag] = raw.get(flag, False)
        if not isinstance(flags[flag], bool):
            found.append(Problem(file, label, flag, _("must be true or false")))
    return flags


def _read_links(
    file: Path, label: str, raw: dict[str, Any], found: list[Problem]
) -> dict[str, str | None]:
    links: dict[str, str | None] = {}
    for link in ("stacks_on", "replaced_by"):  # that they lead somewhere: check_links
        value = raw.get(link)
        links[link] = value if isinstance(value, str) else None
        if value is not None and not (isinstance(value, str) and re.fullmatch(HABIT_ID, value)):
            found.append(Problem(file, label, link, _("must be the id of a habit in the library")))
    return links


def _moved_role(
    file: Path, label: str, moved: Any, known_roles: set[str], found: list[Problem]
) -> str | None:
    """A habit moved to another role keeps its id (and its file): `role = "..."`."""
    if moved is None:
        return None
    if isinstance(moved, str) and moved in known_roles:
        return moved
    message = _("unknown role '{role}'; define it in [role]").format(role=moved)
    found.append(Problem(file, label, "role", message))
    return None


def _check_unknown_keys(
    file: Path,
    label: str,
    raw: dict[str, Any],
    found: list[Problem],
    notes: list[Problem] | None,
) -> None:
    for key in raw:
        if key not in (*HABIT_KEYS, *TEXT_FIELDS):  # a newer version's field: a note
            bad = _bad_text(str(key))  # unless its name is hostile
            if bad:
                found.append(Problem(file, label, str(key), bad))
            elif notes is not None:
                notes.append(Problem(file, label, str(key), _("unknown field")))


def check_links(habits: dict[str, Habit]) -> list[Problem]:
    """`stacks_on` must name another habit of the same role; `replaced_by`, a habit anywhere."""
    found = []
    for habit in habits.values():
        on = habits.get(habit.stacks_on or "")
        if habit.stacks_on and (on is None or on.role != habit.role or on.id == habit.id):
            message = _("must be the id of another habit of the same role")
            found.append(Problem(habit.source, habit.id, "stacks_on", message))
        if habit.replaced_by and habit.replaced_by not in habits:
            message = _("must be the id of a habit in the library")
            found.append(Problem(habit.source, habit.id, "replaced_by", message))
    return found


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
    data = _read_file(path, only)
    if isinstance(data, Problem):
        return Pack(path, None, [], [data])
    problems: list[Problem] = []
    notes: list[Problem] = []
    wording: list[Problem] = []
    role = _read_role(path, data.get("role"), problems)
    roles = set(known_roles) | ({role.id} if role else set())
    raw_habits = data.get("habits", [])
    # (a file may hold only the team's [mandate], and no habits)
    if not isinstance(raw_habits, list) or not (raw_habits or "mandate" in data):
        problems.append(Problem(path, "", "habits", _("no [[habits]] in this file")))
        raw_habits = []
    habits = _read_habits(path, raw_habits, roles, only, problems, (notes, wording))
    mandate = None
    if "mandate" in data:
        mandate = _check_texts(path, "", "mandate", data["mandate"], problems)
    for key in data:
        if key not in ("role", "habits", "mandate"):  # a newer pack's table: a note
            if bad := _bad_text(str(key)):
                problems.append(Problem(path, "", str(key), bad))
            else:
                notes.append(Problem(path, "", str(key), _("unknown field")))
    return Pack(path, role, list(habits.values()), problems, tuple(notes), mandate, tuple(wording))


def _read_file(path: Path, only: set[str] | None) -> dict[str, Any] | Problem:
    """The pack's TOML (see `_parse`), or the one problem that keeps it from being read."""
    try:
        return _parse(paths.read_bounded(path, paths.MAX_PACK_BYTES).decode("utf-8"), only)
    except paths.Unfit as exc:  # a pipe, a device, or larger than any real pack
        return Problem(path, "", "", str(exc.reason))
    except tomllib.TOMLDecodeError as exc:
        return Problem(path, "", "", _("not valid TOML: {error}").format(error=exc))
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(path, "", "", _("cannot be read: {error}").format(error=exc))
    except (RecursionError, MemoryError):  # arrays or tables nested thousands deep
        return Problem(path, "", "", _("nested too deeply to be a habit pack"))


def _read_habits(
    path: Path,
    raw_habits: list[Any],
    roles: set[str],
    only: set[str] | None,
    problems: list[Problem],
    said: tuple[list[Problem], list[Problem]],
) -> dict[str, Habit]:
    """The pack's habits that pass, by id (with `only`, just those ids)."""
    habits: dict[str, Habit] = {}
    for index, raw in enumerate(raw_habits):
        if only is not None and not (isinstance(raw, dict) and raw.get("id") in only):
            continue
        habit = _read_habit(path, raw, index, roles, problems, *said)
        if habit is None:
            continue
        if habit.id in habits:
            problems.append(Problem(path, habit.id, "id", _("appears twice in this file")))
            continue
        habits[habit.id] = habit
    return habits
