"""The terminal, handled with care: outside text shown literally, output that cannot crash.

Typer-free and cheap to import: the fast path of plain `status` and `checkin` uses it,
and `cli.main()` wraps the whole run in `run()` before any heavy import, so a Ctrl-C
during `import typer` is already an interrupt, not a traceback.

- `literal(text)`: text that did not come from this program (packs, imports, notes, ids,
  file names), made safe to print: control, escape, bidi-override and zero-width
  characters are shown as `\\x1b` or `<U+202E>` instead of acting on the terminal.
- `run(body)`: the guard around a whole run. Output in an encoding that cannot show our
  symbols falls back to plain ones; a closed pipe, closed stdout or full disk is one
  line on stderr and exit 1 (never a silent 0 or Python's exit 120); Ctrl-C is exit 130
  with a message that says whether anything was saved (`watch()` tells it where to look).
"""

from __future__ import annotations

import errno
import os
import sys

# Only what Python has loaded anyway at start-up: typing, collections.abc and contextlib
# cost milliseconds, and this module is the guard that must be in place before them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import TracebackType
    from typing import Any, NoReturn, TextIO


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

# Characters that act on a terminal or hide what text says: the C0 and C1 controls and
# DEL, the bidirectional embeddings, overrides and isolates, the zero-width characters,
# the line and paragraph separators, and the byte-order mark.
INVISIBLE = frozenset(
    (
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0x200B, 0x2010),
        0x2060,
        0xFEFF,
        0x2028,
        0x2029,
    )
)
_literal_table: dict[int, str] = {}  # made on first use: most runs never need it


def literal(text: str) -> str:
    """`text` as it is, with every character that could act on the terminal made visible.

    Controls become `\\x1b`, `\\n`-like escapes (`\\x0a`); bidi and zero-width characters
    become `<U+202E>`; a byte that was not UTF-8 (a lone surrogate) shows as `\\xff`.
    """
    if text.isprintable():  # every character above is non-printable: the common case is free
        return text
    if not _literal_table:
        _literal_table.update({c: f"\\x{c:02x}" for c in (*range(32), *range(127, 160))})
        _literal_table.update({c: f"<U+{c:04X}>" for c in INVISIBLE})
    shown = text.translate(_literal_table)
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in shown):
        shown = "".join(_surrogate(ch) if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in shown)
    return shown


def literal_lines(text: str) -> str:
    """`literal()` line by line: the line breaks of a message of ours stay line breaks."""
    if text.isprintable():
        return text
    return "\n".join(literal(line) for line in text.split("\n"))


def say(message: str = "", err: bool = False) -> None:
    """Print a message (stdout, or stderr with err=True) with any outside text in it literal.

    Our own messages hold no control characters but line breaks, so whatever else is
    there came from outside (a pack, an import, a note, an argument) and is made visible.
    """
    print(literal_lines(message), file=sys.stderr if err else sys.stdout)


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

            def _render_buffer(self, buffer: Iterable[Segment]) -> str:
                return super()._render_buffer(
                    Segment(literal_lines(text), style, None) if control is None else segment
                    for segment in buffer
                    for text, style, control in (segment,)
                )

        _console_class = LiteralConsole
    return _console_class(**settings)


_console_class: Any = None


def _surrogate(ch: str) -> str:
    code = ord(ch)
    # surrogateescape keeps an undecodable byte b as U+DC00+b: show the byte.
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"<U+{code:04X}>"


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
        return literal(char)
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


# -- standard streams that are closed --------------------------------------------------


class _ClosedStream:
    """Stands in for a closed stdout or stderr: remembers whether anything was written."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self) -> None:
        self.written = False

    def write(self, text: str) -> int:
        if text:
            self.written = True
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "closed")


def _occupy_closed_descriptors() -> None:
    """A closed fd 0, 1 or 2 would be handed to the next file opened (the state file!):
    point it at the null device, and give Python a stand-in for the stream."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            try:
                null = os.open(os.devnull, os.O_RDWR)
            except OSError:
                continue
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = _ClosedStream()


