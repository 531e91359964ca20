from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.http import QueryDict
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import actions, availability
from .models import User

if TYPE_CHECKING:
    # Type-checking only: django-stubs-ext is a development dependency.
    from django_stubs_ext import StrOrPromise

# Read by accounts.js: "prefill" picks the browser's zone on an untouched form, "offer" shows a
# button, so a profile's saved choice is never changed without the person asking.
SUGGEST_PREFILL = {"data-suggest-zone": "prefill"}
SUGGEST_OFFER = {"data-suggest-zone": "offer"}
UNKNOWN_ZONE = _("“%(value)s” is not a known time zone; choose one from the list.")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in availability.all_time_zones()]


def time_zone_field(attrs: dict[str, str], help_text: "StrOrPromise") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Time zone"),
        help_text=help_text,
        choices=time_zone_choices,
        initial="UTC",
        widget=forms.Select(attrs=attrs),
        error_messages={"invalid_choice": UNKNOWN_ZONE},
    )


class SignupExtraForm(forms.Form):
    """Fields asked at sign-up beside allauth's email and password."""

    # allauth's sign-up form subclasses this one, so the order covers its fields too.
    field_order = ["email", "display_name", "password1", "password2", "time_zone"]

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=actions.MAX_DISPLAY_NAME,
        required=False,
        help_text=_("How other members see you. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    time_zone = time_zone_field(
        SUGGEST_PREFILL, _("Suggested from your browser; every time is shown to you in this zone.")
    )

    def signup(self, request: object, user: User) -> None:
        actions.update_profile(
            user,
            display_name=self.cleaned_data.get("display_name", ""),
            pronouns=user.pronouns,
            bio=user.bio,
            time_zone=self.cleaned_data.get("time_zone") or "UTC",
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=actions.MAX_DISPLAY_NAME,
        required=False,
        help_text=_("Leave empty to be shown by the first part of your email address."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    pronouns = forms.CharField(
        label=_("Pronouns"),
        max_length=actions.MAX_PRONOUNS,
        required=False,
        help_text=_("Optional, for example “she/her” or “they/them”."),
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=actions.MAX_BIO,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words for the people in your communities (up to 500 characters)."),
    )
    time_zone = time_zone_field(
        SUGGEST_OFFER,
        _("Times across the site are shown in this zone; your weekly availability is read in it."),
    )

    @classmethod
    def for_user(cls, user: User, data: QueryDict | None = None) -> "ProfileForm":
        initial = {f: getattr(user, f) for f in ("display_name", "pronouns", "bio", "time_zone")}
        return cls(data=data, initial=initial)


class AvailabilityForm(forms.Form):
    # Choices as strings because that is how browsers post them; coerce turns them into ints.
    slots = forms.TypedMultipleChoiceField(
        choices=[(str(slot), str(slot)) for slot in range(availability.SLOTS_PER_WEEK)],
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a half-hour of the week, so nothing was saved. "
                "Please reload the page and try again."
            )
        },
    )


@dataclass(frozen=True)
class Cell:
    slot: int
    label: str
    checked: bool


@dataclass(frozen=True)
class Row:
    """One half-hour across the seven days; the grid is drawn with days as columns."""

    start: str
    on_the_hour: bool
    cells: list[Cell]


def week_days() -> list[dict[str, str | Promise]]:
    return [{"full": WEEKDAYS[day], "short": WEEKDAYS_ABBR[day]} for day in range(7)]


def _clock(minutes: int) -> str:
    # 24:00 rather than 00:00 so the last slot of a day reads as ending that day.
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _span(day: str | Promise, start: str, end: str) -> str:
    return gettext("%(day)s %(start)s–%(end)s") % {"day": day, "start": start, "end": end}


def week_grid(checked: Collection[int]) -> list[Row]:
    per_day = availability.SLOTS_PER_DAY
    step = availability.SLOT_MINUTES
    rows = []
    for index in range(per_day):
        start, end = _clock(index * step), _clock((index + 1) * step)
        cells = []
        for day in range(7):
            slot = day * per_day + index
            cells.append(Cell(slot, _span(WEEKDAYS[day], start, end), slot in checked))
        rows.append(Row(start, index % 2 == 0, cells))
    return rows


def describe_week(slots: Iterable[int]) -> str:
    """A compact summary such as "Mon 19:00–21:00, Wed 07:00–08:30"."""
    per_day = availability.SLOTS_PER_DAY
    step = availability.SLOT_MINUTES
    parts = []
    for first, end in availability.slot_ranges(slots):
        day = first // per_day
        # The day of the run's last slot, so a run up to midnight ends at "24:00" that day.
        last_day = (end - 1) // per_day
        start = _clock((first - day * per_day) * step)
        finish = _clock((end - last_day * per_day) * step)
        if last_day != day:
            finish = f"{WEEKDAYS_ABBR[last_day]} {finish}"
        parts.append(_span(WEEKDAYS_ABBR[day], start, finish))
    return ", ".join(parts)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=actions.MAX_TOKEN_NAME,
        help_text=_("What will use it, for example “calendar script on my laptop”."),
    )
