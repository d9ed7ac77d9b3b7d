"""The third edition's craft rules for the shipped library, the ones a test can check."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cxhabits.library import catalog, packs

LIBRARY = catalog.load_library(None)
OFFERED = [h for h in LIBRARY.habits.values() if not h.retired]
THEATRE = re.compile(r"\b(held|helden|hero|heroes|hemels\w*|middenin)\b|95\s?%", re.IGNORECASE)
MANDATE = re.compile(r"\b(mandate|mandaat|budget)\b", re.IGNORECASE)
CREATES_MANDATE = {"leader.say-the-mandate"}  # it sets the bound the others use
DUTCH_IMPERATIVES = {"zeg", "vraag", "stuur", "bel", "lees", "laat", "open", "wijs", "spreek"}
DUTCH_IMPERATIVES |= {"bedank", "noem", "schrap", "zie", "benoem", "zoek", "geef", "zet", "doe"}
CUTS = {"als", "voor", "na", "met", "wat", "die", "dat", "wie", "waar", "hoe", "zoals", "voordat"}
CUTS |= {"terwijl", "zodat", "bij", "tegen", "naar", "aan"}
QUOTED = re.compile("[\u201c\u2018]([^\u201d\u2019]*)[\u201d\u2019]")  # typographic quotes
NOT_INFINITIVES = {"een", "één", "geen", "mijn", "zijn", "hun", "ons", "tien", "drie", "tegen"}


def words(text: str) -> list[str]:
    return re.findall(r"[\wéëèáíóúï']+", text.lower())


def celebration_opening(text: str, language: str) -> str:
    """The first two words, after "Then I" in English: "Then I nod" and "Dan knik" alike."""
    found = words(text)
    if language == "en" and found[:2] == ["then", "i"]:
        return " ".join(found[:3])
    return " ".join(found[:2])


@pytest.mark.parametrize("language", packs.LANGUAGES)
def test_no_celebration_opening_is_shared_by_more_than_three_habits(language: str) -> None:
    counts = Counter(
        celebration_opening(h.texts["celebration"][language], language) for h in OFFERED
    )
    assert {o: n for o, n in counts.items() if n > 3} == {}


def test_no_management_theatre() -> None:
    texts = [(h.id, t) for h in OFFERED for f in h.texts.values() for t in f.values()]
    assert [(i, t) for i, t in texts if THEATRE.search(t)] == []


def test_no_two_habits_of_a_role_share_an_anchor_unless_one_stacks_on_the_other() -> None:
    for language in packs.LANGUAGES:
        seen: dict[tuple[str, str], str] = {}
        for habit in sorted(OFFERED, key=lambda h: (h.stacks_on is not None, h.id)):
            key = (habit.role, " ".join(words(habit.texts["anchor"][language])))
            other = seen.setdefault(key, habit.id)
            if other != habit.id:
                assert habit.stacks_on == other, f"{habit.id} and {other} share an anchor"


def test_titles_are_in_one_form_gerund_and_infinitive() -> None:
    """English titles start with a gerund; Dutch ones are an infinitive phrase, the verb
    first or last (before a comma), never an imperative."""
    wrong = []
    for habit in OFFERED:
        en, nl = words(habit.texts["title"]["en"]), habit.texts["title"]["nl"]
        if not en[0].endswith("ing"):
            wrong.append((habit.id, "en", habit.texts["title"]["en"]))
        clause = words(re.split(r"[,:]", nl)[0])
        # the verb stands first, last, or just before the clause or phrase it governs
        places = [clause[0], clause[-1]] + [
            clause[i - 1] for i in range(1, len(clause)) if clause[i] in CUTS
        ]
        verbs = [w for w in places if w.endswith("en") and w not in NOT_INFINITIVES]
        if clause[0] in DUTCH_IMPERATIVES or not verbs:
            wrong.append((habit.id, "nl", nl))
    assert wrong == []


def test_every_habit_that_relies_on_a_mandate_says_so() -> None:
    missing = [
        h.id
        for h in OFFERED
        if h.id not in CREATES_MANDATE
        and any(MANDATE.search(t) for f in h.texts.values() for t in f.values())
        and not h.uses_mandate
    ]
    assert missing == []


@pytest.mark.parametrize("role", packs.SHIPPED_ROLES)
def test_every_role_has_seven_habits_and_daily_anchors_come_first(role: str) -> None:
    habits = LIBRARY.role_habits(role)
    assert len(habits) >= 7
    flags = [h.near_daily for h in habits]
    assert not flags[0], "a role starts with a habit whose anchor comes every workday"
    assert flags == sorted(flags), "a near-daily habit comes after every daily one"


def test_every_retired_habit_is_found_and_names_its_successor() -> None:
    retired = [h for h in LIBRARY.habits.values() if h.retired]
    assert retired
    for habit in retired:
        assert catalog.find_habit(habit.id, None) is not None
        assert habit.replaced_by in LIBRARY.habits, habit.id


def test_a_moved_habit_keeps_its_id_and_is_found_on_the_fast_path() -> None:
    moved = LIBRARY.habits["front-desk.call-ahead"]
    assert moved.role == "reception" and moved in LIBRARY.role_habits("reception")
    assert catalog.find_habit("front-desk.call-ahead", None) == moved


def test_no_photo_of_a_real_customer_and_feeling_notes_warn_about_access() -> None:
    assert not any("photo beside my screen" in h.texts["behaviour"]["en"] for h in OFFERED)
    feeling = LIBRARY.habits["agent.one-word-for-the-feeling"]
    assert "read their file" in feeling.texts["why"]["en"]


def test_dutch_avoids_words_only_the_netherlands_uses() -> None:
    texts = [t for h in OFFERED for f in h.texts.values() for t in [f["nl"]]]
    texts += [r.name["nl"] for r in LIBRARY.roles.values()]
    flagged = re.compile(r"(P&O|\bklantenservice\b|\bappen\b|\bgeappt\b)", re.IGNORECASE)
    assert [t for t in texts if flagged.search(t)] == []


def test_no_behaviour_ends_in_punctuation_the_recipe_adds_the_full_stop() -> None:
    """`{anchor}, {behaviour}. {celebration}`: a behaviour ending in a quoted question or
    sentence would print "?”." or ".”." on the card."""
    ending = re.compile("[.?!:;,][\u201d\u2019\"']?$")
    wrong = [
        (h.id, lang, h.texts["behaviour"][lang][-20:])
        for h in LIBRARY.habits.values()
        for lang in packs.LANGUAGES
        if ending.search(h.texts["behaviour"][lang])
    ]
    assert wrong == []


@pytest.mark.parametrize("role", ["public-service", "healthcare-desk", "reception"])
def test_lines_spoken_to_residents_patients_and_visitors_say_u(role: str) -> None:
    """At a city desk, a practice or a reception, Flemish and many Dutch desks say "u"."""
    quoted = [
        (h.id, line)
        for h in OFFERED
        if h.role == role
        for field in h.texts.values()
        for line in re.findall(QUOTED, field["nl"])
    ]
    assert quoted, "the role quotes what to say"
    familiar = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
    assert [(i, line) for i, line in quoted if familiar.search(line)] == []


def test_dutch_uses_words_read_in_flanders_and_the_netherlands_alike() -> None:
    """The words the Flemish review tripped over, each with the neutral one the library uses."""
    texts = [f["nl"] for h in OFFERED for f in h.texts.values()]
    flagged = re.compile(
        r"\b(bus|nabellen|betalingsregeling|declaratie|salarisrun|loonstrook|legitimatie|"
        r"zaaknummer|uitloop|beschikking|bezwaarroute|gefeliciteerd|vooruitbellen|wetend|"
        r"bezoekerspas|contacthistorie|navertellen|keus)\b|op de mat|denk erom|bel ik vooruit",
        re.IGNORECASE,
    )
    assert [t for t in texts if flagged.search(t)] == []
