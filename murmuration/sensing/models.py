"""Signals, the patterns they form, and the experiments people start from them.

Everything here lives in a *scope*: a community (group is null) or one group of it. A signal,
a pattern or an experiment is read by the members of its scope only, so what a pod notices stays
in the pod until its author raises it to the scale above.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import Community, Group

TEXT_MAX = 280
TAG_MAX = 30
TAGS_MAX = 5
LABEL_MAX = 80
TITLE_MAX = 120
FIELD_MAX = 500
LEARNINGS_MAX = 2000
MAX_WEEKS = 8


class Pattern(models.Model):
    """A cluster of signals in one scope, with a readable label.

    A pattern people have corrected (renamed, merged, split, or started an experiment from) is
    `kept`: recomputation keeps it, with the signals it had then, and only adds to it.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="patterns")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="patterns"
    )
    label = models.CharField(_("label"), max_length=LABEL_MAX)
    kept = models.BooleanField(default=False)
    # Where new signals are compared to place them: see grouping.methods.
    centroid = models.BinaryField(default=b"")
    method = models.CharField(max_length=16, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "group"])]

    def __str__(self) -> str:
        return self.label


class Signal(models.Model):
    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        IDEA = "idea", _("Idea")
        TENSION = "tension", _("Tension")
        APPRECIATION = "appreciation", _("Appreciation")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="signals")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="signals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="signals"
    )
    text = models.CharField(_("signal"), max_length=TEXT_MAX)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.OBSERVATION
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    pattern = models.ForeignKey(
        Pattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    # Put in its pattern by a person's correction; recomputation leaves it there.
    pinned = models.BooleanField(default=False)
    # Computed once when posted (or when the grouping method changes), by `method`.
    vector = models.BinaryField(default=b"")
    method = models.CharField(max_length=16, default="")
    created_at = models.DateTimeField(default=timezone.now)
    raised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "group", "created_at"])]

    def __str__(self) -> str:
        return self.text[:40]


class Grouping(models.Model):
    """When a scope's patterns were last recomputed, so queued recomputations coalesce."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=16, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community"], condition=Q(group__isnull=True), name="one_community_grouping"
            ),
            models.UniqueConstraint(
                fields=["group"], condition=Q(group__isnull=False), name="one_group_grouping"
            ),
        ]

    def __str__(self) -> str:
        return f"grouping of {self.group or self.community}"


class Experiment(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        ADOPTED = "adopted", _("Adopted")
        ADAPTED = "adapted", _("Adapted")
        ABANDONED = "abandoned", _("Abandoned")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="experiments")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="experiments"
    )
    pattern = models.ForeignKey(
        Pattern, on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments"
    )
    # The experiment an "adapt" outcome spawned this one from.
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    hypothesis = models.TextField(_("hypothesis"), max_length=FIELD_MAX)
    action = models.TextField(_("smallest action"), max_length=FIELD_MAX)
    observe = models.TextField(_("what to observe"), max_length=FIELD_MAX)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    learnings = models.TextField(_("learnings"), max_length=LEARNINGS_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="experiment_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING


class Participant(models.Model):
    """Someone who joined an experiment. Joining is always each person's own choice."""

    experiment = models.ForeignKey(
        Experiment, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["experiment", "user"], name="participant_unique"),
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in {self.experiment}"


class CheckIn(models.Model):
    """What happened during an experiment's run, and any adjustment made."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="checkins")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    happened = models.TextField(_("what happened"), max_length=FIELD_MAX)
    adjustment = models.TextField(_("adjustment"), max_length=FIELD_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"check-in on {self.experiment}"
