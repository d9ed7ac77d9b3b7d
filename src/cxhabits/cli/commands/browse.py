"""The habit library: roles, habits, recipe cards, and checking packs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from cxhabits.cli.app import (
    JsonOption,
    command,
    complete_habit_id,
    complete_role,
    emit_json,
    habit_or_none,
    habit_statuses,
    home,
    language,
    library,
    role_id,
    say,
    show_card,
    typed_path,
    unknown_habit_in,
)
from cxhabits.domain.model import State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _, ngettext
from cxhabits.library.catalog import Library
from cxhabits.storage import store


@command()
def roles(json_output: JsonOption = False) -> None:
    """The roles in the habit library."""
    folder = home()
    lang = language(store.load(folder).settings)
    lib = library(folder)
    rows = [
        {"id": r.id, "name": r.label(lang), "habits": len(lib.role_habits(r.id))}
        for r in lib.roles.values()
    ]
    if json_output:
        emit_json(rows)
        return
    from cxhabits.ui import cards as render

    render.roles_table(rows)


def library_status(state: State) -> Callable[[str], str]:
    statuses = habit_statuses(state)
    gate_closed = state.active is not None

    def status(habit_id: str) -> str:
        if habit_id in statuses:
            return statuses[habit_id]
        return "locked" if gate_closed else "available"

    return status


@command("library")
def library_command(
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            autocompletion=complete_role,
            help=_("Only this role's habits."),
        ),
    ] = None,
    every_role: Annotated[
        bool,
        typer.Option("--all", help=_("Every role's habits (default: your latest habit's role).")),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """The habits of your latest habit's role (--all: every role), with their status."""
    if role is not None and every_role:
        raise UsageError(N_("Give --role or --all, not both."))
    folder = home()
    state = store.load(folder)
    lang = language(state.settings)
    lib = library(folder)
    if role is not None:
        role = role_id(role)  # --role Agent is agent
        lib.role(role)
    shown = role if role is not None or every_role or json_output else latest_role(state, lib)
    held = {r.id for r in state.habits if r.status in ("active", "routine")}  # retired: only these
    habits = [h for h in lib.ordered(keep=held) if shown is None or h.role == shown]
    status = library_status(state)
    if json_output:
        emit_json(
            [
                {
                    "id": h.id,
                    "role": h.role,
                    "order": h.order,
                    "principle": h.principle,
                    "title": h.text("title", lang),
                    "status": status(h.id),
                }
                for h in habits
            ]
        )
        return
    from cxhabits.ui import cards as render

    ordinary = "locked" if state.active is not None else "available"
    groups = [(lib.roles[r].label(lang), [h for h in habits if h.role == r]) for r in lib.roles]
    render.library_table([g for g in groups if g[1]], status, lang, ordinary)
    locked = any(status(h.id) == "locked" for h in habits)
    library_notes(state, lib, lang, locked, role is None and not every_role and shown is not None)


def latest_role(state: State, lib: Library) -> str | None:
    """The role of the habit picked last (None before the first pick, or when its role is
    no longer in the library: then every role)."""
    if not state.habits:
        return None
    latest = sorted(state.habits, key=lambda r: r.picked)[-1]  # stable: the later of a tie
    habit = lib.habits.get(latest.id)
    role = habit.role if habit is not None else latest.id.partition(".")[0]
    return role if role in lib.roles else None


def library_notes(state: State, lib: Library, lang: str, locked: bool, chosen: bool) -> None:
    """Why the habits are locked, said once; and, when the role was chosen for the
    person, how to see the others."""
    if locked and state.active is not None:
        habit = lib.habits.get(state.active.id)
        say()
        say(
            _(
                "Locked while you build {habit}: the next habit unlocks once it is "
                "routine ('cxhabits streak' shows what is still to go)."
            ).format(habit=habit.text("title", lang) if habit else state.active.id)
        )
    if chosen:
        say()
        say(_("Shown: the role of your latest habit. Every role: cxhabits library --all"))


@command()
def show(
    habit_id: Annotated[
        str,
        typer.Argument(
            metavar="HABIT_ID",
            autocompletion=complete_habit_id,
            help=_("The habit's id, e.g. agent.breath-after-hard-call."),
        ),
    ],
    json_output: JsonOption = False,
) -> None:
    """The recipe card of one habit."""
    folder = home()
    state = store.load(folder)
    lang = language(state.settings)
    habit = habit_or_none(habit_id, folder)
    if habit is None:
        raise unknown_habit_in(habit_id, library(folder), "show")
    record = state.current(habit_id)
    own_anchor = record.own_anchor if record is not None else None  # `cxhabits anchor`
    if json_output:
        emit_json(
            {
                "id": habit.id,
                "role": habit.role,
                "order": habit.order,
                "principle": habit.principle,
                **habit.texts_json(),  # null for a language the pack does not give
                "your_anchor": own_anchor,
                "recipe": {
                    code: habit.recipe(code) if code in habit.languages() else None
                    for code in ("en", "nl")
                },
            }
        )
        return
    show_card(habit, lang, recipe=habit.recipe(lang, own_anchor) if own_anchor else None)


@command()
def validate(
    pack: Annotated[
        str,
        typer.Argument(metavar="PATH", help=_("A habit pack file (.toml) or a folder of them.")),
    ],
) -> None:
    """Check a habit pack file or folder, listing every problem."""
    from cxhabits.cli import settings_language
    from cxhabits.library.catalog import check_path

    settings_language.speak()  # it reads no state, yet speaks the settings' language
    passed, problems, notes = check_path(typed_path(pack, "PATH"))
    for note in notes:  # worth knowing, not wrong: a habit written in one language
        say(_("note: {note}").format(note=note), err=True)
    for problem in problems:
        say(str(problem))
    if problems:
        found = ngettext("{count} problem found", "{count} problems found", len(problems))
        fine = ngettext("{count} habit passed", "{count} habits passed", passed)
        raise CxHabitsError(
            N_("{found} ({passed}).\nFix them and run 'cxhabits validate {pack}' again."),
            found=found.format(count=len(problems)),
            passed=fine.format(count=passed),
            pack=pack,
        )
    say(
        ngettext(
            "{count} habit checked: no problems.", "{count} habits checked: no problems.", passed
        ).format(count=passed),
        err=True,
    )
