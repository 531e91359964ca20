"""Read paths for proposal and decision-log pages, the API, and other apps. Each runs a fixed
number of queries, however many proposals, positions or people there are.

For other apps (notifications): `due_reviews` lists adopted decisions whose review date has
come, `eligible_users` says whom a proposal (and so its review) belongs to, `consulted` who
took part in an advice process, and `terms_ending` which role terms end soon.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from . import advisors, rules
from . import permissions as perms
from .models import (
    Advice,
    AdviceRequest,
    Kind,
    Position,
    Proposal,
    Review,
    Revision,
    RoleTerm,
)

OPEN = Proposal.Status.OPEN
CLOSED = (Proposal.Status.ADOPTED, Proposal.Status.REJECTED, Proposal.Status.WITHDRAWN)


def eligible_users(proposal: Proposal) -> QuerySet[User]:
    """Who may take a position: the community's members, or the group's members who are still
    in the community."""
    members = User.objects.filter(memberships__community_id=proposal.community_id)
    if proposal.group_id is not None:
        members = members.filter(group_memberships__group_id=proposal.group_id)
    return members


def current_counts(proposal: Proposal) -> dict[str, int]:
    """Current positions of people still eligible, by stance. One query."""
    rows = (
        Position.objects.filter(proposal=proposal, current=True)
        .filter(user__in=eligible_users(proposal))
        .values("stance")
        .annotate(n=Count("pk"))
    )
    return {row["stance"]: row["n"] for row in rows}


def groups_by_id(viewer: Viewer) -> dict[int, Group]:
    """Every group of the community, for deciding which ones the viewer sees. One query."""
    if not viewer.is_member:
        return {}
    return {g.pk: g for g in Group.objects.filter(community=viewer.community)}


def _visible_filter(viewer: Viewer, groups: dict[int, Group]) -> Q:
    visible = [g.pk for g in groups.values() if perms.can_see_place(viewer, g, groups)]
    return Q(group__isnull=True) | Q(group_id__in=visible)


def proposals(
    viewer: Viewer,
    *,
    group: Group | None = None,
    statuses: tuple[str, ...] = (OPEN, *CLOSED),
    groups: dict[int, Group] | None = None,
) -> QuerySet[Proposal]:
    """Proposals the viewer may see: a group's own, or the whole community's (community-level
    and every visible group's) when `group` is None. Annotated with `position_count` and
    `advice_count`. One query when iterated (plus one for `groups` when not given)."""
    if not viewer.is_member:
        return Proposal.objects.none()
    groups = groups_by_id(viewer) if groups is None else groups
    found = Proposal.objects.filter(community=viewer.community, status__in=statuses)
    if group is not None:
        found = found.filter(group=group)
    else:
        found = found.filter(_visible_filter(viewer, groups))
    return found.select_related("group", "author").annotate(
        position_count=Count("positions", filter=Q(positions__current=True), distinct=True),
        advice_count=Count("advice", distinct=True),
    )


def open_proposals(viewer: Viewer, **kwargs: Any) -> QuerySet[Proposal]:
    return proposals(viewer, statuses=(OPEN,), **kwargs).order_by("-created_at", "-pk")


def decision_log(viewer: Viewer, **kwargs: Any) -> QuerySet[Proposal]:
    """Closed proposals, most recently decided first, each with its outcome and review date."""
    return proposals(viewer, statuses=CLOSED, **kwargs).order_by("-decided_at", "-pk")


def reviews_due_for(viewer: Viewer, today: date, **kwargs: Any) -> QuerySet[Proposal]:
    return (
        proposals(viewer, statuses=(Proposal.Status.ADOPTED,), **kwargs)
        .filter(review_on__lte=today)
        .order_by("review_on", "pk")
    )


def due_reviews(today: date, *, community_id: int | None = None) -> QuerySet[Proposal]:
    """Adopted decisions whose review date is today or past, across communities; for callers
    that decide themselves whom to remind (see `eligible_users`)."""
    found = Proposal.objects.filter(status=Proposal.Status.ADOPTED, review_on__lte=today)
    if community_id is not None:
        found = found.filter(community_id=community_id)
    return found.select_related("community", "group").order_by("review_on", "pk")


def consulted(proposal: Proposal) -> QuerySet[User]:
    """Everyone asked for advice or who gave it: those an advice decision is shared with."""
    return User.objects.filter(
        Q(pk__in=AdviceRequest.objects.filter(proposal=proposal).values("person_id"))
        | Q(pk__in=Advice.objects.filter(proposal=proposal).values("author_id"))
    ).order_by("display_name", "pk")


def terms_ending(today: date, *, within_days: int = 14) -> QuerySet[RoleTerm]:
    """Role terms that end within `within_days` (or ended, and no later term follows), so the
    role comes up for selection again."""
    later = RoleTerm.objects.filter(role_id=OuterRef("role_id"), starts_on__gt=OuterRef("ends_on"))
    return (
        RoleTerm.objects.filter(ends_on__lte=today + timedelta(days=within_days))
        .exclude(Exists(later))
        .select_related("role", "role__group", "role__group__community", "holder")
        .order_by("ends_on", "pk")
    )


# One proposal ----------------------------------------------------------------------------------


@dataclass
class ProposalDetail:
    proposal: Proposal
    revisions: list[Revision]
    # Everyone's current position in this round, eligible people only, in the order taken.
    current: list[Position]
    # Every position ever taken, newest first, earlier rounds included.
    history: list[Position]
    advice: list[Advice]
    requests: list[AdviceRequest]
    reviews: list[Review]
    eligible: list[User]
    counts: dict[str, int]
    my_position: Position | None
    can_take_position: bool
    can_lead: bool
    can_advise: bool
    can_review: bool
    # Every group of the community by id, for breadcrumbs and visibility.
    groups: dict[int, Group] = field(default_factory=dict)
    result: rules.Result | None = None
    counting_opens: datetime | None = None
    suggestions: list[advisors.Suggestion] = field(default_factory=list)

    @property
    def waiting(self) -> list[User]:
        """Eligible people who have not answered this round."""
        answered = {p.user_id for p in self.current}
        return [u for u in self.eligible if u.pk not in answered]

    @property
    def candidate_waits(self) -> bool:
        proposal = self.proposal
        return (
            proposal.subject == Proposal.Subject.ROLE
            and proposal.candidate_asked_at is None
            and any(u.pk != proposal.candidate_id for u in self.waiting)
        )

    @property
    def tally(self) -> list[tuple[str, str, int]]:
        """(stance, label, count) for every stance of the proposal's kind, in order."""
        return [(s.value, str(s.label), self.counts.get(s.value, 0)) for s in self.proposal.stances]

    @property
    def quorum_needed(self) -> int:
        return rules.quorum_needed(len(self.eligible), self.proposal.quorum_percent)


def proposal_detail(viewer: Viewer, proposal_id: int) -> ProposalDetail | None:
    """A proposal with its rounds, positions, advice and reviews; None if not visible."""
    proposal = (
        Proposal.objects.filter(pk=proposal_id, community=viewer.community)
        .select_related("group", "author", "candidate", "decided_by", "selection__role")
        .first()
    )
    if proposal is None or not viewer.is_member:
        return None
    groups = groups_by_id(viewer) if proposal.group_id else {}
    if not perms.can_see_place(viewer, proposal.group, groups):
        return None
    proposal.community = viewer.community
    eligible = list(eligible_users(proposal).order_by("display_name", "email"))
    eligible_ids = {u.pk for u in eligible}
    history = list(
        Position.objects.filter(proposal=proposal)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )
    current = [p for p in reversed(history) if p.current and p.user_id in eligible_ids]
    counts: dict[str, int] = {}
    for position in current:
        counts[position.stance] = counts.get(position.stance, 0) + 1
    me = viewer.user.pk
    detail = ProposalDetail(
        proposal=proposal,
        revisions=list(Revision.objects.filter(proposal=proposal).select_related("author")),
        current=current,
        history=history,
        advice=list(Advice.objects.filter(proposal=proposal).select_related("author")),
        requests=list(AdviceRequest.objects.filter(proposal=proposal).select_related("person")),
        reviews=list(Review.objects.filter(proposal=proposal).select_related("author")),
        eligible=eligible,
        counts=counts,
        my_position=next((p for p in current if p.user_id == me), None),
        can_take_position=perms.can_take_position(viewer, proposal),
        can_lead=proposal.is_open and perms.can_lead(viewer, proposal),
        can_advise=perms.can_give_advice(viewer, proposal),
        can_review=perms.can_review(viewer, proposal),
        groups=groups,
    )
    if proposal.kind == Kind.VOTE:
        detail.result = rules.vote_result(counts, len(eligible), proposal.quorum_percent)
        detail.counting_opens = rules.counting_opens(
            proposal.round_opened_at, proposal.min_open_hours
        )
    elif proposal.kind == Kind.CONSENT:
        detail.result = rules.consent_result(counts)
    if detail.can_lead and proposal.kind == Kind.ADVICE:
        detail.suggestions = advisors.suggest(proposal)
    return detail
