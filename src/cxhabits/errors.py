"""The exceptions a user sees as messages; the CLI turns them into stderr and an exit code."""


class Message:
    """A message kept untranslated until it is shown: `N_` text and its values.

    A value of another message (`Message(N_("is empty"))`) is translated when the outer
    one is shown too, so a sentence built of parts still speaks the language of the moment
    it is printed, not of the moment it was raised.
    """

    def __init__(self, text: str, **params: object) -> None:
        self.text = text
        self.params = params

    def __str__(self) -> str:
        from cxhabits.i18n import _

        message = _(self.text)
        return message.format(**self.params) if self.params else message

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


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
