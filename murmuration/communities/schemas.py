"""Request and response bodies of the communities, groups, purpose and membership endpoints.

Choice fields use the models' TextChoices, so OpenAPI lists the allowed values and an unknown
value is refused with a 422 before any action runs.
"""

from datetime import datetime

from ninja import Field, Schema

from murmuration.accounts.schemas import PersonOut

from . import scale
from .actions import invitation_url
from .models import BandChoice, Invitation, JoinPolicy, JoinRequest, Role, Visibility

# Communities ---------------------------------------------------------------------------------


class CommunityIn(Schema):
    name: str
    purpose: str = ""
    visibility: Visibility = Visibility.PRIVATE
    join_policy: JoinPolicy = JoinPolicy.INVITE


class CommunityPatch(Schema):
    """Only the fields sent are changed. The purpose changes through purpose versions."""

    name: str | None = None
    visibility: Visibility | None = None
    join_policy: JoinPolicy | None = None


class CommunityOut(Schema):
    id: int
    slug: str
    name: str
    purpose: str
    visibility: Visibility
    join_policy: JoinPolicy
    created_at: datetime
    my_role: Role | None = Field(None, description="Null when you are not a member.")


# Purpose -------------------------------------------------------------------------------------


class PurposeVersionOut(Schema):
    number: int
    text: str
    note: str
    author: PersonOut | None
    proposal_id: int | None = Field(
        description="The adopted proposal that made this version; a purpose changes through "
        "POST /communities/{slug}/proposals with subject `purpose`."
    )
    created_at: datetime


# Members -------------------------------------------------------------------------------------


class MemberOut(Schema):
    user: PersonOut
    role: Role
    joined_at: datetime


class RolePatch(Schema):
    role: Role


# Invitations and join requests ---------------------------------------------------------------


class InvitationIn(Schema):
    email: str = Field("", description="Leave empty for a link to share; set it to send one.")
    days: int = Field(14, description="How long the invitation lasts (1-90 days).")
    max_uses: int = Field(1, description="How many people may use a link (1-10000).")


class InvitationOut(Schema):
    id: int
    email: str
    token: str
    url: str
    created_by: PersonOut | None
    created_at: datetime
    expires_at: datetime
    max_uses: int
    uses: int
    revoked_at: datetime | None
    is_usable: bool

    @staticmethod
    def resolve_url(invitation: Invitation) -> str:
        return invitation_url(invitation)


class JoinAskIn(Schema):
    message: str = Field("", description="A few words for whoever answers (up to 500).")


class JoinRequestOut(Schema):
    """A request to join, or (direction `invite`) an invitation into a group."""

    id: int
    community: str = Field(description="The community's slug.")
    group_id: int | None
    group_name: str | None
    user: PersonOut
    direction: JoinRequest.Direction
    message: str
    status: JoinRequest.Status
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_community(request: JoinRequest) -> str:
        return request.community.slug

    @staticmethod
    def resolve_group_name(request: JoinRequest) -> str | None:
        return request.group.name if request.group else None


class JoinOutcomeOut(Schema):
    """Joining an open community or group takes effect at once; otherwise a request waits."""

    joined: bool
    request: JoinRequestOut | None = None


class DecisionIn(Schema):
    accept: bool


class JoinedOut(Schema):
    community: str = Field(description="The slug of the community now joined.")
    role: Role


# Groups --------------------------------------------------------------------------------------


class GroupIn(Schema):
    name: str
    purpose: str = ""
    parent_id: int | None = Field(None, description="Call the group inside this group.")
    join_policy: JoinPolicy = JoinPolicy.OPEN
    is_private: bool = False
    intended_band: BandChoice = BandChoice.CREW


class GroupPatch(Schema):
    """Only the fields sent are changed. The purpose changes through purpose versions."""

    name: str | None = None
    join_policy: JoinPolicy | None = None
    is_private: bool | None = None
    intended_band: BandChoice | None = None


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    parent_id: int | None
    purpose: str
    join_policy: JoinPolicy
    is_private: bool
    intended_band: BandChoice
    caller_id: int | None
    member_count: int
    band: str = Field(description=f"The band its size is in: {', '.join(scale.BAND_KEYS)}.")
    outgrown: bool = Field(description="More members than its intended band allows.")
    is_member: bool = Field(description="Whether you are in it.")


class GroupRef(Schema):
    id: int
    slug: str
    name: str


class GroupDetailOut(GroupOut):
    caller: PersonOut | None
    ancestors: list[GroupRef] = Field(description="From the top-level group down to the parent.")
    can_change: bool = Field(description="Whether you may change its settings.")


class GroupMemberOut(Schema):
    user: PersonOut
    joined_at: datetime


class GroupInviteIn(Schema):
    user_id: int = Field(description="A member of the community.")
