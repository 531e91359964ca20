"""/communities/{slug}/groups/{group_slug}/commitments: a group's commitments and its reviews.

Whoever may see the group sees its commitments, progress and who is in; its members propose,
opt in and out; the people in a commitment begin it, choose at its review, renew or close it.
A review choice is returned only to the person who made it. Every write is a `cycles.actions`.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import GroupView, group_for
from murmuration.errors import ActionError, NotFound
from murmuration.rhythms.api.rhythms import GROUP, practice_named
from murmuration.rhythms.models import Rhythm

from .. import actions, queries
from .. import permissions as perms
from ..actions.common import require
from ..models import Commitment, ReviewChoice
from ..views.commitments import THANKS
from .schemas import ChoiceIn, ChoiceOut, CloseIn, CommitmentIn, CommitmentOut, RenewIn

router = Router(tags=["commitments"])

COMMITMENTS = GROUP + "/commitments"
COMMITMENT = COMMITMENTS + "/{commitment_id}"


def _found(request: HttpRequest, slug: str, group_slug: str) -> tuple[User, GroupView]:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    actions.catch_up(found.group)
    return user, found


def _commitment(found: GroupView, commitment_id: int) -> Commitment:
    commitment = Commitment.objects.filter(pk=commitment_id, group=found.group).first()
    if commitment is None:
        raise NotFound(_("Commitment not found."))
    commitment.group = found.group
    return commitment


def commitment_out(shown: queries.CommitmentView) -> CommitmentOut:
    commitment, progress = shown.commitment, shown.progress
    reviewing = commitment.status == Commitment.Status.REVIEW
    following = progress.next_session if progress else None
    return CommitmentOut(
        id=commitment.pk,
        status=Commitment.Status(commitment.status),
        rhythm_id=commitment.rhythm_id,
        rhythm_name=commitment.rhythm.name if commitment.rhythm else None,
        starts_on=commitment.starts_on,
        session_count=commitment.session_count,
        ends_on=commitment.ends_on,
        previous_id=commitment.previous_id,
        closing_note=commitment.closing_note,
        began_at=commitment.began_at,
        review_from=commitment.review_from,
        status_changed_at=commitment.status_changed_at,
        people=shown.people,  # type: ignore[arg-type]
        progress=None
        if progress is None
        else {
            "held": progress.held,
            "total": progress.total,
            "complete": progress.complete,
            "next_session_id": following.pk if following else None,
            "next_starts_at": following.starts_at if following else None,
            "ends_at": progress.end,
        },  # type: ignore[arg-type]
        chosen=shown.chosen if reviewing else None,
        my_choice=ReviewChoice.Choice(shown.my_choice) if shown.my_choice else None,
    )


def _out(found: GroupView, commitment_id: int) -> CommitmentOut:
    shown = queries.commitment_view(found.viewer, found.group, commitment_id)
    if shown is None:
        raise NotFound(_("Commitment not found."))
    return commitment_out(shown)


@router.get(COMMITMENTS, response=list[CommitmentOut], summary="The group's commitments")
@paginate(Page)
def list_commitments(request: HttpRequest, slug: str, group_slug: str) -> Any:
    """Open commitments first (with progress), then decided ones, newest first."""
    _user, found = _found(request, slug, group_slug)
    cycles = queries.group_cycles(found.viewer, found.group, found.groups_by_id, past=200)
    return [commitment_out(shown) for shown in [*cycles.current, *cycles.past]]


@router.post(COMMITMENTS, response={201: CommitmentOut}, summary="Propose a commitment")
def propose(
    request: HttpRequest, slug: str, group_slug: str, payload: CommitmentIn
) -> tuple[int, CommitmentOut]:
    """You are in it from the start; everyone else opts in for themselves."""
    user, found = _found(request, slug, group_slug)
    # Permission first, so a refusal never depends on which rhythm the body names.
    require(user, found.group, perms.can_propose, _("Join the group to propose a commitment."))
    rhythm = Rhythm.objects.filter(pk=payload.rhythm_id, group=found.group).first()
    if rhythm is None:
        raise ActionError(_("Choose one of the group's rhythms."), field="rhythm_id")
    commitment = actions.propose_commitment(
        user,
        found.group,
        rhythm=rhythm,
        starts_on=payload.starts_on,
        session_count=payload.session_count,
        ends_on=payload.ends_on,
    )
    return 201, _out(found, commitment.pk)


@router.get(COMMITMENT, response=CommitmentOut, summary="One commitment")
def get_commitment(
    request: HttpRequest, slug: str, group_slug: str, commitment_id: int
) -> CommitmentOut:
    _user, found = _found(request, slug, group_slug)
    return _out(found, commitment_id)


@router.post(COMMITMENT + "/members", response=CommitmentOut, summary="Opt in")
def opt_in(request: HttpRequest, slug: str, group_slug: str, commitment_id: int) -> CommitmentOut:
    """Opt yourself in; nobody can opt someone else in."""
    user, found = _found(request, slug, group_slug)
    actions.opt_in(user, _commitment(found, commitment_id))
    return _out(found, commitment_id)


@router.delete(COMMITMENT + "/members/me", response={204: None}, summary="Take your yes back")
def opt_out(
    request: HttpRequest, slug: str, group_slug: str, commitment_id: int
) -> tuple[int, None]:
    user, found = _found(request, slug, group_slug)
    actions.opt_out(user, _commitment(found, commitment_id))
    return 204, None


@router.post(COMMITMENT + "/begin", response=CommitmentOut, summary="Begin a proposed commitment")
def begin(request: HttpRequest, slug: str, group_slug: str, commitment_id: int) -> CommitmentOut:
    user, found = _found(request, slug, group_slug)
    actions.start_commitment(user, _commitment(found, commitment_id))
    return _out(found, commitment_id)


@router.get(COMMITMENT + "/review", response=ChoiceOut, summary="Your choice at the review")
def my_choice(request: HttpRequest, slug: str, group_slug: str, commitment_id: int) -> ChoiceOut:
    """Only ever your own: there is no way to read anyone else's."""
    user, found = _found(request, slug, group_slug)
    commitment = _commitment(found, commitment_id)
    mine = ReviewChoice.objects.filter(commitment=commitment, user=user).first()
    if mine is None:
        return ChoiceOut(choice=None, chosen_at=None)
    return ChoiceOut(choice=ReviewChoice.Choice(mine.choice), chosen_at=mine.chosen_at)


