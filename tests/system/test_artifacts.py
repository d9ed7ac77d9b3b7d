"""What a lead hands round, as someone without the checkout gets it: scripts/build.py builds
the wheel, the sdist and the zipapp once; each is installed or run in a fresh place (a new
venv, uv's tool folder, pipx's, a bare interpreter) from another folder, with no checkout on
sys.path, and does the loop, Dutch, the team page and its version.

Marked `artifacts` (a minute or two, and `uv`/`pipx` reach PyPI for the dependencies):
`CXHABITS_ARTIFACTS=1 .venv/bin/pytest -m artifacts tests/system/test_artifacts.py`;
.ci/run runs them.
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import cxhabits

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.artifacts
CONSTRAINTS = str(ROOT / "constraints.txt")
PIP_ARGS = f"--pip-args=--constraint={CONSTRAINTS}"

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build.py"), "--outdir", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("cxhabits-*-py3-none-any.whl")
    return wheel


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """No checkout on the path, no venv of ours, a data folder and shiv's cache in `tmp`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "LANG", "LC_ALL", "LC_MESSAGES")
    }
    env.update(
        CXHABITS_HOME=str(tmp / "data"),
        CXHABITS_TODAY="2026-11-02",
        SHIV_ROOT=str(tmp / "shiv"),
        PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p),
    )
    env.update(extra)
    return env


def runner(command: Sequence[str], tmp: Path) -> Runner:
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir(exist_ok=True)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args],
            cwd=elsewhere,
            env=clean_env(tmp),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def the_loop_works(run: Runner, tmp: Path) -> None:
    version = run("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"cxhabits {cxhabits.__version__}"
    for args in (("pick", "agent.breath-after-hard-call"), ("checkin",), ("streak",)):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert "Streak 1" in run("streak").stdout
    assert run("status").returncode == 0
    assert run("config", "language", "nl").returncode == 0
    dutch = run("streak")
    assert dutch.returncode == 0 and "Reeks 1" in dutch.stdout and "vandaag gedaan" in dutch.stdout
    shares = tmp / "elsewhere" / "shares"
    shares.mkdir()
    page = tmp / "elsewhere" / "page.html"
    team = run("team", str(shares), "--html", str(page))
    assert team.returncode == 0, team.stderr
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>") and "</html>" in html


def test_the_wheel_in_a_fresh_venv(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "-c", CONSTRAINTS, str(wheel_of(dist))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert pip.returncode == 0, pip.stderr
    the_loop_works(runner([str(venv / "bin" / "cxhabits")], tmp_path), tmp_path)


def test_the_zipapp_from_another_folder(dist: Path, tmp_path: Path) -> None:
    pyz = dist / "cxhabits.pyz"
    names = zipfile.ZipFile(pyz).namelist()
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib"))]  # any Python 3.11+
    the_loop_works(runner([sys.executable, str(pyz)], tmp_path), tmp_path)
    assert (tmp_path / "shiv").is_dir()  # the unpacking cache goes where SHIV_ROOT says


@pytest.mark.parametrize("minor", ["3.12", "3.13"])
def test_the_zipapp_on_newer_pythons(dist: Path, tmp_path: Path, minor: str) -> None:
    found = sorted(glob.glob(f"/root/.pyenv/versions/{minor}.*/bin/python3"))
    if not found:
        pytest.skip(f"no Python {minor} on this machine")
    the_loop_works(runner([found[-1], str(dist / "cxhabits.pyz")], tmp_path), tmp_path)


def test_uv_tool_install_of_the_wheel(dist: Path, tmp_path: Path) -> None:
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists():
        pytest.fail("uv is in the test extra: reinstall with -c constraints.txt -e '.[test]'")
    bin_dir = tmp_path / "uv-bin"
    env = clean_env(
        tmp_path,
        UV_TOOL_DIR=str(tmp_path / "uv-tools"),
        UV_TOOL_BIN_DIR=str(bin_dir),
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        UV_PYTHON_DOWNLOADS="never",
    )
    installed = subprocess.run(
        [
            str(uv),
            "tool",
            "install",
            "--python",
            sys.executable,
            str(wheel_of(dist)),
            "-c",
            CONSTRAINTS,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    the_loop_works(runner([str(bin_dir / "cxhabits")], tmp_path), tmp_path)


def test_pipx_install_of_the_wheel(dist: Path, tmp_path: Path) -> None:
    pipx = Path(sys.executable).with_name("pipx")
    if not pipx.exists():
        pytest.fail("pipx is in the test extra: reinstall with -c constraints.txt -e '.[test]'")
    bin_dir = tmp_path / "pipx-bin"
    env = clean_env(
        tmp_path,
        PIPX_HOME=str(tmp_path / "pipx-home"),
        PIPX_BIN_DIR=str(bin_dir),
        PIPX_MAN_DIR=str(tmp_path / "pipx-man"),
    )
    installed = subprocess.run(
        [str(pipx), "install", "--python", sys.executable, str(wheel_of(dist)), PIP_ARGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    the_loop_works(runner([str(bin_dir / "cxhabits")], tmp_path), tmp_path)


def test_the_version_and_the_wheel_agree(dist: Path) -> None:
    wheel = wheel_of(dist)
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode("utf-8")
    fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    assert fields["Version"] == cxhabits.__version__ == "0.2.0"
    assert wheel.name == f"cxhabits-{cxhabits.__version__}-py3-none-any.whl"
    assert "Project-URL" not in fields  # no public address yet
    assert (dist / f"cxhabits-{cxhabits.__version__}.tar.gz").is_file()
