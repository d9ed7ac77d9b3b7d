"""The exceptions a user sees as messages; the CLI turns them into stderr and an exit code."""


class CxHabitsError(Exception):
    """A refusal or failure the user can act on (exit 1).

    The message says what is wrong and, on its last line, what to do next. It is
    translated when it is shown, not when it is raised: an error about the command
    line comes before the settings say which language to speak. So a message is
    best raised untranslated (marked with `N_`), with its values as `params`.
    """

    exit_code = 1

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.params = params

    def __str__(self) -> str:
        from cxhabits.i18n import _

        message = _(str(self.args[0]))
        return message.format(**self.params) if self.params else message


class UsageError(CxHabitsError):
    """A malformed or out-of-range value given by the user (exit 2)."""

    exit_code = 2


class StateError(CxHabitsError):
    """The state file cannot be read or written; it is left as it was (exit 1)."""
