"""The one way to print prose (ui/prose.py): broken at spaces only, hanging indents,
and the spaces inside a line kept as written (a two-space column stays a column)."""

from __future__ import annotations

import pytest

from cxhabits.ui.prose import wrap


@pytest.mark.parametrize(
    ("line", "width", "expected"),
    [
        ("  2026-11-09  paused, 5 workdays to 2026-11-13", 80, None),  # fits: as written
        (
            "  2026-11-09  paused, 5 workdays to 2026-11-13",
            30,
            "  2026-11-09  paused, 5\n  workdays to 2026-11-13",
        ),
        ("a  b   c", 5, "a  b\nc"),  # at a break the spaces go
        ("- one two three", 9, "- one two\n  three"),  # the mark's hanging indent
        ("word agent.a-very-long-id", 10, "word\nagent.a-very-long-id"),  # never cut
    ],
)
def test_wrap_keeps_the_spaces_inside_a_line(line: str, width: int, expected: str | None) -> None:
    got = wrap(line, width)
    assert got == (line if expected is None else expected)
    assert all(part == part.rstrip() for part in got.split("\n"))


SUGGESTION = (
    "Je kunt nu een nieuwe gewoonte kiezen. Suggestie: agent.read-one-customer-voice "
    "(Bij het inloggen één klantreactie lezen): cxhabits pick agent.read-one-customer-voice"
)


@pytest.mark.parametrize("width", [44, 50, 60, 80, 100])
@pytest.mark.parametrize(
    "command",
    [
        "cxhabits pick agent.read-one-customer-voice",
        "cxhabits checkin --yesterday",
        "'cxhabits skip --yesterday'",
        "cxhabits streak agent.warm-handover --json",
    ],
)
def test_a_command_to_type_stays_on_one_line(width: int, command: str) -> None:
    text = f"Lead words to push it on. {SUGGESTION} Or type {command} to go on from here."
    lines = wrap(text, width).split("\n")
    assert any(command in line for line in lines), lines
    assert all(len(line) <= width for line in lines), lines
    assert " ".join(text.split()) == " ".join(" ".join(lines).split())  # nothing lost


def test_a_command_longer_than_the_line_breaks_between_its_words() -> None:
    lines = wrap("Type cxhabits pick agent.read-one-customer-voice now.", 30).split("\n")
    assert lines == ["Type cxhabits pick", "agent.read-one-customer-voice", "now."]


def test_words_after_a_command_are_not_taken_into_it() -> None:
    assert wrap("Try cxhabits checkin if there was a call at all", 24).split("\n") == [
        "Try cxhabits checkin if",
        "there was a call at all",
    ]
