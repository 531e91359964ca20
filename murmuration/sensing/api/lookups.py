"""Finding the scope, signal, pattern or experiment a request names, as the caller may see it.

What the caller may not read answers exactly like what does not exist (404); a group they can
see but are not in answers 403.
"""

from typing import TypeVar

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


Scoped = TypeVar("Scoped", Signal, Pattern, Experiment)


def _readable(model: type[Scoped], viewer: Viewer, pk: int, missing: str) -> Scoped:
    found = (
        model._default_manager.filter(queries.readable(viewer), pk=pk)
        .select_related("group", "community")
        .first()
    )
    if found is None:
        raise NotFound(missing)
    return found


def signal_for(viewer: Viewer, signal_id: int) -> Signal:
    return _readable(Signal, viewer, signal_id, _("Signal not found."))


def pattern_for(viewer: Viewer, pattern_id: int) -> Pattern:
    return _readable(Pattern, viewer, pattern_id, _("Pattern not found."))


def experiment_for(viewer: Viewer, experiment_id: int) -> Experiment:
    return _readable(Experiment, viewer, experiment_id, _("Experiment not found."))
