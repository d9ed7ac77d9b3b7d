"""Issue 22, tracebacks and wrong exits: each class in several shapes, English and Dutch.

Each refusal is one or two plain lines on stderr with the exit code of PRODUCT.md, and
the data folder is byte for byte as it was.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest

from cxhabits.library.authoring import free_id
from tests.helpers.cli import cx, ok, refused
from tests.helpers.faults import snapshot

LONG = "a" * 256
NOT_UTF8 = "Team\udce9"  # the byte 0xE9 (Latin-1 é) as Python keeps it from argv


@pytest.fixture
def picked(cx_home: Path) -> Path:
    ok("pick", "agent.read-one-customer-voice")
    ok("checkin")
    return cx_home


# -- paths the user typed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("home", "word"),
    [
        ("~nosuchuser/x", "no such user"),
        ("~nosuchuser", "no such user"),
        (f"/tmp/{LONG}", "255 bytes"),
        (f"/tmp/ok/{LONG}/deeper", "255 bytes"),
        ("/tmp/" + "/".join(["b" * 200] * 21), "4095 bytes"),
    ],
)
@pytest.mark.parametrize("args", [("status",), ("history",), ("checkin",), ("library",)])
def test_a_home_that_cannot_be_is_bad_usage(
    home: str, word: str, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXHABITS_HOME", home)
    refused(cx(*args), 2, "CXHABITS_HOME", word)


@pytest.mark.parametrize("home", ["~nosuchuser/x", f"/tmp/{LONG}"])
def test_help_works_with_a_home_that_cannot_be(home: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXHABITS_HOME", home)
    assert "Usage" in ok("--help").stdout
    assert "Usage" in ok("team", "--help").stdout


@pytest.mark.parametrize(
    ("folder", "word"),
    [
        ("~nosuchuser/x", "no such user"),
        (f"/tmp/{LONG}", "255 bytes"),
        ("", "empty"),
        ("  ", "empty"),
        (f"/tmp/{NOT_UTF8}", "not UTF-8"),
    ],
)
def test_team_and_share_refuse_a_folder_that_cannot_be(
    folder: str, word: str, picked: Path
) -> None:
    before = snapshot(picked)
    refused(cx("team", folder), 2, "FOLDER", word)
    refused(cx("team", folder, "--json"), 2, "FOLDER", word)
    refused(cx("share", folder, "--name", "Lat"), 2, "FOLDER", word)
    assert snapshot(picked) == before


def test_share_into_a_folder_not_utf8_leaves_nothing(picked: Path, tmp_path: Path) -> None:
    folder = tmp_path / NOT_UTF8
    folder.mkdir()
    before = snapshot(picked)
    refused(cx("share", str(folder), "--name", "Lat"), 2, "not UTF-8", "\\xe9")
    assert list(folder.iterdir()) == []
    assert snapshot(picked) == before


@pytest.mark.parametrize(
    "args",
    [
        ("validate", ""),
        ("validate", "~nosuchuser/p.toml"),
        ("new", "--pack", "", "--title", "Hello there"),
        ("new", "--pack", f"/tmp/{LONG}.toml", "--title", "Hello there"),
    ],
)
def test_pack_paths_that_cannot_be(args: tuple[str, ...], picked: Path) -> None:
    before = snapshot(picked)
    refused(cx(*args), 2)
    assert snapshot(picked) == before


@pytest.mark.parametrize("shape", ["loop", "two-step loop", "dangling"])
def test_a_link_that_leads_nowhere(shape: str, picked: Path, tmp_path: Path) -> None:
    link = tmp_path / "pack.toml"
    if shape == "loop":
        link.symlink_to(link)
    elif shape == "two-step loop":
        (tmp_path / "other.toml").symlink_to(link)
        link.symlink_to(tmp_path / "other.toml")
    else:
        link.symlink_to(tmp_path / "gone.toml")
    before = snapshot(picked)
    refused(cx("validate", str(link)), 2, "symbolic link", "leads nowhere")
    result = cx("new", "--pack", str(link), "--role", "agent", "--title", "Hello there")
    refused(result, 2, "--pack", "leads nowhere")
    assert snapshot(picked) == before
    assert link.is_symlink()


def test_html_empty_is_bad_usage(picked: Path, tmp_path: Path) -> None:
    refused(cx("team", str(tmp_path), "--html", ""), 2, "--html", "empty")


@pytest.mark.parametrize("page", [".", "sub", "sub.html"])
def test_html_a_folder_is_not_a_page(page: str, picked: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub.html").mkdir()
    result = cx("team", str(tmp_path), "--html", str(tmp_path / page))
    refused(result, 2, "--html")
    assert "permissions" not in result.stderr


# -- bytes that are not UTF-8 -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("new", "--role", "agent", "--title", "Caf\udce9 time"),
        ("new", "--role-name", "Caf\udce9", "--title", "Hello there"),
        ("new", "--role", "agent", "--anchor", "After I \udcff"),
        ("config", "packs", f"/tmp/{NOT_UTF8}"),
        ("config", "packs", "/tmp/a", f"/tmp/{NOT_UTF8}"),
        ("checkin", "--note", "caf\udce9"),
        ("share", "/tmp", "--name", "L\udce9"),
    ],
)
def test_an_option_not_utf8_is_bad_usage(args: tuple[str, ...], picked: Path) -> None:
    before = snapshot(picked)
    refused(cx(*args), 2, "not UTF-8", "\\x")
    assert snapshot(picked) == before


@pytest.mark.parametrize(
    "answers",
    [
        b"agent\nCaf\xe9\n",
        b"Caf\xe9\n",
        b"\xff\xfe\n",
        b"agent\n\xc3\n",
    ],
)
def test_a_piped_answer_not_utf8_is_refused(answers: bytes, picked: Path) -> None:
    from cxhabits.cli.main import app
    from tests.helpers.cli import MONDAY, runner

    before = snapshot(picked)
    result = runner.invoke(app, ["new"], input=answers, env={"CXHABITS_TODAY": MONDAY.isoformat()})
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "UTF-8" in result.stderr
    assert snapshot(picked) == before


@pytest.mark.parametrize("length", [4097, 5000, 100_000])
def test_a_piped_answer_too_long_is_refused_not_cut(length: int, picked: Path) -> None:
    before = snapshot(picked)
    result = cx("new", "--role", "agent", input="x" * length + "\n")
    refused(result, 2, "4096", most=2)
    assert snapshot(picked) == before


def test_a_piped_answer_of_4096_characters_is_taken(picked: Path) -> None:
    result = cx("drop", input="y" * 4096 + "\n")
    assert "4096" not in result.stderr


# -- new ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "taken_from"),
    [("a" * 50, 2), ("Greet every customer by their own name at the desk", 2), ("abc", 2)],
)
def test_free_id_past_999(title: str, taken_from: int) -> None:
    first = free_id("agent", title, set())
    base = first.split(".", 1)[1]
    taken = {first} | {
        f"agent.{base[: 40 - len(str(n)) - 1].rstrip('-')}-{n}" for n in range(2, 1200)
    }
    found = free_id("agent", title, taken)
    assert found not in taken
    assert len(found.split(".", 1)[1]) <= 40


# -- widths ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "-1", "abc", "", "3", "99999999999", "1e3"])
@pytest.mark.parametrize(
    "args",
    [
        ("streak",),
        ("history",),
        ("show", "agent.read-one-customer-voice"),
        ("library",),
        ("roles",),
        ("pause", "--list"),
    ],
)
def test_nonsense_widths_still_print(
    columns: str, args: tuple[str, ...], picked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = ok(*args)
    said = result.stdout + result.stderr  # `pause --list` with none says so on stderr
    assert said.strip()
    assert max(len(line) for line in said.splitlines()) <= 80


@pytest.mark.parametrize("columns", ["0", "-7", "wide"])
def test_nonsense_widths_team(
    columns: str, picked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    ok("share", str(team), "--name", "Sam")
    monkeypatch.setenv("COLUMNS", columns)
    result = ok("team", str(team), "--min-group", "3")
    assert result.stdout.strip()


# -- config packs -----------------------------------------------------------------------


def test_config_packs_keeps_a_folder_with_commas_whole(picked: Path, tmp_path: Path) -> None:
    acme = tmp_path / "OneDrive - Acme, Inc" / "packs"
    acme.mkdir(parents=True)
    other = tmp_path / "other"
    other.mkdir()
    ok("config", "packs", str(acme), str(other))
    state = (picked / "state.toml").read_text(encoding="utf-8")
    assert str(acme) in state and str(other) in state
    shown = ok("config", "packs").stdout
    assert "Acme, Inc" in shown and str(other) in shown
    ok("config", "packs", str(acme))
    assert ok("config", "packs").stdout.count(str(acme)) == 1


def test_config_packs_old_comma_form_is_read(picked: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    ok("config", "packs", f"{a},{b}")
    state = (picked / "state.toml").read_text(encoding="utf-8")
    assert f'"{a}"' in state and f'"{b}"' in state
    text = state.replace(f'packs = [\n    "{a}",\n    "{b}",\n]', f'packs = "{a},{b}"')
    assert text != state
    (picked / "state.toml").write_text(text, encoding="utf-8")
    assert str(b) in ok("config", "packs").stdout


def test_config_packs_one_folder_offline_with_commas_is_kept_whole(
    picked: Path, tmp_path: Path
) -> None:
    offline = f"{tmp_path}/OneDrive - Acme, Inc/packs"  # not there yet: still one folder
    ok("config", "packs", offline)
    state = (picked / "state.toml").read_text(encoding="utf-8")
    assert f'"{offline}"' in state
    assert "Acme, Inc" in ok("library").stderr  # reported as one folder that is offline


def test_config_other_settings_take_one_value(picked: Path) -> None:
    before = snapshot(picked)
    refused(cx("config", "backfill_days", "3", "4"), 2, "one value")
    assert snapshot(picked) == before
    ok("config", "workdays", "mon", "tue")
    assert "mon,tue" in ok("config", "workdays").stdout


# -- unreadable folders ------------------------------------------------------------------


def test_an_unreadable_team_folder_is_said(
    picked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    ok("share", str(team), "--name", "Sam")
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if str(path).startswith(str(team)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    for args in ((), ("--json",)):
        result = cx("team", str(team), *args)
        assert result.exit_code == 1, result.stderr
        assert "No share files" not in result.stderr
        assert "may not open" in result.stderr


def test_an_unlistable_team_folder_is_said(
    picked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    real = os.scandir

    def denied(path: Any = ".") -> Any:
        if str(path) == str(team):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)
    refused(cx("team", str(team)), 1, "Cannot read", "Permission denied")


def test_an_unreadable_team_pack_folder_is_said(
    picked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    ok("config", "packs", str(packs))
    real = os.scandir

    def denied(path: Any = ".") -> Any:
        if str(path) == str(packs):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", denied)
    for args in (("library",), ("roles",)):
        result = ok(*args)
        assert "Permission denied" in result.stderr, result.stderr
    refused(cx("validate", str(packs)), 1, "Cannot read", "Permission denied")


@pytest.mark.parametrize("value", ["1000000000", "100001", "99999999999999999999"])
def test_min_group_too_large_says_so(value: str, picked: Path, tmp_path: Path) -> None:
    result = cx("team", str(tmp_path), "--min-group", value)
    refused(result, 2, "too large")
    assert "too small" not in result.stderr


# -- share files with extreme fields --------------------------------------------------


def share_doc(version: int, **fields: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "format": "cxhabits-share",
        "version": version,
        "person": "0123456789abcdef",
        "name": "Ann",
        "check_on_me": True,
        "written": "2026-W40",
        "last_done": "2026-10-01",
        "workdays": ["mon"],
        "pauses": [],
        "habits": [
            {
                "id": "agent.read-one-customer-voice",
                "role": "agent",
                "status": "building",
                "picked": "2026-W30",
            }
        ],
    }
    doc.update(fields)
    return doc


EXTREME = [
    (1, {"written": "9999-12-31T23:59:59-23:59"}),
    (1, {"written": "0001-01-01T00:00:00+23:59"}),
    (1, {"written": "9999-12-31"}),
    (1, {"written": None, "habits": "x"}),
    (2, {"written": "9999-W52"}),
    (2, {"written": "0000-W00"}),
    (
        2,
        {
            "habits": [
                {"id": "agent.x-y", "role": "agent", "status": "building", "picked": "0000-W00"}
            ]
        },
    ),
    (2, {"last_done": "9999-12-31"}),
    (2, {"last_done": "0001-01-01"}),
    (2, {"pauses": {"from": "2026-01-01", "to": "2026-01-02"}}),
    (2, {"pauses": [{"from": "9999-12-31", "to": "9999-12-31"}]}),
]


@pytest.mark.parametrize(("version", "fields"), EXTREME)
def test_an_extreme_share_file_is_left_out_in_one_line(
    version: int, fields: dict[str, object], picked: Path, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    name = "ann-abcdef.cxhabits-share.json"
    (team / name).write_text(json.dumps(share_doc(version, **fields)), encoding="utf-8")
    for args in ((), ("--json",), ("--html", str(tmp_path / "page.html"))):
        result = cx("team", str(team), *args)
        assert result.exit_code == 0, (result.stderr, result.exception)
        assert "Traceback" not in result.stderr
        lines = [line for line in result.stderr.splitlines() if name in line]
        assert len(lines) == 1, result.stderr
        if version == 1:
            assert "older" in lines[0]
        why = lines[0].split(": ", 1)[1]
        if "pauses" in fields:
            assert "pauses" in why and "habits" not in why


# -- in Dutch ---------------------------------------------------------------------------


def test_in_dutch(picked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok("config", "language", "nl")
    refused(cx("team", "~nosuchuser/x"), 2, "bestaat hier niet")
    refused(cx("validate", ""), 2, "is leeg")
    refused(cx("new", "--title", "Caf\udce9"), 2, "geen UTF-8")
    refused(cx("new", "--role", "agent", input="x" * 5000 + "\n"), 2, "4096 tekens")
    refused(cx("config", "backfill_days", "3", "4"), 2, "één waarde")
