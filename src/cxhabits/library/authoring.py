"""Writing a habit of one's own, the pure part of `cxhabits new`.

Answers in, checked texts, a free id and the TOML text to append out: no files, no
prompts. The text is appended to the pack as it is, so whatever the pack already
holds (comments and layout included) stays byte for byte; each value is rendered by
tomli_w, so quotes, backslashes and non-ASCII letters are escaped the TOML way.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from cxhabits.domain.ids import HABIT_ID, ROLE_ID, SLUG_MAX, slug
from cxhabits.i18n import N_, _
from cxhabits.library.packs import LANGUAGES, TEXT_FIELDS, Texts, text_problem

ROLE_MAX = 30
BEHAVIOUR_WORDS = 20  # above this a behaviour is rarely tiny (a warning, not a refusal)

# The short advice each step gives, in the Tiny Habits form (shown where it is asked).
ADVICE = {
    "role": N_("Whose habit is it? An existing role, or a new one for your team."),
    "title": N_("A short name for lists: at most 50 characters, no full stop."),
    "anchor": N_(
        "Something that already happens every workday, at a clear moment. "
        "Start with 'After I ...' or 'When ...': 'After I close a ticket'."
    ),
    "behaviour": N_(
        "One act a colleague could see, done in under 30 seconds. "
        "Start with 'I will ...': 'I will say the customer's name once'."
    ),
    "celebration": N_("A small good feeling right away, as a whole sentence: 'Then I nod: done.'"),
    "starter": N_("Only the first move, for a bad day: 'Just open the template.'"),
    "why": N_("What it does for the customer, in one or two sentences."),
    "principle": N_("The CX principle this habit serves:"),
}

# Words that open an anchor with a moment ("After I hang up", "Als ik heb opgehangen").
MOMENT_WORDS = {
    "en": ("after", "when", "whenever", "as soon as", "once", "each time", "every time"),
    "nl": ("na", "nadat", "als", "zodra", "wanneer", "telkens", "elke keer", "iedere keer"),
}
# Phrases that say the anchor has no moment at all.
VAGUE_WORDS = {
    "en": ("sometimes", "when i have time", "when i remember", "if i can", "now and then"),
    "nl": ("soms", "als ik tijd heb", "als ik eraan denk", "af en toe", "als het lukt"),
}


class Draft(NamedTuple):
    """Everything one new habit needs, checked."""

    role: str
    role_name: Texts | None  # the name of a new role; None for an existing one
    principle: str
    texts: dict[str, Texts]  # field -> language -> text


# -- one answer ------------------------------------------------------------------


def refusal(field: str, text: str, lang: str = "en") -> str | None:
    """What the validator would refuse in this answer (None: it passes)."""
    return text_problem(field, text.strip(), lang)


def warnings(field: str, text: str, lang: str) -> list[str]:
    """What weakens a habit without making it wrong: warned about, then written."""
    found: list[str] = []
    lowered = " ".join(text.lower().split())
    if field == "behaviour" and len(text.split()) > BEHAVIOUR_WORDS:
        found.append(
            _(
                "The behaviour is {count} words long: a tiny habit says it in {limit} or fewer. "
                "Written as it is; consider making it tinier."
            ).format(count=len(text.split()), limit=BEHAVIOUR_WORDS)
        )
    if field == "anchor":
        opens_with_moment = any(
            lowered == word or lowered.startswith(word + " ") for word in MOMENT_WORDS.get(lang, ())
        )
        if not opens_with_moment or any(word in lowered for word in VAGUE_WORDS.get(lang, ())):
            found.append(
                _(
                    "The anchor names no clear moment: start with 'After I ...' or 'When ...' "
                    "and name something that happens every workday. Written as it is."
                )
            )
    return found


# -- ids -------------------------------------------------------------------------


def free_id(role: str, title: str, taken: Collection[str]) -> str:
    """A valid habit id from the title, not in `taken`: -2, -3, ... added when it is."""
    base = slug(title, SLUG_MAX - 4) or "habit"
    if len(base) < 3:
        base = f"{base}-habit"
    candidate = f"{role}.{base}"
    for number in range(2, len(taken) + 3):  # distinct candidates: one of these is free
        if candidate not in taken and re.fullmatch(HABIT_ID, candidate):
            return candidate
        suffix = f"-{number}"  # -1000 and on: the slug is cut to make room, never too long
        candidate = f"{role}.{base[: SLUG_MAX - len(suffix)].rstrip('-')}{suffix}"
    raise ValueError(f"{role!r} is not a role id")  # the caller checks the role first


def role_id_from(name: str) -> str:
    """A role id from a role's name: 'Claims handler' -> 'claims-handler'."""
    base = slug(name, ROLE_MAX)
    if not base or not base[0].isalpha():
        base = f"team-{base}".rstrip("-")[:ROLE_MAX].rstrip("-")
    if len(base) < 2:
        base = "team"
    return base


def is_role_id(text: str) -> bool:
    return re.fullmatch(ROLE_ID, text) is not None


def next_order(orders: Iterable[int]) -> int:
    return max(orders, default=0) + 1


# -- the text appended to the pack ---------------------------------------------------


def toml_value(value: str | int) -> str:
    """One value the way tomli_w writes it (quotes, backslashes, escapes done right)."""
    import tomli_w

    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def inline_texts(texts: Mapping[str, str]) -> str:
    parts = [f"{lang} = {toml_value(texts[lang])}" for lang in LANGUAGES if lang in texts]
    return "{ " + ", ".join(parts) + " }"


def role_toml(role: str, name: Texts) -> str:
    return f"[role]\nid = {toml_value(role)}\nname = {inline_texts(name)}\n"


def habit_toml(habit_id: str, order: int, draft: Draft) -> str:
    lines = [
        "[[habits]]",
        f"id = {toml_value(habit_id)}",
        f"order = {toml_value(order)}",
        f"principle = {toml_value(draft.principle)}",
    ]
    lines += [f"{name} = {inline_texts(draft.texts[name])}" for name in TEXT_FIELDS]
    return "\n".join(lines) + "\n"


def appended(existing: str, habit_id: str, order: int, draft: Draft, with_role: bool) -> str:
    """The pack's text with the new habit (and its new role) added at the end.

    `existing` is kept as it is; a missing last newline is added, and a blank line
    separates the new tables from what was there.
    """
    parts = []
    if existing:
        parts.append(existing if existing.endswith("\n") else existing + "\n")
        parts.append("\n")
    if with_role and draft.role_name is not None:
        parts.append(role_toml(draft.role, draft.role_name) + "\n")
    parts.append(habit_toml(habit_id, order, draft))
    return "".join(parts)
