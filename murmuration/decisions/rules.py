"""The passing rules, as plain functions of counts and times (no database).

Vote: a proposal passes when nobody blocks, more than half of those who agree or disagree
agree (abstentions count for neither side, so exactly half is not enough), and a quorum of the
eligible agree or abstain: at least `ceil(eligible × quorum_percent / 100)` of them. It can be
counted only once it has been open for its minimum time in the current round.

Consent: a proposal can be adopted when somebody has taken a position in the current round and
nobody objects; concerns are heard but do not block.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Stance


@dataclass(frozen=True)
class Result:
    passes: bool
    # Why it does not pass, in words for the people deciding; empty when it passes.
    reasons: list[str] = field(default_factory=list)


def quorum_needed(eligible: int, quorum_percent: int) -> int:
    return math.ceil(eligible * quorum_percent / 100)


def vote_result(counts: Mapping[str, int], eligible: int, quorum_percent: int) -> Result:
    agree = counts.get(Stance.AGREE, 0)
    disagree = counts.get(Stance.DISAGREE, 0)
    abstain = counts.get(Stance.ABSTAIN, 0)
    blocks = counts.get(Stance.BLOCK, 0)
    reasons = []
    if blocks:
        reasons.append(ngettext("%(n)d block.", "%(n)d blocks.", blocks) % {"n": blocks})
    if agree * 2 <= agree + disagree:
        reasons.append(
            _("Not more than half agree (%(agree)d agree, %(disagree)d disagree).")
            % {"agree": agree, "disagree": disagree}
        )
    needed = quorum_needed(eligible, quorum_percent)
    if agree + abstain < needed:
        reasons.append(
            _("Quorum not reached: %(have)d of the %(needed)d needed agree or abstain.")
            % {"have": agree + abstain, "needed": needed}
        )
    return Result(not reasons, reasons)


def consent_result(counts: Mapping[str, int]) -> Result:
    objections = counts.get(Stance.OBJECTION, 0)
    reasons = []
    if not sum(counts.values()):
        reasons.append(_("Nobody has taken a position in this round yet."))
    if objections:
        reasons.append(
            ngettext(
                "%(n)d objection is not resolved.", "%(n)d objections are not resolved.", objections
            )
            % {"n": objections}
        )
    return Result(not reasons, reasons)


def counting_opens(round_opened_at: datetime, min_open_hours: int) -> datetime:
    """The moment a vote may first be counted."""
    return round_opened_at + timedelta(hours=min_open_hours)


def may_count(round_opened_at: datetime, min_open_hours: int, now: datetime) -> bool:
    return now >= counting_opens(round_opened_at, min_open_hours)
