"""/communities/{slug}/rounds: pod-calling rounds, one's own entry, and the hosts' proposal,
moves and publishing. Same permission rules and actions as the pages."""

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import community_for
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.errors import ActionError, NotAllowed, NotFound

from .. import actions, queries
from .. import permissions as perms
from ..actions.common import round_not_found
from ..models import Entry, Round
from ..proposal import Review
from .schemas import (
    EntryIn,
    EntryOut,
    EntryPatch,
    MemberOut,
    MoveIn,
    MyPodOut,
    PodOut,
    ProposalOut,
    RoundIn,
    RoundOut,
    UnplacedOut,
    VersionIn,
)

router = Router(tags=["rounds"])

ROUNDS = "/communities/{slug}/rounds"
ROUND = ROUNDS + "/{round_id}"


def _groups(viewer: Viewer) -> dict[int, Group]:
    return {g.pk: g for g in Group.objects.filter(community=viewer.community)}


def _round(user: User, slug: str, round_id: int) -> tuple[Viewer, Round]:
    viewer = community_for(user, slug)
    round = Round.objects.select_related("group").filter(pk=round_id).first()
    if round is None or round.community_id != viewer.community.pk:
        raise round_not_found()
    groups = _groups(viewer) if round.group_id else {}
    if not perms.can_see_round(viewer, round, groups):
        raise round_not_found()
    round.community = viewer.community
    return viewer, round


def _hosted(user: User, slug: str, round_id: int) -> tuple[Viewer, Round]:
    viewer, round = _round(user, slug, round_id)
    if not perms.can_host_rounds(viewer):
        raise NotAllowed(_("Only the community's hosts can run a round."))
    return viewer, round


def round_out(round: Round) -> RoundOut:
    """A round from `queries.with_counts`, whose annotations it reads."""
    return RoundOut(
        id=round.pk,
        name=round.name,
        description=round.description,
        group=round.group.slug if round.group else None,
        status=round.status,
        opt_in_deadline=round.opt_in_deadline,
        first_week=round.first_week,
        pod_size_min=round.pod_size_min,
        pod_size_max=round.pod_size_max,
        session_minutes=round.session_minutes,
        session_count=round.session_count,
        formats=round.formats,
        version=round.version,
        entry_count=round.entry_count,  # type: ignore[attr-defined]
        my_role=round.my_role,  # type: ignore[attr-defined]
    )


def _counted(round: Round, user: User) -> RoundOut:
    return round_out(queries.with_counts(Round.objects.filter(pk=round.pk), user).get())


# Rounds --------------------------------------------------------------------------------------


@router.get(ROUNDS, response=list[RoundOut], summary="The community's rounds you may see")
@paginate(Page)
def list_rounds(request: HttpRequest, slug: str) -> Any:
    user = current_user(request)
    viewer = community_for(user, slug)
    if not viewer.is_member:
        raise NotAllowed(_("Only members of the community can see its rounds."))
    return [round_out(r) for r in queries.rounds_for(viewer, _groups(viewer))]


@router.post(ROUNDS, response={201: RoundOut}, summary="Open a round (the community's hosts)")
def open_round(request: HttpRequest, slug: str, payload: RoundIn) -> RoundOut:
    user = current_user(request)
    viewer = community_for(user, slug)
    fields = payload.model_dump()
    group_slug = fields.pop("group")
    group = None
    if group_slug:
        group = Group.objects.filter(community=viewer.community, slug=group_slug).first()
        if group is None:
            raise ActionError(_("There is no such group in this community."), field="group")
    round = actions.open_round(user, viewer.community, group=group, **fields)
    return _counted(round, user)


@router.get(ROUND, response=RoundOut, summary="One round")
def get_round(request: HttpRequest, slug: str, round_id: int) -> RoundOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    return _counted(round, user)


@router.post(ROUND + "/cancel", response=RoundOut, summary="Cancel a round before publishing")
def cancel_round(request: HttpRequest, slug: str, round_id: int) -> RoundOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    actions.cancel_round(user, round)
    return _counted(round, user)


# My entry ------------------------------------------------------------------------------------


def entry_out(entry: Entry) -> EntryOut:
    """An entry with `keep_apart__other` prefetched; only for its person or the hosts."""
    return EntryOut(
        round=entry.round_id,
        person=entry.user,  # type: ignore[arg-type]
        role=entry.role,
        format=entry.format,
        slots=entry.slots,
        time_zone=entry.time_zone,
        keep_apart=[k.other for k in entry.keep_apart.all()],  # type: ignore[misc]
        seeded_from=entry.seeded_from.slug if entry.seeded_from else None,
    )


def _my_entry(round: Round, user: User) -> Entry:
    entry = Entry.objects.filter(round=round, user=user).select_related("user", "seeded_from")
    found = entry.prefetch_related("keep_apart__other").first()
    if found is None:
        raise NotFound(_("You have not opted in to this round."))
    return found


def _seed(round: Round, user: User, slug: str | None) -> Group | None:
    if not slug:
        return None
    group = Group.objects.filter(community_id=round.community_id, slug=slug).first()
    if group is None:
        raise ActionError(_("You can seed only from a group you are in."), field="seeded_from")
    return group


@router.get(ROUND + "/entry", response=EntryOut, summary="My entry, with my keep-apart list")
def get_entry(request: HttpRequest, slug: str, round_id: int) -> EntryOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    return entry_out(_my_entry(round, user))


@router.post(ROUND + "/entry", response={201: EntryOut}, summary="Opt in")
def opt_in(request: HttpRequest, slug: str, round_id: int, payload: EntryIn) -> EntryOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    fields = payload.model_dump()
    fields["seeded_from"] = _seed(round, user, fields["seeded_from"])
    if fields["slots"] is None:
        fields["slots"] = user.availability
    actions.opt_in(user, round, **fields)
    return entry_out(_my_entry(round, user))


@router.patch(ROUND + "/entry", response=EntryOut, summary="Change my entry")
def change_entry(request: HttpRequest, slug: str, round_id: int, payload: EntryPatch) -> EntryOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    sent = payload.model_dump(exclude_unset=True)
    fields = {k: v for k, v in sent.items() if v is not None and k != "seeded_from"}
    if "seeded_from" in sent:
        fields["seeded_from"] = _seed(round, user, sent["seeded_from"])
    actions.change_entry(user, round, **fields)
    return entry_out(_my_entry(round, user))


@router.delete(ROUND + "/entry", response={204: None}, summary="Withdraw")
def withdraw(request: HttpRequest, slug: str, round_id: int) -> None:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    actions.withdraw(user, round)


@router.get(ROUND + "/pod", response=MyPodOut, summary="My pod, once the round is published")
def my_pod(request: HttpRequest, slug: str, round_id: int) -> MyPodOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    mine = queries.my_pod(round, user)
    if mine is None or mine.group is None or mine.start is None or mine.end is None:
        raise NotFound(_("You have no pod in this round."))
    return MyPodOut(
        group=mine.group.slug,
        name=mine.group.name,
        members=mine.others,  # type: ignore[arg-type]
        starts_at=mine.start,
        ends_at=mine.end,
        local_start=mine.start.astimezone(ZoneInfo(user.time_zone)).isoformat(),
        time_zone=user.time_zone,
    )


# The hosts' side -----------------------------------------------------------------------------


@router.get(
    ROUND + "/entries", response=list[EntryOut], summary="Everyone who opted in (the hosts)"
)
@paginate(Page)
def list_entries(request: HttpRequest, slug: str, round_id: int) -> Any:
    user = current_user(request)
    _viewer, round = _hosted(user, slug, round_id)
    entries = Entry.objects.filter(round=round).select_related("user", "seeded_from")
    return [entry_out(e) for e in entries.prefetch_related("keep_apart__other").order_by("pk")]


def proposal_out(review: Review) -> ProposalOut:
    pods = [
        PodOut(
            id=view.pod.pk,
            number=view.pod.number,
            format=view.pod.format,
            slot=view.slot,
            starts_at=view.start,
            size_ok=view.size_ok,
            members=[
                MemberOut(
                    person=e.user,  # type: ignore[arg-type]
                    role=e.role,
                    keep_apart=[k.other_id for k in e.keep_apart.all()],
                )
                for e in view.entries
            ],
            repeats=[[a.user_id, b.user_id, times] for a, b, times in view.repeats],
            group=view.pod.group.slug if view.pod.group else None,
        )
        for view in review.pods
    ]
    return ProposalOut(
        round=review.round.pk,
        status=review.round.status,
        version=review.round.version,
        repeat_count=review.repeat_count,
        pods=pods,
        unplaced=[
            UnplacedOut(person=e.user, reason=e.unplaced_reason)  # type: ignore[arg-type]
            for e in review.unplaced
        ],
    )


@router.get(ROUND + "/proposal", response=ProposalOut, summary="The proposed pods (the hosts)")
def get_proposal(request: HttpRequest, slug: str, round_id: int) -> ProposalOut:
    user = current_user(request)
    _viewer, round = _hosted(user, slug, round_id)
    return proposal_out(Review.load(round))


@router.post(
    ROUND + "/proposal",
    response=ProposalOut,
    summary="Propose pods with the engine (the hosts)",
    description="Closes opt-ins. Proposing again forms the pods anew and drops earlier moves.",
)
def propose(request: HttpRequest, slug: str, round_id: int, payload: VersionIn) -> ProposalOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    return proposal_out(actions.propose(user, round, expected_version=payload.version))


@router.post(
    ROUND + "/moves",
    response=ProposalOut,
    summary="Move someone between pods (the hosts)",
    description="Refused (400) when it puts people to be kept apart together; 409 when the "
    "proposal changed since `version`.",
)
def move(request: HttpRequest, slug: str, round_id: int, payload: MoveIn) -> ProposalOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    review = actions.move(
        user, round, person=payload.person, to=payload.to, expected_version=payload.version
    )
    return proposal_out(review)


@router.post(
    ROUND + "/publish",
    response=RoundOut,
    summary="Publish the pods (the hosts)",
    description="Each pod becomes a private group with a weekly rhythm at its common time and "
    "its first commitment; everyone is emailed.",
)
def publish(request: HttpRequest, slug: str, round_id: int, payload: VersionIn) -> RoundOut:
    user = current_user(request)
    _viewer, round = _round(user, slug, round_id)
    actions.publish(user, round, expected_version=payload.version)
    return _counted(round, user)
