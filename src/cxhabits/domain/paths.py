"""A path a person typed (an option, an argument, `CXHABITS_HOME`), checked before any use.

One rule for every such path, so no command meets a traceback later when it opens,
creates, prints or records it: not empty, `~user` only for a user that exists, no part
longer than a file system allows (255 bytes), and text that can be written down (no
byte that is not UTF-8: the path may have to be saved in state.toml or printed).
"""

from __future__ import annotations

import os
from pathlib import Path

from cxhabits.errors import UsageError
from cxhabits.i18n import N_

NAME_MAX_BYTES = 255  # one part of a path: ext4, APFS, NTFS (in UTF-16 units) and most others
PATH_MAX_BYTES = 4095  # a whole path: Linux's PATH_MAX less its closing zero


def not_utf8(text: str) -> bool:
    """Whether `text` holds a byte that was not UTF-8 (kept as a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown(text: str) -> str:
    """`text` printable: a byte that was not UTF-8 as `\\xe9`."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def user_path(text: str, what: str) -> Path:
    """`text` as a path (`~` expanded), or UsageError (exit 2) saying what is wrong with it.

    `what` names where it was typed (`--html`, `FOLDER`, `CXHABITS_HOME`).
    """
    if not text.strip():
        raise UsageError(N_("{what} is empty.\nGive the path of a file or a folder."), what=what)
    if not_utf8(text):
        raise UsageError(
            N_(
                "{what} '{path}' has bytes that are not UTF-8 text.\n"
                "Rename the folder or file, or give another one."
            ),
            what=what,
            path=shown(text),
        )
    expanded = os.path.expanduser(text)  # unchanged when the user is not known
    if expanded.startswith("~"):
        raise UsageError(
            N_(
                "{what} '{path}' starts with {user}, and there is no such user here.\n"
                "Give the full path instead."
            ),
            what=what,
            path=text,
            user=expanded.split(os.sep, 1)[0],
        )
    path = Path(expanded)
    for part in (*path.parts, expanded):
        if len(os.fsencode(part)) > (PATH_MAX_BYTES if part is expanded else NAME_MAX_BYTES):
            raise UsageError(
                N_(
                    "{what} has a name longer than {most} bytes, more than a file system "
                    "allows: {start}...\nGive a shorter path."
                ),
                what=what,
                most=PATH_MAX_BYTES if part is expanded else NAME_MAX_BYTES,
                start=part[:40],
            )
    return path
