"""Who may read and do what with signals, patterns and experiments.

Built on `communities.permissions`. A scope is the community (group None) or one of its groups.
A group's scope is read by that group's current members only — not by the community's hosts,
because what a pod notices inside itself is the pod's (DESIGN.md, privacy rule 1). The
community's scope is read by all its members. Hosts see counts of what they cannot read.
"""

from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer

from .models import Experiment, Signal


def can_read_scope(viewer: Viewer, group: Group | None) -> bool:
    if not viewer.is_member:
        return False
    return group is None or community_perms.is_group_member(viewer, group)


def can_post(viewer: Viewer, group: Group | None) -> bool:
    """Members post to the community; a group's members to their group."""
    return can_read_scope(viewer, group)


def can_raise(viewer: Viewer, signal: Signal) -> bool:
    """Only the author, while still in the signal's scope, lifts it to the scale above."""
    return (
        signal.group_id is not None
        and signal.author_id == viewer.user.pk
        and can_read_scope(viewer, signal.group)
    )


def can_correct_patterns(viewer: Viewer, group: Group | None) -> bool:
    """Renaming, merging and splitting belong to everyone who reads the scope."""
    return can_read_scope(viewer, group)


def can_start_experiment(viewer: Viewer, group: Group | None) -> bool:
    return can_read_scope(viewer, group)


def can_join(viewer: Viewer, experiment: Experiment) -> bool:
    return experiment.is_running and can_read_scope(viewer, experiment.group)


def is_involved(viewer: Viewer, experiment: Experiment, participant_ids: set[int]) -> bool:
    return experiment.owner_id == viewer.user.pk or viewer.user.pk in participant_ids


def can_check_in(viewer: Viewer, experiment: Experiment, participant_ids: set[int]) -> bool:
    """The owner and the people who joined record how the run is going."""
    return (
        experiment.is_running
        and can_read_scope(viewer, experiment.group)
        and is_involved(viewer, experiment, participant_ids)
    )


def can_decide(viewer: Viewer, experiment: Experiment, participant_ids: set[int]) -> bool:
    """Adopt, adapt or abandon: decided by the people running it, not by hosts."""
    return can_check_in(viewer, experiment, participant_ids)
