"""/communities: listing, creating and changing communities, and their purpose versions."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from murmuration.accounts.api import Page, current_user

from .. import actions, queries
from ..models import Community, PurposeVersion, Role
from ..schemas import CommunityIn, CommunityOut, CommunityPatch, PurposeVersionOut
from .lookups import changes, community_for, role_of

router = Router(tags=["communities"])


def community_out(community: Community, role: str | None) -> CommunityOut:
    return CommunityOut.model_validate(community).model_copy(
        update={"my_role": Role(role) if role else None}
    )


@router.get("/communities", response=list[CommunityOut], summary="Communities I can see")
@paginate(Page)
def list_communities(request: HttpRequest, mine: bool = False) -> Any:
    """The communities you are in and the listed ones; `mine=true` leaves out the listed ones."""
    return queries.visible_communities(current_user(request), mine_only=mine)


@router.post("/communities", response={201: CommunityOut}, summary="Start a community")
def create_community(request: HttpRequest, payload: CommunityIn) -> CommunityOut:
    community = actions.create_community(current_user(request), **payload.model_dump())
    return community_out(community, Role.HOST)


@router.get("/communities/{slug}", response=CommunityOut, summary="One community")
def get_community(request: HttpRequest, slug: str) -> CommunityOut:
    viewer = community_for(current_user(request), slug)
    return community_out(viewer.community, role_of(viewer))


@router.patch("/communities/{slug}", response=CommunityOut, summary="Change a community (hosts)")
def change_community(request: HttpRequest, slug: str, payload: CommunityPatch) -> CommunityOut:
    viewer = community_for(current_user(request), slug)
    community = actions.update_community(
        current_user(request), viewer.community, **changes(payload)
    )
    return community_out(community, role_of(viewer))


@router.get(
    "/communities/{slug}/purpose-versions",
    response=list[PurposeVersionOut],
    summary="The community's purpose, newest version first",
)
@paginate(Page)
def list_community_purpose(request: HttpRequest, slug: str) -> Any:
    viewer = community_for(current_user(request), slug)
    return (
        PurposeVersion.objects.filter(community=viewer.community, group=None)
        .select_related("author")
        .order_by("-number")
    )
