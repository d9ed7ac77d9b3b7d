"""Property tests: random sequences through the pure core, and the routine rule on random data.

The state machine drives `core` the way the CLI does (settle after every change; read a
routine habit's archive file before changing it) and checks, after every step, the
invariants the rest of the tool relies on, against a model of every check-in and rating:
the state survives a TOML round trip of state.toml, and every few steps a real save and a
load of everything, after which it goes on from state.toml as the next command would.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cxhabits.domain import core, model, routine
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Settings, State
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.storage import schema, store
from tests.helpers import shortcuts

ONE_DAY = dt.timedelta(days=1)
HABIT_IDS = ("agent.aaa", "agent.bbb", "finance.ccc")
SAVE_EVERY = 3  # steps between real saves and loads in the state machine
SEQUENCES = 200  # the default run (fewer seldom reach routine); the slow one runs more
SLOW_SEQUENCES = 1000
STEPS = 40

# Settings that let a habit become routine within a few steps, mixed with the defaults.
FAST = Settings(require_rating=False, strength_threshold=0.3, consistency_done=3)
FASTER = Settings(require_rating=False, strength_threshold=0.3, consistency_done=3, half_life=3.0)
FAST_RATED = Settings(
    strength_threshold=0.3,
    consistency_done=3,
    consistency_window=5,
    half_life=3.0,
    rating_threshold=4.0,
    rating_window=3,
)
EVERY_DAY = Settings(
    workdays=frozenset(range(7)), require_rating=False, strength_threshold=0.3, consistency_done=3
)
ODD = Settings(workdays=frozenset({0, 2, 4}), backfill_days=3, language="nl")
SETTINGS_CHOICES = (Settings(), FAST, FASTER, FASTER, FAST_RATED, FAST_RATED, EVERY_DAY, ODD)
START_DAYS = (
    dt.date(2026, 11, 2),  # a Monday
    dt.date(2026, 11, 7),  # a Saturday
    dt.date(2026, 12, 30),  # across the new year
    dt.date(2028, 2, 27),  # across a leap day
)

NOTES = st.one_of(
    st.just(""),
    st.just(""),
    st.sampled_from(["busy day", "  padded  ", "tab\there", "x" * 501, " " * 600 + "ok", "é"]),
    st.text(max_size=12),
)
REASONS = st.sampled_from(["", "holiday", "sick", "holiday "])

STATS: Counter[str] = Counter()


def bad_text(text: str, limit: int = core.NOTE_MAX_CHARS) -> bool:
    """An independent oracle for clean_text: too long, a C0/C1 control character, or an
    invisible one (bidi embedding/override/isolate, zero-width, BOM, line separators)."""
    stripped = text.strip()
    invisible = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    invisible += "\u2060\u2066\u2067\u2068\u2069\ufeff\u2028\u2029"
    return (
        len(stripped) > limit
        or any(unicodedata.category(ch) == "Cc" for ch in stripped)
        or any(ch in invisible for ch in stripped)
    )


def round_trip(state: State) -> State:
    """state.toml alone: save-then-load through TOML text, without the archive files."""
    return schema.state_from_document(tomllib.loads(tomli_w.dumps(schema.state_to_document(state))))


def header(record: HabitRecord) -> HabitRecord:
    """A record without what may live in its archive file (check-ins, ratings), or
    count them (the index's checkins_total and skips_total)."""
    return record._replace(
        checkins=(), ratings=(), loaded=True, checkins_total=None, skips_total=None
    )


def headers(state: State) -> State:
    return state._replace(habits=tuple(header(r) for r in state.habits))


@dataclass
class Model:
    """What the machine expects, kept independently of the core."""

    checkins: dict[int, dict[dt.date, str]] = field(default_factory=dict)  # record index
    ratings: dict[int, dict[dt.date, tuple[int, ...]]] = field(default_factory=dict)
    paused: set[dt.date] = field(default_factory=set)


class CoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.state = State()
        self.today = START_DAYS[0]
        self.model = Model()
        self.steps = 0
        self.saved_at = -1
        self.home = Path(tempfile.mkdtemp(prefix="cxhabits-prop-"))

    def teardown(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        STATS["sequences"] += 1
        STATS["steps"] += self.steps

    # -- helpers -------------------------------------------------------------------

    def settle(self) -> None:
        before = self.state
        self.state, just = routine.settle(self.state, self.today)
        if just is not None:
            STATS["routine transitions"] += 1
            event("a habit became routine")
            assert just.status == "routine" and just.routine_on == self.today
            assert before.active is not None and before.active.id == just.id
            assert self.state.active is None
        else:
            assert self.state is before
        again, none = routine.settle(self.state, self.today)
        assert none is None and again == self.state  # settling is idempotent

    def candidates(self) -> list[tuple[int, HabitRecord]]:
        """The records a check-in can go to: the active one and the routine ones."""
        return [(i, r) for i, r in enumerate(self.state.habits) if r.status != "dropped"]

    def has_candidates(self) -> bool:
        return bool(self.candidates())

    def target(self, choice: int) -> tuple[int, HabitRecord]:
        """The active habit for choice 0 (as `checkin` without HABIT_ID), else any candidate."""
        active = self.state.active
        if choice == 0 and active is not None:
            return next((i, r) for i, r in self.candidates() if r is active)
        index, record = self.candidates()[choice % len(self.candidates())]
        if not record.loaded:  # as `checkin HABIT_ID` does for a routine habit
            self.state, record = store.load_record(self.home, self.state, record)
            STATS["archives read"] += 1
        return index, record

    def refused(self, error: CxHabitsError, before: State) -> None:
        """A refusal leaves the state as it was and has a two-part message."""
        STATS[f"refused {type(error).__name__}"] += 1
        assert self.state is before
        assert str(error).strip() and len(str(error).splitlines()) <= 2

    # -- rules -----------------------------------------------------------------------

    @initialize(settings=st.sampled_from(SETTINGS_CHOICES), start=st.sampled_from(START_DAYS))
    def begin(self, settings: Settings, start: dt.date) -> None:
        self.state = State(settings=settings)
        self.today = start

    @rule(habit_id=st.sampled_from(HABIT_IDS))
    def pick(self, habit_id: str) -> None:
        before = self.state
        expect_refusal = before.active is not None or before.current(habit_id) is not None
        try:
            self.state = core.pick(before, habit_id, self.today)
        except CxHabitsError as error:
            assert expect_refusal, str(error)
            self.refused(error, before)
            return
        assert not expect_refusal
        STATS["picks"] += 1
        self.model.checkins[len(before.habits)] = {}
        self.model.ratings[len(before.habits)] = {}
        self.settle()
        self.steps += 1

    @precondition(lambda self: self.has_candidates())
    @rule(choice=st.integers(0, 3), back=st.one_of(st.just(0), st.integers(0, 10)), note=NOTES)
    def check_in(self, choice: int, back: int, note: str) -> None:
        index, record = self.target(choice)
        day = self.today - back * ONE_DAY
        before = self.state
        expect_refusal = (
            back > before.settings.backfill_days or day < record.picked or bad_text(note)
        )
        try:
            self.state, changed = shortcuts.check_in(before, record, day, self.today, note)
        except UsageError as error:
            assert expect_refusal, str(error)
            self.refused(error, before)
            return
        assert not expect_refusal
        expected = self.model.checkins[index]
        text = note.strip()
        # A note given on a day already done sets that day's note (a different one replaces it).
        should_change = day not in expected or bool(text and text != expected[day])
        assert changed == should_change
        if not changed:
            assert self.state is before
            STATS["second check-ins"] += 1
        else:
            expected[day] = text or expected.get(day, "")
            STATS["check-ins"] += 1
        self.settle()
        self.steps += 1

    @precondition(lambda self: self.has_candidates())
    @rule(choice=st.integers(0, 3), back=st.integers(0, 10))
    def undo_check_in(self, choice: int, back: int) -> None:
        index, record = self.target(choice)
        day = self.today - back * ONE_DAY
        before = self.state
        try:
            self.state = core.undo_check_in(before, record, day)
        except CxHabitsError as error:
            assert day not in self.model.checkins[index]
            self.refused(error, before)
            return
        del self.model.checkins[index][day]
        STATS["undos"] += 1
        self.settle()
        self.steps += 1

    @precondition(lambda self: self.state.active is not None)
    @rule(scores=st.tuples(*[st.integers(1, 7)] * model.SRBAI_ITEMS))
    def rate(self, scores: tuple[int, ...]) -> None:
        record = self.state.active
        assert record is not None
        self.state = core.rate(self.state, record, scores, self.today)
        rated = self.state.current(record.id)
        assert rated is not None and rated.ratings[-1] == model.Rating(self.today, scores)
        assert sum(r.day == self.today for r in rated.ratings) == 1
        index = next(i for i, r in enumerate(self.state.habits) if r is rated)
        self.model.ratings[index][self.today] = scores
        STATS["ratings"] += 1
        self.settle()
        self.steps += 1

    @rule(offset=st.integers(-10, 10), length=st.integers(-2, 6), reason=REASONS)
    def add_pause(self, offset: int, length: int, reason: str) -> None:
        start = self.today + offset * ONE_DAY
        end = start + length * ONE_DAY
        before = self.state
        try:
            self.state = core.add_pause(before, start, end, reason)
        except UsageError as error:
            assert end < start
            self.refused(error, before)
            return
        assert end >= start
        self.model.paused.update(start + i * ONE_DAY for i in range(length + 1))
        STATS["pauses"] += 1
        self.settle()
        self.steps += 1

    @rule(reason=REASONS)
    def drop(self, reason: str) -> None:
        before = self.state
        try:
            self.state, dropped = core.drop(before, self.today, reason)
        except CxHabitsError as error:
            assert before.active is None
            self.refused(error, before)
            return
        assert dropped.status == "dropped" and dropped.dropped_on == self.today
        assert dropped.drop_reason == reason.strip()
        assert self.state.active is None
        STATS["drops"] += 1
        self.settle()
        self.steps += 1

    @precondition(lambda self: self.state.active is not None)
    @rule(done=st.booleans())
    def live_a_day(self, done: bool) -> None:
        """What most users do: check in today (or not), and go on to tomorrow."""
        if done:
            self.check_in(choice=0, back=0, note="")
        self.pass_days(1)

    @precondition(lambda self: self.state.active is not None)
    @rule(done=st.lists(st.sampled_from((True, True, True, False)), min_size=7, max_size=7))
    def live_a_week(self, done: list[bool]) -> None:
        """A week of the same, mostly done, so that habits do become routine."""
        for today_done in done:
            self.live_a_day(today_done)

    @rule(days=st.integers(0, 4))
    def pass_days(self, days: int) -> None:
        self.today += days * ONE_DAY
        self.settle()
        self.steps += 1

    # -- invariants --------------------------------------------------------------------

    @invariant()
    def at_most_one_active(self) -> None:
        assert sum(r.status == "active" for r in self.state.habits) <= 1

    @invariant()
    def statuses_carry_their_dates(self) -> None:
        for record in self.state.habits:
            assert (record.routine_on is not None) == (record.status == "routine")
            assert (record.dropped_on is not None) == (record.status == "dropped")
            assert record.picked <= self.today

    @invariant()
    def check_ins_are_sorted_unique_past_and_none_lost(self) -> None:
        for index, record in enumerate(self.state.habits):
            days = [c.day for c in record.checkins]
            assert days == sorted(set(days)), "sorted, at most one a day"
            assert all(day <= self.today for day in days), "no check-in after today"
            assert list(record.ratings) == sorted(record.ratings)
            checkins = {c.day: c.note for c in record.checkins}
            ratings = {r.day: r.scores for r in record.ratings}
            if record.loaded:
                assert checkins == self.model.checkins[index], "a check-in was lost"
                assert ratings == self.model.ratings[index], "a rating was lost"
            else:  # left in its archive file; compared at the next real save and load
                assert record.status != "active"
                assert checkins.items() <= self.model.checkins[index].items()
                assert ratings.items() <= self.model.ratings[index].items()

    @invariant()
    def progress_numbers_are_sane(self) -> None:
        s = self.state.settings
        for record in self.state.habits:
            if not record.loaded:
                continue
            prog = routine.progress(record, s, self.state.pauses, self.today)
            assert 0 <= prog.current_streak <= prog.longest_streak
            assert 0 <= prog.done_in_window <= prog.window_size <= s.consistency_window
            assert 0.0 <= prog.strength <= 1.0
            assert prog.longest_streak <= len(prog.counted)
            assert sum(done for _, done in prog.counted) <= len(record.checkins)
            assert prog.misses_in_a_row >= 0

    @invariant()
    def pauses_are_sorted_and_apart(self) -> None:
        pauses = self.state.pauses
        assert list(pauses) == sorted(pauses)
        for pause in pauses:
            assert pause.start <= pause.end
        for earlier, later in itertools.pairwise(pauses):
            assert earlier.end < later.start, "pauses overlap"
        covered = {p.start + i * ONE_DAY for p in pauses for i in range((p.end - p.start).days + 1)}
        assert covered == self.model.paused

    def expected_full(self) -> State:
        """The state with every check-in and rating the model says was recorded."""
        habits = tuple(
            r._replace(
                checkins=tuple(CheckIn(d, n) for d, n in sorted(self.model.checkins[i].items())),
                ratings=tuple(model.Rating(d, x) for d, x in sorted(self.model.ratings[i].items())),
                loaded=True,
                checkins_total=None,  # loaded: len(checkins) is the count
                skips_total=None,  # and len(skips)
            )
            for i, r in enumerate(self.state.habits)
        )
        return self.state._replace(habits=habits)

    @invariant()
    def survives_save_and_load(self) -> None:
        # state.toml alone: everything but what a finished habit keeps in its archive file
        again = round_trip(self.state)
        assert headers(again) == headers(self.state)
        for old, new in zip(self.state.habits, again.habits, strict=True):
            if old.status == "active":
                assert new == old
            else:
                assert set(new.checkins) <= set(old.checkins)
                assert set(new.ratings) <= set(old.ratings)
        # and for real: save, then load everything back
        if self.steps % SAVE_EVERY == 0 and self.saved_at != self.steps:
            self.saved_at = self.steps
            store.save(self.home, self.state)
            assert store.load_full(self.home) == self.expected_full()
            # go on as the next command would: from state.toml, archive files unread
            self.state = store.load(self.home)
            assert headers(self.state) == headers(self.expected_full())
            assert self.state.active is None or self.state.active.loaded
            STATS["real saves"] += 1


def run_core_machine(sequences: int) -> None:
    STATS.clear()
    run_state_machine_as_test(
        CoreMachine,
        settings=settings(
            max_examples=sequences,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    print(f"\nstate machine: {dict(sorted(STATS.items()))}")
    assert STATS["sequences"] >= sequences
    assert STATS["routine transitions"] > 0, "no sequence reached routine: the settings are off"
    assert STATS["real saves"] > 0


def test_random_sequences_keep_every_invariant() -> None:
    run_core_machine(SEQUENCES)


@pytest.mark.slow
def test_many_random_sequences_keep_every_invariant() -> None:
    run_core_machine(int(os.environ.get("CXHABITS_SLOW_EXAMPLES", str(SLOW_SEQUENCES))))


# -- plain properties ------------------------------------------------------------------

PICKED = dt.date(2026, 11, 2)
SETTINGS_ANY = st.builds(
    Settings,
    workdays=st.frozensets(st.integers(0, 6), min_size=1),
    backfill_days=st.integers(0, 30),
    strength_threshold=st.floats(0.0, 1.0),
    consistency_done=st.integers(0, 30),
    consistency_window=st.integers(1, 30),
    half_life=st.floats(0.1, 100.0),
    require_rating=st.booleans(),
)


@st.composite
def pauses(draw: st.DrawFn) -> tuple[Pause, ...]:
    state = State()
    for _ in range(draw(st.integers(0, 3))):
        start = PICKED + draw(st.integers(-10, 80)) * ONE_DAY
        state = core.add_pause(state, start, start + draw(st.integers(0, 10)) * ONE_DAY)
    return state.pauses


@given(
    offsets=st.sets(st.integers(-5, 120), max_size=80),
    until=st.integers(0, 120),
    s=SETTINGS_ANY,
    off=pauses(),
)
@settings(max_examples=300, deadline=None)
def test_strength_and_streaks_stay_in_range_for_any_done_days(
    offsets: set[int], until: int, s: Settings, off: tuple[Pause, ...]
) -> None:
    record = HabitRecord(
        id="agent.aaa",
        picked=PICKED,
        checkins=tuple(sorted(CheckIn(PICKED + d * ONE_DAY) for d in offsets)),
    )
    today = PICKED + until * ONE_DAY
    prog = routine.progress(record, s, off, today)
    assert 0.0 <= prog.strength <= 1.0
    assert 0 <= prog.current_streak <= prog.longest_streak
    assert 0 <= prog.done_in_window <= prog.window_size <= s.consistency_window
    counted_days = [day for day, _ in prog.counted]
    assert all(PICKED <= day <= today for day in counted_days)
    assert all(core.is_scheduled(day, s, off) for day in counted_days)
    assert sum(done for _, done in prog.counted) <= len(offsets)
    if not offsets:
        assert prog.strength == 0.0 and prog.longest_streak == 0


@given(
    offsets=st.sets(st.integers(0, 60), max_size=60),
    until=st.integers(0, 60),
    extra=st.integers(0, 60),
)
@settings(max_examples=150, deadline=None)
def test_one_more_done_day_never_lowers_strength(offsets: set[int], until: int, extra: int) -> None:
    """Monotonic: adding a check-in can only raise strength and the longest streak."""
    today = PICKED + until * ONE_DAY

    def prog(days: set[int]) -> routine.RoutineProgress:
        checkins = tuple(sorted(CheckIn(PICKED + d * ONE_DAY) for d in days))
        return routine.progress(
            HabitRecord("agent.aaa", PICKED, checkins=checkins), FAST, (), today
        )

    less, more = prog(offsets), prog(offsets | {extra})
    assert more.strength >= less.strength - 1e-12
    assert more.longest_streak >= less.longest_streak
    assert more.done_in_window >= less.done_in_window


VALID_SCORES = [str(n) for n in range(1, 8)]
SCORE_TEXT = st.one_of(
    st.sampled_from(VALID_SCORES),
    st.sampled_from(VALID_SCORES).map(lambda s: f" {s}\n"),
    st.integers(-3, 12).map(str),
    st.sampled_from(["+5", "05", "5.0", "\u0665", "", " ", "1e0", "0x5", "seven", "5_0", "\x005"]),
    st.text(max_size=3),
)


@given(values=st.lists(SCORE_TEXT, max_size=6))
@settings(max_examples=400, deadline=None)
def test_parse_scores_accepts_exactly_four_whole_numbers_from_1_to_7(values: list[str]) -> None:
    acceptable = len(values) == model.SRBAI_ITEMS and all(v.strip() in VALID_SCORES for v in values)
    try:
        scores = core.parse_scores(values)
    except UsageError as error:
        assert not acceptable, f"refused {values!r}: {error}"
        assert 1 <= len(str(error).splitlines()) <= 2
        return
    assert acceptable, f"accepted {values!r}"
    assert scores == tuple(int(v) for v in values)


@given(values=st.lists(st.integers(1, 7), min_size=4, max_size=4))
def test_parse_scores_takes_any_valid_answers(values: list[int]) -> None:
    assert core.parse_scores([str(v) for v in values]) == tuple(values)


@given(text=st.text(max_size=30))
@settings(max_examples=200)
def test_clean_text_refuses_exactly_control_characters(text: str) -> None:
    try:
        cleaned = core.clean_text(text, "note")
    except UsageError:
        assert bad_text(text)
        return
    assert not bad_text(text) and cleaned == text.strip()
    # what clean_text lets through can always be written to the state file
    cleaned.encode("utf-8")


def test_clean_text_refuses_text_that_cannot_be_saved() -> None:
    with pytest.raises(UsageError):
        core.clean_text("caf\udce9", "note")


def test_a_check_in_on_an_unread_routine_record_is_never_silently_lost(tmp_path: Path) -> None:
    """The CLI reads the archive first (store.load_record); the core and store do not insist."""
    monday = dt.date(2026, 11, 2)
    first = HabitRecord(
        "agent.aaa", monday, status="routine", routine_on=monday, checkins=(CheckIn(monday),)
    )
    store.save(tmp_path, State(habits=(first,)))
    state = store.load(tmp_path)
    unread = state.habits[0]
    assert not unread.loaded
    try:
        changed, _ = shortcuts.check_in(state, unread, monday + ONE_DAY, monday + ONE_DAY)
        store.save(tmp_path, changed)
    except (CxHabitsError, ValueError, AssertionError):
        return  # refusing is fine: nothing was recorded, and the caller knows
    days = [c.day for c in store.load_full(tmp_path).habits[0].checkins]
    assert days == [monday, monday + ONE_DAY]
