"""The lead's view: a folder of share files in, a report out that points at nobody."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cxhabits.team.document import NotAShareFile, read_document, week_index
from cxhabits.team.figures import report_document, summarize
from cxhabits.ui import team_view
from tests.helpers import cli
from tests.team.teams import fixed_hidden, habit, person, write_team

TODAY = dt.date(2026, 11, 20)  # Friday, week 47
A = "agent.warm-handover"
B = "agent.breath-after-hard-call"
C = "agent.say-what-happens-next"
L = "leader.ask-what-helped"
NEXT = week_index(TODAY) + 1


def cx(*args: str, day: dt.date = TODAY, columns: int | None = None) -> Any:
    return cli.cx(*args, day=day, columns=columns)


def ok(*args: str, day: dt.date = TODAY, columns: int | None = None) -> Any:
    return cli.ok(*args, day=day, columns=columns)


def five() -> list[dict[str, Any]]:
    """Five people on one habit: three reached routine (one this week), two build."""
    return [
        person(1, "Ann", [habit(A, "routine", routine="2026-W46", workdays=22)]),
        person(2, None, [habit(A, "routine", routine="2026-W40", workdays=30)]),
        person(3, "Bo", [habit(A, "routine", routine="2026-W36", workdays=26)]),
        person(4, "Cas", [habit(A, "building", picked="2026-W44")], last_done="2026-11-16"),
        person(5, None, [habit(A, "building", picked="2026-W45")]),
    ]


def twelve() -> list[dict[str, Any]]:
    """Twelve: seven on A (one dropped, so hidden), three on B, two leaders on L."""
    people = five()
    people += [
        person(
            6,
            "Dee",
            [habit(A, "dropped", dropped="2026-W40"), habit(B, "building", picked="2026-W41")],
        ),
        person(7, None, [habit(A, "routine", routine="2026-W42", workdays=24)]),
        person(8, "Eli", [habit(B, "routine", picked="2026-W35", routine="2026-W41", workdays=25)]),
        person(9, None, [habit(B, "building", picked="2026-W46")]),
        person(
            10,
            "Fay",
            [habit(L, "building", role="leader", principle="one-company")],
            last_done="2026-11-19",
        ),
        person(
            11,
            None,
            [habit(L, "routine", routine="2026-W39", role="leader", principle="one-company")],
        ),
        person(12, "Gus", [habit("own", "building", principle="their-side")]),
    ]
    return people


def twenty_five() -> list[dict[str, Any]]:
    people = twelve()
    for n in range(13, 26):
        status = ("routine", "building", "routine", "dropped")[n % 4]
        routine = f"2026-W{30 + n % 10}" if status == "routine" else None
        dropped = "2026-W43" if status == "dropped" else None
        habit_id = (C, A, B)[n % 3]
        people.append(
            person(
                n,
                f"P{n}" if n % 2 else None,
                [
                    habit(
                        habit_id,
                        status,
                        routine=routine,
                        dropped=dropped,
                        workdays=20 + n if routine else None,
                    )
                ],
            )
        )
    return people


def report_of(
    people: list[dict[str, Any]], min_group: int = 5, names: bool = True
) -> dict[str, Any]:
    docs = [read_document(f"f{i}", doc, NEXT) for i, doc in enumerate(people)]
    return report_document(summarize(docs, [], TODAY, min_group, names=names))


def check_report(report: dict[str, Any], people: list[dict[str, Any]], min_group: int) -> None:
    """What the contract says of every page, whatever the team."""
    if report["people"] < min_group:
        assert not report["habits"] and not report["roles"] and not report["weeks"]
        assert report["team"]["building"] is None
        return
    rows = [
        report["team"] | {"group": report["people"]},
        *report["roles"],
        *report["principles"],
        *report["habits"],
    ]
    for row in rows:
        n = row["group"]
        if n is not None:
            assert n >= min_group, row
        for key in ("building", "routine", "dropped"):
            c = row[key]
            if c is None:
                assert row.get("suppressed", True)
                continue
            assert n is not None, row
            assert c != 1 and n - c != 1, row
            if key == "dropped":
                assert c != n or n == 0, row
        if n is None:
            assert all(
                row[k] is None
                for k in ("building", "routine", "dropped", "median_workdays_to_routine")
                if k in row
            )
    for week in report["weeks"]:
        if week["group"] is None:
            assert week["routine"] is None
        elif week["routine"] is not None:
            assert week["group"] >= min_group
            assert week["routine"] != 1 and week["group"] - week["routine"] != 1
    for row in report["habits"]:  # a median not shown: none yet (routine 0) or hidden
        if row["median_workdays_to_routine"] is None and row["routine"] != 0:
            assert row["suppressed"], row
        if row["routine"] == 0:
            assert row["median_workdays_to_routine"] is None
    assert all(w["group"] is not None for w in report["weeks"])  # the series starts late
    others = report["celebrate"]["others"]
    assert others is None or (others != 1 and report["people"] - others != 1)
    assert not fixed_hidden(report, people), fixed_hidden(report, people)


def test_five_people_show_every_figure_of_their_one_habit() -> None:
    report = report_of(five())
    assert report["team"] == {
        "group": 5,
        "building": 2,
        "routine": 3,
        "dropped": 0,
        "suppressed": False,
    }
    (row,) = report["habits"]
    assert (row["group"], row["building"], row["routine"], row["dropped"]) == (5, 2, 3, 0)
    assert row["median_workdays_to_routine"] is None  # three reached routine, five needed
    assert report["celebrate"] == {"names": ["Ann"], "others": 0, "suppressed": False}
    assert report["check_on_me"] == ["Cas"]  # three workdays since Monday
    weeks = {w["week"]: w["routine"] for w in report["weeks"]}
    assert next(iter(weeks)) == "2026-W45"  # four had picked by W44: the series starts later
    assert weeks["2026-W45"] == 2 and weeks["2026-W47"] == 3
    assert all(w["group"] is not None for w in report["weeks"])
    check_report(report, five(), 5)


def test_twelve_people_hide_what_would_point_at_one() -> None:
    report = report_of(twelve())
    assert report["people"] == 12
    rows = {h["id"]: h for h in report["habits"]}
    assert rows[A]["group"] == 7 and rows[A]["dropped"] is None  # one dropped: hidden
    assert rows[A]["suppressed"] is True
    assert rows[B]["group"] is None and rows[L]["group"] is None  # under five
    roles = {r["id"]: r for r in report["roles"]}
    assert roles["leader"]["group"] is None  # two leaders
    assert "Cas" in report["check_on_me"] and "Fay" not in report["check_on_me"]
    check_report(report, twelve(), 5)
    no_names = report_of(twelve(), names=False)
    assert no_names["check_on_me"] == [] and no_names["celebrate"]["names"] == []
    check_report(no_names, twelve(), 5)


def test_twenty_five_people_show_more_and_still_point_at_nobody() -> None:
    report = report_of(twenty_five())
    assert report["people"] == 25
    rows = {h["id"]: h for h in report["habits"]}
    assert rows[A]["group"] == 12 and rows[A]["dropped"] == 2 and rows[A]["routine"] == 6
    assert rows[A]["median_workdays_to_routine"] == 28.0  # six reached routine
    assert rows[C]["group"] is None  # four people
    assert report["team"]["group"] == 25
    check_report(report, twenty_five(), 5)
    for minimum in (3, 8):
        check_report(report_of(twenty_five(), minimum), twenty_five(), minimum)


def test_the_issue_s_leak_by_subtraction_is_closed() -> None:
    """Three named on one habit (one routine), one anonymous alone on another of the same
    principle: the principle row must not give the lone person's status away."""
    people = [
        person(
            n,
            f"N{n}",
            [habit(A, "routine" if n == 1 else "building", routine="2026-W40" if n == 1 else None)],
        )
        for n in range(1, 4)
    ]
    people.append(person(4, None, [habit(B, "routine", routine="2026-W41")]))
    people.append(person(5, "Z", [habit(C, "building", principle="right-moment")]))
    report = report_of(people, 3)
    check_report(report, people, 3)


