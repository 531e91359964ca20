"""Proposals and how people take positions on them, the decision log, and roles in groups.

A proposal belongs to a community, or to one of its groups, and is decided in one of three ways
(`Kind`). Its text can be amended; each amendment starts a new round (`Proposal.round`), and
positions from earlier rounds stay in the history without counting. Every change of position is
a new `Position` row; the one that counts is the row marked `current`, and a partial unique
constraint keeps that to one per person.

Roles: a group defines roles with a purpose and a term; a `Selection` fills one by consent
(private nominations, a nomination round, a change round, then a consent proposal). Each
person who holds a role does so for one `RoleTerm`.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.communities.models import PURPOSE_MAX, Community, Group

TITLE_MAX = 160
BODY_MAX = 5000
TOPIC_MAX = 60
REASON_MAX = 1000
ADVICE_MAX = 2000
OUTCOME_MAX = 2000
NOTE_MAX = 280
ROLE_NAME_MAX = 60
ROLE_PURPOSE_MAX = 1000


class Kind(models.TextChoices):
    ADVICE = "advice", _("Advice process")
    CONSENT = "consent", _("Consent")
    VOTE = "vote", _("Vote with thresholds")


class Stance(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONCERN = "concern", _("Concern")
    OBJECTION = "objection", _("Objection")
    AGREE = "agree", _("Agree")
    ABSTAIN = "abstain", _("Abstain")
    DISAGREE = "disagree", _("Disagree")
    BLOCK = "block", _("Block")


# The positions each kind takes; an advice process takes advice instead.
STANCES = {
    Kind.CONSENT: (Stance.CONSENT, Stance.CONCERN, Stance.OBJECTION),
    Kind.VOTE: (Stance.AGREE, Stance.ABSTAIN, Stance.DISAGREE, Stance.BLOCK),
    Kind.ADVICE: (),
}
# Positions that must say why: an objection names the harm it foresees or the improvement it
# offers; a concern says what it is; a block or a disagreement gives its reason.
NEEDS_REASON = {Stance.CONCERN, Stance.OBJECTION, Stance.DISAGREE, Stance.BLOCK}


class DecisionDefaults(models.Model):
    """How a community decides unless a proposal says otherwise; its hosts set these."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="decision_defaults"
    )
    kind = models.CharField(
        _("usual way to decide"), max_length=10, choices=Kind.choices, default=Kind.CONSENT
    )
    purpose_kind = models.CharField(
        _("way to change a purpose"), max_length=10, choices=Kind.choices, default=Kind.CONSENT
    )
    review_days = models.PositiveIntegerField(_("review after (days)"), default=90)
    vote_min_open_hours = models.PositiveIntegerField(
        _("a vote stays open at least (hours)"), default=72
    )
    vote_quorum_percent = models.PositiveIntegerField(
        _("quorum (percent of those eligible)"), default=50
    )

    def __str__(self) -> str:
        return f"decision defaults of {self.community}"


class Proposal(models.Model):
    class Subject(models.TextChoices):
        GENERAL = "general", _("A decision")
        PURPOSE = "purpose", _("A new purpose")
        ROLE = "role", _("Someone to fill a role")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="proposals")
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    kind = models.CharField(_("how to decide"), max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=10, choices=Subject.choices, default=Subject.GENERAL)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("proposal"), max_length=BODY_MAX)
    # A word or two ("money", "facilitation") that finds people with relevant history.
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX, blank=True)
    # Other groups the decision affects, whose members an advice process should hear.
    touches = models.ManyToManyField(Group, blank=True, related_name="+")
    # The purpose this proposal would make current (subject "purpose").
    purpose_text = models.TextField(_("proposed purpose"), max_length=PURPOSE_MAX, blank=True)
    # The role selection this proposal concludes, and whom it proposes (subject "role").
    selection = models.OneToOneField(
        "Selection", on_delete=models.CASCADE, null=True, blank=True, related_name="proposal"
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    candidate_asked_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="proposals"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The current round; an amendment starts the next one.
    round = models.PositiveIntegerField(default=1)
    round_opened_at = models.DateTimeField(default=timezone.now)
    # A vote's rule, fixed when it opens so later changes to the defaults do not move it.
    min_open_hours = models.PositiveIntegerField(default=0)
    quorum_percent = models.PositiveIntegerField(default=0)
    # How many could take a position when it closed, for reading the tally later.
    eligible_count = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), max_length=OUTCOME_MAX, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "status", "review_on"], name="proposal_log"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="open") | Q(decided_at__isnull=True),
                name="open_proposal_undecided",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def stances(self) -> tuple[Stance, ...]:
        return STANCES[Kind(self.kind)]

    @property
    def status_label(self) -> str:
        """The status in the words of its kind: an advice process is decided, a vote passes."""
        if self.status == self.Status.ADOPTED:
            return str({"advice": _("Decided"), "vote": _("Passed")}.get(self.kind, _("Adopted")))
        if self.status == self.Status.REJECTED and self.kind == Kind.VOTE:
            return str(_("Did not pass"))
        return str(self.get_status_display())

    def review_due(self, today: date) -> bool:
        return (
            self.status == self.Status.ADOPTED
            and self.review_on is not None
            and (self.review_on <= today)
        )


