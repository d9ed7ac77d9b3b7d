"""The Windows branches, run on Linux with the platform faked (sys.platform, a fake msvcrt,
os.stat's st_file_attributes): the lock, a replace onto a file held open, no O_NOFOLLOW and
no folder fsync, %LOCALAPPDATA%, paths with spaces and OneDrive's folders, cloud placeholders.
Nothing here ran on Windows itself."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from cxhabits import atomic, platform
from cxhabits.errors import StateError
from cxhabits.i18n import set_language
from cxhabits.storage import datafolder, journal, store
from tests.helpers.cli import cx, ok, refused


class FakeMsvcrt(types.ModuleType):
    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self, held: bool = False) -> None:
        super().__init__("msvcrt")
        self.calls: list[tuple[int, int, int]] = []
        self.held = held

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((fd, mode, nbytes))
        if mode == self.LK_NBLCK and self.held:
            raise PermissionError(13, "Permission denied")


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


def test_the_lock_uses_msvcrt_locking_on_one_byte(on_windows: FakeMsvcrt, tmp_path: Path) -> None:
    with datafolder.locked(tmp_path / "data"):
        pass
    modes = [mode for _fd, mode, nbytes in on_windows.calls if nbytes == 1]
    assert modes == [FakeMsvcrt.LK_NBLCK, FakeMsvcrt.LK_UNLCK]


def test_a_held_windows_lock_waits_then_says_so(on_windows: FakeMsvcrt, tmp_path: Path) -> None:
    on_windows.held = True
    with (
        pytest.raises(StateError, match="Another cxhabits is still working"),
        datafolder.locked(tmp_path / "data", wait=0.1),
    ):
        pass
    assert len(on_windows.calls) >= 2  # it tried again before giving up


def replace_failing(times: int, calls: list[int]) -> Any:
    real = os.replace

    def fake(source: Any, target: Any) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise PermissionError(13, "Access is denied", str(target))
        real(source, target)

    return fake


@pytest.mark.parametrize("busy", [1, 5, 9])
def test_a_replace_onto_a_held_file_is_retried(
    on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, busy: int
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(os, "replace", replace_failing(busy, calls))
    monkeypatch.setattr(platform, "REPLACE_PAUSE", 0.001)
    source, target = tmp_path / "new", tmp_path / "state.toml"
    source.write_text("new")
    target.write_text("old")
    platform.replace(source, target)
    assert target.read_text() == "new" and len(calls) == busy + 1


def test_a_file_held_open_for_good_is_a_clear_message_and_nothing_changes(
    on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch, cx_home: Path
) -> None:
    ok("pick", "agent.breath-after-hard-call")
    before = (cx_home / "state.toml").read_bytes()
    calls: list[int] = []
    monkeypatch.setattr(os, "replace", replace_failing(10_000, calls))
    monkeypatch.setattr(platform, "REPLACE_PAUSE", 0.001)
    for language, words in (("en", "another program has it open"), ("nl", "ander programma")):
        set_language(language)
        with pytest.raises(StateError) as caught:
            store.save(cx_home, store.load(cx_home))
        message = str(caught.value)
        assert words in message and str(cx_home / "state.toml") in message
        assert len(message.splitlines()) == 2
    assert len(calls) == 2 * platform.REPLACE_TRIES  # bounded: ten tries each
    assert (cx_home / "state.toml").read_bytes() == before
    assert not [p for p in cx_home.iterdir() if journal.is_temp_name(p.name)]


def test_a_permission_error_on_linux_is_not_retried(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(os, "replace", replace_failing(1, calls))
    with pytest.raises(PermissionError) as caught:
        platform.replace(tmp_path / "a", tmp_path / "b")
    assert not isinstance(caught.value, platform.FileInUse) and len(calls) == 1


def test_windows_opens_without_o_nofollow_and_fsyncs_no_folder(
    on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert platform.nofollow_flag() == 0
    opened: list[int] = []
    real_open = os.open

    def watching_open(path: Any, flags: int, *args: Any) -> int:
        opened.append(flags)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", watching_open)
    temp = atomic.write_temp(tmp_path / "state.toml", b"x")
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    assert opened and all(not flags & nofollow for flags in opened)
    opened.clear()
    platform.fsync_folder(tmp_path)  # would os.open the folder on POSIX
    assert opened == [] and temp.read_bytes() == b"x"


def test_posix_keeps_o_nofollow_and_the_folder_fsync(tmp_path: Path) -> None:
    assert platform.nofollow_flag() == os.O_NOFOLLOW
    platform.fsync_folder(tmp_path)  # opens and syncs without error


@pytest.mark.parametrize(
    "local",
    [r"C:\Users\an\AppData\Local", r"C:\Users\An Peeters\AppData\Local", r"D:\Profiles\jo"],
)
def test_the_windows_data_folder_is_localappdata(
    on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch, local: str
) -> None:
    """On Windows the data folder is platformdirs' (asked, never guessed): %LOCALAPPDATA%."""
    import platformdirs.windows

    monkeypatch.setenv("LOCALAPPDATA", local)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda name: local)
    found = platformdirs.windows.Windows("cxhabits", appauthor=False).user_data_dir
    assert found.replace("/", "\\") == local + "\\cxhabits"  # (os.path.join is POSIX here)
    asked: list[str] = []

    def user_data_dir(name: str, appauthor: bool) -> str:
        asked.append(name)
        return found

    monkeypatch.setattr("platformdirs.user_data_dir", user_data_dir)
    monkeypatch.delenv("CXHABITS_HOME")
    assert datafolder.user_data_dir() == found and asked == ["cxhabits"]


