"""Rhythms, the sessions they produce, practices, attendance, check-ins, notes and calendar feeds.

Times: a rhythm keeps its first start as a *local* date and time in its own time zone, because a
weekly 19:00 meeting must stay at 19:00 local time across daylight-saving changes; each session
stores its concrete start in UTC. A session remembers the occurrence it was generated for
(`occurrence`, UTC) even when it is moved, which is what calendar feeds need as RECURRENCE-ID.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.accounts.models import validate_time_zone
from murmuration.communities.models import Community, Group

NOTE_MAX = 5000
CHECKIN_WORD_MAX = 40
LOCATION_MAX = 500
MAX_DURATION_MINUTES = 24 * 60


class Category(models.TextChoices):
    RELATIONAL = "relational", _("Relational")
    PLANNING = "planning", _("Planning")
    WORKING = "working", _("Working")
    LEARNING = "learning", _("Learning")


class Practice(models.Model):
    """A facilitation format: ordered, timed steps and the roles people take in it.

    Built-in practices have no community; a community's own practices belong to it. `steps` is a
    list of {"title", "minutes", "guidance", "role"?} and `roles` a list of {"name",
    "description", "rotates"}; both are validated by `rhythms.practices`.
    """

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="practices"
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=120)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    steps = models.JSONField(_("steps"), default=list)
    roles = models.JSONField(_("roles"), default=list, blank=True)
    is_retrospective = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(community__isnull=True), name="builtin_practice_slug"
            ),
            models.UniqueConstraint(
                fields=["community", "slug"],
                condition=Q(community__isnull=False),
                name="community_practice_slug",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.community_id is None

    @property
    def total_minutes(self) -> int:
        return sum(int(step.get("minutes", 0)) for step in self.steps)


class Rhythm(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="rhythms")
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.RELATIONAL
    )
    # The RRULE value without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;INTERVAL=2;COUNT=6".
    rrule = models.CharField(_("recurrence"), max_length=500)
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    location = models.CharField(_("place or video link"), max_length=LOCATION_MAX, blank=True)
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rotation_enabled = models.BooleanField(_("rotate facilitation"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="rhythm_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RotationMember(models.Model):
    """Someone who opted in to facilitate a rhythm's sessions in turn."""

    rhythm = models.ForeignKey(Rhythm, on_delete=models.CASCADE, related_name="rotation")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rhythm", "user"], name="rotation_member_unique"),
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} in rotation of {self.rhythm}"


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    rhythm = models.ForeignKey(Rhythm, on_delete=models.CASCADE, related_name="sessions")
    # Denormalised from the rhythm so permission checks and calendars filter without a join.
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    occurrence = models.DateTimeField(help_text="The start the rhythm gave it, in UTC.")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when people swapped or someone was named by hand, so rotation leaves it alone.
    facilitator_fixed = models.BooleanField(default=False)
    practice = models.ForeignKey(
        Practice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who holds which of the practice's roles, by role name: {"case giver": user_id}.
    roles = models.JSONField(default=dict, blank=True)
    # The live runner: index of the current step (None before it starts) and when it began.
    current_step = models.PositiveIntegerField(null=True, blank=True)
    step_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change, so calendar clients see an update (SEQUENCE) and stale forms fail.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rhythm", "occurrence"], name="session_occurrence"),
        ]
        indexes = [
            models.Index(fields=["group", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.rhythm} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def is_over(self, now: datetime) -> bool:
        """Finished in the runner, or simply past its end: too late to say whether you come."""
        return self.finished_at is not None or self.ends_at <= now

    @property
    def is_moved(self) -> bool:
        return self.starts_at != self.occurrence

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Attendance(models.Model):
    class Rsvp(models.TextChoices):
        YES = "yes", _("Coming")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("Not coming")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rsvp = models.CharField(max_length=5, choices=Rsvp.choices, blank=True)
    # Recorded after the session: True present, False absent, None not recorded.
    present = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.session}: {self.rsvp or '-'}"


class CheckIn(models.Model):
    """One person's check-in word and 1-5 rating. Private to the group's current members."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="checkins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(_("a word"), max_length=CHECKIN_WORD_MAX)
    rating = models.PositiveSmallIntegerField(_("how are you, 1 to 5"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="checkin_unique"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="checkin_rating_range"
            ),
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.word}"


class SessionNote(models.Model):
    """A shared note written during or after a session. Private to the group's current members.

    Notes are appended rather than edited in one shared text, so two people writing at once
    never overwrite each other.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note on {self.session}"


class CalendarFeed(models.Model):
    """An unguessable, revocable iCalendar URL: a person's sessions, or one group's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar of {self.group or self.user}"
