"""Who may see which pulse.

Built on `communities.permissions`. A pulse shows only counts and rates, drawn from the groups
the viewer may already see: a community's pulse is for its members (hidden private groups left
out of every number), a group's pulse for whoever may see the group, my pulse for me. Nothing
pod-private is ever read (DESIGN.md, privacy rules 1–3). The names of people connected to
nobody are for the community's hosts, who are the ones to reach out.
"""

from collections.abc import Mapping

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer


def can_see_community_pulse(viewer: Viewer) -> bool:
    return viewer.is_member


def can_see_group_pulse(viewer: Viewer, group: Group, groups_by_id: Mapping[int, Group]) -> bool:
    return community_perms.can_see_group(viewer, group, groups_by_id)


def can_see_figure(viewer: Viewer, hosts_only: bool) -> bool:
    return viewer.is_host or not hosts_only
