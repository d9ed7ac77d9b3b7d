"""The privacy sheets: a page for employees first, the risks and the agreement the
works council asked for, and the same Dutch words in the sheet as in the report."""

import re
from pathlib import Path

import pytest

from cxhabits import i18n
from cxhabits.i18n import _

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _sections(text: str) -> list[str]:
    return re.findall(r"^## (.+)$", text, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("name", "first", "words"),
    [
        (
            "PRIVACY.md",
            "For you, if your team asks you to share (one page)",
            ["What is shared.", "Who can see it.", "How to stop.", "Everyone who can open"],
        ),
        (
            "PRIVACY.nl.md",
            "Voor jou, als je team vraagt om te delen (één pagina)",
            ["Wat er gedeeld wordt.", "Wie het kan zien.", "Stoppen met delen.", "Iedereen die"],
        ),
    ],
)
def test_the_employee_page_comes_first_and_is_short(
    name: str, first: str, words: list[str]
) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    assert _sections(text)[0] == first
    page = text.split("## " + first, 1)[1].split("\n## ", 1)[0]
    assert len(page.split()) < 500, "one page"
    assert "--flag" not in page and "JSON" not in page and "ISO" not in page
    for word in words:
        assert word in page, word
    assert "--check-on-me" in page and "share --stop" in page


@pytest.mark.parametrize(
    ("name", "risks", "points"),
    [
        (
            "PRIVACY.md",
            [
                "Screenshots",
                "pushes people to share",
                "stopping, are visible",
                "peer pressure",
                "Linking with other data",
            ],
            [
                "Purpose",
                "No appraisal",
                "No linking",
                "Free participation",
                "Minimum group",
                "Retention and purge",
                "DPIA",
                "Controller",
                "Complaints route",
                "Evaluation after 6 months",
            ],
        ),
        (
            "PRIVACY.nl.md",
            [
                "Schermafdrukken",
                "aanspoort om te delen",
                "stoppen met delen, zijn zichtbaar",
                "groepsdruk",
                "Koppelen aan andere gegevens",
            ],
            [
                "Doel",
                "Geen beoordeling",
                "Geen koppeling",
                "Vrij meedoen",
                "Minimale groep",
                "Bewaren en wissen",
                "DPIA",
                "Verwerkingsverantwoordelijke",
                "Klachten",
                "Evaluatie na 6 maanden",
            ],
        ),
    ],
)
def test_the_sheet_names_the_risks_and_the_agreement(
    name: str, risks: list[str], points: list[str]
) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    seven = text.split("\n## 7.", 1)[1].split("\n## 8.", 1)[0]
    for risk in risks:
        assert risk in seven, risk
    fourteen = text.split("\n## 14.", 1)[1].split("\n## 15.", 1)[0]
    bold = re.findall(r"^\d+\. \*\*([^*]+)\*\*", fourteen, flags=re.MULTILINE)
    assert [b.rstrip(":") for b in bold] == points


STIFF = [
    "coach op de opdrachtregel",
    '"naar huis bellen"',
    "drukt alles af",
    "staat op zichzelf",
    "later gedateerd",
    "dragen ze dezelfde week",
    "opgevolgd",
    "rustig uitademen",
    "keer dat je haar koos",
    "principe: influence",
    "rol: agent",
]


def test_the_stiff_dutch_is_gone() -> None:
    text = (DOCS / "PRIVACY.nl.md").read_text(encoding="utf-8")
    for phrase in STIFF:
        assert phrase not in text, phrase


def test_the_sheet_and_the_report_use_the_same_dutch_words() -> None:
    text = (DOCS / "PRIVACY.nl.md").read_text(encoding="utf-8")
    i18n.set_language("nl")
    try:
        words = {m: _(m) for m in ("building", "routine", "dropped", "Asked to be checked on")}
    finally:
        i18n.set_language("en")
    assert words == {
        "building": "in opbouw",
        "routine": "routine",
        "dropped": "losgelaten",
        "Asked to be checked on": "Wie om een seintje vroeg",
    }
    for word in words.values():
        assert word in text, word
    # "gestopt" is kept for stopping to share; a dropped habit is "losgelaten"
    assert "gestopt in week" not in text and '"dropped"` (gestopt)' not in text
