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
    shown_weeks = {w["week"] for w in report["weeks"]}
    now, before = _week_names(report)

    def week(name: str) -> str:  # a week before the series starts is not on the page
        return f"week {name} routine" if name in shown_weeks else f"aux week {name} routine"

    eqs.append(
        (
            {"celebrate others": 1, week(now): -1, week(before): 1},
            len(report["celebrate"]["names"]),
        )
    )
    return eqs + repeated_equations(report, docs)


def _week_names(report: dict[str, Any]) -> tuple[str, str]:
    import datetime as dt

    today = dt.date.fromisoformat(report["as_of"])
    names = []
    for back in (0, 2):
        year, number, _day = (today - dt.timedelta(weeks=back)).isocalendar()
        names.append(f"{year}-W{number:02d}")
    return names[0], names[1]


def truth(docs: list[dict[str, Any]]) -> dict[str, tuple[int, int, int, int]]:
    """Every row's (group, building, routine, dropped) before any hiding, counted here
    apart from the code under test; and the lead's week of the series."""
    rows: dict[str, list[int]] = {}
    for doc in docs:
        latest = {h["id"]: h for h in doc["habits"] if h["id"] != "own"}
        habits = [*latest.values(), *(h for h in doc["habits"] if h["id"] == "own")]
        mine: dict[str, set[str]] = {"team": set()}
        for h in habits:
            names = ["team", f"role {h['role']}"] + (
                [f"principle {h['principle']}"] if h["principle"] else []
            )
            if h["id"] != "own":
                names.append(f"habit {h['id']}")
            for name in names:
                mine.setdefault(name, set()).add(h["status"])
        for name, statuses in mine.items():
            row = rows.setdefault(name, [0, 0, 0, 0])
            row[0] += 1
            for i, status in enumerate(("building", "routine", "dropped"), start=1):
                row[i] += status in statuses
        week = rows.setdefault("week now", [0, 0, 0, 0])
        week[0] += bool(habits)
        week[2] += any(h["routine"] for h in habits)
    return {k: (v[0], v[1], v[2], v[3]) for k, v in rows.items()}


def repeated_equations(
    report: dict[str, Any], docs: list[dict[str, Any]]
) -> list[tuple[dict[str, int], int]]:
    """Rows that repeat another's figures (truly): a reader may equate them."""
    real = truth(docs)
    fields = ("group", "building", "routine", "dropped")
    eqs: list[tuple[dict[str, int], int]] = []

    team = report["team"]
    shown = (
        {"team"} if all(team[f] is not None for f in ("building", "routine", "dropped")) else set()
    )
    shown |= {
        f"{kind} {row['id']}"
        for kind, key in (("role", "roles"), ("principle", "principles"), ("habit", "habits"))
        for row in report[key]
        if all(row[f] is not None for f in ("group", "building", "routine", "dropped"))
    }  # a reader equates rows only when they see them equal

    def same(a: str, b: str, which: tuple[str, ...] = fields) -> None:
        if (
            {a, b} <= shown
            and a in real
            and b in real
            and all(real[a][fields.index(f)] == real[b][fields.index(f)] for f in which)
        ):
            eqs.extend(({f"{a} {f}": 1, f"{b} {f}": -1}, 0) for f in which)

    for kind, key in (("role", "roles"), ("principle", "principles")):
        for row in report[key]:
            same(f"{kind} {row['id']}", "team")
    for h in report["habits"]:
        for other in ("team", f"role {h['role']}", f"principle {h['principle']}"):
            same(f"habit {h['id']}", other)
    now = f"week {_week_names(report)[0]}"
    if any(w["week"] == _week_names(report)[0] for w in report["weeks"]):
        for field in ("routine",):
            i = fields.index(field)
            if real["week now"][i] == real.get("team", (0, 0, 0, 0))[i]:
                eqs.append(({f"{now} {field}": 1, f"team {field}": -1}, 0))
    return eqs


def sandwiched_hidden(report: dict[str, Any]) -> set[str]:
    """Hidden weeks that the shown weeks around them fix: the series never goes down."""
    fixed: set[str] = set()
    weeks = report["weeks"]
    for field in ("routine",):
        for i, week in enumerate(weeks):
            if week[field] is not None:
                continue
            below = [w[field] for w in weeks[:i] if w[field] is not None]
            above = [w[field] for w in weeks[i + 1 :] if w[field] is not None]
            low = below[-1] if below else 0
            ceilings = above[:1]
            if week["group"] is not None:
                ceilings.append(week["group"])
            if ceilings and min(ceilings) == low:
                fixed.add(f"week {week['week']} {field}")
    return fixed


def page_values(report: dict[str, Any]) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for c in ("building", "routine", "dropped"):
        values[f"team {c}"] = report["team"][c]
    for kind, key in (("role", "roles"), ("principle", "principles"), ("habit", "habits")):
        for row in report[key]:
            for c in ("group", "building", "routine", "dropped"):
                values[f"{kind} {row['id']} {c}"] = row[c]
    values["team group"] = report["team"]["group"]
    for week in report["weeks"]:
        values[f"week {week['week']} routine"] = week["routine"]
        values[f"week {week['week']} group"] = week["group"]
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
    return fixed | sandwiched_hidden(report)
