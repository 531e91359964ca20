"""/communities/{slug}/practices: a community's practice library, built-ins included.

Members only, like the library pages: a private community is a 404 for everyone else, a listed
one a 403. Bodies have the shape of a practice file (see `rhythms.practices`), so what the API
returns can be sent back as it is, and the rules and messages are the file's.
"""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from murmuration.accounts.api import Page, current_user
from murmuration.communities.api.lookups import community_for
from murmuration.communities.permissions import Viewer
from murmuration.errors import NotAllowed

from .. import permissions as perms
from .. import practice_actions as actions
from .. import practices
from ..models import Practice

router = Router(tags=["practices"])

LIBRARY = "/communities/{slug}/practices"
PRACTICE = LIBRARY + "/{practice_slug}"
CONTENT_TYPES = {"yaml": "application/yaml; charset=utf-8", "json": "application/json"}


# Bodies ----------------------------------------------------------------------------------------


class RoleSchema(Schema):
    # Strict, so 5 is not taken for "5" or true for 1: a practice file would not be either.
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    description: str = ""
    rotates: bool = Field(False, description="True when a different person takes it each time.")


class StepSchema(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: str
    minutes: int = Field(description="1 to 240; all steps together at most 24 hours.")
    guidance: str = ""
    role: str | None = Field(None, description="The name of one of the practice's roles.")


class PracticeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    slug: str | None = Field(None, description="Made from the name when left out.")
    name: str
    summary: str = ""
    is_retrospective: bool = False
    roles: list[RoleSchema] = []
    steps: list[StepSchema] = Field(description="In order; 1 to 40 steps.")


class PracticePatch(Schema):
    """Only the fields sent change; `steps` and `roles` are replaced as a whole."""

    model_config = ConfigDict(extra="forbid")

    slug: str | None = None
    name: str | None = None
    summary: str | None = None
    is_retrospective: bool | None = None
    roles: list[RoleSchema] | None = None
    steps: list[StepSchema] | None = None
    expected_updated_at: datetime | None = Field(
        None,
        description=(
            "The `updated_at` you last read. If the practice changed since, nothing is saved "
            "and the answer is 409."
        ),
    )


class ImportIn(Schema):
    text: str = Field(description="The content of a YAML or JSON practice file.")
    format: Literal["yaml", "json"] | None = Field(None, description="Guessed when left out.")


class PracticeSummaryOut(Schema):
    id: int
    slug: str
    name: str
    summary: str
    is_builtin: bool
    is_retrospective: bool
    step_count: int
    total_minutes: int
    updated_at: datetime

    @staticmethod
    def resolve_step_count(practice: Practice | dict[str, Any]) -> int:
        # A row when listing; a mapping when `_out` builds the detailed answer.
        steps = practice["steps"] if isinstance(practice, dict) else practice.steps
        return len(steps)


class PracticeOut(PracticeSummaryOut):
    roles: list[RoleSchema]
    steps: list[StepSchema]
    can_change: bool


# Helpers ---------------------------------------------------------------------------------------


def _library(request: HttpRequest, slug: str) -> Viewer:
    viewer = community_for(current_user(request), slug)
    if not viewer.is_member:
        raise NotAllowed(
            _("Only members of %(c)s can see its practices.") % {"c": viewer.community.name}
        )
    return viewer


def _practice(viewer: Viewer, practice_slug: str) -> Practice:
    practice = actions.practice_for(viewer.community, practice_slug)
    if practice is None or not perms.can_see_practice(viewer, practice):
        raise actions.not_found()
    return practice


def _out(viewer: Viewer, practice: Practice) -> PracticeOut:
    return PracticeOut.model_validate(
        {
            **PracticeSummaryOut.model_validate(practice).model_dump(),
            "roles": practice.roles,
            "steps": practice.steps,
            "can_change": perms.can_change_practice(viewer, practice),
        }
    )


# Endpoints -------------------------------------------------------------------------------------


@router.get(LIBRARY, response=list[PracticeSummaryOut], summary="The practice library")
@paginate(Page)
def list_practices(request: HttpRequest, slug: str) -> Any:
    """The built-in practices and the community's own, ordered by name."""
    return actions.library(_library(request, slug).community)


@router.post(LIBRARY, response={201: PracticeOut}, summary="Add a practice")
def create_practice(request: HttpRequest, slug: str, payload: PracticeIn) -> PracticeOut:
    viewer = _library(request, slug)
    data = payload.model_dump(exclude_none=True)
    practice = actions.create_practice(current_user(request), viewer.community, data)
    return _out(viewer, practice)


@router.post(LIBRARY + "/import", response={201: PracticeOut}, summary="Add a practice from a file")
def import_practice(request: HttpRequest, slug: str, payload: ImportIn) -> PracticeOut:
    """A taken slug gets a number (`case-clinic-2`); an import never replaces a practice."""
    viewer = _library(request, slug)
    practice = actions.import_practice(
        current_user(request), viewer.community, payload.text, payload.format
    )
    return _out(viewer, practice)


@router.get(PRACTICE, response=PracticeOut, summary="One practice (a built-in or the community's)")
def get_practice(request: HttpRequest, slug: str, practice_slug: str) -> PracticeOut:
    viewer = _library(request, slug)
    return _out(viewer, _practice(viewer, practice_slug))


@router.patch(PRACTICE, response=PracticeOut, summary="Change a practice (its author and hosts)")
def change_practice(
    request: HttpRequest, slug: str, practice_slug: str, payload: PracticePatch
) -> PracticeOut:
    viewer = _library(request, slug)
    practice = _practice(viewer, practice_slug)
    changes = payload.model_dump(exclude_unset=True)
    expected = changes.pop("expected_updated_at", None)
    data = practices.from_model(practice).as_data() | changes
    updated = actions.update_practice(
        current_user(request), practice, data, expected_updated_at=expected
    )
    return _out(viewer, updated)


@router.delete(PRACTICE, response={204: None}, summary="Remove a practice (its author and hosts)")
def delete_practice(request: HttpRequest, slug: str, practice_slug: str) -> None:
    viewer = _library(request, slug)
    actions.delete_practice(current_user(request), _practice(viewer, practice_slug))


@router.post(PRACTICE + "/copy", response={201: PracticeOut}, summary="Copy a built-in to adapt it")
def copy_practice(request: HttpRequest, slug: str, practice_slug: str) -> PracticeOut:
    viewer = _library(request, slug)
    practice = _practice(viewer, practice_slug)
    return _out(viewer, actions.copy_builtin(current_user(request), viewer.community, practice))


@router.get(
    PRACTICE + "/export",
    response={200: str},
    summary="Download a practice file",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The practice file, as an attachment.",
                "content": {"application/yaml": {}, "application/json": {}},
            }
        }
    },
)
def export_practice(
    request: HttpRequest,
    slug: str,
    practice_slug: str,
    format: Literal["yaml", "json"] = "yaml",
) -> HttpResponse:
    viewer = _library(request, slug)
    practice = _practice(viewer, practice_slug)
    response = HttpResponse(practices.dump(practice, format), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.{format}"'
    return response
