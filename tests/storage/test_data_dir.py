"""The data folder found without platformdirs (Linux, macOS) is the one platformdirs finds."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest

from cxhabits.storage import datafolder

HOME_VARIANTS = ("{tmp}/home", "{tmp}/home/", "{tmp}//home")
XDG_VARIANTS = (None, "", "   ", "relative/data", "~/data", "{tmp}/xdg", "{tmp}/xdg/", "/")


def platformdirs_answer(platform: str) -> str:
    """What platformdirs says for `platform` (its class for that platform, fresh)."""
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix

    dirs = MacOS if platform == "darwin" else Unix
    return dirs(appname="cxhabits", appauthor=False).user_data_dir


@pytest.mark.parametrize("platform", ["linux", "darwin"])
@pytest.mark.parametrize("home", HOME_VARIANTS)
@pytest.mark.parametrize("xdg", XDG_VARIANTS)
def test_same_folder_as_platformdirs(
    platform: str, home: str, xdg: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", home.format(tmp=tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg.format(tmp=tmp_path))
    assert datafolder.user_data_dir() == platformdirs_answer(platform)


@pytest.mark.parametrize("home", [None, "", "relative"])
def test_an_unusual_home_asks_platformdirs(
    home: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    try:
        expected: str | None = platformdirs_answer("linux")
    except RuntimeError:  # no home to be found at all: platformdirs refuses, and so do we
        expected = None
    if expected is None:
        with pytest.raises(RuntimeError):
            datafolder.user_data_dir()
    else:
        assert datafolder.user_data_dir() == expected


def test_this_machine_agrees_with_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CXHABITS_HOME")
    assert datafolder.home_dir() == Path(platformdirs.user_data_dir("cxhabits", appauthor=False))


def test_cxhabits_home_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXHABITS_HOME", str(tmp_path / "here"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert datafolder.home_dir() == tmp_path / "here"


def test_android_and_windows_ask_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake(appname: str, appauthor: object) -> str:
        asked.append(appname)
        return os.path.join("C:", "Users", "x", "AppData", "Local", appname)

    monkeypatch.setattr(platformdirs, "user_data_dir", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    assert datafolder.user_data_dir().endswith("cxhabits")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("ANDROID_ROOT", "/system")
    datafolder.user_data_dir()
    assert asked == ["cxhabits", "cxhabits"]
