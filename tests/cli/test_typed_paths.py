"""Files cxhabits does not own (issue 22): a path the user typed never replaces a file of
a data folder, a share file, a device, a pipe or a folder, and nothing is read from a
pipe or a device or without a bound. Each shape: the exit code, the message, and every
file (the data folder, the team folder, the file named) byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from cxhabits import i18n, paths
from tests.helpers.cli import MONDAY, cx, ok, refused
from tests.helpers.faults import CACHES

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="FIFOs and device nodes")
HABIT = "agent.read-one-customer-voice"
NEW = ("--lang", "en", "--role", "agent", "--principle", "story", "--title", "Ask twice",
       "--anchor", "After I open a case", "--behaviour", "I will ask one more question",
       "--celebration", "I smile.", "--starter", "Ask once.", "--why", "It shows care")  # fmt: skip


def everything(*folders: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under `folders`, byte for byte (a link as its target, a node as its kind),
    but the caches (made anew from the packs)."""
    seen: dict[str, tuple[int, bytes | str]] = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.name in CACHES:
                continue
            info = p.lstat()
            if stat.S_ISLNK(info.st_mode):
                seen[str(p)] = (info.st_mode, os.readlink(p))
            elif stat.S_ISREG(info.st_mode):
                seen[str(p)] = (info.st_mode, p.read_bytes())
            else:
                seen[str(p)] = (stat.S_IFMT(info.st_mode), "")
    return seen


