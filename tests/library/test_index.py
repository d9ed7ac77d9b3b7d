"""The pack index (library/index.py): used only for the very files it was made from."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cxhabits.library import catalog
from cxhabits.library.index import INDEX_FILE, PackIndex

PACK = """[role]
id = "team{n}"
name = {{ en = "Team {n}" }}

[[habits]]
id = "team{n}.habit"
order = 1
principle = "their-side"
title = {{ en = "{title}" }}
anchor = {{ en = "After I log in" }}
behaviour = {{ en = "I will smile" }}
celebration = {{ en = "Then I nod." }}
starter = {{ en = "Just smile." }}
why = {{ en = "It helps." }}
"""


def write_index(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def settle(folder: Path) -> None:
    """Every pack a minute old: old enough to be indexed."""
    past = time.time() - 60
    for pack in folder.glob("*.toml"):
        os.utime(pack, (past, past))


def titles(home: Path, packs: Path) -> dict[str, str]:
    index = PackIndex(home / INDEX_FILE, write_index)
    lib = catalog.load_library(home / "habits", [packs], index)
    return {
        i: h.text("title", "en") for i, h in lib.habits.items() if i.split(".")[0][4:].isdigit()
    }


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    home, packs = tmp_path / "home", tmp_path / "packs"
    home.mkdir()
    packs.mkdir()
    for n in range(3):
        (packs / f"p{n}.toml").write_text(PACK.format(n=n, title=f"Old {n}"), encoding="utf-8")
    settle(packs)
    return home, packs


def test_the_index_is_written_and_then_used(folders: tuple[Path, Path]) -> None:
    home, packs = folders
    first = titles(home, packs)
    assert (home / INDEX_FILE).is_file()
    # Planted in the index only: shown only because the index is used.
    text = (home / INDEX_FILE).read_text(encoding="utf-8").replace("Old 1", "Indexed 1")
    (home / INDEX_FILE).write_text(text, encoding="utf-8")
    assert titles(home, packs) == {**first, "team1.habit": "Indexed 1"}


def test_a_pack_this_fresh_is_not_indexed(folders: tuple[Path, Path]) -> None:
    home, packs = folders
    (packs / "p0.toml").write_text(PACK.format(n=0, title="New 0"), encoding="utf-8")
    assert titles(home, packs)["team0.habit"] == "New 0"
    assert not (home / INDEX_FILE).exists()


@pytest.mark.parametrize(
    "change",
    ["same size, other mtime", "other size, same mtime", "a pack added", "a pack removed"],
)
def test_the_index_is_never_trusted_when_a_pack_changed(
    folders: tuple[Path, Path], change: str
) -> None:
    home, packs = folders
    titles(home, packs)
    index_text = (home / INDEX_FILE).read_text(encoding="utf-8")
    target = packs / "p1.toml"
    info = target.stat()
    if change == "same size, other mtime":
        target.write_text(PACK.format(n=1, title="New 1"), encoding="utf-8")
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns - 5_000_000_000))
        expected = {"team1.habit": "New 1"}
    elif change == "other size, same mtime":
        target.write_text(PACK.format(n=1, title="Newer 1"), encoding="utf-8")
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
        expected = {"team1.habit": "Newer 1"}
    elif change == "a pack added":
        (packs / "p9.toml").write_text(PACK.format(n=9, title="Added"), encoding="utf-8")
        expected = {"team9.habit": "Added"}
    else:
        target.unlink()
        expected = {}
    found = titles(home, packs)
    for habit_id, title in expected.items():
        assert found[habit_id] == title
    if change == "a pack removed":
        assert "team1.habit" not in found
    assert index_text  # the index was there, and was not believed


def test_a_broken_index_is_read_past(folders: tuple[Path, Path]) -> None:
    home, packs = folders
    expected = titles(home, packs)
    for junk in ("", "{", "[]", '{"key": 1, "packs": 2}', "\x00" * 10):
        (home / INDEX_FILE).write_text(junk, encoding="utf-8")
        assert titles(home, packs) == expected


def test_many_roles_are_grouped_once(tmp_path: Path) -> None:
    """role_habits over every role of 2,000 one-habit packs: one grouping, not N²."""
    packs = tmp_path / "packs"
    packs.mkdir()
    for n in range(2000):
        (packs / f"p{n}.toml").write_text(PACK.format(n=n, title=f"T {n}"), encoding="utf-8")
    lib = catalog.load_library(None, [packs])
    began = time.perf_counter()
    listed = [h.id for h in lib.ordered()]
    assert len([i for i in listed if i.split(".")[0][4:].isdigit()]) == 2000
    assert time.perf_counter() - began < 2.0
