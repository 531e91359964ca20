"""Forms for the round pages.

They check the shape of what was sent and draw labelled fields; whether a deadline, a size or a
wish is acceptable, and who may do what, is decided by `matching.actions`, whose messages the
views put back onto these forms (one wording for each refusal on the web, the API and the CLI).
"""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from murmuration.accounts.forms import AvailabilityForm
from murmuration.accounts.models import User
from murmuration.communities.forms import Form
from murmuration.communities.models import Group

from .models import DESCRIPTION_MAX, MAX_POD_SIZE, MIN_POD_SIZE, NAME_MAX, Entry, Format, Round

SESSION_LENGTHS = [(m, _("%(n)d minutes") % {"n": m}) for m in (30, 45, 60, 90, 120)]


class RoundForm(Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX * 2)
    description = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=DESCRIPTION_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Becomes each pod's first purpose; pods can change it."),
    )
    group = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("The whole community"),
        help_text=_("Inside a group, its members opt in and the pods are formed inside it."),
    )
    opt_in_deadline = forms.DateTimeField(
        label=_("Opt-in deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In your time zone."),
    )
    first_week = forms.DateField(
        label=_("First week"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Any day of the week in which the pods first meet."),
    )
    pod_size_min = forms.IntegerField(
        label=_("Smallest pod"),
        widget=forms.NumberInput(attrs={"min": MIN_POD_SIZE, "max": MAX_POD_SIZE}),
    )
    pod_size_max = forms.IntegerField(
        label=_("Largest pod"),
        widget=forms.NumberInput(attrs={"min": MIN_POD_SIZE, "max": MAX_POD_SIZE}),
    )
    session_minutes = forms.TypedChoiceField(
        label=_("Session length"), choices=SESSION_LENGTHS, coerce=int
    )
    session_count = forms.IntegerField(
        label=_("Weekly sessions the pods commit to"),
        widget=forms.NumberInput(attrs={"min": 1, "max": 52}),
        help_text=_("Then each pod looks back and decides to continue, change or close."),
    )
    formats = forms.MultipleChoiceField(
        label=_("Kinds of pod offered"),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, groups: Iterable[Group] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Group.objects.filter(pk__in=[g.pk for g in groups]).order_by("name")

    @classmethod
    def initial_values(cls) -> dict[str, Any]:
        now = timezone.localtime()
        deadline = (now + timedelta(days=7)).replace(hour=20, minute=0, second=0, microsecond=0)
        return {
            "opt_in_deadline": deadline,
            "first_week": (deadline + timedelta(days=7)).date(),
            "pod_size_min": 4,
            "pod_size_max": 5,
            "session_minutes": 60,
            "session_count": 6,
            "formats": [Format.CARE],
        }


class EntryForm(Form):
    role = forms.ChoiceField(
        label=_("Taking part as"),
        choices=Entry.Role.choices,
        widget=forms.RadioSelect,
        initial=Entry.Role.MEMBER,
    )
    format = forms.ChoiceField(label=_("Kind of pod"), widget=forms.RadioSelect)
    seeded_from = forms.ModelChoiceField(
        label=_("Seeding from"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("No pod in particular"),
        help_text=_("A caller may seed the new pod from one they are in."),
    )
    keep_apart = forms.TypedMultipleChoiceField(
        label=_("Keep me apart from"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Only you, the matching and the community's hosts ever see this list. "
            "Hold Ctrl (or ⌘) to choose more than one."
        ),
    )
    # The availability page's field, drawn as the same week grid by the template.
    slots = AvailabilityForm.base_fields["slots"]

    def __init__(
        self,
        *args: Any,
        round: Round,
        people: Iterable[User] = (),
        my_groups: Iterable[Group] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Format.choices)
        self._choices("format", [(value, labels[value]) for value in round.formats])
        self._choices("keep_apart", [(str(p.pk), p.name) for p in people])
        seeded = self.fields["seeded_from"]
        assert isinstance(seeded, forms.ModelChoiceField)
        seeded.queryset = Group.objects.filter(pk__in=[g.pk for g in my_groups]).order_by("name")
        if not seeded.queryset.exists():
            del self.fields["seeded_from"]

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @classmethod
    def initial_for(cls, round: Round, user: User, entry: Entry | None) -> dict[str, Any]:
        if entry is None:
            return {"format": round.formats[0], "slots": list(user.availability)}
        return {
            "role": entry.role,
            "format": entry.format,
            "slots": list(entry.slots),
            "seeded_from": entry.seeded_from_id,
            "keep_apart": [str(k.other_id) for k in entry.keep_apart.all()],
        }


class MoveForm(Form):
    person = forms.TypedChoiceField(label=_("Move"), coerce=int)
    to = forms.ChoiceField(label=_("to"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: list[tuple[str, str]], pods: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        to = self.fields["to"]
        assert isinstance(person, forms.ChoiceField) and isinstance(to, forms.ChoiceField)
        person.choices = [("", _("Choose someone")), *people]
        to.choices = pods


class VersionForm(Form):
    """A button's form: the proposal's version when the page was drawn."""

    version = forms.IntegerField(widget=forms.HiddenInput)
