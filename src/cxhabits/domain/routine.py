"""The routine rule: scheduled days, streaks, strength, consistency, automaticity.

Counting happens on scheduled days (the workdays from the pick, less paused
days and the habit's skipped days, up to today). Today counts only once it is
done: until then it is open and neither helps nor hurts. The day of the pick
is free in the same way: it counts only once it is done.
"""

import datetime as dt
from typing import Any, Literal, NamedTuple

from cxhabits.domain.core import is_paused, is_scheduled, mark_routine
from cxhabits.domain.model import HabitRecord, Pause, Rating, Settings, State
from cxhabits.i18n import _, beside, ngettext, number

ONE_DAY = dt.timedelta(days=1)
COACH_WINDOW = 10
COACH_MIN_DONE = 6
COACH_MAX_SKIPPED = 3  # 4 or more skipped of the last 10: the anchor is too rare
SIMULATE_DAYS = 3000  # about 8 years of days: a threshold out of reach gives no date


# How a day looks on a habit's calendar. Plain strings, not an Enum: this module is on
# the check-in path, and an Enum class costs start-up time.
DayKind = Literal[
    "done",
    "missed",
    "off",  # not a workday
    "off-done",  # done on a day that does not count
    "paused",
    "skipped",  # a workday without the anchor: neither counts nor breaks
    "open",  # today, scheduled, not yet done
    "before",  # before the pick, or in the future
]
# How a routine condition stands: met, not met yet (still to come), or lapsed (gone wrong).
Condition = Literal["met", "not-yet", "lapsed"]
# Which word a check-in deserves.
Coaching = Literal["none", "rare-anchor", "one-miss", "two-misses", "slipping"]


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
    skipped_in_window: int = 0  # skipped days within the consistency window's span
    skipped_recent: int = 0  # skipped of the last 10 unpaused workdays since the pick
    unpaused_recent: int = 0  # how many unpaused workdays that is (at most 10)

    @property
    def strength_ok(self) -> bool:
        return self.strength >= self.settings.strength_threshold

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
        return tuple(text for kind, text in self.condition_states if kind != "met")

    @property
    def consistency_lapsed(self) -> bool:
        """More workdays of the window missed than the rule allows: a lapse, not a `not yet`."""
        s = self.settings
        missed = self.window_size - self.done_in_window
        return missed > s.consistency_window - s.consistency_done

    @property
    def condition_states(self) -> tuple[tuple[Condition, str], ...]:
        """Every condition: met, not met yet (still to come) or lapsed, said in PRODUCT.md's
        form: `17 of 20 workdays (16 needed) · strength 84 % (80 % needed) · ...`."""
        s = self.settings
        if self.window_size < s.consistency_window:
            days = _("{done} of {counted} workdays so far ({needed} of {window} needed)")
        else:
            days = _("{done} of {window} workdays ({needed} needed)")
        days = days.format(
            done=self.done_in_window,
            counted=self.window_size,
            window=s.consistency_window,
            needed=s.consistency_done,
        )
        if self.consistency_ok:
            days_kind: Condition = "met"
        else:
            days_kind = "lapsed" if self.consistency_lapsed else "not-yet"
        out = [(days_kind, days), (self.met_or_not_yet(self.strength_ok), self.strength_words)]
        if s.require_rating:
            out.append((self.met_or_not_yet(self.rating_ok), self.rating_words))
        return tuple(out)

    @staticmethod
    def met_or_not_yet(met: bool) -> Condition:
        return "met" if met else "not-yet"

    @property
    def strength_words(self) -> str:
        """`strength 84 % (80 % needed)`: rounded towards the side of the threshold it is on."""
        needed = self.settings.strength_threshold * 100
        return _("strength {strength} % ({needed} % needed)").format(
            strength=number(beside(self.strength * 100, needed, 0), 0),
            needed=number(needed, 0),
        )

    @property
    def rating_words(self) -> str:
        """`automaticity 5.3 of 7 (5.0 needed)`, or that no recent self-check was taken."""
        s = self.settings
        needed = number(s.rating_threshold, 1)
        if self.rating is not None and self.rating_recent:
            mean = beside(self.rating.mean, s.rating_threshold, 1)
            return _("automaticity {mean} of 7 ({needed} needed)").format(
                mean=number(mean, 1), needed=needed
            )
        if self.rating is None:
            words = _("automaticity: no self-check yet ({needed} of 7 needed)")
        else:
            words = _("automaticity: no self-check in the last {window} workdays ({needed} needed)")
        return words.format(needed=needed, window=s.rating_window)

    @property
    def summary(self) -> str:
        """Every condition with its number and threshold, in PRODUCT.md's form."""
        return " · ".join(text for _kind, text in self.condition_states)

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
    if end < start:
        return []
    # Ordinals and a set of paused ones: this runs over every day of a long history.
    paused: set[int] = set()
    for p in pauses:
        if p.end >= start and p.start <= end:
            paused.update(range(max(p.start, start).toordinal(), min(p.end, end).toordinal() + 1))
    workdays = settings.workdays
    first = start.toordinal()
    weekday = start.weekday()
    fromordinal = dt.date.fromordinal
    return [
        fromordinal(n)
        for n in range(first, end.toordinal() + 1)
        if (weekday + n - first) % 7 in workdays and n not in paused
    ]


