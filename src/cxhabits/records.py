"""What is recorded: history, pauses, dropping, settings, export and import."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cxhabits import core, store
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.loop import announce_routine
from cxhabits.routine import settle
from cxhabits.shell import (
    JsonOption,
    command,
    emit_json,
    habit_or_none,
    home,
    language,
    parse_date,
    say,
    title,
    today,
)


@command()
def history(json_output: JsonOption = False) -> None:
    """Every habit ever picked, with its dates and how it ended."""
    folder = home()
    state = store.load_full(folder)
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "picked": r.picked.isoformat(),
            "status": r.status,
            "routine_on": r.routine_on.isoformat() if r.routine_on else None,
            "dropped_on": r.dropped_on.isoformat() if r.dropped_on else None,
            "drop_reason": r.drop_reason or None,
            "checkins": len(r.checkins),
        }
        for r in state.habits
    ]
    if json_output:
        emit_json(rows)
        return
    if not rows:
        say("No habit picked yet. Run 'cxhabits pick' to choose one.", err=True)
        return
    from cxhabits import render

    lang = language(state.settings)
    titles = {r.id: title(r.id, folder, lang) for r in state.habits}
    render.history_list(rows, titles)


@command()
def path() -> None:
    """Print where the state file is."""
    say(str(store.state_path(home())))


# -- pause, drop, config ----------------------------------------------------------


@command()
def pause(
    start: Annotated[
        str | None, typer.Option("--from", metavar="DATE", help="The first day off (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="The last day off (YYYY-MM-DD).")
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Holiday, sick leave, training, ...")
    ] = "",
    list_pauses: Annotated[bool, typer.Option("--list", help="List the pauses.")] = False,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="DATE", help="Remove the pause that covers this day."),
    ] = None,
) -> None:
    """Mark days off (holiday, sick leave): they neither count nor break a streak."""
    folder, now = home(), today()
    if list_pauses or (start is None and end is None and remove is None):
        pauses = store.load(folder).pauses
        if not pauses:
            say("No pauses. Add one with: cxhabits pause --from DATE --to DATE", err=True)
        for p in pauses:
            reason_text = f"  {p.reason}" if p.reason else ""
            say(f"{p.start.isoformat()} to {p.end.isoformat()}{reason_text}")
        return
    if remove is not None:
        day = parse_date(remove, "--remove")
        with store.locked(folder):
            state, removed = core.remove_pause(store.load(folder), day)
            store.save(folder, state)
        say(f"Removed the pause {removed.start.isoformat()} to {removed.end.isoformat()}.")
        return
    if start is None or end is None:
        raise UsageError(
            "A pause needs both --from and --to.\n"
            "Example: cxhabits pause --from 2026-12-24 --to 2027-01-01"
        )
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    with store.locked(folder):
        state = core.add_pause(store.load(folder), first, last, reason)
        state, just_routine = settle(state, now)
        store.save(folder, state)
    days = (last - first).days + 1
    say(
        f"Paused {first.isoformat()} to {last.isoformat()} ({days} day{'s' if days != 1 else ''}): "
        f"those days neither count nor break your streak."
    )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))


@command()
def drop(
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Why it did not fit (kept).")
    ] = "",
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Give up the active habit; its history is kept and the next pick is free."""
    folder, now = home(), today()
    state = store.load(folder)
    if state.active is None:
        core.drop(state, now)  # raises the message
    if not yes and sys.stdin.isatty():
        lang = language(state.settings)
        assert state.active is not None
        if not typer.confirm(f"Drop '{title(state.active.id, folder, lang)}'?", default=False):
            say("Kept it.", err=True)
            return
    with store.locked(folder):
        state, dropped = core.drop(store.load(folder), now, reason)
        store.save(folder, state)
    say(
        f"Dropped {dropped.id} ({len(dropped.checkins)} check-ins kept). "
        f"Not every habit fits every day: pick one that does with 'cxhabits pick'."
    )


@command(context_settings={"ignore_unknown_options": True})
def config(
    key: Annotated[str | None, typer.Argument(metavar="KEY", help="A setting's name.")] = None,
    value: Annotated[
        str | None, typer.Argument(metavar="VALUE", help="The new value ('default' resets it).")
    ] = None,
) -> None:
    """Show the settings, or set one: workdays, language, backfill_days, thresholds, ..."""
    from cxhabits import config as settings_keys

    folder, now = home(), today()
    if value is None:
        settings = store.load(folder).settings
        defaults = core.Settings()
        names = [settings_keys.key(key).name] if key else list(settings_keys.KEYS)
        for name in names:
            current = settings_keys.show_value(name, getattr(settings, name))
            default = settings_keys.show_value(name, getattr(defaults, name))
            marker = "" if current == default else f"  (default {default})"
            say(f"{name} = {current}{marker}")
            if key:
                spec = settings_keys.KEYS[name]
                say(f"  {spec.help}; allowed: {spec.allowed}")
        return
    assert key is not None
    with store.locked(folder):
        state = store.load(folder)
        updated = settings_keys.set_value(state.settings, key, value)
        state, just_routine = settle(state._replace(settings=updated), now)
        store.save(folder, state)
    name = settings_keys.key(key).name
    say(f"{name} = {settings_keys.show_value(name, getattr(updated, name))}")
    if just_routine is not None:
        announce_routine(state, just_routine, folder, language(state.settings))


