"""What every decisions action shares: who is asking, where, row locks and input checks."""

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities.models import Community, Group
from murmuration.communities.permissions import Viewer, viewer_for
from murmuration.errors import ActionError, NotAllowed, NotFound

# The same wording rules as the rhythms' text fields, so messages read alike everywhere.
from murmuration.rhythms.actions.common import clean_text as clean_text

from .. import permissions as perms
from ..models import DecisionDefaults, Proposal

Actor = User | AnonymousUser

# A review date further ahead than this is a typo more often than a plan.
MAX_REVIEW_DAYS = 5 * 366


def signed_in(user: Actor) -> User:
    if not isinstance(user, User) or not user.is_authenticated:
        raise NotAllowed(_("Please log in first."))
    return user


def viewer_at(user: Actor, community: Community, group: Group | None) -> Viewer:
    """The viewer, after making sure the place's decisions are visible to them at all.

    Someone who may not know the place exists gets NotFound with the same words whether or not
    it exists, so a refusal reveals nothing about private groups.
    """
    person = signed_in(user)
    viewer = viewer_for(person, community)
    if group is not None and group.community_id != community.pk:
        raise NotFound(_("Group not found."))
    groups = (
        {g.pk: g for g in Group.objects.filter(community=community)}
        if group is not None and viewer.is_member
        else {}
    )
    if not perms.can_see_place(viewer, group, groups):
        raise NotFound(_("Group not found.") if group else _("Community not found."))
    return viewer


def require(
    user: Actor, proposal: Proposal, rule: Callable[[Viewer, Proposal], bool], message: str
) -> Viewer:
    viewer = viewer_at(user, proposal.community, proposal.group)
    if not rule(viewer, proposal):
        raise NotAllowed(message)
    return viewer


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal re-read under a row lock: positions, amendments and closing queue behind it.

    of=("self",) because PostgreSQL would otherwise lock the community and group rows too.
    """
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("community", "group", "selection", "selection__role")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("Proposal not found."))
    return locked


def must_be_open(proposal: Proposal) -> None:
    if not proposal.is_open:
        raise ActionError(
            _("This proposal is closed (%(status)s); nothing more can be added to it.")
            % {"status": proposal.status_label.lower()}
        )


def clean_review_date(
    value: date | None, *, field: str = "review_on", required: bool
) -> date | None:
    if value is None:
        if required:
            raise ActionError(
                _("Give a review date: good enough for now, safe enough to try, until then."),
                field=field,
            )
        return None
    today = timezone.localdate()
    if value <= today:
        raise ActionError(_("The review date must be after today."), field=field)
    if (value - today).days > MAX_REVIEW_DAYS:
        raise ActionError(_("The review date can be at most five years ahead."), field=field)
    return value


def defaults_for(community: Community) -> DecisionDefaults:
    """The community's defaults; communities that never set them get the built-in ones."""
    found = DecisionDefaults.objects.filter(community=community).first()
    return found or DecisionDefaults(community=community)
