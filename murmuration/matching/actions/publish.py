"""Publishing a round: every pod becomes a group with its caller, a weekly rhythm at the pod's
common time and its first commitment, all in one transaction; then everyone is told.
"""

from collections import Counter
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities import actions as community_actions
from murmuration.communities import scale
from murmuration.communities.models import JoinPolicy
from murmuration.cycles.actions import begin_commitment
from murmuration.errors import ActionError
from murmuration.rhythms import actions as rhythm_actions
from murmuration.rhythms.models import Category, Practice

from .. import meeting, notify
from ..models import NAME_MAX, Format, Round
from ..proposal import PodView, Review
from .common import Actor, check_version, hosting, lock_round, require_reviewing, signed_in
from .review import still_in

# The practice each kind of pod starts with; "free" pods choose their own.
PRACTICES: dict[str, str] = {Format.CARE: "check-in-round", Format.INCUBATOR: "troika-consulting"}


def pod_name(round: Round, number: int) -> str:
    suffix = " · " + _("pod %(n)d") % {"n": number}
    return round.name[: NAME_MAX - len(suffix)] + suffix


def _check(review: Review, present: set[int]) -> list[PodView]:
    pods = []
    for view in review.pods:
        staying = [e for e in view.entries if e.user_id in present]
        if not staying:
            continue
        if len(staying) < 2:
            raise ActionError(
                _("Pod %(n)d has one person only: move them into another pod or leave them out.")
                % {"n": view.pod.number}
            )
        if view.slot is None or review.slot_of(staying) is None:
            raise ActionError(
                _("Pod %(n)d has no time when everyone can meet: move someone first.")
                % {"n": view.pod.number}
            )
        view.entries = staying
        pods.append(view)
    if not pods:
        raise ActionError(_("There is no pod to publish."))
    return pods


def _zone(view: PodView) -> str:
    """The caller's zone; without a caller, the zone most of the pod lives in."""
    if view.caller is not None:
        return view.caller.user.time_zone
    zones = Counter(e.user.time_zone for e in view.entries)
    return max(zones, key=lambda zone: (zones[zone], -list(zones).index(zone)))


@transaction.atomic
def publish(
    user: Actor,
    round: Round,
    *,
    expected_version: int | None = None,
    tick: Callable[[], None] | None = None,
) -> Round:
    round = lock_round(round)
    hosting(user, round)
    host = signed_in(user)
    require_reviewing(round)
    check_version(round, expected_version)
    review = Review.load(round)
    pods = _check(review, still_in(round))
    practices = {
        p.slug: p for p in Practice.objects.filter(community=None, slug__in=PRACTICES.values())
    }
    now = timezone.now()
    band = scale.band_for(round.pod_size_max).key
    for view in pods:
        assert view.slot is not None
        people: list[User] = [e.user for e in view.entries]
        caller = view.caller.user if view.caller else None
        # Pods are private: who shares a peer-support pod is the pod's own business, and
        # its members and the community's hosts still see it (privacy rule 2).
        group = community_actions.form_group(
            round.community,
            name=pod_name(round, view.pod.number),
            purpose=round.description,
            parent=round.group,
            caller=caller,
            members=people,
            join_policy=JoinPolicy.INVITE,
            is_private=True,
            intended_band=band if band != "pair" else "crew",
        )
        zone = _zone(view)
        start = meeting.first_meeting(round, view.slot, not_before=now).astimezone(ZoneInfo(zone))
        rhythm = rhythm_actions.add_rhythm(
            group,
            created_by=caller or people[0],
            name=_("Pod meeting"),
            category=Category.RELATIONAL,
            recurrence="weekly",
            start_date=start.date(),
            start_time=start.time().replace(tzinfo=None),
            time_zone=zone,
            duration_minutes=round.session_minutes,
            practice=practices.get(PRACTICES.get(view.pod.format, "")),
        )
        begin_commitment(
            group,
            rhythm=rhythm,
            starts_on=rhythm.start_date,
            session_count=round.session_count,
            created_by=host,
            # Opting in to the round was each person's yes to its commitment.
            members=people,
        )
        view.pod.group = group
        view.pod.save(update_fields=["group"])
        if tick:
            tick()
    round.status = Round.Status.PUBLISHED
    round.published_at = now
    round.published_by = host
    round.version += 1
    round.save(update_fields=["status", "published_at", "published_by", "version"])
    round_id = round.pk
    transaction.on_commit(lambda: notify.tell_members(round_id))
    return round
