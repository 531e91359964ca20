"""Pod-calling rounds: members opt in, the engine proposes pods, a host reviews and publishes.

A round belongs to a community, or to a group inside it (then that group's members opt in and
the pods are created inside the group). Availability is copied onto each entry in the person's
own time zone when they opt in, so a later change of profile does not change what the host
reviewed. Slots on pods are UTC half-hours of the round's first week (see `meeting.py`).

Keep-apart wishes are private to the person who made them, the engine and the round's hosts
(the community's hosts); `permissions.py` guards every path that could show them.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import Community, Group

NAME_MAX = 120
DESCRIPTION_MAX = 1000
REASON_MAX = 300
# Pods smaller than two are not pods; beyond twelve they stop being small enough to hold
# everyone (a pod is the everyday word for a crew).
MIN_POD_SIZE = 2
MAX_POD_SIZE = 12
MAX_SESSION_MINUTES = 240
MAX_KEEP_APART = 20


class Format(models.TextChoices):
    CARE = "care", _("Care pod")
    INCUBATOR = "incubator", _("Peer incubator")
    FREE = "free", _("Free")


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for opt-ins")
        REVIEWING = "reviewing", _("Pods proposed, in review")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="rounds")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    description = models.TextField(_("what it is for"), max_length=DESCRIPTION_MAX, blank=True)
    opt_in_deadline = models.DateTimeField(_("opt-in deadline"))
    # A Monday: the pods' first sessions fall in the week it begins (UTC).
    first_week = models.DateField(_("first week"))
    pod_size_min = models.PositiveSmallIntegerField(_("smallest pod"), default=4)
    pod_size_max = models.PositiveSmallIntegerField(_("largest pod"), default=5)
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=60)
    session_count = models.PositiveSmallIntegerField(_("weekly sessions committed"), default=6)
    formats = models.JSONField(_("formats"), default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Bumped by every change to the proposal, so a stale review form or a second host's
    # move made from an older page is refused instead of undoing someone's change.
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    proposed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opt_in_deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pod_size_min__gte=MIN_POD_SIZE)
                & Q(pod_size_max__gte=models.F("pod_size_min"))
                & Q(pod_size_max__lte=MAX_POD_SIZE),
                name="round_pod_size_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matching:round", args=[self.community.slug, self.pk])

    @property
    def format_labels(self) -> list[str]:
        labels = dict(Format.choices)
        return [str(labels[value]) for value in self.formats if value in labels]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def takes_opt_ins(self, now: datetime | None = None) -> bool:
        return self.is_open and self.opt_in_deadline > (now or timezone.now())


class Pod(models.Model):
    """A pod the engine proposed (and a host may have changed); published, it has a group."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pods")
    number = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=10, choices=Format.choices)
    # First UTC half-hour of the round's first week the members share for a whole session;
    # None once a move leaves them no such time.
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="round_pod"
    )

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="pod_number_unique"),
        ]

    def __str__(self) -> str:
        return f"pod {self.number} of {self.round}"


class Entry(models.Model):
    """One person's opt-in to a round."""

    class Role(models.TextChoices):
        CALLER = "caller", _("Caller: I will call a pod together")
        MEMBER = "member", _("Member")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_entries"
    )
    role = models.CharField(_("taking part as"), max_length=10, choices=Role.choices)
    format = models.CharField(_("kind of pod"), max_length=10, choices=Format.choices)
    # Half-hour slots in `time_zone`, confirmed when opting in (see accounts.availability).
    slots = models.JSONField(_("availability"), default=list)
    time_zone = models.CharField(max_length=64)
    # The pod a caller comes from and seeds this one from (growth by seeding, issue 5).
    seeded_from = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="seeded_entries"
    )
    pod = models.ForeignKey(
        Pod, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    # Why the engine (or a host's move) left this person out of every pod.
    unplaced_reason = models.CharField(max_length=REASON_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="entry_unique"),
        ]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"{self.user} in {self.round}"

    @property
    def is_caller(self) -> bool:
        return self.role == self.Role.CALLER


class KeepApart(models.Model):
    """Someone an entrant asked not to share a pod with. Private: see module docstring."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="keep_apart")
    other = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "other"], name="keep_apart_unique"),
        ]

    def __str__(self) -> str:
        return f"keep {self.entry.user} apart from {self.other}"
