"""The team's figures: share documents in, the report out, with suppression (pure).

Every figure of PRODUCT.md's table is counted in one pass over the documents (weeks as
integers, no loop over days). Then suppression, in two steps:

- primary: a row whose group is under the minimum shows none of its figures; in a shown
  row a count `c` of its group `n` is hidden when `c` or `n - c` is 1, and `dropped` when
  it is the whole group;
- secondary: the equations that hold between the figures (a habit row's cells sum to
  its group; `building` sums from habits to roles, principles and the team; celebrate
  against the weeks) may fix a hidden figure from shown ones. Each figure is a variable;
  the shown ones are substituted; a hidden one is fixed when its unit vector lies in the
  row space of what is left (exact Gauss-Jordan over the integers), or when an equation
  leaves non-negative unknowns summing to zero. A further figure is hidden until none is
  fixed.

Names appear only in the two named lists, and only of people who shared with one.
"""

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from cxhabits.domain.model import Pause
from cxhabits.i18n import _
from cxhabits.team.document import (
    OWN,
    ShareDoc,
    count_scheduled,
    week_index,
    week_monday,
    week_text,
)

MIN_GROUP = 5  # the default
LEAST_GROUP = 3  # never lower
MOST_GROUP = 100_000
WEEKS_SHOWN = 12
CHECK_AFTER = 2  # workdays without a check-in or skip before a name is listed
COUNTS = ("building", "routine", "dropped")

Key = tuple[str, str, str]  # (kind, row id, field)


class Skipped(NamedTuple):
    file: str
    why: str


class Row(NamedTuple):
    id: str
    group: int | None
    building: int | None
    routine: int | None
    dropped: int | None
    median_workdays_to_routine: float | None
    suppressed: bool
    role: str | None = None  # habit rows only
    principle: str | None = None  # habit rows only
    no_median: bool = False  # habit rows: nobody reached routine, so there is no median


class WeekRow(NamedTuple):
    week: str  # 2026-W14
    monday: dt.date
    group: int | None
    routine: int | None
    suppressed: bool


class Celebrate(NamedTuple):
    names: tuple[str, ...]
    others: int | None
    suppressed: bool


class TeamReport(NamedTuple):
    as_of: dt.date
    title: str | None
    min_group: int
    people: int
    no_names: bool
    skipped: tuple[Skipped, ...]
    team: Row
    roles: tuple[Row, ...]
    principles: tuple[Row, ...]
    habits: tuple[Row, ...]
    weeks: tuple[WeekRow, ...]
    celebrate: Celebrate
    check_on_me: tuple[str, ...]

    @property
    def enough(self) -> bool:
        """Enough people share for any figure beyond their number."""
        return self.people >= self.min_group


# -- which file of a person counts --------------------------------------------------------


def one_file_per_person(docs: Iterable[ShareDoc]) -> tuple[list[ShareDoc], list[Skipped]]:
    """Of two files of one person the later `written` counts; on equal weeks neither."""
    by_person: dict[str, list[ShareDoc]] = {}
    for doc in docs:
        by_person.setdefault(doc.person, []).append(doc)
    kept: list[ShareDoc] = []
    left_out: list[Skipped] = []
    for files in by_person.values():
        latest = max(d.written for d in files)
        newest = [d for d in files if d.written == latest]
        for doc in files:
            if doc.written < latest:
                left_out.append(Skipped(doc.file, _("an older file of the same person")))
        if len(newest) == 1:
            kept.append(newest[0])
        else:
            why = _("another file of the same person is of the same week: both left out")
            left_out.extend(Skipped(d.file, why) for d in newest)
    kept.sort(key=lambda d: d.file)
    return kept, left_out


# -- counting, in one pass ------------------------------------------------------------------


