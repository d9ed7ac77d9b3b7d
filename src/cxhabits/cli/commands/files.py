"""Files in and out: export, import, and the calendar file of `remind --ics`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxhabits.cli import saving
from cxhabits.cli.app import command, habit_or_none, home, language, say
from cxhabits.clock import today
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _, ngettext
from cxhabits.storage import datafolder, store
from cxhabits.ui import streams

if TYPE_CHECKING:
    from cxhabits.exchange.importing import Added

# -- export and import ------------------------------------------------------------


@command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help=_("json (everything) or csv."))
    ] = "json",
) -> None:
    """Everything recorded, to stdout: JSON, or CSV with one row a check-in."""
    from cxhabits.exchange import export as transfer

    if output_format not in ("json", "csv"):
        raise UsageError(N_("'{format}' is not a format: use json or csv."), format=output_format)
    folder = home()
    state = store.load(folder)
    records = transfer.full_records(folder, state)  # one archive in memory at a time
    with streams.data_output() as out:  # UTF-8 and exact, whatever the terminal speaks
        if output_format == "json":
            transfer.write_json(state, records, out)
            out.write("\n")
        else:
            transfer.write_csv(records, out)


@command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help=_("A file made by 'cxhabits export'."))
    ],
) -> None:
    """Merge an export back in; importing the same file twice adds nothing."""
    from cxhabits.exchange import importing

    text = importing.read_import(file)  # refuses a missing, huge or binary file plainly
    settings, pauses, habits = importing.from_json(text, str(file))
    folder = home()
    with datafolder.locked(folder):
        state = store.load_full(folder)
        language(state.settings)
        merged, changed, conflicts = importing.merge(state, settings, pauses, habits)
        if changed.anything:
            saving.save(folder, merged)
    for conflict in conflicts:
        say(_("Conflict: {conflict}").format(conflict=conflict), err=True)
    records = import_summary(changed)
    if conflicts:
        say(
            ngettext(
                "Imported {file}: {records}, {count} conflict kept as they were.",
                "Imported {file}: {records}, {count} conflicts kept as they were.",
                len(conflicts),
            ).format(file=file, records=records, count=len(conflicts))
        )
    else:
        say(_("Imported {file}: {records}.").format(file=file, records=records))


def import_summary(added: Added) -> str:
    """What an import added, in words: habits new here, habits extended, settings, pauses."""
    parts = [
        ngettext("{count} habit added", "{count} habits added", added.habits),
        ngettext(
            "{count} habit extended from the file",
            "{count} habits extended from the file",
            added.extended,
        ),
        ngettext("{count} setting taken over", "{count} settings taken over", added.settings),
    ]
    counts = (added.habits, added.extended, added.settings)
    said = [part.format(count=count) for part, count in zip(parts, counts, strict=True) if count]
    if added.pauses:
        said.append(_("pauses added"))
    return ", ".join(said) if said else _("nothing new (all of it was already here)")


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
    """HH:MM (or H:MM) in ASCII digits, 00:00 to 23:59; anything else is exit 2."""
    hours, _colon, minutes = value.strip().partition(":")
    digits = hours + minutes
    if digits.isascii() and digits.isdigit() and len(hours) in (1, 2) and len(minutes) == 2:
        with contextlib.suppress(ValueError, OverflowError):
            return dt.time(int(hours), int(minutes))
    shown = value if len(value) <= 40 else value[:37] + "..."
    raise UsageError(
        N_("--at: '{value}' is not a time. Use HH:MM, for example 09:00."), value=shown
    )


@command()
def remind(
    ics: Annotated[
        bool, typer.Option("--ics", help=_("Write an iCalendar file to stdout."))
    ] = False,
    at: Annotated[str, typer.Option("--at", metavar="HH:MM", help=_("The time of day."))] = "09:00",
) -> None:
    """A recurring calendar reminder on your workdays, with the recipe in its text."""
    import icalendar

    if not ics:
        raise UsageError(
            N_(
                "remind writes an iCalendar file: add --ics.\n"
                "Example: cxhabits remind --ics --at 09:00 > cxhabits.ics"
            )
        )
    time_of_day = parse_time(at)
    folder, now = home(), today()
    state = store.load(folder)
    lang = language(state.settings)
    record = state.active
    if record is None:
        raise CxHabitsError(
            N_(
                "No habit is being built, so there is nothing to remind you of.\n"
                "Run 'cxhabits pick' first."
            )
        )
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
    starter = (
        _("Starter step: {starter}").format(starter=habit.text("starter", lang)) if habit else ""
    )
    lines = [habit.recipe(lang, record.own_anchor), "", starter] if habit else []
    lines += ["", _("Done? cxhabits checkin")]
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
    with streams.data_output() as out:  # iCalendar is UTF-8, whatever the terminal speaks
        out.write(calendar.to_ical().decode("utf-8"))
