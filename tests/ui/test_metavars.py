"""Metavariables in the user's language (issue 23): `--date DATUM`, `--note TEKST`,
`[GEWOONTE_ID]`, `--role ROL` in Dutch help, usage and errors, as the messages say them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from cxhabits import i18n
from cxhabits.cli import main
from cxhabits.cli.surface import METAVARS, metavars
from tests.helpers.cli import cx, ok

ROOT = Path(__file__).resolve().parents[2]
MO = ROOT / "src" / "cxhabits" / "locale" / "nl" / "LC_MESSAGES" / "cxhabits.mo"
# Those that read the same in Dutch.
SAME = frozenset(word for word in METAVARS if word in ("ID", "N", "SCORES"))


def english_words(text: str) -> set[str]:
    return {
        w for w in re.findall(r"(?<![\w-])[A-Z][A-Z_:]*(?![\w-])", text) if w in METAVARS
    } - SAME


def command_names() -> list[str]:
    import typer

    group = typer.main.get_command(main.app)
    names = sorted(getattr(group, "commands", {}))
    assert len(names) > 15, names
    return names


def has(text: str, piece: str) -> bool:
    """`piece` in `text` as a whole (`--role ROL` is not in `--role ROLE`)."""
    return re.search(re.escape(piece) + r"(?![\w])", text) is not None


def test_every_commands_help_names_its_metavariables_in_dutch() -> None:
    ok("config", "language", "nl")
    seen: set[str] = set()
    for name in command_names():
        text = ok(name, "--help").stdout
        heads = "\n".join(
            line.split("  ")[1] if line.startswith("  ") else line
            for line in text.splitlines()
            if line.startswith(("Gebruik", "  -")) or re.match(r"  [A-Z]", line)
        )
        assert not english_words(heads), (name, heads)
        seen |= set(re.findall(r"[A-Z][A-Z_:]{2,}", heads))
    assert {"DATUM", "TEKST", "GEWOONTE_ID", "ROL", "BESTAND", "MAP", "NAAM"} <= seen


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["checkin", "--help"], "--date DATUM", "--date DATE"),
        (["checkin", "--help"], "--note TEKST", "--note TEXT"),
        (["checkin", "--help"], "[GEWOONTE_ID]", "[HABIT_ID]"),
        (["pick", "--help"], "--role ROL", "--role ROLE"),
        (["share", "--help"], "[MAP]", "[FOLDER]"),
        (["remind", "--help"], "--at UU:MM", "--at HH:MM"),
        (["config", "--help"], "[INSTELLING] [WAARDE...]", "[KEY] [VALUE...]"),
    ],
)
def test_the_metavariable_in_each_language(args: list[str], dutch: str, english: str) -> None:
    assert has(ok(*args).stdout, english) and not has(ok(*args).stdout, dutch)
    ok("config", "language", "nl")
    text = ok(*args).stdout
    assert has(text, dutch) and not has(text, english)


def test_a_missing_argument_is_named_in_dutch() -> None:
    ok("config", "language", "nl")
    result = cx("show")
    assert result.exit_code == 2 and "GEWOONTE_ID" in result.stderr
    assert "HABIT_ID" not in result.stderr


def test_only_metavariables_are_translated() -> None:
    i18n.set_language("nl")
    try:
        assert metavars("--date DATE") == "--date DATUM"
        assert metavars("[SCORES]...") == "[SCORES]..."
        assert metavars("--json") == "--json" and metavars("JSON DATES") == "JSON DATES"
        assert metavars("my-DATE") == "my-DATE"  # not a word of its own
    finally:
        i18n.set_language("en")


def test_no_dutch_message_says_an_english_metavariable() -> None:
    with MO.open("rb") as handle:
        catalog = read_mo(handle)
    wrong = []
    for message in catalog:
        text = message.string
        if not message.id or not isinstance(message.id, str) or not isinstance(text, str):
            continue  # plurals: none of them carries a metavariable today
        if message.id not in METAVARS and english_words(text):
            wrong.append((message.id, text))
    assert not wrong, wrong