@pytest.fixture
def world(cx_home: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A data folder with a habit, a check-in and a share file; the team folder."""
    team = tmp_path / "team"
    team.mkdir()
    ok("pick", HABIT, day=MONDAY - dt.timedelta(days=7))
    ok("checkin", day=MONDAY - dt.timedelta(days=7))
    ok("share", str(team), "--name", "Sam")
    ok("checkin")  # a second save: a backup beside the state
    return cx_home, team


def in_data_folder(home: Path, team: Path) -> list[Path]:
    (home / "archive").mkdir(exist_ok=True)
    (home / "habits").mkdir(exist_ok=True)
    other = team.parent / "other-home"  # another data folder: it holds a state file
    (other / "archive").mkdir(parents=True, exist_ok=True)
    (other / "state.toml").write_text("version = 1\n")
    return [
        home / "state.toml",
        home / "state.toml.bak",
        home / ".lock",
        home / "page.html",
        home / "archive" / "x.toml",
        home / "habits" / ".." / "state.toml",
        other / "page.html",
        other / "archive" / "1-agent.x.toml",
    ]


@POSIX_ONLY
def test_html_never_replaces_what_is_not_a_new_page(world: tuple[Path, Path]) -> None:
    home, team = world
    outside = team.parent
    os.mkfifo(outside / "pipe.html")
    (outside / "folder.html").mkdir()
    (outside / "to-state.html").symlink_to(home / "state.toml")
    (outside / "loop.html").symlink_to(outside / "loop.html")
    share = next(team.iterdir())
    shapes: list[tuple[Path, str]] = [(p, "data folder") for p in in_data_folder(home, team)]
    shapes += [
        (outside / "pipe.html", "pipe"),
        (outside / "folder.html", "folder"),
        (outside / "to-state.html", "data folder"),
        (outside / "loop.html", "leads nowhere"),
        (share, "share file"),
        (Path("/dev/null"), "device"),
    ]
    before = everything(home, outside)
    for target, words in shapes:
        result = cx("team", str(team), "--html", str(target))
        refused(result, 2, words, "html")
        assert everything(home, outside) == before, target
    assert len(shapes) >= 14


@POSIX_ONLY
def test_new_pack_writes_only_a_pack(world: tuple[Path, Path]) -> None:
    home, team = world
    outside = team.parent
    os.mkfifo(outside / "pipe.toml")
    (outside / "zero.toml").symlink_to("/dev/zero")
    (outside / "null.toml").symlink_to("/dev/null")
    (outside / "loop.toml").symlink_to(outside / "loop.toml")
    (outside / "to-state.toml").symlink_to(home / "state.toml")
    share = next(team.iterdir())
    shapes: list[tuple[Path, str]] = [(p, "data folder") for p in in_data_folder(home, team)]
    shapes += [
        (outside / "pipe.toml", "pipe"),
        (outside / "zero.toml", "device"),
        (outside / "null.toml", "device"),
        (outside / "loop.toml", "leads nowhere"),
        (outside / "to-state.toml", "data folder"),
        (outside, "folder"),
        (share, "share file"),
    ]
    before = everything(home, outside)
    for target, words in shapes:
        result = cx("new", "--pack", str(target), *NEW)
        refused(result, 2, words, "--pack")
        assert everything(home, outside) == before, target
    # The data folder's own habits/ folder is a pack folder: that one may be written.
    ok("new", "--pack", str(home / "habits" / "mine.toml"), *NEW)
    assert (home / "habits" / "mine.toml").is_file()


def test_a_pack_larger_than_any_real_one_is_not_read(world: tuple[Path, Path]) -> None:
    home, team = world
    big = team.parent / "big.toml"
    with big.open("wb") as stream:
        stream.truncate(paths.MAX_PACK_BYTES + 1)  # sparse: nothing written
    before = everything(home, team)
    refused(cx("new", "--pack", str(big), *NEW), 2, "1 MB")
    result = cx("validate", str(big))
    assert result.exit_code == 1 and "1 MB" in result.stdout + result.stderr
    assert everything(home, team) == before
    folder = team.parent / "packs"
    folder.mkdir()
    os.link(big, folder / "big.toml")
    ok("config", "packs", str(folder))
    after_config = everything(home, team)
    listed = ok("library")
    assert "1 MB" in listed.stderr and "big.toml" in listed.stderr
    assert everything(home, team) == after_config
    assert (
        big.stat().st_size == paths.MAX_PACK_BYTES + 1
        and big.read_bytes().count(0) == big.stat().st_size
    )


@POSIX_ONLY
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null", "loop", "missing"])
def test_validate_never_opens_a_pipe_or_a_device(tmp_path: Path, kind: str) -> None:
    target = tmp_path / f"{kind}.toml"
    make: dict[str, Callable[[], None]] = {
        "fifo": lambda: os.mkfifo(target),
        "dev-zero": lambda: target.symlink_to("/dev/zero"),
        "dev-null": lambda: target.symlink_to("/dev/null"),
        "loop": lambda: target.symlink_to(target),
        "missing": lambda: None,
    }
    make[kind]()
    words = {"fifo": "pipe", "dev-zero": "device", "dev-null": "device",
             "loop": "leads nowhere", "missing": "does not exist"}  # fmt: skip
    refused(cx("validate", str(target)), 2, words[kind], str(target))


@POSIX_ONLY
def test_share_never_writes_into_a_data_folder_or_over_a_pipe(world: tuple[Path, Path]) -> None:
    home, team = world
    other = in_data_folder(home, team)[-2].parent
    before = everything(home, team.parent)
    for folder, words in [(home, "data folder"), (home / "archive", "data folder"),
                          (other, "data folder"), (home / "habits", "data folder")]:  # fmt: skip
        folder.mkdir(exist_ok=True)
        before = everything(home, team.parent)
        refused(cx("share", str(folder), "--name", "Sam"), 2, words)
        assert everything(home, team.parent) == before, folder
    # A pipe where the share file goes is left alone, and the sharing is not changed.
    fresh = team.parent / "fresh"
    fresh.mkdir()
    ok("share", str(fresh), "--name", "Kim")
    share = next(fresh.iterdir())
    share.unlink()
    os.mkfifo(share)
    before = everything(home, team.parent)
    result = cx("share", str(fresh), "--name", "Kim")
    refused(result, 1, "pipe")
    assert stat.S_ISFIFO(share.lstat().st_mode)
    assert everything(home, team.parent) == before


@POSIX_ONLY
def test_import_never_reads_a_pipe_or_a_device(cx_home: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    for target, words in [(tmp_path / "pipe.json", "pipe"), (tmp_path / "zero.json", "device"),
                          (Path("/dev/zero"), "device"), (tmp_path, "folder")]:  # fmt: skip
        refused(cx("import", str(target)), 2, words)
    assert not cx_home.exists() or not (cx_home / "state.toml").exists()


@POSIX_ONLY
def test_the_refusals_speak_dutch(world: tuple[Path, Path]) -> None:
    home, team = world
    ok("config", "language", "nl")
    os.mkfifo(team.parent / "pipe.toml")
    before = everything(home, team.parent)
    try:
        refused(cx("team", str(team), "--html", str(home / "state.toml")), 2, "gegevensmap")
        refused(cx("new", "--pack", str(team.parent / "pipe.toml"), *NEW), 2, "geen bestand")
        refused(cx("share", str(home), "--name", "Sam"), 2, "gegevensmap van cxhabits")
    finally:
        i18n.set_language("en")
    assert everything(home, team.parent) == before
