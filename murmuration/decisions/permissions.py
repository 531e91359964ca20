"""Who may see and do what with proposals, the decision log and roles.

Built on `communities.permissions`. A group's proposals, decisions and roles are visible to
whoever may see the group (a private group's: its members and the community's hosts), like its
rhythms: how a group decides is not pod-private content. Taking part is for those the decision
belongs to: the community's members for a community proposal, the group's members for a group
proposal. Hosts hold no extra say in either; they set the community's default ways to decide.

Nominations in a role selection are private to each nominator until the facilitator opens the
nomination round; from then on everyone who may see the group reads all of them with reasons.
"""

from collections.abc import Mapping

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from .models import Nomination, Proposal, Selection


def can_see_place(viewer: Viewer, group: Group | None, groups_by_id: Mapping[int, Group]) -> bool:
    """Decisions of the community (group None) or of one group."""
    if group is None:
        return viewer.is_member
    return community_perms.can_see_group(viewer, group, groups_by_id)


def belongs(viewer: Viewer, group: Group | None) -> bool:
    """Whether the decisions of this place are the viewer's to make."""
    if group is None:
        return viewer.is_member
    return community_perms.is_group_member(viewer, group)


def can_propose(viewer: Viewer, group: Group | None) -> bool:
    return belongs(viewer, group)


def can_take_position(viewer: Viewer, proposal: Proposal) -> bool:
    """Consent and votes: those the decision belongs to, while it is open."""
    return proposal.is_open and bool(proposal.stances) and belongs(viewer, proposal.group)


def can_give_advice(viewer: Viewer, proposal: Proposal) -> bool:
    """Anyone but the proposer who may see an open advice process may advise."""
    return (
        proposal.is_open
        and proposal.kind == "advice"
        and viewer.is_member
        and proposal.author_id != viewer.user.pk
    )


def can_lead(viewer: Viewer, proposal: Proposal) -> bool:
    """Amend, ask for advice, close or withdraw: the proposer, while it is still theirs to make."""
    return (
        proposal.author_id is not None
        and proposal.author_id == viewer.user.pk
        and belongs(viewer, proposal.group)
    )


def can_review(viewer: Viewer, proposal: Proposal) -> bool:
    return proposal.status == Proposal.Status.ADOPTED and belongs(viewer, proposal.group)


def can_set_defaults(viewer: Viewer) -> bool:
    return viewer.is_host


# Roles -----------------------------------------------------------------------------------------


def can_manage_roles(viewer: Viewer, group: Group) -> bool:
    """Define roles and start selections: the group's members, as with its rhythms."""
    return community_perms.is_group_member(viewer, group)


def can_nominate(viewer: Viewer, selection: Selection, group: Group) -> bool:
    """Nominate while nominations are private; change it during the change round."""
    return selection.phase in (
        Selection.Phase.NOMINATING,
        Selection.Phase.CHANGING,
    ) and community_perms.is_group_member(viewer, group)


def can_facilitate(viewer: Viewer, selection: Selection, group: Group) -> bool:
    return selection.facilitator_id == viewer.user.pk and community_perms.is_group_member(
        viewer, group
    )


def can_read_nomination(viewer: Viewer, selection: Selection, nomination: Nomination) -> bool:
    """Before the nomination round only the nominator; afterwards all who see the group."""
    return selection.is_revealed or nomination.nominator_id == viewer.user.pk
