"""The recipe as it will read (`{anchor}, {behaviour}. {celebration}`, habits/README.md):
`new` refuses (here, and in tests/library/test_new.py) and `validate` reports a text that
breaks the sentence, in either language; a pack written before the check still loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxhabits.library.packs import sentence_problem
from tests.helpers.cli import cx, ok
from tests.library.test_catalog import habit, write
from tests.library.test_new import DUTCH, as_options, pack_path

READS_WELL = [
    ("anchor", "en", "When a customer asks “Can you check?”"),
    ("anchor", "nl", "Als ik heb opgehangen"),
    ("behaviour", "en", "I will say “thanks!”"),
    ("behaviour", "en", "I'll write one line"),
    ("behaviour", "en", "I will, before anything else, say my name"),
    ("behaviour", "nl", "schrijf ik één regel op"),
    ("behaviour", "nl", "zeg ik “dank u”"),
    ("celebration", "en", "Then I smile."),
    ("celebration", "en", "Then I think: “done!”"),
    ("celebration", "en", "“Yes,” I think."),
    ("celebration", "nl", "Dan glimlach ik…"),
    ("starter", "en", "Just ask: “Shall I write it down?”"),
    ("starter", "nl", "Alleen vragen: “Zal ik het opschrijven?”"),
    ("starter", "nl", "3 woorden opschrijven."),
    (
        "behaviour",
        "en",
        "I\u2019ll take one slow breath",
    ),  # found by review: a typographic apostrophe
    ("behaviour", "nl", "KCC-notitie maak ik kort"),
    ("celebration", "nl", "\u201eGoed zo!\u201d"),
    ("celebration", "nl", "\u2019t Is gelukt!"),
    ("celebration", "nl", "\u00abTop!\u00bb"),
    ("celebration", "en", "Nice! \U0001f389"),
    ("celebration", "en", "\u2026and breathe."),
    ("title", "en", "no rule for a title here"),
    ("why", "en", "no rule for a why here either"),
]
READS_BADLY = [
    ("anchor", "en", "After I hang up.", "'.'"),
    ("anchor", "nl", "Als ik heb opgehangen,", "','"),
    ("anchor", "en", "When the phone rings:", "':'"),
    ("behaviour", "en", "I will say thanks.", "'.'"),
    ("behaviour", "en", "I will say thanks;", "';'"),
    ("behaviour", "en", "say thanks", "I will"),
    ("behaviour", "en", "I willingly say thanks", "I will"),
    ("behaviour", "nl", "Schrijf ik één regel op", "kleine letter"),
    ("behaviour", "nl", "ik schrijf één regel op", "werkwoord"),
    ("celebration", "en", "then I smile.", "capital"),
    ("celebration", "en", "Then I smile", "full stop"),
    ("celebration", "nl", "Dan glimlach ik: “klaar”", "full stop"),
    ("starter", "en", "just smile.", "capital"),
    ("starter", "nl", "Alleen glimlachen", "full stop"),
]


@pytest.mark.parametrize(("name", "lang", "text"), READS_WELL)
def test_texts_that_make_a_sentence_pass(name: str, lang: str, text: str) -> None:
    assert sentence_problem(name, lang, text) is None


@pytest.mark.parametrize(("name", "lang", "text", "words"), READS_BADLY)
def test_texts_that_break_the_sentence_are_named(
    name: str, lang: str, text: str, words: str
) -> None:
    from cxhabits import i18n

    problem = sentence_problem(name, lang, text)
    assert problem is not None
    if words in ("kleine letter", "werkwoord"):
        i18n.set_language("nl")
        problem = sentence_problem(name, lang, text)
        i18n.set_language("en")
    assert problem is not None and words in problem, problem


def test_new_checks_the_dutch_word_order(cx_home: Path) -> None:
    texts = as_options({**DUTCH, "behaviour": "ik zet de beslissing in de eerste zin"})
    result = cx("new", "--lang", "nl", "--role", "agent", "--principle", "story", *texts)
    assert result.exit_code == 2 and "--behaviour" in result.stderr
    assert not pack_path(cx_home).exists()
    assert cx("new", "--lang", "nl", "--role", "agent", "--principle", "story",
              *as_options(DUTCH)).exit_code == 0  # fmt: skip


BROKEN = habit(
    "agent.say-thanks",
    order=90,
    anchor='{ en = "After I hang up.", nl = "Als ik heb opgehangen" }',
    behaviour='{ en = "I will say thanks", nl = "Ik zeg dank u" }',
    celebration='{ en = "then I smile", nl = "Dan glimlach ik." }',
)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_validate_reports_each_and_the_habit_still_loads(
    cx_home: Path, tmp_path: Path, language: str
) -> None:
    ok("config", "language", language)
    pack = write(tmp_path / "team", "team.toml", BROKEN)
    result = cx("validate", str(pack))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "agent.say-thanks" in line]
    assert {line.split(", ", 1)[1].split(":", 1)[0] for line in lines} == {
        "anchor.en",
        "behaviour.nl",
        "celebration.en",
    }
    ok("config", "packs", str(tmp_path / "team"))
    assert ok("show", "agent.say-thanks").exit_code == 0  # written before the check: kept
