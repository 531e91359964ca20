"""Creating and revoking calendar feed links.

A person has at most one working link per scope (their own sessions, or one group's): making a
new one revokes the old, which is how someone who shared a link by mistake takes it back while
keeping a working calendar.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Group
from murmuration.errors import NotAllowed, NotFound

from .models import CalendarFeed


def _new_token() -> str:
    # 32 random bytes: the token is the only credential a calendar app presents.
    return secrets.token_urlsafe(32)


@transaction.atomic
def create_feed(user: User, group: Group | None = None) -> CalendarFeed:
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Please log in first."))
    if group is not None:
        viewer = community_perms.viewer_for(user, group.community)
        if not community_perms.is_group_member(viewer, group):
            # NotFound rather than NotAllowed: a private group's existence is not to be confirmed.
            raise NotFound(_("You can only subscribe to groups you are in."))
    # Locking the person's row makes two simultaneous requests take turns, so they cannot both
    # see no active feed and leave two working links behind.
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    CalendarFeed.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=now
    )
    return CalendarFeed.objects.create(user=user, group=group, token=_new_token(), created_at=now)


@transaction.atomic
def revoke_feed(user: User, feed: CalendarFeed) -> CalendarFeed:
    """Stop a link working. Revoking one that is already revoked changes nothing."""
    if feed.user_id != user.pk:
        raise NotFound(_("Calendar link not found."))
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed
