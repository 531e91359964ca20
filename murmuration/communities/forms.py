"""Forms for the web pages.

They check the shape of the input (types, lengths, known choices) and draw the fields with their
labels; the rules about who may do what, and everything that needs the database, stay in
`actions`, whose messages the views put back onto these forms.
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from murmuration.accounts.models import User

from .actions import MAX_INVITATION_DAYS, MAX_INVITATION_USES
from .csv_import import MAX_BYTES as MAX_CSV_BYTES
from .models import NAME_MAX, PURPOSE_MAX, BandChoice, Group, JoinPolicy, Visibility


class Form(forms.Form):
    """Labels without Django's trailing colon; they sit above their fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CommunitySettingsForm(Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        help_text=_(
            "Listed: anyone can find it and read its purpose. "
            "Private: only its members know it exists."
        ),
    )
    join_policy = forms.ChoiceField(
        label=_("How people join"), choices=JoinPolicy.choices, initial=JoinPolicy.INVITE
    )


class CommunityForm(CommunitySettingsForm):
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PURPOSE_MAX,
        required=False,
        help_text=_("Why does this community exist? It can change later; every version is kept."),
    )
    field_order = ["name", "purpose", "visibility", "join_policy"]


class LinkInvitationForm(Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_INVITATION_DAYS, initial=14
    )
    max_uses = forms.IntegerField(
        label=_("How many people can use it"),
        min_value=1,
        max_value=MAX_INVITATION_USES,
        initial=1,
    )


class EmailInvitationForm(Form):
    email = forms.EmailField(label=_("Email address"))
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_INVITATION_DAYS, initial=14
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("A header row naming the columns name and email, then one person a row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self) -> bytes:
        # One byte past the limit is enough for the import to say the file is too big,
        # without reading all of a huge upload into memory.
        return self.cleaned_data["file"].read(MAX_CSV_BYTES + 1)


class ConfirmImportForm(Form):
    """Carries the checked file back, so the import runs on exactly what the report showed."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_CSV_BYTES)


class GroupSettingsForm(Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    join_policy = forms.ChoiceField(
        label=_("How people join"), choices=JoinPolicy.choices, initial=JoinPolicy.OPEN
    )
    is_private = forms.BooleanField(
        label=_("Private"),
        required=False,
        help_text=_("Only its members and the community's hosts know a private group exists."),
    )
    intended_band = forms.ChoiceField(
        label=_("Intended size"), choices=BandChoice.choices, initial=BandChoice.CREW
    )


class CallGroupForm(GroupSettingsForm):
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PURPOSE_MAX,
        required=False,
    )
    parent = forms.ChoiceField(label=_("Inside"), required=False)
    field_order = ["name", "purpose", "parent", "join_policy", "is_private", "intended_band"]

    def __init__(self, *args: Any, parents: Iterable[tuple[Group, str]], **kwargs: Any) -> None:
        """`parents` are the groups the person may call inside, each with a label for the list."""
        super().__init__(*args, **kwargs)
        labelled = sorted(parents, key=lambda pair: pair[1].lower())
        self.parents = {group.pk: group for group, _label in labelled}
        field = self.fields["parent"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("The community itself (top level)")),
            *((str(group.pk), label) for group, label in labelled),
        ]

    def clean_parent(self) -> Group | None:
        value = self.cleaned_data.get("parent")
        return self.parents[int(value)] if value else None


class InviteToGroupForm(Form):
    person = forms.ChoiceField(label=_("Community member"))

    def __init__(self, *args: Any, people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((str(pk), p.name) for pk, p in self.people.items())]

    def clean_person(self) -> User:
        return self.people[int(self.cleaned_data["person"])]
