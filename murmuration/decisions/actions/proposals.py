"""Making, amending, closing and withdrawing proposals; reviews; a community's defaults."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from murmuration.communities import actions as community_actions
from murmuration.communities.models import Community, Group
from murmuration.errors import ActionError, NotAllowed

from .. import permissions as perms
from .. import queries, rules
from ..models import (
    BODY_MAX,
    NOTE_MAX,
    OUTCOME_MAX,
    TITLE_MAX,
    TOPIC_MAX,
    DecisionDefaults,
    Kind,
    Proposal,
    Review,
    Revision,
    RoleTerm,
    Selection,
    Stance,
)
from .common import (
    Actor,
    clean_review_date,
    clean_text,
    defaults_for,
    lock_proposal,
    must_be_open,
    require,
    signed_in,
    viewer_at,
)

LEAD = _("Only the person who made the proposal can do this.")
MIN_OPEN_HOURS = (1, 24 * 30)
REVIEW_DAYS = (1, 5 * 365)


def _clean_kind(kind: str) -> Kind:
    if kind not in Kind.values:
        raise ActionError(_("“%(value)s” is not a way to decide.") % {"value": kind}, field="kind")
    return Kind(kind)


def _clean_wording(title: str, body: str) -> tuple[str, str]:
    title = clean_text(title, field="title", limit=TITLE_MAX, label=_("a title"))
    body = clean_text(body, field="body", limit=BODY_MAX, label=_("the proposal"))
    return title, body


@transaction.atomic
def create_proposal(
    user: Actor,
    community: Community,
    *,
    title: str,
    body: str,
    group: Group | None = None,
    kind: str | None = None,
    subject: str = Proposal.Subject.GENERAL,
    topic: str = "",
    purpose_text: str = "",
    touches: Iterable[Group] = (),
    selection: Selection | None = None,
    candidate_id: int | None = None,
) -> Proposal:
    """Open a proposal; without a kind it is decided the community's usual way. `touches`
    names other groups it affects, whose members an advice process is pointed to.

    Role proposals are made by `roles.propose_candidate`, which passes the selection.
    """
    viewer = viewer_at(user, community, group)
    if not perms.can_propose(viewer, group):
        raise NotAllowed(
            _("Only the group's members can make proposals for it.")
            if group
            else _("Only members of the community can make proposals.")
        )
    author = signed_in(user)
    defaults = defaults_for(community)
    if subject not in Proposal.Subject.values or (subject == Proposal.Subject.ROLE) != bool(
        selection
    ):
        raise ActionError(_("A proposal is about a decision or a new purpose."), field="subject")
    usual = defaults.purpose_kind if subject == Proposal.Subject.PURPOSE else defaults.kind
    kind = _clean_kind(kind or usual)
    if selection is not None:
        kind = Kind.CONSENT
    if subject == Proposal.Subject.PURPOSE and kind == Kind.ADVICE:
        raise ActionError(
            _("A purpose belongs to everyone: change it by consent or by vote."), field="kind"
        )
    title, body = _clean_wording(title, body)
    topic = clean_text(topic, field="topic", limit=TOPIC_MAX, label=_("a topic"), required=False)
    if subject == Proposal.Subject.PURPOSE:
        purpose_text = community_actions.check_new_purpose(group or community, purpose_text)
        if not purpose_text:
            raise ActionError(_("Please write the purpose you propose."), field="purpose_text")
    else:
        purpose_text = ""
    touches = list(touches)
    if touches:
        groups = {g.pk: g for g in Group.objects.filter(community=community)}
        if any(
            g.pk not in groups or not perms.can_see_place(viewer, groups[g.pk], groups)
            for g in touches
        ):
            raise ActionError(_("Group not found."), field="touches")
    now = timezone.now()
    proposal = Proposal.objects.create(
        community=community,
        group=group,
        kind=kind,
        subject=subject,
        title=title,
        body=body,
        topic=topic,
        purpose_text=purpose_text,
        selection=selection,
        candidate_id=candidate_id,
        author=author,
        round_opened_at=now,
        min_open_hours=defaults.vote_min_open_hours if kind == Kind.VOTE else 0,
        quorum_percent=defaults.vote_quorum_percent if kind == Kind.VOTE else 0,
        created_at=now,
    )
    Revision.objects.create(
        proposal=proposal,
        round=1,
        title=title,
        body=body,
        purpose_text=purpose_text,
        author=author,
        created_at=now,
    )
    if touches:
        proposal.touches.set(touches)
    return proposal


@transaction.atomic
def amend_proposal(
    user: Actor,
    proposal: Proposal,
    *,
    title: str,
    body: str,
    note: str,
    purpose_text: str | None = None,
) -> Proposal:
    """Change the proposal's text and open a new round: positions taken so far stay in the
    history but no longer count, so everyone answers the text as it now stands."""
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_lead, LEAD)
    title, body = _clean_wording(title, body)
    note = clean_text(note, field="note", limit=NOTE_MAX, label=_("what changed and why"))
    if proposal.subject == Proposal.Subject.PURPOSE:
        target = proposal.group or proposal.community
        purpose_text = community_actions.check_new_purpose(target, purpose_text or "")
    else:
        purpose_text = ""
    if (title, body, purpose_text) == (proposal.title, proposal.body, proposal.purpose_text):
        raise ActionError(_("The amendment changes nothing in the text."), field="body")
    now = timezone.now()
    proposal.round += 1
    proposal.round_opened_at = now
    proposal.candidate_asked_at = None
    proposal.title, proposal.body, proposal.purpose_text = title, body, purpose_text
    proposal.save(
        update_fields=[
            "round",
            "round_opened_at",
            "candidate_asked_at",
            "title",
            "body",
            "purpose_text",
        ]
    )
    proposal.positions.filter(current=True).update(current=False)
    Revision.objects.create(
        proposal=proposal,
        round=proposal.round,
        title=title,
        body=body,
        purpose_text=purpose_text,
        note=note,
        author=signed_in(user),
        created_at=now,
    )
    return proposal


def _candidate_consents(proposal: Proposal) -> bool:
    return proposal.positions.filter(
        current=True,
        user_id=proposal.candidate_id or 0,
        stance__in=[Stance.CONSENT, Stance.CONCERN],
    ).exists()


def _result(proposal: Proposal, eligible: int) -> rules.Result:
    counts = queries.current_counts(proposal)
    if proposal.kind == Kind.VOTE:
        now = timezone.now()
        if not rules.may_count(proposal.round_opened_at, proposal.min_open_hours, now):
            opens = timezone.localtime(
                rules.counting_opens(proposal.round_opened_at, proposal.min_open_hours)
            )
            raise ActionError(
                _("This vote stays open until %(when)s; it can be counted from then on.")
                % {"when": date_format(opens, "DATETIME_FORMAT")}
            )
        return rules.vote_result(counts, eligible, proposal.quorum_percent)
    result = rules.consent_result(counts)
    if proposal.subject == Proposal.Subject.ROLE and not _candidate_consents(proposal):
        return rules.Result(False, [*result.reasons, _("The candidate has not consented.")])
    return result


@transaction.atomic
def close_proposal(
    user: Actor, proposal: Proposal, *, outcome: str, review_on: date | None = None
) -> Proposal:
    """Close the round with an outcome statement.

    An advice process is decided by its proposer once they have asked for advice. A consent
    proposal is adopted when nobody objects (and, for a role, the candidate consents); it
    cannot be closed while objections stand. A vote is counted after its minimum open time and
    passes or not by the rule in `rules`. Adopted consent decisions carry a review date.
    """
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_lead, LEAD)
    outcome = clean_text(outcome, field="outcome", limit=OUTCOME_MAX, label=_("the outcome"))
    review_on = clean_review_date(review_on, required=proposal.kind == Kind.CONSENT)
    if proposal.kind == Kind.ADVICE:
        if not (proposal.requests.exists() or proposal.advice.exists()):
            raise ActionError(_("Ask at least one person for advice before deciding."))
        adopted = True
    else:
        proposal.eligible_count = queries.eligible_users(proposal).count()
        result = _result(proposal, proposal.eligible_count)
        if proposal.kind == Kind.CONSENT and not result.passes:
            raise ActionError(" ".join(result.reasons))
        adopted = result.passes
    proposal.status = Proposal.Status.ADOPTED if adopted else Proposal.Status.REJECTED
    proposal.outcome = outcome
    proposal.review_on = review_on if adopted else None
    proposal.decided_by = signed_in(user)
    proposal.decided_at = timezone.now()
    proposal.save()
    if adopted:
        _carry_out(proposal)
    return proposal


def _carry_out(proposal: Proposal) -> None:
    """What an adopted proposal changes beyond itself: a purpose, or who holds a role."""
    if proposal.subject == Proposal.Subject.PURPOSE:
        community_actions.record_purpose(
            proposal.community,
            proposal.purpose_text,
            group=proposal.group,
            note=proposal.title[:NOTE_MAX],
            author=proposal.author,
            proposal_id=proposal.pk,
        )
    elif proposal.subject == Proposal.Subject.ROLE and proposal.selection and proposal.candidate:
        selection = proposal.selection
        role = selection.role
        today = timezone.localdate()
        last = role.terms.order_by("-ends_on").values_list("ends_on", flat=True).first()
        starts = max(today, last + timedelta(days=1)) if last else today
        RoleTerm.objects.create(
            role=role,
            holder=proposal.candidate,
            starts_on=starts,
            ends_on=starts + timedelta(days=role.term_days - 1),
            proposal=proposal,
        )
        Selection.objects.filter(pk=selection.pk).update(
            phase=Selection.Phase.DONE, phase_changed_at=timezone.now()
        )


@transaction.atomic
def withdraw_proposal(user: Actor, proposal: Proposal, *, outcome: str) -> Proposal:
    """The proposer takes it back, saying why; a role selection returns to its change round."""
    proposal = lock_proposal(proposal)
    must_be_open(proposal)
    require(user, proposal, perms.can_lead, LEAD)
    proposal.outcome = clean_text(
        outcome, field="outcome", limit=OUTCOME_MAX, label=_("why it is withdrawn")
    )
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.decided_by = signed_in(user)
    proposal.decided_at = timezone.now()
    proposal.save()
    if proposal.selection_id is not None:
        # The selection is released so the facilitator can propose someone else.
        Selection.objects.filter(pk=proposal.selection_id).update(
            phase=Selection.Phase.CHANGING, phase_changed_at=timezone.now()
        )
        Proposal.objects.filter(pk=proposal.pk).update(selection=None)
    return proposal


@transaction.atomic
def record_review(
    user: Actor, proposal: Proposal, *, note: str, next_review_on: date | None = None
) -> Review:
    """Look back at an adopted decision: it stays until the next review date, or for good."""
    proposal = lock_proposal(proposal)
    require(
        user,
        proposal,
        perms.can_review,
        _("Only those the decision belongs to can review an adopted decision."),
    )
    note = clean_text(note, field="note", limit=OUTCOME_MAX, label=_("what the review found"))
    next_review_on = clean_review_date(next_review_on, field="next_review_on", required=False)
    review = Review.objects.create(
        proposal=proposal, author=signed_in(user), note=note, next_review_on=next_review_on
    )
    proposal.review_on = next_review_on
    proposal.save(update_fields=["review_on"])
    return review


@transaction.atomic
def set_defaults(
    user: Actor,
    community: Community,
    *,
    kind: str | None = None,
    purpose_kind: str | None = None,
    review_days: int | None = None,
    vote_min_open_hours: int | None = None,
    vote_quorum_percent: int | None = None,
) -> DecisionDefaults:
    viewer = viewer_at(user, community, None)
    if not perms.can_set_defaults(viewer):
        raise NotAllowed(_("Only the community's hosts can change how it decides by default."))
    defaults, _created = DecisionDefaults.objects.select_for_update().get_or_create(
        community=community
    )
    if kind is not None:
        defaults.kind = _clean_kind(kind)
    if purpose_kind is not None:
        defaults.purpose_kind = _clean_kind(purpose_kind)
        if defaults.purpose_kind == Kind.ADVICE:
            raise ActionError(
                _("A purpose belongs to everyone: change it by consent or by vote."),
                field="purpose_kind",
            )
    ranges = {
        "review_days": (review_days, REVIEW_DAYS, _("Review after %(lo)d to %(hi)d days.")),
        "vote_min_open_hours": (
            vote_min_open_hours,
            MIN_OPEN_HOURS,
            _("A vote stays open at least %(lo)d to %(hi)d hours."),
        ),
        "vote_quorum_percent": (
            vote_quorum_percent,
            (1, 100),
            _("The quorum is %(lo)d to %(hi)d percent."),
        ),
    }
    for field, (value, (lo, hi), message) in ranges.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise ActionError(message % {"lo": lo, "hi": hi}, field=field)
        setattr(defaults, field, value)
    defaults.save()
    return defaults
