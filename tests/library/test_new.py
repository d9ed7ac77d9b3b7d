"""`cxhabits new`: a habit of your own, written step by step into a pack (issue 15)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cxhabits.domain import ids
from cxhabits.library import authoring
from cxhabits.library.packs import TEXT_FIELDS
from tests.helpers.cli import cx, data, ok
from tests.helpers.shortcuts import validate_path

ENGLISH = {
    "title": "The answer in the first line",
    "anchor": "When I have written a letter about a claim",
    "behaviour": "I will move the decision, yes or no, up to the first line",
    "celebration": "Then I think: no one has to read to the end.",
    "starter": "Just read the first line.",
    "why": "Someone waiting on a claim reads the letter with their heart in their throat.",
}
DUTCH = {
    "title": "Het antwoord in de eerste zin",
    "anchor": "Als ik een brief over een schademelding heb geschreven",
    "behaviour": "zet ik de beslissing, ja of nee, in de eerste zin",
    "celebration": "Dan denk ik: niemand hoeft tot het eind te lezen.",
    "starter": "Alleen de eerste zin lezen.",
    "why": "Wie op een besluit wacht, leest de brief met het hart in de keel.",
}
COMMENTED = (
    "# Acme's own habits: keep this comment.\n"
    "[[habits]]  # an agent habit\n"
    'id = "agent.acme-claim-number"\n'
    "order = 20\n"
    'principle = "their-side"\n'
    'title = { en = "Say the claim number", nl = "Noem het schadenummer" }\n'
    'anchor = { en = "After I pick up a call", nl = "Als ik opneem" }\n'
    'behaviour = { en = "I will say the claim number back", nl = "herhaal ik het nummer" }\n'
    'celebration = { en = "Then I nod.", nl = "Dan knik ik." }\n'
    'starter = { en = "Just find the number.", nl = "Alleen het nummer zoeken." }\n'
    'why = { en = "No one has to ask twice.", nl = "Niemand hoeft twee keer te vragen." }\n'
    "# trailing comment, no newline at the end"
)


def pack_path(home: Path) -> Path:
    return home / "habits" / "my-habits.toml"


def both_lines(role: list[str], principle: str = "3") -> str:
    """stdin for `new --lang both`: role answers, then each field in English, then Dutch."""
    lines = list(role)
    for field in TEXT_FIELDS:
        lines += [ENGLISH[field], DUTCH[field]]
    return "\n".join([*lines, principle]) + "\n"


def as_options(texts: dict[str, str], suffix: str = "") -> list[str]:
    out: list[str] = []
    for field in TEXT_FIELDS:
        out += [f"--{field}{suffix}", texts[field]]
    return out


def shown(habit_id: str) -> Any:
    return data("show", habit_id, "--json")


# -- through standard input ------------------------------------------------------


def test_both_languages_through_stdin_with_a_new_role(cx_home: Path) -> None:
    result = ok(
        "new", "--lang", "both", input=both_lines(["claims", "Claims handler", "Schadebehandelaar"])
    )
    assert "every workday" in result.stdout  # the advice of the anchor step
    assert "30 seconds" in result.stdout  # the behaviour's
    habit_id = "claims.the-answer-in-the-first-line"
    assert habit_id in result.stdout  # the card
    pack = tomllib.loads(pack_path(cx_home).read_text(encoding="utf-8"))
    assert pack["role"] == {
        "id": "claims",
        "name": {"en": "Claims handler", "nl": "Schadebehandelaar"},
    }
    passed, problems = validate_path(pack_path(cx_home))
    assert (passed, problems) == (1, [])
    card = shown(habit_id)
    assert card["principle"] == "their-side" and card["role"] == "claims"
    for field in TEXT_FIELDS:
        assert card[field] == {"en": ENGLISH[field], "nl": DUTCH[field]}
    assert any(r["id"] == "claims" for r in data("roles", "--json"))


def test_dutch_only_through_stdin_for_a_shipped_role(cx_home: Path) -> None:
    lines = ["agent", *(DUTCH[f] for f in TEXT_FIELDS), "their-side"]
    ok("new", "--lang", "nl", input="\n".join(lines) + "\n")
    pack = pack_path(cx_home).read_text(encoding="utf-8")
    assert "[role]" not in pack and "en =" not in pack
    card = shown("agent.het-antwoord-in-de-eerste-zin")
    assert card["title"] == {"en": None, "nl": DUTCH["title"]}
    assert card["recipe"]["en"] is None
    # English interface: the whole habit in Dutch, never mixed.
    listed = {h["id"]: h for h in data("library", "--role", "agent", "--json")}
    assert listed["agent.het-antwoord-in-de-eerste-zin"]["title"] == DUTCH["title"]
    checked = ok("validate", str(pack_path(cx_home)))
    assert "note:" in checked.stderr and "Dutch only" in checked.stderr


def test_a_wrong_answer_through_a_pipe_is_refused(cx_home: Path) -> None:
    lines = ["agent", "x" * 61]  # a title over 60 characters
    result = cx("new", "--lang", "en", input="\n".join(lines) + "\n")
    assert result.exit_code == 2
    assert "--title" in result.stderr and "more than 60" in result.stderr
    assert not pack_path(cx_home).exists()


def test_the_principle_by_number_or_id_and_a_name_for_a_new_role(cx_home: Path) -> None:
    lines = ["Claims handler", *(ENGLISH[f] for f in TEXT_FIELDS), "trust-not-rules"]
    ok("new", "--lang", "en", input="\n".join(lines) + "\n")
    card = shown("claims-handler.the-answer-in-the-first-line")
    assert card["principle"] == "trust-not-rules"
    roles = {r["id"]: r["name"] for r in data("roles", "--json")}
    assert roles["claims-handler"] == "Claims handler"


# -- through options -----------------------------------------------------------------


def test_everything_as_options_asks_nothing(cx_home: Path) -> None:
    result = ok(
        "new",
        "--lang",
        "both",
        "--role",
        "claims",
        "--role-name",
        "Claims handler",
        "--role-name-nl",
        "Schadebehandelaar",
        "--principle",
        "their-side",
        *as_options(ENGLISH),
        *as_options(DUTCH, "-nl"),
        input="",  # nothing to read: a question would end the run with exit 2
    )
    assert "Title" not in result.stdout.split("╭")[0]  # no question before the card
    assert validate_path(pack_path(cx_home)) == (1, [])


def test_only_what_is_missing_is_asked(cx_home: Path) -> None:
    result = ok(
        "new",
        "--lang",
        "en",
        "--role",
        "agent",
        *as_options({**ENGLISH, "why": ""})[:-2],  # everything but --why
        input="Fewer letters back and forth.\n7\n",
    )
    assert "Why" in result.stdout and "Title:" not in result.stdout
    card = shown("agent.the-answer-in-the-first-line")
    assert card["why"]["en"] == "Fewer letters back and forth."
    assert card["principle"] == "own-it"


def test_a_title_whose_id_is_taken_gets_a_free_id(cx_home: Path) -> None:
    base = ["new", "--lang", "en", "--role", "agent", "--principle", "story"]
    texts = {**ENGLISH, "title": "Breath after hard call"}  # a shipped habit's id
    ok(*base, *as_options(texts))
    ok(*base, *as_options(texts))
    ids = [h["id"] for h in tomllib.loads(pack_path(cx_home).read_text())["habits"]]
    assert ids == ["agent.breath-after-hard-call-2", "agent.breath-after-hard-call-3"]
    assert validate_path(pack_path(cx_home)) == (2, [])


def test_a_long_behaviour_is_warned_about_and_written(cx_home: Path) -> None:
    long = "I will " + " ".join(["check"] * 22)
    result = ok(
        "new",
        "--lang",
        "en",
        "--role",
        "agent",
        "--principle",
        "story",
        *as_options({**ENGLISH, "behaviour": long, "anchor": "Sometimes in the day"}),
    )
    assert "24 words" in result.stderr and "tinier" in result.stderr
    assert "no clear moment" in result.stderr
    assert shown("agent.the-answer-in-the-first-line")["behaviour"]["en"] == long


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--behaviour", "I will " + "x" * 170, "more than 160"),
        ("--title", "Bad \x1b[31mtitle", "control character"),
        ("--why", "   ", "empty"),
        ("--behaviour", "I will say thanks.", "'.'"),  # the recipe as it reads
        ("--celebration", "then I smile", "capital"),
        ("--anchor", "After I hang up.", "'.'"),
        ("--starter", "Just smile", "full stop"),
    ],
)
def test_what_validate_would_reject_is_refused(
    cx_home: Path, option: str, value: str, message: str
) -> None:
    pack = pack_path(cx_home)
    pack.parent.mkdir(parents=True)
    pack.write_text(COMMENTED, encoding="utf-8")
    texts = as_options(ENGLISH)
    texts[texts.index(option) + 1] = value
    result = cx("new", "--lang", "en", "--role", "agent", "--principle", "story", *texts)
    assert result.exit_code == 2 and message in result.stderr and option in result.stderr
    assert pack.read_text(encoding="utf-8") == COMMENTED


def test_bad_choices_are_usage_errors(cx_home: Path) -> None:
    assert cx("new", "--lang", "de").exit_code == 2
    refused = cx("new", "--lang", "en", "--principle", "be-nice", "--role", "agent")
    assert refused.exit_code == 2 and "not a principle" in refused.stderr
    assert cx("new", "--role", "Not An Id!").exit_code == 2
    renamed = cx("new", "--role", "agent", "--role-name", "Astronaut")
    assert renamed.exit_code == 2 and "exists already" in renamed.stderr
    assert not pack_path(cx_home).exists()


def test_quotes_and_backslashes_are_escaped_the_toml_way(cx_home: Path) -> None:
    tricky = {**ENGLISH, "title": 'Say "we" \\ not [bold]they[/bold]', "why": "Één bedrijf ✓"}
    ok("new", "--lang", "en", "--role", "agent", "--principle", "one-company", *as_options(tricky))
    habit = tomllib.loads(pack_path(cx_home).read_text())["habits"][0]
    assert habit["title"]["en"] == tricky["title"] and habit["why"]["en"] == tricky["why"]
    assert validate_path(pack_path(cx_home)) == (1, [])


# -- the pack stays as it was --------------------------------------------------------


def test_an_existing_pack_with_comments_is_kept_byte_for_byte(cx_home: Path) -> None:
    pack = pack_path(cx_home)
    pack.parent.mkdir(parents=True)
    pack.write_bytes(COMMENTED.encode("utf-8"))
    ok("new", "--lang", "en", "--role", "agent", "--principle", "story", *as_options(ENGLISH))
    after = pack.read_bytes()
    assert after.startswith(COMMENTED.encode("utf-8") + b"\n")
    habits = tomllib.loads(after.decode())["habits"]
    assert [h["order"] for h in habits] == [20, 21]  # after the role's last one
    assert validate_path(pack) == (2, [])
    assert not list(pack.parent.glob(".*"))  # no temporary file left behind


def test_a_new_role_in_a_pack_that_has_another_is_refused(cx_home: Path) -> None:
    pack = pack_path(cx_home)
    ok("new", "--lang", "en", "--role", "claims", "--role-name", "Claims", "--principle",
       "story", *as_options(ENGLISH))  # fmt: skip
    before = pack.read_bytes()
    result = cx("new", "--lang", "en", "--role", "billing", "--role-name", "Billing",
                "--principle", "story", *as_options(ENGLISH))  # fmt: skip
    assert result.exit_code == 1 and "--pack FILE" in result.stderr
    assert pack.read_bytes() == before


def test_a_pack_that_is_not_toml_is_left_alone(cx_home: Path) -> None:
    pack = pack_path(cx_home)
    pack.parent.mkdir(parents=True)
    pack.write_text("[[habits]\nbroken", encoding="utf-8")
    result = cx("new", "--lang", "en", "--role", "agent", "--principle", "story",
                *as_options(ENGLISH))  # fmt: skip
    assert result.exit_code == 1 and "validate" in result.stderr
    assert pack.read_text(encoding="utf-8") == "[[habits]\nbroken"


STEPS = both_lines(["claims", "Claims handler", "Schadebehandelaar"]).splitlines()


@pytest.mark.parametrize("answered", range(len(STEPS)))
def test_end_of_input_at_any_step_leaves_the_pack_as_it_was(cx_home: Path, answered: int) -> None:
    pack = pack_path(cx_home)
    pack.parent.mkdir(parents=True)
    pack.write_bytes(COMMENTED.encode("utf-8"))
    given = "".join(line + "\n" for line in STEPS[:answered])
    result = cx("new", "--lang", "both", input=given)
    assert result.exit_code == 2, result.stderr
    assert "cxhabits new --" in result.stderr  # what to type instead
    assert pack.read_bytes() == COMMENTED.encode("utf-8")
    assert sorted(p.name for p in pack.parent.iterdir()) == ["my-habits.toml"]


@pytest.mark.parametrize("answered", range(len(STEPS)))
def test_ctrl_c_at_any_step_leaves_the_pack_as_it_was(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch, answered: int
) -> None:
    from cxhabits.cli.app import ask as real_ask
    from cxhabits.cli.commands import authoring as command

    asked: list[str] = []

    def ask(question: str, instead: str, default: str | None = None) -> str:
        if len(asked) == answered:
            raise KeyboardInterrupt
        asked.append(question)
        return real_ask(question, instead, default)

    monkeypatch.setattr(command, "ask", ask)
    result = cx("new", "--lang", "both", input="".join(line + "\n" for line in STEPS))
    assert result.exit_code == 130
    assert not pack_path(cx_home).exists()


def test_a_finished_session_answers_exactly_these_steps(cx_home: Path) -> None:
    """The step lists above are the real ones: all of them written, nothing left over."""
    ok("new", "--lang", "both", input="\n".join(STEPS) + "\n")
    assert validate_path(pack_path(cx_home)) == (1, [])


# -- the pure part ---------------------------------------------------------------------


def test_free_ids_and_slugs() -> None:
    assert ids.slug("Één bedrijf, één stem!") == "een-bedrijf-een-stem"
    assert authoring.free_id("agent", "Hi", set()) == "agent.hi-habit"
    assert authoring.free_id("agent", "日本", set()) == "agent.habit"
    taken = {"agent.say-we", "agent.say-we-2"}
    assert authoring.free_id("agent", "Say we", taken) == "agent.say-we-3"
    long = authoring.free_id("agent", "word " * 30, set())
    assert len(long.split(".")[1]) <= 40 and not long.endswith("-")
    assert authoring.role_id_from("Claims handler") == "claims-handler"
    assert authoring.role_id_from("2nd line") == "team-2nd-line"


def test_warnings_are_about_weak_habits_only() -> None:
    assert authoring.warnings("anchor", "After I hang up", "en") == []
    assert authoring.warnings("anchor", "Na het ophangen", "nl") == []
    assert authoring.warnings("anchor", "Zodra de klant belt", "nl") == []
    assert authoring.warnings("anchor", "Every morning", "en")
    assert authoring.warnings("anchor", "When I have time", "en")
    assert authoring.warnings("behaviour", " ".join(["w"] * 20), "en") == []
    assert authoring.warnings("behaviour", " ".join(["w"] * 21), "en")


def test_the_appended_text_keeps_what_was_there() -> None:
    draft = authoring.Draft(
        "claims", {"en": "Claims"}, "story", {f: {"en": "x y z"} for f in TEXT_FIELDS}
    )
    text = authoring.appended("# note", "claims.x-y-z", 1, draft, with_role=True)
    assert text.startswith("# note\n\n[role]\n")
    assert tomllib.loads(text)["habits"][0]["title"] == {"en": "x y z"}
    assert json.dumps(tomllib.loads(text))  # plain data


def test_on_a_terminal_a_refused_answer_is_asked_again(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxhabits.cli.commands import authoring as command

    monkeypatch.setattr(command, "stdin_is_a_terminal", lambda: True)
    lines = ["agent", "x" * 61, ENGLISH["title"], *(ENGLISH[f] for f in TEXT_FIELDS[1:])]
    result = ok("new", "--lang", "en", input="\n".join([*lines, "99", "story"]) + "\n")
    assert "more than 60" in result.stderr and "Try again" in result.stderr
    assert "not on the list" in result.stderr
    assert shown("agent.the-answer-in-the-first-line")["principle"] == "story"


def test_a_pack_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = cx("new", "--pack", str(blocker / "sub" / "pack.toml"), "--lang", "en",
                "--role", "agent", "--principle", "story", *as_options(ENGLISH))  # fmt: skip
    assert result.exit_code == 1 and "cannot be written" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pack_changed_while_answering_is_not_overwritten(
    cx_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxhabits.cli.commands import authoring as command

    pack = pack_path(cx_home)
    pack.parent.mkdir(parents=True)
    pack.write_text(COMMENTED, encoding="utf-8")

    def ask(question: str, instead: str, default: str | None = None) -> str:
        pack.write_text(COMMENTED + "\n# saved in an editor meanwhile\n", encoding="utf-8")
        return "story"

    monkeypatch.setattr(command, "ask", ask)
    result = cx("new", "--lang", "en", "--role", "agent", *as_options(ENGLISH))
    assert result.exit_code == 1 and "changed while you answered" in result.stderr
    assert pack.read_text(encoding="utf-8").endswith("meanwhile\n")
