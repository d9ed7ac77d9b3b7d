"""What is recorded: history, the data file's path, pauses, dropping, settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from cxhabits.cli import saving
from cxhabits.cli.app import (
    JsonOption,
    announce_routine,
    command,
    complete_habit_id,
    confirm,
    emit_json,
    given_day,
    habit_or_none,
    home,
    language,
    pack_index,
    say,
    team_folders,
    title,
    user_packs,
)
from cxhabits.clock import shown_date, today
from cxhabits.domain import core, model
from cxhabits.domain.routine import day_fates, settle
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _, ngettext
from cxhabits.library.catalog import unknown_habit
from cxhabits.storage import datafolder, store


@command()
def history(
    habit_id: Annotated[
        str | None,
        typer.Argument(
            metavar="HABIT_ID",
            autocompletion=complete_habit_id,
            help=_(
                "One habit day by day: done, missed, skipped and paused days, self-checks, anchors."
            ),
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Every habit ever picked, with its dates and how it ended; or one habit day by day."""
    folder = home()
    if habit_id is not None:
        habit_history(folder, habit_id, json_output)
        return
    state = store.load(folder)  # finished habits' counts are in its index: no archive read
    lang = language(state.settings)
    counts = store.checkin_counts(folder, state)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "picked": r.picked.isoformat(),
            "status": r.status,
            "routine_on": r.routine_on.isoformat() if r.routine_on else None,
            "dropped_on": r.dropped_on.isoformat() if r.dropped_on else None,
            "drop_reason": r.drop_reason or None,
            "checkins": count,
        }
        for r, count in sorted(zip(state.habits, counts, strict=True), key=lambda rc: rc[0].picked)
    ]  # by pick date: an import's older habits come first, not after the newer ones
    if json_output:
        emit_json(rows)
        return
    if not rows:
        say(_("No habit picked yet. Run 'cxhabits pick' to choose one."), err=True)
        return
    from cxhabits.library.catalog import find_habits
    from cxhabits.ui import cards as render

    # One read of the library for all of them: 2,000 unknown ids must not mean 2,000 reads.
    found = find_habits(
        {r.id for r in state.habits}, user_packs(folder), team_folders(folder), pack_index(folder)
    )
    titles = {
        r.id: found[r.id].text("title", lang) if r.id in found else r.id for r in state.habits
    }
    render.history_list(rows, titles)


def habit_history(folder: Path, habit_id: str, json_output: bool) -> None:
    """`history HABIT_ID`: one block per time the habit was picked (its archives only)."""
    from cxhabits.ui import dayslog

    state = store.load(folder)
    lang = language(state.settings)
    picks = [r for r in state.habits if r.id == habit_id]
    if not picks and habit_or_none(habit_id, folder) is None:
        raise unknown_habit(habit_id)
    full = []
    for record in picks:
        state, loaded = store.load_record(folder, state, record)
        full.append(loaded)
    now = today()
    fates = [day_fates(r, state.settings, state.pauses, now) for r in full]
    if json_output:
        emit_json([dayslog.record_document(r, f) for r, f in zip(full, fates, strict=True)])
        return
    if not full:
        say(
            _(
                "You have not picked '{habit}' yet.\nRun 'cxhabits pick {habit}' to start it."
            ).format(habit=habit_id),
            err=True,
        )
        return
    name = title(habit_id, folder, lang)
    for index, (record, fate) in enumerate(zip(full, fates, strict=True)):
        if index:
            say()
        for line in dayslog.record_lines(record, name, fate, now):
            say(line)


@command()
def path() -> None:
    """Print where the state file is."""
    say(str(datafolder.state_path(home())))


# -- pause, drop, config ----------------------------------------------------------


@command()
def pause(
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help=_("The first day off (YYYY-MM-DD).")),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="DATE", help=_("The last day off (YYYY-MM-DD).")),
    ] = None,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            metavar="TEXT",
            help=_("A word for yourself (holiday, training); no health details."),
        ),
    ] = "",
    list_pauses: Annotated[bool, typer.Option("--list", help=_("List the pauses."))] = False,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="DATE", help=_("Remove the pause that covers this day.")),
    ] = None,
) -> None:
    """Mark days off (holiday, training, time away): they neither count nor break a streak."""
    folder, now = home(), today()
    if list_pauses or (start is None and end is None and remove is None):
        state = store.load(folder)
        language(state.settings)
        if not state.pauses:
            say(_("No pauses. Add one with: cxhabits pause --from DATE --to DATE"), err=True)
        for p in state.pauses:
            reason_text = f"  {p.reason}" if p.reason else ""
            period = _("{start} to {end}").format(
                start=shown_date(p.start, now), end=shown_date(p.end, now)
            )
            say(period + reason_text)
        return
    if remove is not None:
        day = given_day(remove, "--remove")
        with datafolder.locked(folder):
            state = store.load(folder)
            language(state.settings)
            state, removed = core.remove_pause(state, day, now)
            saving.save(folder, state)
        say(
            _("Removed the pause {start} to {end}.").format(
                start=shown_date(removed.start, now), end=shown_date(removed.end, now)
            )
        )
        return
    if start is None or end is None:
        raise UsageError(
            N_(
                "A pause needs both --from and --to.\n"
                "Example: cxhabits pause --from 2026-12-24 --to 2027-01-01"
            )
        )
    first, last = given_day(start, "--from"), given_day(end, "--to")
    with datafolder.locked(folder):
        state = store.load(folder)
        language(state.settings)
        around = core.pause_around(state, first, last)
        if around is not None:
            state = core.move_pause(state, around, first, last, reason)
        else:
            state = core.add_pause(state, first, last, reason)
        state, just_routine = settle(state, now)
        saving.save(folder, state)
    days = (last - first).days + 1
    if around is not None:
        say(
            ngettext(
                "Moved the pause {old_start} to {old_end}: it is now {start} to {end} "
                "({count} day). The days it no longer covers count again.",
                "Moved the pause {old_start} to {old_end}: it is now {start} to {end} "
                "({count} days). The days it no longer covers count again.",
                days,
            ).format(
                old_start=shown_date(around.start, now),
                old_end=shown_date(around.end, now),
                start=shown_date(first, now),
                end=shown_date(last, now),
                count=days,
            )
        )
    else:
        say(
            ngettext(
                "Paused {start} to {end} ({count} day): "
                "those days neither count nor break your streak.",
                "Paused {start} to {end} ({count} days): "
                "those days neither count nor break your streak.",
                days,
            ).format(start=shown_date(first, now), end=shown_date(last, now), count=days)
        )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))


