"""`pick HABIT_ID` finds the habit through the pack index, as `show` does: no team pack
is read but the one that holds it (PRODUCT.md, Speed: 100 team packs cost 1.3x none)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli

TEXTS = ("title", "anchor", "behaviour", "celebration", "starter", "why")


def _pack(folder: Path, role: str) -> None:
    fields = "".join(f'{k} = {{ en = "{k} of {role}", nl = "{k} van {role}" }}\n' for k in TEXTS)
    (folder / f"{role}.toml").write_text(
        f'[role]\nid = "{role}"\nname = {{ en = "Role {role}", nl = "Rol {role}" }}\n\n'
        f'[[habits]]\nid = "{role}.first-habit"\norder = 1\nprinciple = "their-side"\n{fields}',
        encoding="utf-8",
    )


def test_a_team_habit_is_picked_without_reading_the_other_packs(tmp_path: Path) -> None:
    team = tmp_path / "team-packs"
    team.mkdir()
    for role in ("crew", "desk"):
        _pack(team, role)
    cli.ok("config", "packs", str(team))
    cli.ok("library")  # the index knows both packs
    (team / "desk.toml").write_text("[role\nbroken", encoding="utf-8")  # broken since
    picked = cli.ok("pick", "crew.first-habit")
    assert "title of crew" in picked.stdout
    assert "desk.toml" not in picked.stderr  # never read
    assert "desk.toml" in cli.ok("library").stderr  # the whole library still says so


def test_an_unknown_or_retired_habit_is_still_refused_with_suggestions() -> None:
    refused = cli.cx("pick", "agent.warm-handovr")
    cli.refused(refused, 2, "agent.warm-handover")