@pytest.mark.parametrize(
    "parts",
    [
        ("OneDrive - Contoso Ltd", "cxhabits"),
        ("OneDrive - Stad Gent", "Mijn gewoontes"),
        ("My Documents", "cx habits (work)"),
        ("Bureaublad", "é ü ø"),
    ],
)
def test_paths_with_spaces_and_onedrive_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, parts: tuple[str, ...]
) -> None:
    home = tmp_path.joinpath(*parts)
    monkeypatch.setenv("CXHABITS_HOME", str(home))
    ok("pick", "agent.breath-after-hard-call")
    ok("checkin", "--date", "2026-11-02")
    ok("checkin")
    assert "2026-11-02" in (home / "state.toml").read_text(encoding="utf-8")
    assert (home / "state.toml.bak").is_file()
    assert cx("path").stdout.strip() == str(home / "state.toml")


@pytest.mark.parametrize(
    "attributes",
    [
        platform.FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS,
        platform.FILE_ATTRIBUTE_RECALL_ON_OPEN,
        platform.FILE_ATTRIBUTE_OFFLINE,
        platform.FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS | 0x20,  # with ARCHIVE
    ],
)
def test_a_onedrive_placeholder_is_said_plainly_never_a_fresh_start(
    on_windows: FakeMsvcrt, monkeypatch: pytest.MonkeyPatch, cx_home: Path, attributes: int
) -> None:
    ok("pick", "agent.breath-after-hard-call")
    before = (cx_home / "state.toml").read_bytes()
    real_stat = os.stat

    def cloud_stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        info = real_stat(path, *args, **kwargs)
        if str(path).endswith("state.toml"):
            return types.SimpleNamespace(
                **{k: getattr(info, k) for k in dir(info) if k.startswith("st_")},
                st_file_attributes=attributes,
            )
        return info

    monkeypatch.setattr(os, "stat", cloud_stat)
    for command in (("status",), ("checkin",), ("streak",), ("checkin", "--note", "x")):
        refused(cx(*command), 1, "in the cloud but not on this computer yet", "state.toml")
    set_language("nl")
    refused(cx("streak"), 1, "in de cloud", "nog niet op deze computer")
    monkeypatch.setattr(os, "stat", real_stat)
    assert (cx_home / "state.toml").read_bytes() == before


def test_a_plain_windows_file_is_no_placeholder(on_windows: FakeMsvcrt, tmp_path: Path) -> None:
    path = tmp_path / "state.toml"
    path.write_text("schema = 2\n")
    assert not platform.placeholder(path)  # no st_file_attributes on Linux: 0
    assert not platform.placeholder(tmp_path / "missing.toml")


@pytest.mark.parametrize("with_backup", [False, True])
def test_an_icloud_placeholder_is_said_plainly(
    monkeypatch: pytest.MonkeyPatch, cx_home: Path, with_backup: bool
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    cx_home.mkdir()
    (cx_home / ".state.toml.icloud").write_bytes(b"bplist00")
    if with_backup:
        (cx_home / ".state.toml.bak.icloud").write_bytes(b"bplist00")
    for command in (("status",), ("checkin",), ("pick", "agent.breath-after-hard-call")):
        refused(cx(*command), 1, "in the cloud but not on this computer yet")
    assert not (cx_home / "state.toml").exists()  # nothing started afresh over it
