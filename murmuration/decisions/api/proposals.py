"""/communities/{slug}/proposals: proposals, positions, advice, outcomes, reviews, the decision
log and the community's defaults.

A community's proposals are its members'; a group's are visible to whoever may see the group and
answered by its members. A proposal the caller may not see is a 404 like a missing one. Every
write is one of `decisions.actions`.
"""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import changes, community_for, group_not_found
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.errors import ActionError, NotAllowed, NotFound

from .. import actions, queries
from .. import permissions as perms
from ..actions.common import defaults_for
from ..models import DecisionDefaults, Kind, Position, Proposal
from .schemas import (
    AdviceIn,
    AdviceOut,
    AmendIn,
    AskIn,
    CloseIn,
    DefaultsOut,
    DefaultsPatch,
    PositionIn,
    PositionOut,
    ProposalDetailOut,
    ProposalIn,
    ProposalOut,
    ReviewIn,
    ReviewOut,
    SuggestionOut,
    TallyOut,
    WithdrawIn,
)

router = Router(tags=["decisions"])

COMMUNITY = "/communities/{slug}"
PROPOSALS = COMMUNITY + "/proposals"
PROPOSAL = PROPOSALS + "/{proposal_id}"


def _member(request: HttpRequest, slug: str) -> Viewer:
    viewer = community_for(current_user(request), slug)
    if not viewer.is_member:
        raise NotAllowed(_("Only members of the community can see its decisions."))
    return viewer


def _group(viewer: Viewer, slug: str | None) -> tuple[Group | None, dict[int, Group]]:
    groups = queries.groups_by_id(viewer)
    if not slug:
        return None, groups
    group = next((g for g in groups.values() if g.slug == slug), None)
    if group is None or not perms.can_see_place(viewer, group, groups):
        raise group_not_found()
    return group, groups


def _detail(viewer: Viewer, proposal_id: int) -> queries.ProposalDetail:
    detail = queries.proposal_detail(viewer, proposal_id)
    if detail is None:
        raise NotFound(_("Proposal not found."))
    return detail


def detail_out(detail: queries.ProposalDetail) -> ProposalDetailOut:
    proposal = detail.proposal
    tally = None
    if detail.result is not None:
        tally = TallyOut(
            counts=detail.counts,
            eligible=len(detail.eligible),
            waiting=len(detail.waiting),
            passes=detail.result.passes,
            reasons=detail.result.reasons,
            quorum_needed=detail.quorum_needed if proposal.kind == Kind.VOTE else None,
            counting_opens=detail.counting_opens,
        )
    consulted = (
        {r.person for r in detail.requests} | {a.author for a in detail.advice if a.author}
        if proposal.kind == Kind.ADVICE
        else set()
    )
    return ProposalDetailOut.model_validate(
        {
            **ProposalOut.model_validate(proposal).model_dump(),
            "body": proposal.body,
            "topic": proposal.topic,
            "purpose_text": proposal.purpose_text,
            "candidate": proposal.candidate,
            "eligible_count": proposal.eligible_count,
            "min_open_hours": proposal.min_open_hours,
            "quorum_percent": proposal.quorum_percent,
            "tally": tally,
            "positions": detail.current,
            "revisions": detail.revisions,
            "advice": detail.advice,
            "asked": detail.requests,
            "consulted": sorted(consulted, key=lambda u: u.pk),
            "can_take_position": detail.can_take_position,
            "can_lead": detail.can_lead,
        }
    )


def _after(request: HttpRequest, slug: str, proposal_id: int) -> ProposalDetailOut:
    return detail_out(_detail(_member(request, slug), proposal_id))


@router.get(PROPOSALS, response=list[ProposalOut], summary="Proposals I can see")
@paginate(Page)
def list_proposals(
    request: HttpRequest,
    slug: str,
    status: Proposal.Status | None = None,
    group: str | None = None,
) -> Any:
    """Newest first: the community's and every visible group's, or one group's with `group`."""
    viewer = _member(request, slug)
    place, groups = _group(viewer, group)
    statuses = (status,) if status else (queries.OPEN, *queries.CLOSED)
    return queries.proposals(viewer, group=place, statuses=statuses, groups=groups).order_by(
        "-created_at", "-pk"
    )


@router.post(PROPOSALS, response={201: ProposalDetailOut}, summary="Make a proposal")
def create_proposal(request: HttpRequest, slug: str, payload: ProposalIn) -> ProposalDetailOut:
    """A purpose changes only this way: subject `purpose` with the new text in `purpose_text`;
    adopting the proposal makes it the next purpose version."""
    viewer = _member(request, slug)
    group, _groups = _group(viewer, payload.group)
    touches = [_group(viewer, touched)[0] for touched in payload.touches]
    proposal = actions.create_proposal(
        current_user(request),
        viewer.community,
        group=group,
        kind=payload.kind,
        subject=payload.subject,
        title=payload.title,
        body=payload.body,
        topic=payload.topic,
        purpose_text=payload.purpose_text,
        touches=[g for g in touches if g is not None],
    )
    return detail_out(_detail(viewer, proposal.pk))


@router.get(PROPOSAL, response=ProposalDetailOut, summary="One proposal, with its tally")
def get_proposal(request: HttpRequest, slug: str, proposal_id: int) -> ProposalDetailOut:
    return _after(request, slug, proposal_id)