class DayFates(NamedTuple):
    """What became of the workdays of one pick that are neither done nor skipped."""

    missed: tuple[dt.date, ...]  # scheduled, not done, not skipped
    paused: tuple[dt.date, ...]  # workdays inside a pause, not done
    # The paused days as runs (first, last, how many) with no other workday between:
    # a holiday is said once, not day by day.
    paused_runs: tuple[tuple[dt.date, dt.date, int], ...] = ()


def day_fates(
    record: HabitRecord, settings: Settings, pauses: tuple[Pause, ...], today: dt.date
) -> DayFates:
    """The missed and paused workdays of one pick, from the pick to the day it ended
    (routine or dropped) or today. The pick day and the last day are free (the anchor may
    have passed, the day may still be open), as in the routine rule."""
    end = record.routine_on or record.dropped_on or today
    first, last = record.picked + ONE_DAY, min(end, today) - ONE_DAY
    if last < first:
        return DayFates((), ())
    done = record.done_days
    skipped = record.skipped_days
    missed = tuple(
        day
        for day in scheduled_days(first, last, settings, pauses)
        if day not in done and day not in skipped
    )
    paused: set[dt.date] = set()
    for p in pauses:
        day = max(p.start, first)
        while day <= min(p.end, last):
            if day.weekday() in settings.workdays and day not in done:
                paused.add(day)
            day += ONE_DAY
    days = sorted(paused)
    return DayFates(missed, tuple(days), _runs(days, settings.workdays))


def _runs(
    days: list[dt.date], workdays: frozenset[int]
) -> tuple[tuple[dt.date, dt.date, int], ...]:
    runs: list[tuple[dt.date, dt.date, int]] = []
    for day in days:
        if runs:
            first, last, count = runs[-1]
            between = (last + ONE_DAY * n for n in range(1, (day - last).days))
            if not any(d.weekday() in workdays for d in between):
                runs[-1] = (first, day, count + 1)
                continue
        runs.append((day, day, 1))
    return tuple(runs)


def progress(
    record: HabitRecord, settings: Settings, pauses: tuple[Pause, ...], today: dt.date
) -> RoutineProgress:
    """Apply the routine rule to one habit as of `today`."""
    done_days = record.done_days
    skipped = record.skipped_days
    unpaused = scheduled_days(record.picked, today, settings, pauses)
    today_scheduled = bool(unpaused) and unpaused[-1] == today and today not in skipped
    today_done = today in done_days
    days = [d for d in unpaused if d not in skipped]
    if today_scheduled and not today_done:
        days.pop()  # today is still open
    if days and days[0] == record.picked and record.picked not in done_days:
        days.pop(0)  # the day of the pick is free: it counts only once done
    counted = tuple((day, day in done_days) for day in days)

    memory = settings.strength_memory
    strength = 0.0
    run = longest = 0
    for _day, done in counted:
        strength = memory * strength + (1.0 - memory) * (1.0 if done else 0.0)
        run = run + 1 if done else 0
        longest = max(longest, run)

    window = counted[-settings.consistency_window :]
    # The latest self-check taken up to today: a future-dated one does not count yet.
    rating = next((r for r in reversed(record.ratings) if r.day <= today), None)
    rating_recent = False
    if rating is not None:
        rating_days = [*days, today] if today_scheduled and not today_done else days
        recent_from = rating_days[-settings.rating_window :]
        rating_recent = not recent_from or rating.day >= recent_from[0]
    span_from = window[0][0] if len(window) >= settings.consistency_window else record.picked
    past = [d for d in unpaused if d < today or d in done_days or d in skipped]
    recent = past[-COACH_WINDOW:]
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
        skipped_in_window=sum(1 for d in skipped if span_from <= d <= today),
        skipped_recent=sum(1 for d in recent if d in skipped),
        unpaused_recent=len(recent),
    )


