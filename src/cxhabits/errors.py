"""The exceptions a user sees as messages; the CLI turns them into stderr and an exit code."""

from __future__ import annotations


class CxHabitsError(Exception):
    """A refusal or failure the user can act on (exit 1).

    The message says what is wrong and, on its last line, what to do next.
    """

    exit_code = 1


class UsageError(CxHabitsError):
    """A malformed or out-of-range value given by the user (exit 2)."""

    exit_code = 2


class StateError(CxHabitsError):
    """The state file cannot be read or written; it is left as it was (exit 1)."""


class PackError(CxHabitsError):
    """A habit pack could not be read."""
