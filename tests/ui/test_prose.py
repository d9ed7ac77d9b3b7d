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
