"""The Dutch interface: every message translated, the catalogue compiled, the language chosen."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo

from cxhabits import i18n
from tests.helpers import shortcuts
from tests.helpers.cli import cx, ok, role_habits

ROOT = Path(__file__).resolve().parents[2]


def messages_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def messages() -> ModuleType:
    return messages_script()


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)[^}]*\}", text))


def test_every_message_has_a_dutch_translation(messages: ModuleType) -> None:
    template = messages.template()
    dutch = messages.read(messages.LOCALE / "nl" / "LC_MESSAGES" / "cxhabits.po")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = dutch.get(message.id)
        strings = translated.string if translated else None
        if (
            not strings
            or (isinstance(strings, tuple) and not all(strings))
            or (translated and translated.fuzzy)
        ):
            missing.append(message.id)
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_translations_keep_their_placeholders(messages: ModuleType) -> None:
    dutch = messages.read(messages.LOCALE / "nl" / "LC_MESSAGES" / "cxhabits.po")
    for message in dutch:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            assert placeholders(string) == wanted, (message.id, string)


def catalogue_entries(catalog: Catalog) -> dict[object, object]:
    """What a catalogue says: each translated, non-fuzzy message id with its strings."""

    def plain(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {
        plain(message.id): plain(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def test_the_compiled_catalogue_matches_its_source(messages: ModuleType) -> None:
    # The entries, not the bytes: Babel's output differs between releases (2.18 and 2.19).
    for po in messages.po_files():
        with po.with_suffix(".mo").open("rb") as file:
            compiled = read_mo(file)
        assert catalogue_entries(compiled) == catalogue_entries(messages.read(po)), (
            f"{po} changed: run 'python scripts/messages.py compile'"
        )


def test_a_stale_compiled_catalogue_is_noticed(messages: ModuleType, tmp_path: Path) -> None:
    po = messages.po_files()[0]
    catalog = messages.read(po)
    message = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    message.string = message.string + " (changed)"
    stale = tmp_path / "stale.mo"
    stale.write_bytes(messages.compiled(catalog))
    with stale.open("rb") as file:
        assert catalogue_entries(read_mo(file)) != catalogue_entries(messages.read(po))


def test_the_same_refusal_in_english_and_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    english = cx("checkin", "--date", "2026-02-30")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    dutch = cx("checkin", "--date", "2026-02-30")
    assert english.exit_code == dutch.exit_code == 2
    assert "is not a date" in english.stderr
    assert "2026-02-30" in dutch.stderr and dutch.stderr != english.stderr
    assert "is geen datum" in dutch.stderr


def test_the_language_setting_wins_over_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    habit = role_habits("agent")[0]
    ok("pick", habit)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    ok("config", "language", "nl")
    result = cx("pick", role_habits("agent")[1])
    assert result.exit_code == 1
    assert "werkdagen" in result.stderr and "workdays" not in result.stderr


def test_a_refusal_of_the_command_line_speaks_the_settings_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Raised before the settings are read (a --role that does not fit the habit): still Dutch.
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    ok("config", "language", "nl")
    habit = role_habits("agent")[0]
    result = cx("pick", habit, "--role", "finance")
    assert result.exit_code == 2
    assert "hoort bij de rol" in result.stderr and "belongs to" not in result.stderr
    date = cx("checkin", "--date", "2026-13-01")
    assert date.exit_code == 2 and "is geen datum" in date.stderr


def test_locale_variables_pick_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(var, "nl_BE.UTF-8")
        assert i18n.from_locale() == "nl"
        monkeypatch.delenv(var)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert i18n.from_locale() == "en"  # no French catalogue: English
    assert set(shortcuts.available()) >= {"en", "nl"}


def test_help_in_dutch_through_the_installed_command(cx_home: Path) -> None:
    env = {**os.environ, "CXHABITS_HOME": str(cx_home), "LANG": "nl_NL.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "cxhabits", "checkin", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    english = "Record that today's tiny behaviour was done"
    assert english not in result.stdout and "Gebruik: cxhabits checkin" in result.stdout
