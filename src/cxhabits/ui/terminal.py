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

from cxhabits.domain.chars import literal_lines
from cxhabits.ui import prose
from cxhabits.ui.streams import (
    plain_output,
    quietly,
)

# Only what Python has loaded anyway at start-up: typing, collections.abc and contextlib
# cost milliseconds, and this module is the guard that must be in place before them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn


def say(message: str = "", err: bool = False, wrap: bool = True) -> None:
    """Print a message (stdout, or stderr with err=True) with any outside text in it literal,
    wrapped to the terminal (prose.wrap) unless `wrap` is False (a prompt line, data).

    Our own messages hold no control characters but line breaks, so whatever else is
    there came from outside (a pack, an import, a note, an argument) and is made visible.
    """
    text = literal_lines(message)
    if wrap:
        text = prose.wrap(text)
    print(text, file=sys.stderr if err else sys.stdout)


# -- the width to draw in ---------------------------------------------------------------

MIN_COLUMNS, MAX_COLUMNS, FALLBACK_COLUMNS = 20, 1000, 80


def width_instead() -> int | None:
    """The width to draw in when $COLUMNS holds none that can be drawn in (0, -3, `wide`,
    a billion): the terminal's own, else 80. None when $COLUMNS is unset or usable."""
    text = os.environ.get("COLUMNS")
    if text is None:
        return None
    try:
        columns = int(text)
    except ValueError:
        columns = 0
    if MIN_COLUMNS <= columns <= MAX_COLUMNS:
        return None
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (OSError, ValueError, AttributeError):
        columns = FALLBACK_COLUMNS
    return columns if MIN_COLUMNS <= columns <= MAX_COLUMNS else FALLBACK_COLUMNS


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
