"""Share files for tests: people as the lead's folder holds them (format 2)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

TODAY_TEXT = "2026-11-20"  # a Friday, ISO week 47


def habit(
    habit_id: str,
    status: str,
    picked: str = "2026-W30",
    routine: str | None = None,
    dropped: str | None = None,
    workdays: int | None = None,
    role: str | None = None,
    principle: str = "influence",
) -> dict[str, Any]:
    return {
        "id": habit_id,
        "role": role or (habit_id.split(".")[0] if habit_id != "own" else "agent"),
        "principle": principle,
        "status": status,
        "picked": picked,
        "routine": routine,
        "dropped": dropped,
        "workdays_to_routine": workdays,
    }


def person(
    number: int,
    name: str | None,
    habits: list[dict[str, Any]],
    written: str = "2026-W46",
    last_done: str | None = None,
    pauses: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "cxhabits-share",
        "version": 2,
        "person": f"{number:06x}{0:010x}",
        "name": name,
        "check_on_me": last_done is not None,
        "written": written,
    }
    if last_done is not None:
        doc.update(
            last_done=last_done, workdays=["mon", "tue", "wed", "thu", "fri"], pauses=pauses or []
        )
    doc["habits"] = habits
    return doc


def file_stem(doc: dict[str, Any]) -> str:
    slug = (doc["name"] or "anonymous").lower().replace(" ", "-")
    return f"{slug}-{doc['person'][:6]}"


def write_team(folder: Path, people: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in people:
        name = f"{file_stem(doc)}.cxhabits-share.json"
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


# -- an independent check of a report's suppression (exact fractions) -----------------------


def _rref_rows(rows: list[dict[str, Fraction]]) -> dict[str, dict[str, Fraction]]:
    pivots: dict[str, dict[str, Fraction]] = {}
    for row in rows:
        row = dict(row)
        for column, prow in pivots.items():
            if row.get(column):
                factor = row[column]
                for k, v in prow.items():
                    row[k] = row.get(k, Fraction(0)) - factor * v
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        column = min(row)
        lead = row[column]
        row = {k: v / lead for k, v in row.items()}
        for other, orow in pivots.items():
            if orow.get(column):
                factor = orow[column]
                for k, v in row.items():
                    orow[k] = orow.get(k, Fraction(0)) - factor * v
                pivots[other] = {k: v for k, v in orow.items() if v}
        pivots[column] = row
    return pivots


def page_equations(
    report: dict[str, Any], docs: list[dict[str, Any]]
) -> list[tuple[dict[str, int], int]]:
    """The equations a reader of the page can write, built from the JSON (and where the
    unseen own habits being built are, from the files): names of variables are strings."""
    eqs: list[tuple[dict[str, int], int]] = []
    sums: dict[str, dict[str, int]] = {"team": {}}
    for h in report["habits"]:
        hid = h["id"]
        eqs.append(
            (
                {
                    f"habit {hid} group": 1,
                    **{f"habit {hid} {c}": -1 for c in ("building", "routine", "dropped")},
                },
                0,
            )
        )
        for target in (
            "team",
            f"role {h['role']}",
            *([f"principle {h['principle']}"] if h["principle"] else []),
        ):
            sums.setdefault(target, {})[f"habit {hid} building"] = -1
    own = {(x["role"], x["principle"]) for d in docs for x in d["habits"] if x["id"] == "own"}
    for role, principle in own:
        aux = f"aux {role} {principle}"
        for target in ("team", f"role {role}", *([f"principle {principle}"] if principle else [])):
            sums.setdefault(target, {})[aux] = -1
    for target, terms in sums.items():
        eqs.append(({f"{target} building": 1, **terms}, 0))
    eqs.append(
        (
            {"celebrate others": 1, "week 11 routine": -1, "week 9 routine": 1},
            len(report["celebrate"]["names"]),
        )
    )
    return eqs


def page_values(report: dict[str, Any]) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for c in ("building", "routine", "dropped"):
        values[f"team {c}"] = report["team"][c]
    for kind, key in (("role", "roles"), ("principle", "principles"), ("habit", "habits")):
        for row in report[key]:
            for c in ("group", "building", "routine", "dropped"):
                values[f"{kind} {row['id']} {c}"] = row[c]
    for index, week in enumerate(report["weeks"]):
        values[f"week {index} routine"] = week["routine"]
    values["celebrate others"] = report["celebrate"]["others"]
    return values


def fixed_hidden(report: dict[str, Any], docs: list[dict[str, Any]]) -> set[str]:
    """The hidden figures the shown ones fix: linear algebra over fractions, and the
    equations that leave non-negative unknowns summing to zero."""
    values = page_values(report)
    rows: list[dict[str, Fraction]] = []
    fixed: set[str] = set()
    for coefficients, constant in page_equations(report, docs):
        unknown = {}
        rest = constant
        for k, c in coefficients.items():
            v = values.get(k, 0) if not k.startswith("aux") else None
            if v is None:
                unknown[k] = Fraction(c)
            else:
                rest += c * v
        if not unknown:
            continue
        signs = {c > 0 for c in unknown.values()}
        if len(signs) == 1 and rest == 0:
            fixed |= {k for k in unknown if not k.startswith("aux")}
        rows.append(unknown)
    for column, row in _rref_rows(rows).items():
        if len(row) == 1 and not column.startswith("aux"):
            fixed.add(column)
    return fixed
