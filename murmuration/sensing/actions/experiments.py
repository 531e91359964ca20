"""Experiments: start one (from a pattern or from scratch), join by choice, check in, decide.

Adapting an experiment ends it and spawns its follow-up in the same scope, so a register reads
as chains of small tries.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.communities.models import Community, Group
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from .. import permissions as perms
from ..models import (
    FIELD_MAX,
    LEARNINGS_MAX,
    MAX_WEEKS,
    TITLE_MAX,
    CheckIn,
    Experiment,
    Participant,
    Pattern,
)
from .common import Actor, clean_text, scope_viewer, signed_in
from .corrections import keep


def clean_time_box(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ActionError(_("The end comes before the start."), field="ends_on")
    if ends_on - starts_on > timedelta(weeks=MAX_WEEKS):
        raise ActionError(
            _("An experiment runs for at most %(weeks)d weeks; this one runs %(days)d days.")
            % {"weeks": MAX_WEEKS, "days": (ends_on - starts_on).days},
            field="ends_on",
        )


def _plan_fields(title: str, hypothesis: str, action: str, observe: str) -> dict[str, str]:
    return {
        "title": clean_text(title, field="title", limit=TITLE_MAX, label=_("a title")),
        "hypothesis": clean_text(
            hypothesis, field="hypothesis", limit=FIELD_MAX, label=_("a hypothesis")
        ),
        "action": clean_text(
            action, field="action", limit=FIELD_MAX, label=_("the smallest action")
        ),
        "observe": clean_text(
            observe, field="observe", limit=FIELD_MAX, label=_("what to observe")
        ),
    }


@transaction.atomic
def start_experiment(
    user: Actor,
    community: Community,
    *,
    title: str,
    hypothesis: str,
    action: str,
    observe: str,
    starts_on: date | None = None,
    ends_on: date,
    group: Group | None = None,
    pattern: Pattern | None = None,
) -> Experiment:
    """Start an experiment; the person who starts it owns it and is its first participant."""
    owner = signed_in(user)
    if pattern is not None:
        if pattern.community_id != community.pk:
            raise NotFound(_("Pattern not found."))
        group = pattern.group
    viewer = scope_viewer(user, community, group)
    if not perms.can_start_experiment(viewer, group):
        raise NotAllowed(_("Join the group to start experiments in it."))
    fields = _plan_fields(title, hypothesis, action, observe)
    starts_on = starts_on or timezone.localdate()
    clean_time_box(starts_on, ends_on)
    experiment = Experiment.objects.create(
        community=community,
        group=group,
        pattern=pattern,
        starts_on=starts_on,
        ends_on=ends_on,
        owner=owner,
        **fields,
    )
    Participant.objects.create(experiment=experiment, user=owner)
    if pattern is not None:
        # Acting on a pattern is a correction too: recomputation keeps it and its signals.
        keep(pattern)
    return experiment


def _locked(experiment: Experiment) -> Experiment:
    found = (
        Experiment.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .filter(pk=experiment.pk)
        .first()
    )
    if found is None:
        raise NotFound(_("Experiment not found."))
    return found


def _participant_ids(experiment: Experiment) -> set[int]:
    return set(experiment.participants.values_list("user_id", flat=True))


@transaction.atomic
def join_experiment(user: Actor, experiment: Experiment) -> Participant:
    experiment = _locked(experiment)
    viewer = scope_viewer(user, experiment.community, experiment.group)
    if not perms.can_join(viewer, experiment):
        raise ActionError(_("This experiment has ended; it cannot be joined any more."))
    try:
        with transaction.atomic():
            return Participant.objects.create(experiment=experiment, user=signed_in(user))
    except IntegrityError as error:
        raise Conflict(_("You are already taking part.")) from error


@transaction.atomic
def leave_experiment(user: Actor, experiment: Experiment) -> None:
    experiment = _locked(experiment)
    scope_viewer(user, experiment.community, experiment.group)
    if experiment.owner_id == signed_in(user).pk:
        raise ActionError(_("You own this experiment; decide its outcome instead of leaving."))
    deleted, _detail = experiment.participants.filter(user=signed_in(user)).delete()
    if not deleted:
        raise NotFound(_("You are not taking part."))


@transaction.atomic
def check_in(
    user: Actor, experiment: Experiment, *, happened: str, adjustment: str = ""
) -> CheckIn:
    experiment = _locked(experiment)
    viewer = scope_viewer(user, experiment.community, experiment.group)
    if not experiment.is_running:
        raise ActionError(_("This experiment has ended."))
    if not perms.can_check_in(viewer, experiment, _participant_ids(experiment)):
        raise NotAllowed(_("Join the experiment to check in."))
    return CheckIn.objects.create(
        experiment=experiment,
        author=signed_in(user),
        happened=clean_text(happened, field="happened", limit=FIELD_MAX, label=_("what happened")),
        adjustment=clean_text(
            adjustment,
            field="adjustment",
            limit=FIELD_MAX,
            label=_("the adjustment"),
            required=False,
        ),
    )


@transaction.atomic
def decide(
    user: Actor,
    experiment: Experiment,
    *,
    outcome: str,
    learnings: str,
    follow_up: dict[str, object] | None = None,
) -> Experiment | None:
    """Adopt, adapt or abandon, with learnings. Adapting needs the follow-up's plan
    (title, hypothesis, action, observe, ends_on) and returns the follow-up."""
    experiment = _locked(experiment)
    viewer = scope_viewer(user, experiment.community, experiment.group)
    if not experiment.is_running:
        raise Conflict(_("This experiment's outcome has already been decided."))
    if not perms.can_decide(viewer, experiment, _participant_ids(experiment)):
        raise NotAllowed(_("The people running the experiment decide its outcome."))
    outcomes = [s.value for s in Experiment.Status if s != Experiment.Status.RUNNING]
    if outcome not in outcomes:
        raise ActionError(_("Choose adopt, adapt or abandon."), field="outcome")
    learnings = clean_text(
        learnings, field="learnings", limit=LEARNINGS_MAX, label=_("the learnings")
    )
    if outcome == Experiment.Status.ADAPTED and not follow_up:
        raise ActionError(_("Adapting starts a follow-up: describe it."), field="follow_up")
    experiment.status = outcome
    experiment.learnings = learnings
    experiment.decided_by = signed_in(user)
    experiment.decided_at = timezone.now()
    experiment.save(update_fields=["status", "learnings", "decided_by", "decided_at"])
    if outcome != Experiment.Status.ADAPTED:
        return None
    assert follow_up is not None
    plan = {key: follow_up.get(key) or "" for key in ("title", "hypothesis", "action", "observe")}
    ends_on = follow_up.get("ends_on")
    if not isinstance(ends_on, date):
        raise ActionError(_("Give the follow-up an end date."), field="ends_on")
    starts_on = follow_up.get("starts_on") or timezone.localdate()
    assert isinstance(starts_on, date)
    fields = _plan_fields(**{k: str(v) for k, v in plan.items()})
    clean_time_box(starts_on, ends_on)
    follow = Experiment.objects.create(
        community=experiment.community,
        group=experiment.group,
        pattern=experiment.pattern,
        follows=experiment,
        starts_on=starts_on,
        ends_on=ends_on,
        owner=signed_in(user),
        **fields,
    )
    Participant.objects.create(experiment=follow, user=signed_in(user))
    return follow
