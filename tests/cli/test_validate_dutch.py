"""`validate` reads no state, yet speaks the language of the settings (not only the locale's)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import cli


def test_validate_speaks_dutch_when_the_settings_say_so(tmp_path: Path) -> None:
    cli.ok("config", "language", "nl")
    pack = tmp_path / "crew.toml"
    pack.write_text('[role]\nid = "crew"\nname = { en = "Crew", nl = "Ploeg" }\n', "utf-8")
    result = cli.cx("validate", str(pack))
    cli.refused(result, 1, "1 probleem gevonden", "0 gewoontes")
    assert "geen [[habits]] in dit bestand" in result.stdout
    assert "no [[habits]]" not in result.stdout and "found" not in result.stderr
    shipped = cli.ok("validate", "habits/agent.toml")
    assert "gewoontes gecontroleerd: geen problemen" in shipped.stderr
