"""Forms of the sensing pages. Lengths and ranges are checked by the actions, which name the
field in their message; the forms only parse what was sent."""

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import FIELD_MAX, LABEL_MAX, LEARNINGS_MAX, TEXT_MAX, TITLE_MAX, Experiment, Signal

DATE = forms.DateInput(attrs={"type": "date"})


def _area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SignalForm(forms.Form):
    text = forms.CharField(
        label=_("What do you notice?"),
        max_length=TEXT_MAX + 200,  # longer text reaches the action, which says how long it is
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TEXT_MAX, "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Signal.Kind.choices, required=False)
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Up to five, e.g. kitchen, rota")
    )
    group = forms.CharField(required=False, widget=forms.HiddenInput)


class LabelForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=LABEL_MAX + 200, required=False)


class ChoicesForm(forms.Form):
    """A form whose one multiple-choice field (`choice_field`) gets its choices per page."""

    choice_field = ""

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[self.choice_field].choices = choices  # type: ignore[attr-defined]


def _checkboxes(label: Any) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, coerce=int, required=False, choices=(), widget=forms.CheckboxSelectMultiple
    )


class SplitForm(ChoicesForm):
    choice_field = "signals"
    signals = _checkboxes(_("Signals that belong apart"))
    label = forms.CharField(
        label=_("Label of the new pattern"), max_length=LABEL_MAX + 200, required=False
    )


class MergeForm(ChoicesForm):
    choice_field = "others"
    others = _checkboxes(_("Patterns to merge into this one"))


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX + 200, required=False)
    hypothesis = forms.CharField(
        label=_("Hypothesis"),
        required=False,
        max_length=FIELD_MAX + 200,
        widget=_area(),
        help_text=_("We believe … will lead to …"),
    )
    action = forms.CharField(
        label=_("Smallest action"), required=False, max_length=FIELD_MAX + 200, widget=_area()
    )
    observe = forms.CharField(
        label=_("What to observe"), required=False, max_length=FIELD_MAX + 200, widget=_area()
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE, help_text=_("At most eight weeks on."))

    @staticmethod
    def defaults() -> dict[str, object]:
        today = timezone.localdate()
        return {"starts_on": today, "ends_on": today + timedelta(weeks=4)}


class CheckInForm(forms.Form):
    happened = forms.CharField(
        label=_("What happened"), required=False, max_length=FIELD_MAX + 200, widget=_area()
    )
    adjustment = forms.CharField(
        label=_("Any adjustment"), required=False, max_length=FIELD_MAX + 200, widget=_area()
    )


OUTCOMES = [
    (Experiment.Status.ADOPTED, _("Adopt: keep doing it")),
    (Experiment.Status.ADAPTED, _("Adapt: try a changed version next")),
    (Experiment.Status.ABANDONED, _("Abandon: stop, and keep what was learned")),
]


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    learnings = forms.CharField(
        label=_("Learnings"), required=False, max_length=LEARNINGS_MAX + 200, widget=_area(3)
    )
    # The follow-up's plan, used when the outcome is "adapt".
    title = forms.CharField(label=_("Follow-up title"), required=False)
    hypothesis = forms.CharField(label=_("Follow-up hypothesis"), required=False, widget=_area())
    action = forms.CharField(label=_("Follow-up smallest action"), required=False, widget=_area())
    observe = forms.CharField(label=_("Follow-up: what to observe"), required=False, widget=_area())
    ends_on = forms.DateField(label=_("Follow-up ends"), required=False, widget=DATE)
