from django import forms
from django.utils.translation import gettext_lazy as _

from . import availability
from .models import User, validate_time_zone


def time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in availability.all_time_zones()]


class SignupExtraForm(forms.Form):
    """Fields asked at sign-up beside allauth's email and password."""

    display_name = forms.CharField(label=_("Your name"), max_length=80, required=False)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, initial="UTC",
        help_text=_("Suggested from your browser; every time is shown to you in this zone."),
    )

    def signup(self, request: object, user: User) -> None:
        user.display_name = self.cleaned_data.get("display_name", "")
        user.time_zone = self.cleaned_data.get("time_zone") or "UTC"
        validate_time_zone(user.time_zone)
        user.save(update_fields=["display_name", "time_zone"])
