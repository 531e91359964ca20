"""Request and response bodies of the /me endpoints."""

from datetime import datetime

from ninja import Field, Schema


class PersonOut(Schema):
    """How one person appears to others: never their email address."""

    id: int
    name: str
    pronouns: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    display_name: str
    pronouns: str
    bio: str
    time_zone: str
    availability: list[int] = Field(
        description="Half-hour slots of the week in the person's own time zone; "
        "0 is Monday 00:00-00:30, 335 is Sunday 23:30-24:00."
    )


class MePatch(Schema):
    """Only the fields sent are changed; the account actions check lengths and values."""

    display_name: str | None = None
    pronouns: str | None = None
    bio: str | None = None
    time_zone: str | None = Field(None, description="An IANA time zone such as Europe/Berlin.")
    # Items stay untyped here so a bad slot gets the model's own message ("slot 400 is outside
    # the week") instead of a generic type error.
    availability: list[object] | None = None


class TokenIn(Schema):
    name: str = Field(description="What uses the token, so you recognise it later.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it by.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret; shown this once and never again.")
