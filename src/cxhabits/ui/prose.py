"""The one way to print prose: wrapped at the terminal's width, with hanging indents.

Typer-free, Rich-free and import-free (no textwrap, no shutil): plain `checkin` on the
fast path wraps its lines with it too. A line is broken only at a space, never inside a
word, so an id, a number or a command is never cut; a word longer than the width stands
on a line of its own. A wrapped line goes on under the text it continues: after the
line's own indent, and after a leading mark (`✓ `, `- `, `1. `). No line ends in a blank.
"""

from __future__ import annotations

import os
import re
import sys

DEFAULT_COLUMNS = 80
MARKS = ("✓ ", "✗ ", "◌ ", "· ", "- ", "* ", "● ", "○ ", "= ", "+ ", "? ")


def columns() -> int:
    """The terminal's width: COLUMNS when set (as shutil does), else the terminal's, else 80."""
    from cxhabits.ui import terminal

    if instead := terminal.width_instead():  # nonsense COLUMNS: the terminal's, else 80
        return instead
    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    for stream in (sys.stdout, sys.stderr):
        try:
            return os.get_terminal_size(stream.fileno()).columns or DEFAULT_COLUMNS
        except (AttributeError, ValueError, OSError):
            continue
    return DEFAULT_COLUMNS


def hanging(line: str) -> str:
    """The indent a wrapped continuation of `line` takes: its own, plus its leading mark."""
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    for mark in MARKS:
        if body.startswith(mark):
            return indent + " " * len(mark)
    number, dot, _rest = body.partition(". ")
    if dot and number.isdigit() and len(number) <= 2:
        return indent + " " * (len(number) + 2)
    return indent


def wrap_line(line: str, width: int, rest: str | None = None) -> list[str]:
    """One line as lines of at most `width`, broken at spaces only."""
    line = line.rstrip()
    if len(line) <= width:
        return [line]
    follow = hanging(line) if rest is None else rest
    if len(follow) > width // 2:
        follow = ""
    body = line.lstrip(" ")
    pieces = _commands_whole(_pieces(body), width - len(follow))
    lines: list[str] = []
    current = line[: len(line) - len(body)] + pieces[0][1]
    for gap, word in pieces[1:]:
        if len(current) + len(gap) + len(word) <= width:
            current += gap + word  # the spaces as written: a two-space column stays
        else:
            lines.append(current)
            current = follow + word
    lines.append(current)
    return lines


def _pieces(body: str) -> list[tuple[str, str]]:
    """The words of `body`, each with the spaces written before it."""
    pieces: list[tuple[str, str]] = []
    spaces = 0
    for part in body.split(" "):
        if part:
            pieces.append((" " * spaces, part))
            spaces = 1
        else:
            spaces += 1
    return pieces


# Patterns as text: `re` compiles each the first time a message holds a command to type
# (most check-ins hold none, and compiling both costs the prompt half a millisecond).
SUBCOMMAND = r"[a-z]+[.,:;)']?"
# After the command: an option or an id, perhaps with the punctuation that ends it.
ARGUMENT = r"(--[a-z][a-z-]*|[a-z0-9-]+\.[a-z0-9.-]*[a-z0-9])[.,:;)']?"


def _commands_whole(pieces: list[tuple[str, str]], room: int) -> list[tuple[str, str]]:
    """`pieces` with a command to type (`cxhabits pick agent.warm-handover`) held in one
    piece where it fits in `room`, so a person can copy it from one line: `cxhabits`,
    its command, and the options and ids after it."""
    joined: list[tuple[str, str]] = []
    taken = 0  # words of a command so far (0: not in one)
    for gap, word in pieces:
        pattern = SUBCOMMAND if taken == 1 else ARGUMENT
        if taken and gap == " " and re.fullmatch(pattern, word):
            last_gap, last = joined[-1]
            if len(last) + 1 + len(word) <= room:
                joined[-1] = (last_gap, f"{last} {word}")
                taken = 0 if word[-1] in ".,:;)'" else taken + 1
                continue
        joined.append((gap, word))
        taken = 1 if word.lstrip("'") == "cxhabits" else 0
    return joined


def wrap(text: str, width: int | None = None, rest: str | None = None) -> str:
    """`text` wrapped line by line to `width` (default: the terminal's). `rest` is the
    continuation indent (default: each line's hanging indent)."""
    shown = width or columns()
    return "\n".join(
        wrapped for line in text.split("\n") for wrapped in wrap_line(line, shown, rest)
    )
