"""The status line kept ready: plain `cxhabits status` at the interpreter's floor.

`status` runs on every shell prompt, and most prompts come between two saves on one
day, so the line is the one the last status printed. That status keeps it in a small
file in the user's cache folder (never the data folder, which may sync to other
devices), under a key of everything the line depends on: cxhabits' version; the state
file's identity (device, inode, size, mtime: every save writes a new file); the data
folder's and archive/'s (a sync client's copy, a journal, a new archive change them);
the day; the width; the language and encoding settings of the environment. A status
whose key is the same prints the line having imported nothing of cxhabits but this
module. Any difference or doubt (a missing file, an unreadable cache, a non-UTF-8
output) and the status runs as before, and keeps its line for the next prompt.

Only `os`, `sys` and `time` here: they are loaded before any program starts.
"""

from __future__ import annotations

import os
import sys

CACHE_FILE = "status-line"
ENVIRONMENT = (  # what decides the data folder, the language, the width, the encoding
    "CXHABITS_HOME",
    "CXHABITS_TODAY",
    "XDG_DATA_HOME",
    "HOME",
    "LOCALAPPDATA",
    "APPDATA",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "COLUMNS",
    "PYTHONIOENCODING",
)


def cache_path() -> str:
    """`$XDG_CACHE_HOME/cxhabits/status-line` (an absolute one), else `~/.cache/...`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cxhabits", CACHE_FILE)


def key(folder: str) -> str | None:
    """Everything the status line of `folder` depends on, as one line; None when the
    line cannot be kept (no state file, an output that is not UTF-8)."""
    import time

    from cxhabits import __version__

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8":
        return None
    parts = [__version__, time.strftime("%Y-%m-%d"), folder]
    parts += [f"{name}={os.environ.get(name, '')}" for name in ENVIRONMENT]
    for fd in (1, 2):
        try:
            parts.append(str(os.get_terminal_size(fd)))
        except OSError:
            parts.append("-")
    for name in ("state.toml", "", "archive"):
        try:
            info = os.stat(os.path.join(folder, name))
        except OSError:
            if name == "state.toml":
                return None
            parts.append("-")
            continue
        parts.append(f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}")
    return "\x1f".join(parts)


def line() -> str | None:
    """The kept status line, when the key it was kept under still holds; else None."""
    try:
        with open(cache_path(), encoding="utf-8") as kept:
            folder, kept_key, text = kept.read().split("\n")[:3]
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return text if text and key(folder) == kept_key else None


def keep(folder: str, text: str) -> None:
    """Keep `text` as the status line of `folder`: through the one atomic writer, a whole
    file or none, without the fsync (a cache: a lost one is worked out again)."""
    found = key(folder)
    if found is None or "\n" in text:
        return
    from pathlib import Path

    from cxhabits.atomic import write_file

    path = Path(cache_path())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_file(path, f"{folder}\n{found}\n{text}\n".encode(), mode=0o600, durable=False)
    except OSError:
        pass  # no cache folder to be had: the next status works its line out again


def print_ready() -> bool:
    """Print the kept status line if it holds (the whole of plain `status`); True if so."""
    text = line()
    if text is None:
        return False
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except OSError:  # a closed pipe, a full disk: the full run says it as it always does
        return False
    return True
