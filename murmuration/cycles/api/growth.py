"""Group health (aggregates, for the group and the hosts), lineage, and splitting a group."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.communities import permissions as community_perms
from murmuration.communities import queries as community_queries
from murmuration.communities.api.groups import group_out
from murmuration.communities.api.lookups import community_for, group_for
from murmuration.communities.schemas import GroupOut
from murmuration.errors import NotAllowed
from murmuration.rhythms.api.rhythms import GROUP

from .. import actions, queries
from .. import permissions as perms
from ..models import Commitment, Lineage
from ..splitting import Half, SplitPlan
from .schemas import GroupHealthOut, HealthOut, LineageOut, SplitHalfOut, SplitIn, SplitOut

router = Router(tags=["growth and health"])

HEALTH_ONLY = gettext_lazy("Group health is for the group's members and the community's hosts.")


def health_out(health: queries.Health) -> dict[str, Any]:
    return {
        "attendance_rate": health.attendance_rate,
        "present": health.present,
        "recorded": health.recorded,
        "cycles_completed": health.cycles_completed,
        "on_time_rate": health.on_time_rate,
        "actions_on_time": health.actions_on_time,
        "actions_due": health.actions_due,
    }


@router.get(GROUP + "/health", response=HealthOut, summary="The group's health")
def group_health(request: HttpRequest, slug: str, group_slug: str) -> Any:
    """Attendance, cycles completed, actions done on time: numbers only, never contents."""
    found = group_for(current_user(request), slug, group_slug)
    if not perms.can_see_health(found.viewer, found.group, found.groups_by_id):
        raise NotAllowed(str(HEALTH_ONLY))
    return health_out(queries.health([found.group.pk])[found.group.pk])


@router.get(
    "/communities/{slug}/health", response=list[GroupHealthOut], summary="Every group's health"
)
@paginate(Page)
def community_health(request: HttpRequest, slug: str) -> Any:
    """For the community's hosts: every group's health, and whether it has an open commitment."""
    viewer = community_for(current_user(request), slug)
    if not perms.can_see_community_health(viewer):
        raise NotAllowed(_("Only the community's hosts see every group's health."))
    groups = list(community_queries.groups_with_counts(viewer.community).order_by("name", "pk"))
    numbers = queries.health([g.pk for g in groups])
    statuses = dict(
        Commitment.objects.filter(group__in=groups, status__in=Commitment.OPEN)
        .order_by("pk")
        .values_list("group_id", "status")
    )
    return [
        {
            **health_out(numbers[g.pk]),
            "group": g,
            "commitment_status": statuses.get(g.pk),
        }
        for g in groups
    ]


@router.get("/communities/{slug}/lineage", response=list[LineageOut], summary="The lineage")
@paginate(Page)
def lineage(request: HttpRequest, slug: str) -> Any:
    """Which group grew from which (split or seeded), among the groups you may see."""
    viewer = community_for(current_user(request), slug)
    if not viewer.is_member:
        raise NotAllowed(_("Only members of %(c)s can see this.") % {"c": viewer.community.name})
    groups = {g.pk: g for g in community_queries.groups_with_counts(viewer.community)}
    links = Lineage.objects.filter(child__community=viewer.community).order_by("created_at", "pk")
    shown = []
    for link in links:
        child, parent = groups.get(link.child_id), groups.get(link.parent_id)
        if child is None or parent is None:
            continue
        if community_perms.can_see_group(viewer, child, groups) and community_perms.can_see_group(
            viewer, parent, groups
        ):
            shown.append(
                {"child": child, "parent": parent, "kind": link.kind, "created_at": link.created_at}
            )
    return shown


def _half(half: Half) -> SplitHalfOut:
    return SplitHalfOut(people=list(half.members), slot=half.slot)  # type: ignore[arg-type]


def _split_out(plan: SplitPlan) -> SplitOut:
    return SplitOut(
        stay=_half(plan.stay),
        move=_half(plan.move),
        unplaced=list(plan.unplaced),  # type: ignore[arg-type]
        plan=plan.fingerprint,
    )


@router.get(GROUP + "/split", response=SplitOut, summary="How the engine would split the group")
def preview_split(request: HttpRequest, slug: str, group_slug: str) -> SplitOut:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    return _split_out(actions.preview_split(user, found.group))


@router.post(GROUP + "/split", response={201: GroupOut}, summary="Split the group in two")
def split(
    request: HttpRequest, slug: str, group_slug: str, payload: SplitIn
) -> tuple[int, GroupOut]:
    """Send the `plan` you were shown; if the group changed since, nothing happens (409)."""
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    new = actions.split_group(user, found.group, name=payload.name, expected=payload.plan)
    counted = community_queries.groups_with_counts(found.viewer.community).get(pk=new.pk)
    viewer = community_perms.viewer_for(user, found.viewer.community)
    return 201, group_out(viewer, counted)
