"""Commitments: a group agrees to meet on one of its rhythms for a bounded run, then reviews.

A commitment is bounded by a number of sessions or by an end date (or both), so it can never
run on silently: when its last session has passed it moves to review, and the rhythm's later
sessions are held (cancelled) until the group renews. See `cycles.progress` for how sessions
are counted and `cycles.actions.gate` for the review gate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import Group
from murmuration.rhythms.models import Rhythm

# The longest run a commitment may promise; longer agreements defeat the point of a review.
MAX_SESSIONS = 52
CLOSING_NOTE_MAX = 2000


class Commitment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        REVIEW = "review", _("In review")
        RENEWED = "renewed", _("Renewed")
        CLOSED = "closed", _("Closed")

    # Statuses in which a commitment still binds its group; at most one per rhythm.
    OPEN = (Status.PROPOSED, Status.ACTIVE, Status.REVIEW)
    # Statuses in which its rhythm's sessions count towards it.
    RUNNING = (Status.ACTIVE, Status.REVIEW)

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="commitments")
    # None: every session of the group counts (a round may publish pods before they have a rhythm).
    rhythm = models.ForeignKey(
        Rhythm, on_delete=models.SET_NULL, null=True, blank=True, related_name="commitments"
    )
    session_count = models.PositiveIntegerField(_("number of sessions"), null=True, blank=True)
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    starts_on = models.DateField(_("first date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The commitment this one renews, so a group's cycles read as a chain.
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next"
    )
    closing_note = models.TextField(_("closing note"), max_length=CLOSING_NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    began_at = models.DateTimeField(null=True, blank=True)
    # When its last session ended and the review gate opened.
    review_from = models.DateTimeField(null=True, blank=True)
    # Sessions of the rhythm after the end, cancelled at the gate; renewing restores them.
    # Ever-held ids, so a session someone restores by hand is not held a second time.
    held_sessions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session_count__isnull=False) | Q(ends_on__isnull=False),
                name="commitment_bounded",
            ),
            models.CheckConstraint(
                condition=Q(session_count__isnull=True)
                | Q(session_count__gte=1, session_count__lte=MAX_SESSIONS),
                name="commitment_session_count_range",
            ),
            models.UniqueConstraint(
                fields=["rhythm"],
                condition=Q(status__in=["proposed", "active", "review"]),
                name="one_open_commitment_per_rhythm",
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(rhythm__isnull=True, status__in=["proposed", "active", "review"]),
                name="one_open_groupwide_commitment",
            ),
        ]

    def __str__(self) -> str:
        return f"commitment of {self.group}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def completed(self) -> bool:
        """Ran its course to the review gate and was decided (renewed or closed)."""
        return self.review_from is not None and not self.is_open


class CommitmentMember(models.Model):
    """Someone who opted in to a commitment. Opting in is always each person's own act."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "user"], name="commitment_member_unique"),
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in {self.commitment}"


class ReviewChoice(models.Model):
    """One member's private answer at the review gate.

    Readable only by that member: other members and hosts see only the group outcome (whether
    the commitment renewed or closed, and who is in the next one).
    """

    class Choice(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        CHANGE = "change", _("Continue with a change")
        STEP_OUT = "step_out", _("Step out")

    CONTINUING = (Choice.CONTINUE, Choice.CHANGE)

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="review_choices"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "user"], name="review_choice_unique"),
        ]

    def __str__(self) -> str:
        return f"review choice in {self.commitment}"

    @property
    def continues(self) -> bool:
        return self.choice in self.CONTINUING
