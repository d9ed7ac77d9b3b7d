"""A Rich console that shows every piece of outside text literally: for the views that draw.

Only the drawing modules import this (and Rich through it), never the fast path.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from typing import Any

from cxhabits.domain.chars import literal_lines
from cxhabits.ui.terminal import width_instead

_console_class: Any = None
# Blanks at a line's end, also when colour codes follow them (kept, the blanks not).
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)(?=\n)")


def rich_console(**settings: Any) -> Any:
    """A Rich console (same settings as `Console`) that shows every piece of text literally:
    markup was never interpreted in `Text`, and now escapes and bidi overrides are not either.
    Rich's own styles and cursor moves are untouched."""
    global _console_class
    if _console_class is None:
        from rich.console import Console
        from rich.segment import Segment

        class LiteralConsole(Console):
            def on_broken_pipe(self) -> None:
                # Rich would exit 1 in silence; `run` reports it like any closed pipe.
                self.quiet = True
                raise BrokenPipeError(errno.EPIPE, "broken pipe")

            # Rich's one private name here: no public hook sees the segments after the
            # lines are cut to the width. A render hook (`push_render_hook`) or an
            # override of `render` would make `\x1b` (0 columns) into `\\x1b` (4) before
            # Rich crops the line, so the end of a line at the edge would be lost.
            # tests/ui/test_console.py fails if Rich renames it (the override would go dead).
            # The same hook drops the blanks Rich pads a line's end with (a table's empty
            # cells, a padded block): no line a person reads or copies ends in a blank.
            def _render_buffer(self, buffer: Iterable[Segment]) -> str:
                drawn = super()._render_buffer(
                    Segment(literal_lines(text), style, None) if control is None else segment
                    for segment in buffer
                    for text, style, control in (segment,)
                )
                return _TRAILING.sub(r"\1", drawn) if " \n" in drawn or "\x1b" in drawn else drawn

        _console_class = LiteralConsole
    if "width" not in settings and (width := width_instead()) is not None:
        settings["width"] = width  # Rich takes COLUMNS=0 at its word and draws nothing
    return _console_class(**settings)