@command()
def drop(
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help=_("Why it did not fit (kept)."))
    ] = "",
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask to confirm."))] = False,
) -> None:
    """Give up the active habit; its history is kept and the next pick is free."""
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    if state.active is None:
        core.drop(state, now)  # raises the message
    assert state.active is not None
    asked = state.active
    name = title(asked.id, folder, lang)
    core.clean_text(reason, _("reason"))  # a bad reason is refused before the question
    if not yes and not confirm(
        _("Drop '{habit}'?").format(habit=name), instead="cxhabits drop --yes", default=False
    ):
        say(_("Kept '{habit}': nothing was changed.").format(habit=name), err=True)
        return
    with datafolder.locked(folder):
        state, dropped = core.drop(store.load(folder), now, reason)
        if (dropped.id, dropped.picked) != (asked.id, asked.picked):
            raise CxHabitsError(
                N_(
                    "The active habit changed while you were asked; nothing was dropped.\n"
                    "Run 'cxhabits drop' again."
                )
            )
        saving.save(folder, state)
    kept = len(dropped.checkins)
    say(
        ngettext(
            "Dropped '{habit}' ({count} check-in kept). "
            "Not every habit fits every day: pick one that does with 'cxhabits pick'.",
            "Dropped '{habit}' ({count} check-ins kept). "
            "Not every habit fits every day: pick one that does with 'cxhabits pick'.",
            kept,
        ).format(habit=name, count=kept)
    )


def old_comma_form(key: str, values: list[str]) -> list[str]:
    """`config packs A,B` as before: split at its commas only when the whole is no folder
    and every part reads as a folder of its own (one that exists, or a path starting with
    /, ~ or .): "/x/OneDrive - Acme, Inc/packs" is kept whole."""
    if key.strip().lower() != "packs" or len(values) != 1 or "," not in values[0]:
        return values
    parts = [part.strip() for part in values[0].split(",") if part.strip()]
    whole = os.path.isdir(values[0])
    if whole or not all(p[0] in "/~." or os.path.isdir(p) for p in parts):
        return values
    return parts


@command(context_settings={"ignore_unknown_options": True})
def config(
    key: Annotated[str | None, typer.Argument(metavar="KEY", help=_("A setting's name."))] = None,
    value: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="VALUE...",
            help=_("The new value ('default' resets it); for packs, one or more folders."),
        ),
    ] = None,
) -> None:
    """Show the settings, or set one: workdays, language, backfill_days, thresholds, ..."""
    from cxhabits.domain import settings as settings_keys

    folder, now = home(), today()
    if not value:
        settings = store.load(folder).settings
        language(settings)
        defaults = model.Settings()
        names = [settings_keys.key(key).name] if key else list(settings_keys.KEYS)
        for name in names:
            current = settings_keys.display_value(name, getattr(settings, name))
            default = settings_keys.display_value(name, getattr(defaults, name))
            if current == default:
                marker = ""
            elif default == "":  # an empty default, said in words: not "(default )"
                marker = "  " + _("(default: none)")
            else:
                marker = "  " + _("(default {value})").format(value=default)
            say(f"{name} = {current}{marker}")
            if key:
                spec = settings_keys.KEYS[name]
                say(
                    "  "
                    + _("{help}; allowed: {allowed}").format(
                        help=_(spec.help), allowed=_(spec.allowed)
                    )
                )
        return
    assert key is not None
    with datafolder.locked(folder):
        state = store.load(folder)
        language(state.settings)
        updated = settings_keys.set_values(state.settings, key, old_comma_form(key, value))
        state, just_routine = settle(state._replace(settings=updated), now)
        saving.save(folder, state)
    name = settings_keys.key(key).name
    say(f"{name} = {settings_keys.display_value(name, getattr(updated, name))}")
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))
