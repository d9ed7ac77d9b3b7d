"""The CX principles the habits serve, in words: a short name and a one-line explanation.

Packs and `--json` use the ids (DOMAIN.md); people read these. Marked with N_() here,
translated where they are shown.
"""

from __future__ import annotations

from typing import NamedTuple

from cxhabits.i18n import N_, _


class Principle(NamedTuple):
    name: str
    explanation: str


PRINCIPLE_NAMES: dict[str, Principle] = {
    "open-door": Principle(
        N_("Open the door"),
        N_(
            "When someone is in a hurry or in an unusual spot, use the room you have to help "
            "instead of hiding behind the process."
        ),
    ),
    "one-company": Principle(
        N_("One company"),
        N_("Speak as 'we', never 'that other department': to the customer it is all one."),
    ),
    "their-side": Principle(
        N_("Their side of the story"),
        N_("Keep the customer's side in view, also on the fortieth hard call of the day."),
    ),
    "influence": Principle(
        N_("What you can influence"),
        N_("When you cannot change the situation, choose how you treat this person now."),
    ),
    "honest-first": Principle(
        N_("Honest first"),
        N_(
            "Short-term pain for long-term trust: say what customers pay for and do not use, "
            "admit mistakes, put them right."
        ),
    ),
    "trust-not-rules": Principle(
        N_("Trust, not rules"),
        N_(
            "Do not design for the few who abuse a rule: "
            "fix the problem first, find the cause later."
        ),
    ),
    "own-it": Principle(
        N_("Own it"),
        N_("Decide within a clear bound (a budget, a mandate) to put things right on the spot."),
    ),
    "leaders-at-the-front": Principle(
        N_("Leaders at the front"),
        N_("Leaders go where customers are, regularly: listen in, ride along, answer a complaint."),
    ),
    "right-moment": Principle(
        N_("The right moment"),
        N_("Be close, unobtrusive and of real value, at the right time."),
    ),
    "authentic": Principle(
        N_("Authentic"),
        N_("Honest, open and true to your values: no theatre."),
    ),
    "story": Principle(
        N_("Customer stories"),
        N_("Collect and tell real customer stories: they carry a culture further than rules."),
    ),
    "serve-the-team": Principle(
        N_("Serve the team"),
        N_("Leaders serve their people, so that their people can serve customers."),
    ),
}


def principle_name(principle_id: str) -> str:
    """The principle's short name in the current language (the id when it is unknown)."""
    known = PRINCIPLE_NAMES.get(principle_id)
    return _(known.name) if known else principle_id


def principle_explanation(principle_id: str) -> str:
    """One line on what the principle asks, in the current language ("" when unknown)."""
    known = PRINCIPLE_NAMES.get(principle_id)
    return _(known.explanation) if known else ""
