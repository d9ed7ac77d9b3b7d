"""Plain `status` keeps its line ready (cli/ready.py): the next prompt prints it having
imported nothing of cxhabits but cli.main and cli.ready, and any change to what the line
depends on makes the next status work it out afresh. Real processes: only they show
what a prompt runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cxhabits.cli import ready
from tests.helpers.process import modules, with_imports

HABIT = "agent.read-one-customer-voice"


def cx(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "COLUMNS", "CXHABITS_FULL_PATH")
    }
    environment.update({"CXHABITS_HOME": str(home), "CXHABITS_TODAY": "2026-11-09", **env})
    return with_imports(list(args), environment)


def ours(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The modules of cxhabits the run imported."""
    return {name for name in modules(result) if name.startswith("cxhabits")}


def took_ready_path(result: subprocess.CompletedProcess[str]) -> bool:
    return "cxhabits.cli.ready" in ours(result) and "cxhabits.cli.fast" not in ours(result)


def full(home: Path, **env: str) -> str:
    return cx(home, "status", CXHABITS_FULL_PATH="1", **env).stdout


@pytest.fixture
def home(cx_home: Path) -> Path:
    assert cx(cx_home, "pick", HABIT).returncode == 0
    return cx_home


def test_the_second_status_prints_the_kept_line_and_imports_almost_nothing(home: Path) -> None:
    first = cx(home, "status")
    assert first.returncode == 0 and not took_ready_path(first)
    second = cx(home, "status")
    assert second.returncode == 0 and took_ready_path(second), ours(second)
    assert second.stdout == first.stdout == full(home)
    assert ours(second) <= {"cxhabits", "cxhabits.cli", "cxhabits.cli.main", "cxhabits.cli.ready"}
    assert not any(p.name.startswith("status-line") for p in home.rglob("*"))  # not synced


@pytest.mark.parametrize(
    ("change", "env"),
    [
        ("checkin", {}),  # the state file: a new one
        ("config language nl", {}),  # a setting: the state file too
        ("", {"CXHABITS_TODAY": "2026-11-10"}),  # another day
        ("", {"COLUMNS": "40"}),  # another width (the line fits it)
        ("", {"LANG": "nl_NL.UTF-8"}),  # another locale
        ("copy", {}),  # a sync client's copy beside state.toml
        ("pause --from 2026-11-09 --to 2026-11-09", {}),
    ],
)
def test_a_change_it_depends_on_makes_it_afresh(
    home: Path, change: str, env: dict[str, str]
) -> None:
    cx(home, "status")
    assert took_ready_path(cx(home, "status"))
    if change == "copy":
        shutil.copy(home / "state.toml", home / "state (Sam's conflicted copy 2026-11-09).toml")
    elif change:
        assert cx(home, *change.split()).returncode == 0
    after = cx(home, "status", **env)
    assert after.returncode == 0 and not took_ready_path(after)
    assert after.stdout == full(home, **env)
    again = cx(home, "status", **env)
    assert took_ready_path(again) and again.stdout == after.stdout


@pytest.mark.parametrize(
    "kept", [b"", b"garbage", b"\xff\xfe\n\n\n", b"/nowhere\nkey\ncx: a line\n", b"a\nb\n"]
)
def test_a_kept_file_that_does_not_hold_is_ignored(home: Path, kept: bytes) -> None:
    cx(home, "status")
    Path(ready.cache_path()).write_bytes(kept)
    result = cx(home, "status")
    assert result.returncode == 0 and not took_ready_path(result)
    assert result.stdout == full(home) and "Traceback" not in result.stderr


def test_no_line_is_kept_for_a_missing_state_or_an_output_that_is_not_utf8(cx_home: Path) -> None:
    assert cx(cx_home, "status").returncode == 0  # nothing picked: nothing to keep
    assert not Path(ready.cache_path()).exists()
    cx(cx_home, "pick", HABIT)
    ascii_run = cx(cx_home, "status", PYTHONIOENCODING="ascii")
    assert ascii_run.returncode == 0 and not Path(ready.cache_path()).exists()
    assert not took_ready_path(cx(cx_home, "status", PYTHONIOENCODING="ascii"))
