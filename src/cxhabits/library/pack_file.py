"""A pack file as `cxhabits new` changes it: read as it is, written whole or not at all.

The new text is written to a temporary file beside the pack, checked as the validator
would check it (against the shipped library, the user's packs and the team folders'),
and only then renamed over the pack; so an interruption at any point leaves the pack
byte for byte as it was, and no reader ever sees half a pack.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path

from cxhabits import paths
from cxhabits.atomic import switch, write_temp
from cxhabits.errors import CxHabitsError, Message
from cxhabits.i18n import N_
from cxhabits.library.catalog import check_candidate
from cxhabits.library.packs import Pack, read_pack


def read_target(
    target: Path, known_roles: Iterable[str], data_folder: Path
) -> tuple[str, Pack | None]:
    """The pack's text as it is (kept byte for byte), and what it holds; refused if unusable:
    a typed path that is no pack cxhabits may write (paths.check_target), or too big."""
    try:
        paths.check_target(target, data_folder, packs=True)
        if not os.path.lexists(target):
            return "", None
        existing = paths.read_bounded(target, paths.MAX_PACK_BYTES).decode("utf-8")
    except paths.Unfit as exc:
        raise paths.refuse(
            target, exc, N_("Give a pack file: cxhabits new --pack FILE.toml")
        ) from None
    except UnicodeDecodeError:
        raise paths.refuse(
            target,
            paths.Unfit(Message(N_("is not UTF-8 text"))),
            N_("Give a pack file: cxhabits new --pack FILE.toml"),
        ) from None
    current = read_pack(target, known_roles=known_roles)
    broken = [p for p in current.problems if not p.habit and p.field in ("", "role", "role.id")]
    if broken:
        raise CxHabitsError(
            N_(
                "{path} cannot take a new habit: {problem}.\n"
                "Fix it first (cxhabits validate {path}), or give another pack with --pack FILE."
            ),
            path=target,
            problem=broken[0].message,
        )
    return existing, current


def pack_ids(existing: str) -> set[str]:
    """Every id the pack's text names, broken habits included: a new id must be free of them."""
    with contextlib.suppress(tomllib.TOMLDecodeError):
        habits = tomllib.loads(existing).get("habits", [])
        if isinstance(habits, list):
            return {h["id"] for h in habits if isinstance(h, dict) and isinstance(h.get("id"), str)}
    return set()


def write_checked(
    target: Path, existing: str, text: str, user_dir: Path, team_dirs: Iterable[Path]
) -> None:
    """Write `text` as the pack, atomically, only if it adds no problem the validator finds.

    `existing` is the pack's text when the questions began: if the file changed since
    (someone saved it in an editor meanwhile), nothing is written.
    """
    path = target.resolve() if target.is_symlink() else target  # a linked pack stays a link
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        made = write_temp(path, text.encode("utf-8"))
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        os.chmod(made, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        refuse_new_problems(path, made, existing, user_dir, tuple(team_dirs))
        if current_text(path) != existing:
            raise CxHabitsError(
                N_(
                    "{path} changed while you answered; nothing was written.\n"
                    "Run 'cxhabits new' again."
                ),
                path=target,
            )
        switch(made, path)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            made.unlink()


def current_text(path: Path) -> str:
    """The pack's text now ("" when there is none), read as read_target reads it."""
    if not os.path.lexists(path):
        return ""
    try:
        return paths.read_bounded(path, paths.MAX_PACK_BYTES).decode("utf-8")
    except (paths.Unfit, UnicodeDecodeError):
        return "\0"  # unreadable now: never equal to what was read


def refuse_new_problems(
    path: Path, made: Path, existing: str, user_dir: Path, team_dirs: tuple[Path, ...]
) -> None:
    """Refuse the new text if it has a problem the pack did not have already."""
    before = set()
    if existing:
        before = {p[1:] for p in check_candidate(path, path, user_dir, team_dirs)}
    added = [p for p in check_candidate(made, path, user_dir, team_dirs) if p[1:] not in before]
    if added:
        raise CxHabitsError(
            N_(
                "Not written: the pack would not pass the validator:\n{problems}\n"
                "Nothing was changed in {path}; change the answer named and run it again."
            ),
            problems="\n".join(str(p) for p in added),
            path=path,
        )


def cannot_write(path: Path, error: OSError) -> CxHabitsError:
    return CxHabitsError(
        N_(
            "{path} cannot be written: {error}.\n"
            "Nothing was changed; give another pack with --pack FILE."
        ),
        path=path,
        error=error.strerror or error,
    )
