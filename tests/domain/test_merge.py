"""The merge of several devices' facts (domain/merge.py), in memory: devices that change
the state and merge each other's replicas in any order lose nothing, and an undo takes
away only what its device had seen."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from cxhabits.domain import merge
from cxhabits.domain.merge import Dot, Replica
from cxhabits.domain.model import CheckIn, HabitRecord, Pause, Settings, State

PICKED = dt.date(2026, 11, 2)
DAYS = [PICKED + dt.timedelta(days=i) for i in range(8)]


class Device:
    def __init__(self, name: str) -> None:
        self.name = name
        self.replica = Replica()
        self.clock = 0

    def state(self) -> State:
        return merge.view(self.replica.elements, State())

    def save(self, new: State) -> None:
        self.clock += 1
        revision = self.replica.seen.get(self.name, 0) + 1
        before = merge.facts(self.state())
        dot = Dot(self.name, revision, self.clock)
        self.replica = merge.change(self.replica, before, merge.facts(new), dot)

    def pull(self, other: Device) -> None:
        self.replica = merge.merge(self.replica, other.replica)


def with_habit(state: State) -> State:
    if state.habits:
        return state
    return state._replace(habits=(HabitRecord("agent.aaa", PICKED),))


def checkin(state: State, day: dt.date, note: str) -> State:
    state = with_habit(state)
    record = state.habits[0]
    checkins = {c.day: c for c in record.checkins}
    checkins[day] = CheckIn(day, note)
    return state.with_record(record, record._replace(checkins=tuple(sorted(checkins.values()))))


def undo(state: State, day: dt.date) -> State:
    state = with_habit(state)
    record = state.habits[0]
    checkins = tuple(c for c in record.checkins if c.day != day)
    return state.with_record(record, record._replace(checkins=checkins))


def days_done(state: State) -> dict[dt.date, str]:
    return {c.day: c.note for r in state.habits for c in r.checkins}


OPS = st.lists(
    st.tuples(
        st.sampled_from(["checkin", "undo", "sync", "language"]),
        st.integers(0, 2),  # the device
        st.integers(0, 2),  # the other device (sync) or the day
        st.sampled_from(["", "busy", "calm"]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_devices_that_merge_in_any_order_agree_and_lose_nothing(
    ops: list[tuple[str, int, int, str]],
) -> None:
    devices = [Device(f"d{i}") for i in range(3)]
    expected: dict[dt.date, dict[tuple[str, int], str]] = {}  # day -> made where -> note
    for kind, who, other, note in ops:
        device = devices[who]
        if kind == "sync":
            device.pull(devices[other])
            continue
        if kind == "language":
            language = "nl" if note else "en"
            device.save(device.state()._replace(settings=Settings(language=language)))
            continue
        day = DAYS[other]
        state = device.state()
        if kind == "checkin":
            if days_done(state).get(day) == note:
                continue  # nothing changes: no fact is made
            device.save(checkin(state, day, note))
            # what this device saw of the day is replaced by its new value
            seen = {
                k
                for k, v in expected.get(day, {}).items()
                if device.replica.covers(Dot(k[0], k[1], 0))
            }
            for k in seen:
                expected[day].pop(k)
            expected.setdefault(day, {})[(device.name, device.replica.seen[device.name])] = note
        else:
            if day not in days_done(state):
                continue
            device.save(undo(state, day))
            for k in [
                k for k in expected.get(day, {}) if device.replica.covers(Dot(k[0], k[1], 0))
            ]:
                expected[day].pop(k)
    for _round in range(2):
        for a in devices:
            for b in devices:
                a.pull(b)
    views = [d.state() for d in devices]
    assert views[0] == views[1] == views[2]
    done = days_done(views[0])
    for day, made in expected.items():
        if made:
            assert day in done, (day, made)
            notes = {n for n in made.values() if n}
            for text in notes:
                assert text in done[day]
        else:
            assert day not in done


def test_an_undo_takes_away_only_what_its_device_had_seen() -> None:
    laptop, work = Device("laptop"), Device("work")
    laptop.save(checkin(State(), DAYS[0], ""))
    work.pull(laptop)
    laptop.save(checkin(laptop.state(), DAYS[1], "from the laptop"))  # work has not seen it
    work.save(undo(work.state(), DAYS[0]))
    work.save(checkin(work.state(), DAYS[1], "from work"))  # the same day, unseen on each side
    laptop.pull(work)
    work.pull(laptop)
    assert laptop.state() == work.state()
    assert days_done(work.state()) == {DAYS[1]: "from the laptop / from work"}


def test_two_picks_on_two_devices_the_later_is_built() -> None:
    laptop, work = Device("laptop"), Device("work")
    laptop.save(State(habits=(HabitRecord("agent.aaa", DAYS[0]),)))
    work.save(State(habits=(HabitRecord("agent.bbb", DAYS[1]),)))
    laptop.pull(work)
    state = laptop.state()
    assert state.active is not None and state.active.id == "agent.bbb"
    assert [r.status for r in state.habits] == ["dropped", "active"]


def test_overlapping_pauses_of_two_devices_are_one() -> None:
    laptop, work = Device("laptop"), Device("work")
    laptop.save(State(pauses=(Pause(DAYS[0], DAYS[3], "leave"),)))
    work.save(State(pauses=(Pause(DAYS[2], DAYS[5], "course"),)))
    laptop.pull(work)
    assert laptop.state().pauses == (Pause(DAYS[0], DAYS[5], "leave; course"),)


def test_the_later_setting_wins_and_packs_stay_on_their_device() -> None:
    laptop, work = Device("laptop"), Device("work")
    laptop.save(State(settings=Settings(language="nl", packs=("/laptop/packs",))))
    work.clock = 5
    work.save(State(settings=Settings(language="en")))
    laptop.pull(work)
    assert laptop.state().settings.language == "en"
    assert laptop.state().settings.packs == ()  # the view of facts alone: no device's paths
    news = merge.describe(Replica(), laptop.replica)
    assert news is not None and "setting language" in news.disagreements
