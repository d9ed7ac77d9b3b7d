"""The language setting, read from the state in one place (Typer-free, for every path).

Help and parse errors come before any command reads the state, and a refusal can come
before it too: each then reads the setting here. A command that loads the state speaks
its settings itself (app.language, daily.py).
"""

from __future__ import annotations

from pathlib import Path


def speak(folder: Path | None = None) -> None:
    """Speak the `language` setting of the state in `folder` (default: the data folder).

    A state that cannot be read leaves the language as it is (the locale's, else English):
    the command reports the problem itself, in that language.
    """
    import contextlib

    from cxhabits import i18n
    from cxhabits.errors import CxHabitsError
    from cxhabits.storage import datafolder, store

    with contextlib.suppress(CxHabitsError):
        i18n.set_language(store.load(folder or datafolder.home_dir()).settings.language)