def test_fewer_people_than_the_minimum_show_only_how_many(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", five()[:4])
    for lang in ("en", "nl"):
        ok("config", "language", lang)
        shown = ok("team", str(folder), "--html", str(tmp_path / f"{lang}.html"))
        terminal = ok("team", str(folder), columns=80).stdout
        assert re.search(r"\b4\b", terminal) and re.search(r"\b5\b", terminal)
        assert "Ann" not in terminal and "Cas" not in terminal
        page = (tmp_path / f"{lang}.html").read_text(encoding="utf-8")
        assert "Ann" not in page and "<table" not in page
        assert shown.exit_code == 0
    data = json.loads(ok("team", str(folder), "--json").stdout)
    assert data["people"] == 4 and data["habits"] == [] and data["check_on_me"] == []


@pytest.mark.parametrize(
    "value,word", [("2", "too small"), ("-5", "too small"), ("99999999999", "too large")]
)
def test_min_group_out_of_range_is_refused(tmp_path: Path, value: str, word: str) -> None:
    result = cx("team", str(tmp_path), "--min-group", value)
    assert result.exit_code == 2 and word in result.stderr, result.stderr


def test_no_names_gives_counts_of_files_left_out(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", five())
    (folder / "x-abcdef.cxhabits-share (1).json").write_text("{}")
    (folder / "y-abcdef.cxhabits-share (2).json").write_text("{}")
    data = json.loads(ok("team", str(folder), "--json", "--no-names").stdout)
    assert data["skipped"] == [
        {"why": "a numbered copy (Google Drive, Windows), not read", "files": 2}
    ]
    assert data["celebrate"]["names"] == [] and data["check_on_me"] == []
    assert data["celebrate"]["others"] is None or data["celebrate"]["others"] >= 0


# -- the property test -----------------------------------------------------------------------

HABITS = [
    (A, "agent", "one-company"),
    (B, "agent", "influence"),
    (C, "agent", "right-moment"),
    (L, "leader", "influence"),
    ("leader.thank-one-colleague", "leader", "one-company"),
]
WEEKS = [f"2026-W{w:02d}" for w in range(30, 48)]


@st.composite
def random_team(draw: Any) -> tuple[list[dict[str, Any]], int, bool]:
    size = draw(st.integers(1, 30))
    people = []
    for n in range(1, size + 1):
        entries = []
        chosen = draw(st.lists(st.sampled_from(HABITS), min_size=0, max_size=3, unique=True))
        building_left = True
        for habit_id, role, principle in chosen:
            status = draw(
                st.sampled_from(
                    ["building", "routine", "dropped"] if building_left else ["routine", "dropped"]
                )
            )
            building_left = building_left and status != "building"
            picked = draw(st.sampled_from(WEEKS))
            later = draw(st.sampled_from([w for w in WEEKS if w >= picked]))
            entries.append(
                habit(
                    habit_id,
                    status,
                    picked=picked,
                    routine=later if status == "routine" else None,
                    dropped=later if status == "dropped" else None,
                    workdays=draw(st.integers(5, 60)) if status == "routine" else None,
                    role=role,
                    principle=principle,
                )
            )
        if draw(st.booleans()):
            status = "building" if building_left and draw(st.booleans()) else "routine"
            entries.append(
                habit(
                    "own",
                    status,
                    role=draw(st.sampled_from(["agent", "leader"])),
                    principle=draw(st.sampled_from(["influence", "their-side"])),
                    routine="2026-W44" if status == "routine" else None,
                )
            )
        named = draw(st.booleans())
        people.append(
            person(
                n,
                f"P{n}" if named else None,
                entries,
                last_done="2026-11-10" if named and draw(st.booleans()) else None,
            )
        )
    return people, draw(st.integers(3, 8)), draw(st.booleans())


EXAMPLES = 400


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(random_team())
def test_no_row_under_the_minimum_no_one_person_no_figure_worked_out(
    case: tuple[list[dict[str, Any]], int, bool],
) -> None:
    people, minimum, names = case
    docs = [read_document(f"f{i}", doc, NEXT) for i, doc in enumerate(people)]
    summary = summarize(docs, [], TODAY, minimum, names=names)
    report = report_document(summary)
    check_report(report, people, minimum)
    page = team_view.html_page(summary, {}, "en")
    assert_page_agrees(page, report)


def assert_page_agrees(page: str, report: dict[str, Any]) -> None:
    """The HTML tables show exactly the JSON's figures, row by row."""
    cells = [
        re.findall(r'<td class="n">([^<]*)</td>', row)
        for row in re.findall(r"<tr>\s*<td class=\"name\">.*?</tr>", page, re.S)
    ]
    expected = []
    if report["people"] >= report["min_group"]:
        rows = [
            report["team"]
            | {"group": report["people"] if report["team"]["group"] is not None else None},
            *report["roles"],
            *report["principles"],
        ]
        for row in rows:
            expected.append(
                [team_view.figure(row[k]) for k in ("group", "building", "routine", "dropped")]
            )
        for row in report["habits"]:
            median = team_view.figure(row["median_workdays_to_routine"])
            if row["routine"] == 0:  # no median yet: a mark of its own, not the hidden one
                median = team_view.NO_MEDIAN
            expected.append(
                [team_view.figure(row[k]) for k in ("group", "building", "routine", "dropped")]
                + [median]
            )
    assert cells == expected


# -- the files -------------------------------------------------------------------------------


def test_sync_copies_are_judged_by_the_file_name_not_the_person(tmp_path: Path) -> None:
    people = five()
    people[0]["name"] = "Conflicted Carl"
    people[2]["name"] = "No-Conflict-Nora"
    folder = write_team(tmp_path / "team", people)
    copies = [
        "conflicted-carl-000001.cxhabits-share (1).json",
        "conflicted-carl-000001.cxhabits-share (Sam's conflicted copy 2026-01-31).json",
        "conflicted-carl-000001.cxhabits-share.sync-conflict-20260131-101500-ABCDEF7.json",
        "conflicted-carl-000001.cxhabits-share (conflicted copy 2026-01-31 101500).json",
        "conflicted-carl-000001.cxhabits-share-LAPTOP-7.json",
    ]
    for name in copies:
        (folder / name).write_text("not even json")  # never read
    result = ok("team", str(folder), "--json")
    data = json.loads(result.stdout)
    assert data["people"] == 5 and "Conflicted Carl" in data["celebrate"]["names"]
    assert sorted(s["file"] for s in data["skipped"]) == sorted(copies)
    whys = {s["why"] for s in data["skipped"]}
    assert len(whys) == 5 and not any("JSON" in w for w in whys)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 5


def test_a_future_written_two_files_of_one_person_and_old_formats(tmp_path: Path) -> None:
    people = five()
    folder = write_team(tmp_path / "team", people)
    planted = person(1, "Ann", [habit(A, "dropped", dropped="2026-W47")], written="2026-W49")
    (folder / "ann-planted-000000.cxhabits-share.json").write_text(json.dumps(planted))
    older = person(2, None, [], written="2026-W40")
    (folder / "old-000000.cxhabits-share.json").write_text(json.dumps(older))
    (folder / "v1-000000.cxhabits-share.json").write_text(
        json.dumps({"version": 1, "format": None})
    )
    same_week = [person(77, "Twin", [], written="2026-W46") for _ in range(2)]
    for n, doc in enumerate(same_week):
        (folder / f"twin{n}-00004d.cxhabits-share.json").write_text(json.dumps(doc))
    data = json.loads(ok("team", str(folder), "--json").stdout)
    why = {s["file"]: s["why"] for s in data["skipped"]}
    assert "next week" in why["ann-planted-000000.cxhabits-share.json"]
    assert "older file" in why["old-000000.cxhabits-share.json"]
    assert "older cxhabits" in why["v1-000000.cxhabits-share.json"]
    assert (
        "same week" in why["twin0-00004d.cxhabits-share.json"]
        and "same week" in why["twin1-00004d.cxhabits-share.json"]
    )
    assert data["people"] == 5 and data["team"]["dropped"] == 0


HOSTILE: list[Any] = [
    [1, 2, 3],
    "a string",
    None,
    {"version": True},
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": None,
        "check_on_me": False,
        "written": "9999-W52",
        "habits": [],
    },
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": None,
        "check_on_me": False,
        "written": "0000-W00",
        "habits": [],
    },
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": "X",
        "check_on_me": True,
        "written": "2026-W46",
        "last_done": "9999-12-31",
        "workdays": ["mon"],
        "pauses": [],
        "habits": [],
    },
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": "X",
        "check_on_me": True,
        "written": "2026-W46",
        "last_done": "2026-11-01",
        "workdays": ["mon"],
        "pauses": [{"from": "0001-01-01", "to": "9999-12-31"}],
        "habits": [],
    },
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": None,
        "check_on_me": False,
        "written": "2026-W46",
        "habits": [
            {
                "id": "agent.warm-handover",
                "role": "agent",
                "principle": None,
                "status": "routine",
                "picked": "2026-W53",
                "routine": None,
                "dropped": None,
                "workdays_to_routine": 10**30,
            }
        ],
    },
    {
        "version": 2,
        "format": "cxhabits-share",
        "person": "0" * 16,
        "name": None,
        "check_on_me": False,
        "written": "2026-W46",
        "habits": [1],
    },
    {"version": 10**40},
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_a_hostile_document_is_left_out_with_why(raw: Any) -> None:
    with pytest.raises(NotAShareFile):
        read_document("x", raw, NEXT)


