"""/communities/{slug}/groups/{group_slug}/rhythms: a group's rhythms and who facilitates them.

Whoever may see the group sees its rhythms (the community's hosts included: times and
facilitators are not private); the group's members create, change and end them and opt in to
the facilitation rotation. Every write is one of `rhythms.actions`.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import GroupView, group_for
from murmuration.errors import ActionError, NotFound

from .. import actions, practice_actions, queries
from ..models import Practice, Rhythm, RotationMember
from .schemas import RhythmIn, RhythmOut, RhythmPatch, RotationMemberOut

router = Router(tags=["rhythms"])

GROUP = "/communities/{slug}/groups/{group_slug}"
RHYTHMS = GROUP + "/rhythms"
RHYTHM = RHYTHMS + "/{rhythm_id}"


def rhythm_not_found() -> NotFound:
    return NotFound(_("Rhythm not found."))


def practice_named(found: GroupView, slug: str | None) -> Practice | None:
    """The practice a body names by slug; an unknown one is a 400 on the `practice` field."""
    if slug is None or slug == "":
        return None
    practice = practice_actions.practice_for(found.viewer.community, slug)
    if practice is None:
        raise ActionError(_("That practice is not available here."), field="practice")
    return practice


def _rhythm(found: GroupView, rhythm_id: int) -> Rhythm:
    rhythm = Rhythm.objects.filter(pk=rhythm_id, group=found.group).first()
    if rhythm is None:
        raise rhythm_not_found()
    rhythm.group = found.group
    return rhythm


def _out(found: GroupView, rhythm_id: int) -> RhythmOut:
    """One rhythm with the annotations the list has (next session, rotation size and mine)."""
    for rhythm in queries.rhythms_for_group(found.viewer, found.group):
        if rhythm.pk == rhythm_id:
            return rhythm_out(rhythm)
    raise rhythm_not_found()


def rhythm_out(rhythm: Rhythm) -> RhythmOut:
    """A rhythm from `queries.rhythms_for_group`, whose annotations it reads."""
    return RhythmOut.model_validate(rhythm)


def _caller_and_group(request: HttpRequest, slug: str, group_slug: str) -> tuple[User, GroupView]:
    user = current_user(request)
    return user, group_for(user, slug, group_slug)


# Rhythms -------------------------------------------------------------------------------------


@router.get(RHYTHMS, response=list[RhythmOut], summary="The group's rhythms")
@paginate(Page)
def list_rhythms(request: HttpRequest, slug: str, group_slug: str) -> Any:
    """Running rhythms first, then ended ones; each with its next session."""
    found = group_for(current_user(request), slug, group_slug)
    return queries.rhythms_for_group(found.viewer, found.group)


@router.post(RHYTHMS, response={201: RhythmOut}, summary="Add a rhythm (the group's members)")
def create_rhythm(request: HttpRequest, slug: str, group_slug: str, payload: RhythmIn) -> RhythmOut:
    """The rhythm's sessions are created up to twelve weeks ahead (and from a first date in the
    past, so a group can record what it already held). With rotation on, you are its first
    facilitator."""
    user, found = _caller_and_group(request, slug, group_slug)
    fields = payload.model_dump()
    fields["practice"] = practice_named(found, fields["practice"])
    fields["time_zone"] = fields["time_zone"] or user.time_zone
    rhythm = actions.create_rhythm(user, found.group, **fields)
    return _out(found, rhythm.pk)


@router.get(RHYTHM, response=RhythmOut, summary="One rhythm")
def get_rhythm(request: HttpRequest, slug: str, group_slug: str, rhythm_id: int) -> RhythmOut:
    found = group_for(current_user(request), slug, group_slug)
    return _out(found, rhythm_id)


@router.patch(RHYTHM, response=RhythmOut, summary="Change a rhythm from now on")
def change_rhythm(
    request: HttpRequest, slug: str, group_slug: str, rhythm_id: int, payload: RhythmPatch
) -> RhythmOut:
    user, found = _caller_and_group(request, slug, group_slug)
    rhythm = _rhythm(found, rhythm_id)
    sent = payload.model_dump(exclude_unset=True)
    fields: dict[str, Any] = {k: v for k, v in sent.items() if v is not None and k != "practice"}
    if "practice" in sent:
        fields["practice"] = practice_named(found, sent["practice"])
    actions.update_rhythm(user, rhythm, **fields)
    return _out(found, rhythm.pk)


@router.delete(
    RHYTHM,
    response={204: None},
    summary="End a rhythm",
    description="Past sessions stay; sessions that have not begun are removed.",
)
def end_rhythm(request: HttpRequest, slug: str, group_slug: str, rhythm_id: int) -> None:
    user, found = _caller_and_group(request, slug, group_slug)
    actions.end_rhythm(user, _rhythm(found, rhythm_id))


# Rotation ------------------------------------------------------------------------------------


@router.get(
    RHYTHM + "/rotation",
    response=list[RotationMemberOut],
    summary="Who takes turns facilitating, in the order they joined",
)
@paginate(Page)
def list_rotation(request: HttpRequest, slug: str, group_slug: str, rhythm_id: int) -> Any:
    found = group_for(current_user(request), slug, group_slug)
    return queries.rotation(_rhythm(found, rhythm_id))


@router.post(
    RHYTHM + "/rotation",
    response={201: RotationMemberOut},
    summary="Join the facilitation rotation",
    description="Upcoming sessions are re-planned so you get a turn soon.",
)
def join_rotation(
    request: HttpRequest, slug: str, group_slug: str, rhythm_id: int
) -> RotationMember:
    user, found = _caller_and_group(request, slug, group_slug)
    member = actions.join_rotation(user, _rhythm(found, rhythm_id))
    member.user = user
    return member


@router.delete(
    RHYTHM + "/rotation",
    response={204: None},
    summary="Leave the facilitation rotation",
    description="Your upcoming turns go to others, except ones you agreed to by swap or by hand.",
)
def leave_rotation(request: HttpRequest, slug: str, group_slug: str, rhythm_id: int) -> None:
    user, found = _caller_and_group(request, slug, group_slug)
    actions.leave_rotation(user, _rhythm(found, rhythm_id))
