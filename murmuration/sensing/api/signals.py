"""/communities/{slug}/signals and /patterns: posting and raising signals, reading patterns and
correcting them. A group's signals and patterns are its members' alone."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user

from .. import actions, queries
from .lookups import member_viewer, pattern_for, scope_for, signal_for
from .schemas import (
    LabelIn,
    MergeIn,
    PatternDetailOut,
    PatternOut,
    SignalIn,
    SignalOut,
    SplitIn,
)

router = Router(tags=["sensing"])

SIGNALS = "/communities/{slug}/signals"
PATTERNS = "/communities/{slug}/patterns"
# A pattern page lists at most this many of its newest signals.
PATTERN_SIGNALS = 200


@router.get(SIGNALS, response=list[SignalOut], summary="Signals of a scope, newest first")
@paginate(Page)
def list_signals(request: HttpRequest, slug: str, group: str | None = None) -> Any:
    """`group`: a group you are in (its slug); without it, the community's own signals."""
    viewer, scope = scope_for(current_user(request), slug, group)
    return queries.signal_list(viewer, scope)


@router.post(SIGNALS, response={201: SignalOut}, summary="Post a signal")
def post_signal(request: HttpRequest, slug: str, payload: SignalIn) -> Any:
    """It joins the nearest pattern at once; the scope is regrouped in the background."""
    user = current_user(request)
    viewer, scope = scope_for(user, slug, payload.group)
    return actions.post_signal(
        user, viewer.community, payload.text, group=scope, kind=payload.kind, tags=payload.tags
    )


@router.post(SIGNALS + "/{signal_id}/raise", response=SignalOut, summary="Raise a signal")
def raise_signal(request: HttpRequest, slug: str, signal_id: int) -> Any:
    """Lift a group's signal to the group above, or to the community: its author's choice."""
    user = current_user(request)
    signal = signal_for(member_viewer(user, slug), signal_id)
    return actions.raise_signal(user, signal)


@router.get(PATTERNS, response=list[PatternOut], summary="Patterns of a scope, biggest first")
@paginate(Page)
def list_patterns(request: HttpRequest, slug: str, group: str | None = None) -> Any:
    viewer, scope = scope_for(current_user(request), slug, group)
    return queries.patterns(viewer, scope)


def _detail(viewer: Any, pattern_id: int) -> PatternDetailOut:
    found = queries.pattern_detail(viewer, pattern_id, limit=PATTERN_SIGNALS)
    if found is None:
        pattern_for(viewer, pattern_id)  # raises the 404
    assert found is not None
    for signal in found.signals:
        signal.pattern = found.pattern
    out = PatternOut.model_validate(found.pattern).model_dump()
    return PatternDetailOut(**out, signals=[SignalOut.model_validate(s) for s in found.signals])


@router.get(PATTERNS + "/{pattern_id}", response=PatternDetailOut, summary="A pattern")
def get_pattern(request: HttpRequest, slug: str, pattern_id: int) -> Any:
    """With its newest 200 signals."""
    return _detail(member_viewer(current_user(request), slug), pattern_id)


@router.patch(PATTERNS + "/{pattern_id}", response=PatternDetailOut, summary="Rename a pattern")
def rename_pattern(request: HttpRequest, slug: str, pattern_id: int, payload: LabelIn) -> Any:
    user = current_user(request)
    viewer = member_viewer(user, slug)
    actions.rename_pattern(user, pattern_for(viewer, pattern_id), payload.label)
    return _detail(viewer, pattern_id)


@router.post(
    PATTERNS + "/{pattern_id}/merge", response=PatternDetailOut, summary="Merge patterns into one"
)
def merge_patterns(request: HttpRequest, slug: str, pattern_id: int, payload: MergeIn) -> Any:
    user = current_user(request)
    viewer = member_viewer(user, slug)
    others = [pattern_for(viewer, other) for other in payload.others]
    actions.merge_patterns(user, pattern_for(viewer, pattern_id), others)
    return _detail(viewer, pattern_id)


@router.post(
    PATTERNS + "/{pattern_id}/split",
    response={201: PatternDetailOut},
    summary="Split signals off into a new pattern",
)
def split_pattern(request: HttpRequest, slug: str, pattern_id: int, payload: SplitIn) -> Any:
    user = current_user(request)
    viewer = member_viewer(user, slug)
    new = actions.split_pattern(
        user, pattern_for(viewer, pattern_id), payload.signals, payload.label
    )
    return _detail(viewer, new.pk)
