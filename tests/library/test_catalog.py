"""The habit library and user packs: the validator's rules, loading, and safe display."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxhabits.library import catalog
from cxhabits.library.packs import PRINCIPLES, SHIPPED_ROLES, read_pack
from tests.helpers.cli import cx, data, ok
from tests.helpers.shortcuts import validate_path

ROOT = Path(__file__).resolve().parents[2]

GOOD = {
    "title": '{ en = "Say we", nl = "Zeg wij" }',
    "anchor": '{ en = "After I open a reminder draft", nl = "Als ik een herinnering open" }',
    "behaviour": (
        "{ en = \"I will replace one 'the department' with 'we'\", "
        "nl = \"vervang ik één keer 'de afdeling' door 'wij'\" }"
    ),
    "celebration": '{ en = "Then I nod: one company.", nl = "Dan knik ik: één bedrijf." }',
    "starter": '{ en = "Just find one.", nl = "Zoek er alleen één." }',
    "why": '{ en = "To the customer it is one company.", nl = "Voor de klant: één bedrijf." }',
}


def habit(habit_id: str, order: int = 1, principle: str = "one-company", **fields: str) -> str:
    lines = [
        "[[habits]]",
        f'id = "{habit_id}"',
        f"order = {order}",
        f'principle = "{principle}"',
    ]
    for name, value in {**GOOD, **fields}.items():
        if value:
            lines.append(f"{name} = {value}")
    return "\n".join(lines) + "\n\n"


ROLE = '[role]\nid = "claims"\nname = { en = "Claims handler", nl = "Schadebehandelaar" }\n\n'


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the shipped library -----------------------------------------------------------


def test_the_shipped_library_is_clean() -> None:
    passed, problems = validate_path(ROOT / "habits")
    assert problems == []
    assert passed >= 54


def test_the_shipped_library_covers_every_role_and_principle() -> None:
    library = catalog.load_library(None)
    assert list(library.roles) == list(SHIPPED_ROLES)
    for role in SHIPPED_ROLES:
        habits = library.role_habits(role)
        assert len(habits) >= 6, role
        assert [h.order for h in habits] == sorted({h.order for h in habits}), role
        behaviours = [h.text("behaviour", "en").lower() for h in habits]
        assert len(set(behaviours)) == len(behaviours), role
    assert {h.principle for h in library.habits.values()} == set(PRINCIPLES)


def test_validate_command_on_the_shipped_library() -> None:
    result = ok("validate", str(ROOT / "habits"))
    assert "no problems" in result.stderr and result.stdout == ""


# -- each rule on a pack that breaks it ---------------------------------------------

RULES = [
    ("syntax", ROLE + "[[habits]]\nid = \n", "", "", "not valid TOML: Invalid value (at line 6"),
    ("missing field", ROLE + habit("claims.say-we", why=""), "claims.say-we", "why", "missing"),
    (
        "empty Dutch",
        ROLE + habit("claims.say-we", title='{ en = "Say we", nl = " " }'),
        "claims.say-we",
        "title.nl",
        "empty",
    ),
    (
        "missing Dutch",
        ROLE + habit("claims.say-we", starter='{ en = "Just one." }'),
        "claims.say-we",
        "starter.nl",
        "missing",
    ),
    ("unknown role", habit("astronaut.say-we"), "astronaut.say-we", "id", "unknown role"),
    (
        "unknown principle",
        ROLE + habit("claims.say-we", principle="be-nice"),
        "claims.say-we",
        "principle",
        "unknown principle",
    ),
    ("id format", ROLE + habit("Claims.Say We"), "Claims.Say We", "id", "role.slug"),
    (
        "duplicate in pack",
        ROLE + habit("claims.say-we") + habit("claims.say-we", order=2),
        "claims.say-we",
        "id",
        "twice",
    ),
    (
        "duplicate of shipped",
        habit("agent.breath-after-hard-call"),
        "agent.breath-after-hard-call",
        "id",
        "already used",
    ),
    (
        "too long to be tiny",
        ROLE + habit("claims.say-we", behaviour='{ en = "I will ' + "x" * 170 + '", nl = "ja" }'),
        "claims.say-we",
        "behaviour.en",
        "tinier",
    ),
    (
        "control characters",
        ROLE + habit("claims.say-we", title='{ en = "Say \\u001b[31mwe", nl = "Zeg wij" }'),
        "claims.say-we",
        "title.en",
        "control character",
    ),
    ("order", ROLE + habit("claims.say-we", order=0), "claims.say-we", "order", "whole number"),
]


@pytest.mark.parametrize(
    ("text", "habit_id", "field", "message"),
    [r[1:] for r in RULES],
    ids=[r[0] for r in RULES],
)
def test_each_rule(tmp_path: Path, text: str, habit_id: str, field: str, message: str) -> None:
    path = write(tmp_path, "pack.toml", text)
    _, problems = validate_path(path)
    assert any(
        p.file == path and p.habit == habit_id and p.field == field and message in p.message
        for p in problems
    ), problems


def test_a_pack_breaking_several_rules_reports_them_all(tmp_path: Path) -> None:
    text = (
        ROLE
        + habit("claims.one", principle="be-nice")
        + habit("claims.two", why="", title='{ en = "T", nl = "" }')
        + habit("Bad Id")
        + habit("claims.four")
    )
    path = write(tmp_path, "pack.toml", text)
    passed, problems = validate_path(path)
    assert passed == 1
    assert {(p.habit, p.field) for p in problems} == {
        ("claims.one", "principle"),
        ("claims.two", "why"),
        ("claims.two", "title.nl"),
        ("Bad Id", "id"),
    }
    result = cx("validate", str(path))
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 4
    assert "4 problems found (1 habit passed)" in result.stderr


def test_validate_a_folder_and_a_missing_path(tmp_path: Path) -> None:
    write(tmp_path / "packs", "a.toml", ROLE + habit("claims.one"))
    write(tmp_path / "packs", "b.toml", habit("claims.two", order=2))  # adds to a's role
    result = ok("validate", str(tmp_path / "packs"))
    assert "2 habits checked" in result.stderr
    missing = cx("validate", str(tmp_path / "nope"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


# -- user packs beside the state ------------------------------------------------------


def test_a_user_pack_adds_a_habit_to_a_shipped_role(cx_home: Path) -> None:
    write(cx_home / "habits", "acme.toml", habit("agent.acme-claim-number", order=99))
    ids = [h["id"] for h in data("library", "--role", "agent")]
    assert ids[-1] == "agent.acme-claim-number"
    ok("pick", "agent.acme-claim-number")
    assert "Then I nod: one company." in ok("checkin").stdout


def test_a_user_pack_with_a_new_role(cx_home: Path) -> None:
    write(cx_home / "habits", "claims.toml", ROLE + habit("claims.say-we"))
    roles = data("roles")
    assert roles[-1] == {"id": "claims", "name": "Claims handler", "habits": 1}
    assert data("show", "claims.say-we")["title"]["nl"] == "Zeg wij"


def test_a_broken_user_pack_is_reported_once_and_skipped(cx_home: Path) -> None:
    write(cx_home / "habits", "broken.toml", ROLE + habit("claims.say-we", principle="be-nice"))
    write(cx_home / "habits", "worse.toml", "this is not toml")
    result = ok("library", "--json")
    assert len(json.loads(result.stdout)) >= 54
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any(
        "broken.toml" in line and "claims.say-we" in line and "principle" in line for line in lines
    )
    assert any("worse.toml" in line and "not valid TOML" in line for line in lines)
    assert ok("roles").exit_code == 0
    again = ok("library", "--json")  # the next command in this process says them again
    assert again.stderr.strip().splitlines() == lines


def test_pack_text_is_shown_literally(cx_home: Path) -> None:
    write(
        cx_home / "habits",
        "markup.toml",
        ROLE
        + habit(
            "claims.markup",
            title='{ en = "[bold red]Loud[/] [link=x]click[/link]", nl = "[b]Hard[/b]" }',
        ),
    )
    shown = ok("show", "claims.markup").stdout
    assert "[bold red]Loud[/] [link=x]click[/link]" in shown
    library = ok("library", "--role", "claims").stdout
    assert "[bold red]Loud[/]" in library
    ok("pick", "claims.markup")
    assert "[bold red]Loud[/]" in ok("streak").stdout


def test_an_escape_sequence_in_a_pack_never_reaches_the_terminal(cx_home: Path) -> None:
    write(
        cx_home / "habits",
        "escape.toml",
        ROLE + habit("claims.escape", title='{ en = "Clear\\u001b[2J screen", nl = "x" }'),
    )
    result = cx("library", "--role", "claims")
    assert "\x1b[2J" not in result.stdout + result.stderr
    assert "control character" in result.stderr
    assert cx("show", "claims.escape").exit_code == 2


def test_read_pack_only_checks_the_habits_asked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "pack.toml", ROLE + habit("claims.one") + habit("claims.two", why=""))
    assert [h.id for h in read_pack(path, only={"claims.one"}).habits] == ["claims.one"]
    assert read_pack(path, only={"claims.one"}).problems == []