def test_hostile_files_never_crash_the_report(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", five())
    for n, raw in enumerate(HOSTILE):
        (folder / f"h{n}-00000{n % 10}.cxhabits-share.json").write_text(json.dumps(raw))
    (folder / "deep-000000.cxhabits-share.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "huge-000000.cxhabits-share.json").write_bytes(b" " * (300 * 1024))
    (folder / "bytes-000000.cxhabits-share.json").write_bytes(b"\xff\xfe")
    os.mkfifo(folder / "fifo-000000.cxhabits-share.json")
    (folder / "dir-000000.cxhabits-share.json").mkdir()
    result = ok("team", str(folder), "--json")
    data = json.loads(result.stdout)
    assert data["people"] == 5
    assert len(data["skipped"]) == len(HOSTILE) + 5
    assert "Traceback" not in result.stderr


def test_a_folder_that_cannot_be_read_is_said_so(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", five())
    folder.chmod(0o000)
    try:
        if os.access(folder, os.R_OK):
            pytest.skip("running as a user who may read anything")
        result = cx("team", str(folder))
        assert result.exit_code == 1 and "Cannot read" in result.stderr
        assert "No share files" not in result.stderr
    finally:
        folder.chmod(0o755)


# -- what the lead sees -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "nl", "LANG"])
@pytest.mark.parametrize("columns", [80, 40])
@pytest.mark.parametrize("team", [five, twelve, twenty_five])
def test_the_terminal_view_drops_nothing_and_speaks_the_language(
    tmp_path: Path, lang: str, columns: int, team: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = team()
    folder = write_team(tmp_path / "team", people)
    if lang == "LANG":
        monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    else:
        ok("config", "language", lang)
    out = ok("team", str(folder), "--title", "Team Noord", day=TODAY, columns=columns).stdout
    data = json.loads(ok("team", str(folder), "--json", day=TODAY).stdout)
    lines = out.splitlines()
    assert all(len(line) <= columns for line in lines), out
    assert "Team Noord" in out
    dutch = lang != "en"
    assert (
        ("week 14, from" not in out) and (("vanaf" in out) == dutch) and (("from" in out) != dutch)
    )
    assert ("Te vieren" in out) == dutch and ("Asked to be checked on" in out) != dutch
    for name in data["celebrate"]["names"] + data["check_on_me"]:
        assert any(name in line for line in lines), name  # whole, on one line
    headers = (
        ["mensen", "in opbouw", "losgelaten", "mediaan"]
        if dutch
        else ["people", "building", "dropped", "median"]
    )
    for header in headers:
        assert header in out, header
    figures = [h for h in data["habits"] if h["group"] is not None]
    for row in figures:
        shown = [team_view.figure(row[k]) for k in ("group", "building", "routine", "dropped")]
        assert any(all(f in line for f in shown) for line in lines) or columns < 64


def test_the_html_page_and_no_names(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", twelve())
    page = tmp_path / "page.html"
    ok("team", str(folder), "--html", str(page), "--no-names", "--title", "<b>Q4</b>")
    text = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;Q4&lt;/b&gt;" in text and "<b>Q4" not in text
    for name in ("Ann", "Cas", "Dee", "Fay"):
        assert name not in text
    assert not re.search(r"(src|href)=", text)  # nothing to fetch
    data = json.loads(ok("team", str(folder), "--json", "--no-names").stdout)
    from cxhabits.team.document import read_document as read

    docs = [read(p.name, json.loads(p.read_text()), NEXT) for p in sorted(folder.iterdir())]
    assert_page_agrees(
        team_view.html_page(summarize(docs, [], TODAY, 5, names=False), {}, "en"), data
    )


def test_every_word_of_the_template_comes_from_the_catalogue() -> None:
    template = (Path(team_view.__file__).parent / "templates" / "team.html").read_text()
    body = re.sub(r"<style>.*?</style>", "", template, flags=re.S)
    body = re.sub(r"{[{%].*?[%}]}", "", body, flags=re.S)
    body = re.sub(r"<[^>]*>", "", body)
    assert not re.search(r"[A-Za-z]{2,}", body), body


def test_html_refuses_to_write_over_what_is_not_a_page(tmp_path: Path) -> None:
    folder = write_team(tmp_path / "team", five())
    share = next(folder.iterdir())
    for target in (share, folder, tmp_path / "notes.txt"):
        assert cx("team", str(folder), "--html", str(target)).exit_code == 2


@pytest.mark.parametrize("size", [5, 6, 9])
def test_a_team_that_started_this_week_shows_no_median_and_one_week(size: int) -> None:
    """The works council's six: all building one habit picked this week. The series
    starts this week, its 0 agrees with the team line, the median is "none", not hidden."""
    people = [person(n, f"N{n}", [habit(A, "building", picked="2026-W47")]) for n in range(size)]
    docs = [read_document(f"f{i}", doc, NEXT) for i, doc in enumerate(people)]
    summary = summarize(docs, [], TODAY, 5)
    report = report_document(summary)
    assert [w["week"] for w in report["weeks"]] == ["2026-W47"]
    assert report["weeks"][0]["routine"] == 0 == report["team"]["routine"]
    (row,) = report["habits"]
    assert row["median_workdays_to_routine"] is None and row["suppressed"] is False
    page = team_view.html_page(summary, {}, "en")
    assert team_view.NO_MEDIAN in page and "fewer than" not in page.split("<svg")[-1]
    check_report(report, people, 5)