def routine_by(
    record: HabitRecord, settings: Settings, pauses: tuple[Pause, ...], today: dt.date
) -> dt.date | None:
    """The earliest day the habit can be routine (PRODUCT.md, the routine rule).

    Simulated from today if it is open, else from the next scheduled day: every
    scheduled day done, a passing self-check taken on the first day one is due
    (so the record alone decides). None when the thresholds are out of reach.
    """
    now = progress(record, settings, pauses, today)
    if record.status == "routine":
        return record.routine_on or today
    if now.strength_ok and now.consistency_ok:
        return today  # only the self-check is missing, if anything: take it today
    memory = settings.strength_memory
    strength = now.strength
    window = [done for _day, done in now.counted[-settings.consistency_window :]]
    day = today if now.today_scheduled and not now.today_done else today + ONE_DAY
    for _step in range(SIMULATE_DAYS):
        if is_scheduled(day, settings, pauses):
            strength = memory * strength + (1.0 - memory)
            window = [*window[-(settings.consistency_window - 1) :], True]
            if strength >= settings.strength_threshold and sum(window) >= settings.consistency_done:
                return day
        day += ONE_DAY
    return None


def daily_line(
    record: HabitRecord, settings: Settings, pauses: tuple[Pause, ...], today: dt.date
) -> str:
    """The short plain line people read every day, one form from day one to routine:
    `12 of 12 workdays done · 12 more to routine`. The numbers are streak's."""
    prog = progress(record, settings, pauses, today)
    counted = len(prog.counted)
    done = sum(done for _day, done in prog.counted)
    parts = []
    if counted:
        parts.append(
            ngettext(
                "{done} of {counted} workday done", "{done} of {counted} workdays done", counted
            ).format(done=done, counted=counted)
        )
    parts.append(to_go_words(prog, record, settings, pauses))
    return " · ".join(parts)


def to_go_words(
    prog: RoutineProgress,
    record: HabitRecord,
    settings: Settings,
    pauses: tuple[Pause, ...],
) -> str:
    """What is still to go before the habit is routine, in plain words."""
    if prog.routine or record.status == "routine":
        return _("routine")
    if prog.needs_rating:
        return _("only the self-check is left: cxhabits rate")
    by = routine_by(record, settings, pauses, prog.today)
    if by is None:
        return _("keep going")
    left = workdays_until(
        by, settings, pauses, prog.today, prog.today_scheduled and not prog.today_done
    )
    return ngettext(
        "{count} more workday to routine", "{count} more workdays to routine", left
    ).format(count=left)


def workdays_until(
    day: dt.date, settings: Settings, pauses: tuple[Pause, ...], today: dt.date, open_today: bool
) -> int:
    """Scheduled days from today (when open) or tomorrow up to and including `day`."""
    start = today if open_today else today + ONE_DAY
    return len(scheduled_days(start, day, settings, pauses)) if day >= start else 0


def progress_document(
    prog: RoutineProgress, record: HabitRecord, state: State, anchor_text: str, now: dt.date
) -> dict[str, Any]:
    """The active habit for `streak --json`: every number of the rule, and its anchor."""
    by = routine_by(record, state.settings, state.pauses, now)
    return {
        "id": record.id,
        "picked": record.picked.isoformat(),
        "status": record.status,
        "current_streak": prog.current_streak,
        "longest_streak": prog.longest_streak,
        "done_last_20": prog.done_in_window,
        "scheduled_last_20": prog.window_size,
        "skipped_last_20": prog.skipped_in_window,
        "strength": round(prog.strength, 4),
        "automaticity": round(prog.rating.mean, 2) if prog.rating else None,
        "automaticity_recent": prog.rating_recent,
        "today_done": prog.today_done,
        "today_skipped": now in record.skipped_days,
        "routine": prog.routine,
        "missing": list(prog.missing),
        "summary": prog.summary,
        "anchor": anchor_text,
        "own_anchor": record.own_anchor is not None,
        "routine_by": by.isoformat() if by else None,
        "workdays_to_routine": (
            workdays_until(
                by, state.settings, state.pauses, now, prog.today_scheduled and not prog.today_done
            )
            if by
            else None
        ),
    }


def coaching_before(progress_then: RoutineProgress) -> Coaching:
    """Which word a check-in deserves, judged on the days before the day checked in.

    The prompt comes first in the troubleshooting order: an anchor that often
    does not happen (many skipped days) is named before anything else.
    """
    if progress_then.skipped_recent > COACH_MAX_SKIPPED:
        return "rare-anchor"
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
    if is_paused(day, pauses):
        return "off-done" if done else "paused"
    if day.weekday() not in settings.workdays:
        return "off-done" if done else "off"
    if done:
        return "done"
    if day in record.skipped_days:
        return "skipped"
    if day == today:
        return "open"
    return "before" if day == record.picked else "missed"  # the pick day is free


def settle(state: State, today: dt.date) -> tuple[State, HabitRecord | None]:
    """Mark the active habit routine once it meets the rule; returns it when it just did."""
    record = state.active
    if record is None:
        return state, None
    if not progress(record, state.settings, state.pauses, today).routine:
        return state, None
    state = mark_routine(state, record, today)
    return state, state.current(record.id)
