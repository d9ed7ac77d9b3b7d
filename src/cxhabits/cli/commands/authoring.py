"""`cxhabits new`: write a habit of your own into a pack, step by step.

Every answer comes from an option or, when that is missing, a question (a terminal
or a pipe alike). Nothing is written until every answer is in: the new text is
written to a temporary file beside the pack, checked as the validator would, and
only then renamed over the pack. So Ctrl-C or the end of input at any step leaves
the pack byte for byte as it was.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from cxhabits.cli.app import (
    ask,
    command,
    complete_role,
    home,
    language,
    library,
    say,
    show_card,
    team_folders,
    typed_path,
    user_packs,
)
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _
from cxhabits.library import authoring, pack_file
from cxhabits.library.authoring import ADVICE, Draft
from cxhabits.library.catalog import LANGUAGE_NAMES, Library
from cxhabits.library.packs import LANGUAGES, PRINCIPLES, TEXT_FIELDS, Pack, Role, Texts, read_pack
from cxhabits.library.principles import principle_explanation, principle_name
from cxhabits.storage import store

DEFAULT_PACK = "my-habits.toml"
FIELD_LABELS = {
    "title": N_("Title"),
    "anchor": N_("Anchor"),
    "behaviour": N_("Behaviour"),
    "celebration": N_("Celebration"),
    "starter": N_("Starter step"),
    "why": N_("Why"),
}


def text_option(flag: str, help_text: str) -> Any:
    return typer.Option(flag, metavar="TEXT", help=help_text)


IN_LANG = _("in --lang's language (English with --lang both)")
IN_DUTCH = _("in Dutch, with --lang both")
Answer = str | None


@command()
def new(
    pack: Annotated[
        str | None,
        typer.Option(
            "--pack",
            metavar="FILE",
            help=_(
                "The pack to add to (created if needed); default <data dir>/habits/my-habits.toml."
            ),
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            autocompletion=complete_role,
            help=_("An existing role's id, or the id of a new role."),
        ),
    ] = None,
    role_name: Annotated[
        Answer, text_option("--role-name", _("A new role's name") + ", " + IN_LANG)
    ] = None,
    role_name_nl: Annotated[
        Answer, text_option("--role-name-nl", _("A new role's name") + ", " + IN_DUTCH)
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", metavar="LANG", help=_("en, nl or both; default: the interface's language.")
        ),
    ] = None,
    title: Annotated[Answer, text_option("--title", _("The title") + ", " + IN_LANG)] = None,
    anchor: Annotated[Answer, text_option("--anchor", _("The anchor") + ", " + IN_LANG)] = None,
    behaviour: Annotated[
        Answer, text_option("--behaviour", _("The behaviour") + ", " + IN_LANG)
    ] = None,
    celebration: Annotated[
        Answer, text_option("--celebration", _("The celebration") + ", " + IN_LANG)
    ] = None,
    starter: Annotated[
        Answer, text_option("--starter", _("The starter step") + ", " + IN_LANG)
    ] = None,
    why: Annotated[Answer, text_option("--why", _("Why it matters") + ", " + IN_LANG)] = None,
    title_nl: Annotated[Answer, text_option("--title-nl", _("The title") + ", " + IN_DUTCH)] = None,
    anchor_nl: Annotated[
        Answer, text_option("--anchor-nl", _("The anchor") + ", " + IN_DUTCH)
    ] = None,
    behaviour_nl: Annotated[
        Answer, text_option("--behaviour-nl", _("The behaviour") + ", " + IN_DUTCH)
    ] = None,
    celebration_nl: Annotated[
        Answer, text_option("--celebration-nl", _("The celebration") + ", " + IN_DUTCH)
    ] = None,
    starter_nl: Annotated[
        Answer, text_option("--starter-nl", _("The starter step") + ", " + IN_DUTCH)
    ] = None,
    why_nl: Annotated[
        Answer, text_option("--why-nl", _("Why it matters") + ", " + IN_DUTCH)
    ] = None,
    principle: Annotated[
        str | None,
        typer.Option(
            "--principle", metavar="ID", help=_("The CX principle's id, e.g. their-side.")
        ),
    ] = None,
) -> None:
    """Write a habit of your own, step by step in the Tiny Habits form, into a pack."""
    folder = home()
    ui = language(store.load(folder).settings)
    langs = writing_languages(lang, ui)
    target = typed_path(pack, "--pack") if pack is not None else user_packs(folder) / DEFAULT_PACK
    lib = library(folder)
    existing, current = pack_file.read_target(target, lib.roles, folder)
    given = {
        "title": (title, title_nl),
        "anchor": (anchor, anchor_nl),
        "behaviour": (behaviour, behaviour_nl),
        "celebration": (celebration, celebration_nl),
        "starter": (starter, starter_nl),
        "why": (why, why_nl),
        "role.name": (role_name, role_name_nl),
    }
    answers = {field: options_by_language(field, pair, langs) for field, pair in given.items()}
    interactive = stdin_is_a_terminal()
    # What the options say wrong is said before any question is asked.
    for field, by_language in answers.items():
        for code, text in by_language.items():
            if text is not None:
                refuse_option(field, code, langs, text)
    if principle is not None:
        principle = choose_principle(principle, interactive)

    role_id, new_name = choose_role(lib, current, role, answers["role.name"], langs, interactive)
    texts: dict[str, Texts] = {}
    for field in TEXT_FIELDS:
        texts[field] = ask_texts(field, answers[field], langs, interactive)
    chosen = choose_principle(principle, interactive)
    draft = Draft(role_id, new_name, chosen, texts)

    taken = set(lib.habits) | pack_file.pack_ids(existing)
    habit_id = authoring.free_id(role_id, texts["title"].get("en") or texts["title"]["nl"], taken)
    orders = [h.order for h in lib.habits.values() if h.role == role_id]
    orders += [h.order for h in (current.habits if current else []) if h.role == role_id]
    with_role = new_name is not None and (current is None or current.role is None)
    text = authoring.appended(existing, habit_id, authoring.next_order(orders), draft, with_role)
    pack_file.write_checked(target, existing, text, user_packs(folder), team_folders(folder))

    written = read_pack(target, known_roles=[*lib.roles, role_id])
    habit = next((h for h in written.habits if h.id == habit_id), None)
    say(_("Written to {pack}: {id}").format(pack=target, id=habit_id), err=True)
    if habit is not None:
        show_card(habit, ui)
    in_library = target.resolve().parent in {
        d.resolve() for d in (user_packs(folder), *team_folders(folder))
    }
    if in_library:
        say(_("Pick it with: cxhabits pick {id}").format(id=habit_id), err=True)
    else:
        say(
            _(
                "To share it, put the pack in your team's folder; "
                "each person then runs: cxhabits config packs FOLDER"
            ),
            err=True,
        )


# -- the answers -------------------------------------------------------------------


def stdin_is_a_terminal() -> bool:
    """A person answering: a refused answer is asked again (a pipe cannot answer twice)."""
    return sys.stdin is not None and sys.stdin.isatty()


def writing_languages(lang: str | None, ui: str) -> tuple[str, ...]:
    chosen = (lang or ui).strip().lower()
    if chosen == "both":
        return LANGUAGES
    if chosen in LANGUAGES:
        return (chosen,)
    raise UsageError(N_("--lang: '{value}' is not a choice: use en, nl or both."), value=lang)


def options_by_language(
    field: str, pair: tuple[Answer, Answer], langs: tuple[str, ...]
) -> dict[str, Answer]:
    """--title is in --lang's language (English with both); --title-nl the Dutch."""
    plain, dutch = pair
    if langs == LANGUAGES:
        return {"en": plain, "nl": dutch}
    if dutch is not None and langs != ("nl",):
        raise UsageError(
            N_("--{field}-nl is for Dutch: add --lang both (or --lang nl)."),
            field=field.replace(".", "-"),
        )
    return {langs[0]: plain if plain is not None else dutch}


