"""The routine rule: scheduled days, streaks, strength, consistency, automaticity.

Counting happens on scheduled days (the workdays from the pick, less paused
days, up to today). Today counts only once it is done: until then it is open
and neither helps nor hurts.
"""

import datetime as dt
import math
from typing import Literal, NamedTuple

from cxhabits.core import HabitRecord, Pause, Rating, Settings, State, is_scheduled, mark_routine
from cxhabits.i18n import _

ONE_DAY = dt.timedelta(days=1)
COACH_WINDOW = 10
COACH_MIN_DONE = 6


# How a day looks on a habit's calendar. Plain strings, not an Enum: this module is on
# the check-in path, and an Enum class costs start-up time.
DayKind = Literal[
    "done",
    "missed",
    "off",  # not a workday
    "off-done",  # done on a day that does not count
    "paused",
    "open",  # today, scheduled, not yet done
    "before",  # before the pick, or in the future
]
# Which word a check-in deserves.
Coaching = Literal["none", "one-miss", "two-misses", "slipping"]


class RoutineProgress(NamedTuple):
    """Where one habit stands today, with every number the routine rule uses."""

    habit_id: str
    today: dt.date
    counted: tuple[tuple[dt.date, bool], ...]  # scheduled days that count, with done or not
    today_scheduled: bool
    today_done: bool
    current_streak: int
    longest_streak: int
    strength: float
    done_in_window: int
    window_size: int  # scheduled days in the consistency window so far (at most its length)
    rating: Rating | None
    rating_recent: bool
    settings: Settings

    @property
    def strength_ok(self) -> bool:
        return self.strength >= self.settings.strength_threshold

    @property
    def strength_shown(self) -> str:
        """Two decimals, rounded down, so 0.797 shows as 0.79 and never as a met 0.80."""
        return f"{math.floor(self.strength * 100 + 1e-9) / 100:.2f}"

    @property
    def consistency_ok(self) -> bool:
        return self.done_in_window >= self.settings.consistency_done

    @property
    def rating_ok(self) -> bool:
        if not self.settings.require_rating:
            return True
        return (
            self.rating is not None
            and self.rating_recent
            and self.rating.mean >= self.settings.rating_threshold
        )

    @property
    def needs_rating(self) -> bool:
        """The record holds up, and only a recent self-check is missing."""
        return (
            self.settings.require_rating
            and self.strength_ok
            and self.consistency_ok
            and (self.rating is None or not self.rating_recent)
        )

    @property
    def routine(self) -> bool:
        return self.strength_ok and self.consistency_ok and self.rating_ok

    @property
    def missing(self) -> tuple[str, ...]:
        """The unmet routine conditions, each with its number and threshold."""
        s = self.settings
        out = []
        if not self.consistency_ok:
            out.append(
                _("done on {done} of the last {window} workdays; needs {needed}").format(
                    done=self.done_in_window, window=s.consistency_window, needed=s.consistency_done
                )
            )
        if not self.strength_ok:
            out.append(
                _("strength {strength}; needs {needed:.2f}").format(
                    strength=self.strength_shown, needed=s.strength_threshold
                )
            )
        if not self.rating_ok:
            if self.rating is None or not self.rating_recent:
                out.append(
                    _(
                        "no automaticity self-check in the last {window} workdays; "
                        "run 'cxhabits rate'"
                    ).format(window=s.rating_window)
                )
            else:
                out.append(
                    _("automaticity {mean:.1f}; needs {needed:.1f}").format(
                        mean=self.rating.mean, needed=s.rating_threshold
                    )
                )
        return tuple(out)

    @property
    def summary(self) -> str:
        """Every condition with its number: `17/20 workdays · strength 0.84/0.80 · ...`."""
        s = self.settings
        parts = [
            _("{done}/{window} workdays").format(
                done=self.done_in_window, window=s.consistency_window
            ),
            _("strength {strength}/{needed:.2f}").format(
                strength=self.strength_shown, needed=s.strength_threshold
            ),
        ]
        if s.require_rating:
            if self.rating is not None and self.rating_recent:
                parts.append(
                    _("automaticity {mean:.1f}/{needed:.1f}").format(
                        mean=self.rating.mean, needed=s.rating_threshold
                    )
                )
            else:
                parts.append(_("automaticity -/{needed:.1f}").format(needed=s.rating_threshold))
        return " · ".join(parts)

    @property
    def misses_in_a_row(self) -> int:
        """Missed scheduled days just before today (an open today is not a miss)."""
        count = 0
        for _day, done in reversed(self.counted):
            if done:
                break
            count += 1
        return count

    @property
    def recent(self) -> tuple[int, int]:
        """(done, scheduled) over the last ten counted days, for coaching."""
        window = self.counted[-COACH_WINDOW:]
        return sum(done for _day, done in window), len(window)


