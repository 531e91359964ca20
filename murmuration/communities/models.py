from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scale

NAME_MAX = 120
PURPOSE_MAX = 2000


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private")
    LISTED = "listed", _("Listed")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone who can see it may join")
    ASK = "ask", _("Ask: people ask to join and are let in")
    INVITE = "invite", _("Invite only")


class Role(models.TextChoices):
    HOST = "host", _("Host")
    MEMBER = "member", _("Member")


class BandChoice(models.TextChoices):
    PAIR = "pair", _("Pair (2)")
    CREW = "crew", _("Crew (3–6)")
    TEAM = "team", _("Team (7–15)")
    BAND = "band", _("Band (16–50)")
    CONGREGATION = "congregation", _("Congregation (51–150)")
    NETWORK = "network", _("Network (151+)")


class Community(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    # The current purpose; every version, this one included, is kept in PurposeVersion.
    purpose = models.TextField(_("purpose"), max_length=PURPOSE_MAX, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.INVITE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "communities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", args=[self.slug])


class Membership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="membership_unique"),
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.role})"

    @property
    def is_host(self) -> bool:
        return self.role == Role.HOST


class Group(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="groups")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    slug = models.SlugField(max_length=60)
    purpose = models.TextField(_("purpose"), max_length=PURPOSE_MAX, blank=True)
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="called_groups",
    )
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Only its members and the community's hosts know a private group exists."),
    )
    intended_band = models.CharField(
        _("intended size"), max_length=16, choices=BandChoice.choices, default=BandChoice.CREW
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="group_slug_unique"),
        ]
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:group", args=[self.community.slug, self.slug])

    def band_for_count(self, count: int) -> scale.Band:
        return scale.band_for(count)

    def outgrown(self, count: int) -> bool:
        return scale.outgrows(count, self.intended_band)


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique"),
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class PurposeVersion(models.Model):
    """One version of a community's or a group's purpose; the newest is the current one."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="purpose_versions"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="purpose_versions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=PURPOSE_MAX)
    note = models.CharField(_("what changed and why"), max_length=280, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The adopted proposal that made this version; none for the purpose a community or group
    # was created with.
    proposal = models.ForeignKey(
        "decisions.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purpose_versions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"],
                condition=Q(group__isnull=True),
                name="community_purpose_number_unique",
            ),
            models.UniqueConstraint(
                fields=["group", "number"],
                condition=Q(group__isnull=False),
                name="group_purpose_number_unique",
            ),
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"


class Invitation(models.Model):
    """A link (or an emailed link) that lets people join a community."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("email"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    uses = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(uses__lte=models.F("max_uses")), name="uses_le_max"),
        ]

    def __str__(self) -> str:
        return f"invitation to {self.community}"

    def get_absolute_url(self) -> str:
        return reverse("communities:invitation", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.uses < self.max_uses
            and self.expires_at > timezone.now()
        )


class JoinRequest(models.Model):
    """Someone asking to join a community or group, or being invited into a group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Direction(models.TextChoices):
        ASK = "ask", _("Asked to join")
        INVITE = "invite", _("Invited")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.ASK)
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # At most one open request per person and place; COALESCE-free because the
            # group-level and community-level cases are separate partial indexes.
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending", group__isnull=True),
                name="one_pending_community_request",
            ),
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending", group__isnull=False),
                name="one_pending_group_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group or self.community} ({self.status})"
