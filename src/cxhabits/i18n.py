"""The user's language for every message, prompt, help text and label.

English is written in the code, wrapped in `_()`; other languages are gettext
catalogues in `locale/<lang>/LC_MESSAGES/cxhabits.po`, compiled to `.mo` beside
them (`python scripts/messages.py compile`), so a third language is a file, not
a code change. The compiled catalogue is kept in the repository: both a wheel
and an editable checkout load it with no build step, and a test checks that it
matches its `.po`.

The language is the `language` setting, else the locale (LC_ALL, LC_MESSAGES,
LANG), else English. English costs nothing: no catalogue is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext  # imported where a catalogue is read: English and the fast path skip it

DOMAIN = "cxhabits"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "nl")

_language = "en"
_catalogue: gettext.NullTranslations | None = None  # read on first use, per language


def from_locale() -> str:
    """The language the environment asks for, if cxhabits speaks it; else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code != "en" and speaks(code) else "en"
    return "en"


def speaks(code: str) -> bool:
    """Whether there is a compiled catalogue for `code`: one stat, not a glob of the
    locale folder (every run asks, the shell prompt's `status` too)."""
    return code.isalpha() and (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()


def set_language(language: str | None) -> str:
    """Speak `language` from now on (None: the locale's). Returns the one in use."""
    global _language, _catalogue
    chosen = language or from_locale()
    if chosen != _language:
        _language, _catalogue = chosen, None
    return _language


def catalogue() -> gettext.NullTranslations:
    global _catalogue
    if _catalogue is None:
        import gettext

        _catalogue = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[_language], fallback=True
        )
    return _catalogue


def _(message: str) -> str:
    """`message` in the current language (English when there is no translation)."""
    if _language == "en":
        return message
    return catalogue().gettext(message)


def language() -> str:
    """The language in use."""
    return _language


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; translate it where it is shown."""
    return message


def half_up(value: float, digits: int) -> float:
    """`value` rounded to `digits` decimals half up, as people round (4.25 is 4.3)."""
    scale = 10.0**digits
    return math_floor(value * scale + 0.5 + 1e-9) / scale


def beside(value: float, threshold: float, digits: int) -> float:
    """`value` rounded half up, but never onto the other side of `threshold` (PRODUCT.md:
    0.795 beside a needed 0.80 is 0.79, not a met-looking 0.80)."""
    shown = half_up(value, digits)
    step = 10.0**-digits
    if value < threshold <= shown + 1e-9:
        return half_up(threshold - step, digits)
    if shown < threshold <= value:
        return half_up(threshold, digits)
    return shown


def math_floor(value: float) -> int:
    """`math.floor` without importing math (this module loads on every prompt)."""
    whole = int(value)
    return whole - 1 if value < whole else whole


def number(value: float, digits: int) -> str:
    """`value` with `digits` decimals, rounded half up: a decimal comma in Dutch."""
    text = f"{half_up(value, digits):.{digits}f}"
    return text.replace(".", ",") if _language == "nl" else text


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    if _language == "en":
        return singular if count == 1 else plural
    return catalogue().ngettext(singular, plural, count)


set_language(None)
