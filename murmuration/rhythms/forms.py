"""Forms for the rhythm, session and runner pages.

They check the shape of what was sent (types, lengths, known choices) and draw labelled fields;
whether a rule, a zone or a duration is acceptable, and who may change what, is decided by
`rhythms.actions`, whose messages the views put back onto these forms. That keeps one wording for
each refusal across the web, the API and the CLI.
"""

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from murmuration.communities.forms import Form
from murmuration.communities.models import Community
from murmuration.errors import ActionError

from . import recurrence
from .actions.schedule import rhythm_version
from .models import CHECKIN_WORD_MAX, NOTE_MAX, Category, Practice, Rhythm

CUSTOM = "custom"
REPEATS = [
    ("weekly", _("Every week")),
    ("fortnightly", _("Every two weeks")),
    ("monthly", _("Every month")),
    ("yearly", _("Every year")),
    (CUSTOM, _("A custom rule (RRULE)")),
]
# Generous bounds for the raw fields: the actions give the real limits with a clear message.
TEXT_MAX = 2000


def practices_for(community: Community) -> Any:
    return Practice.objects.filter(Q(community=None) | Q(community=community)).order_by(
        "community_id", "name", "pk"
    )


class PracticeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Practice) -> str:
        minutes = _("%(n)d min") % {"n": obj.total_minutes}
        return f"{obj.name} ({minutes})"


