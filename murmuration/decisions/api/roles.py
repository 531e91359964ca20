"""/communities/{slug}/groups/{group_slug}/roles: a group's roles, their terms, and selection
by consent. What a selection shows follows `role_queries.selection_view`: nominations are each
nominator's own until the facilitator opens the nomination round."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from murmuration.accounts.api import current_user
from murmuration.accounts.models import User
from murmuration.communities.api.lookups import GroupView, changes, group_for
from murmuration.errors import ActionError, NotFound

from .. import actions, queries, role_queries
from ..models import GroupRole, RoleTerm, Selection
from .proposals import detail_out
from .schemas import (
    CandidateIn,
    NominationIn,
    NominationOut,
    ProposalDetailOut,
    RoleIn,
    RoleOut,
    RolePatch,
    SelectionOut,
    StepIn,
    TermOut,
)

router = Router(tags=["roles"])

ROLES = "/communities/{slug}/groups/{group_slug}/roles"
ROLE = ROLES + "/{role_id}"


def _role(found: GroupView, role_id: int) -> GroupRole:
    role = GroupRole.objects.filter(pk=role_id, group=found.group).first()
    if role is None:
        raise NotFound(_("Role not found."))
    role.group = found.group
    return role


def _term(term: RoleTerm | None) -> TermOut | None:
    if term is None:
        return None
    return TermOut(
        holder=term.holder,  # type: ignore[arg-type]
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        proposal_id=term.proposal_id,
    )


def _row(row: role_queries.RoleRow) -> RoleOut:
    role = row.role
    return RoleOut(
        id=role.pk,
        name=role.name,
        purpose=role.purpose,
        term_days=role.term_days,
        holder=_term(row.holder),
        next_term=_term(row.next_term),
        selection_phase=row.selection.phase if row.selection else None,
        comes_up=row.comes_up,
    )


def _role_out(found: GroupView, role_id: int) -> RoleOut:
    for row in role_queries.roles_for_group(found.group):
        if row.role.pk == role_id:
            return _row(row)
    raise NotFound(_("Role not found."))


def _selection_out(found: GroupView, role: GroupRole) -> SelectionOut:
    view = role_queries.selection_view(found.viewer, role)
    selection = view.selection
    if selection is None:
        raise NotFound(_("No selection has been held for this role."))
    return SelectionOut(
        id=selection.pk,
        phase=selection.phase,
        facilitator=selection.facilitator,  # type: ignore[arg-type]
        nomination_count=view.count,
        nominations=[NominationOut.model_validate(n) for n in view.history],
        proposal_id=view.proposal.pk if view.proposal else None,
    )


def _found(request: HttpRequest, slug: str, group_slug: str) -> GroupView:
    return group_for(current_user(request), slug, group_slug)


def _active(role: GroupRole) -> Selection:
    selection = role.selections.filter(phase__in=Selection.ACTIVE).first()
    if selection is None:
        raise ActionError(_("No selection is under way for this role."))
    return selection


def _group_person(found: GroupView, user_id: int, field: str) -> User:
    person = User.objects.filter(pk=user_id, group_memberships__group=found.group).first()
    if person is None:
        raise ActionError(_("That person is not in this group."), field=field)
    return person


@router.get(ROLES, response=list[RoleOut], summary="The group's roles and who holds them")
def list_roles(request: HttpRequest, slug: str, group_slug: str) -> Any:
    found = _found(request, slug, group_slug)
    return [_row(row) for row in role_queries.roles_for_group(found.group)]


@router.post(ROLES, response={201: RoleOut}, summary="Define a role (the group's members)")
def define_role(request: HttpRequest, slug: str, group_slug: str, payload: RoleIn) -> RoleOut:
    found = _found(request, slug, group_slug)
    role = actions.define_role(current_user(request), found.group, **payload.model_dump())
    return _role_out(found, role.pk)


@router.get(ROLE, response=RoleOut, summary="One role")
def get_role(request: HttpRequest, slug: str, group_slug: str, role_id: int) -> RoleOut:
    found = _found(request, slug, group_slug)
    return _role_out(found, _role(found, role_id).pk)


@router.patch(ROLE, response=RoleOut, summary="Change a role")
def change_role(
    request: HttpRequest, slug: str, group_slug: str, role_id: int, payload: RolePatch
) -> RoleOut:
    found = _found(request, slug, group_slug)
    actions.update_role(current_user(request), _role(found, role_id), **changes(payload))
    return _role_out(found, role_id)


@router.get(ROLE + "/terms", response=list[TermOut], summary="Everyone who held it, newest first")
def list_terms(request: HttpRequest, slug: str, group_slug: str, role_id: int) -> Any:
    found = _found(request, slug, group_slug)
    terms = _role(found, role_id).terms.select_related("holder")
    return [_term(t) for t in terms]


@router.get(ROLE + "/selection", response=SelectionOut, summary="The latest selection")
def get_selection(request: HttpRequest, slug: str, group_slug: str, role_id: int) -> Any:
    found = _found(request, slug, group_slug)
    return _selection_out(found, _role(found, role_id))


@router.post(
    ROLE + "/selection", response={201: SelectionOut}, summary="Start a selection (you facilitate)"
)
def start_selection(request: HttpRequest, slug: str, group_slug: str, role_id: int) -> Any:
    found = _found(request, slug, group_slug)
    role = _role(found, role_id)
    actions.start_selection(current_user(request), role)
    return _selection_out(found, role)


@router.post(
    ROLE + "/selection/nominations",
    response={201: SelectionOut},
    summary="Nominate someone, or change your nomination in the change round",
)
def nominate(
    request: HttpRequest, slug: str, group_slug: str, role_id: int, payload: NominationIn
) -> Any:
    found = _found(request, slug, group_slug)
    role = _role(found, role_id)
    nominee = _group_person(found, payload.nominee_id, "nominee_id")
    actions.nominate(current_user(request), _active(role), nominee, payload.reason)
    return _selection_out(found, role)


@router.post(
    ROLE + "/selection/step",
    response=SelectionOut,
    summary="The facilitator opens the nomination round, the change round, or cancels",
)
def step(request: HttpRequest, slug: str, group_slug: str, role_id: int, payload: StepIn) -> Any:
    found = _found(request, slug, group_slug)
    role = _role(found, role_id)
    run = {
        "reveal": actions.reveal_nominations,
        "changes": actions.open_change_round,
        "cancel": actions.cancel_selection,
    }[payload.step]
    run(current_user(request), _active(role))
    return _selection_out(found, role)


@router.post(
    ROLE + "/selection/proposal",
    response={201: ProposalDetailOut},
    summary="The facilitator proposes a nominee; the consent round asks the candidate last",
)
def propose(
    request: HttpRequest, slug: str, group_slug: str, role_id: int, payload: CandidateIn
) -> Any:
    found = _found(request, slug, group_slug)
    role = _role(found, role_id)
    candidate = _group_person(found, payload.candidate_id, "candidate_id")
    proposal = actions.propose_candidate(
        current_user(request), _active(role), candidate, payload.reasons
    )
    detail = queries.proposal_detail(found.viewer, proposal.pk)
    assert detail is not None
    return detail_out(detail)
