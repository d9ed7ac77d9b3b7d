"""Output streams that cannot crash: plain symbols where the terminal's encoding cannot
show ours (ascii, cp1252), and exact UTF-8 on stdout for data (exports, JSON, iCalendar).

Typer-free and cheap to import, like terminal.py, which uses it.
"""

from __future__ import annotations

import sys

from cxhabits.domain.chars import surrogate_shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any, TextIO


class _Quietly:
    """`contextlib.suppress(OSError, ValueError)`: a closed or broken stream, let be."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        return kind is not None and issubclass(kind, (OSError, ValueError))


quietly = _Quietly()


# -- symbols for an output encoding that cannot show ours ----------------------------

PLAIN = {
    "\u2713": "v",  # check mark
    "\u2714": "v",
    "\u2717": "x",
    "\u25cf": "*",  # black circle
    "\u25cb": "o",  # white circle
    "\u25cc": "o",
    "\u25d0": "o",
    "\u25a0": "#",
    "\u25a1": "_",
    "\u00b7": "-",  # middle dot
    "\u2022": "*",  # bullet
    "\u2026": "...",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2192": "->",
    "\u2190": "<-",
    "\u00d7": "x",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2588": "#",
    "\u2591": ".",
    "\u258f": "|",
}
ERROR_HANDLER = "cxhabits-plain"


def _plain(char: str) -> str:
    """A stand-in an ASCII terminal can show: our symbol table, else the letter without
    its accent (é -> e), else '?'."""
    if char in PLAIN:
        return PLAIN[char]
    if 0xD800 <= ord(char) <= 0xDFFF:
        return surrogate_shown(char)
    import unicodedata

    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return base or "?"


def _encode_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    encoding = exc.encoding
    # Only what the encoding cannot show comes here: cp1252 keeps its own “ ” · é.
    replacement = "".join(_plain(char) for char in text)
    try:
        replacement.encode(encoding)
    except (UnicodeError, LookupError):
        replacement = replacement.encode("ascii", "replace").decode("ascii")
    return replacement, exc.end


def plain_output(*streams: TextIO | None) -> None:
    """Let `streams` (default stdout and stderr) fall back to plain symbols, not crash."""
    import codecs

    try:
        codecs.lookup_error(ERROR_HANDLER)
    except LookupError:
        codecs.register_error(ERROR_HANDLER, _encode_fallback)
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or getattr(stream, "errors", None) == ERROR_HANDLER:
            continue
        with quietly:  # a closed or detached stream: nothing to guard
            reconfigure(errors=ERROR_HANDLER)


# -- data on stdout: exact, whatever the terminal's encoding ------------------------------


class _Utf8Writer:
    """Text in, UTF-8 bytes out to stdout's buffer: what `csv` and `json` need of a file.
    Not a TextIOWrapper, which would close stdout's buffer when it is collected."""

    def __init__(self, buffer: Any) -> None:
        self.buffer = buffer

    def write(self, text: str) -> int:
        self.buffer.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self.buffer.flush()


class data_output:  # lower case: used as a function, `with terminal.data_output() as out`
    """stdout for data (an export, an iCalendar file, a JSON document): UTF-8, exactly,
    even where the terminal's encoding is ascii or cp1252, so a redirected export
    imports back whole. Messages keep the terminal's encoding (and its plain symbols)."""

    def __enter__(self) -> TextIO:
        out = sys.stdout
        encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        buffer = getattr(out, "buffer", None)
        if encoding == "utf8" or buffer is None:
            return out
        out.flush()  # what was said before comes before the data
        return _Utf8Writer(buffer)  # type: ignore[return-value]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None
