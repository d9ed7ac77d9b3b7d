"""The installed command: the wheel carries the library, both installs find it, lean imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cxhabits.library import packs

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.name for p in (ROOT / "habits").glob("*.toml"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("cxhabits-*.whl")
    return built


def test_the_wheel_contains_the_habit_library(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert (
        sorted(
            n.split("/")[-1]
            for n in names
            if n.startswith("cxhabits/habits/") and n.endswith(".toml")
        )
        == SHIPPED
    )
    assert "cxhabits/habits/README.md" in names
    assert "cxhabits/locale/nl/LC_MESSAGES/cxhabits.mo" in names
    assert "cxhabits/ui/templates/team.html" in names  # team --html
    assert "cxhabits/cli/main.py" in names and "cxhabits/domain/core.py" in names


def test_the_installed_wheel_finds_its_library(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {"PYTHONPATH": str(site)}
    where = run("-c", "from cxhabits.library import packs; print(packs.shipped_dir())", env=env)
    assert where.stdout.strip() == str(site / "cxhabits" / "habits")
    roles = run("-m", "cxhabits", "roles", "--json", env=env)
    assert roles.returncode == 0, roles.stderr
    assert len(json.loads(roles.stdout)) == len(SHIPPED)
    dutch = run("-m", "cxhabits", "show", "agent.nope", env={**env, "LANG": "nl_NL.UTF-8"})
    assert dutch.returncode == 2 and "bibliotheek" in dutch.stderr


def test_the_editable_install_finds_the_checkout_library() -> None:
    assert packs.shipped_dir().resolve() == (ROOT / "habits").resolve()
    roles = run("-m", "cxhabits", "roles", "--json")
    assert roles.returncode == 0, roles.stderr
    assert {r["id"] for r in json.loads(roles.stdout)} == {n[: -len(".toml")] for n in SHIPPED}


def test_the_console_script_runs(cx_home: Path) -> None:
    script = Path(sys.executable).with_name("cxhabits")
    if not script.exists():
        pytest.skip("the console script is not installed beside this interpreter")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("cxhabits ")
    bad = subprocess.run(
        [str(script), "checkin", "--date", "2026-02-30"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "CXHABITS_HOME": str(cx_home)},
    )
    assert bad.returncode == 2
    assert "not a date" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) <= 2


def imported_modules(*args: str, env: dict[str, str]) -> set[str]:
    result = run("-X", "importtime", "-m", "cxhabits", *args, env=env)
    assert result.returncode in (0, 1), result.stderr
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_the_check_in_path_imports_neither_rich_nor_pydantic(cx_home: Path) -> None:
    env = {"CXHABITS_HOME": str(cx_home), "CXHABITS_TODAY": "2026-11-02"}
    first = json.loads(run("-m", "cxhabits", "library", "--json", env=env).stdout)[0]["id"]
    assert run("-m", "cxhabits", "pick", first, env=env).returncode == 0
    # plain checkin (the fast path), the Typer path of a check-in, and a JSON view
    for args in (("checkin",), ("streak", "--json"), ("checkin", "--note", "kept"), ("checkin",)):
        modules = imported_modules(*args, env=env)
        heavy = {m for m in modules if m.split(".")[0] in ("rich", "pydantic", "platformdirs")}
        assert not heavy, f"{args} imports {sorted(heavy)}"
        assert "cxhabits.ui.cards" not in modules and "cxhabits.domain.settings" not in modules
    assert "json" not in imported_modules("checkin", env=env)
