"""Whom to ask for advice: people the decision touches and people with relevant history.

Suggestions come from sources, each a function from a proposal to (person id, why) pairs. Two
are built in: the members of the groups the decision touches, and the people who hold a role
on the proposal's topic now. Another app adds its own with `register` from its AppConfig.ready
(the sensing app can suggest the authors of signals and the owners of experiments on the same
topic). A source runs a fixed number of queries; `suggest` then keeps only people who may see
the proposal, so no source can reveal a private group's proposal to someone outside it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership, Membership, Role

from .models import Proposal, RoleTerm

Source = Callable[[Proposal], Iterable[tuple[int, str]]]

_SOURCES: list[Source] = []


def register(source: Source) -> Source:
    """Add a source of suggestions; usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


@dataclass
class Suggestion:
    person: User
    why: list[str]


@register
def touched_groups(proposal: Proposal) -> Iterable[tuple[int, str]]:
    """The members of the proposal's own group and of every group it says it touches."""
    group_ids = [g.pk for g in proposal.touches.all()]
    if proposal.group_id:
        group_ids.append(proposal.group_id)
    rows = GroupMembership.objects.filter(group_id__in=group_ids).values_list(
        "user_id", "group__name"
    )
    return [(user_id, _("in %(group)s") % {"group": name}) for user_id, name in rows]


@register
def role_holders(proposal: Proposal) -> Iterable[tuple[int, str]]:
    """People holding, today, a role whose name or purpose mentions the proposal's topic."""
    topic = proposal.topic.strip()
    if not topic:
        return []
    today = timezone.localdate()
    rows = RoleTerm.objects.filter(
        Q(role__name__icontains=topic) | Q(role__purpose__icontains=topic),
        role__group__community_id=proposal.community_id,
        starts_on__lte=today,
        ends_on__gte=today,
    ).values_list("holder_id", "role__name", "role__group__name")
    return [
        (user_id, _("%(role)s of %(group)s") % {"role": role, "group": group})
        for user_id, role, group in rows
    ]


def _may_see(proposal: Proposal, people: set[int]) -> set[int]:
    """Those of `people` who may see the proposal: community members, and for a group's
    proposal, when the group or one above it is private, only its members and the hosts."""
    members = dict(
        Membership.objects.filter(
            community_id=proposal.community_id, user_id__in=people
        ).values_list("user_id", "role")
    )
    if proposal.group_id is None:
        return set(members)
    groups = {
        g.pk: g
        for g in Group.objects.filter(community_id=proposal.community_id).only(
            "pk", "parent_id", "is_private"
        )
    }
    private = []
    node = groups.get(proposal.group_id)
    # Bounded by the number of groups: a cycle would be a data bug, not a reason to hang.
    for _step in range(len(groups)):
        if node is None:
            break
        if node.is_private:
            private.append(node.pk)
        node = groups.get(node.parent_id) if node.parent_id else None
    if not private:
        return set(members)
    inside: dict[int, set[int]] = {}
    for user_id, group_id in GroupMembership.objects.filter(
        group_id__in=private, user_id__in=members
    ).values_list("user_id", "group_id"):
        inside.setdefault(user_id, set()).add(group_id)
    return {
        user_id
        for user_id, role in members.items()
        if role == Role.HOST or inside.get(user_id, set()) >= set(private)
    }


def suggest(proposal: Proposal, *, limit: int = 20) -> list[Suggestion]:
    """People to ask, those with the most reasons first, never the proposer or anyone asked."""
    reasons: dict[int, list[str]] = {}
    for source in _SOURCES:
        for user_id, why in source(proposal):
            reasons.setdefault(user_id, [])
            if why not in reasons[user_id]:
                reasons[user_id].append(why)
    reasons.pop(proposal.author_id or 0, None)
    for asked in proposal.requests.values_list("person_id", flat=True):
        reasons.pop(asked, None)
    allowed = _may_see(proposal, set(reasons))
    ranked = sorted(
        (user_id for user_id in reasons if user_id in allowed),
        key=lambda user_id: (-len(reasons[user_id]), user_id),
    )[:limit]
    people = User.objects.in_bulk(ranked)
    return [Suggestion(people[user_id], reasons[user_id]) for user_id in ranked]
