"""Read paths for roles, terms and selections, each a fixed number of queries.

What a selection shows is decided here, through `permissions.can_read_nomination`: before the
nomination round a person reads only their own nomination (everyone sees how many have been
made, never by whom or for whom); from the nomination round on, everyone who may see the group
reads every nomination, its reason, and every change made in the change round.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from . import permissions as perms
from .models import GroupRole, Nomination, Proposal, RoleTerm, Selection


def group_people(group: Group) -> list[User]:
    return list(
        User.objects.filter(
            group_memberships__group=group, memberships__community_id=group.community_id
        ).order_by("display_name", "email")
    )


@dataclass
class RoleRow:
    role: GroupRole
    holder: RoleTerm | None
    next_term: RoleTerm | None
    selection: Selection | None

    @property
    def comes_up(self) -> bool:
        """No one holds it now or next, or the term ends within a fortnight."""
        if self.next_term is not None:
            return False
        if self.holder is None:
            return True
        return (self.holder.ends_on - timezone.localdate()).days <= 14


def roles_for_group(group: Group, today: date | None = None) -> list[RoleRow]:
    """The group's roles with who holds each now, who next, and any selection under way.
    Three queries."""
    today = today or timezone.localdate()
    roles = list(
        GroupRole.objects.filter(group=group).prefetch_related(
            Prefetch(
                "terms",
                queryset=RoleTerm.objects.filter(ends_on__gte=today)
                .select_related("holder")
                .order_by("starts_on"),
                to_attr="coming_terms",
            ),
            Prefetch(
                "selections",
                queryset=Selection.objects.filter(phase__in=Selection.ACTIVE),
                to_attr="active_selections",
            ),
        )
    )
    rows = []
    for role in roles:
        terms: list[RoleTerm] = role.coming_terms
        now = next((t for t in terms if t.starts_on <= today), None)
        later = next((t for t in terms if t.starts_on > today), None)
        active: list[Selection] = role.active_selections
        rows.append(RoleRow(role, now, later, active[0] if active else None))
    return rows


@dataclass
class SelectionView:
    selection: Selection | None
    terms: list[RoleTerm]
    # Current nominations the viewer may read, and every nomination (changes included).
    current: list[Nomination] = field(default_factory=list)
    history: list[Nomination] = field(default_factory=list)
    mine: Nomination | None = None
    count: int = 0
    proposal: Proposal | None = None
    can_nominate: bool = False
    can_facilitate: bool = False


def selection_view(viewer: Viewer, role: GroupRole) -> SelectionView:
    """The role's terms and its selection under way (or the latest), as the viewer may see it.
    Four queries."""
    group = role.group
    terms = list(role.terms.select_related("holder", "proposal"))
    selection = (
        Selection.objects.filter(role=role).select_related("facilitator").order_by("-pk").first()
    )
    view = SelectionView(selection, terms)
    if selection is None:
        return view
    every = list(
        selection.nominations.select_related("nominator", "nominee").order_by("created_at", "pk")
    )
    current = [n for n in every if n.current]
    view.count = len(current)
    view.mine = next((n for n in current if n.nominator_id == viewer.user.pk), None)
    view.current = [n for n in current if perms.can_read_nomination(viewer, selection, n)]
    view.history = [n for n in every if perms.can_read_nomination(viewer, selection, n)]
    view.proposal = (
        Proposal.objects.filter(selection=selection).select_related("candidate").first()
        if selection.phase != Selection.Phase.NOMINATING
        else None
    )
    view.can_nominate = perms.can_nominate(viewer, selection, group)
    view.can_facilitate = selection.phase in Selection.ACTIVE and perms.can_facilitate(
        viewer, selection, group
    )
    return view
