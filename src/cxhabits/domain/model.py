"""What is recorded: the settings, the habits as picked, check-ins, self-checks,
skipped days, anchors, pauses. Immutable named tuples; the decisions that change
them are in core.py (which also offers these names).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Literal, NamedTuple

HabitStatus = Literal["active", "routine", "dropped"]
# What a record keeps of a team habit's texts (HabitRecord.kept): what a check-in says.
KEPT_FIELDS = ("title", "anchor", "behaviour", "celebration", "starter")


class Settings(NamedTuple):
    """The user's settings; the defaults are the routine rule in PRODUCT.md."""

    workdays: frozenset[int] = frozenset(range(5))  # 0 = Monday, as date.weekday()
    language: str | None = None  # None: from the locale
    backfill_days: int = 7
    strength_threshold: float = 0.80
    consistency_done: int = 16
    consistency_window: int = 20
    rating_threshold: float = 5.0
    rating_window: int = 10
    half_life: float = 10.0
    require_rating: bool = True
    # Folders of team packs (read only), in the order given; never taken from an import.
    packs: tuple[str, ...] = ()

    @property
    def strength_memory(self) -> float:
        """The factor m in s = m*s + (1-m)*x for the configured half-life."""
        return float(0.5 ** (1.0 / self.half_life))


class CheckIn(NamedTuple):
    day: dt.date
    note: str = ""


# The automaticity self-check (SRBAI): this many statements, each scored on this scale,
# 1 (strongly disagree) to 7 (strongly agree). Parsing the scores, the words that name
# the scale and the state file's check all use these.
SRBAI_ITEMS = 4
SRBAI_MIN, SRBAI_MAX = 1, 7


def scores_in_bounds(scores: Sequence[object]) -> bool:
    """Whether `scores` are a whole self-check: SRBAI_ITEMS whole numbers on the scale."""
    return len(scores) == SRBAI_ITEMS and all(
        type(s) is int and SRBAI_MIN <= s <= SRBAI_MAX for s in scores
    )


class Rating(NamedTuple):
    """One SRBAI self-check: SRBAI_ITEMS scores, each SRBAI_MIN to SRBAI_MAX."""

    day: dt.date
    scores: tuple[int, ...]

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores)


class Skip(NamedTuple):
    """A scheduled day on which the anchor did not happen: it neither counts nor breaks."""

    day: dt.date
    reason: str = ""


class AnchorChange(NamedTuple):
    """From `day` on, the habit's anchor in the user's own words ("" = the library's again)."""

    day: dt.date
    text: str


class Pause(NamedTuple):
    """Days off, both ends included: they neither count nor break anything."""

    start: dt.date
    end: dt.date
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class HabitRecord(NamedTuple):
    """One habit as this person picked it, with everything recorded for it."""

    id: str
    picked: dt.date
    status: HabitStatus = "active"
    routine_on: dt.date | None = None
    dropped_on: dt.date | None = None
    drop_reason: str = ""
    checkins: tuple[CheckIn, ...] = ()  # sorted by day, at most one a day
    ratings: tuple[Rating, ...] = ()  # sorted by day
    skips: tuple[Skip, ...] = ()  # sorted by day, never on a day with a check-in
    anchors: tuple[AnchorChange, ...] = ()  # sorted by day, the latest in force
    # False when a finished habit's check-ins were left in its archive file (not read).
    loaded: bool = True
    # How many check-ins a finished habit's archive holds, from the state file's index,
    # so `history` reads no archive (None: not known, or loaded: then len(checkins)).
    checkins_total: int | None = None
    # Likewise how many days it skipped, so the share file's workdays to routine need
    # no archive either.
    skips_total: int | None = None
    # A habit from a pack beside the shipped library (a team's or the user's own): the
    # texts a check-in says (title, anchor, behaviour, celebration, starter), as
    # (field, language, text), kept at the pick, so a check-in reads no pack and works
    # with the pack folder offline.
    kept: tuple[tuple[str, str, str], ...] = ()

    @property
    def done_days(self) -> frozenset[dt.date]:
        return frozenset(c.day for c in self.checkins)

    def checkin_on(self, day: dt.date) -> CheckIn | None:
        for checkin in self.checkins:
            if checkin.day == day:
                return checkin
        return None

    @property
    def skipped_days(self) -> frozenset[dt.date]:
        return frozenset(s.day for s in self.skips)

    @property
    def own_anchor(self) -> str | None:
        """The anchor in the user's own words now in force, or None for the library's."""
        return (self.anchors[-1].text or None) if self.anchors else None


class Sharing(NamedTuple):
    """The opt-in to share progress as one file in a team folder (`cxhabits share`)."""

    folder: str
    name: str | None  # None: anonymous
    anonymous: bool
    person: str  # a random id, kept across renames so a lead sees one person
    check_on_me: bool = False  # with a name only: daily data for the lead's check-in list


class State(NamedTuple):
    settings: Settings = Settings()
    habits: tuple[HabitRecord, ...] = ()  # in the order they were picked
    pauses: tuple[Pause, ...] = ()  # sorted, never overlapping
    sharing: Sharing | None = None

    @property
    def active(self) -> HabitRecord | None:
        """The one habit being built: picked, not yet routine, not dropped."""
        for record in self.habits:
            if record.status == "active":
                return record
        return None

    @property
    def routine(self) -> tuple[HabitRecord, ...]:
        return tuple(r for r in self.habits if r.status == "routine")

    def current(self, habit_id: str) -> HabitRecord | None:
        """The latest record of a habit that is active or routine (not dropped)."""
        for record in reversed(self.habits):
            if record.id == habit_id and record.status != "dropped":
                return record
        return None

    def with_record(self, old: HabitRecord, new: HabitRecord) -> "State":
        habits = tuple(new if r is old else r for r in self.habits)
        return self._replace(habits=habits)