def option_name(field: str, lang: str, langs: tuple[str, ...]) -> str:
    name = "--" + field.replace(".", "-")
    return f"{name}-nl" if langs == LANGUAGES and lang == "nl" else name


def label(field: str, lang: str, langs: tuple[str, ...]) -> str:
    name = _(FIELD_LABELS[field]) if field in FIELD_LABELS else _("Role name")
    return f"{name} ({_(LANGUAGE_NAMES[lang])})" if len(langs) > 1 else name


def refuse_option(field: str, lang: str, langs: tuple[str, ...], text: str) -> None:
    problem = authoring.refusal(field, text, lang)
    if problem is not None:
        option = option_name(field, lang, langs)
        raise UsageError(
            N_(
                "{option}: {problem}.\n"
                "Nothing was written; give it again: cxhabits new {option} TEXT"
            ),
            option=option,
            problem=problem,
        )


def answer(field: str, lang: str, langs: tuple[str, ...], given: Answer, interactive: bool) -> str:
    """One text: the option's, or asked; refused as the validator would, warned about."""
    option = option_name(field, lang, langs)
    while True:
        text = (
            given
            if given is not None
            else ask(label(field, lang, langs), f"cxhabits new {option} TEXT")
        )
        problem = authoring.refusal(field, text, lang)
        if problem is None:
            break
        if given is not None or not interactive:
            refuse_option(field, lang, langs, text)  # a pipe cannot answer a second time
        say(_("Not taken: {problem}. Try again.").format(problem=problem), err=True)
    for warning in authoring.warnings(field, text, lang):
        say(_("Warning: {warning}").format(warning=warning), err=True)
    return text.strip()


