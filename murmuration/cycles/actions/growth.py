"""Growth: a group that outgrew its band splits in two, and the lineage remembers it.

The new group is a sibling of the old one (same parent, privacy, joining and band), called by
the first of the people who move; they leave the old group and join the new one. When the old
group has a rhythm, the new one gets a rhythm like it at the common time the engine found for
its half, in its caller's time zone and created in its caller's name (only a group's members
may add its rhythms, and the person splitting stays behind).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts import availability
from murmuration.accounts.models import User
from murmuration.communities.actions import _unique_slug
from murmuration.communities.models import Group, GroupMembership, PurposeVersion
from murmuration.errors import ActionError, Conflict, NotFound
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms import recurrence
from murmuration.rhythms import sessions as planning
from murmuration.rhythms.actions.common import clean_text, lock_rhythm
from murmuration.rhythms.models import Rhythm

from .. import permissions as perms
from ..models import Commitment, Lineage
from ..splitting import CannotSplit, Half, SplitPlan, first_local_start, plan_split
from .common import Actor, require, signed_in

NAME_MAX = 120
_REPEATS = {rule: name for name, rule in recurrence.PRESETS.items()}


def record_growth(
    child: Group, parent: Group, kind: str, *, created_by: User | None = None
) -> Lineage:
    """Remember that `child` grew from `parent`: the one place lineage is written.

    No permission check: callers are actions that made their own (a split; a pod-calling round
    publishing a pod whose caller seeded it from a pod that completed a cycle).
    """
    if child.pk == parent.pk or child.community_id != parent.community_id:
        raise ActionError(_("A group grows from another group of its community."))
    if kind not in Lineage.Kind.values:
        raise ActionError(_("Growth is a split or a seeding."), field="kind")
    if Lineage.objects.filter(child=child).exists():
        raise Conflict(_("This group already grew from another."))
    return Lineage.objects.create(child=child, parent=parent, kind=kind, created_by=created_by)


def seedable_groups(user: Actor, community_id: int) -> QuerySet[Group]:
    """Groups `user` may seed new pods from: ones they are in that completed a cycle.

    For a pod-calling round's opt-in: a caller may name one of these as the pod they seed from
    (`Entry.seeded_from`), and publishing the round records the growth with `record_growth`.
    """
    if not user.is_authenticated:
        return Group.objects.none()
    completed = Commitment.objects.filter(review_from__isnull=False).exclude(
        status__in=Commitment.OPEN
    )
    return Group.objects.filter(
        community_id=community_id,
        memberships__user=user,
        commitments__in=completed,
    ).distinct()


def split_problem(group: Group, count: int) -> str | None:
    """Why the group cannot split now, in words for its members; None when it can."""
    if not group.outgrown(count):
        return _("Only a group that has outgrown its size splits in two.")
    if Commitment.objects.filter(group=group, status__in=Commitment.OPEN).exists():
        return _("Renew or close the group's commitment at its review before splitting.")
    return None


def preview(user: Actor, group: Group) -> SplitPlan:
    """The split the engine proposes, for the group's members to look at before agreeing."""
    require(user, group, perms.can_split, _("Only the group's members can split it."))
    problem = split_problem(group, group.memberships.count())
    if problem:
        raise ActionError(problem)
    try:
        return plan_split(group)
    except CannotSplit as error:
        raise ActionError(
            _("The engine found no way to split this group in two that can both meet.")
        ) from error


@transaction.atomic
def split_group(user: Actor, group: Group, *, name: str = "", expected: str | None = None) -> Group:
    """Split the group as `preview` showed (`expected` is that plan's fingerprint)."""
    locked = Group.objects.select_for_update().filter(pk=group.pk).first()
    if locked is None:
        raise NotFound(_("Group not found."))
    group = locked
    person = signed_in(user)
    plan = preview(user, group)
    if expected is not None and expected != plan.fingerprint:
        raise Conflict(
            _("The group changed since you looked at the split. Look at the new one first.")
        )
    name = clean_text(
        name or _("%(name)s II") % {"name": group.name},
        field="name",
        limit=NAME_MAX,
        label=_("a name"),
    )
    movers = list(plan.move.members)
    new = Group.objects.create(
        community_id=group.community_id,
        parent_id=group.parent_id,
        name=name,
        slug=_unique_slug(Group, name, private=group.is_private, community=group.community_id),
        purpose=group.purpose,
        caller=movers[0],
        join_policy=group.join_policy,
        is_private=group.is_private,
        intended_band=group.intended_band,
    )
    if group.purpose:
        PurposeVersion.objects.create(
            community_id=group.community_id,
            group=new,
            number=1,
            text=group.purpose,
            note=_("Split from %(name)s.") % {"name": group.name},
            author=person,
        )
    GroupMembership.objects.filter(group=group, user__in=movers).delete()
    GroupMembership.objects.bulk_create(GroupMembership(group=new, user=u) for u in movers)
    record_growth(new, group, Lineage.Kind.SPLIT, created_by=person)
    if plan.rhythm is not None:
        # The people who moved no longer take turns in the old group's rotation.
        planning.replan(lock_rhythm(plan.rhythm.pk))
        _copy_rhythm(plan.rhythm, new, plan.move)
    return new


def _copy_rhythm(model: Rhythm, group: Group, half: Half) -> Rhythm:
    """The old group's rhythm at the half's common time, in the new caller's time zone."""
    caller = group.caller
    assert caller is not None
    zone = caller.time_zone if availability.is_time_zone(caller.time_zone) else model.time_zone
    start = first_local_start(half.slot, zone, recurrence.to_local(timezone.now(), zone).date())
    # A weekday or count in the old rule would contradict the new day; presets carry over.
    repeats = _REPEATS.get(model.rrule, "weekly")
    return rhythm_actions.create_rhythm(
        caller,
        group,
        name=model.name,
        category=model.category,
        recurrence=repeats,
        start_date=start.date(),
        start_time=start.time(),
        time_zone=zone,
        duration_minutes=model.duration_minutes,
        location=model.location,
        practice=model.practice,
        rotation_enabled=model.rotation_enabled,
    )
