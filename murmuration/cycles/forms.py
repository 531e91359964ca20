"""Forms of the cycles pages. They check shape only; the actions check meaning and permission."""

from datetime import time
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from murmuration.accounts.models import User
from murmuration.rhythms.models import Practice, Rhythm

from .models import ACTION_MAX, CLOSING_NOTE_MAX, ITEM_MAX, MAX_SESSIONS, MAX_VOTES, ReviewChoice

NAME_MAX = 120


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


def _practices(community_id: int, *, retro_only: bool) -> forms.ModelChoiceField:
    found = Practice.objects.filter(Q(community_id=community_id) | Q(community__isnull=True))
    if retro_only:
        found = found.filter(is_retrospective=True)
    return forms.ModelChoiceField(
        queryset=found.order_by("name", "pk"), required=False, empty_label=_("— keep as it is —")
    )


class ProposeForm(forms.Form):
    rhythm = forms.ModelChoiceField(queryset=Rhythm.objects.none(), label=_("Rhythm"))
    starts_on = forms.DateField(label=_("First date"), widget=DateInput)
    session_count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_SESSIONS,
        required=False,
        help_text=_("A run of a few sessions, then a review: six is a good start."),
    )
    ends_on = forms.DateField(
        label=_("Or a last date"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty when the number of sessions bounds it."),
    )

    def __init__(self, *args: Any, rhythms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rhythm"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = rhythms


class ReviewForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your choice"),
        choices=ReviewChoice.Choice.choices,
        widget=forms.RadioSelect,
    )


REPEATS = [
    ("", _("— keep as it is —")),
    ("weekly", _("Weekly")),
    ("fortnightly", _("Every two weeks")),
    ("monthly", _("Monthly")),
]


class RenewForm(forms.Form):
    session_count = forms.IntegerField(
        label=_("Number of sessions"), min_value=1, max_value=MAX_SESSIONS, required=False
    )
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=REPEATS, required=False)
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput, required=False)
    practice = forms.ModelChoiceField(queryset=Practice.objects.none(), required=False)

    def __init__(self, *args: Any, community_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practice"] = _practices(community_id, retro_only=False)
        self.fields["practice"].label = _("Practice")

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {"session_count": data.get("session_count")}
        if data.get("recurrence"):
            changes["recurrence_rule"] = data["recurrence"]
        start: time | None = data.get("start_time")
        if start is not None:
            changes["start_time"] = start
        if data.get("practice") is not None:
            changes["practice"] = data["practice"]
        return changes


class CloseForm(forms.Form):
    closing_note = forms.CharField(
        label=_("Closing note"),
        max_length=CLOSING_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the pod was, and what each of you takes from it."),
    )


class StartRetroForm(forms.Form):
    """Shown on the session page, beside the session's own practice form: hence the prefix."""

    prefix = "retro"
    practice = forms.ModelChoiceField(queryset=Practice.objects.none(), label=_("Format"))

    def __init__(self, *args: Any, community_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _practices(community_id, retro_only=True)
        field.required = True
        field.empty_label = None
        field.label = _("Format")
        self.fields["practice"] = field


class ItemForm(forms.Form):
    column = forms.CharField(max_length=30, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Item"),
        max_length=ITEM_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": ITEM_MAX}),
    )
    anonymous = forms.BooleanField(label=_("Without my name"), required=False)


class GroupForm(forms.Form):
    under = forms.IntegerField(required=False, min_value=1)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=ACTION_MAX, required=False)
    owner = forms.TypedChoiceField(label=_("Who looks after it"), coerce=int)
    due_on = forms.DateField(label=_("Check back on"), widget=DateInput)
    item = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [("", _("— choose —")), *((p.pk, p.name) for p in people)]


class FormatForm(forms.Form):
    votes_each = forms.IntegerField(label=_("Votes each"), min_value=1, max_value=MAX_VOTES)


class SplitForm(forms.Form):
    name = forms.CharField(label=_("Name of the new group"), max_length=NAME_MAX)
    plan = forms.CharField(max_length=32, widget=forms.HiddenInput)
