"""The self-check (SRBAI), asked on a terminal: after a check-in that holds up, and by `rate`.

The fast path hands over to this module for its one question; it is the only part of
the command line it may load, lazily, and only on a terminal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cxhabits.cli import saving
from cxhabits.cli.app import announce_routine, ask, language, say, title
from cxhabits.domain import core, model
from cxhabits.domain.routine import progress, settle
from cxhabits.errors import CxHabitsError, UsageError
from cxhabits.i18n import N_, _, number
from cxhabits.storage import datafolder, store

DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help=_("The day (YYYY-MM-DD); default: today.")),
]
YesterdayOption = Annotated[
    bool,
    typer.Option("--yesterday", help=_("The previous workday (on a Monday: the Friday).")),
]


def ask_for_rating(folder: Path, now: dt.date) -> None:
    """After a check-in whose record holds up: the self-check, asked on the terminal.

    The fast path (fast.py) hands over to this too: it asks no questions itself.
    """
    say(_("Your record meets the routine rule. One last thing: how automatic does it feel?"))
    record_rating(folder, now, prompt_scores())


SRBAI_STATEMENTS = (
    N_("I do it automatically."),
    N_("I do it without having to consciously remember."),
    N_("I do it without thinking."),
    N_("I start doing it before I realise I am doing it."),
)


def prompt_scores() -> tuple[int, ...]:
    say(
        _("For each statement: {low} = strongly disagree ... {high} = strongly agree.").format(
            low=model.SRBAI_MIN, high=model.SRBAI_MAX
        )
    )
    answers: list[int] = []
    instead = "cxhabits rate " + _("SCORES") + "..."  # never numbers the person did not give
    for statement in SRBAI_STATEMENTS:
        while True:
            # default "": an empty answer comes back, so it can be told what to type
            answer = ask("  " + _(statement).rstrip("."), instead, default="")
            try:
                if not answers and len(answer.split()) == len(SRBAI_STATEMENTS):
                    return core.parse_scores(answer.split())  # all four on one line
                answers.append(core.parse_score(answer))
                break
            except UsageError:
                say(
                    _("Type a whole number from {low} to {high}.").format(
                        low=model.SRBAI_MIN, high=model.SRBAI_MAX
                    ),
                    err=True,
                )
    return tuple(answers)


def no_active_habit() -> CxHabitsError:
    return CxHabitsError(
        N_(
            "The self-check is for the habit you are building, and none is active.\n"
            "Run 'cxhabits pick' first."
        )
    )


EARLY_DAYS = 14  # a self-check this soon after the pick says little about automaticity yet


def record_rating(folder: Path, now: dt.date, scores: tuple[int, ...]) -> None:
    with datafolder.locked(folder):
        state = store.load(folder)
        lang = language(state.settings)
        record = state.active
        if record is None:
            raise no_active_habit()
        state = core.rate(state, record, scores, now)
        state, just_routine = settle(state, now)
        saving.save(folder, state)
    rating = model.Rating(now, scores)
    say(
        _("Automaticity {score} recorded for {habit}.").format(
            score=number(rating.mean, 1), habit=title(record.id, folder, lang)
        )
    )
    if (now - record.picked).days < EARLY_DAYS:
        say(
            _(
                "Early days: a self-check says most after a few weeks of the habit. "
                "Do it again then."
            )
        )
    if just_routine is not None:
        announce_routine(state, just_routine, folder, lang)
    else:
        updated = state.current(record.id)
        assert updated is not None
        prog = progress(updated, state.settings, state.pauses, now)
        say(prog.summary)
        for missing in prog.missing:
            say(_("Still missing: {missing}").format(missing=missing))
