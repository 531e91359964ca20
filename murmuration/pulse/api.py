"""The pulse in /api/v1/: the same figures the pages draw, as their tables in JSON.

Each figure comes with its columns (key and label) and rows keyed by column, exactly the rows
of the page's table and the CSV export, built by the same builders for the same person.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from murmuration.accounts.api import current_user
from murmuration.communities.api.lookups import community_for, group_for
from murmuration.communities.permissions import Viewer
from murmuration.errors import NotAllowed, NotFound

from . import permissions as perms
from .builders import Entry, allowed, community_entries, find, group_entries, mine
from .figures import Cell, Figure
from .scope import Scope, community_scope, group_scope

router = Router(tags=["pulse"])

COMMUNITY = "/communities/{slug}/pulse"
GROUP = "/communities/{slug}/groups/{group_slug}/pulse"
MINE = "/me/pulse"


class ColumnOut(Schema):
    key: str
    label: str


class FigureOut(Schema):
    key: str
    title: str
    summary: str
    columns: list[ColumnOut]
    rows: list[dict[str, Cell]]


class PulseOut(Schema):
    figures: list[FigureOut]


def _pulse(figures: list[Figure]) -> dict[str, Any]:
    return {"figures": [figure.as_data() for figure in figures]}


def _one(viewer: Viewer, entries: list[Entry], key: str, scope: Scope) -> dict[str, Any]:
    entry = find(entries, key)
    if entry is None:
        raise NotFound(_("No such figure."))
    if not perms.can_see_figure(viewer, entry.hosts_only):
        raise NotAllowed(_("Only the community's hosts can see this."))
    return entry.build(scope).as_data()


def _member_viewer(request: HttpRequest, slug: str) -> Viewer:
    viewer = community_for(current_user(request), slug)
    if not perms.can_see_community_pulse(viewer):
        raise NotAllowed(_("Only members can see the community's pulse."))
    return viewer


@router.get(COMMUNITY, response=PulseOut, summary="The community's pulse (members)")
def community_pulse(request: HttpRequest, slug: str) -> dict[str, Any]:
    viewer = _member_viewer(request, slug)
    scope = community_scope(viewer, current_user(request))
    return _pulse([e.build(scope) for e in allowed(viewer, community_entries())])


@router.get(COMMUNITY + "/{key}", response=FigureOut, summary="One figure of the community's pulse")
def community_figure(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    viewer = _member_viewer(request, slug)
    scope = community_scope(viewer, current_user(request))
    return _one(viewer, community_entries(), key, scope)


def _group_scope(request: HttpRequest, slug: str, group_slug: str) -> Scope:
    found = group_for(current_user(request), slug, group_slug)
    return group_scope(found.viewer, current_user(request), found.group, found.groups_by_id)


@router.get(GROUP, response=PulseOut, summary="A group's pulse")
def group_pulse(request: HttpRequest, slug: str, group_slug: str) -> dict[str, Any]:
    scope = _group_scope(request, slug, group_slug)
    return _pulse([e.build(scope) for e in allowed(scope.viewer, group_entries())])


@router.get(GROUP + "/{key}", response=FigureOut, summary="One figure of a group's pulse")
def group_figure(request: HttpRequest, slug: str, group_slug: str, key: str) -> dict[str, Any]:
    scope = _group_scope(request, slug, group_slug)
    return _one(scope.viewer, group_entries(), key, scope)


@router.get(MINE, response=PulseOut, summary="My pulse: my rhythms, sessions and people")
def my_pulse(request: HttpRequest) -> dict[str, Any]:
    me = mine.Me(current_user(request))
    return _pulse([build(me) for build in mine.BUILDERS.values()])


@router.get(MINE + "/{key}", response=FigureOut, summary="One figure of my pulse")
def my_figure(request: HttpRequest, key: str) -> dict[str, Any]:
    build = mine.BUILDERS.get(key)
    if build is None:
        raise NotFound(_("No such figure."))
    return build(mine.Me(current_user(request))).as_data()
