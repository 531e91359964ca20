"""Finding the scope, signal, pattern or experiment a request names, as the caller may see it.

What the caller may not read answers exactly like what does not exist (404); a group they can
see but are not in answers 403.
"""

from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.api.lookups import community_for, group_for
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.errors import NotAllowed, NotFound

from .. import permissions as perms
from .. import queries
from ..models import Experiment, Pattern, Signal


def member_viewer(user: User, slug: str) -> Viewer:
    viewer = community_for(user, slug)
    if not viewer.is_member:
        raise NotAllowed(_("Only members of the community take part in its sensing."))
    return viewer


def scope_for(user: User, slug: str, group_slug: str | None) -> tuple[Viewer, Group | None]:
    viewer = member_viewer(user, slug)
    if not group_slug:
        return viewer, None
    group = group_for(user, slug, group_slug).group
    if not perms.can_read_scope(viewer, group):
        raise NotAllowed(_("Only the group's members take part in its sensing."))
    return viewer, group


def signal_for(viewer: Viewer, signal_id: int) -> Signal:
    signal = (
        Signal.objects.filter(queries.readable(viewer), pk=signal_id)
        .select_related("group", "community")
        .first()
    )
    if signal is None:
        raise NotFound(_("Signal not found."))
    return signal


def pattern_for(viewer: Viewer, pattern_id: int) -> Pattern:
    pattern = (
        Pattern.objects.filter(queries.readable(viewer), pk=pattern_id)
        .select_related("group", "community")
        .first()
    )
    if pattern is None:
        raise NotFound(_("Pattern not found."))
    return pattern


def experiment_for(viewer: Viewer, experiment_id: int) -> Experiment:
    experiment = (
        Experiment.objects.filter(queries.readable(viewer), pk=experiment_id)
        .select_related("group", "community")
        .first()
    )
    if experiment is None:
        raise NotFound(_("Experiment not found."))
    return experiment
