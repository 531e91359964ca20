"""Every change to communities, groups, memberships, purposes and invitations.

Views, the API, the CLI and the demo seeder all call these functions. Each one checks permission
through `permissions`, validates, and writes inside one transaction, so a refused or failed
request leaves nothing half-written.
"""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from . import permissions as perms
from .models import (
    NAME_MAX,
    PURPOSE_MAX,
    BandChoice,
    Community,
    Group,
    GroupMembership,
    Invitation,
    JoinPolicy,
    JoinRequest,
    Membership,
    PurposeVersion,
    Role,
    Visibility,
)

MAX_INVITATION_DAYS = 90
MAX_INVITATION_USES = 10_000
MESSAGE_MAX = 500


# Validation helpers ------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ActionError(_("Please give it a name."), field="name")
    if len(name) > NAME_MAX:
        raise ActionError(
            _("A name can be at most %(max)d characters.") % {"max": NAME_MAX}, field="name"
        )
    return name


def _clean_purpose(text: str) -> str:
    text = (text or "").strip()
    if len(text) > PURPOSE_MAX:
        raise ActionError(
            _("A purpose can be at most %(max)d characters; this one has %(n)d.")
            % {"max": PURPOSE_MAX, "n": len(text)},
            field="purpose",
        )
    return text


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ActionError(
            _("The message can be at most %(max)d characters.") % {"max": MESSAGE_MAX},
            field="message",
        )
    return message


