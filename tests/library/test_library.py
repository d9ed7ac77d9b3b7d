"""The shipped habit library: its craft rules, and retired habits that keep records whole."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cxhabits import i18n
from cxhabits.cli.daily import next_pick
from cxhabits.cli.selfcheck import SRBAI_STATEMENTS
from cxhabits.domain.model import CheckIn, HabitRecord, State
from cxhabits.library import catalog, packs
from cxhabits.storage import store
from tests.conftest import workdays
from tests.helpers import cli, shortcuts

LIBRARY = catalog.load_library(None)
OFFERED = [h for h in LIBRARY.habits.values() if not h.retired]
RETIRED = sorted(h.id for h in LIBRARY.habits.values() if h.retired)
# Words that give away an anchor that does not happen every workday.
RARE = re.compile(
    r"\b(week|weekly|month|monthly|quarter|monday|friday|sprint|refinement|"
    r"week\w*|wekelijks|maand\w*|kwartaal|maandag|vrijdag)\b",
    re.IGNORECASE,
)

runner = CliRunner()
TODAY = dt.date(2026, 11, 23)  # a Monday


def cx(*args: str, input: str | None = None) -> Result:
    return cli.cx(*args, day=TODAY, input=input, columns=200)


def ok(*args: str) -> Result:
    return cli.ok(*args, day=TODAY, columns=200)


# -- the craft rules ------------------------------------------------------------------


def test_the_shipped_library_validates_clean_and_every_role_is_shipped() -> None:
    count, problems = shortcuts.validate_path(packs.shipped_dir())
    assert problems == []
    assert count == len(LIBRARY.habits)
    files = {p.stem for p in packs.pack_files(packs.shipped_dir())}
    assert files == set(packs.SHIPPED_ROLES) == set(LIBRARY.roles)
    assert list(LIBRARY.roles) == list(packs.SHIPPED_ROLES)
    for role in LIBRARY.roles.values():
        assert role.name["en"] and role.name["nl"] and role.name["en"] != role.name["nl"]


@pytest.mark.parametrize("role", packs.SHIPPED_ROLES)
def test_every_role_has_seven_offered_habits_in_a_clear_order(role: str) -> None:
    habits = LIBRARY.role_habits(role)
    assert len(habits) >= 7
    orders = [h.order for h in LIBRARY.habits.values() if h.role == role]
    assert len(orders) == len(set(orders)), "an order number used twice"


def test_every_principle_has_four_habits_and_the_two_headline_ones_five() -> None:
    counts = Counter(h.principle for h in OFFERED)
    assert set(counts) == set(packs.PRINCIPLES)
    assert min(counts.values()) >= 4, counts
    assert counts["open-door"] >= 5 and counts["leaders-at-the-front"] >= 5, counts


@pytest.mark.parametrize("language", packs.LANGUAGES)
def test_no_two_habits_of_a_role_start_with_the_same_five_words(language: str) -> None:
    seen: dict[tuple[str, str], str] = {}
    for habit in OFFERED:
        start = " ".join(habit.text("behaviour", language).lower().split()[:5])
        other = seen.setdefault((habit.role, start), habit.id)
        assert other == habit.id, f"{habit.id} and {other} both start '{start}'"


@pytest.mark.parametrize("language", packs.LANGUAGES)
def test_no_celebration_is_used_twice(language: str) -> None:
    counts = Counter(h.texts["celebration"][language] for h in LIBRARY.habits.values())
    assert [text for text, n in counts.items() if n > 1] == []


def test_most_celebrations_are_not_the_slogan_kind() -> None:
    slogans = [h for h in OFFERED if h.texts["celebration"]["en"].startswith("Then I think:")]
    assert len(slogans) <= len(OFFERED) // 4


def test_every_habit_is_written_in_both_languages_not_copied() -> None:
    for habit in LIBRARY.habits.values():
        for field in packs.TEXT_FIELDS:
            en, nl = habit.texts[field]["en"], habit.texts[field]["nl"]
            assert en and nl, (habit.id, field)
            if field not in ("title",):
                assert en != nl, (habit.id, field)


def test_anchors_happen_every_workday() -> None:
    rare = [
        (h.id, lang, h.texts["anchor"][lang])
        for h in OFFERED
        for lang in packs.LANGUAGES
        if RARE.search(h.texts["anchor"][lang])
    ]
    assert rare == []


def test_the_words_the_review_flagged_are_gone() -> None:
    flagged = [
        "bal ik",
        "fist",
        "frontlinie",
        "verfijning",
        "omweg",
        "klant los",
        "neem het mee",
        "neem dit mee",
        "take it along",
        "take this along",
        " %",
    ]
    texts = [t for h in OFFERED for f in h.texts.values() for t in f.values()]
    texts += [t for r in LIBRARY.roles.values() for t in r.name.values()]
    assert [(w, t) for t in texts for w in flagged if w in t.lower()] == []
    assert all(
        "gastvrijheid" not in name.lower()
        for r in LIBRARY.roles.values()
        for name in r.name.values()
    )


def test_dutch_starters_never_address_the_reader() -> None:
    for habit in OFFERED:
        starter = re.sub(r"“[^”]*”", "", habit.texts["starter"]["nl"])  # quoted speech may
        assert not re.search(r"\b(je|jij|jouw|jezelf)\b", starter, re.IGNORECASE), habit.id


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_four_self_check_statements_are_four_different_sentences(language: str) -> None:
    i18n.set_language(language)
    try:
        shown = [i18n._(statement) for statement in SRBAI_STATEMENTS]
    finally:
        i18n.set_language("en")
    assert len(set(shown)) == 4, shown
    if language == "nl":
        assert shown != list(SRBAI_STATEMENTS)
        assert "herinneren" in shown[1]  # item 2 is about not having to remember


# -- retired habits: never offered, always found ---------------------------------------


def test_there_are_retired_habits_and_they_are_found_by_id() -> None:
    assert RETIRED == [
        "agent.photo-by-my-screen",
        "finance.hold-for-recent-contact",
        "leader.conversation-behind-the-numbers",
    ]
    for habit_id in RETIRED:
        found = catalog.find_habit(habit_id, None)
        assert found is not None and found.retired
        assert found.replaced_by in LIBRARY.habits and not LIBRARY.habits[found.replaced_by].retired
    assert catalog.find_habit("agent.breath-after-hard-call", None) is not None


def test_retired_must_be_true_or_false(tmp_path: Path) -> None:
    pack = (packs.shipped_dir() / "agent.toml").read_text(encoding="utf-8")
    bad = pack.replace("order = 1\n", 'order = 1\nretired = "yes"\n', 1)
    (tmp_path / "agent.toml").write_text(bad, encoding="utf-8")
    problems = packs.read_pack(tmp_path / "agent.toml").problems
    assert [p.field for p in problems] == ["retired"]


def test_suggestions_skip_retired_habits() -> None:
    taken = [h.id for h in LIBRARY.role_habits("finance")]
    state = State(habits=tuple(HabitRecord(i, TODAY, status="routine") for i in taken))
    last_finance = HabitRecord(taken[-1], TODAY, status="routine")
    assert next_pick(state, last_finance, LIBRARY) is None
    assert next_pick(State(), HabitRecord("leader.listen-in", TODAY), LIBRARY) is not None


def test_a_retired_habit_is_not_offered_by_pick_or_library() -> None:
    for habit_id in RETIRED:
        refused = cx("pick", habit_id)
        assert refused.exit_code == 2 and "cxhabits library" in refused.stderr
    listed = {row["id"] for row in json.loads(ok("library", "--json").stdout)}
    assert listed.isdisjoint(RETIRED)
    menu = cx("pick", "--role", "leader", input="1\nn\n")
    title = LIBRARY.habits["leader.conversation-behind-the-numbers"].text("title", "en")
    assert "Walking past a customer team after lunch" in menu.stdout and title not in menu.stdout


def old_state(routine: list[str], active: str | None) -> State:
    """A state from before the habits were retired: picked, checked in, some made routine."""
    days = workdays(TODAY - dt.timedelta(days=90), 40)
    checkins = tuple(CheckIn(day) for day in days)
    records = [
        HabitRecord(i, days[0], status="routine", routine_on=days[-1], checkins=checkins)
        for i in routine
    ]
    if active is not None:
        recent = workdays(TODAY - dt.timedelta(days=14), 9)
        records.append(HabitRecord(active, recent[0], checkins=tuple(CheckIn(d) for d in recent)))
    return State(habits=tuple(records))


def titles(*habit_ids: str) -> list[str]:
    return [LIBRARY.habits[i].text("title", "en") for i in habit_ids]


def test_people_with_a_retired_routine_habit_keep_their_record(cx_home: Path) -> None:
    store.save(cx_home, old_state(RETIRED, active=None))
    for command in (["streak"], ["history"], ["library", "--all"]):  # retired: every role
        output = ok(*command).stdout
        for title in titles(*RETIRED):
            assert title in output, (command, title)
    for habit_id, title in zip(RETIRED, titles(*RETIRED), strict=True):
        assert title in ok("checkin", habit_id).stdout
        assert title in ok("show", habit_id).stdout
    listed = {row["id"]: row["status"] for row in json.loads(ok("library", "--json").stdout)}
    assert {i: listed[i] for i in RETIRED} == {i: "routine" for i in RETIRED}


def test_a_retired_habit_that_is_still_being_built_goes_on(cx_home: Path) -> None:
    active = "leader.conversation-behind-the-numbers"
    store.save(cx_home, old_state(["finance.hold-for-recent-contact"], active=active))
    (title,) = titles(active)
    for command in (["streak"], ["history"], ["library"], ["show", active], ["checkin"]):
        assert title in ok(*command).stdout, command
    assert title in ok("checkin", active, "--yesterday").stdout
