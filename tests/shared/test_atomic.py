"""The one atomic writer (cxhabits.atomic): whole or not at all, fsynced, and used by
every part that writes a file (the state's journal, the share file and the data folder's
caches, the team page, a habit pack)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from cxhabits import atomic
from cxhabits.storage import journal
from tests.helpers.cli import cx, ok, refused

SRC = Path(__file__).resolve().parents[2] / "src" / "cxhabits"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(
    "data", [b"", b"x", "één\nregel\r\n".encode(), bytes(range(256)) * 9000], ids=len
)
@pytest.mark.parametrize("existing", [None, b"old text"])
def test_write_file_leaves_exactly_the_new_bytes(
    tmp_path: Path, data: bytes, existing: bytes | None
) -> None:
    target = tmp_path / "file.toml"
    if existing is not None:
        target.write_bytes(existing)
    atomic.write_file(target, data)
    assert target.read_bytes() == data
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_the_new_file_has_the_mode_asked_for(tmp_path: Path, mode: int) -> None:
    old = os.umask(0o022)
    try:
        atomic.write_file(tmp_path / "a", b"x", mode=mode)
        temp = atomic.write_temp(tmp_path / "b", b"x", mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == mode
    assert stat.S_IMODE(temp.stat().st_mode) == mode


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failing_step_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "share.json"
    target.write_bytes(b"old")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="No space left"):
        atomic.write_file(target, b"new" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_the_data_is_fsynced_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        steps.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    def replace(source: Any, target: Any) -> None:
        steps.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic.write_file(tmp_path / "state.toml", b"x")
    assert steps == ["file", "replace", "folder"]


@pytest.mark.parametrize("planted", ["link", "file"])
def test_a_name_already_taken_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    """Something planted at the temporary name (a link to another file, or a file) is
    left as it is: the file is opened new (O_EXCL, O_NOFOLLOW), under a fresh name."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    first = tmp_path / f".state.toml.{'ab' * 8}.tmp"
    if planted == "link":
        first.symlink_to(victim)
    else:
        first.write_bytes(b"planted")
    real = os.urandom
    given = iter([bytes.fromhex("ab" * 8)])
    monkeypatch.setattr(os, "urandom", lambda n: next(given, None) or real(n))
    atomic.write_file(tmp_path / "state.toml", b"new")
    assert (tmp_path / "state.toml").read_bytes() == b"new"
    assert victim.read_bytes() == b"keep me"
    assert first.is_symlink() if planted == "link" else first.read_bytes() == b"planted"


@pytest.mark.parametrize("name", ["state.toml", "x.cxhabits-share.json", "é n.toml", ".lock"])
def test_its_temporary_names_are_the_ones_a_stopped_save_is_cleaned_of(
    tmp_path: Path, name: str
) -> None:
    temps = {atomic.write_temp(tmp_path / name, b"x") for _ in range(3)}
    assert len(temps) == 3  # fresh each time
    for temp in temps:
        assert temp.parent == tmp_path and temp.name.startswith(f".{name}.")
        assert journal.is_temp_name(temp.name)


def test_switch_puts_the_temporary_file_in_place(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_text("old")
    temp = atomic.write_temp(target, b"new")
    assert target.read_text() == "old"  # nothing changes before the switch
    atomic.switch(temp, target)
    assert target.read_text() == "new" and not temp.exists()


# -- one writer: nothing else in the source writes a file atomically ----------------------

LOW_LEVEL = re.compile(r"os\.replace\(|os\.fsync\(|mkstemp|NamedTemporaryFile|os\.rename\(")


def test_no_module_but_atomic_and_platform_does_the_steps_itself() -> None:
    found = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if LOW_LEVEL.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["atomic.py", "platform.py"], found


@pytest.mark.parametrize(
    "text", ["os.replace(a, b)", "tempfile.mkstemp(dir=d)", "os.fsync(fd)", "os.rename(a, b)"]
)
def test_the_rule_sees_a_writer_of_its_own(text: str) -> None:
    assert LOW_LEVEL.search(text)


# -- its users: a failing disk under each leaves what was there -------------------------


def failing_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", fail)


@pytest.mark.parametrize("existing", [False, True])
def test_the_team_page_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    from tests.team.teams import write_team
    from tests.team.test_team import twelve

    folder = write_team(tmp_path / "team", twelve())
    page = tmp_path / "page.html"
    if existing:
        ok("team", str(folder), "--html", str(page))
    before = page.read_bytes() if existing else None
    failing_fsync(monkeypatch)
    refused(cx("team", str(folder), "--html", str(page)), 1, "Could not write", "page.html")
    assert (page.read_bytes() if page.exists() else None) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("existing", [False, True])
def test_a_pack_is_written_whole_or_not_at_all(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    from tests.library.test_new import COMMENTED, DUTCH, ENGLISH, as_options, pack_path

    pack = pack_path(cx_home)
    if existing:
        pack.parent.mkdir(parents=True)
        pack.write_text(COMMENTED, encoding="utf-8")
    before = pack.read_bytes() if existing else None
    failing_fsync(monkeypatch)
    options = ["--lang", "both", "--role", "agent", "--principle", "their-side"]
    result = cx("new", *options, *as_options(ENGLISH), *as_options(DUTCH, "-nl"), input="")
    refused(result, 1, "my-habits.toml")
    assert (pack.read_bytes() if pack.exists() else None) == before
    assert leftovers(pack.parent) == []