def _clean_choice(value: str, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        raise ActionError(_("“%(value)s” is not a valid choice.") % {"value": value}, field=field)
    return value


def _unique_slug(
    model: type[Community] | type[Group], name: str, *, private: bool, **scope: object
) -> str:
    """A free slug for `name` within `scope`.

    A private community or group gets a random tail, so it never holds the plain slug: if it
    did, the next person to choose the same name would get "name-2" and so learn that something
    hidden by that name exists.
    """
    base = slugify(name)[:50] or "group"

    def taken(slug: str) -> bool:
        return model.objects.filter(slug=slug, **scope).exists()

    if private:
        slug = f"{base}-{secrets.token_hex(3)}"
        while taken(slug):
            slug = f"{base}-{secrets.token_hex(3)}"
        return slug
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require(condition: bool, message: str, error: type[ActionError] = NotAllowed) -> None:
    if not condition:
        raise error(message)


# Communities -------------------------------------------------------------------------------


@transaction.atomic
def create_community(
    user: User,
    *,
    name: str,
    purpose: str = "",
    visibility: str = Visibility.PRIVATE,
    join_policy: str = JoinPolicy.INVITE,
) -> Community:
    _require(user.is_authenticated, _("Please log in first."))
    name = _clean_name(name)
    purpose = _clean_purpose(purpose)
    _clean_choice(visibility, Visibility, "visibility")
    _clean_choice(join_policy, JoinPolicy, "join_policy")
    community = Community.objects.create(
        name=name,
        slug=_unique_slug(Community, name, private=visibility == Visibility.PRIVATE),
        purpose=purpose,
        visibility=visibility,
        join_policy=join_policy,
    )
    Membership.objects.create(community=community, user=user, role=Role.HOST)
    if purpose:
        PurposeVersion.objects.create(community=community, number=1, text=purpose, author=user)
    return community


@transaction.atomic
def update_community(
    user: User,
    community: Community,
    *,
    name: str | None = None,
    visibility: str | None = None,
    join_policy: str | None = None,
) -> Community:
    viewer = perms.viewer_for(user, community)
    _require(perms.can_host(viewer), _("Only the community's hosts can change its settings."))
    if name is not None:
        community.name = _clean_name(name)
    if visibility is not None:
        community.visibility = _clean_choice(visibility, Visibility, "visibility")
    if join_policy is not None:
        community.join_policy = _clean_choice(join_policy, JoinPolicy, "join_policy")
    community.save()
    return community


@transaction.atomic
def set_purpose(
    user: User, community: Community, text: str, *, group: Group | None = None, note: str = ""
) -> PurposeVersion:
    """Record a new version of a community's or group's purpose and make it current."""
    viewer = perms.viewer_for(user, community)
    if group is None:
        _require(perms.can_host(viewer), _("Only hosts can change the community's purpose."))
    else:
        # The viewer is built for `community`; a group from elsewhere would be judged by the
        # wrong community's hosts.
        _require(group.community_id == community.pk, _("Group not found."), NotFound)
        _require(
            perms.can_change_group_purpose(viewer, group),
            _("Only the group's members can change its purpose."),
        )
    text = _clean_purpose(text)
    note = (note or "").strip()
    if len(note) > 280:
        raise ActionError(_("The note can be at most 280 characters."), field="note")
    target: Community | Group = group or community
    if text == target.purpose:
        raise ActionError(_("That is the current purpose already."), field="purpose")
    versions = PurposeVersion.objects.filter(community=community, group=group)
    latest = versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = PurposeVersion.objects.create(
        community=community, group=group, number=latest + 1, text=text, note=note, author=user
    )
    target.purpose = text
    target.save(update_fields=["purpose"])
    return version


def _forget_member(community: Community, user: User) -> None:
    """Take someone who is leaving out of every group and withdraw what still waits on them."""
    GroupMembership.objects.filter(group__community=community, user=user).delete()
    JoinRequest.objects.filter(
        community=community, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now())


def _last_host(community: Community, user: User) -> bool:
    hosts = Membership.objects.filter(community=community, role=Role.HOST)
    return hosts.count() == 1 and hosts.filter(user=user).exists()


@transaction.atomic
def leave_community(user: User, community: Community) -> None:
    membership = Membership.objects.select_for_update().filter(community=community, user=user)
    _require(membership.exists(), _("You are not a member of this community."), NotFound)
    if _last_host(community, user) and Membership.objects.filter(community=community).count() > 1:
        raise ActionError(_("You are the only host. Make someone else a host before you leave."))
    _forget_member(community, user)
    membership.delete()


@transaction.atomic
def remove_member(host: User, community: Community, member: User) -> None:
    viewer = perms.viewer_for(host, community)
    _require(perms.can_host(viewer), _("Only hosts can remove members."))
    if member.pk == host.pk:
        raise ActionError(_("To leave the community yourself, use “Leave”."))
    deleted, _detail = Membership.objects.filter(community=community, user=member).delete()
    _require(bool(deleted), _("That person is not a member of this community."), NotFound)
    _forget_member(community, member)


@transaction.atomic
def set_role(host: User, community: Community, member: User, role: str) -> Membership:
    viewer = perms.viewer_for(host, community)
    _require(perms.can_host(viewer), _("Only hosts can change roles."))
    _clean_choice(role, Role, "role")
    membership = (
        Membership.objects.select_for_update().filter(community=community, user=member).first()
    )
    _require(membership is not None, _("That person is not a member of this community."), NotFound)
    assert membership is not None
    if role == Role.MEMBER and membership.is_host and _last_host(community, member):
        raise ActionError(_("A community needs at least one host."))
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


# Invitations and join requests -------------------------------------------------------------


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + invitation.get_absolute_url()


@transaction.atomic
def create_invitation(
    user: User,
    community: Community,
    *,
    email: str = "",
    days: int = 14,
    max_uses: int = 1,
) -> Invitation:
    """Create an invitation link; with an email address, also send it there."""
    viewer = perms.viewer_for(user, community)
    _require(perms.can_host(viewer), _("Only hosts can invite people."))
    if not 1 <= days <= MAX_INVITATION_DAYS:
        raise ActionError(
            _("An invitation can last from 1 to %(max)d days.") % {"max": MAX_INVITATION_DAYS},
            field="days",
        )
    if not 1 <= max_uses <= MAX_INVITATION_USES:
        raise ActionError(
            _("An invitation can be used from 1 to %(max)d times.") % {"max": MAX_INVITATION_USES},
            field="max_uses",
        )
    email = (email or "").strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ActionError(
                _("“%(email)s” is not an email address.") % {"email": email}, field="email"
            ) from error
        if Membership.objects.filter(community=community, user__email__iexact=email).exists():
            raise Conflict(_("%(email)s is already a member.") % {"email": email}, field="email")
        max_uses = 1
    invitation = Invitation.objects.create(
        community=community,
        token=secrets.token_urlsafe(32),
        email=email,
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    if email:
        transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


def _send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("community", "created_by").get(pk=invitation_id)
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=_("You are invited to %(community)s") % {"community": invitation.community.name},
        message=render_to_string("communities/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def revoke_invitation(user: User, invitation: Invitation) -> None:
    viewer = perms.viewer_for(user, invitation.community)
    _require(perms.can_host(viewer), _("Only hosts can revoke invitations."))
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_problem(invitation: Invitation) -> str | None:
    """Why an invitation cannot be used now, in words for the person holding it."""
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn by the community's hosts.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the person who sent it for a new one.")
    if invitation.uses >= invitation.max_uses:
        return _("This invitation has already been used as many times as it allows.")
    return None


@transaction.atomic
def accept_invitation(user: User, token: str) -> Membership:
    _require(user.is_authenticated, _("Please log in first."))
    # The row lock makes concurrent acceptances queue, so uses never exceed max_uses.
    invitation = (
        Invitation.objects.select_for_update().select_related("community").filter(token=token)
    ).first()
    _require(invitation is not None, _("This invitation link is not valid."), NotFound)
    assert invitation is not None
    if problem := invitation_problem(invitation):
        raise ActionError(problem)
    if invitation.email and invitation.email.lower() != user.email.lower():
        raise NotAllowed(
            _("This invitation was sent to another email address. Log in as %(email)s to use it.")
            % {"email": invitation.email}
        )
    if Membership.objects.filter(community=invitation.community, user=user).exists():
        raise Conflict(_("You are already a member of %(c)s.") % {"c": invitation.community})
    membership = Membership.objects.create(community=invitation.community, user=user)
    Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    JoinRequest.objects.filter(
        community=invitation.community, group=None, user=user, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.ACCEPTED, decided_at=timezone.now())
    return membership


@transaction.atomic
def ask_to_join_community(
    user: User, community: Community, message: str = ""
) -> JoinRequest | Membership:
    """Join an open listed community at once, or ask the hosts of one that asks for requests."""
    viewer = perms.viewer_for(user, community)
    if viewer.is_member:
        raise Conflict(_("You are already a member of %(c)s.") % {"c": community})
    _require(perms.can_see_community(viewer), _("Community not found."), NotFound)
    _require(perms.can_ask_to_join(viewer), _("This community joins by invitation only."))
    if community.join_policy == JoinPolicy.OPEN:
        return _add_member(community, user)
    return _pending_request(
        community=community, group=None, user=user, message=_clean_message(message)
    )


def _add_member(community: Community, user: User) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(community=community, user=user)
    except IntegrityError as error:
        raise Conflict(_("You are already a member of %(c)s.") % {"c": community}) from error


def _pending_request(**fields: object) -> JoinRequest:
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(**fields)
    except IntegrityError as error:
        raise Conflict(_("There is already a request waiting for an answer.")) from error


@transaction.atomic
def decide_join_request(user: User, request: JoinRequest, accept: bool) -> JoinRequest:
    """Answer a request: hosts for the community, group members for a group.

    An invitation into a group is answered by the invited person instead.
    """
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to `group`.
    request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .get(pk=request.pk)
    )
    viewer = perms.viewer_for(user, request.community)
    if request.direction == JoinRequest.Direction.INVITE:
        _require(request.user_id == user.pk, _("Only the invited person can answer this."))
    elif request.group is None:
        _require(perms.can_host(viewer), _("Only hosts can answer requests to join."))
    else:
        _require(
            perms.can_decide_group_requests(viewer, request.group),
            _("Only the group's members can answer requests to join it."),
        )
    if request.status != JoinRequest.Status.PENDING:
        raise Conflict(_("This request has already been answered."))
    if accept:
        if request.group is None:
            _add_member(request.community, request.user)
        else:
            if not Membership.objects.filter(
                community=request.community, user=request.user
            ).exists():
                raise ActionError(_("That person is no longer a member of the community."))
            _add_group_member(request.group, request.user)
    request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


# Groups ------------------------------------------------------------------------------------


@transaction.atomic
def call_group(
    user: User,
    community: Community,
    *,
    name: str,
    purpose: str = "",
    parent: Group | None = None,
    join_policy: str = JoinPolicy.OPEN,
    is_private: bool = False,
    intended_band: str = BandChoice.CREW,
) -> Group:
    """Call a new group together; the caller is its first member."""
    viewer = perms.viewer_for(user, community)
    _require(viewer.is_member, _("Only members of the community can call groups."))
    if parent is not None:
        _require(parent.community_id == community.pk, _("Group not found."), NotFound)
        groups = {g.pk: g for g in Group.objects.filter(community=community)}
        _require(perms.can_see_group(viewer, parent, groups), _("Group not found."), NotFound)
        _require(
            perms.can_call_group(viewer, parent),
            _("Join %(group)s before calling a group inside it.") % {"group": parent.name},
        )
    return form_group(
        community,
        name=name,
        purpose=purpose,
        parent=parent,
        caller=user,
        members=[user],
        join_policy=join_policy,
        is_private=is_private,
        intended_band=intended_band,
    )


@transaction.atomic
def form_group(
    community: Community,
    *,
    name: str,
    purpose: str = "",
    parent: Group | None = None,
    caller: User | None,
    members: Iterable[User],
    join_policy: str = JoinPolicy.OPEN,
    is_private: bool = False,
    intended_band: str = BandChoice.CREW,
) -> Group:
    """Create a group with its first members.

    No permission check here: callers are actions that have made their own (`call_group`,
    and publishing a pod-calling round, whose host is not one of the pod's members).
    """
    name = _clean_name(name)
    purpose = _clean_purpose(purpose)
    _clean_choice(join_policy, JoinPolicy, "join_policy")
    _clean_choice(intended_band, BandChoice, "intended_band")
    group = Group.objects.create(
        community=community,
        parent=parent,
        name=name,
        slug=_unique_slug(Group, name, private=bool(is_private), community=community),
        purpose=purpose,
        caller=caller,
        join_policy=join_policy,
        is_private=bool(is_private),
        intended_band=intended_band,
    )
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=u) for u in members)
    if purpose:
        PurposeVersion.objects.create(
            community=community, group=group, number=1, text=purpose, author=caller
        )
    return group


