"""/communities/{slug}/experiments: the register, starting, joining, check-ins and outcomes."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user
from murmuration.accounts.schemas import PersonOut
from murmuration.communities.permissions import Viewer

from .. import actions, queries
from ..models import Experiment
from .lookups import experiment_for, member_viewer, pattern_for, scope_for
from .schemas import (
    CheckInIn,
    CheckInOut,
    ExperimentDetailOut,
    ExperimentIn,
    ExperimentOut,
    OutcomeIn,
    OutcomeOut,
)

router = Router(tags=["experiments"])

EXPERIMENTS = "/communities/{slug}/experiments"
EXPERIMENT = EXPERIMENTS + "/{experiment_id}"


def _out(viewer: Viewer, experiment_id: int) -> ExperimentOut:
    found = queries.register(viewer).filter(pk=experiment_id).first()
    if found is None:
        experiment_for(viewer, experiment_id)  # raises the 404
    return ExperimentOut.model_validate(found)


@router.get(EXPERIMENTS, response=list[ExperimentOut], summary="The experiment register")
@paginate(Page)
def register(request: HttpRequest, slug: str, status: Experiment.Status | None = None) -> Any:
    """Every experiment you may read (the community's and your groups'), newest first."""
    return queries.register(member_viewer(current_user(request), slug), status=status)


@router.post(EXPERIMENTS, response={201: ExperimentOut}, summary="Start an experiment")
def start(request: HttpRequest, slug: str, payload: ExperimentIn) -> Any:
    """You own it and are its first participant; others join by choice."""
    user = current_user(request)
    viewer = member_viewer(user, slug)
    pattern = pattern_for(viewer, payload.pattern) if payload.pattern else None
    group = None
    if pattern is None:
        viewer, group = scope_for(user, slug, payload.group)
    fields = payload.model_dump(exclude={"group", "pattern"})
    experiment = actions.start_experiment(
        user, viewer.community, group=group, pattern=pattern, **fields
    )
    return _out(viewer, experiment.pk)


@router.get(EXPERIMENT, response=ExperimentDetailOut, summary="An experiment")
def get_experiment(request: HttpRequest, slug: str, experiment_id: int) -> Any:
    viewer = member_viewer(current_user(request), slug)
    found = queries.experiment_detail(viewer, experiment_id)
    if found is None:
        experiment_for(viewer, experiment_id)
    assert found is not None
    return ExperimentDetailOut(
        **ExperimentOut.model_validate(found.experiment).model_dump(),
        participants=[PersonOut.model_validate(p.user) for p in found.participants],
        checkins=[CheckInOut.model_validate(c) for c in found.checkins],
        follow_ups=[f.pk for f in found.follow_ups],
    )


@router.post(
    EXPERIMENT + "/participants", response={201: ExperimentOut}, summary="Join an experiment"
)
def join(request: HttpRequest, slug: str, experiment_id: int) -> Any:
    user = current_user(request)
    viewer = member_viewer(user, slug)
    actions.join_experiment(user, experiment_for(viewer, experiment_id))
    return _out(viewer, experiment_id)


@router.delete(EXPERIMENT + "/participants", response={204: None}, summary="Leave an experiment")
def leave(request: HttpRequest, slug: str, experiment_id: int) -> Any:
    user = current_user(request)
    actions.leave_experiment(user, experiment_for(member_viewer(user, slug), experiment_id))
    return None


@router.post(EXPERIMENT + "/checkins", response={201: CheckInOut}, summary="Check in")
def check_in(request: HttpRequest, slug: str, experiment_id: int, payload: CheckInIn) -> Any:
    """What happened, and any adjustment: the owner and the people taking part."""
    user = current_user(request)
    experiment = experiment_for(member_viewer(user, slug), experiment_id)
    return actions.check_in(user, experiment, **payload.model_dump())


@router.post(EXPERIMENT + "/outcome", response=OutcomeOut, summary="Adopt, adapt or abandon")
def decide(request: HttpRequest, slug: str, experiment_id: int, payload: OutcomeIn) -> Any:
    """With learnings. Adapting needs `follow_up`, which starts as a new experiment."""
    user = current_user(request)
    viewer = member_viewer(user, slug)
    follow = actions.decide(
        user,
        experiment_for(viewer, experiment_id),
        outcome=payload.outcome,
        learnings=payload.learnings,
        follow_up=payload.follow_up.model_dump() if payload.follow_up else None,
    )
    return OutcomeOut.model_validate(
        {
            "experiment": _out(viewer, experiment_id).model_dump(),
            "follow_up": _out(viewer, follow.pk).model_dump() if follow else None,
        }
    )
