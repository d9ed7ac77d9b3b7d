"""The sparse integer elimination behind the suppression, against exact fractions, and
the terminal view of a folder with many habits too few people picked."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cxhabits.team import document, figures
from tests.helpers import cli
from tests.team.teams import _rref_rows, habit, person, write_team

TODAY = dt.date(2026, 11, 20)
COLUMNS = [("x", f"{i:02d}", "") for i in range(12)]
Key = tuple[str, str, str]
ROW = st.dictionaries(st.sampled_from(COLUMNS), st.integers(-3, 3), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=14))
def test_the_sparse_elimination_finds_the_same_pivots_as_exact_fractions(
    rows: list[dict[Key, int]],
) -> None:
    ours = figures._reduce(rows)
    exact = _rref_rows([{" ".join(k): Fraction(v) for k, v in row.items()} for row in rows])
    assert {" ".join(c): {" ".join(k) for k in r} for c, r in ours.items()} == {
        c: set(r) for c, r in exact.items()
    }
    for column, row in ours.items():  # an integer multiple of the exact row
        want = exact[" ".join(column)]
        ratio = Fraction(row[column]) / want[" ".join(column)]
        assert all(Fraction(v) == ratio * want[" ".join(k)] for k, v in row.items())


def test_a_long_sum_pivots_on_every_habit_and_then_the_team() -> None:
    # the shape of a page of n habits: a row per habit, then the team's sum of them all
    n = 3000
    rows: list[dict[Key, int]] = [
        {("habit", f"{i:05d}", "building"): 1, ("habit", f"{i:05d}", "group"): -1} for i in range(n)
    ]
    rows.append({("team", "", "building"): 1, **{(*r, "building"): -1 for r in _ids(n)}})
    pivots = figures._reduce(rows)
    assert len(pivots) == n + 1
    assert (
        len(pivots["habit", "00000", "group"]) == n + 1
    )  # the team's figure against every habit's group


def _ids(n: int) -> list[tuple[str, str]]:
    return [("habit", f"{i:05d}") for i in range(n)]


def _many(folder: Path, people: int, per_person: int) -> Path:
    docs = [
        person(p, f"P{p}", [habit(f"agent.h{p}x{i:04d}", "building") for i in range(per_person)])
        for p in range(1, people + 1)
    ]
    return write_team(folder, docs)


@pytest.mark.parametrize(("lang", "words"), [("en", "and 1980 more"), ("nl", "en nog 1980")])
def test_habits_too_few_picked_are_one_paragraph_named_up_to_a_bound(
    tmp_path: Path, lang: str, words: str
) -> None:
    folder = _many(tmp_path / "team", 5, 400)
    cli.ok("config", "language", lang)
    result = cli.ok("team", str(folder), day=TODAY, columns=80)
    names = [f"agent.h1x{i:04d}" for i in range(document.MAX_ENTRIES)]
    assert sum(name in result.output for name in names) == 20
    assert words in result.output
    assert result.output.count("·") <= 2  # no row of dots per habit
    report = cli.data("team", str(folder), day=TODAY)
    assert len(report["habits"]) == 2000  # the document still has every row
    assert all(h["suppressed"] and h["group"] is None for h in report["habits"])


def test_a_few_habits_too_few_picked_are_all_named(tmp_path: Path) -> None:
    docs = [person(p, None, [habit("agent.warm-handover", "building")]) for p in range(1, 6)]
    docs.append(person(6, None, [habit("agent.say-we", "routine", routine="2026-W40")]))
    result = cli.ok("team", str(write_team(tmp_path / "team", docs)), day=TODAY, columns=80)
    assert "Picked by fewer than 5 people each:" in result.output
    assert "more" not in result.output.split("each:")[1].split("median")[0]