@transaction.atomic
def update_group(
    user: User,
    group: Group,
    *,
    name: str | None = None,
    join_policy: str | None = None,
    is_private: bool | None = None,
    intended_band: str | None = None,
) -> Group:
    viewer = perms.viewer_for(user, group.community)
    _require(
        perms.can_change_group(viewer, group),
        _("Only the group's caller and the community's hosts can change its settings."),
    )
    if name is not None:
        group.name = _clean_name(name)
    if join_policy is not None:
        group.join_policy = _clean_choice(join_policy, JoinPolicy, "join_policy")
    if is_private is not None:
        group.is_private = bool(is_private)
    if intended_band is not None:
        group.intended_band = _clean_choice(intended_band, BandChoice, "intended_band")
    group.save()
    return group


def _add_group_member(group: Group, user: User) -> GroupMembership:
    try:
        with transaction.atomic():
            return GroupMembership.objects.create(group=group, user=user)
    except IntegrityError as error:
        raise Conflict(_("You are already in %(group)s.") % {"group": group.name}) from error


def _visible_group(viewer: perms.Viewer, group: Group) -> None:
    groups = {g.pk: g for g in Group.objects.filter(community=group.community_id)}
    _require(perms.can_see_group(viewer, group, groups), _("Group not found."), NotFound)


