"""Writes to a person's own account: profile, weekly availability and API tokens.

Web views, the API and the CLI all call these, so every check lives here even when a form has
already made the same one: an API client never sees the form.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from murmuration.errors import ActionError, NotFound

from . import availability, tokens
from .models import ApiToken, User

MAX_DISPLAY_NAME = 80
MAX_PRONOUNS = 40
MAX_BIO = 500
MAX_TOKEN_NAME = 80


def _check_length(value: str, limit: int, field: str) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ActionError(
            _("Use at most %(limit)d characters (this has %(count)d).")
            % {"limit": limit, "count": len(value)},
            field=field,
        )
    return value


def check_time_zone(name: str) -> str:
    if not availability.is_time_zone(name):
        raise ActionError(
            _("“%(zone)s” is not a known time zone; choose one from the list.") % {"zone": name},
            field="time_zone",
        )
    return name


@transaction.atomic
def update_profile(
    user: User, *, display_name: str, pronouns: str, bio: str, time_zone: str
) -> User:
    """Replace the editable profile fields; all are checked before any is written."""
    values = {
        "display_name": _check_length(display_name, MAX_DISPLAY_NAME, "display_name"),
        "pronouns": _check_length(pronouns, MAX_PRONOUNS, "pronouns"),
        "bio": _check_length(bio, MAX_BIO, "bio"),
        "time_zone": check_time_zone(time_zone),
    }
    for field, value in values.items():
        setattr(user, field, value)
    # update_fields keeps a concurrent availability save from being overwritten by stale data.
    user.save(update_fields=list(values))
    return user


def check_slots(slots: Iterable[object]) -> list[int]:
    try:
        return availability.normalise_slots(slots)
    except ValueError as error:
        raise ActionError(
            _("Availability not saved: %(reason)s.") % {"reason": error}, field="slots"
        ) from error


@transaction.atomic
def set_availability(user: User, slots: Iterable[object]) -> list[int]:
    """Store the week's half-hour slots, in the person's own time zone, sorted and unique."""
    user.availability = check_slots(slots)
    user.save(update_fields=["availability"])
    return user.availability


@transaction.atomic
def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Return the new token and its secret; the caller shows the secret once and forgets it."""
    name = _check_length(name, MAX_TOKEN_NAME, "name")
    if not name:
        raise ActionError(_("Give the token a name, so you know later what uses it."), field="name")
    return tokens.create_token(user, name)


@transaction.atomic
def revoke_api_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens; revoking twice is harmless."""
    # Someone else's token is reported as missing so its existence is not revealed.
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(_("There is no such token."))
    tokens.revoke_token(user, token.pk)
    token.refresh_from_db(fields=["revoked_at"])
    return token
