"""Export everything recorded: one JSON document, or CSV for a spreadsheet.

Both are written a habit at a time, reading one archive file after another, so
memory stays flat whatever the history. Reading an export back in is importing.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from cxhabits.domain.model import HabitRecord, Settings, State
from cxhabits.domain.settings import show_value

FORMAT = "cxhabits-export"
VERSION = 1
# One row a recorded day: `kind` is "done" (a check-in, `note` its note) or "skipped"
# (the anchor did not happen, `note` the reason).
CSV_COLUMNS = ("habit", "picked", "status", "day", "note", "kind")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_json(state: State, records: Iterable[HabitRecord], out: TextIO) -> None:
    """Write the JSON export to `out` one habit at a time, so memory stays flat whatever
    the history (`records`: the habits with their check-ins read in, see `full_records`).

    The text is what `json.dumps(document, ensure_ascii=False, indent=2)` makes of the
    whole document; a test checks that.
    """
    defaults = Settings()
    head = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {
            name: show_value(name, getattr(state.settings, name))
            for name in Settings._fields
            if getattr(state.settings, name) != getattr(defaults, name)
        },
        "pauses": [
            {"from": p.start.isoformat(), "to": p.end.isoformat(), "reason": p.reason}
            for p in state.pauses
        ],
        "habits": [],
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    closing = "[]\n}"
    out.write(text[: -len(closing)] + "[")
    separator = "\n    "
    for record in records:
        # JSON strings hold no raw line breaks: every one is the layout's, indent it.
        out.write(separator + habit_json(record).replace("\n", "\n    "))
        separator = ",\n    "
    out.write("]\n}" if separator == "\n    " else "\n  ]\n}")


def habit_json(record: HabitRecord) -> str:
    """`json.dumps(habit_document(record), ensure_ascii=False, indent=2)`, made fast.

    With an indent, `json` encodes in Python: ten years of check-ins took longer than
    the rest of an export. The check-ins (nearly all of it) are written from a fixed
    layout here, each note encoded by json's own string encoder.
    """
    document = habit_document(record._replace(checkins=()))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if not record.checkins:
        return text
    encode = json.encoder.encode_basestring  # what ensure_ascii=False uses
    items = ",\n".join(
        f'    {{\n      "day": "{c.day.isoformat()}",\n      "note": {encode(c.note)}\n    }}'
        for c in record.checkins
    )
    # The first '"checkins": []' is the key's: quotes inside strings are escaped.
    return text.replace('"checkins": []', '"checkins": [\n' + items + "\n  ]", 1)


def habit_document(r: HabitRecord) -> dict[str, Any]:
    """One habit of the export, with everything recorded for it."""
    return {
        "id": r.id,
        "picked": r.picked.isoformat(),
        "status": r.status,
        "routine_on": r.routine_on.isoformat() if r.routine_on else None,
        "dropped_on": r.dropped_on.isoformat() if r.dropped_on else None,
        "drop_reason": r.drop_reason,
        "checkins": [{"day": c.day.isoformat(), "note": c.note} for c in r.checkins],
        "ratings": [{"day": x.day.isoformat(), "scores": list(x.scores)} for x in r.ratings],
        "skipped": [{"day": x.day.isoformat(), "reason": x.reason} for x in r.skips],
        "anchors": [{"from": x.day.isoformat(), "text": x.text} for x in r.anchors],
    }


def full_records(home: Path, state: State) -> Iterator[HabitRecord]:
    """Every habit with its check-ins read in, one archive at a time (none kept after)."""
    from cxhabits.storage import store

    for record in state.habits:
        yield record if record.loaded else store.load_record(home, state, record)[1]


def spreadsheet_safe(cell: object) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a
    leading single quote (OWASP's rule for CSV injection)."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_days(record: HabitRecord) -> list[tuple[dt.date, str, str]]:
    """A habit's rows in day order: (day, text, kind), kind `done` or `skipped`."""
    days = [(c.day, c.note, "done") for c in record.checkins]
    if record.skips:
        days = sorted(days + [(s.day, s.reason, "skipped") for s in record.skips])
    return days


def write_csv(records: Iterable[HabitRecord], out: TextIO) -> None:
    """Write the CSV export to `out` (one row a check-in or skipped day), a habit at a
    time, every cell made spreadsheet-safe.

    A row without text (nearly all: a check-in without a note) is written from its
    habit's prefix; any other goes through `csv`, which quotes what needs it. A date and
    the kind start with a digit or a letter: only the text can start a formula.
    """
    single = io.StringIO()
    writer = csv.writer(single, lineterminator="\n")

    def line(row: tuple[str, ...]) -> str:
        single.seek(0)
        single.truncate()
        writer.writerow(row)
        return single.getvalue()

    out.write(line(CSV_COLUMNS))
    for record in records:
        habit = tuple(spreadsheet_safe(cell) for cell in (record.id, record.picked, record.status))
        prefix = line((*habit, "", "", ""))[: -len(",,\n")]  # "id,picked,status,"
        out.write(
            "".join(
                f"{prefix}{day.isoformat()},,{kind}\n"
                if not text
                else line((*habit, day.isoformat(), spreadsheet_safe(text), kind))
                for day, text, kind in csv_days(record)
            )
        )
