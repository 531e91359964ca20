"""Taking positions in a consent round or a vote; asking for and giving advice."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import viewer_for
from murmuration.errors import ActionError, Conflict

from .. import permissions as perms
from .. import queries
from ..models import (
    ADVICE_MAX,
    NEEDS_REASON,
    NOTE_MAX,
    REASON_MAX,
    Advice,
    AdviceRequest,
    Position,
    Proposal,
    Stance,
)
from .common import Actor, clean_text, lock_proposal, must_be_open, require, signed_in
from .proposals import LEAD

REASON_WANTED = {
    Stance.OBJECTION: _(
        "An objection must say what harm it foresees or what improvement it offers."
    ),
    Stance.CONCERN: _("Please say what the concern is, so it can be heard."),
    Stance.BLOCK: _("A block must give its reason."),
    Stance.DISAGREE: _("Please give the reason you disagree."),
}


def _waiting_before_candidate(proposal: Proposal) -> int:
    """How many others the candidate still waits for: in selection by consent they answer last."""
    answered = proposal.positions.filter(current=True).values("user_id")
    return (
        queries.eligible_users(proposal)
        .exclude(pk=proposal.candidate_id or 0)
        .exclude(pk__in=answered)
        .count()
    )


@transaction.atomic
def take_position(user: Actor, proposal: Proposal, stance: str, reason: str = "") -> Position:
    """Take or change your position in the current round; the earlier one stays in history.

    The proposal's row lock orders concurrent positions, and the partial unique constraint on
    current positions backs it up: a person never holds two at once.
    """
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(
        user,
        proposal,
        perms.can_take_position,
        _("Only the group's members take positions on its proposals.")
        if proposal.group_id
        else _("Only members of the community take positions on its proposals."),
    )
    person = signed_in(user)
    if stance not in proposal.stances:
        raise ActionError(
            _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(str(Stance(s).label).lower() for s in proposal.stances)},
            field="stance",
        )
    reason = clean_text(
        reason, field="reason", limit=REASON_MAX, label=_("a reason"), required=False
    )
    if stance in NEEDS_REASON and not reason:
        raise ActionError(str(REASON_WANTED[Stance(stance)]), field="reason")
    if (
        proposal.subject == Proposal.Subject.ROLE
        and person.pk == proposal.candidate_id
        and proposal.candidate_asked_at is None
    ):
        waiting = _waiting_before_candidate(proposal)
        if waiting:
            raise ActionError(
                ngettext(
                    "As the candidate you are asked last; %(n)d person has yet to answer.",
                    "As the candidate you are asked last; %(n)d people have yet to answer.",
                    waiting,
                )
                % {"n": waiting}
            )
    current = proposal.positions.filter(user=person, current=True).first()
    if current is not None and (current.stance, current.reason) == (stance, reason):
        return current
    proposal.positions.filter(user=person, current=True).update(current=False)
    return Position.objects.create(
        proposal=proposal, user=person, round=proposal.round, stance=stance, reason=reason
    )


@transaction.atomic
def ask_candidate(user: Actor, proposal: Proposal) -> Proposal:
    """The facilitator asks the candidate now, without waiting for everyone else to answer."""
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_lead, LEAD)
    if proposal.subject != Proposal.Subject.ROLE:
        raise ActionError(_("Only a role selection has a candidate to ask."))
    proposal.candidate_asked_at = timezone.now()
    proposal.save(update_fields=["candidate_asked_at"])
    return proposal


@transaction.atomic
def give_advice(user: Actor, proposal: Proposal, text: str) -> Advice:
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_give_advice, _("This proposal is not asking for advice."))
    text = clean_text(text, field="text", limit=ADVICE_MAX, label=_("your advice"))
    return Advice.objects.create(
        proposal=proposal, author=signed_in(user), round=proposal.round, text=text
    )


@transaction.atomic
def ask_for_advice(user: Actor, proposal: Proposal, person: User, why: str = "") -> AdviceRequest:
    """Ask someone for advice. They must be able to see the proposal: asking someone outside a
    private group would tell them it exists."""
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_lead, LEAD)
    if proposal.kind != "advice":
        raise ActionError(_("Only an advice process asks people for advice."))
    if person.pk == proposal.author_id:
        raise ActionError(_("Ask someone other than yourself."), field="person")
    asked = viewer_for(person, proposal.community)
    groups = (
        {g.pk: g for g in Group.objects.filter(community=proposal.community)}
        if proposal.group_id
        else {}
    )
    if not perms.can_see_place(asked, proposal.group, groups):
        # The message must not say who the person is: ids can be guessed.
        raise ActionError(_("That person cannot see this proposal."), field="person")
    why = clean_text(why, field="why", limit=NOTE_MAX, label=_("why"), required=False)
    try:
        with transaction.atomic():
            return AdviceRequest.objects.create(proposal=proposal, person=person, why=why)
    except IntegrityError as error:
        raise Conflict(_("You have asked them already."), field="person") from error
