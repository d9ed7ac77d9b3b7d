"""At 40 columns (a split pane, a phone's SSH app) no line runs over and none ends in a
blank: help below Click's 50-column floor, the roles table (a paragraph each where a
name's word would be cut), the parse error's hint; in English and in Dutch."""

from __future__ import annotations

import pytest

from tests.helpers.cli import cx, ok


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def over(text: str, width: int) -> list[str]:
    return [line for line in lines_of(text) if len(line) > width]


def trailing(text: str) -> list[str]:
    return [line for line in lines_of(text) if line != line.rstrip()]


@pytest.fixture(params=["en", "nl"])
def lang(request: pytest.FixtureRequest) -> str:
    ok("config", "language", request.param)
    return str(request.param)


@pytest.mark.parametrize("args", [["--help"], ["pick", "--help"], ["checkin", "--help"]])
@pytest.mark.parametrize("columns", [40, 60, 80])
def test_help_fits_the_terminal(args: list[str], columns: int, lang: str) -> None:
    text = ok(*args, columns=columns).stdout
    assert over(text, columns) == [] and trailing(text) == []
    assert len(lines_of(text)) > 3


@pytest.mark.parametrize("columns", [30, 40])
def test_roles_at_a_narrow_width_are_a_paragraph_each(columns: int, lang: str) -> None:
    text = ok("roles", columns=columns).stdout
    assert over(text, columns) == [] and trailing(text) == []
    assert "..." not in text and "…" not in text  # no name cut short
    roles = [line.split(" ")[0] for line in lines_of(text) if not line.startswith(" ")]
    assert "agent" in roles and "team-lead" in roles
    if columns == 30 or lang == "nl":  # "Klantcontactmedewerker" does not fit a column
        assert ("13 habits" if lang == "en" else "13 gewoontes") in text
    else:  # English at 40 fits as a table
        assert lines_of(text)[0].split() == ["role", "name", "habits"]


def test_roles_at_80_columns_stay_a_table_without_trailing_blanks(lang: str) -> None:
    text = ok("roles", columns=80).stdout
    assert lines_of(text)[0].split() == (
        ["role", "name", "habits"] if lang == "en" else ["rol", "naam", "gewoontes"]
    )
    assert trailing(text) == []
    assert trailing(ok("roles", columns=40).stdout) == []


def test_a_parse_error_is_wrapped_with_the_command_whole(lang: str) -> None:
    result = cx("checkin", "--yesteday", columns=40)
    assert result.exit_code == 2
    assert over(result.stderr, 40) == []
    assert "'cxhabits checkin --help'" in result.stderr  # the command to type, on one line
    assert "Traceback" not in result.stderr


def test_a_question_is_wrapped_and_keeps_the_blank_before_the_answer(lang: str) -> None:
    ok("pick", "agent.read-one-customer-voice")
    result = cx("drop", input="n\n", columns=40)
    assert result.exit_code == 0
    assert over(result.stdout, 40) == []
    choices = "[y/N]: n" if lang == "en" else "[j/N]: n"
    assert choices in result.stdout  # the blank before the piped answer is kept
    wide = cx("drop", input="n\n", columns=200).stdout
    assert len(lines_of(wide)[0]) > 40  # at 200 columns the question is one line
