"""Forms for the decisions pages: the shape of the input and the labels. Who may do what, and
everything that needs the database, stays in `actions`, whose messages views put back here."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from murmuration.accounts.models import User
from murmuration.communities.forms import Form
from murmuration.communities.models import PURPOSE_MAX, Group

from .models import (
    ADVICE_MAX,
    BODY_MAX,
    NOTE_MAX,
    OUTCOME_MAX,
    REASON_MAX,
    ROLE_NAME_MAX,
    ROLE_PURPOSE_MAX,
    TITLE_MAX,
    TOPIC_MAX,
    Kind,
    Proposal,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _people(people: Iterable[User]) -> list[tuple[str, str]]:
    return [("", "—"), *((str(p.pk), p.name) for p in people)]


class ProposalForm(Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("How to decide"), choices=Kind.choices)
    body = forms.CharField(
        label=_("What you propose, and why"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
    )
    purpose_text = forms.CharField(
        label=_("The purpose you propose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PURPOSE_MAX,
        required=False,
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=TOPIC_MAX,
        required=False,
        help_text=_(
            "A word or two, such as “money” or “facilitation”: it finds people with "
            "experience to ask."
        ),
    )
    touches = forms.MultipleChoiceField(
        label=_("Groups it touches"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their members are suggested as people to ask for advice."),
    )

    def __init__(
        self, *args: Any, groups: Iterable[Group] = (), purpose: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["touches"].choices = [(str(g.pk), g.name) for g in groups]  # type: ignore[attr-defined]
        if purpose:
            self.fields["purpose_text"].required = True
            self.fields["kind"].choices = [c for c in Kind.choices if c[0] != Kind.ADVICE]  # type: ignore[attr-defined]
            del self.fields["touches"]
        else:
            del self.fields["purpose_text"]


class PositionForm(Form):
    stance = forms.ChoiceField(label=_("Your position"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        required=False,
        help_text=_(
            "An objection says what harm it foresees or what improvement it offers. "
            "Concerns, blocks and disagreements say why too."
        ),
    )

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stance"].choices = [(s.value, s.label) for s in proposal.stances]  # type: ignore[attr-defined]


class AdviceForm(Form):
    text = forms.CharField(
        label=_("Your advice"), widget=forms.Textarea(attrs={"rows": 4}), max_length=ADVICE_MAX
    )


class AskForm(Form):
    person = forms.ChoiceField(label=_("Ask someone else"))
    why = forms.CharField(label=_("Why them"), max_length=NOTE_MAX, required=False)

    def __init__(self, *args: Any, people: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(people)  # type: ignore[attr-defined]


class AmendForm(Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("What you propose, and why"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=BODY_MAX,
    )
    purpose_text = forms.CharField(
        label=_("The purpose you propose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PURPOSE_MAX,
    )
    note = forms.CharField(label=_("What changed and why"), max_length=NOTE_MAX)

    def __init__(self, *args: Any, purpose: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not purpose:
            del self.fields["purpose_text"]


class CloseForm(Form):
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 4}), max_length=OUTCOME_MAX
    )
    review_on = forms.DateField(label=_("Review on"), widget=DATE, required=False)


class WithdrawForm(Form):
    outcome = forms.CharField(
        label=_("Why you withdraw it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=OUTCOME_MAX,
    )


class ReviewForm(Form):
    note = forms.CharField(
        label=_("What the review found"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=OUTCOME_MAX,
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty when the decision needs no further review."),
    )


class DefaultsForm(Form):
    kind = forms.ChoiceField(label=_("Usual way to decide"), choices=Kind.choices)
    purpose_kind = forms.ChoiceField(
        label=_("Way to change a purpose"),
        choices=[c for c in Kind.choices if c[0] != Kind.ADVICE],
    )
    review_days = forms.IntegerField(label=_("Review decisions after (days)"))
    vote_min_open_hours = forms.IntegerField(label=_("A vote stays open at least (hours)"))
    vote_quorum_percent = forms.IntegerField(label=_("Quorum (percent of those eligible)"))


class RoleForm(Form):
    name = forms.CharField(label=_("Name"), max_length=ROLE_NAME_MAX)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=ROLE_PURPOSE_MAX
    )
    term_days = forms.IntegerField(label=_("Term (days)"))


class NominationForm(Form):
    nominee = forms.ChoiceField(label=_("Whom you nominate"))
    reason = forms.CharField(
        label=_("Why them"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX
    )

    def __init__(self, *args: Any, people: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominee"].choices = _people(people)  # type: ignore[attr-defined]


class CandidateForm(Form):
    candidate = forms.ChoiceField(label=_("Candidate"))
    reasons = forms.CharField(
        label=_("Why this person, from what was heard"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=BODY_MAX,
    )

    def __init__(self, *args: Any, people: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = _people(people)  # type: ignore[attr-defined]
