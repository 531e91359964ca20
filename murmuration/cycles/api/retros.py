"""A session's retrospective, its items, votes and actions; the group's open actions.

All of it is private to the group's current members: anyone else who may see the group (a
community host, with any token) gets 403, and someone who may not see it gets 404.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import GroupView, group_for
from murmuration.errors import ActionError, NotAllowed, NotFound
from murmuration.rhythms.api.rhythms import GROUP, practice_named
from murmuration.rhythms.api.schemas import PracticeRef
from murmuration.rhythms.models import Session

from .. import actions, queries
from .. import permissions as perms
from ..actions.common import RETRO_PRIVATE
from ..models import RetroAction, RetroItem, Retrospective
from .schemas import (
    ActionIn,
    ActionPatch,
    ItemIn,
    ItemPatch,
    RetroActionOut,
    RetroColumnOut,
    RetroIn,
    RetroItemOut,
    RetroOut,
    RetroPatch,
)

router = Router(tags=["retrospectives"])

RETRO = GROUP + "/sessions/{session_id}/retro"
ITEM = RETRO + "/items/{item_id}"
ACTIONS = GROUP + "/actions"
DONE = Query(None, description="true: done ones; false: open ones; left out: all.")


def _member(request: HttpRequest, slug: str, group_slug: str) -> tuple[User, GroupView]:
    user = current_user(request)
    found = group_for(user, slug, group_slug)
    if not perms.can_read_retro(found.viewer, found.group):
        raise NotAllowed(str(RETRO_PRIVATE))
    return user, found


def _at_retro(
    request: HttpRequest, slug: str, group_slug: str, session_id: int
) -> tuple[User, GroupView, Retrospective]:
    """The caller, the group and the session's retro, for the pod's members alone."""
    user, found = _member(request, slug, group_slug)
    return user, found, _retro(found, session_id)


def _retro(found: GroupView, session_id: int) -> Retrospective:
    retro = queries.retro_for_session(found.group, session_id)
    if retro is None:
        raise NotFound(_("This session has no retrospective."))
    return retro


def _item(retro: Retrospective, item_id: int) -> RetroItem:
    item = RetroItem.objects.filter(pk=item_id, retro=retro).first()
    if item is None:
        raise NotFound(_("Item not found."))
    item.retro = retro
    return item


def action_out(action: RetroAction) -> RetroActionOut:
    return RetroActionOut.model_validate(action)


def _item_out(shown: queries.ShownItem) -> RetroItemOut:
    return RetroItemOut(
        id=shown.pk,
        column=shown.item.column,
        text=shown.text,
        author=shown.author,  # type: ignore[arg-type]
        anonymous=shown.item.anonymous,
        mine=shown.mine,
        votes=shown.votes,
        my_vote=shown.my_vote,
        grouped=[_item_out(child) for child in shown.grouped],
    )


def _out(found: GroupView, retro: Retrospective) -> RetroOut:
    board = queries.retro_board(found.viewer, retro)
    if board is None:
        raise NotAllowed(str(RETRO_PRIVATE))
    practice = retro.practice
    return RetroOut(
        session_id=retro.session_id,
        commitment_id=retro.commitment_id,
        phase=Retrospective.Phase(retro.phase),
        format=PracticeRef(slug=practice.slug, name=practice.name) if practice else None,
        votes_each=retro.votes_each,
        votes_left=board.votes_left,
        columns=[
            RetroColumnOut(
                key=column.key,
                title=column.title,
                prompt=column.prompt,
                items=[_item_out(item) for item in column.items],
            )
            for column in board.columns
        ],
        actions=[action_out(a) for a in board.actions],
    )


@router.get(RETRO, response=RetroOut, summary="A session's retrospective")
def get_retro(request: HttpRequest, slug: str, group_slug: str, session_id: int) -> RetroOut:
    _user, found = _member(request, slug, group_slug)
    return _out(found, _retro(found, session_id))


@router.post(RETRO, response={201: RetroOut}, summary="Make a session a retrospective")
def start_retro(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: RetroIn
) -> tuple[int, RetroOut]:
    user, found = _member(request, slug, group_slug)
    session = (
        Session.objects.select_related("group", "rhythm")
        .filter(pk=session_id, group=found.group)
        .first()
    )
    if session is None:
        raise NotFound(_("Session not found."))
    practice = practice_named(found, payload.practice)
    retro = actions.start_retro(user, session, practice=practice, votes_each=payload.votes_each)
    return 201, _out(found, _retro(found, retro.session_id))


@router.patch(RETRO, response=RetroOut, summary="Move the phase on, or change the format")
def change_retro(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: RetroPatch
) -> RetroOut:
    user, found, retro = _at_retro(request, slug, group_slug, session_id)
    if payload.practice is not None or payload.votes_each is not None:
        practice = practice_named(found, payload.practice) if payload.practice else None
        actions.set_format(user, retro, practice, payload.votes_each)
    if payload.phase is not None:
        actions.set_phase(user, retro, payload.phase, expected=payload.expected_phase)
    return _out(found, _retro(found, session_id))


@router.post(RETRO + "/items", response={201: RetroOut}, summary="Add an item")
def add_item(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: ItemIn
) -> tuple[int, RetroOut]:
    user, found, retro = _at_retro(request, slug, group_slug, session_id)
    actions.add_item(user, retro, payload.column, payload.text, anonymous=payload.anonymous)
    return 201, _out(found, retro)


@router.patch(ITEM, response=RetroOut, summary="Group an item under another, or ungroup it")
def group_item(
    request: HttpRequest,
    slug: str,
    group_slug: str,
    session_id: int,
    item_id: int,
    payload: ItemPatch,
) -> RetroOut:
    user, found, retro = _at_retro(request, slug, group_slug, session_id)
    under = None
    if payload.under_id is not None:
        under = RetroItem.objects.filter(pk=payload.under_id, retro=retro).first()
        if under is None:
            raise ActionError(_("That item is not in this retrospective."), field="under_id")
    actions.group_items(user, _item(retro, item_id), under)
    return _out(found, retro)


@router.delete(ITEM, response={204: None}, summary="Take back an item you wrote")
def remove_item(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, item_id: int
) -> tuple[int, None]:
    user, _found, retro = _at_retro(request, slug, group_slug, session_id)
    actions.remove_item(user, _item(retro, item_id))
    return 204, None


@router.post(ITEM + "/vote", response={201: RetroOut}, summary="Put one of your votes on an item")
def vote(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, item_id: int
) -> tuple[int, RetroOut]:
    """One vote per item; beyond your votes (or a second on one item) is refused."""
    user, found, retro = _at_retro(request, slug, group_slug, session_id)
    actions.vote(user, _item(retro, item_id))
    return 201, _out(found, retro)


@router.delete(ITEM + "/vote", response={204: None}, summary="Take your vote back")
def unvote(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, item_id: int
) -> tuple[int, None]:
    user, _found, retro = _at_retro(request, slug, group_slug, session_id)
    actions.unvote(user, _item(retro, item_id))
    return 204, None


@router.post(RETRO + "/actions", response={201: RetroActionOut}, summary="Agree an action")
def add_action(
    request: HttpRequest, slug: str, group_slug: str, session_id: int, payload: ActionIn
) -> tuple[int, RetroActionOut]:
    user, _found, retro = _at_retro(request, slug, group_slug, session_id)
    owner = User.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise ActionError(_("That person is not in this group."), field="owner_id")
    item = _item(retro, payload.item_id) if payload.item_id else None
    action = actions.add_action(
        user, retro, text=payload.text, owner=owner, due_on=payload.due_on, item=item
    )
    action.session_id = retro.session_id  # type: ignore[attr-defined]
    return 201, action_out(action)


@router.get(ACTIONS, response=list[RetroActionOut], summary="The group's retro actions")
@paginate(Page)
def list_actions(
    request: HttpRequest,
    slug: str,
    group_slug: str,
    done: bool | None = DONE,
) -> Any:
    _user, found = _member(request, slug, group_slug)
    found_actions = RetroAction.objects.filter(group=found.group)
    if done is not None:
        found_actions = found_actions.filter(done_at__isnull=not done)
    return queries.with_session(found_actions)


@router.patch(ACTIONS + "/{action_id}", response=RetroActionOut, summary="Mark an action done")
def change_action(
    request: HttpRequest, slug: str, group_slug: str, action_id: int, payload: ActionPatch
) -> RetroActionOut:
    user, found = _member(request, slug, group_slug)
    action = RetroAction.objects.filter(pk=action_id, group=found.group).first()
    if action is None:
        raise NotFound(_("Action not found."))
    actions.set_action_done(user, action, payload.done)
    return action_out(queries.with_session(RetroAction.objects.filter(pk=action.pk)).get())
