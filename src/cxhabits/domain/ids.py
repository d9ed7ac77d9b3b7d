"""The ids and slugs of cxhabits, written once: roles, habits, principles, people, file names.

Pure and import-light: the library, the state files, imports and share documents all
check ids against these patterns before an id is used anywhere (never as a path first).
"""

from __future__ import annotations

import re

ROLE_ID = r"[a-z][a-z0-9-]{1,29}"
# A habit id is `role.slug`; the groups are the role and the slug.
HABIT_ID = r"([a-z][a-z0-9-]{1,29})\.([a-z0-9][a-z0-9-]{2,39})"
PRINCIPLE_ID = r"[a-z][a-z0-9-]{0,39}"
SLUG_MAX = 40


def slug(text: str, longest: int = SLUG_MAX) -> str:
    """Lowercase a-z, digits and hyphens, accents folded ('één' -> 'een'), cut at a word."""
    words = re.sub(r"[^a-z0-9]+", " ", _folded(text).lower()).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > longest:
            break
        out = candidate
    if not out and words:
        out = words[0][:longest]
    return out


def _folded(text: str) -> str:
    if text.isascii():
        return text
    import unicodedata  # only for text beyond ASCII

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