class RhythmForm(Form):
    name = forms.CharField(label=_("Name"), max_length=TEXT_MAX)
    category = forms.ChoiceField(
        label=_("Kind of encounter"),
        choices=Category.choices,
        help_text=_(
            "Relational: being together. Planning: deciding what comes next. Working: doing the "
            "work. Learning: getting better at it."
        ),
    )
    repeats = forms.ChoiceField(
        label=_("Repeats"),
        choices=REPEATS,
        initial="weekly",
        # rhythms.js shows the custom rule field only while "custom" is chosen.
        widget=forms.Select(attrs={"data-custom": "id_rrule"}),
    )
    rrule = forms.CharField(
        label=_("Custom rule"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
        help_text=_(
            "Only when “A custom rule” is chosen: an RFC 5545 rule such as "
            "FREQ=WEEKLY;BYDAY=TU;COUNT=6 (six Tuesdays)."
        ),
    )
    start_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=TEXT_MAX,
        widget=forms.TextInput(
            attrs={"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=_(
            "The group's local time, e.g. Europe/London. Sessions stay at this local time when "
            "the clocks change; everyone else sees them in their own zone."
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 1440, "inputmode": "numeric"}),
    )
    location = forms.CharField(label=_("Place or video link"), required=False, max_length=TEXT_MAX)
    practice = PracticeChoice(
        label=_("Practice"),
        queryset=Practice.objects.none(),
        required=False,
        empty_label=_("No practice"),
        help_text=_("The format the sessions follow; each session can pick another."),
    )
    rotation_enabled = forms.BooleanField(
        label=_("Rotate facilitation"),
        required=False,
        initial=True,
        help_text=_("Everyone who opts in takes turns holding the space."),
    )
    # The rhythm as the edit form was drawn (`actions.rhythm_version`), so a stale form is
    # refused instead of putting back what someone changed meanwhile.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_for(community)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, rhythm: Rhythm) -> dict[str, Any]:
        presets = {rule: name for name, rule in recurrence.PRESETS.items()}
        preset = presets.get(rhythm.rrule)
        return {
            "name": rhythm.name,
            "category": rhythm.category,
            "repeats": preset or CUSTOM,
            "rrule": "" if preset else rhythm.rrule,
            "start_date": rhythm.start_date,
            "start_time": rhythm.start_time,
            "time_zone": rhythm.time_zone,
            "duration_minutes": rhythm.duration_minutes,
            "location": rhythm.location,
            "practice": rhythm.practice_id,
            "rotation_enabled": rhythm.rotation_enabled,
            "version": rhythm_version(rhythm),
        }

    def expected_version(self) -> str | None:
        return str(self.cleaned_data.get("version") or "") or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeats") == CUSTOM and not (data.get("rrule") or "").strip():
            self.add_error("rrule", _("Write the rule, or choose one of the usual repeats."))
        return data

    def recurrence(self) -> str:
        """A preset's name (the actions know them) or the custom rule as typed."""
        if self.cleaned_data["repeats"] == CUSTOM:
            return str(self.cleaned_data["rrule"]).strip()
        return str(self.cleaned_data["repeats"])

    def action_fields(self) -> dict[str, Any]:
        """Keyword arguments for `create_rhythm`."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "category": data["category"],
            "recurrence": self.recurrence(),
            "start_date": data["start_date"],
            "start_time": data["start_time"],
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "practice": data["practice"],
            "rotation_enabled": data["rotation_enabled"],
        }

    def changed_fields(self) -> dict[str, Any]:
        """Keyword arguments for `update_rhythm`: only what the person changed.

        Sending an unchanged rule or date would count as a new schedule and restart the rhythm
        from today, so they are left out unless they differ from what the page showed.
        """
        fields = self.action_fields()
        changed = set(self.changed_data)
        if changed & {"repeats", "rrule"}:
            changed.add("recurrence")
            if self.cleaned_data["repeats"] != CUSTOM:
                fields["recurrence"] = recurrence.PRESETS[self.cleaned_data["repeats"]]
        return {name: value for name, value in fields.items() if name in changed}

    def show_error(self, error: ActionError) -> int:
        field = {
            "recurrence": "rrule" if self.cleaned_data.get("repeats") == CUSTOM else "repeats",
            "duration": "duration_minutes",
        }.get(error.field or "", error.field)
        self.add_error(field if field in self.fields else None, error.message)
        return error.status


class MoveForm(Form):
    """A new start in the rhythm's own zone, and the version of the session the page showed."""

    # A plain text field: Django's DateTimeField would read the value in the viewer's zone (and
    # refuse a time that zone skips), but it means the rhythm's zone.
    starts_at = forms.CharField(
        label=_("New start"),
        max_length=40,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.fields["starts_at"].help_text = _("In %(zone)s, the rhythm's time zone.") % {
            "zone": time_zone
        }

    def clean_starts_at(self) -> datetime:
        raw = self.cleaned_data["starts_at"].strip()
        for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                local = datetime.strptime(raw, pattern)
            except ValueError:
                continue
            try:
                return recurrence.to_utc(local, self.time_zone)
            except OverflowError:
                # The ends of year 1 and year 9999 have no UTC time in some zones; either is
                # far beyond how far a session may move.
                raise forms.ValidationError(
                    _("A session can move at most a year from its usual date.")
                ) from None
        raise forms.ValidationError(
            _("Give the new start as a date and time, like 2030-01-31 19:00.")
        )


class NoteForm(Form):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=NOTE_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the group's members can read it."),
    )


class CheckInForm(Form):
    word = forms.CharField(
        label=_("One word for how you arrive"),
        max_length=CHECKIN_WORD_MAX * 2,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    rating = forms.TypedChoiceField(
        label=_("How are you, from 1 (low) to 5 (great)?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class FacilitatorForm(Form):
    person = forms.TypedChoiceField(label=_("Facilitator"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Nobody yet")), *people]  # type: ignore[attr-defined]


class SwapForm(Form):
    other = forms.TypedChoiceField(label=_("Swap facilitators with"), coerce=int)

    def __init__(self, *args: Any, sessions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = sessions  # type: ignore[attr-defined]


class SessionPracticeForm(Form):
    practice = PracticeChoice(
        label=_("Practice for this session"),
        queryset=Practice.objects.none(),
        required=False,
        empty_label=_("No practice"),
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = practices_for(community)  # type: ignore[attr-defined]
