"""Who is calling the API, how lists are paged, and the /me endpoints.

The authentication classes and the paging class live here, beside the accounts they concern,
so that every domain router can import them without importing the assembled API.
"""

from typing import Any, cast

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from murmuration.errors import ActionError

from . import actions, tokens
from .models import ApiToken, User
from .schemas import MeOut, MePatch, NewTokenOut, TokenIn, TokenOut

# Authentication ------------------------------------------------------------------------------


class BearerAuth(HttpBearer):
    """A personal token sent as `Authorization: Bearer mur_…`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return tokens.user_for_token(token)


class SessionAuth(NinjaSessionAuth):
    """The browser's login session; unsafe methods must carry the CSRF token.

    Ninja checks CSRF before it looks at the session, so a token-authenticated POST with a wrong
    token would get "CSRF check failed" instead of 401. Only a request that carries the session
    cookie can be forged by another site, so only such a request is checked here.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        return super().authenticate(request, key)


bearer_auth = BearerAuth()
session_auth = SessionAuth()
# The token is tried first: a request that has one is not a forged browser request.
AUTH = [bearer_auth, session_auth]


def current_user(request: HttpRequest) -> User:
    """The person the request authenticated as; every endpoint requires one."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


# Paging --------------------------------------------------------------------------------------

MAX_PAGE = 200


class Page(LimitOffsetPagination):
    """limit/offset paging with a documented ceiling: asking for more than 200 is a 422."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


# /me -----------------------------------------------------------------------------------------

router = Router(tags=["me"])

PROFILE_FIELDS = ("display_name", "pronouns", "bio", "time_zone")


def change_profile(user: User, changes: dict[str, Any]) -> User:
    """Apply a partial change through the same actions as the profile and availability pages.

    Both run in one transaction, so a bad time zone also leaves the availability unsaved.
    """
    try:
        with transaction.atomic():
            if "availability" in changes:
                _set_availability(user, changes["availability"])
            profile = {name: changes[name] for name in PROFILE_FIELDS if name in changes}
            if profile:
                current = {name: getattr(user, name) for name in PROFILE_FIELDS}
                actions.update_profile(user, **{**current, **profile})
    except ActionError:
        # Saved availability was rolled back; make `user` match what is stored again.
        user.refresh_from_db()
        raise
    return user


def _set_availability(user: User, slots: list[object]) -> None:
    try:
        actions.set_availability(user, slots)
    except ActionError as error:
        # The web form calls the field "slots"; here it is "availability".
        raise ActionError(error.message, field="availability") from error


@router.get("/me", response=MeOut, summary="Who am I")
def me(request: HttpRequest) -> User:
    return current_user(request)


@router.patch("/me", response=MeOut, summary="Change my profile")
def change_me(request: HttpRequest, payload: MePatch) -> User:
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return change_profile(current_user(request), changes)


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
@paginate(Page)
def list_tokens(request: HttpRequest) -> Any:
    return ApiToken.objects.filter(user=current_user(request)).order_by("-created_at", "-pk")


# Only a logged-in browser may mint tokens: a leaked token that could mint more would outlive
# its own revocation.
@router.post(
    "/me/tokens",
    response={201: NewTokenOut},
    auth=[session_auth],
    summary="Create an API token (browser session only)",
    description="The secret is in the response once; only a hash is kept.",
)
def create_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    token, secret = actions.create_api_token(current_user(request), payload.name)
    return {**TokenOut.model_validate(token).model_dump(), "token": secret}


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int) -> None:
    """Revoking a token that is already revoked succeeds and changes nothing."""
    actions.revoke_api_token(current_user(request), token_id)
