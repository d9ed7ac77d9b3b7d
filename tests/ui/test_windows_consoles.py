"""Windows consoles and redirects: cp437, cp850 (the OEM code pages of a cmd.exe window),
cp1252 (a redirect in the ANSI code page) never crash, keep what they can show and fall
back to plain symbols for the rest; UTF-8 mode (PYTHONUTF8=1, Windows Terminal) keeps all."""

from __future__ import annotations

import io

import pytest

from cxhabits.ui.streams import data_output, plain_output

TEXT = "✓ Reeks 3 · “één” ademhaling — café ●○ → 5\u00d7\n"


def written(encoding: str, text: str = TEXT) -> str:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict")
    plain_output(stream)
    stream.write(text)
    stream.flush()
    return raw.getvalue().decode(encoding)


@pytest.mark.parametrize("encoding", ["cp437", "cp850", "cp1252", "ascii"])
def test_an_old_code_page_gets_plain_symbols_not_a_crash(encoding: str) -> None:
    shown = written(encoding)
    assert shown.startswith("v Reeks 3 ")
    assert "->" in shown and "?" not in shown  # each stand-in is a real one
    assert ("café" in shown) == (encoding != "ascii")  # ascii: "cafe"
    assert ("·" in shown) == (encoding in ("cp437", "cp850", "cp1252"))  # 0xFA / 0xB7


def test_cp1252_keeps_its_own_quotes_and_dashes() -> None:
    shown = written("cp1252")
    assert "“één”" in shown and "—" in shown and "\u00d7" in shown


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf_8"])
def test_utf8_mode_keeps_every_symbol(encoding: str) -> None:
    assert written(encoding) == TEXT


@pytest.mark.parametrize("encoding", ["cp437", "cp850", "cp1252"])
def test_data_stays_exact_utf8_on_a_windows_code_page(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(raw, encoding=encoding))
    with data_output() as out:
        out.write(TEXT)
        out.flush()
    assert raw.getvalue().decode("utf-8") == TEXT
