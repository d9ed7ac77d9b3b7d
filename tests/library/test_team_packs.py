"""Team packs from shared folders, and packs written in one language (issue 15)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from cxhabits.library import catalog, packs
from cxhabits.library.catalog import load_library
from cxhabits.library.packs import LANGUAGES
from tests.helpers.cli import cx, data, ok
from tests.helpers.shortcuts import validate_path
from tests.library.test_catalog import ROLE, habit, write

ENGLISH_ONLY: dict[str, Any] = {
    "title": '{ en = "Say we" }',
    "anchor": '{ en = "After I open a reminder draft" }',
    "behaviour": "{ en = \"I will replace one 'the department' with 'we'\" }",
    "celebration": '{ en = "Then I nod: one company." }',
    "starter": '{ en = "Just find one." }',
    "why": '{ en = "To the customer it is one company." }',
}


def team_folder(tmp_path: Path) -> Path:
    """A shared folder with a good pack, a broken one, two that clash and a placeholder."""
    folder = tmp_path / "team"
    write(folder, "claims.toml", ROLE + habit("claims.say-we") + habit("claims.call-back", order=2))
    write(folder, "broken.toml", ROLE.replace("claims", "billing") + habit("billing.x-y", why=""))
    write(folder, "one.toml", habit("agent.acme-dup"))
    write(folder, "two.toml", habit("agent.acme-dup", order=2))
    (folder / "placeholder.toml").write_bytes(b"\xff\xfe not text yet")  # a sync stub
    (folder / "notes.txt").write_text("not a pack")
    return folder


def test_a_team_folder_adds_its_good_habits_and_reports_each_problem_once(
    tmp_path: Path,
) -> None:
    folder = team_folder(tmp_path)
    ok("config", "packs", str(folder))
    result = ok("library", "--json")
    ids = [h["id"] for h in data("library", "--json")]
    assert {"claims.say-we", "claims.call-back", "agent.acme-dup"} <= set(ids)
    assert ids.count("agent.acme-dup") == 1 and not any(i.startswith("billing.") for i in ids)
    lines = result.stderr.splitlines()
    assert len(lines) == len(set(lines)) == 3, lines
    clash = next(line for line in lines if "agent.acme-dup" in line)
    assert "one.toml" in clash and "two.toml" in clash  # both files named
    assert any("broken.toml" in line and "why" in line for line in lines)
    assert any("placeholder.toml" in line and "cannot be read" in line for line in lines)
    assert ok("show", "claims.say-we").exit_code == 0
    assert ok("pick", "claims.say-we").exit_code == 0
    assert "claims" in {r["id"] for r in data("roles", "--json")}


def test_a_missing_team_folder_is_reported_once_and_the_tool_goes_on(tmp_path: Path) -> None:
    gone = tmp_path / "offline"
    ok("config", "packs", f"{gone},{team_folder(tmp_path)}")
    result = ok("library")
    said = [line for line in result.stderr.splitlines() if "offline" in line]
    assert len(said) == 1 and "cannot be read" in said[0]
    assert "claims.say-we" in result.stdout


def test_team_packs_are_read_only_and_the_shipped_ids_win(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    path = write(folder, "steal.toml", habit("agent.breath-after-hard-call"))
    before = path.read_bytes()
    ok("config", "packs", str(folder))
    result = ok("show", "agent.breath-after-hard-call", "--json")
    assert "reminder draft" not in result.stdout  # the shipped one
    assert "already used" in ok("library").stderr
    assert path.read_bytes() == before and sorted(folder.iterdir()) == [path]


def test_relative_folders_are_stored_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    shown = ok("config", "packs", "team, ./elsewhere").stdout
    assert f"packs = {tmp_path / 'team'} {tmp_path / 'elsewhere'}" in shown  # each one whole
    monkeypatch.chdir("/")
    assert "claims.say-we" in ok("library").stdout


def test_the_packs_setting_explains_itself() -> None:
    shown = ok("config", "packs").stdout
    assert "shared folders" in shown and "read only" in shown and "absolute" in shown


def test_status_never_reads_team_packs_or_says_their_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = team_folder(tmp_path)
    ok("config", "packs", str(folder))
    ok("pick", "claims.say-we")
    real = catalog.folder_files

    def watched(folders: Iterable[Path], problems: list[packs.Problem] | None = None) -> Any:
        folders = list(folders)
        assert folder not in folders, "status read a team folder"
        return real(folders, problems)

    monkeypatch.setattr(catalog, "folder_files", watched)
    result = ok("status")
    assert result.stderr == "" and result.stdout.startswith("cx: ")


# -- one language ---------------------------------------------------------------------


def test_a_one_language_habit_is_shown_whole_in_its_language(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    role = '[role]\nid = "claims"\nname = { en = "Claims handler" }\n\n'
    write(folder, "english.toml", role + habit("claims.say-we", **ENGLISH_ONLY))
    ok("config", "packs", str(folder))
    ok("config", "language", "nl")
    listed = data("library", "--role", "claims", "--json")
    assert listed[0]["title"] == "Say we"
    card = data("show", "claims.say-we", "--json")
    assert card["title"] == {"en": "Say we", "nl": None}
    assert card["recipe"]["nl"] is None and card["recipe"]["en"].startswith("After I open")
    shown = ok("show", "claims.say-we").stdout
    assert "After I open a reminder draft" in shown and "Just find one." in shown
    assert data("roles", "--json")[-1]["name"] == "Claims handler"


def test_validate_notes_a_one_language_habit_and_passes(tmp_path: Path) -> None:
    path = write(tmp_path, "pack.toml", ROLE + habit("claims.say-we", **ENGLISH_ONLY))
    result = ok("validate", str(path))
    assert "note:" in result.stderr and "English only" in result.stderr
    assert "claims.say-we" in result.stderr


def test_a_habit_mixed_field_by_field_is_a_problem(tmp_path: Path) -> None:
    mixed = {**ENGLISH_ONLY, "why": '{ nl = "Voor de klant: één bedrijf." }'}
    path = write(tmp_path, "pack.toml", ROLE + habit("claims.say-we", **mixed))
    result = cx("validate", str(path))
    assert result.exit_code == 1
    assert "why.en: missing" in result.stdout and "title.nl: missing" in result.stdout


def test_the_shipped_library_is_complete_in_both_languages() -> None:
    library = load_library(None)
    for found in library.habits.values():
        assert found.languages() == LANGUAGES, found.id
    for role in library.roles.values():
        assert set(role.name) == set(LANGUAGES), role.id
    assert validate_path(packs.shipped_dir())[1] == []


def test_from_an_empty_folder_to_a_team_pack_everyone_sees(tmp_path: Path) -> None:
    """The lead writes the pack into the shared folder; a member adds the folder."""
    team = tmp_path / "shared"
    team.mkdir()
    pack = team / "claims.toml"
    for title in ("Say the claim number back", "Name the next step"):
        ok("new", "--pack", str(pack), "--lang", "en", "--role", "claims", "--role-name",
           "Claims handler", "--principle", "their-side", "--title", title,
           "--anchor", "After I pick up a claim call", "--behaviour", "I will say one thing",
           "--celebration", "Then I nod.", "--starter", "Just breathe.",
           "--why", "The customer hears we listened.")  # fmt: skip
    assert ok("validate", str(team)).exit_code == 0
    ok("config", "packs", str(team))
    listed = [h["id"] for h in data("library", "--role", "claims", "--json")]
    assert listed == ["claims.say-the-claim-number-back", "claims.name-the-next-step"]
    assert ok("pick", listed[0]).exit_code == 0


def test_a_team_habit_is_named_by_its_title_after_it_is_picked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "team"
    write(folder, "claims.toml", ROLE + habit("claims.say-we"))
    ok("config", "packs", str(folder))
    monkeypatch.setenv("CXHABITS_TODAY", "2026-11-23")
    ok("pick", "claims.say-we")
    title = next(h["title"] for h in data("library", "--json") if h["id"] == "claims.say-we")
    assert title != "claims.say-we"
    for args in (["checkin"], ["streak"], ["history"], ["history", "claims.say-we"]):
        assert title in ok(*args).stdout, args
