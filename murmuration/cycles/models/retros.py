"""Retrospectives: items in a format's columns, grouped, dot-voted, turned into actions.

Everything here is what a pod shares inside itself: readable only by the group's current
members, never by the community's hosts (DESIGN.md, privacy rule 1). An item written "without my
name" keeps its author (for the author's own view and export) but shows no name to others.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import Group
from murmuration.rhythms.models import Practice, Session

from .commitments import Commitment

ITEM_MAX = 280
ACTION_MAX = 280
DEFAULT_VOTES = 3
MAX_VOTES = 10


class Retrospective(models.Model):
    class Phase(models.TextChoices):
        COLLECT = "collect", _("Adding and grouping items")
        VOTE = "vote", _("Voting")
        ACT = "act", _("Agreeing actions")
        CLOSED = "closed", _("Done")

    ORDER = (Phase.COLLECT, Phase.VOTE, Phase.ACT, Phase.CLOSED)

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="retrospective")
    # Denormalised from the session so permission checks and the group's lists need no join.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="retrospectives")
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retrospectives",
    )
    # The format (see cycles.formats); None falls back to the classic three questions.
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.COLLECT)
    votes_each = models.PositiveSmallIntegerField(_("votes each"), default=DEFAULT_VOTES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    phase_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_each__gte=1, votes_each__lte=MAX_VOTES),
                name="retro_votes_each_range",
            ),
        ]

    def __str__(self) -> str:
        return f"retrospective of {self.session}"

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED


class RetroItem(models.Model):
    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="items")
    # The key of one of the format's columns, e.g. "working".
    column = models.CharField(max_length=30)
    text = models.CharField(_("item"), max_length=ITEM_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Written without the author's name showing to the others.
    anonymous = models.BooleanField(_("without my name"), default=False)
    # Grouped under another, similar item; votes go to the item at the head of the group.
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="grouped"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class RetroVote(models.Model):
    """One dot. One per person and item: a second dot on the same item is refused."""

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="votes")
    item = models.ForeignKey(RetroItem, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="retro_vote_unique"),
        ]
        indexes = [models.Index(fields=["retro", "voter"])]

    def __str__(self) -> str:
        return f"vote for {self.item_id}"


class RetroAction(models.Model):
    """Something the group will change, with a person who looks after it and a date.

    Open actions show in the group's later sessions until someone marks them done.
    """

    retro = models.ForeignKey(Retrospective, on_delete=models.CASCADE, related_name="actions")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="retro_actions")
    item = models.ForeignKey(
        RetroItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=ACTION_MAX)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["group", "done_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
