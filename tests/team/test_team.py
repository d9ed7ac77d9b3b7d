"""The lead's view: a folder of share files in, figures out, small groups never shown as figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from cxhabits.team import figures as team, folder as shared_folder
from cxhabits.team.figures import NotAShareFile, Skipped, read_document, summarize
from tests.helpers.cli import cx, ok

TODAY = dt.date(2026, 11, 20)  # a Friday
A = "agent.breath-after-hard-call"  # influence
B = "agent.say-what-happens-next"  # right-moment
C = "agent.photo-by-my-screen"  # their-side
PRINCIPLE_OF = {A: "influence", B: "right-moment", C: "their-side"}
HOSTILE = "[bold red]Mal[/] <script>alert(1)</script> \x1b[31m"


def habit(
    habit_id: str,
    status: str,
    picked: str = "2026-09-01",
    principle: str | None = None,
    routine_on: str | None = None,
    workdays: int | None = None,
    dropped_on: str | None = None,
    last_done: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": habit_id,
        "role": habit_id.split(".")[0],
        "principle": principle or PRINCIPLE_OF[habit_id],
        "picked": picked,
        "status": status,
        "routine_on": routine_on,
        "dropped_on": dropped_on,
        "workdays_to_routine": workdays,
    }
    if status == "active":
        entry.update(streak=1, done_last_20=1, strength=0.1, routine=False, last_done=last_done)
    return entry


def doc(
    person: str,
    name: str | None,
    habits: list[dict[str, Any]],
    written: str = "2026-11-19T16:00:00Z",
    pauses: list[dict[str, str]] | None = None,
    version: int = 1,
) -> dict[str, Any]:
    return {
        "format": "cxhabits-share",
        "version": version,
        "person": (person * 16)[:16],
        "name": name,
        "anonymous": name is None,
        "written": written,
        "workdays": ["mon", "tue", "wed", "thu", "fri"],
        "pauses": pauses or [],
        "habits": habits,
    }


def the_team() -> dict[str, Any]:
    """Twelve files: eight people, two files of one of them, and three that are left out."""
    return {
        "ann-aaaaaa": doc("a", "Ann", [
            habit(A, "routine", routine_on="2026-10-02", workdays=24),
            habit(B, "active", picked="2026-10-05", last_done="2026-11-19"),
        ]),
        "bob-bbbbbb": doc("b", "Bob", [
            habit(A, "routine", routine_on="2026-10-12", workdays=30),
            habit(B, "active", picked="2026-10-13", last_done="2026-11-16"),
        ]),
        "anonymous-cccccc": doc("c", None, [
            habit(A, "routine", picked="2026-W36", routine_on="2026-W41", workdays=26),
        ]),
        "dee-dddddd": doc("d", "Dee", [
            habit(A, "dropped", dropped_on="2026-09-20"),
            habit(C, "active", picked="2026-09-21", last_done="2026-11-18"),
        ]),
        "anonymous-eeeeee": doc("e", None, [
            habit(A, "active", picked="2026-W45", last_done="2026-W45"),
        ]),
        "fay-ffffff": doc("f", "Fay", [
            habit(A, "routine", routine_on="2026-10-26", workdays=40),
            habit(B, "active", picked="2026-10-27", last_done="2026-11-13"),
        ], pauses=[{"from": "2026-11-16", "to": "2026-11-27"}]),
        "gus-999999": doc("9", "Gus", [habit(A, "active", last_done="2026-10-01")],
                          written="2026-10-01T09:00:00Z"),
        "gus-renamed-999999": doc("9", "Gus", [
            habit(A, "routine", routine_on="2026-10-09", workdays=28),
        ], written="2026-11-18T09:00:00Z"),
        "mal-123456": doc("1", HOSTILE, [
            habit(C, "active", picked="2026-10-12", last_done="2026-10-30"),
            {"id": "own", "role": "agent", "principle": "their-side"},
        ]),
        "ann-aaaaaa.cxhabits-share (conflicted copy 2026-11-19)": doc("a", "Ann", []),
        "broken-777777": "{not json",
        "future-888888": doc("8", "Fut", [], version=99),
    }  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    where = tmp_path / "team"
    where.mkdir()
    for stem, content in the_team().items():
        suffix = ".json" if "conflicted" in stem else ".cxhabits-share.json"
        text = content if isinstance(content, str) else json.dumps(content)
        (where / f"{stem}{suffix}").write_text(text, encoding="utf-8")
    return where


def read_folder(where: Path) -> tuple[list[team.ShareDoc], list[Skipped]]:
    docs, skipped = [], []
    for path in shared_folder.share_files(where):
        try:
            docs.append(read_document(path.name, shared_folder.read_raw(path)))
        except (shared_folder.Unreadable, NotAShareFile) as exc:
            skipped.append(Skipped(path.name, str(exc)))
    return docs, skipped


def test_twelve_files_give_the_expected_counts_and_medians(folder: Path) -> None:
    assert len(list(folder.iterdir())) == 12
    report = summarize(*read_folder(folder), TODAY, 3)
    assert report.people == 8
    why = {s.file.split("-")[0]: s.why for s in report.skipped}
    assert set(why) == {"ann", "broken", "future", "gus"}
    assert "conflicted" in why["ann"] and "newer" in why["future"] and "JSON" in why["broken"]
    assert report.oldest_written == dt.datetime(2026, 11, 18, 9, tzinfo=dt.UTC)
    rows = {row.id: row for row in report.habits}
    assert rows[A] == team.HabitRow(A, "agent", 7, 5, 1, 28.0, False)
    assert rows[B] == team.HabitRow(B, "agent", 3, 0, 0, None, False)
    assert rows[C] == team.HabitRow(C, "agent", None, None, None, None, True)
    principles = {p.id: p for p in report.principles}
    assert principles["influence"] == team.PrincipleRow("influence", 7, 5, False)
    assert principles["their-side"].suppressed  # Dee and Mal: two people
    weeks = {w.week: w.routine for w in report.weeks}
    assert len(report.weeks) == 12 and report.weeks[-1].week == "2026-W47"
    assert (weeks["2026-W39"], weeks["2026-W40"], weeks["2026-W41"]) == (0, 1, 3)
    assert (weeks["2026-W42"], weeks["2026-W44"], weeks["2026-W47"]) == (4, 5, 5)
    # Bob: Tue to Thu without a check-in; Fay is paused; Dee missed only Thursday.
    assert set(report.needs_a_hand) == {"Bob", HOSTILE}


def test_a_median_needs_the_minimum_of_people_who_reached_routine(folder: Path) -> None:
    report = summarize(*read_folder(folder), TODAY, 6)
    rows = {row.id: row for row in report.habits}
    assert rows[A].people == 7 and rows[A].median_workdays_to_routine is None
    assert rows[B].suppressed and rows[B].people is None
    assert all(w.suppressed for w in summarize(*read_folder(folder), TODAY, 9).weeks)


def test_workdays_without_a_check_in_leave_out_pauses_and_today() -> None:
    person = read_document(
        "x", doc("a", "Ann", [], pauses=[{"from": "2026-11-18", "to": "2026-11-18"}])
    )
    active = team.SharedHabit(
        A, "agent", None, "active", "2026-11-02", None, None, None, "2026-11-13"
    )
    assert team.workdays_without_checkin(person, active, TODAY) == 3  # Mon, Tue, Thu
    assert team.workdays_without_checkin(person, active, dt.date(2026, 11, 16)) == 0


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"format": "other"}, "not a cxhabits share file"),
        ({"person": "../../etc"}, "person"),
        ({"written": "yesterday"}, "written"),
        ({"habits": [{"id": "../x", "role": "agent", "status": "active"}]}, "id"),
        ({"habits": [habit(A, "active", picked="2026-W40")]}, "not a date"),
    ],
)
def test_a_malformed_document_is_left_out_with_why(change: dict[str, Any], why: str) -> None:
    with pytest.raises(NotAShareFile, match=re.escape(why)):
        read_document("x", {**doc("a", "Ann", []), **change})


# -- the command: terminal, --json and --html alike ------------------------------------------


def test_team_json_matches_and_reports_what_it_skipped(folder: Path) -> None:
    result = ok("team", str(folder), "--json", day=TODAY)
    data = json.loads(result.stdout)
    assert set(data) >= {"people", "skipped", "habits", "principles", "weeks", "needs_a_hand"}
    assert data["people"] == 8 and len(data["skipped"]) == 4
    assert result.stderr.count("Skipped") == 4
    rows = {row["id"]: row for row in data["habits"]}
    assert rows[C] == {
        "id": C, "role": "agent", "people": None, "routine": None, "dropped": None,
        "median_workdays_to_routine": None, "suppressed": True,
    }  # fmt: skip
    assert rows[A]["median_workdays_to_routine"] == 28
    assert set(data["needs_a_hand"]) == {"Bob", HOSTILE}


def test_the_terminal_view_suppresses_small_groups_and_shows_names_literally(
    folder: Path,
) -> None:
    out = ok("team", str(folder), day=TODAY).stdout
    assert "8 people share" in out and "2026-11-18 09:00 UTC" in out
    lines = out.splitlines()
    line = lines[next(i for i, line in enumerate(lines) if C in line) - 1]
    assert "fewer than 3" in line and not re.search(r"\d\s*$", line)
    assert "[bold red]Mal[/] <script>alert(1)</script> \\x1b[31m" in out
    assert "\x1b" not in out
    assert "may help" in out


def test_the_html_page_escapes_everything_and_suppresses_alike(
    folder: Path, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    ok("team", str(folder), "--html", str(page), day=TODAY)
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[bold red]Mal[/]" in html
    row = html[html.index(f"<code>{C}</code>") :].split("</tr>")[0]
    assert "fewer than 3" in row and not re.search(r'class="n">\d', row)
    assert html.count("<svg") == 3
    assert not re.search(r"(src|href)=\"?https?:", html)  # nothing leaves the page


def test_min_group_below_three_and_missing_folders_are_refused(
    folder: Path, tmp_path: Path
) -> None:
    assert cx("team", str(folder), "--min-group", "2").exit_code == 2
    assert cx("team", str(tmp_path / "nowhere")).exit_code == 1
    assert cx("team", str(folder), "--html", str(tmp_path / "no" / "page.html")).exit_code == 2


def test_three_people_sharing_into_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "shared"
    where.mkdir()
    for who in ("Ann", "Bob", "Cas"):
        monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / who))
        ok("pick", A, day=dt.date(2026, 11, 16))
        ok("share", str(where), "--name", who, day=dt.date(2026, 11, 16))
        ok("checkin", day=dt.date(2026, 11, 17))
    data = json.loads(ok("team", str(where), "--json", day=TODAY).stdout)
    assert data["people"] == 3 and data["habits"][0]["people"] == 3
    assert data["needs_a_hand"] == ["Ann", "Bob", "Cas"]  # Wed and Thu without a check-in


def test_a_hostile_file_name_is_reported_literally(tmp_path: Path) -> None:
    where = tmp_path / "shared"
    where.mkdir()
    (where / "evil\x1b[2J (1).cxhabits-share.json").write_text("{}", encoding="utf-8")
    result = ok("team", str(where), day=TODAY)
    assert "evil\\x1b[2J (1)" in result.stderr and "\x1b" not in result.stderr
    assert "No share files" in result.stderr


@st.composite
def share_documents(draw: st.DrawFn) -> list[team.ShareDoc]:
    docs = []
    for number in range(draw(st.integers(0, 7))):
        habits = []
        for habit_id in draw(st.lists(st.sampled_from([A, B, C]), unique=True, max_size=3)):
            status = draw(st.sampled_from(["active", "routine", "dropped"]))
            routine_on = "2026-10-20" if status == "routine" else None
            workdays = draw(st.integers(20, 60)) if status == "routine" else None
            habits.append(habit(habit_id, status, routine_on=routine_on, workdays=workdays))
        docs.append(read_document(str(number), doc(f"{number:x}", f"P{number}", habits)))
    return docs


@given(docs=share_documents(), min_group=st.integers(3, 5))
def test_no_figure_ever_stands_for_a_group_under_the_minimum(
    docs: list[team.ShareDoc], min_group: int
) -> None:
    report = summarize(docs, [], TODAY, min_group)
    for row in report.habits:
        on_it = sum(any(h.id == row.id for h in d.habits) for d in docs)
        assert row.suppressed == (on_it < min_group)
        if row.suppressed:
            assert (row.people, row.routine, row.dropped) == (None, None, None)
            assert row.median_workdays_to_routine is None
        elif row.median_workdays_to_routine is not None:
            assert (row.routine or 0) >= min_group
    for principle in report.principles:
        assert principle.suppressed or (principle.people or 0) >= min_group
    for week in report.weeks:
        assert week.suppressed == (week.routine is None)