# -- status, export, import ------------------------------------------------------


@command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="json (everything) or csv.")
    ] = "json",
) -> None:
    """Everything recorded, to stdout: JSON, or CSV with one row a check-in."""
    from cxhabits import transfer

    if output_format not in ("json", "csv"):
        raise UsageError(f"'{output_format}' is not a format: use json or csv.")
    state = store.load_full(home())
    print(transfer.to_json(state) if output_format == "json" else transfer.to_csv(state), end="")
    if output_format == "json":
        print()


@command("import")
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file made by 'cxhabits export'.")],
) -> None:
    """Merge an export back in; importing the same file twice adds nothing."""
    from cxhabits import transfer

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"Cannot read {file}: {exc}.\nGive a file made by 'cxhabits export'."
        ) from None
    settings, pauses, habits = transfer.from_json(text, str(file))
    folder = home()
    with store.locked(folder):
        state = store.load_full(folder)
        merged, changed, conflicts = transfer.merge(state, settings, pauses, habits)
        if changed:
            store.save(folder, merged)
    for conflict in conflicts:
        say(f"Conflict: {conflict}", err=True)
    say(
        f"Imported {file}: {changed} record{'s' if changed != 1 else ''} added or extended"
        + (
            f", {len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''} kept as they were"
            if conflicts
            else ""
        )
        + "."
    )


# -- the calendar prompt ---------------------------------------------------------


def local_zone_name() -> str | None:
    """The IANA name of the local time zone, if this machine says it."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.readlink("/etc/localtime")
        except OSError:
            return None
        name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    return name or None


def parse_time(value: str) -> dt.time:
    hours, _, minutes = value.strip().partition(":")
    if hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
        with contextlib.suppress(ValueError):
            return dt.time(int(hours), int(minutes))
    raise UsageError(f"--at: '{value}' is not a time. Use HH:MM, for example 09:00.")


@command()
def remind(
    ics: Annotated[bool, typer.Option("--ics", help="Write an iCalendar file to stdout.")] = False,
    at: Annotated[
        str, typer.Option("--at", metavar="HH:MM", help="The time of day (default 09:00).")
    ] = "09:00",
) -> None:
    """A recurring calendar reminder on your workdays, with the recipe in its text."""
    import icalendar

    if not ics:
        raise UsageError(
            "remind writes an iCalendar file: add --ics.\n"
            "Example: cxhabits remind --ics --at 09:00 > cxhabits.ics"
        )
    time_of_day = parse_time(at)
    folder, now = home(), today()
    state = store.load(folder)
    record = state.active
    if record is None:
        raise CxHabitsError(
            "No habit is being built, so there is nothing to remind you of.\n"
            "Run 'cxhabits pick' first."
        )
    lang = language(state.settings)
    habit = habit_or_none(record.id, folder)
    first = now
    while first.weekday() not in state.settings.workdays:
        first += dt.timedelta(days=1)
    start = dt.datetime.combine(first, time_of_day)
    zone = local_zone_name()
    if zone:
        import zoneinfo

        with contextlib.suppress(Exception):  # an unknown zone name: floating local time
            start = start.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    summary = f"cxhabits: {habit.text('title', lang) if habit else record.id}"
    lines = (
        [habit.recipe(lang), "", f"Starter step: {habit.text('starter', lang)}"] if habit else []
    )
    lines += ["", "Done? cxhabits checkin"]
    days = [("MO", "TU", "WE", "TH", "FR", "SA", "SU")[d] for d in sorted(state.settings.workdays)]

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cxhabits//cxhabits//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{record.id}-{record.picked.isoformat()}@cxhabits")
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=5))
    event.add("rrule", {"freq": "weekly", "byday": days})
    event.add("summary", summary)
    event.add("description", "\n".join(lines))
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    calendar.add_component(event)
    if start.tzinfo is not None:
        calendar.add_missing_timezones()
    sys.stdout.write(calendar.to_ical().decode("utf-8"))