class Counts:
    """Every figure before suppression, and what the equations need to know."""

    def __init__(self, today: dt.date) -> None:
        self.week = week_index(today)
        self.today = today
        self.values: dict[Key, int] = {}
        self.workdays: dict[str, list[int]] = {}  # habit id: workdays to routine
        self.place: dict[str, tuple[str, str | None]] = {}  # habit id: (role, principle)
        self.own_habits: set[tuple[str, str | None]] = set()
        self.first_pick = [0] * WEEKS_SHOWN
        self.first_routine = [0] * WEEKS_SHOWN
        self.named_celebrate: list[str] = []
        self.check_on_me: list[str] = []

    def add(self, key: Key, by: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + by

    def person(self, doc: ShareDoc, names: bool) -> None:
        latest = {h.id: h for h in doc.habits if h.id != OWN}  # a repeated id: the last
        habits = [*latest.values(), *(h for h in doc.habits if h.id == OWN)]
        values = self.values  # the hot loop of a team of 10,000: no method call per figure
        rows: dict[tuple[str, str], set[str]] = {("team", ""): set()}
        for habit in habits:
            role, principle, status = habit.role, habit.principle, habit.status
            if habit.id != OWN:
                role, principle = self.place.setdefault(habit.id, (role, principle))
                for key in (("habit", habit.id, "group"), ("habit", habit.id, status)):
                    values[key] = values.get(key, 0) + 1
                if status == "routine" and habit.workdays_to_routine is not None:
                    self.workdays.setdefault(habit.id, []).append(habit.workdays_to_routine)
            else:  # where own habits are shows on the page; what they are does not
                self.own_habits.add((role, principle))
            rows["team", ""].add(status)
            rows.setdefault(("role", role), set()).add(status)
            if principle is not None:
                rows.setdefault(("principle", principle), set()).add(status)
        for (kind, row_id), statuses in rows.items():
            for key in [(kind, row_id, "group")] + [(kind, row_id, s) for s in statuses]:
                values[key] = values.get(key, 0) + 1
        self._weeks(habits)
        self._lists(doc, habits, names)

    def _weeks(self, habits: Sequence[Any]) -> None:
        first = self.week - WEEKS_SHOWN + 1
        picked = min((h.picked for h in habits), default=None)
        routine = min((h.routine for h in habits if h.routine is not None), default=None)
        for when, buckets in ((picked, self.first_pick), (routine, self.first_routine)):
            if when is not None:  # a week after the lead's counts in the lead's week
                buckets[min(max(when - first, 0), WEEKS_SHOWN - 1)] += 1

    def _lists(self, doc: ShareDoc, habits: Sequence[Any], names: bool) -> None:
        if any(h.routine is not None and self.week - 1 <= h.routine <= self.week for h in habits):
            if names and doc.name is not None:
                self.named_celebrate.append(doc.name)
            else:
                self.add(("celebrate", "", "others"))
        building = [h for h in habits if h.status == "building"]
        if names and doc.check_on_me and doc.name is not None and building:
            since = doc.last_done or week_monday(building[0].picked) - dt.timedelta(days=1)
            if missed_workdays(doc, since, self.today) >= CHECK_AFTER:
                self.check_on_me.append(doc.name)


def missed_workdays(doc: ShareDoc, since: dt.date, today: dt.date) -> int:
    """The person's workdays after `since` and before today, paused days left out."""
    start, end = since + dt.timedelta(days=1), today - dt.timedelta(days=1)
    pauses = [Pause(low, high) for low, high in doc.pauses]
    return count_scheduled(start, end, doc.workdays, pauses)


# -- the equations ------------------------------------------------------------------------------

Equation = tuple[dict[Key, int], int]  # sum of coefficient * figure + constant == 0


def equations(counts: Counts, min_group: int = MIN_GROUP) -> list[Equation]:
    """The equations a reader can write down between the figures of one page."""
    out: list[Equation] = []
    habit_ids = sorted(counts.place)
    for habit_id in habit_ids:
        row = {("habit", habit_id, "group"): 1}
        row.update({("habit", habit_id, c): -1 for c in COUNTS})
        out.append((row, 0))
    # building sums: habits (and the unseen own habits being built) to roles, principles, team
    sums: dict[tuple[str, str], dict[Key, int]] = {("team", ""): {}}
    for habit_id in habit_ids:
        role, principle = counts.place[habit_id]
        targets = [("team", ""), ("role", role)] + ([("principle", principle)] if principle else [])
        for target in targets:
            sums.setdefault(target, {})[("habit", habit_id, "building")] = -1
    for role, principle in sorted(counts.own_habits, key=str):
        aux: Key = ("aux", role, principle or "")
        targets = [("team", ""), ("role", role)] + ([("principle", principle)] if principle else [])
        for target in targets:
            sums.setdefault(target, {})[aux] = -1
    for (kind, row_id), terms in sums.items():
        out.append(({(kind, row_id, "building"): 1, **terms}, 0))
    # celebrate against the weeks: those become routine in the last two weeks are about
    # the routine count of the last week less that of two weeks before
    last, before = f"{WEEKS_SHOWN - 1:02d}", f"{WEEKS_SHOWN - 3:02d}"
    celebrate = {
        ("celebrate", "", "others"): 1,
        ("week", last, "routine"): -1,
        ("week", before, "routine"): 1,
    }
    out.append((celebrate, len(counts.named_celebrate)))
    return out + _repeated(counts, min_group)


def _figures_of(values: Mapping[Key, int], kind: str, row_id: str) -> tuple[int, ...]:
    return tuple(values.get((kind, row_id, f), 0) for f in ("group", *COUNTS))


def _same(a: tuple[str, str], b: tuple[str, str], fields: Sequence[str]) -> list[Equation]:
    return [({(*a, f): 1, (*b, f): -1}, 0) for f in fields]


def _repeated(counts: Counts, min_group: int) -> list[Equation]:
    """Rows that repeat another row's figures say the same thing twice: a role or a
    principle that counts the team's figures, a habit alone in its role or principle,
    the lead's week in the series and the team line. Each such pair is an equation a
    reader can guess, and it holds, so the hiding must hold against it."""
    values = counts.values
    team = ("team", "")
    fields = ("group", *COUNTS)
    out: list[Equation] = []
    outer = [(k[0], k[1]) for k in values if k[0] in ("role", "principle") and k[2] == "group"]
    for row in sorted(outer):
        if (
            _figures_of(values, *row) == _figures_of(values, *team)
            and values[(*row, "group")] >= min_group
        ):
            out += _same(row, team, fields)
    for habit_id in sorted(counts.place):
        role, principle = counts.place[habit_id]
        mine = _figures_of(values, "habit", habit_id)
        for row in [team, ("role", role)] + ([("principle", principle)] if principle else []):
            if mine == _figures_of(values, *row) and mine[0] >= min_group:
                out += _same(("habit", habit_id), row, fields)
    now = ("week", f"{WEEKS_SHOWN - 1:02d}")
    for field in ("routine",):  # groups are shown on both once the page shows figures
        if values.get((*now, field), 0) == values.get((*team, field), 0):
            out += _same(now, team, (field,))
    return out


def series_start(values: Mapping[Key, int], min_group: int) -> int:
    """The first of the last 12 weeks in which the group reached the minimum (the week
    series starts there; the weeks before it are not on the page)."""
    for index in range(WEEKS_SHOWN):
        if values.get(("week", f"{index:02d}", "group"), 0) >= min_group:
            return index
    return WEEKS_SHOWN


def sandwiched(
    values: Mapping[Key, int], hidden: set[Key], start: int, min_group: int
) -> dict[Key, list[Key]]:
    """Hidden figures of the week series that the shown ones around them fix: the
    series never goes down, so a hidden week between two shown equal ones is that
    value. Each such figure with the shown figures that bound it."""
    out: dict[Key, list[Key]] = {}
    for field in ("routine",):  # a week's group is never hidden once the series starts
        keys = [("week", f"{i:02d}", field) for i in range(start, WEEKS_SHOWN)]
        for position, key in enumerate(keys):
            if key not in hidden:
                continue
            below = [k for k in keys[:position] if k not in hidden][-1:]
            above = [k for k in keys[position + 1 :] if k not in hidden][:1]
            low = values[below[0]] if below else 0
            ceilings = [values[k] for k in above]
            group = (key[0], key[1], "group")
            if group not in hidden:
                ceilings.append(values[group])  # a bound, never hidden itself
            if ceilings and min(ceilings) == low:
                out[key] = above + below
    return out


def _reduce(rows: list[dict[Key, int]]) -> dict[Key, dict[Key, int]]:
    """Gauss-Jordan over the integers: pivot column -> its row (zero in every other row).
    Sparse, so that a page of many habits costs in proportion to its figures: a new row
    meets only the pivots of its own columns, and a new pivot only the rows that hold it."""
    pivots: dict[Key, dict[Key, int]] = {}
    holding: dict[Key, set[Key]] = {}  # column -> the pivots whose row holds it
    for given in rows:
        row = {k: v for k, v in given.items() if v}
        for column in [k for k in row if k in pivots]:  # a pivot row holds no other pivot
            _eliminate(row, pivots[column], column)
        if not row:
            continue
        column = min(row)
        for other_column in holding.pop(column, set()):
            other = pivots[other_column]
            before = set(other)
            _eliminate(other, row, column)
            for key in before - set(other):
                holding.setdefault(key, set()).discard(other_column)
            for key in set(other) - before:
                holding.setdefault(key, set()).add(other_column)
        pivots[column] = row
        for key in row:
            holding.setdefault(key, set()).add(column)
    return pivots


def _eliminate(row: dict[Key, int], pivot_row: dict[Key, int], column: Key) -> None:
    """Make `column` vanish from `row`, in place: row * p - pivot_row * r (by the
    quotient alone when p divides r, else scaled and divided by the gcd)."""
    p, r = pivot_row[column], row[column]
    if r % p:
        for key in row:
            row[key] *= p
        factor = r
    else:
        factor = r // p
    for key, value in pivot_row.items():
        new = row.get(key, 0) - value * factor
        if new:
            row[key] = new
        else:
            row.pop(key, None)
    if r % p and row:
        divisor = math.gcd(*row.values())
        for key in row:
            row[key] //= divisor


def fixed_figures(
    system: list[Equation],
    values: Mapping[Key, int],
    hidden: set[Key],
    free: frozenset[Key] = frozenset(),
) -> set[Key]:
    """The hidden figures that the shown ones fix, through the equations. `free` are
    unknowns that are not on the page (the weeks before the series starts)."""
    known: dict[Key, int] = {k: v for k, v in values.items() if k not in hidden}
    fixed: set[Key] = set()
    while True:
        reduced: list[dict[Key, int]] = []
        found: set[Key] = set()
        for coefficients, constant in system:
            rest = constant + sum(c * known[k] for k, c in coefficients.items() if k in known)
            unknown = {k: c for k, c in coefficients.items() if k not in known}
            if not unknown:
                continue
            same_sign = all(c > 0 for c in unknown.values()) or all(c < 0 for c in unknown.values())
            if same_sign and rest == 0:  # non-negative counts summing to nothing
                found.update(k for k in unknown if k[0] != "aux" and k not in free)
            reduced.append(unknown)
        for column, row in _reduce(reduced).items():
            if len(row) == 1 and column[0] != "aux" and column not in free:
                found.add(column)
        found -= fixed
        if not found:
            return fixed & hidden
        fixed |= found
        known.update({k: values.get(k, 0) for k in found})


# -- suppression ------------------------------------------------------------------------------


def _rows(counts: Counts) -> dict[tuple[str, str], Key]:
    """Every row with counts, and the figure that is its group."""
    rows: dict[tuple[str, str], Key] = {}
    for kind, row_id, field in counts.values:
        if field == "group" and kind in ("team", "role", "principle", "habit"):
            rows[kind, row_id] = (kind, row_id, "group")
    for index in range(WEEKS_SHOWN):
        rows["week", f"{index:02d}"] = ("week", f"{index:02d}", "group")
    rows["celebrate", ""] = ("team", "", "group")
    return rows


def _fields(kind: str) -> tuple[str, ...]:
    return {"week": ("routine",), "celebrate": ("others",)}.get(kind, COUNTS)


def primary(counts: Counts, min_group: int) -> set[Key]:
    values = counts.values
    hidden: set[Key] = set()
    for (kind, row_id), group_key in _rows(counts).items():
        n = values.get(group_key, 0)
        keys = [(kind, row_id, field) for field in _fields(kind)]
        if n < min_group:
            hidden.update([*keys, group_key] if group_key[0] == kind else keys)
            continue
        for key in keys:
            c = values.get(key, 0)
            if c == 1 or n - c == 1 or (key[2] == "dropped" and c == n):
                hidden.add(key)
    return hidden


def _preference(key: Key, values: Mapping[Key, int]) -> tuple[int, int, Key]:
    """Hide the smallest count first, a group only when nothing else will do."""
    return (key[2] == "group", values.get(key, 0), key)


def _linked(system: list[Equation], hidden: set[Key], target: Key) -> list[list[Key]]:
    """The shown figures of the equations linked to `target` through unknown ones, the
    nearest first: those that can keep it from being worked out."""
    unknown = {target}
    seen: set[int] = set()
    rings: list[list[Key]] = []
    while True:
        ring = [i for i, (eq, _k) in enumerate(system) if i not in seen and unknown & set(eq)]
        if not ring:
            return rings
        seen.update(ring)
        keys = [k for i in ring for k in system[i][0]]
        unknown |= {k for k in keys if k in hidden or k[0] == "aux"}
        rings.append([k for k in keys if k not in hidden and k[0] != "aux"])


def secondary(
    system: list[Equation], values: dict[Key, int], hidden: set[Key], min_group: int = MIN_GROUP
) -> set[Key]:
    """Hide further figures until no hidden one is fixed by the shown ones, through the
    equations or between two weeks of the series."""
    hidden = set(hidden)
    start = series_start(values, min_group)
    free = frozenset(k for k in hidden if k[0] == "week" and int(k[1]) < start)

    def fixed(more: set[Key]) -> tuple[set[Key], dict[Key, list[Key]]]:
        return fixed_figures(system, values, more, free), sandwiched(values, more, start, min_group)

    beyond: set[Key] = set()  # fixed only through figures already hidden: nothing to add
    while True:
        by_equations, by_weeks = fixed(hidden)
        open_ = (by_equations | set(by_weeks)) - beyond
        if not open_:
            return hidden
        target = min(open_)
        candidates = by_weeks.get(target, [])
        for ring in [] if candidates else _linked(system, hidden, target):
            candidates = sorted(set(ring), key=lambda k: _preference(k, values))
            if candidates:
                break
        if not candidates:
            beyond.add(target)
            continue
        chosen = next(
            (c for c in candidates if target not in _union(fixed(hidden | {c}))), candidates[0]
        )
        hidden.add(chosen)


def _union(found: tuple[set[Key], dict[Key, list[Key]]]) -> set[Key]:
    return found[0] | set(found[1])


# -- the report ----------------------------------------------------------------------------------


def summarize(
    docs: Iterable[ShareDoc],
    skipped: Iterable[Skipped],
    today: dt.date,
    min_group: int = MIN_GROUP,
    title: str | None = None,
    names: bool = True,
) -> TeamReport:
    """Every figure of the team view from the documents that were read, suppressed."""
    kept, older = one_file_per_person(docs)
    counts = Counts(today)
    for doc in kept:
        counts.person(doc, names)
    _fill_weeks(counts)
    for key in list(counts.values):  # every count of a row exists, zero or not
        if key[2] == "group" and key[0] in ("team", "role", "principle", "habit"):
            for field in COUNTS:
                counts.values.setdefault((key[0], key[1], field), 0)
    counts.values.setdefault(("team", "", "group"), 0)
    counts.values.setdefault(("celebrate", "", "others"), 0)
    for field in COUNTS:
        counts.values.setdefault(("team", "", field), 0)
    hidden = secondary(
        equations(counts, min_group), counts.values, primary(counts, min_group), min_group
    )
    return _report(counts, hidden, today, min_group, title, names, (*skipped, *older))


def _fill_weeks(counts: Counts) -> None:
    group = routine = 0
    for index in range(WEEKS_SHOWN):
        group += counts.first_pick[index]
        routine += counts.first_routine[index]
        counts.values["week", f"{index:02d}", "group"] = group
        counts.values["week", f"{index:02d}", "routine"] = routine


def _row(counts: Counts, hidden: set[Key], kind: str, row_id: str, min_group: int) -> Row:
    def shown(field: str) -> int | None:
        key = (kind, row_id, field)
        return None if key in hidden else counts.values.get(key, 0)

    routine = shown("routine")
    workdays = counts.workdays.get(row_id, []) if kind == "habit" else []
    median = (
        float(statistics.median(workdays))
        if routine is not None and len(workdays) >= min_group
        else None
    )
    role, principle = counts.place.get(row_id, (None, None)) if kind == "habit" else (None, None)
    group = counts.values.get((kind, row_id, "group"), 0)
    group_shown = None if (kind, row_id, "group") in hidden else group
    building, dropped = shown("building"), shown("dropped")
    no_median = kind == "habit" and routine == 0
    withheld = kind == "habit" and median is None and not no_median
    suppressed = None in (group_shown, building, routine, dropped) or withheld
    return Row(
        row_id,
        group_shown,
        building,
        routine,
        dropped,
        median,
        suppressed,
        role,
        principle,
        no_median,
    )


def _week_row(counts: Counts, hidden: set[Key], first: int, index: int) -> WeekRow:
    row = f"{index:02d}"
    group, routine = (
        None if ("week", row, f) in hidden else counts.values["week", row, f]
        for f in ("group", "routine")
    )
    return WeekRow(
        week_text(first + index),
        week_monday(first + index),
        group,
        routine,
        None in (group, routine),
    )


def _report(
    counts: Counts,
    hidden: set[Key],
    today: dt.date,
    min_group: int,
    title: str | None,
    names: bool,
    skipped: Sequence[Skipped],
) -> TeamReport:
    people = counts.values.get(("team", "", "group"), 0)
    enough = people >= min_group

    def rows(kind: str) -> tuple[Row, ...]:
        ids = sorted({k[1] for k in counts.values if k[0] == kind})
        if kind == "habit":
            ids.sort(key=lambda i: (counts.place[i][0], i))
        return tuple(_row(counts, hidden, kind, i, min_group) for i in ids) if enough else ()

    first = counts.week - WEEKS_SHOWN + 1
    start = series_start(counts.values, min_group)
    weeks = tuple(_week_row(counts, hidden, first, index) for index in range(start, WEEKS_SHOWN))
    others_key = ("celebrate", "", "others")
    others = None if others_key in hidden else counts.values[others_key]
    team = _row(counts, hidden, "team", "", min_group)
    if not enough:
        team = Row("", None, None, None, None, None, True)
    return TeamReport(
        as_of=today,
        title=title,
        min_group=min_group,
        people=people,
        no_names=not names,
        skipped=tuple(skipped),
        team=team,
        roles=rows("role"),
        principles=rows("principle"),
        habits=rows("habit"),
        weeks=weeks if enough else (),
        celebrate=Celebrate(
            tuple(sorted(counts.named_celebrate, key=str.casefold)) if enough else (),
            others if enough else None,
            others is None or not enough,
        ),
        check_on_me=tuple(sorted(counts.check_on_me, key=str.casefold)) if enough else (),
    )


def _figures(row: Row, habit: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "group": row.group,
        "building": row.building,
        "routine": row.routine,
        "dropped": row.dropped,
        "median_workdays_to_routine": row.median_workdays_to_routine,
        "suppressed": row.suppressed,
    }
    if habit:
        out["role"] = row.role
        out["principle"] = row.principle
    return out


def report_document(report: TeamReport) -> dict[str, Any]:
    """The `team --json` document (keys as in PRODUCT.md)."""
    if report.no_names:
        reasons: dict[str, int] = {}
        for item in report.skipped:
            reasons[item.why] = reasons.get(item.why, 0) + 1
        skipped: list[dict[str, Any]] = [
            {"why": why, "files": n} for why, n in sorted(reasons.items())
        ]
    else:
        skipped = [{"file": s.file, "why": s.why} for s in report.skipped]
    team = report.team
    return {
        "as_of": report.as_of.isoformat(),
        "title": report.title,
        "min_group": report.min_group,
        "people": report.people,
        "enough": report.enough,
        "skipped": skipped,
        "team": {
            "group": team.group,
            "building": team.building,
            "routine": team.routine,
            "dropped": team.dropped,
            "suppressed": team.suppressed,
        },
        "roles": [_figures(r, False) for r in report.roles],
        "principles": [_figures(r, False) for r in report.principles],
        "habits": [_figures(r, True) for r in report.habits],
        "weeks": [
            {
                "week": w.week,
                "from": w.monday.isoformat(),
                "group": w.group,
                "routine": w.routine,
                "suppressed": w.suppressed,
            }
            for w in report.weeks
        ],
        "celebrate": {
            "names": list(report.celebrate.names),
            "others": report.celebrate.others,
            "suppressed": report.celebrate.suppressed,
        },
        "check_on_me": list(report.check_on_me),
    }
