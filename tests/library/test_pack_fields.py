"""The third edition's pack fields: [mandate], uses_mandate, near_daily, stacks_on,
replaced_by and role, and a field this version does not know (a note, not a problem)."""

from __future__ import annotations

from pathlib import Path

from cxhabits.library import catalog, packs
from tests.helpers import shortcuts

ROLE = '[role]\nid = "claims"\nname = { en = "Claims handler", nl = "Schadebehandelaar" }\n\n'


# Each text as the recipe reads it (tests/library/test_recipe_reads.py), named for its habit.
SHAPES = {
    "title": ("Title of {id}", "Titel van {id}"),
    "anchor": ("When the anchor of {id} happens", "Als het anker van {id} gebeurt"),
    "behaviour": ("I will do the behaviour of {id}", "doe ik het gedrag van {id}"),
    "celebration": ("Then I celebrate {id}.", "Dan vier ik {id}."),
    "starter": ("Just start {id}.", "Alleen {id} beginnen."),
    "why": ("The why of {id}.", "Het waarom van {id}."),
}


def habit(habit_id: str, order: int = 1, extra: str = "") -> str:
    texts = "\n".join(
        f'{name} = {{ en = "{SHAPES[name][0].format(id=habit_id)}", '
        f'nl = "{SHAPES[name][1].format(id=habit_id)}" }}'
        for name in packs.TEXT_FIELDS
    )
    return (
        f'[[habits]]\nid = "{habit_id}"\norder = {order}\nprinciple = "own-it"\n{extra}{texts}\n\n'
    )


def write(tmp_path: Path, text: str, name: str = "claims.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_new_field_round_trips_through_the_reader(tmp_path: Path) -> None:
    text = (
        ROLE
        + '[mandate]\nen = "Up to 50 euros a customer"\nnl = "Tot 50 euro per klant"\n\n'
        + habit("claims.one", 1, "uses_mandate = true\n")
        + habit("claims.two", 2, 'near_daily = true\nstacks_on = "claims.one"\n')
        + habit("claims.old", 3, 'retired = true\nreplaced_by = "claims.one"\n')
    )
    pack = packs.read_pack(write(tmp_path, text))
    assert pack.problems == [] and pack.notes == ()
    assert pack.mandate == {"en": "Up to 50 euros a customer", "nl": "Tot 50 euro per klant"}
    one, two, old = pack.habits
    assert (one.uses_mandate, one.near_daily, one.stacks_on, one.replaced_by) == (
        True,
        False,
        None,
        None,
    )
    assert (two.uses_mandate, two.near_daily, two.stacks_on) == (False, True, "claims.one")
    assert old.retired and old.replaced_by == "claims.one"
    passed, problems = shortcuts.validate_path(tmp_path / "claims.toml")
    assert (passed, problems) == (3, [])


def test_the_defaults_when_a_pack_gives_none_of_them(tmp_path: Path) -> None:
    pack = packs.read_pack(write(tmp_path, ROLE + habit("claims.one")))
    (one,) = pack.habits
    assert pack.mandate is None
    assert (one.uses_mandate, one.near_daily, one.stacks_on, one.replaced_by) == (
        False,
        False,
        None,
        None,
    )


def test_an_unknown_field_is_a_note_and_the_habit_still_loads(tmp_path: Path) -> None:
    text = '[coach]\ntip = "newer"\n\n' + ROLE + habit("claims.one", 1, "sparkle = 3\n")
    path = write(tmp_path, text)
    pack = packs.read_pack(path)
    assert pack.problems == []
    assert [h.id for h in pack.habits] == ["claims.one"]
    assert {(n.habit, n.field) for n in pack.notes} == {("", "coach"), ("claims.one", "sparkle")}
    checked = catalog.check_path(path)
    assert checked.problems == [] and checked.passed == 1
    assert {n.field for n in checked.notes} == {"coach", "sparkle"}


def test_the_new_flags_must_be_true_or_false(tmp_path: Path) -> None:
    text = ROLE + habit("claims.one", 1, 'uses_mandate = "yes"\nnear_daily = 1\n')
    problems = packs.read_pack(write(tmp_path, text)).problems
    assert sorted(p.field for p in problems) == ["near_daily", "uses_mandate"]


def test_stacks_on_must_name_a_habit_of_the_same_role(tmp_path: Path) -> None:
    text = (
        ROLE
        + habit("claims.one", 1, 'stacks_on = "claims.nowhere"\n')
        + habit("claims.two", 2, 'stacks_on = "agent.breath-after-hard-call"\n')
        + habit("claims.three", 3, 'stacks_on = "claims.two"\n')
    )
    _, problems = shortcuts.validate_path(write(tmp_path, text))
    assert sorted((p.habit, p.field) for p in problems) == [
        ("claims.one", "stacks_on"),
        ("claims.two", "stacks_on"),
    ]


def test_replaced_by_must_name_a_habit_in_the_library(tmp_path: Path) -> None:
    text = (
        ROLE
        + habit("claims.one", 1, 'retired = true\nreplaced_by = "agent.breath-after-hard-call"\n')
        + habit("claims.two", 2, 'retired = true\nreplaced_by = "claims.gone"\n')
        + habit("claims.three", 3, 'replaced_by = "not an id"\n')
    )
    _, problems = shortcuts.validate_path(write(tmp_path, text))
    assert sorted((p.habit, p.field) for p in problems) == [
        ("claims.three", "replaced_by"),
        ("claims.two", "replaced_by"),
    ]


def test_a_mandate_is_a_table_of_languages(tmp_path: Path) -> None:
    text = 'mandate = "fifty euros"\n\n' + ROLE + habit("claims.one")
    problems = packs.read_pack(write(tmp_path, text)).problems
    assert [p.field for p in problems] == ["mandate"]


def test_a_habit_moved_to_another_role_keeps_its_id_and_its_file(tmp_path: Path) -> None:
    other = '[role]\nid = "desk"\nname = { en = "Desk", nl = "Balie" }\n\n' + habit("desk.own")
    write(tmp_path, other, "desk.toml")
    write(tmp_path, ROLE + habit("claims.one") + habit("claims.moved", 2, 'role = "desk"\n'))
    library = catalog.load_library(tmp_path)
    assert library.habits["claims.moved"].role == "desk"
    assert [h.id for h in library.role_habits("desk")] == ["desk.own", "claims.moved"]
    bad = write(tmp_path, ROLE + habit("claims.lost", 1, 'role = "astronaut"\n'), "bad.toml")
    assert [p.field for p in packs.read_pack(bad).problems] == ["role"]