@transaction.atomic
def join_group(user: User, group: Group, message: str = "") -> GroupMembership | JoinRequest:
    """Join an open group, or ask to join one that asks for requests."""
    viewer = perms.viewer_for(user, group.community)
    _require(viewer.is_member, _("Group not found."), NotFound)
    _visible_group(viewer, group)
    if perms.is_group_member(viewer, group):
        raise Conflict(_("You are already in %(group)s.") % {"group": group.name})
    if group.join_policy == JoinPolicy.INVITE:
        raise NotAllowed(_("%(group)s is invitation only.") % {"group": group.name})
    if group.join_policy == JoinPolicy.ASK:
        return _pending_request(
            community=group.community, group=group, user=user, message=_clean_message(message)
        )
    return _add_group_member(group, user)


@transaction.atomic
def invite_to_group(user: User, group: Group, invitee: User) -> JoinRequest:
    viewer = perms.viewer_for(user, group.community)
    _require(viewer.is_member, _("Group not found."), NotFound)
    _visible_group(viewer, group)
    _require(perms.can_invite_to_group(viewer, group), _("Only the group's members can invite."))
    if not Membership.objects.filter(community=group.community, user=invitee).exists():
        raise ActionError(_("Only members of the community can be invited into its groups."))
    if GroupMembership.objects.filter(group=group, user=invitee).exists():
        raise Conflict(_("%(name)s is already in the group.") % {"name": invitee.name})
    return _pending_request(
        community=group.community,
        group=group,
        user=invitee,
        direction=JoinRequest.Direction.INVITE,
    )


@transaction.atomic
def leave_group(user: User, group: Group) -> None:
    deleted, _detail = GroupMembership.objects.filter(group=group, user=user).delete()
    _require(bool(deleted), _("You are not in this group."), NotFound)