@router.get(
    PROPOSAL + "/positions",
    response=list[PositionOut],
    summary="Every position taken, newest first, earlier rounds and changed ones included",
)
@paginate(Page)
def list_positions(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    return detail.history


@router.post(
    PROPOSAL + "/positions",
    response={201: PositionOut},
    summary="Take or change my position (consent or vote)",
)
def take_position(
    request: HttpRequest, slug: str, proposal_id: int, payload: PositionIn
) -> Position:
    """consent / concern / objection, or agree / abstain / disagree / block. Objections,
    concerns, blocks and disagreements need a `reason`."""
    detail = _detail(_member(request, slug), proposal_id)
    return actions.take_position(
        current_user(request), detail.proposal, payload.stance, payload.reason
    )


@router.get(PROPOSAL + "/advice", response=list[AdviceOut], summary="Advice given")
@paginate(Page)
def list_advice(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    return _detail(_member(request, slug), proposal_id).advice


@router.post(PROPOSAL + "/advice", response={201: AdviceOut}, summary="Give advice")
def give_advice(request: HttpRequest, slug: str, proposal_id: int, payload: AdviceIn) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    return actions.give_advice(current_user(request), detail.proposal, payload.text)


@router.get(
    PROPOSAL + "/advisors",
    response=list[SuggestionOut],
    summary="Whom to ask for advice (the proposer of an open advice process)",
)
def advisors(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    if not detail.can_lead or detail.proposal.kind != Kind.ADVICE:
        raise NotAllowed(_("Only the proposer of an open advice process gets suggestions."))
    return [{"person": s.person, "why": s.why} for s in detail.suggestions]


@router.post(
    PROPOSAL + "/advice-requests", response={201: ProposalDetailOut}, summary="Ask for advice"
)
def ask_for_advice(
    request: HttpRequest, slug: str, proposal_id: int, payload: AskIn
) -> ProposalDetailOut:
    viewer = _member(request, slug)
    detail = _detail(viewer, proposal_id)
    person = User.objects.filter(
        pk=payload.user_id, memberships__community=viewer.community
    ).first()
    if person is None:
        raise ActionError(_("That person cannot see this proposal."), field="user_id")
    actions.ask_for_advice(current_user(request), detail.proposal, person, payload.why)
    return detail_out(_detail(viewer, proposal_id))


@router.post(PROPOSAL + "/amend", response=ProposalDetailOut, summary="Amend: a new round")
def amend(request: HttpRequest, slug: str, proposal_id: int, payload: AmendIn) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    actions.amend_proposal(current_user(request), detail.proposal, **payload.model_dump())
    return _after(request, slug, proposal_id)


@router.post(PROPOSAL + "/close", response=ProposalDetailOut, summary="Close with an outcome")
def close(request: HttpRequest, slug: str, proposal_id: int, payload: CloseIn) -> Any:
    """Advice: the proposer's decision. Consent: adopted when nobody objects (needs
    `review_on`). Vote: counted after its minimum open time; passes or not."""
    detail = _detail(_member(request, slug), proposal_id)
    actions.close_proposal(current_user(request), detail.proposal, **payload.model_dump())
    return _after(request, slug, proposal_id)


@router.post(PROPOSAL + "/withdraw", response=ProposalDetailOut, summary="Withdraw, saying why")
def withdraw(request: HttpRequest, slug: str, proposal_id: int, payload: WithdrawIn) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    actions.withdraw_proposal(current_user(request), detail.proposal, outcome=payload.outcome)
    return _after(request, slug, proposal_id)


@router.post(
    PROPOSAL + "/ask-candidate",
    response=ProposalDetailOut,
    summary="Let the candidate answer before everyone else has (role selection)",
)
def ask_candidate(request: HttpRequest, slug: str, proposal_id: int) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    actions.ask_candidate(current_user(request), detail.proposal)
    return _after(request, slug, proposal_id)


@router.post(PROPOSAL + "/reviews", response={201: ReviewOut}, summary="Review an adopted one")
def review(request: HttpRequest, slug: str, proposal_id: int, payload: ReviewIn) -> Any:
    detail = _detail(_member(request, slug), proposal_id)
    return actions.record_review(current_user(request), detail.proposal, **payload.model_dump())


@router.get(
    COMMUNITY + "/decision-log",
    response=list[ProposalOut],
    summary="Closed proposals, most recently decided first",
)
@paginate(Page)
def decision_log(request: HttpRequest, slug: str, group: str | None = None) -> Any:
    viewer = _member(request, slug)
    place, groups = _group(viewer, group)
    return queries.decision_log(viewer, group=place, groups=groups)


@router.get(
    COMMUNITY + "/reviews-due",
    response=list[ProposalOut],
    summary="Adopted decisions whose review date has come",
)
@paginate(Page)
def reviews_due(
    request: HttpRequest, slug: str, group: str | None = None, on: date | None = None
) -> Any:
    viewer = _member(request, slug)
    place, groups = _group(viewer, group)
    return queries.reviews_due_for(viewer, on or timezone.localdate(), group=place, groups=groups)


@router.get(COMMUNITY + "/decision-defaults", response=DefaultsOut, summary="Ways to decide")
def get_defaults(request: HttpRequest, slug: str) -> DecisionDefaults:
    return defaults_for(_member(request, slug).community)


@router.patch(COMMUNITY + "/decision-defaults", response=DefaultsOut, summary="Change them (hosts)")
def set_defaults(request: HttpRequest, slug: str, payload: DefaultsPatch) -> DecisionDefaults:
    viewer = _member(request, slug)
    return actions.set_defaults(current_user(request), viewer.community, **changes(payload))
