"""The team's mandate on the card of a habit that relies on it (issue 24): the pack's
[mandate] as written (literally), the user's own over a team folder's, and without one
what to do first; in English and in Dutch, wide and narrow."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import cx, ok

RELIES = "agent.offer-what-i-can"  # uses_mandate = true
PLAIN = "agent.breath-after-hard-call"


def mandate_file(folder: Path, en: str, nl: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mandate.toml").write_text(f'[mandate]\nen = "{en}"\nnl = "{nl}"\n', "utf-8")


def flat(text: str) -> str:
    """The card's text with its frame and wrapping taken out."""
    lines = [line.strip("│╭╮╰╯─ ") for line in text.splitlines()]
    return " ".join(" ".join(line.split()) for line in lines if line)


@pytest.mark.parametrize("columns", ["80", "40"])
def test_without_a_mandate_the_card_says_to_agree_one_first(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    text = flat(ok("show", RELIES).stdout)
    assert "Mandate:" in text
    assert "check with your lead before you decide anything for a customer" in text
    ok("config", "language", "nl")
    text = flat(ok("show", RELIES).stdout)
    assert "Mandaat:" in text and "Mandate" not in text
    assert "Overleg eerst met je teamleider voor je iets voor een klant beslist" in text


def test_a_habit_that_does_not_rely_on_one_has_no_mandate_line(cx_home: Path) -> None:
    mandate_file(cx_home / "habits", "Up to 50 euros", "Tot 50 euro")
    assert "Mandate" not in ok("show", PLAIN).stdout


def test_the_teams_mandate_is_shown_as_written(cx_home: Path) -> None:
    mandate_file(cx_home / "habits", "Up to 50 euros a customer [bold]x[/bold]", "Tot 50 euro")
    text = flat(ok("show", RELIES).stdout)
    assert "Mandate: Up to 50 euros a customer [bold]x[/bold]" in text
    assert "check with your lead" not in text
    ok("config", "language", "nl")
    assert "Mandaat: Tot 50 euro" in flat(ok("show", RELIES).stdout)


def test_the_users_own_mandate_wins_over_a_team_folders(cx_home: Path, tmp_path: Path) -> None:
    team = tmp_path / "team-packs"
    mandate_file(team, "Up to 20 euros", "Tot 20 euro")
    ok("config", "packs", str(team))
    assert "Mandate: Up to 20 euros" in flat(ok("show", RELIES).stdout)
    mandate_file(cx_home / "habits", "Up to 50 euros", "Tot 50 euro")
    assert "Mandate: Up to 50 euros" in flat(ok("show", RELIES).stdout)


def test_a_file_with_only_the_mandate_validates(tmp_path: Path) -> None:
    mandate_file(tmp_path, "Up to 50 euros", "Tot 50 euro")
    result = ok("validate", str(tmp_path / "mandate.toml"))
    assert "no problems" in result.stdout + result.stderr
    (tmp_path / "empty.toml").write_text("# nothing here\n", "utf-8")
    refused = cx("validate", str(tmp_path / "empty.toml"))
    assert refused.exit_code != 0 and "no [[habits]]" in refused.stdout + refused.stderr