def scheduled_days(
    start: dt.date, end: dt.date, settings: Settings, pauses: tuple[Pause, ...]
) -> list[dt.date]:
    """The days from start to end (both included) that count."""
    relevant = tuple(p for p in pauses if p.end >= start and p.start <= end)
    days = []
    day = start
    while day <= end:
        if is_scheduled(day, settings, relevant):
            days.append(day)
        day += ONE_DAY
    return days


def progress(
    record: HabitRecord, settings: Settings, pauses: tuple[Pause, ...], today: dt.date
) -> RoutineProgress:
    """Apply the routine rule to one habit as of `today`."""
    done_days = record.done_days
    days = scheduled_days(record.picked, today, settings, pauses)
    today_scheduled = bool(days) and days[-1] == today
    today_done = today in done_days
    if today_scheduled and not today_done:
        days.pop()  # today is still open
    counted = tuple((day, day in done_days) for day in days)

    memory = settings.strength_memory
    strength = 0.0
    run = longest = 0
    for _day, done in counted:
        strength = memory * strength + (1.0 - memory) * (1.0 if done else 0.0)
        run = run + 1 if done else 0
        longest = max(longest, run)

    window = counted[-settings.consistency_window :]
    rating = record.latest_rating
    rating_recent = False
    if rating is not None:
        rating_days = [*days, today] if today_scheduled and not today_done else days
        recent_from = rating_days[-settings.rating_window :]
        rating_recent = not recent_from or rating.day >= recent_from[0]
    return RoutineProgress(
        habit_id=record.id,
        today=today,
        counted=counted,
        today_scheduled=today_scheduled,
        today_done=today_done,
        current_streak=run,
        longest_streak=longest,
        strength=strength,
        done_in_window=sum(done for _day, done in window),
        window_size=len(window),
        rating=rating,
        rating_recent=rating_recent,
        settings=settings,
    )


def coaching_before(progress_then: RoutineProgress) -> Coaching:
    """Which word a check-in deserves, judged on the days before the day checked in."""
    done, scheduled = progress_then.recent
    if scheduled >= COACH_WINDOW and done < COACH_MIN_DONE:
        return "slipping"
    misses = progress_then.misses_in_a_row
    if misses >= 2:
        return "two-misses"
    if misses == 1:
        return "one-miss"
    return "none"


def day_kind(
    day: dt.date,
    record: HabitRecord,
    settings: Settings,
    pauses: tuple[Pause, ...],
    today: dt.date,
) -> DayKind:
    """How a day looks on the calendar of one habit."""
    if day > today or day < record.picked:
        return "before"
    done = record.checkin_on(day) is not None
    if any(p.covers(day) for p in pauses):
        return "off-done" if done else "paused"
    if day.weekday() not in settings.workdays:
        return "off-done" if done else "off"
    if done:
        return "done"
    return "open" if day == today else "missed"


def settle(state: State, today: dt.date) -> tuple[State, HabitRecord | None]:
    """Mark the active habit routine once it meets the rule; returns it when it just did."""
    record = state.active
    if record is None:
        return state, None
    if not progress(record, state.settings, state.pauses, today).routine:
        return state, None
    state = mark_routine(state, record, today)
    return state, state.current(record.id)