@router.put(COMMITMENT + "/review", response=ChoiceOut, summary="Choose at the review")
def choose(
    request: HttpRequest, slug: str, group_slug: str, commitment_id: int, payload: ChoiceIn
) -> ChoiceOut:
    """Continue, continue with a change, or step out; choosing again replaces it."""
    user, found = _found(request, slug, group_slug)
    chosen = actions.choose_review(user, _commitment(found, commitment_id), payload.choice)
    message = str(THANKS) if chosen.choice == ReviewChoice.Choice.STEP_OUT else ""
    return ChoiceOut(
        choice=ReviewChoice.Choice(chosen.choice), chosen_at=chosen.chosen_at, message=message
    )


@router.post(COMMITMENT + "/renew", response={201: CommitmentOut}, summary="Renew at the review")
def renew(
    request: HttpRequest, slug: str, group_slug: str, commitment_id: int, payload: RenewIn
) -> tuple[int, CommitmentOut]:
    """A new commitment for everyone who chose to continue; the rhythm changes as given."""
    user, found = _found(request, slug, group_slug)
    commitment = _commitment(found, commitment_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {
        "session_count": payload.session_count,
        "ends_on": payload.ends_on,
        "recurrence_rule": payload.recurrence,
        "start_time": payload.start_time,
        "rotation_enabled": payload.rotation_enabled,
    }
    if "practice" in sent and sent["practice"] is not None:
        changes["practice"] = practice_named(found, sent["practice"])
    renewed = actions.renew_commitment(user, commitment, **changes)
    return 201, _out(found, renewed.pk)


@router.post(COMMITMENT + "/close", response=CommitmentOut, summary="Close with a note")
def close(
    request: HttpRequest, slug: str, group_slug: str, commitment_id: int, payload: CloseIn
) -> CommitmentOut:
    """A proposal that did not gather, or a pod at its review (a closing note is needed)."""
    user, found = _found(request, slug, group_slug)
    actions.close_commitment(user, _commitment(found, commitment_id), payload.closing_note)
    return _out(found, commitment_id)