class Revision(models.Model):
    """The text of a proposal in one round: the first is the original, the rest amendments."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    round = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX)
    purpose_text = models.TextField(max_length=PURPOSE_MAX, blank=True)
    note = models.CharField(_("what changed and why"), max_length=NOTE_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="revision_round_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} round {self.round}"


class Position(models.Model):
    """One position a person took in one round. Changing it adds a row; none is ever deleted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions"
    )
    round = models.PositiveIntegerField()
    stance = models.CharField(max_length=10, choices=Stance.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX, blank=True)
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"],
                condition=Q(current=True),
                name="one_current_position",
            ),
        ]
        indexes = [models.Index(fields=["proposal", "current"], name="position_current")]

    def __str__(self) -> str:
        return f"{self.user} {self.stance} on {self.proposal}"


class AdviceRequest(models.Model):
    """Someone the proposer asked for advice, and why they were suggested."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="requests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    why = models.CharField(max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="advice_request_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} asked about {self.proposal}"


class Advice(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="advice")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    round = models.PositiveIntegerField()
    text = models.TextField(_("advice"), max_length=ADVICE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "advice"

    def __str__(self) -> str:
        return f"advice on {self.proposal}"


class Review(models.Model):
    """A look back at an adopted decision when its review date came: keep it, or let it end."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("what the review found"), max_length=OUTCOME_MAX)
    # The next review date when the decision stays; None when it needs no further review.
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"review of {self.proposal}"


# Roles -----------------------------------------------------------------------------------------


class GroupRole(models.Model):
    """A role a group defines (facilitator, caller, steward, …), held for a term at a time."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="roles")
    name = models.CharField(_("name"), max_length=ROLE_NAME_MAX)
    purpose = models.TextField(_("purpose"), max_length=ROLE_PURPOSE_MAX)
    term_days = models.PositiveIntegerField(_("term (days)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="role_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RoleTerm(models.Model):
    """One person holding a role from `starts_on` to `ends_on`, both days included."""

    role = models.ForeignKey(GroupRole, on_delete=models.CASCADE, related_name="terms")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_terms"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    proposal = models.OneToOneField(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="term"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="term_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} as {self.role}"


class Selection(models.Model):
    """Filling a role by consent, led by the member who started it (the facilitator).

    Phases: nominations are private to each nominator; the nomination round reveals them all
    with their reasons; in the change round people may change theirs; then the facilitator
    proposes a candidate and the group holds a consent round, asking the candidate last.
    """

    class Phase(models.TextChoices):
        NOMINATING = "nominating", _("Private nominations")
        REVEALED = "revealed", _("Nomination round")
        CHANGING = "changing", _("Change round")
        CONSENTING = "consenting", _("Consent round")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    # Phases in which the role has a selection under way; at most one at a time.
    ACTIVE = (Phase.NOMINATING, Phase.REVEALED, Phase.CHANGING, Phase.CONSENTING)

    role = models.ForeignKey(GroupRole, on_delete=models.CASCADE, related_name="selections")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.NOMINATING)
    created_at = models.DateTimeField(default=timezone.now)
    phase_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(phase__in=["nominating", "revealed", "changing", "consenting"]),
                name="one_active_selection",
            ),
        ]

    def __str__(self) -> str:
        return f"selection for {self.role}"

    @property
    def is_revealed(self) -> bool:
        return self.phase != self.Phase.NOMINATING


class Nomination(models.Model):
    """Whom one person nominates and why; a change in the change round adds a row."""

    class Round(models.TextChoices):
        NOMINATION = "nomination", _("Nomination")
        CHANGE = "change", _("Change")

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX)
    round = models.CharField(max_length=10, choices=Round.choices, default=Round.NOMINATION)
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "nominator"],
                condition=Q(current=True),
                name="one_current_nomination",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominator} nominates {self.nominee}"