def ask_texts(
    field: str, given: dict[str, Answer], langs: tuple[str, ...], interactive: bool
) -> Texts:
    if any(given.get(lang) is None for lang in langs):
        say()
        say(_(ADVICE[field]))
    return {lang: answer(field, lang, langs, given.get(lang), interactive) for lang in langs}


def choose_role(
    lib: Library,
    current: Pack | None,
    typed: str | None,
    names: dict[str, Answer],
    langs: tuple[str, ...],
    interactive: bool,
) -> tuple[str, Texts | None]:
    """The role's id, and the name of a new role (None for an existing one)."""
    known: dict[str, Role] = dict(lib.roles)
    pack_role = current.role if current else None
    if pack_role is not None:
        known.setdefault(pack_role.id, pack_role)
    first_name = next((n for n in names.values() if n), None)
    if typed is None and first_name is not None:
        typed = authoring.role_id_from(first_name)  # a new role named by --role-name
    if typed is None:
        say(_(ADVICE["role"]))
        say(_("Roles: {roles}").format(roles=", ".join(known)))
        while True:
            typed = ask(
                _("Role (an id from the list, or a new role's name)"),
                "cxhabits new --role ROLE",
                default=pack_role.id if pack_role else None,
            )
            if typed in known or authoring.is_role_id(typed):
                break
            # A name, not an id: the new role is called that.
            names = {**names, langs[0]: names.get(langs[0]) or typed}
            typed = authoring.role_id_from(typed)
            break
    elif typed not in known and not authoring.is_role_id(typed):
        raise UsageError(
            N_(
                "--role: '{role}' is not a role id: lowercase letters, digits and hyphens, "
                "e.g. claims-handler.\nRun 'cxhabits roles' to see the roles there are."
            ),
            role=typed,
        )
    if typed in known:
        # The same name again is fine (a script that writes a whole pack repeats it).
        other = [n for code, n in names.items() if n and n != known[typed].name.get(code)]
        if other and typed != authoring.role_id_from(other[0]):
            raise UsageError(
                N_(
                    "--role-name is for a new role, and '{role}' exists already.\n"
                    "Leave --role-name out, or give a new role's id with --role."
                ),
                role=typed,
            )
        return typed, None
    if pack_role is not None and pack_role.id != typed:
        raise CxHabitsError(
            N_(
                "This pack already defines the role '{pack_role}'; a pack holds one new role.\n"
                "Write '{role}' into a pack of its own: cxhabits new --pack FILE --role {role}"
            ),
            pack_role=pack_role.id,
            role=typed,
        )
    say(_("A new role: {role}").format(role=typed))
    return typed, {
        lang: answer("role.name", lang, langs, names.get(lang), interactive) for lang in langs
    }


def choose_principle(given: str | None, interactive: bool) -> str:
    if given is not None:
        if given.strip() in PRINCIPLES:
            return given.strip()
        raise UsageError(
            N_("--principle: '{value}' is not a principle.\nUse one of: {principles}"),
            value=given,
            principles=", ".join(PRINCIPLES),
        )
    say()
    say(_(ADVICE["principle"]))
    for number, principle in enumerate(PRINCIPLES, 1):
        name, explanation = principle_name(principle), principle_explanation(principle)
        say(f"{number:>3}. {name} ({principle}): {explanation}")
    while True:
        typed = ask(_("Principle (number or id)"), "cxhabits new --principle ID").strip().lower()
        if typed.isdigit() and 1 <= int(typed) <= len(PRINCIPLES):
            return PRINCIPLES[int(typed) - 1]
        if typed in PRINCIPLES:
            return typed
        message = _("'{value}' is not on the list: give its number (1 to {last}) or its id.")
        if not interactive:
            raise UsageError(
                N_("'{value}' is not a principle.\nUse one of: {principles}"),
                value=typed,
                principles=", ".join(PRINCIPLES),
            )
        say(message.format(value=typed, last=len(PRINCIPLES)), err=True)