# -- what was saved, for the message after Ctrl-C ----------------------------------------

_watched: list[tuple[str, tuple[int, int, int] | None]] = []


def _fingerprint(path: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def watch(state_file: os.PathLike[str] | str) -> None:
    """Remember how the state file looks now, so an interrupt can tell whether this run
    saved (every save replaces the file). Call it before the command's first save."""
    path = os.fspath(state_file)
    _watched[:] = [(path, _fingerprint(path))]


def saved() -> bool:
    """Whether the watched state file changed since `watch()` (False if none is watched)."""
    return any(_fingerprint(path) != before for path, before in _watched)


def interrupted_message() -> str:
    """What to say after Ctrl-C: only the truth about what was saved."""
    try:
        from cxhabits.i18n import _
    except BaseException:  # interrupted while importing gettext: English, plainly
        return "Interrupted; nothing was changed."
    if saved():
        return _(
            "Interrupted after a change was saved: that change is kept, nothing after it was done."
        )
    return _("Interrupted; nothing was changed.")


# -- the guard around a run --------------------------------------------------------------

OUTPUT_ERRNOS = frozenset(
    code
    for code in (
        errno.EPIPE,
        errno.ENOSPC,
        errno.EIO,
        errno.EBADF,
        errno.EFBIG,
        getattr(errno, "EDQUOT", errno.ENOSPC),
        errno.ECONNRESET,
    )
)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    _say_err(str(code))
    return 1


def _say_err(message: str) -> None:
    with quietly:
        print(message, file=sys.stderr, flush=True)


def _output_failed(problem: OSError | None) -> int:
    """Report that stdout could not take the output; stop later flushes from failing."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass
    code = problem.errno if problem is not None else errno.EPIPE
    try:
        from cxhabits.i18n import _
    except BaseException:

        def _(message: str) -> str:
            return message

    if code == errno.EPIPE or code == errno.ECONNRESET:
        message = _("The output was cut off: the program reading it closed the pipe.")
    elif code == errno.EBADF:
        message = _(
            "The output was lost: standard output is closed.\nRun it again with somewhere to write."
        )
    else:
        reason = (problem.strerror if problem is not None else None) or str(problem)
        message = _(
            "The output could not be written: {reason}.\nFree some space, or write it elsewhere."
        ).format(reason=reason)
    _say_err(message)
    return 1


def _flush(stream: object) -> OSError | None:
    """Flush `stream`; the error if that failed (None if it went fine)."""
    if isinstance(stream, _ClosedStream):
        return OSError(errno.EBADF, "closed") if stream.written else None
    flush = getattr(stream, "flush", None)
    if flush is None:
        return None
    try:
        flush()
    except OSError as exc:
        return exc
    except ValueError:  # flushing a closed file
        return None
    return None


def run(body: Callable[[], object]) -> NoReturn:
    """Run `body` (the whole command line) under the guard, then exit with its code."""
    code = 0
    try:
        _occupy_closed_descriptors()
        plain_output()
        out = sys.stdout
        problem: OSError | None = None
        try:
            body()
        except SystemExit as exc:
            code = _exit_code(exc.code)
        except OSError as exc:
            if exc.errno not in OUTPUT_ERRNOS or exc.filename is not None:
                raise  # not about the output: a bug, shown as one
            problem = exc
            # Met while saying why the command failed (stderr on a full disk): keep its code.
            code = getattr(exc.__context__, "exit_code", 0)
        problem = _flush(out) or problem
        if problem is None and sys.stdout is not out and not isinstance(out, _ClosedStream):
            # Click swapped stdout for a quiet wrapper: it met a broken pipe.
            problem = OSError(errno.EPIPE, "broken pipe")
        if problem is not None:
            failed = _output_failed(problem)
            code = code or failed
        with quietly:
            sys.stderr.flush()
    except KeyboardInterrupt:
        _say_err("\n" + interrupted_message())
        code = 130
    sys.exit(code)
